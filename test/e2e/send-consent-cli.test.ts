/**
 * `digest send` re-checks consent right before each send: a subscriber removed (in another terminal)
 * while the delivery is under way, after its fan-out read the list, is not sent the issue; the
 * summary, `digest stats` and a resumed send count them as skipped. SES is aws-ses-v2-local behind
 * the fault proxy, which holds the first send long enough for the removal to land.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importConfirmed, runCli, type SesCli, startSesCli } from '../support/cli.js';
import type { FaultProxy, SesLocal } from '../support/fault-proxy.js';

const ARTICLE = `Ferry timetable changes for winter

The island ferry will sail four times a day from December, the operator said on Monday. "Fewer sailings mean fuller boats and a service we can keep running," said Ines Varga, the operator's director. The summer timetable returns in April.
`;
// The fan-out pages the list in address order: the one who leaves is queued last.
const STAYS = ['a-stays@example.net', 'b-stays@example.net'];
const LEAVES = 'z-leaves@example.net';

let cli: SesCli;
let dir: string;
let ses: SesLocal;
let proxy: FaultProxy;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  cli = await startSesCli('send-consent-cli-', { maxSendRate: 40 });
  ({ dir, ses, env } = cli);
  proxy = ses.proxy;
  await writeFile(join(dir, 'article.txt'), ARTICLE);
  const imported = await importConfirmed(dir, [...STAYS, LEAVES], env);
  expect(imported.code, imported.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await cli?.close();
});

describe('digest send and a subscriber who leaves during the delivery', () => {
  it('does not send to them, reports them skipped, and a resume does not send to them either', async () => {
    // the first send is held (below the client's response timeout) until the removal has landed
    proxy.setTiming({ slowOkMs: 6_000 });
    proxy.setRates({ slowOk: 1 });
    const sending = runCli(
      ['send', join(dir, 'article.txt'), '--json', '--progress', 'none', '--concurrency', '1'],
      { env, timeoutMs: 120_000 },
    );
    const deadline = Date.now() + 60_000;
    while (proxy.stats.sendRequests === 0 && Date.now() < deadline) await sleep(50);
    expect(proxy.stats.sendRequests).toBe(1);
    const removed = await runCli(['subscribers', 'remove', LEAVES], { env });
    expect(removed.code, removed.stderr).toBe(0);
    proxy.setRates({});
    expect(proxy.stats.sendRequests).toBe(1);

    const result = await sending;
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim()) as { issueId: string };
    expect(summary).toMatchObject({ sent: 2, skipped: 1, failed: 0, unknown: 0 });
    expect(result.stderr).toContain('  1 × unsubscribed\n');
    expect((await ses.stored()).map((m) => m.destination.to[0]).sort()).toEqual(STAYS);

    const stats = await runCli(['stats', summary.issueId, '--json'], { env });
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({
      recipients: 3,
      sent: 2,
      skipped: 1,
      failed: 0,
      unknown: 0,
      inProgress: 0,
    });
    const table = await runCli(['stats', summary.issueId], { env });
    expect(table.stdout).toMatch(/\n {2}skipped +1\n/);

    // back on the list, then the delivery is resumed: the skipped record is final
    const back = await runCli(['subscribers', 'add', LEAVES, '--confirmed'], { env });
    expect(back.code, back.stderr).toBe(0);
    const resumed = await runCli(['send', '--issue', summary.issueId, '--json'], { env, timeoutMs: 120_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout.trim())).toMatchObject({ sent: 0, skipped: 3, failed: 0 });
    expect(await ses.stored()).toHaveLength(STAYS.length);
  }, 300_000);
});
