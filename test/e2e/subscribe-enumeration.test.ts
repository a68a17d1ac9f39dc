// POST /subscribe tells nothing about an address: new, pending, confirmed and unsubscribed addresses get
// the same status, headers and body, also while the mail service fails (which only an address that needs
// a mail would hit). The built `digest dev` over real HTTP, mailing through aws-ses-v2-local behind the
// fault proxy.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sesTransportEnv } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { type FaultProxy, type SesLocal, startSesLocal } from '../support/fault-proxy.js';

let dataDir: string;
let dev: DevServer;
let ses: SesLocal;
let proxy: FaultProxy;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-enumeration-'));
  ses = await startSesLocal();
  proxy = ses.proxy;
  env = { DIGEST_DATA_DIR: '', DIGEST_SECRET: '', DIGEST_BASE_URL: '', ...sesTransportEnv(proxy.url) };
  const file = join(dataDir, 'known.csv');
  writeFileSync(
    file,
    'email,status\nconfirmed@example.org,confirmed\npending@example.org,pending\ngone@example.org,unsubscribed\n',
  );
  const imported = await runCli(['subscribers', 'import', file, '--data-dir', dataDir, '--no-progress'], {
    env,
  });
  expect(imported.code, imported.stderr).toBe(0);
  dev = await startDevServer(dataDir, env);
}, 120_000);

afterAll(async () => {
  await dev?.stop();
  await ses?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function subscribe(email: string, json: boolean) {
  const response = await fetch(`${dev.url}/subscribe`, {
    method: 'POST',
    headers: json
      ? { 'content-type': 'application/json', accept: 'application/json' }
      : { 'content-type': 'application/x-www-form-urlencoded' },
    body: json ? JSON.stringify({ email }) : new URLSearchParams({ email }).toString(),
  });
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date'));
  return { status: response.status, headers, body: await response.text() };
}

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

describe('POST /subscribe gives no way to tell a known address from a new one', () => {
  it('new, pending, confirmed and unsubscribed addresses get identical answers while SES fails', async () => {
    proxy.setRates({ serverError: 1 });
    for (const json of [true, false]) {
      const answers = [];
      for (const email of [
        `new-${json}@example.org`,
        'pending@example.org',
        'confirmed@example.org',
        'gone@example.org',
      ])
        answers.push(await subscribe(email, json));
      expect(answers[0]!.status).toBe(202);
      for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
    }
    await until(async () => proxy.stats.faults.serverError > 0); // the mails were tried, after the answers
  }, 120_000);

  it('the confirmation mail still goes out once SES answers again', async () => {
    proxy.setRates({});
    expect((await subscribe('later@example.org', true)).status).toBe(202);
    await until(async () => (await ses.stored()).some((m) => m.destination.to.includes('later@example.org')));
  }, 60_000);
});
