/**
 * `DIGEST_TRANSPORT=ses digest send` against aws-ses-v2-local (through the fault proxy, which
 * answers GetSendQuota), configured only through the SDK's standard variables: every subscriber
 * gets one message with our tags and headers, throttling is absorbed, and stderr stays clean.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTagValue } from '../../functions/adapters/ses-mailer.js';
import { importConfirmed, runCli, type SesCli, startSesCli } from '../support/cli.js';
import { type FaultProxy, type SesLocal, seededRandom } from '../support/fault-proxy.js';
import { header, parseMail } from '../support/mail.js';

const RECIPIENTS = 30;
const ARTICLE = `Tram line extended to the harbour

The number 4 tram will run to the harbour from March, the city said on Thursday. "Half the people who work at the port drive because there is no tram," said Lea Novak, the city's head of transport. Construction of the last kilometre starts next week.
`;

let cli: SesCli;
let dir: string;
let ses: SesLocal;
let proxy: FaultProxy;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  // (faults drawn from a seeded sequence: one draw per send request, so the run meets the same faults in the same
  // order whatever the machine's load, six throttles among its first 30 requests and never more than two in a row)
  cli = await startSesCli('send-ses-', { maxSendRate: 40, random: seededRandom(17) });
  ({ dir, ses, env } = cli);
  proxy = ses.proxy;
  const rows = Array.from({ length: RECIPIENTS }, (_, i) => `ses${i}@example.net`);
  await writeFile(join(dir, 'article.txt'), ARTICLE);
  const imported = await importConfirmed(dir, rows, env);
  expect(imported.code, imported.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await cli?.close();
});

describe('digest send through SES', () => {
  it('delivers each subscriber one tagged message despite throttling', async () => {
    // A request fails one time in four here, and a recipient is given up after 8 failed attempts: at 0.35, drawn
    // afresh each run, a run lost one of its 30 recipients about once in 150 (0.35^8 × 30), as a loaded full suite
    // saw; the test is of throttling absorbed, not of the retry budget's edge
    proxy.setRates({ throttle: 0.2, serverError: 0.05 });
    // Under throttling the run may outlast the 5 s progress interval: no progress lines, only the contract's.
    const result = await runCli(['send', join(dir, 'article.txt'), '--json', '--progress', 'none'], {
      env,
      timeoutMs: 180_000,
    });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^issue: \S+$/);
    // the whole stderr on failure: it names why a recipient failed
    expect(lines[1], result.stderr).toBe(
      `sent ${RECIPIENTS}, skipped 0 (already sent, suppressed or no longer subscribed), failed 0, unknown 0`,
    );
    expect(lines).toHaveLength(2); // no SDK warnings, no retries noise
    const issueId = lines[0]!.slice('issue: '.length);
    expect(JSON.parse(result.stdout.trim())).toEqual({
      issueId,
      sent: RECIPIENTS,
      skipped: 0,
      failed: 0,
      unknown: 0,
    });
    expect(proxy.stats.faults.throttle).toBeGreaterThan(0);
    expect(proxy.stats.quotaAnswers).toBeGreaterThan(0);

    const stored = await ses.stored();
    const to = stored.map((m) => m.destination.to[0]).sort();
    expect(to).toEqual(Array.from({ length: RECIPIENTS }, (_, i) => `ses${i}@example.net`).sort());
    const accepted = proxy.accepted[0]!;
    expect(accepted.configurationSet).toBe('digest-events');
    expect(decodeTagValue(accepted.tags['digest-issue']!)).toBe(issueId);
    const mail = await parseMail(accepted.raw);
    expect(header(mail, 'x-digest-delivery')).toBe(decodeTagValue(accepted.tags['digest-delivery']!));
    expect(mail.text).toContain('https://digest.example.org/unsubscribe?token=v1.');

    proxy.setRates({});
    const resumed = await runCli(['send', '--issue', issueId, '--json'], { env, timeoutMs: 120_000 });
    expect(JSON.parse(resumed.stdout.trim())).toMatchObject({ sent: 0, skipped: RECIPIENTS });
    expect(await ses.stored()).toHaveLength(RECIPIENTS);
  }, 300_000);
});
