// `digest subscribers` as an operator uses it: a 2,600-row import with bad rows, list, export,
// add, remove, forget. The built CLI, a fresh data dir per file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

let dataDir: string;
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '' };
const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir], { env: ENV, timeoutMs: 180_000 });

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-subscribers-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * The import's size: more than two pages (1,000) of the list and export listings and of the import's look-up of
 * who is there already, each followed by a partial one, and ten write chunks (250) and a partial one.
 */
const ROWS = 2_600;
/** Every 257th row is bad, in each of the ways below twice. */
const BAD_EVERY = 257;

/** ROWS data rows, some bad. Returns the expected rejections by physical line. */
function generateCsv(path: string): { rejectedLines: Map<number, RegExp>; good: number } {
  const zones = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', ''];
  const lines = ['email,name,topics,timezone'];
  const rejectedLines = new Map<number, RegExp>();
  const bad: Array<[string, RegExp]> = [
    ['"bad@example.org\r\nBcc: x@y.z",Eve,,', /control characters/],
    ['not-an-address,Nobody,,', /exactly one @/],
    ['ok@example.org,Zed,,Mars/Olympus', /unknown time zone "Mars\/Olympus"/],
    ['jörg@example.de,Jörg,,', /letters beyond plain ASCII/],
    ['row0@example.org,Dup,,', /duplicate of line 2/],
  ];
  let good = 0;
  let line = 2; // physical line numbers: the header is line 1, and a quoted cell may span lines
  for (let i = 0; i < ROWS; i++) {
    let row: string;
    if (i > 0 && i % BAD_EVERY === 0) {
      const [badRow, reason] = bad[(i / BAD_EVERY) % bad.length]!;
      row = badRow;
      rejectedLines.set(line, reason);
    } else {
      const topics = i % 3 === 0 ? 'science;politics' : '';
      row = `row${i}@Example.org,"Reader, number ${i}",${topics},${zones[i % zones.length]}`;
      good++;
    }
    lines.push(row);
    line += 1 + (row.match(/\n/g)?.length ?? 0);
  }
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return { rejectedLines, good };
}

describe('digest subscribers', () => {
  it(`imports ${ROWS} rows in batches, reporting each rejected row with its line and reason`, async () => {
    const file = join(dataDir, 'import.csv');
    const { rejectedLines, good } = generateCsv(file);
    expect(new Set(rejectedLines.values()).size, 'every kind of bad row is in the file').toBe(5);
    const started = Date.now();
    // A short progress interval, so that the plain lines show up however fast the machine is.
    const result = await runCli(
      ['subscribers', 'import', file, '--confirmed', '--progress', 'plain', '--data-dir', dataDir],
      { env: { ...ENV, DIGEST_PROGRESS_INTERVAL_MS: '100' }, timeoutMs: 180_000 },
    );
    const elapsed = Date.now() - started;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`imported ${good} into default`);
    expect(result.stdout).toContain(`rejected ${rejectedLines.size}`);

    const reported = result.stderr.split('\n').filter((l) => /^line \d+: /.test(l));
    expect(reported).toHaveLength(rejectedLines.size);
    for (const line of reported) {
      const n = Number(/^line (\d+):/.exec(line)![1]);
      expect(rejectedLines.has(n), line).toBe(true);
      expect(line).toMatch(rejectedLines.get(n)!);
      expect(line).not.toMatch(/bad@example\.org|ok@example\.org/); // addresses are masked
    }
    // The plain progress line a log reads; its last one says the import finished.
    expect(result.stderr).toMatch(new RegExp(`^imported ${good}/${good}, 0 failed, [\\d.]+/s, eta 0s$`, 'm'));
    console.info(`import of ${ROWS} rows: ${elapsed} ms`);

    const listed = await cli('subscribers', 'list', '--json');
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as Array<{
      email: string;
      status: string;
      topics: string[];
      timezone: string | null;
    }>;
    expect(rows).toHaveLength(good);
    expect(rows.every((r) => r.status === 'confirmed')).toBe(true);
    const row3 = rows.find((r) => r.email === 'row3@example.org');
    expect(row3).toMatchObject({ topics: ['politics', 'science'], timezone: null });
    expect(rows.find((r) => r.email === 'row1@example.org')?.timezone).toBe('America/New_York');

    // Importing again adds nobody twice.
    const again = await cli('subscribers', 'import', file, '--confirmed', '--no-progress');
    expect(again.stdout).toContain('imported 0 into default');
    expect(again.stderr).not.toMatch(/^imported \d+\//m);
    expect(again.stdout).toContain(`already there ${good}`);
  }, 400_000);

  it('add, export, remove and forget', async () => {
    const added = await cli(
      'subscribers',
      'add',
      'New.Person@Example.org',
      '--list',
      'weekly',
      '--create',
      '--confirmed',
    );
    expect(added.code).toBe(0);
    expect(added.stderr).toBe('created list "weekly" (Weekly)\n');
    expect(added.stdout).toBe('added N***@example.org to weekly (confirmed)\n');

    const pending = await cli('subscribers', 'add', 'other@example.org', '--list', 'weekly');
    expect(pending.stdout).toContain('pending; confirmation sent');

    const exported = await cli('subscribers', 'export', '--list', 'weekly');
    expect(exported.code).toBe(0);
    const csvLines = exported.stdout.trimEnd().split('\r\n');
    expect(csvLines[0]).toBe(
      'email,status,suppressed,topics,timezone,created_at,updated_at,consent_at,consent_method,consent_ip,consent_user_agent',
    );
    expect(csvLines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'New.Person@example.org,confirmed',
      'other@example.org,pending',
    ]);

    const removed = await cli('subscribers', 'remove', 'other@example.org', '--list', 'weekly');
    expect(removed.stdout).toBe('removed o***@example.org from weekly\n');
    const missing = await cli('subscribers', 'remove', 'other@example.org', '--list', 'weekly');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toBe('digest: o***@example.org is not on weekly\n');

    const forgot = await cli('subscribers', 'forget', 'New.Person@example.org');
    expect(forgot.stdout).toBe('forgot N***@example.org: 1 record removed\n');
    const after = await cli('subscribers', 'list', '--list', 'weekly', '--json');
    expect(JSON.parse(after.stdout)).toEqual([]);
  }, 180_000);

  it('bad input: one clear line on stderr', async () => {
    const bad = await cli('subscribers', 'add', 'a@b.c\r\nBcc: x@y.z');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^digest: not a valid address: .*control characters.*\n$/);
    const noFile = await cli('subscribers', 'import', join(dataDir, 'nope.csv'));
    expect(noFile.stderr).toBe(`digest: cannot read ${join(dataDir, 'nope.csv')}: ENOENT\n`);
    const noHeader = join(dataDir, 'no-header.csv');
    writeFileSync(noHeader, 'mail,name\na@example.org,A\n');
    const result = await cli('subscribers', 'import', noHeader);
    expect(result.stderr).toBe(
      'digest: line 1: the header row has no "email" column (its columns: "mail", "name")\n',
    );
  }, 120_000);
});
