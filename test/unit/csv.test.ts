import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CSV_PROBLEMS, readCsv, subscribersCsv, writeCsv } from '../../functions/core/csv.js';
import type { Subscriber } from '../../functions/ports/subscriber-store.js';

const cellsOf = (text: string) => readCsv(text).records.map((r) => r.cells);

describe('writeCsv: formula injection guard', () => {
  it.each([
    { cell: '=HYPERLINK("http://x.example","y")', out: `"'=HYPERLINK(""http://x.example"",""y"")"` },
    { cell: '+1+2', out: "'+1+2" },
    { cell: '-2+3', out: "'-2+3" },
    { cell: '@SUM(A1)', out: "'@SUM(A1)" },
    { cell: '\tcmd', out: "'\tcmd" },
    { cell: '\rcmd', out: `"'\rcmd"` },
    { cell: 'plain@example.org', out: 'plain@example.org' },
    { cell: "it's", out: "it's" },
  ])('$cell → $out', ({ cell, out }) => {
    expect(writeCsv([[cell]])).toBe(`${out}\r\n`);
  });

  it('a guarded cell reads back as written', () => {
    const cells = ['=1+2', '+x', '-y', '@z', '\tt', '\rr', "'quoted already"];
    expect(cellsOf(writeCsv([cells]))).toEqual([cells]);
  });
});

/** Strings that start with any mix of apostrophes and the characters a spreadsheet runs as a formula. */
const guardedLooking = fc
  .tuple(
    fc.array(fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', ' ', 'a'), { maxLength: 5 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
  )
  .map(([start, rest]) => start.join('') + rest);
const anyCell = fc.oneof(guardedLooking, fc.string({ unit: 'binary', maxLength: 20 }));

describe('writeCsv → readCsv: exact round trip', () => {
  it.each([
    { value: "'=1+2", out: "''=1+2" },
    { value: "''@x", out: "'''@x" },
    { value: "'-", out: "''-" },
    { value: "'plain", out: "'plain" },
    { value: "'", out: "'" },
  ])(
    'a value that starts with apostrophes before a formula character keeps them: $value',
    ({ value, out }) => {
      expect(writeCsv([['e', value]])).toBe(`e,${out}\r\n`);
      expect(cellsOf(writeCsv([['e', value]]))).toEqual([['e', value]]);
    },
  );

  it('every value reads back exactly as it was exported (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(anyCell, { minLength: 1, maxLength: 4 }), { maxLength: 4 }), (rows) => {
        // A header first, as every export has one; each row keeps a non-empty first cell (an address),
        // since a line with nothing on it is an empty line, which reading skips.
        const table = [['email', 'a', 'b', 'c', 'd'], ...rows.map((row) => ['x@example.org', ...row])];
        expect(cellsOf(writeCsv(table))).toEqual(table);
      }),
      { numRuns: 500 },
    );
  });

  it('no exported cell starts with a formula character (property)', () => {
    fc.assert(
      fc.property(anyCell, (value) => {
        const [cell] = parse1(writeCsv([['e', value]]));
        expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: 500 },
    );
  });
});

/** The second cell of a one-row CSV as the bytes a spreadsheet sees (the CSV quoting undone, nothing else). */
function parse1(text: string): string[] {
  const body = text.slice('e,'.length, -2);
  return [body.startsWith('"') ? body.slice(1, -1).replaceAll('""', '"') : body];
}

describe('readCsv: an apostrophe before a formula character in a file written by hand', () => {
  it.each([
    { cell: "'=x", read: '=x' },
    { cell: "'+1", read: '+1' },
    { cell: "''=x", read: "'=x" },
    { cell: "'x", read: "'x" },
    { cell: "it's", read: "it's" },
  ])('$cell reads as $read', ({ cell, read }) => {
    expect(cellsOf(`email,name\r\na@example.org,${cell}\r\n`)[1]).toEqual(['a@example.org', read]);
  });
});

describe('writeCsv: quoting', () => {
  it('quotes commas, quotes and every kind of line break, and reads them back', () => {
    const row = ['a,b', 'say "hi"', 'two\nlines', 'cr\ronly', 'crlf\r\nboth', ''];
    const text = writeCsv([row]);
    expect(text).toBe('"a,b","say ""hi""","two\nlines","cr\ronly","crlf\r\nboth",\r\n');
    expect(cellsOf(text)).toEqual([row]);
  });
});

describe('readCsv', () => {
  it('skips a UTF-8 byte-order mark, reads LF or CRLF, skips empty lines', () => {
    expect(cellsOf('\ufeffemail,topics\r\na@example.org,x\n\nb@example.org,y\r\n')).toEqual([
      ['email', 'topics'],
      ['a@example.org', 'x'],
      ['b@example.org', 'y'],
    ]);
  });

  it('gives each record the physical line it starts on, also after a quoted cell spanning lines', () => {
    const { records } = readCsv(
      'email,note\r\na@example.org,"one\r\ntwo\r\nthree"\r\n\r\nb@example.org,x\r\n',
    );
    expect(records.map((r) => r.line)).toEqual([1, 2, 6]);
  });

  it('reports each malformed record with its line and reason, and keeps every good row', () => {
    const text = [
      'email,note',
      'a@example.org,fine',
      'b@example.org,"closed"then text',
      'c@example.org,fine',
      'd"@example.org,stray quote',
      'e@example.org,"multi',
      'line, quoted"',
      'f@example.org,"never closed',
      'g@example.org,fine',
    ].join('\r\n');
    const { records, problems } = readCsv(text);
    expect(problems).toEqual([
      { line: 3, reason: expect.stringMatching(/text right after a closing quote/) },
      { line: 5, reason: expect.stringMatching(/a quote inside an unquoted cell/) },
      { line: 8, reason: expect.stringMatching(/a quoted cell is never closed/) },
    ]);
    expect(records.map((r) => [r.line, r.cells[0]])).toEqual([
      [1, 'email'],
      [2, 'a@example.org'],
      [4, 'c@example.org'],
      [6, 'e@example.org'],
      [9, 'g@example.org'],
    ]);
  });

  it.each([
    { name: 'a comma', text: 'email,topics\r\na@example.org,rail;sea\r\n', delimiter: ',' },
    {
      name: 'a tab (Excel "Unicode Text")',
      text: 'email\ttopics\r\na@example.org\trail;sea\r\n',
      delimiter: '\t',
    },
    {
      name: 'a semicolon (Excel "CSV" in most of Europe)',
      text: 'Email;Topics\r\na@example.org;"rail;sea"\r\n',
      delimiter: ';',
    },
    { name: 'a comma before a semicolon', text: 'email,"a;b"\r\na@example.org,x\r\n', delimiter: ',' },
    {
      name: 'a semicolon quoted in a comma header',
      text: '"e;mail",email\r\nx,a@example.org\r\n',
      delimiter: ',',
    },
  ])('reads a header separated by $name with that separator', ({ text, delimiter }) => {
    const reading = readCsv(text);
    expect(reading.delimiter).toBe(delimiter);
    expect(reading.records[1]?.cells[0]).toMatch(/^(a@example.org|x)$/);
    expect(reading.records.every((r) => r.cells.length === 2)).toBe(true);
  });

  it('a header of one column is read with commas: a semicolon in a later row stays in its cell', () => {
    expect(cellsOf('email\r\na@example.org;b@example.org\r\n')).toEqual([
      ['email'],
      ['a@example.org;b@example.org'],
    ]);
  });

  it('refuses a file with more malformed rows than any CSV would have', () => {
    const text = `email\r\n${'x"y\r\n'.repeat(MAX_CSV_PROBLEMS + 1)}`;
    expect(() => readCsv(text)).toThrow(/more than 1000 malformed rows \(the first on line 2/);
  });
});

describe('subscribersCsv', () => {
  const subscriber: Subscriber = {
    email: '=cmd@example.org',
    list: 'default',
    status: 'confirmed',
    topics: ['a', 'b'],
    timezone: 'Europe/Paris',
    consent: {
      at: '2026-01-02T03:04:05.000Z',
      method: 'double-opt-in',
      ip: '192.0.2.1',
      userAgent: 'UA, "x"',
    },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T03:04:05.000Z',
    confirmationSentAt: null,
  };

  it('writes the status, the suppression reasons and every consent field, guarded', () => {
    const text = subscribersCsv(
      [subscriber],
      new Map([['=cmd@example.org', ['bounce', 'complaint'] as const]]),
    );
    expect(text.split('\r\n')).toEqual([
      'email,status,suppressed,topics,timezone,created_at,updated_at,consent_at,consent_method,consent_ip,consent_user_agent',
      `'=cmd@example.org,confirmed,bounce;complaint,a;b,Europe/Paris,2026-01-01T00:00:00.000Z,2026-01-02T03:04:05.000Z,2026-01-02T03:04:05.000Z,double-opt-in,192.0.2.1,"UA, ""x"""`,
      '',
    ]);
    expect(cellsOf(text)[1]?.[0]).toBe('=cmd@example.org');
  });
});
