/**
 * Rejecting a briefing in real headless Chromium against `digest dev`: the briefing is composed from the list's
 * queued article in the console (served by a local article server), and its Reject form is used as an editor uses
 * it. Unticked, the browser itself refuses to post it (the "I understand" box is required) and the briefing still
 * awaits approval; a reject from a page loaded before another tab's edit is refused with the briefing as it is now;
 * ticked, from the page as it is, it is rejected and its page says so. Each briefing page is checked with axe-core.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';
import { outboxFiles } from '../support/outbox.js';
import { chromiumAvailable, launchChromium } from '../support/visual-audit.js';

const haveChromium = chromiumAvailable();
if (!haveChromium && process.env.CI)
  throw new Error('admin reject tests: /usr/bin/chromium is missing in CI');

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ENV = { DIGEST_ALLOW_LOOPBACK: '1', DIGEST_TRANSPORT: 'outbox' };

/** The serious and critical findings of axe-core on the page (run through the DevTools protocol, CSP as served). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)',
  )) as { id: string; impact: string | null }[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

describe.skipIf(!haveChromium)('rejecting a briefing in the browser', { timeout: 180_000 }, () => {
  let dataDir: string;
  let server: DevServer;
  let articles: FeedServer;
  let browser: Browser;
  let page: Page;
  const cli = (args: string[]) => runCli([...args, '--data-dir', dataDir], { env: ENV });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-admin-reject-'));
    articles = await startFeedServer();
    const key = (await cli(['keys'])).stdout.trim();
    expect((await cli(['lists', 'create', 'quay', '--title', 'The Quay'])).code).toBe(0);
    expect((await cli(['subscribers', 'add', 'ann@example.org', '--list', 'quay', '--confirmed'])).code).toBe(
      0,
    );
    const queued = await cli([
      'sources',
      'queue',
      `${articles.origin}/articles/harbour-reopens.html`,
      '--list',
      'quay',
    ]);
    expect(queued.code, queued.stderr).toBe(0);
    server = await startDevServer(dataDir, ENV);
    browser = await launchChromium();
    // One context, two tabs of it: the other tab shares the session, as an editor's second tab does.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    await page.fill('#key', key);
    await Promise.all([page.waitForNavigation(), page.press('#key', 'Enter')]);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await articles?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('asks for the box before it rejects, refuses a stale page, and once confirmed rejects and says so', async () => {
    // Composed from the list's sources: a briefing awaiting approval, with its Reject form.
    await page.goto(`${server.url}/admin/issues/new?list=quay`);
    await Promise.all([
      page.waitForURL(/\/admin\/issues\/[^/?#]+$/),
      page.click('button:has-text("Compose from the sources")'),
    ]);
    const path = new URL(page.url()).pathname;
    expect(await page.textContent('main')).toContain('briefing awaiting approval');
    expect(await seriousViolations(page)).toEqual([]);

    // Unticked, the browser does not post the form: nothing happens, and the box says why.
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith(`${path}/reject`)) posted += 1;
    });
    await page.click('#reject button[type=submit]');
    await page.waitForTimeout(500);
    expect(posted).toBe(0);
    expect(new URL(page.url()).pathname).toBe(path);
    // (the page's own check: the box is required, so the browser marks it missing rather than post the form)
    expect(await page.locator('#reject-confirm:invalid').count()).toBe(1);
    await page.reload();
    expect(await page.textContent('main')).toContain('briefing awaiting approval');

    // Another tab drops a key point; the Reject of the page loaded before it is refused, the briefing kept.
    const other = await page.context().newPage();
    await other.goto(`${server.url}${path}`);
    await Promise.all([other.waitForNavigation(), other.click('button[aria-label="Drop key point 1"]')]);
    await other.close();
    await page.check('#reject-confirm');
    const stale = await Promise.all([
      page.waitForNavigation(),
      page.click('#reject button[type=submit]'),
    ]).then(([answer]) => answer);
    expect(posted).toBe(1);
    expect(stale?.status()).toBe(409);
    const staleText = (await page.textContent('main')) ?? '';
    expect(staleText).toContain('Not rejected: this briefing was changed since the page was loaded');
    expect(staleText).toContain('briefing awaiting approval');
    expect(await page.isChecked('#reject-confirm')).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);

    // Ticked, from the page as it is now: rejected, and the page says so, with no Reject or Approve left.
    await page.check('#reject-confirm');
    await Promise.all([page.waitForURL(/\?done=rejected$/), page.click('#reject button[type=submit]')]);
    const done = (await page.textContent('main')) ?? '';
    expect(done).toContain('Briefing rejected: it will never be sent.');
    expect(done).toContain('briefing rejected: never sent');
    expect(await page.locator('#reject').count()).toBe(0);
    expect(await page.locator(`form[action="${path}/send"]`).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    // Never sent: no mail in the outbox (the reader was added confirmed, without a mail).
    expect(outboxFiles(dataDir)).toEqual([]);
  });
});
