/**
 * A console form posted after its session ended (signed out in another tab; the same holds for a session past its
 * 8 hours or whose key was rotated), in real headless Chromium against `digest dev`: nothing changes, and the answer
 * is the sign-in page with what the editor typed, which leads back to the page they were on.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { chromiumAvailable, launchChromium } from '../support/visual-audit.js';

const haveChromium = chromiumAvailable();
if (!haveChromium && process.env.CI)
  throw new Error('admin session tests: /usr/bin/chromium is missing in CI');

const ARTICLE = `Night ferry crew praised after engine fire

The crew of the night ferry to Ynys Fach put out a small engine-room fire on Thursday and brought the boat and its forty passengers back to the harbour without injury.

"Everyone did exactly what we train for, calmly and quickly," said Captain Lowri Pugh. "The passengers barely noticed."

The operator said the ferry would stay out of service until its engine had been inspected.`;

async function submitted(page: Page, action: () => Promise<void>): Promise<void> {
  const navigation = page.waitForNavigation({ waitUntil: 'load' });
  await action();
  await navigation;
}

describe.skipIf(!haveChromium)('a form posted after its session ended', () => {
  let dataDir: string;
  let server: DevServer;
  let browser: Browser;
  let context: BrowserContext;
  let key: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-admin-session-'));
    key = (await runCli(['keys', '--data-dir', dataDir])).stdout.trim();
    server = await startDevServer(dataDir, { DIGEST_TRANSPORT: 'outbox' });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn(page: Page): Promise<void> {
    await page.fill('#key', key);
    await submitted(page, () => page.press('#key', 'Enter'));
  }

  it('keeps what was typed on the sign-in page, and sign-in leads back to the form', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    await signIn(page);
    await page.goto(`${server.url}/admin/issues/new`);
    await page.fill('#subject', 'Ferry fire: crew praised');
    await page.fill('#text', ARTICLE);

    // Another tab signs out: the session ends everywhere.
    const other = await context.newPage();
    await other.goto(`${server.url}/admin/issues`);
    await submitted(other, () => other.click('header form button[type=submit]'));
    expect(new URL(other.url()).pathname).toBe('/admin/sign-in');
    await other.close();

    const answer = page.waitForResponse((r) => r.request().method() === 'POST');
    await submitted(page, () => page.click('#compose-form button[type=submit]'));
    expect((await answer).status()).toBe(401);
    expect(await page.textContent('[role=alert]')).toContain('Your session has ended');
    // What was typed is there to copy, word for word, and no form sends it anywhere.
    const typed = page.locator('#typed-h + p ~ textarea');
    expect(await typed.count()).toBe(2);
    expect(await page.inputValue('label:text("Subject") + textarea')).toBe('Ferry fire: crew praised');
    expect(await page.inputValue('label:text("Text") + textarea')).toBe(ARTICLE);
    expect(await page.locator('textarea[name]').count()).toBe(0);

    // Signing in here leads back to the page the form was on.
    await signIn(page);
    expect(new URL(page.url()).pathname).toBe('/admin/issues/new');
    expect(await page.locator('#compose-form').count()).toBe(1);
    // Nothing was composed.
    await page.goto(`${server.url}/admin/issues`);
    expect(await page.textContent('main')).toContain('No drafts.');
  });

  it('a form from a page of an earlier session, signed in again since, keeps what was typed and links to the page', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    if (new URL(page.url()).pathname === '/admin/sign-in') await signIn(page);
    await page.goto(`${server.url}/admin/issues/new`);
    await page.fill('#subject', 'Ferry fire: crew praised');
    await page.fill('#text', ARTICLE);

    // Another tab signs out and in again: a new session, whose token the first tab's form does not carry.
    const other = await context.newPage();
    await other.goto(`${server.url}/admin/issues`);
    await submitted(other, () => other.click('header form button[type=submit]'));
    await signIn(other);
    expect(new URL(other.url()).pathname).toBe('/admin/issues');
    await other.close();

    const answer = page.waitForResponse((r) => r.request().method() === 'POST');
    await submitted(page, () => page.click('#compose-form button[type=submit]'));
    expect((await answer).status()).toBe(403);
    expect(await page.textContent('[role=alert]')).toContain('That form was not sent, and nothing changed');
    // What was typed is there to copy (a reload of the old page would empty the form).
    expect(await page.inputValue('label:text("Subject") + textarea')).toBe('Ferry fire: crew praised');
    expect(await page.inputValue('label:text("Text") + textarea')).toBe(ARTICLE);
    expect(await page.locator('textarea[name]').count()).toBe(0);
    // The link leads to the form's page, whose form now carries this session's token.
    await submitted(page, () => page.click('a:text("Open the page again")'));
    expect(new URL(page.url()).pathname).toBe('/admin/issues/new');
    await page.fill('#text', ARTICLE);
    await submitted(page, () => page.click('#compose-form button[type=submit]'));
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/issues\/\d{8}-[0-9a-f]+$/);
  });

  it('a progress page whose session ends says so, rather than keep showing its last count as current', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    if (new URL(page.url()).pathname === '/admin/sign-in') await signIn(page);
    await page.goto(`${server.url}/admin/issues/new`);
    await page.fill('#text', ARTICLE.replace('Thursday', 'Friday'));
    await submitted(page, () => page.click('#compose-form button[type=submit]'));
    const id = new URL(page.url()).pathname.split('/').pop() as string;
    // A send under way (its draft `sending`, nothing settled yet): the page follows it, polling its JSON.
    const file = join(dataDir, 'drafts', `${id}.json`);
    const draft = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...draft, status: 'sending', updatedAt: new Date().toISOString() }));
    await page.goto(`${server.url}/admin/issues/${id}/progress`);
    const status = page.locator('[data-progress-text]');
    expect(await status.textContent()).toBe('Sending: sent 0, failed 0, unknown 0');
    const polled = page.waitForResponse((r) => r.url().endsWith('/progress.json'));
    await polled;

    // Another tab signs out: the next poll is refused, and the line says the page no longer follows the send.
    const other = await context.newPage();
    await other.goto(`${server.url}/admin/issues`);
    await submitted(other, () => other.click('header form button[type=submit]'));
    await other.close();
    await expect
      .poll(() => status.textContent(), { timeout: 10_000, interval: 200 })
      .toMatch(/^No longer followed here: your session has ended/);
    expect(await status.textContent()).toContain('Last seen: Sending: sent 0, failed 0, unknown 0');
  });

  it('a page asked for after the session ended leads back to it, search and all, once signed in again', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    if (new URL(page.url()).pathname === '/admin/sign-in') await signIn(page);
    const other = await context.newPage();
    await other.goto(`${server.url}/admin/issues`);
    await submitted(other, () => other.click('header form button[type=submit]'));
    await other.close();

    // A bookmarked search, after the session ended: sign-in first, then the search itself, not the Issues page.
    await page.goto(`${server.url}/admin/subscribers?list=default&q=ann&status=confirmed`);
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await signIn(page);
    const back = new URL(page.url());
    expect(back.pathname).toBe('/admin/subscribers');
    expect(back.search).toBe('?list=default&q=ann&status=confirmed');
    expect(await page.inputValue('#s-q')).toBe('ann');
  });

  it('shows nothing of a form another site posted, and leads only to console pages', async () => {
    const crossSite = await fetch(`${server.url}/admin/issues`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
        origin: 'https://elsewhere.example',
      },
      body: new URLSearchParams({ text: 'Planted words', list: 'default' }).toString(),
    });
    expect(crossSite.status).toBe(401);
    const page = await crossSite.text();
    expect(page).toContain('Your session has ended');
    expect(page).not.toContain('Planted words');

    // A sign-in form whose next page is not the console's goes to the Issues page instead.
    const form = await fetch(`${server.url}/admin/sign-in`);
    const nonce = (form.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    for (const next of ['//elsewhere.example/admin/x', 'https://elsewhere.example/', '/admin/../issues']) {
      const signedIn = await fetch(`${server.url}/admin/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: nonce },
        body: new URLSearchParams({ _csrf: csrf, key, next }).toString(),
      });
      expect(signedIn.status, next).toBe(303);
      expect(signedIn.headers.get('location'), next).toBe('/admin/issues');
    }
  });
});
