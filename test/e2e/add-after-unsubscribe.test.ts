/**
 * An editor cannot undo a reader's unsubscribe: after the reader's one-click unsubscribe from a digest, adding the
 * address as confirmed (`digest subscribers add --confirmed`, the console's "Add a subscriber" with "Consent was
 * collected elsewhere") is refused, the record stays unsubscribed and the next send does not reach the reader; a
 * suppressed address is refused the same way. Without "confirmed", the add sends a new opt-in mail and the reader
 * stays off the list until they click it (docs/subscribers.md, "Operator additions"). The built CLI and `digest dev`
 * on one data dir, as an editor runs them.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { consoleClient, csrfOf } from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { outboxFiles } from '../support/outbox.js';

const ARTICLE = `Harbour dredging starts in March

The harbour will be dredged from March, the port authority said on Tuesday. "Ships have been waiting for the tide for too long," said Mia Holm, the harbour master. The work will take six weeks and the quay stays open.
`;
const READER = 'reader@example.org';
const STAYS = 'stays@example.org';

let dir: string;
let dataDir: string;
let dev: DevServer;
let env: NodeJS.ProcessEnv;
const client = consoleClient(() => dev.url);

const cli = (...args: string[]) => runCli(args, { env, timeoutMs: 120_000 });

/** The outbox's mails in order, with their To header and the whole head. */
async function mails(): Promise<{ to: string; head: string }[]> {
  return Promise.all(
    outboxFiles(dataDir).map(async (name) => {
      const head = (await readFile(join(dataDir, 'outbox', name), 'latin1')).split('\r\n\r\n')[0] ?? '';
      return { to: /^To: (.+)$/m.exec(head)?.[1]?.trim() ?? '', head };
    }),
  );
}

async function statusOf(email: string): Promise<string | undefined> {
  const listed = await cli('subscribers', 'list', '--json');
  expect(listed.code, listed.stderr).toBe(0);
  return (JSON.parse(listed.stdout) as { email: string; status: string }[]).find((s) => s.email === email)
    ?.status;
}

async function send(): Promise<{ sent: number }> {
  const result = await cli('send', join(dir, 'article.txt'), '--json', '--progress', 'none');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { sent: number };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'digest-add-after-unsubscribe-'));
  dataDir = join(dir, 'data');
  env = {
    DIGEST_DATA_DIR: dataDir,
    DIGEST_TRANSPORT: 'outbox',
    DIGEST_BASE_URL: '',
    DIGEST_SECRET: 'add-after-unsubscribe-secret-0123456789',
  };
  await writeFile(join(dir, 'article.txt'), ARTICLE);
  dev = await startDevServer(dataDir, env);
  for (const email of [READER, STAYS]) {
    const added = await cli('subscribers', 'add', email, '--confirmed');
    expect(added.code, added.stderr).toBe(0);
  }
}, 120_000);

afterAll(async () => {
  await dev?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('adding an address as confirmed after the reader unsubscribed', () => {
  it('is refused by the CLI and the console, and the next send does not reach the reader', async () => {
    expect((await send()).sent).toBe(2);
    // The reader's one-click unsubscribe, from the digest they were sent.
    const digest = (await mails()).find((m) => m.to === READER);
    const oneClick = /^List-Unsubscribe: <([^>]+)>/m.exec(digest?.head ?? '')?.[1];
    expect(oneClick).toBeDefined();
    const left = await fetch(oneClick as string, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(left.status).toBe(200);
    expect(await statusOf(READER)).toBe('unsubscribed');

    const added = await cli('subscribers', 'add', READER, '--confirmed');
    expect(added.code).not.toBe(0);
    expect(added.stdout).toBe('');
    expect(added.stderr).toMatch(
      /^digest: r\*\*\*@example\.org unsubscribed from default; not added as confirmed: only their own opt-in puts them back[^\n]*\n$/,
    );

    const key = (await cli('keys')).stdout.trim();
    const cookie = (await client.signIn(key)).cookie ?? '';
    const csrf = csrfOf(await (await client.get('/admin/subscribers', cookie)).text());
    const refused = await client.post(
      '/admin/subscribers',
      { _csrf: csrf, list: 'default', email: READER, confirmed: '1' },
      cookie,
    );
    expect(refused.status).toBe(409);
    const page = await refused.text();
    expect(page).toMatch(
      /<div class="flash error" role="alert">That address unsubscribed from this list; not added as confirmed\./,
    );
    expect(page).not.toMatch(/Added \S+ to .* as confirmed\./);
    // The address stays in the form, as typed.
    expect(page).toMatch(/id="a-email"[^>]* value="reader@example.org"/);

    expect(await statusOf(READER)).toBe('unsubscribed');
    const before = (await mails()).length;
    expect((await send()).sent).toBe(1);
    expect((await mails()).slice(before).map((m) => m.to)).toEqual([STAYS]);
  }, 240_000);

  it('without "confirmed", the add sends a new opt-in mail and the reader stays off the list until they confirm', async () => {
    const before = (await mails()).length;
    const invited = await cli('subscribers', 'add', READER);
    expect(invited.code, invited.stderr).toBe(0);
    expect(invited.stdout).toBe('added r***@example.org to default (pending; confirmation sent)\n');
    const sent = (await mails()).slice(before);
    expect(sent.map((m) => m.to)).toEqual([READER]);
    expect(sent[0]?.head).toMatch(/^Subject: Confirm your subscription/m);
    expect(await statusOf(READER)).toBe('pending');
  }, 120_000);

  it('a suppressed address is refused by the console with 409 too', async () => {
    const csv = join(dir, 'bounced.csv');
    await writeFile(csv, 'email,status\nbounced@example.org,bounced\n');
    expect((await cli('subscribers', 'import', csv, '--no-progress')).code).toBe(0);
    const key = (await cli('keys')).stdout.trim();
    const cookie = (await client.signIn(key)).cookie ?? '';
    const csrf = csrfOf(await (await client.get('/admin/subscribers', cookie)).text());
    const refused = await client.post(
      '/admin/subscribers',
      { _csrf: csrf, list: 'default', email: 'bounced@example.org', confirmed: '1' },
      cookie,
    );
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('That address is suppressed (bounce or complaint); not added.');
    expect(await statusOf('bounced@example.org')).toBeUndefined();
  }, 120_000);
});
