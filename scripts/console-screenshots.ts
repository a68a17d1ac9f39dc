/**
 * Screenshots of the admin console for the README (part of `npm run screenshots`): a fresh data
 * dir, `digest keys`, `digest dev`, 120 imported readers, an issue composed from the built-in
 * sample article, and the console's main pages photographed in headless Chromium at 1280 px:
 * docs/screenshots/console-{editor,preview,lists,subscribers,stats}.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { runCli } from '../test/support/cli.js';
import { startDevServer } from '../test/support/dev-server.js';

export async function consoleScreenshots(browser: Browser, root: string, outDir: string): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'digest-console-shots-'));
  const key = (await runCli(['keys', '--data-dir', dataDir])).stdout.trim();
  const server = await startDevServer(dataDir);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const written: string[] = [];
  const shot = async (name: string, fullPage = true) => {
    const path = join(outDir, `console-${name}.png`);
    await page.screenshot({ path, fullPage });
    written.push(path);
  };
  try {
    await page.goto(`${server.url}/admin/sign-in`);
    await page.fill('#key', key);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);

    const readers = Array.from(
      { length: 120 },
      (_, i) => `reader${i}@example.org,${i % 3 ? 'harbour' : 'weather'}`,
    );
    await page.goto(`${server.url}/admin/subscribers/import`);
    await page.fill('#i-text', `email,topics\n${readers.join('\n')}\n`);
    await page.check('#i-confirmed');
    await Promise.all([page.waitForNavigation(), page.click('form[data-upload] button[type=submit]')]);
    // the upload stops at its confirm page (rows read, what the import will do); nothing is written before Confirm
    await page.waitForSelector('#import-preview');
    await Promise.all([page.waitForNavigation(), page.click('form[action$="/confirm"] button[type=submit]')]);
    await page.waitForSelector('#import-report');

    const { readFileSync } = await import('node:fs');
    await page.goto(`${server.url}/admin/issues/new`);
    await page.fill('#text', readFileSync(join(root, 'functions/cli/samples/harbour-ferry.txt'), 'utf8'));
    await Promise.all([page.waitForNavigation(), page.click('#compose-form button[type=submit]')]);
    await page.waitForLoadState('networkidle');
    await shot('editor', false);
    await page.locator('#preview').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await shot('preview', false);

    await page.goto(`${server.url}/admin/lists/default`);
    await shot('lists');
    await page.goto(`${server.url}/admin/subscribers?topic=weather`);
    await shot('subscribers', false);

    await page.goto(page.url().replace(/\/admin\/.*$/, '/admin/issues'));
    const editor = await page.locator('main table a').first().getAttribute('href');
    await page.goto(`${server.url}${editor}`);
    await Promise.all([page.waitForNavigation(), page.click('form[action$="/send"] button[type=submit]')]);
    for (
      let i = 0;
      i < 120 && !((await page.textContent('[data-progress-text]')) ?? '').startsWith('Done');
      i++
    )
      await page.waitForTimeout(500);
    const issueId = new URL(page.url()).pathname.split('/')[3];
    await page.goto(`${server.url}/admin/stats/${issueId}`);
    await shot('stats');
  } finally {
    await page.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return written;
}
