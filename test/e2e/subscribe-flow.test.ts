// The whole double opt-in and one-click unsubscribe, as a subscriber's browser and mail client
// drive them: the built `digest dev`, real HTTP, the confirmation .eml in the outbox.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { addresses, parseMail } from '../support/mail.js';
import { outboxFiles } from '../support/outbox.js';

let dataDir: string;
let dev: DevServer;
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '' };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-subscribe-'));
  dev = await startDevServer(dataDir, ENV);
});
afterAll(async () => {
  await dev?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const outbox = () => outboxFiles(dataDir);

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

async function listJson(): Promise<Array<{ email: string; status: string }>> {
  const result = await runCli(['subscribers', 'list', '--json', '--data-dir', dataDir], { env: ENV });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

describe('digest dev: subscribe → confirm → one-click unsubscribe', () => {
  it('prints the contract line and records the URL in the data dir', () => {
    expect(dev.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.parse(readFileSync(join(dataDir, 'dev-server.json'), 'utf8')).url).toBe(dev.url);
  });

  it('runs the whole lifecycle over real HTTP', async () => {
    // 1. subscribe (JSON) → 202, one confirmation mail
    const subscribed = await fetch(`${dev.url}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'e2e-browser/1.0' },
      body: JSON.stringify({ email: 'Reader.One@Example.ORG' }),
    });
    expect(subscribed.status).toBe(202);
    const acceptedBody = await subscribed.text();
    await until(() => outbox().length === 1); // the mail goes out after the answer

    // The same request for the same address, and one for a stranger: identical answers; no second mail.
    const again = await fetch(`${dev.url}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Reader.One@example.org' }),
    });
    expect(again.status).toBe(202);
    expect(await again.text()).toBe(acceptedBody);
    expect(outbox()).toHaveLength(1);

    // 2. the confirmation .eml: to the normalised address, link to this dev server
    const mail = await parseMail(readFileSync(join(dataDir, 'outbox', outbox()[0]!)));
    expect(addresses(mail.to)[0]).toBe('Reader.One@example.org');
    const link = (mail.text ?? '').match(/http:\/\/127\.0\.0\.1:\d+\/confirm\?token=[A-Za-z0-9._%-]+/)?.[0];
    expect(link).toBeDefined();
    expect(link!.startsWith(`${dev.url}/confirm?token=`)).toBe(true);
    expect(mail.html).toContain(link!.replace(/&/g, '&amp;'));
    expect((await listJson()).map((s) => s.status)).toEqual(['pending']);

    // 3. a link scanner's HEAD and GET change nothing: GET shows a confirm button
    expect((await fetch(link!, { method: 'HEAD' })).status).toBe(200);
    const landing = await fetch(link!);
    expect(landing.status).toBe(200);
    const landingHtml = await landing.text();
    expect(landingHtml).toContain('<form method="post"');
    expect(landingHtml).not.toContain('<script');
    expect((await listJson()).map((s) => s.status)).toEqual(['pending']);

    // the button posts back to the same URL → confirmed
    const action = (landingHtml.match(/<form method="post" action="([^"]+)"/)?.[1] ?? '').replace(
      /&amp;/g,
      '&',
    );
    expect(new URL(action, dev.url).href).toBe(link!);
    const confirmed = await fetch(new URL(action, dev.url), { method: 'POST' });
    expect(confirmed.status).toBe(200);
    const confirmedPage = await confirmed.text();
    expect(confirmedPage).toContain('You are subscribed');
    expect((await listJson()).map((s) => s.status)).toEqual(['confirmed']);

    // 4. one-click: an unsubscribe link, GET shows a button and changes nothing
    const unsubscribeUrl = (
      confirmedPage.match(/href="([^"]*\/unsubscribe\?token=[^"]+)"/)?.[1] ?? ''
    ).replace(/&amp;/g, '&');
    expect(unsubscribeUrl.startsWith(`${dev.url}/unsubscribe?token=`)).toBe(true);
    const page = await fetch(unsubscribeUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
    const pageHtml = await page.text();
    expect(pageHtml).toContain('<form method="post"');
    expect(pageHtml).not.toContain('<script');
    expect((await listJson()).map((s) => s.status)).toEqual(['confirmed']);

    // RFC 8058 POST (form-urlencoded) → 200, unsubscribed
    const post = () =>
      fetch(unsubscribeUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
    const first = await post();
    expect(first.status).toBe(200);
    expect(first.headers.get('set-cookie')).toBeNull();
    const afterFirst = await listJson();
    expect(afterFirst.map((s) => s.status)).toEqual(['unsubscribed']);

    // 5. again (multipart this time) → 200, nothing changes
    const form = new FormData();
    form.append('List-Unsubscribe', 'One-Click');
    const second = await fetch(unsubscribeUrl, { method: 'POST', body: form });
    expect(second.status).toBe(200);
    expect(await listJson()).toEqual(afterFirst);
    expect(outbox()).toHaveLength(1);
  });

  it('token errors: malformed 400, forged 403, cross-purpose 403', async () => {
    expect((await fetch(`${dev.url}/confirm?token=not-a-token`)).status).toBe(400);
    expect(
      (await fetch(`${dev.url}/unsubscribe`, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status,
    ).toBe(400);
    const forged = `v1.${Buffer.from(JSON.stringify({ e: 'x@example.org', l: 'default', p: 'unsubscribe', iat: 1 })).toString('base64url')}.${'A'.repeat(43)}`;
    expect((await fetch(`${dev.url}/unsubscribe?token=${forged}`, { method: 'POST' })).status).toBe(403);
    const mail = await parseMail(readFileSync(join(dataDir, 'outbox', outbox()[0]!)));
    const confirmLink =
      (mail.text ?? '').match(/http:\/\/127\.0\.0\.1:\d+\/confirm\?token=[A-Za-z0-9._%-]+/)?.[0] ?? '';
    const crossPurpose = confirmLink.replace('/confirm?', '/unsubscribe?');
    expect((await fetch(crossPurpose, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(
      403,
    );
  });

  it('refuses oversized and malformed bodies', async () => {
    const big = await fetch(`${dev.url}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.org', pad: 'x'.repeat(20_000) }),
    });
    expect(big.status).toBe(413);
    const bad = await fetch(`${dev.url}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": ',
    });
    expect(bad.status).toBe(400);
  });
});
