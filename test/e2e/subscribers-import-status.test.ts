// Export → import keeps consent: statuses, suppression reasons and consent fields survive a round trip
// into a fresh data dir; an import never confirms a pending or unsubscribed row, never mails a row that
// has a status, and never overwrites an unsubscribe or a suppression. The built CLI, real data dirs.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../functions/core/csv.js';
import { runCli } from '../support/cli.js';

let root: string;
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '' };
const cli = (dataDir: string, ...args: string[]) =>
  runCli([...args, '--data-dir', dataDir], { env: ENV, timeoutMs: 120_000 });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'digest-e2e-import-status-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const dir = (name: string) => join(root, name);
const mails = (dataDir: string) => {
  try {
    return readdirSync(join(dataDir, 'outbox')).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
};

/** The exported rows by address, without `updated_at` (an import is a change, so it moves). */
function rowsOf(csv: string): Map<string, Record<string, string>> {
  const [header, ...records] = readCsv(csv).records;
  const names = header!.cells;
  return new Map(
    records.map(({ cells }) => {
      const row = Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
      delete row.updated_at;
      return [row.email!, row];
    }),
  );
}

const SOURCE = [
  'email,status,suppressed,topics,timezone,created_at,consent_at,consent_method,consent_ip,consent_user_agent',
  'conf@example.org,confirmed,no,science,Europe/Paris,2025-03-01T10:00:00Z,2025-03-01T10:05:00Z,double-opt-in,192.0.2.10,"Mozilla/5.0 (X11; Linux x86_64), like Gecko"',
  'pend@example.org,pending,no,,,2025-04-01T08:00:00Z,2025-04-01T08:00:00Z,double-opt-in:requested,2001:db8::1,',
  'gone@example.org,unsubscribed,no,,,2025-01-01T00:00:00Z,2025-01-01T00:01:00Z,double-opt-in,,',
  'bounced@example.org,confirmed,bounce,,,2025-02-01T00:00:00Z,2025-02-01T00:00:00Z,import,,',
  'angry@example.org,unsubscribed,complaint;manual,,,2025-02-02T00:00:00Z,2025-02-02T00:00:00Z,double-opt-in,,',
  'cleaned@example.org,bounced,,,,,,,,',
  'plain@example.org,,,,,,,,,',
  'broken@example.org,"confirmed"x,no,,,,,,,',
  'late@example.org,confirmed,no,,,2025-05-01T00:00:00Z,not a date,import,,',
].join('\r\n');

describe('digest subscribers import honours status and consent', () => {
  it('a first import: statuses from the file, --confirmed only for the row without one, bad rows reported by line', async () => {
    const a = dir('a');
    const file = join(root, 'source.csv');
    writeFileSync(file, `\ufeff${SOURCE}\r\n`);
    const result = await cli(a, 'subscribers', 'import', file, '--confirmed', '--no-progress');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'imported 6 into default (confirmed 3, pending 1, sent the opt-in mail 0, unsubscribed 2); ' +
        'suppressed 3 addresses; skipped 0 (already there 0, unsubscribed earlier 0, suppressed 0); rejected 2\n',
    );
    expect(result.stderr).toBe(
      'line 9: text right after a closing quote (inside a quoted cell, write a quote as "")\n' +
        'line 10: consent_at: not an ISO 8601 time ("not a date"; expected e.g. 2026-01-31T09:00:00Z)\n',
    );
    expect(mails(a)).toEqual([]); // nobody with a status is mailed; --confirmed sends nothing

    const exported = await cli(a, 'subscribers', 'export');
    expect(exported.code).toBe(0);
    const rows = rowsOf(exported.stdout);
    expect([...rows.values()].map((r) => [r.email, r.status, r.suppressed])).toEqual(
      expect.arrayContaining([
        ['conf@example.org', 'confirmed', 'no'],
        ['pend@example.org', 'pending', 'no'],
        ['gone@example.org', 'unsubscribed', 'no'],
        ['bounced@example.org', 'confirmed', 'bounce'],
        ['angry@example.org', 'unsubscribed', 'complaint;manual'],
        ['plain@example.org', 'confirmed', 'no'],
      ]),
    );
    expect(rows.size).toBe(6); // `cleaned` is suppressed only: it has no record on the list
    expect(rows.get('conf@example.org')).toMatchObject({
      topics: 'science',
      timezone: 'Europe/Paris',
      created_at: '2025-03-01T10:00:00.000Z',
      consent_at: '2025-03-01T10:05:00.000Z',
      consent_method: 'double-opt-in',
      consent_ip: '192.0.2.10',
      consent_user_agent: 'Mozilla/5.0 (X11; Linux x86_64), like Gecko',
    });
    expect(rows.get('pend@example.org')).toMatchObject({
      consent_method: 'double-opt-in:requested',
      consent_ip: '2001:db8::1',
    });
    expect(rows.get('plain@example.org')?.consent_method).toBe('import');
    writeFileSync(join(root, 'export-a.csv'), exported.stdout);
  }, 240_000);

  it('export → import into a fresh data dir round-trips every status, suppression and consent field', async () => {
    const b = dir('b');
    const first = join(root, 'export-a.csv');
    // Without --confirmed: every row has a status, so nobody is mailed and nothing changes meaning.
    const imported = await cli(b, 'subscribers', 'import', first, '--no-progress');
    expect(imported.code).toBe(0);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(
      /^imported 6 into default \(confirmed 3, pending 1, sent the opt-in mail 0, unsubscribed 2\)/,
    );
    expect(mails(b)).toEqual([]);
    const again = await cli(b, 'subscribers', 'export');
    const { readFileSync } = await import('node:fs');
    expect(rowsOf(again.stdout)).toEqual(rowsOf(readFileSync(first, 'utf8')));

    // With --confirmed as well: the flag changes no row that has a status.
    const c = dir('c');
    expect((await cli(c, 'subscribers', 'import', first, '--confirmed', '--no-progress')).code).toBe(0);
    expect(rowsOf((await cli(c, 'subscribers', 'export')).stdout)).toEqual(
      rowsOf(readFileSync(first, 'utf8')),
    );
  }, 240_000);

  it('an import never undoes an unsubscribe or a suppression, and applies an opt-out', async () => {
    const a = dir('a'); // where `cleaned` is suppressed without a record on the list
    const file = join(root, 'later.csv');
    writeFileSync(
      file,
      [
        'email,status',
        'gone@example.org,confirmed', // unsubscribed earlier: stays unsubscribed
        'bounced@example.org,confirmed', // suppressed: untouched
        'cleaned@example.org,', // suppressed, no record: not invited
        'conf@example.org,unsubscribed', // an opt-out in the file is honoured
        'pend@example.org,confirmed', // a pending subscriber confirmed by the file's record
        '',
      ].join('\n'),
    );
    const result = await cli(a, 'subscribers', 'import', file, '--confirmed', '--no-progress');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'imported 2 into default (confirmed 1, pending 0, sent the opt-in mail 0, unsubscribed 1); ' +
        'suppressed 0 addresses; skipped 3 (already there 0, unsubscribed earlier 1, suppressed 2); rejected 0\n',
    );
    const rows = rowsOf((await cli(a, 'subscribers', 'export')).stdout);
    expect(rows.get('gone@example.org')?.status).toBe('unsubscribed');
    expect(rows.get('bounced@example.org')).toMatchObject({ status: 'confirmed', suppressed: 'bounce' });
    expect(rows.has('cleaned@example.org')).toBe(false);
    expect(rows.get('conf@example.org')?.status).toBe('unsubscribed');
    expect(rows.get('pend@example.org')?.status).toBe('confirmed');
    expect(mails(a)).toEqual([]);
  }, 240_000);
});

describe('digest subscribers import and the opt-in mail rate limit', () => {
  it('a row whose opt-in mail the rate limit held back is reported apart, not as sent the mail', async () => {
    const d = dir('rate-limited');
    expect((await cli(d, 'lists', 'create', 'letters', '--title', 'Letters')).code).toBe(0);
    // Jane asked for the other list a moment ago: her confirmation mail went out, and the next one must wait.
    expect((await cli(d, 'subscribers', 'add', 'jane@example.org', '--list', 'letters')).code).toBe(0);
    expect(mails(d)).toHaveLength(1);
    const file = join(root, 'rate-limited.csv');
    writeFileSync(file, 'email\nnew@example.org\njane@example.org\n');

    const result = await cli(d, 'subscribers', 'import', file, '--no-progress');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^imported 2 into default \(confirmed 0, pending 0, sent the opt-in mail 1, not sent the opt-in mail 1, unsubscribed 0\);/,
    );
    expect(result.stderr).toMatch(/^line 3: not sent the opt-in mail: .*rate limit.*\n/m);
    expect(result.stderr).toMatch(/nothing sends it later/);
    expect(mails(d)).toHaveLength(2);
    const rows = rowsOf((await cli(d, 'subscribers', 'export')).stdout);
    expect([rows.get('jane@example.org')?.status, rows.get('new@example.org')?.status]).toEqual([
      'pending',
      'pending',
    ]);
  }, 240_000);
});
