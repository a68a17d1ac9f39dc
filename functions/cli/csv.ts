/**
 * Small RFC 4180 CSV reading and writing for subscriber import and export. Cells that a spreadsheet
 * would run as a formula (starting with = + - @ tab or CR) are written with a leading `'`, which
 * reading strips again.
 */

import type { Subscriber } from '../ports/subscriber-store.js';

const NEEDS_QUOTES_RE = /[",\r\n]/;
const FORMULA_START_RE = /^[=+\-@\t\r]/;

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  cells: string[];
}

/** Parses CSV text (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += c;
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return records.map((r) => ({ line: r.line, cells: r.cells.map(unguard) }));
}

function unguard(cell: string): string {
  return cell.startsWith("'") && FORMULA_START_RE.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** One CSV line (with CRLF), guarded against formula injection. */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells
    .map((value) => {
      let cell = value === null || value === undefined ? '' : String(value);
      if (FORMULA_START_RE.test(cell)) cell = `'${cell}`;
      return NEEDS_QUOTES_RE.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
    })
    .join(',')}\r\n`;
}

/** The export format of a list's subscribers (read back by `digest subscribers import`), header row first. */
export function subscribersCsv(rows: readonly Subscriber[], suppressed: ReadonlySet<string>): string {
  let out = csvLine([
    'email',
    'status',
    'suppressed',
    'topics',
    'timezone',
    'created_at',
    'updated_at',
    'consent_at',
    'consent_method',
  ]);
  for (const s of rows)
    out += csvLine([
      s.email,
      s.status,
      suppressed.has(s.email) ? 'yes' : 'no',
      s.topics.join(';'),
      s.timezone,
      s.createdAt,
      s.updatedAt,
      s.consent?.at,
      s.consent?.method,
    ]);
  return out;
}
