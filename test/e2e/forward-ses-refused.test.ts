/**
 * A forward that nobody gets, through SES: the built `digest dev` (POST /issues/<id>/forward) and `digest forward`
 * with `DIGEST_TRANSPORT=ses`, aws-ses-v2-local behind the fault proxy.
 *
 * - SES refuses each address (MessageRejected, as the sandbox refuses an unverified one): the addresses are the
 *   problem, not the service, so the API answers 422 naming each with SES's reason, and the CLI prints one
 *   `digest: not sent to ADDRESS: why` line per address and exits 1, as for suppressed addresses.
 * - SES itself fails (503 on every attempt): a failure of the service, not of the addresses, stays loud, a 500 and
 *   an exit 1 with the error, never a 422 that would read as "fix your addresses".
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importConfirmed, runCli, type SesCli, startSesCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';

const ARTICLE = `Tram line extended to the harbour

The number 4 tram will run to the harbour from March, the city said on Thursday. "Half the people who work at the port drive because there is no tram," said Lea Novak, the city's head of transport. Construction of the last kilometre starts next week.
`;
const REFUSED = ['board@example.net', 'chair@example.net'];
const refusal = (address: string) =>
  `MessageRejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: ${address}`;

let cli: SesCli;
let env: NodeJS.ProcessEnv;
let dev: DevServer;
let key: string;
let issueId: string;

beforeAll(async () => {
  cli = await startSesCli('digest-forward-refused-', { maxSendRate: 1000 });
  const { DIGEST_BASE_URL: _, ...sesEnv } = cli.env;
  env = sesEnv;
  key = (await runCli(['keys'], { env })).stdout.trim();
  const imported = await importConfirmed(cli.dir, ['reader@example.net'], env);
  expect(imported.code, imported.stderr).toBe(0);
  await writeFile(join(cli.dir, 'article.txt'), ARTICLE);
  const sent = await runCli(['send', join(cli.dir, 'article.txt'), '--progress', 'none'], { env });
  expect(sent.code, sent.stderr).toBe(0);
  issueId = /^issue: (\S+)$/m.exec(sent.stderr)![1]!;
  dev = await startDevServer(join(cli.dir, 'data'), env);
}, 120_000);

afterAll(async () => {
  await dev?.stop();
  await cli?.close();
});

const forward = (to: string[]) =>
  fetch(`${dev.url}/issues/${issueId}/forward`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ to }),
  });

describe('a forward nobody gets, through SES', { timeout: 120_000 }, () => {
  it('SES refuses every address: 422 naming each with its reason; the CLI a line per address, exit 1', async () => {
    await cli.ses.reset();
    cli.ses.proxy.setRecipientFaults(Object.fromEntries(REFUSED.map((a) => [a, 'reject'])));
    const api = await forward(REFUSED);
    expect(api.status).toBe(422);
    const failed = REFUSED.map((address) => ({ address, reason: refusal(address) }));
    expect(await api.json()).toEqual({
      error: `not forwarded to anyone: the mail service refused all 2 addresses: ${failed.map((f) => `${f.address} (${f.reason})`).join(', ')}`,
      issueId,
      sent: 0,
      failed,
    });

    const run = await runCli(['forward', issueId, '--to', REFUSED.join(','), '--progress', 'none'], { env });
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(REFUSED.map((a) => `digest: not sent to ${a}: ${refusal(a)}\n`).join(''));
    expect(run.code).toBe(1);
    expect(await cli.ses.stored()).toEqual([]);
  });

  it('SES itself down for every address stays a failure of the service: 500, and exit 1 with its error', async () => {
    await cli.ses.reset();
    cli.ses.proxy.setRecipientFaults({ 'board@example.net': 'unavailable' });
    const api = await forward(['board@example.net']);
    expect(api.status).toBe(500);
    expect(await api.json()).toEqual({ error: 'something went wrong; please try again later' });

    const run = await runCli(['forward', issueId, '--to', 'board@example.net', '--progress', 'none'], {
      env,
    });
    expect(run.stdout).toBe('');
    // SES's own words, one line (after the mailer's retries ran out), not a `not sent to` line
    expect(run.stderr).toBe('digest: Service is unavailable.\n');
    expect(run.code).toBe(1);
    expect(await cli.ses.stored()).toEqual([]);
  });
});
