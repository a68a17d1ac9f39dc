/**
 * `digest forward ID --to a --to b`: every --to is kept. The built CLI on a fresh data dir, the mail read from the
 * outbox. Commander alone keeps only the last value of an option given twice: the first stakeholder would get
 * nothing while the command said "forwarded … to 1 recipient" and exited 0.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { header, parseMail } from '../support/mail.js';
import { outboxFiles } from '../support/outbox.js';

const ARTICLE = `Tram line extended to the harbour

The number 4 tram will run to the harbour from March, the city said on Thursday. "Half the people who work at the port drive because there is no tram," said Lea Novak, the city's head of transport. Construction of the last kilometre starts next week.
`;
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '' };

let dir: string;
let dataDir: string;
let issueId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'digest-e2e-forward-to-'));
  dataDir = join(dir, 'data');
  const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir], { env: ENV });
  expect((await cli('subscribers', 'add', 'reader@example.org', '--confirmed')).code).toBe(0);
  writeFileSync(join(dir, 'article.txt'), ARTICLE);
  const sent = await cli('send', join(dir, 'article.txt'), '--progress', 'none');
  expect(sent.code, sent.stderr).toBe(0);
  issueId = /^issue: (\S+)$/m.exec(sent.stderr)![1]!;
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('digest forward with several --to', { timeout: 120_000 }, () => {
  it('sends to the addresses of every --to, as one comma-separated --to does', async () => {
    const before = outboxFiles(dataDir);
    const run = await runCli(
      [
        'forward',
        issueId,
        '--to',
        'board@example.org',
        '--to',
        'chair@example.org,press@example.org',
        '--data-dir',
        dataDir,
      ],
      { env: ENV },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`forwarded ${issueId} to 3 recipients\n`);
    expect(run.code).toBe(0);
    const added = outboxFiles(dataDir).filter((n) => !before.includes(n));
    const to = await Promise.all(
      added.map(async (n) => header(await parseMail(readFileSync(join(dataDir, 'outbox', n), 'utf8')), 'to')),
    );
    expect(to.sort()).toEqual(['board@example.org', 'chair@example.org', 'press@example.org']);
  });

  it('the limit of 10 counts the addresses of every --to together (exit 2, nothing sent)', async () => {
    const before = outboxFiles(dataDir);
    const six = (p: string) => Array.from({ length: 6 }, (_, i) => `${p}${i}@example.org`).join(',');
    const run = await runCli(
      ['forward', issueId, '--to', six('a'), '--to', six('b'), '--data-dir', dataDir],
      {
        env: ENV,
      },
    );
    expect(run.stderr).toBe('digest: at most 10 recipients per forward\n');
    expect(run.code).toBe(2);
    expect(outboxFiles(dataDir)).toEqual(before);
  });
});
