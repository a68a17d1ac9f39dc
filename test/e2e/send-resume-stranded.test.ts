/**
 * A delivery killed with records in progress, whose recipients leave before it is resumed: the resume
 * no longer queues them (they are off the list), yet it settles their records, so that the issue's
 * numbers come to an end. The record that never reached SES (`claimed`) becomes `skipped` with the
 * reason; the one whose send was in flight (`sending`) becomes `unknown`, never sent and never counted
 * sent. SES is aws-ses-v2-local behind the fault proxy: a low MaxSendRate keeps the second worker
 * waiting for the rate with its record `claimed` while the first send is held in flight.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../support/cli.js';
import { emulatorStore, type FaultProxy, startFaultProxy, startSesEmulator } from '../support/fault-proxy.js';

const ARTICLE = `Harbour bridge closes for repairs

The harbour bridge will close to traffic for three weeks from Monday, the city said on Tuesday. "The joints have worn faster than we planned for," said Mara Lind, the city's chief engineer. Buses will run over the north crossing meanwhile.
`;
// The fan-out pages the list in address order: with two workers, the first two are in progress when it dies,
// one with its send held in flight and the other claimed and waiting for the rate. Which of the two gets the
// first send is the workers' race (under load either can), so the test never assumes it.
const LEAVING = ['a-leaves@example.net', 'b-leaves@example.net'];
const STAY = ['c-stays@example.net', 'd-stays@example.net'];

let dir: string;
let emulator: Awaited<ReturnType<typeof startSesEmulator>>;
let proxy: FaultProxy;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'send-resume-stranded-'));
  emulator = await startSesEmulator();
  // one send every 5 s: the second worker holds its claim while it waits for the rate
  proxy = await startFaultProxy({ target: emulator.url, maxSendRate: 0.2 });
  env = {
    DIGEST_DATA_DIR: join(dir, 'data'),
    DIGEST_TRANSPORT: 'ses',
    DIGEST_BASE_URL: 'https://digest.example.org',
    SES_CONFIGURATION_SET: 'digest-events',
    AWS_ENDPOINT_URL_SES: proxy.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
  await writeFile(join(dir, 'list.csv'), `email\n${[...LEAVING, ...STAY].join('\n')}\n`);
  await writeFile(join(dir, 'article.txt'), ARTICLE);
  const imported = await runCli(['subscribers', 'import', join(dir, 'list.csv'), '--confirmed'], { env });
  expect(imported.code, imported.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Stats {
  recipients: number;
  sent: number;
  skipped: number;
  unknown: number;
  failed: number;
  inProgress: number;
}

describe('digest send killed, its in-progress recipients leave, then the delivery is resumed', () => {
  it('settles their records (claimed → skipped, sending → unknown) and the delivery finishes', async () => {
    // the first send is held in flight (below the client's deadline) until the process is killed
    proxy.setTiming({ slowOkMs: 10_000 });
    proxy.setRates({ slowOk: 1 });
    const child = spawn(
      process.execPath,
      [CLI, 'send', join(dir, 'article.txt'), '--json', '--progress', 'none', '--concurrency', '2'],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<void>((ok) => child.on('exit', () => ok()));
    const deadline = Date.now() + 60_000;
    while (proxy.stats.sendRequests === 0 && Date.now() < deadline) await sleep(50);
    expect(proxy.stats.sendRequests).toBe(1);
    // the second worker has claimed its recipient and read their consent; it waits for the rate
    await sleep(1_500);
    expect(proxy.stats.sendRequests).toBe(1);
    child.kill('SIGKILL');
    await exited;
    proxy.setRates({});
    const issueId = /^issue: (\S+)$/m.exec(stderr)?.[1];
    expect(issueId, stderr).toBeTruthy();

    const stranded = await runCli(['stats', issueId!, '--json'], { env });
    expect(stranded.code, stranded.stderr).toBe(0);
    expect(JSON.parse(stranded.stdout)).toMatchObject({ recipients: 2, sent: 0, inProgress: 2 });

    // both leave before the resume (removed from the list)
    // the held request still reaches SES after the sender died: the ambiguous case itself
    while (proxy.stats.accepted === 0 && Date.now() < deadline + 30_000) await sleep(100);
    expect(proxy.stats.accepted).toBe(1);
    for (const address of LEAVING) {
      const removed = await runCli(['subscribers', 'remove', address], { env });
      expect(removed.code, removed.stderr).toBe(0);
    }

    const resumed = await runCli(['send', '--issue', issueId!, '--json', '--progress', 'none'], {
      env,
      timeoutMs: 120_000,
    });
    // one recipient's outcome is unknown: exit 2, a delivery someone should look at (as `digest briefing` exits)
    expect(resumed.code, resumed.stderr).toBe(2);
    expect(JSON.parse(resumed.stdout.trim().split('\n').at(-1)!)).toEqual({
      issueId,
      sent: STAY.length,
      skipped: 1,
      failed: 0,
      unknown: 1,
    });
    expect(resumed.stderr).toContain('  1 × unsubscribed\n');
    expect(resumed.stderr).toContain(
      `sent ${STAY.length}, skipped 1 (already sent, suppressed or no longer subscribed), failed 0, unknown 1`,
    );
    // The resume sends only to those who stayed. The request held in flight when the first run died reached the
    // emulator all the same (the proxy forwards a held request after its client is gone, as SES may act on a
    // request whose caller died): the sender cannot know that, which is why it is unknown, and it is never sent a
    // second time.
    const mail = await emulatorStore(emulator.url);
    const to = mail.map((m) => m.destination.to[0]);
    expect(to.filter((a) => STAY.includes(a!)).sort()).toEqual(STAY);
    // of the two who left, the one whose send was in flight got one copy; the one waiting none
    expect(to.filter((a) => LEAVING.includes(a!)).length).toBe(1);

    const stats = await runCli(['stats', issueId!, '--json'], { env });
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout) as Stats).toMatchObject({
      recipients: 4,
      sent: STAY.length,
      skipped: 1,
      unknown: 1,
      failed: 0,
      inProgress: 0,
    });
    const watched = await runCli(['stats', issueId!, '--watch', '--interval', '0.2', '--json'], {
      env,
      timeoutMs: 30_000,
    });
    expect(watched.code, watched.stderr).toBe(0);

    // a second resume changes nothing, and does not resend the unknown one either
    const again = await runCli(['send', '--issue', issueId!, '--json', '--progress', 'none'], {
      env,
      timeoutMs: 120_000,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout.trim().split('\n').at(-1)!)).toMatchObject({ sent: 0, failed: 0 });
    expect(await emulatorStore(emulator.url)).toHaveLength(mail.length);
    const final = JSON.parse((await runCli(['stats', issueId!, '--json'], { env })).stdout) as Stats;
    expect(final).toMatchObject({ sent: STAY.length, skipped: 1, unknown: 1, inProgress: 0 });
  }, 300_000);
});
