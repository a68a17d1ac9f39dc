// A CSV saved by a spreadsheet is not always UTF-8: Excel's "CSV (Comma delimited)" writes the Windows
// code page (Windows-1252 in western locales), its "Unicode Text" and many exports write UTF-16 with a
// byte-order mark. `digest subscribers import` reads what such a file says, not replacement characters:
// an accented domain or topic imports as typed instead of being refused as a bad address.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { consoleClient, csrfOf } from '../support/console-client.js';
import { startDevServer } from '../support/dev-server.js';

const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '' };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'digest-e2e-import-enc-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Windows-1252 bytes of a text whose characters are all in Latin-1 (the case here). */
const windows1252 = (text: string) => Buffer.from(text, 'latin1');
const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
};

const CSV = 'email,topics,name\r\nann@bücher.de,économie;rail,Zoë Ann\r\nbo@example.org,sea,Bo\r\n';

describe('digest subscribers import: file encodings', { timeout: 120_000 }, () => {
  it.each([
    ['Windows-1252 (Excel "CSV")', windows1252(CSV)],
    ['UTF-16 LE with a byte-order mark', utf16le(CSV)],
    ['UTF-16 BE with a byte-order mark', utf16be(CSV)],
    ['UTF-8 with a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)])],
  ])('%s: every row imports, the accented domain and topic as written', async (_name, bytes) => {
    const dataDir = mkdtempSync(join(dir, 'd-'));
    const file = join(dir, `${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, bytes);
    const run = await runCli(['subscribers', 'import', file, '--confirmed', '--data-dir', dataDir], {
      env: ENV,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^imported 2 into default .*rejected 0$/m);
    const listed = await runCli(['subscribers', 'list', '--json', '--data-dir', dataDir], { env: ENV });
    const rows = JSON.parse(listed.stdout) as { email: string; topics: string[] }[];
    expect(rows.map((r) => [r.email, r.topics]).sort()).toEqual([
      ['ann@xn--bcher-kva.de', ['rail', 'économie']],
      ['bo@example.org', ['sea']],
    ]);
  });
});

describe('digest subscribers import: separators and files it cannot read', { timeout: 120_000 }, () => {
  const importFile = async (bytes: Buffer) => {
    const dataDir = mkdtempSync(join(dir, 'sep-'));
    const file = join(dir, `${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, bytes);
    const run = await runCli(['subscribers', 'import', file, '--confirmed', '--data-dir', dataDir], {
      env: ENV,
    });
    const listed = await runCli(['subscribers', 'list', '--json', '--data-dir', dataDir], { env: ENV });
    const rows = JSON.parse(listed.stdout) as { email: string; topics: string[] }[];
    return { run, rows: rows.map((r) => [r.email, r.topics]).sort() };
  };

  it.each([
    ['Excel "Unicode Text" (UTF-16 LE, tab-separated)', utf16le(CSV.replaceAll(',', '\t'))],
    [
      'Excel "CSV" where the comma is the decimal mark (Windows-1252, semicolon-separated)',
      windows1252('Email;Topics;Name\r\nann@bücher.de;"économie;rail";Zoë Ann\r\nbo@example.org;sea;Bo\r\n'),
    ],
  ])('%s: every row imports with its topics', async (_name, bytes) => {
    const { run, rows } = await importFile(bytes);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^imported 2 into default .*rejected 0$/m);
    expect(rows).toEqual([
      ['ann@xn--bcher-kva.de', ['rail', 'économie']],
      ['bo@example.org', ['sea']],
    ]);
  });

  it('a header without an email column is refused naming the columns it has', async () => {
    const { run, rows } = await importFile(Buffer.from('Email Address,First Name\r\nbo@example.org,Bo\r\n'));
    expect(run.stderr).toBe(
      'digest: line 1: the header row has no "email" column (its columns: "Email Address", "First Name")\n',
    );
    expect(run.code).toBe(1);
    expect(rows).toEqual([]);
  });

  it('a file with NUL bytes (binary, or UTF-16 without its byte-order mark) is refused as not text', async () => {
    const { run, rows } = await importFile(Buffer.from('email\r\nbo@example.org\r\n', 'utf16le'));
    expect(run.stderr).toBe(
      'digest: the file is not text (it contains NUL bytes): save it as CSV, in UTF-8 or in UTF-16 with its byte-order mark\n',
    );
    expect(run.code).toBe(1);
    expect(rows).toEqual([]);
  });
});

describe('the console import: file encodings', { timeout: 120_000 }, () => {
  it('a Windows-1252 file uploaded in the console imports as written', async () => {
    const dataDir = mkdtempSync(join(dir, 'console-'));
    const key = (await runCli(['keys', '--data-dir', dataDir], { env: ENV })).stdout.trim();
    const dev = await startDevServer(dataDir, ENV);
    try {
      const client = consoleClient(dev.url);
      const { cookie } = await client.signIn(key);
      expect(cookie).not.toBeNull();
      const csrf = csrfOf(await (await client.get('/admin/subscribers/import', cookie!)).text());
      const form = new FormData();
      form.set('_csrf', csrf);
      form.set('list', 'default');
      form.set('confirmed', '1');
      form.set('file', new Blob([windows1252(CSV)], { type: 'text/csv' }), 'excel.csv');
      const posted = await fetch(`${dev.url}/admin/subscribers/import`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookie! },
        body: form,
      });
      expect(posted.status).toBe(303);
      const report = posted.headers.get('location')!;
      // The confirm page reads the file as the import will: both rows valid, named as uploaded.
      const confirmPage = await (await client.get(report, cookie!)).text();
      expect(confirmPage).toContain('Read 2 rows from <code>excel.csv</code>: 2 valid, 0 refused');
      const confirmed = await client.post(`${report}/confirm`, { _csrf: csrf, confirmed: '1' }, cookie!);
      expect(confirmed.status).toBe(303);
      let page = '';
      for (let i = 0; i < 100 && !page.includes('import-report'); i++) {
        page = await (await client.get(report, cookie!)).text();
        if (!page.includes('import-report')) await new Promise((ok) => setTimeout(ok, 100));
      }
      expect(page).toContain('Imported 2 of 2 rows');
      expect(page).toContain('rejected 0');
    } finally {
      await dev.stop();
    }
    const listed = await runCli(['subscribers', 'list', '--json', '--data-dir', dataDir], { env: ENV });
    const rows = JSON.parse(listed.stdout) as { email: string; topics: string[] }[];
    expect(rows.map((r) => [r.email, r.topics]).sort()).toEqual([
      ['ann@xn--bcher-kva.de', ['rail', 'économie']],
      ['bo@example.org', ['sea']],
    ]);
  });
});
