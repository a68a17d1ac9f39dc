/**
 * CSV reading and writing for subscriber import and export, through csv-parse and csv-stringify.
 *
 * Reading accepts a UTF-8 byte-order mark, quoted cells holding commas, quotes and line breaks, CRLF or
 * LF. The separator is the one the header row uses: a comma, else a tab (Excel's "Unicode Text"), else a semicolon
 * (Excel's "CSV" where the comma is the decimal mark, as in most of Europe). A malformed record (a stray or unclosed
 * quote, an over-long row) is reported with the line it starts on and skipped; reading goes on at the next line, so
 * one bad row never costs the good ones.
 *
 * Writing guards against formula injection: a cell that a spreadsheet would run as a formula (it starts
 * with = + - @ tab or CR) is written with a leading `'`, which reading strips again. So that every value
 * reads back exactly, the guard is an escape: a value that already starts with apostrophes followed by one
 * of those characters (`'=x`) gets one more (`''=x`), and reading removes exactly one `'` from any cell
 * that starts with one or more apostrophes followed by a formula character. Other cells, including ones
 * that start with an apostrophe followed by anything else (`'x`), are read and written as they are.
 *
 * In a file written by hand the same rule applies: `'=x` reads as `=x` (the apostrophe is the usual
 * spreadsheet way, and other tools' export guard, to write a formula character as text), and a value that
 * really starts with `'=` is written `''=x`.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Subscriber, SuppressionReason } from '../ports/subscriber-store.js';

/** A cell that, after any run of apostrophes, starts with a formula character: written with one more `'`. */
const GUARD_RE = /^'*[=+\-@\t\r]/;
/** A guarded cell as read back: one or more apostrophes, then a formula character; one `'` is dropped. */
const GUARDED_RE = /^'+[=+\-@\t\r]/;
const LINE_BREAK_RE = /[\r\n]/;
/** The header row: everything up to its first line break, after any leading line breaks. */
const HEADER_LINE_RE = /^[\r\n]*([^\r\n]*)/;
const LF = 0x0a;
const CR = 0x0d;

/** A row longer than this is malformed (an unclosed quote swallowing the file, or not a CSV at all). */
export const MAX_CSV_RECORD_CHARS = 64 * 1024;
/** More malformed records than this and the file is not read at all: it is probably not CSV. */
export const MAX_CSV_PROBLEMS = 1000;

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  cells: string[];
}

export interface CsvProblem {
  line: number;
  reason: string;
}

/** A separator of cells a spreadsheet writes. */
export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvReading {
  /** The separator of the file's cells, as its header row has it. */
  delimiter: CsvDelimiter;
  records: CsvRecord[];
  /** Malformed records, skipped: each with the line it starts on and why. */
  problems: CsvProblem[];
}

export class CsvTooBrokenError extends Error {
  constructor(readonly problems: CsvProblem[]) {
    super(
      `more than ${MAX_CSV_PROBLEMS} malformed rows (the first on line ${problems[0]?.line}: ${problems[0]?.reason}): is this a CSV file?`,
    );
    this.name = 'CsvTooBrokenError';
  }
}

/**
 * The separator a file's header row uses (outside quotes): a comma when it has one, else a tab, else a semicolon;
 * a comma for a header of one column, which has none.
 * @example csvDelimiter('Email;Topics\r\na@example.org;x') // ';'
 */
export function csvDelimiter(text: string): CsvDelimiter {
  const header = HEADER_LINE_RE.exec(text)?.[1] ?? '';
  const seen = new Set<string>();
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted) seen.add(ch);
  }
  if (seen.has(',')) return ',';
  if (seen.has('\t')) return '\t';
  if (seen.has(';')) return ';';
  return ',';
}

/** Reads CSV text into records (empty lines skipped) and the malformed records it skipped. */
export function readCsv(text: string): CsvReading {
  const delimiter = csvDelimiter(text);
  const bytes = Buffer.from(text, 'utf8');
  const lines = new LineIndex(bytes);
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    // The end (in bytes) of the last record read in this segment: a malformed record starts after it.
    let end = offset;
    try {
      parse(bytes.subarray(offset), {
        bom: offset === 0,
        delimiter,
        // files edited by hand mix line ends: any of them ends a record
        record_delimiter: ['\r\n', '\n', '\r'],
        relax_column_count: true,
        skip_empty_lines: true,
        max_record_size: MAX_CSV_RECORD_CHARS,
        on_record: (record, context) => {
          records.push({ line: lines.lineAt(lines.firstContent(end)), cells: record.map(unguard) });
          end = offset + context.bytes;
          return null;
        },
      });
      break;
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      const line = lines.lineAt(lines.firstContent(end));
      problems.push({ line, reason: describeCsvError(error) });
      if (problems.length > MAX_CSV_PROBLEMS) throw new CsvTooBrokenError(problems);
      offset = lines.startOf(line + 1);
    }
  }
  return { delimiter, records, problems };
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell is never closed (the file ends inside it)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text right after a closing quote (inside a quoted cell, write a quote as "")';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside an unquoted cell (quote the whole cell and write the quote as "")';
    case 'CSV_MAX_RECORD_SIZE':
      return `a row longer than ${MAX_CSV_RECORD_CHARS / 1024} KB (an unclosed quote?)`;
    default:
      return `malformed CSV (${error.code})`;
  }
}

/** Physical line numbers of byte offsets (LF, CRLF or a lone CR ends a line). */
class LineIndex {
  /** Byte offset at which each line starts; index 0 is line 1. */
  private readonly starts: number[] = [0];

  constructor(private readonly bytes: Buffer) {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === LF || (b === CR && bytes[i + 1] !== LF)) this.starts.push(i + 1);
    }
  }

  /** The first byte at or after `offset` that is not a line break (records skip empty lines). */
  firstContent(offset: number): number {
    let i = offset;
    while (i < this.bytes.length && (this.bytes[i] === LF || this.bytes[i] === CR)) i++;
    return i;
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  startOf(line: number): number {
    return this.starts[line - 1] ?? this.bytes.length;
  }
}

function unguard(cell: string): string {
  return GUARDED_RE.test(cell) ? cell.slice(1) : cell;
}

/** The inverse of `unguard` for every string, and no cell it returns starts with a formula character. */
function guard(value: string | number | null | undefined): string {
  const cell = value === null || value === undefined ? '' : String(value);
  return GUARD_RE.test(cell) ? `'${cell}` : cell;
}

/** CSV text (CRLF line ends, RFC 4180 quoting), every cell guarded against formula injection. */
export function writeCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return stringify(
    rows.map((row) => row.map(guard)),
    // a lone LF or CR inside a cell must be quoted too, not only the CRLF that ends a record
    { record_delimiter: 'windows', quoted_match: LINE_BREAK_RE },
  );
}

/** The columns of the subscriber export, in order; `digest subscribers import` reads them back. */
export const SUBSCRIBER_CSV_COLUMNS = [
  'email',
  'status',
  'suppressed',
  'topics',
  'timezone',
  'created_at',
  'updated_at',
  'consent_at',
  'consent_method',
  'consent_ip',
  'consent_user_agent',
] as const;

/**
 * The export format of a list's subscribers, header row first. `suppressed` is `no`, or the reasons
 * the address is suppressed for (`bounce`, `complaint`, `manual`, separated by `;`).
 */
export function subscribersCsv(
  rows: readonly Subscriber[],
  suppressed: ReadonlyMap<string, readonly SuppressionReason[]>,
): string {
  return writeCsv([
    SUBSCRIBER_CSV_COLUMNS,
    ...rows.map((s) => [
      s.email,
      s.status,
      suppressed.get(s.email)?.join(';') || 'no',
      s.topics.join(';'),
      s.timezone,
      s.createdAt,
      s.updatedAt,
      s.consent?.at,
      s.consent?.method,
      s.consent?.ip,
      s.consent?.userAgent,
    ]),
  ]);
}
