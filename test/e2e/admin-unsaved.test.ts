/**
 * Typed but not saved, in real headless Chromium against `digest dev`: on the issue editor every change is a form of
 * its own, so an editor who types a new subject and then presses another form's button (drop a key point, send a
 * test copy) or a link would get the page back without the subject. The browser asks first; staying keeps what was
 * typed and changes nothing, and saving the form itself, or leaving a page with nothing typed, asks nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { chromiumAvailable, launchChromium } from '../support/visual-audit.js';

const haveChromium = chromiumAvailable();
if (!haveChromium && process.env.CI)
  throw new Error('admin unsaved tests: /usr/bin/chromium is missing in CI');

const ARTICLE = `Harbour cranes return to the east quay

Two harbour cranes that were taken down for repairs in the spring went back up on the east quay on Monday, the port authority said.

"The quay has waited long enough for them," said harbour master Ines Dahl, who watched the first lift from the breakwater.

The cranes will load timber and grain from next week, and the night shift returns in January.`;

describe.skipIf(!haveChromium)('an edit typed but not saved', { timeout: 120_000 }, () => {
  let dataDir: string;
  let server: DevServer;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-admin-unsaved-'));
    const key = (await runCli(['keys', '--data-dir', dataDir])).stdout.trim();
    server = await startDevServer(dataDir, { DIGEST_TRANSPORT: 'outbox' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (dialog: Dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    await page.goto(`${server.url}/admin`);
    await page.fill('#key', key);
    await Promise.all([page.waitForNavigation(), page.press('#key', 'Enter')]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('asks before another form or a link leaves a typed subject behind, and asks nothing otherwise', async () => {
    await page.goto(`${server.url}/admin/issues/new`);
    await page.locator('#text').fill(ARTICLE);
    await Promise.all([
      page.waitForURL(/\/admin\/issues\/[^/]+$/),
      page.click('#compose-form button[type=submit]'),
    ]);
    const editor = page.url();
    const points = async () => page.locator('#story-0 ol.points > li').count();
    const before = await points();
    expect(dialogs).toEqual([]);

    // A new subject typed, not saved; then Drop on a key point. The browser asks; staying keeps both as they were.
    await page.locator('#subject').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' (updated)');
    await page.click('button[aria-label="Drop key point 1"]');
    await expect.poll(() => dialogs).toEqual(['beforeunload']);
    expect(page.url()).toBe(editor);
    expect(await page.inputValue('#subject')).toBe('Harbour cranes return to the east quay (updated)');
    expect(await points()).toBe(before);

    // A link asks too.
    await page.click('header a[href="/admin/lists"]');
    await expect.poll(() => dialogs).toEqual(['beforeunload', 'beforeunload']);
    expect(page.url()).toBe(editor);

    // Saving the subject itself asks nothing, and neither does leaving a page with nothing typed.
    await Promise.all([
      page.waitForNavigation(),
      page.click('button:has-text("Save subject and preheader")'),
    ]);
    expect(await page.textContent('h1')).toBe('Harbour cranes return to the east quay (updated)');
    await Promise.all([page.waitForNavigation(), page.click('button[aria-label="Drop key point 1"]')]);
    expect(await points()).toBe(before - 1);
    await Promise.all([page.waitForNavigation(), page.click('header a[href="/admin/lists"]')]);
    expect(dialogs).toHaveLength(2);
  });
});
