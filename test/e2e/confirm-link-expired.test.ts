// A reader opens a confirmation link older than its 7 days: the page says it expired and leads back to the
// list's subscribe page, where a new link can be asked for. The built `digest dev`, real HTTP, the outbox.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../functions/core/tokens.js';
import { runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { parseMail } from '../support/mail.js';
import { outboxFiles } from '../support/outbox.js';

const SECRET = 'expired-confirm-link-test-secret';
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: SECRET, DIGEST_DATA_DIR: '' };
const DAY = 86_400_000;

let dataDir: string;
let dev: DevServer;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-expired-'));
  const created = await runCli(
    ['lists', 'create', 'garden', '--title', 'Allotment Notes', '--data-dir', dataDir],
    { env: ENV },
  );
  expect(created.code).toBe(0);
  dev = await startDevServer(dataDir, ENV);
});
afterAll(async () => {
  await dev?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

async function statuses(): Promise<string[]> {
  const result = await runCli(['subscribers', 'list', '--list', 'garden', '--json', '--data-dir', dataDir], {
    env: ENV,
  });
  expect(result.code).toBe(0);
  return (JSON.parse(result.stdout) as Array<{ status: string }>).map((s) => s.status);
}

const unescapeAmp = (s: string) => s.replace(/&amp;/g, '&');

describe('an expired confirmation link', () => {
  it('says it expired, changes nothing, and leads to the subscribe page that sends a new link', async () => {
    const old = signToken(
      { email: 'pat@example.net', list: 'garden', purpose: 'confirm' },
      SECRET,
      new Date(Date.now() - 8 * DAY),
    );
    const link = `${dev.url}/confirm?token=${encodeURIComponent(old)}`;

    for (const method of ['GET', 'POST']) {
      const res = await fetch(link, { method });
      expect(res.status).toBe(403);
      const body = await res.text();
      expect(body).toContain('<title>Confirmation link expired</title>');
      expect(body).toContain('This confirmation link has expired');
      expect(body).toContain('7 days');
      expect(body).toContain('Allotment Notes');
      expect(body).toContain(`href="${dev.url}/lists/garden/subscribe"`);
    }
    expect(await statuses()).toEqual([]);
    expect(outboxFiles(dataDir)).toEqual([]);

    // A JSON caller still gets the bare reason.
    const json = await fetch(link, { method: 'POST', headers: { accept: 'application/json' } });
    expect(json.status).toBe(403);
    expect(await json.json()).toEqual({ error: 'expired' });

    // The link on the page: the list's subscribe page, whose form asks for a new confirmation link.
    const page = await (await fetch(link)).text();
    const subscribeHref = unescapeAmp(page.match(/href="([^"]*\/lists\/garden\/subscribe)"/)?.[1] ?? '');
    const subscribePage = await fetch(subscribeHref);
    expect(subscribePage.status).toBe(200);
    const form = await subscribePage.text();
    const action = unescapeAmp(form.match(/<form method="post" action="([^"]+)"/)?.[1] ?? '');
    const posted = await fetch(new URL(action, subscribeHref), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ list: 'garden', email: 'pat@example.net' }).toString(),
    });
    expect(posted.status).toBe(202);
    await until(() => outboxFiles(dataDir).length === 1);

    const mail = await parseMail(readFileSync(join(dataDir, 'outbox', outboxFiles(dataDir)[0]!)));
    const fresh = (mail.text ?? '').match(/http:\/\/127\.0\.0\.1:\d+\/confirm\?token=[A-Za-z0-9._%-]+/)?.[0];
    expect(fresh).toBeDefined();
    // The list's name in the mail's footer leads to its archive page, not to the bare base URL.
    const home = (mail.text ?? '').match(/^Allotment Notes: (\S+)$/m)?.[1];
    expect(home).toBe(`${dev.url}/lists/garden/archive`);
    const archive = await fetch(home!);
    expect(archive.status).toBe(200);
    expect(await archive.text()).toContain('<h1>Allotment Notes</h1>');
    const htmlHome = (mail.html ?? '').match(/<a class="link" href="([^"]+)"[^>]*>Allotment Notes<\/a>/)?.[1];
    expect(htmlHome).toBe(`${dev.url}/lists/garden/archive`);
    const confirmed = await fetch(fresh!, { method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(await statuses()).toEqual(['confirmed']);
  });

  it('a link signed with another key says only that it is not valid, naming no list', async () => {
    const forged = signToken(
      { email: 'pat@example.net', list: 'garden', purpose: 'confirm' },
      'some-other-key',
      new Date(Date.now() - 8 * DAY),
    );
    const res = await fetch(`${dev.url}/confirm?token=${encodeURIComponent(forged)}`);
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).toContain('This link is not valid, or it has expired.');
    expect(body).not.toContain('Allotment Notes');
    expect(body).not.toContain('/lists/garden');
  });
});

describe('a confirmation link after the reader left', () => {
  it('says they left the list, with no confirm button, and links to the subscribe page', async () => {
    const email = 'robin@example.net';
    const token = (purpose: 'confirm' | 'unsubscribe') =>
      encodeURIComponent(signToken({ email, list: 'garden', purpose }, SECRET, new Date()));
    const added = await runCli(
      ['subscribers', 'add', email, '--confirmed', '--list', 'garden', '--data-dir', dataDir],
      {
        env: ENV,
      },
    );
    expect(added.code).toBe(0);
    const left = await fetch(`${dev.url}/unsubscribe?token=${token('unsubscribe')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(left.status).toBe(200);

    // The link opened (GET) and its button posted (an old tab): both say where the reader stands.
    for (const method of ['GET', 'POST']) {
      const res = await fetch(`${dev.url}/confirm?token=${token('confirm')}`, { method });
      expect(res.status, method).toBe(409);
      const body = await res.text();
      expect(body, method).toContain('<h1>You left this list</h1>');
      expect(body, method).not.toContain('<form');
      const href = unescapeAmp(body.match(/href="([^"]*\/lists\/garden\/subscribe)"/)?.[1] ?? '');
      expect(href, method).toBe(`${dev.url}/lists/garden/subscribe`);
      expect((await fetch(href)).status).toBe(200);
    }
    expect(await statuses()).toContain('unsubscribed');
  });
});
