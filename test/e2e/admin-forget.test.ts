// Right to erasure from the console: "Forget this person" must erase what `digest subscribers forget` erases,
// the delivery ledger's records of the address (every issue it was sent) included; otherwise the person's
// history (and their address in the ledger) outlives the forget.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { consoleClient, csrfOf } from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';

const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '' };
const READER = 'reader@example.org';
let dataDir: string;
let dev: DevServer;
let key: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-admin-forget-'));
  key = (await runCli(['keys', '--data-dir', dataDir], { env: ENV })).stdout.trim();
  dev = await startDevServer(dataDir, ENV);
}, 120_000);
afterAll(async () => {
  await dev?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the console forgets a person', { timeout: 180_000 }, () => {
  it('erases the delivery records of the address too, as digest subscribers forget does', async () => {
    const env = { ...ENV, DIGEST_DATA_DIR: dataDir };
    expect((await runCli(['subscribers', 'add', READER, '--confirmed'], { env })).code).toBe(0);
    const sent = await runCli(
      ['send', join(REPO_ROOT, 'functions/cli/samples/harbour-ferry.txt'), '--json'],
      { env, timeoutMs: 120_000 },
    );
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout.trim().split('\n').pop()!)).toMatchObject({ sent: 1 });

    const client = consoleClient(dev.url);
    const { cookie } = await client.signIn(key);
    const history = `/admin/subscriber?list=default&email=${encodeURIComponent(READER)}`;
    expect(await (await client.get(history, cookie!)).text()).toMatch(/issue “[^”]+”: sent/);

    const confirm = await client.get(
      `/admin/subscribers/forget?email=${encodeURIComponent(READER)}`,
      cookie!,
    );
    const forgot = await client.post(
      '/admin/subscribers/forget',
      { _csrf: csrfOf(await confirm.text()), email: READER },
      cookie!,
    );
    expect(forgot.status).toBe(200);
    expect(await forgot.text()).toContain('Forgotten: 1 record removed');

    const after = await (await client.get(history, cookie!)).text();
    expect(after).not.toMatch(/issue “/);
    expect(after).toContain('Nothing is known about this address on this list.');
  });
});
