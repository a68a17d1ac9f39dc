// Progress as cron or CI sees it: stderr is a pipe, so long commands print plain lines
// (`sent 12/40, 0 failed, 35/s, eta 1s`) while stdout stays one clean --json line. A short
// DIGEST_PROGRESS_INTERVAL_MS makes the lines appear however fast the run is (no timed assertion).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importConfirmed, runCli } from '../support/cli.js';

const ARTICLE = `Ferry timetable changes for the winter

The harbour ferry will run every forty minutes instead of every half hour from December, the operator said on Tuesday. "Fewer crossings let us keep both boats in service through the storms," said Mira Holt, who manages the fleet. Commuters on the early crossing will keep their seven o'clock departure. The council will review the timetable in March.
`;
const RECIPIENTS = 40;
const PLAIN_RE = /^sent (\d+)\/40, 0 failed, [\d.]+\/s, eta \S+$/;

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'digest-e2e-progress-'));
  env = { DIGEST_DATA_DIR: join(dir, 'data'), DIGEST_TRANSPORT: 'outbox', DIGEST_BASE_URL: '' };
  writeFileSync(join(dir, 'article.txt'), ARTICLE);
  const rows = Array.from({ length: RECIPIENTS }, (_, i) => `reader${i}@example.net`);
  const imported = await importConfirmed(dir, rows, env);
  expect(imported.code, imported.stderr).toBe(0);
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('progress on a pipe', { timeout: 120_000 }, () => {
  it('send prints plain lines on stderr, the last one complete, and keeps --json stdout clean', async () => {
    const run = await runCli(['send', join(dir, 'article.txt'), '--json'], {
      env: { ...env, DIGEST_PROGRESS_INTERVAL_MS: '1' },
    });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stderr.trim().split('\n');
    const plain = lines.filter((l) => l.startsWith('sent ') && l.includes('/'));
    expect(plain.length).toBeGreaterThan(0);
    for (const line of plain) expect(line).toMatch(PLAIN_RE);
    expect(plain.at(-1)).toMatch(/^sent 40\/40, 0 failed, /);
    const counts = plain.map((l) => Number(PLAIN_RE.exec(l)![1]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b)); // never goes backwards
    // stdout: exactly the one JSON line
    const out = run.stdout.trim().split('\n');
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0]!)).toMatchObject({ sent: RECIPIENTS, failed: 0 });
  });

  it('--progress none prints no progress; a bad mode is one clear line', async () => {
    const quiet = await runCli(
      ['send', join(dir, 'article.txt'), '--progress', 'none', '--subject', 'Again'],
      {
        env: { ...env, DIGEST_PROGRESS_INTERVAL_MS: '1' },
      },
    );
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr.split('\n').filter((l) => PLAIN_RE.test(l))).toEqual([]);

    const bad = await runCli(['send', join(dir, 'article.txt'), '--progress', 'loud'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('digest: --progress must be one of bar, plain, none (got "loud")\n');
  });
});
