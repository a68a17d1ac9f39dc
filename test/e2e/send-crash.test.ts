/**
 * Crash and resume, as a user lives it: `digest send` is killed with SIGKILL in the middle of a
 * delivery, then `digest send --issue ID` finishes it. Nobody gets two messages; everybody gets
 * one except the recipients reported `unknown`, and those are at most the sends in flight.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, importConfirmed, runCli } from '../support/cli.js';

/** More than two pages (100) of the subscriber listing the send reads, and a partial one. */
const RECIPIENTS = 250;
const CONCURRENCY = 4;
const TO_RE = /^To: (.+)$/m;

const ARTICLE = `Night ferry service returns to the islands

The night ferry between the mainland and the outer islands will run again from Monday, the regional transport office said on Wednesday. "Islanders told us the late crossing is what lets them work in town and still sleep at home," said Petra Holm, who heads the office. The service was cut two winters ago when fuel prices rose. A new hybrid vessel, delivered in October, uses about a third less fuel than the old boat. "We would not have brought it back without the new ship," Holm said. Tickets go on sale on Friday.
`;

let dir: string;
let env: NodeJS.ProcessEnv;

async function outboxCounts(): Promise<Map<string, number>> {
  const outbox = join(dir, 'data', 'outbox');
  const counts = new Map<string, number>();
  for (const name of await readdir(outbox).catch(() => [] as string[])) {
    if (!name.endsWith('.eml')) continue;
    const head = (await readFile(join(outbox, name), 'latin1')).split('\r\n\r\n')[0] ?? '';
    const to = TO_RE.exec(head)?.[1]?.trim();
    if (to) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'send-crash-'));
  env = {
    DIGEST_DATA_DIR: join(dir, 'data'),
    DIGEST_TRANSPORT: 'outbox',
    DIGEST_BASE_URL: 'https://digest.example.org',
  };
  const rows = Array.from(
    { length: RECIPIENTS },
    (_, i) => `reader${String(i).padStart(4, '0')}@example.net`,
  );
  await writeFile(join(dir, 'article.txt'), ARTICLE);
  const imported = await importConfirmed(dir, rows, env, { timeoutMs: 120_000 });
  expect(imported.code, imported.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('digest send, killed and resumed', () => {
  it('never sends twice and reports what it cannot know', async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'send', join(dir, 'article.txt'), '--json', '--concurrency', String(CONCURRENCY)],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
    let killedAt = -1;
    for (let waited = 0; waited < 120_000; waited += 20) {
      const sent = [...(await outboxCounts()).values()].reduce((a, b) => a + b, 0);
      if (sent >= 40) {
        child.kill('SIGKILL');
        killedAt = sent;
        break;
      }
      await sleep(20);
    }
    await exited;
    expect(killedAt, 'the first run must be killed mid-delivery').toBeGreaterThan(0);
    const issueId = /^issue: (\S+)$/m.exec(stderr)?.[1];
    expect(issueId, stderr).toBeTruthy();
    const afterCrash = await outboxCounts();
    expect(afterCrash.size).toBeLessThan(RECIPIENTS);

    const resumed = await runCli(['send', '--issue', issueId!, '--json'], { env, timeoutMs: 240_000 });
    const summary = JSON.parse(resumed.stdout.trim().split('\n').at(-1)!) as {
      issueId: string;
      sent: number;
      skipped: number;
      failed: number;
      unknown: number;
    };
    // recipients whose send was in flight at the kill are unknown: then the resume exits 2, as `digest briefing` does
    expect(resumed.code, resumed.stderr).toBe(summary.unknown > 0 ? 2 : 0);
    expect(summary.issueId).toBe(issueId);
    expect(summary.failed).toBe(0);
    expect(summary.unknown).toBeLessThanOrEqual(CONCURRENCY);
    expect(summary.sent + summary.skipped + summary.unknown).toBe(RECIPIENTS);

    const counts = await outboxCounts();
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    const missing = RECIPIENTS - counts.size;
    expect(missing).toBeLessThanOrEqual(summary.unknown);

    const stats = await runCli(['stats', issueId!, '--json'], { env });
    const reported = JSON.parse(stats.stdout) as { sent: number; unknown: number; failed: number };
    expect(reported.unknown).toBe(summary.unknown);
    expect(reported.sent + reported.unknown).toBe(RECIPIENTS);

    // a second resume changes nothing
    const again = await runCli(['send', '--issue', issueId!, '--json'], { env, timeoutMs: 240_000 });
    expect(JSON.parse(again.stdout.trim())).toMatchObject({ sent: 0, unknown: summary.unknown });
    expect([...(await outboxCounts()).values()].reduce((a, b) => a + b, 0)).toBe(counts.size);
  }, 600_000);
});
