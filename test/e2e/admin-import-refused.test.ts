/**
 * A CSV upload the console refuses, in real headless Chromium against `digest dev`, with the page's script (which
 * sends the upload itself to show its progress): the editor sees why, and the form as it was posted (the list, the
 * consent box, a pasted CSV), so that the next upload goes to the same list in the same way.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { chromiumAvailable, launchChromium } from '../support/visual-audit.js';

const haveChromium = chromiumAvailable();
if (!haveChromium && process.env.CI)
  throw new Error('admin import tests: /usr/bin/chromium is missing in CI');

describe.skipIf(!haveChromium)('a refused CSV upload in the browser', () => {
  let dataDir: string;
  let server: DevServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-admin-import-refused-'));
    const key = (await runCli(['keys', '--data-dir', dataDir])).stdout.trim();
    // A second list, not the first one in the form's list: a form that forgets the choice falls back to `default`.
    await runCli(['lists', 'create', 'quayside', '--title', 'Quayside Weekly', '--data-dir', dataDir]);
    server = await startDevServer(dataDir, { DIGEST_TRANSPORT: 'outbox' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/admin`);
    await page.fill('#key', key);
    await Promise.all([page.waitForNavigation(), page.press('#key', 'Enter')]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('says why, and keeps the list and the consent box; the next upload goes through', async () => {
    await page.goto(`${server.url}/admin/subscribers/import?list=quayside`);
    await page.check('#i-confirmed');
    await page.setInputFiles('#i-file', {
      name: 'members.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,topics\nGwen Morris,boats\n'),
    });
    await page.click('form[data-upload] button[type=submit]');
    const alert = page.locator('[role=alert]');
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.textContent()).toMatch(/^Not imported: .*email/);
    // The answer is shown where the form was, its reason focused for a screen reader.
    expect(await alert.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await page.inputValue('#i-list')).toBe('quayside');
    expect(await page.isChecked('#i-confirmed')).toBe(true);

    // A pasted CSV without addresses: kept as typed, to be corrected.
    await page.fill('#i-text', 'name\nGwen Morris\n');
    const before = await alert.elementHandle();
    await page.click('form[data-upload] button[type=submit]');
    // The page is replaced by the new answer: the first one's alert is gone.
    await before?.waitForElementState('hidden');
    await alert.waitFor();
    expect(await page.locator('#i-text').textContent()).toBe('name\nGwen Morris\n');
    expect(await page.locator('[role=alert]').textContent()).toMatch(/^Not imported/);
    expect(await page.inputValue('#i-list')).toBe('quayside');

    // Corrected: the upload goes through to its confirm page, for the list chosen, nobody to be mailed.
    await page.fill('#i-text', 'email,topics\ngwen.morris@example.org,boats\n');
    await Promise.all([
      page.waitForURL(/\/admin\/subscribers\/import\/[^/]+$/),
      page.click('form[data-upload] button[type=submit]'),
    ]);
    await page.waitForSelector('#import-preview');
    expect(await page.textContent('h1')).toContain('Quayside Weekly');
    expect(await page.textContent('#import-plan')).toContain('nobody is mailed');
  });
});
