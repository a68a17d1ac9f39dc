/**
 * The console's pages of tables on the narrowest phones still in use (320 px), in real headless Chromium against
 * `digest dev`: the page itself never scrolls sideways; a table too wide for the screen scrolls in a region of its
 * own, which the keyboard reaches and a screen reader names.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { chromiumAvailable, launchChromium } from '../support/visual-audit.js';

const haveChromium = chromiumAvailable();
if (!haveChromium && process.env.CI)
  throw new Error('admin narrow-screen tests: /usr/bin/chromium is missing in CI');

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LIST = 'estuary-evening-bulletin';
const ARTICLE = `Estuary path reopens after winter repairs

The footpath along the north bank of the estuary reopened on Friday after three months of repairs to its sea wall.

"The new wall should hold for another fifty years," said Megan Ashdown, the county's coastal engineer.

Walkers are asked to keep to the path while the new grass on the bank takes root.`;

describe.skipIf(!haveChromium)('console pages at 320 px', () => {
  let dataDir: string;
  let server: DevServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-admin-narrow-'));
    const key = (await runCli(['keys', '--data-dir', dataDir])).stdout.trim();
    const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir]);
    await cli('lists', 'create', LIST, '--title', 'The Estuary Evening Bulletin', '--topics', 'walks,tides');
    await cli(
      'subscribers',
      'add',
      'harbourmaster.north.quay@estuary-bulletin.example.org',
      '--list',
      LIST,
      '--confirmed',
    );
    await cli(
      'sources',
      'add',
      'https://news.estuary-bulletin.example.org/feeds/evening-bulletin.xml',
      '--list',
      LIST,
      '--no-check',
    );
    await cli(
      'sources',
      'queue',
      'https://news.estuary-bulletin.example.org/2026/12/estuary-path-reopens.html',
      '--list',
      LIST,
    );
    const article = join(dataDir, 'estuary-path.txt');
    writeFileSync(article, ARTICLE);
    expect(
      (
        await runCli(['send', article, '--list', LIST, '--data-dir', dataDir], {
          env: { DIGEST_TRANSPORT: 'outbox' },
        })
      ).code,
    ).toBe(0);
    server = await startDevServer(dataDir, { DIGEST_TRANSPORT: 'outbox' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 320, height: 800 } });
    await page.goto(`${server.url}/admin`);
    await page.fill('#key', key);
    await Promise.all([page.waitForNavigation(), page.press('#key', 'Enter')]);
    // A draft beside the sent issue, and an import among the recent ones.
    await page.goto(`${server.url}/admin/issues/new?list=${LIST}`);
    await page.fill('#text', ARTICLE);
    await Promise.all([page.waitForNavigation(), page.click('#compose-form button[type=submit]')]);
    await page.goto(`${server.url}/admin/subscribers/import?list=${LIST}`);
    await page.fill('#i-text', 'email,topics\nwalker.on.the.north.bank@estuary-bulletin.example.org,walks\n');
    await Promise.all([page.waitForNavigation(), page.click('form[data-upload] button[type=submit]')]);
    await page.waitForSelector('#import-preview');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each([
    ['/admin/issues', 2],
    ['/admin/lists', 1],
    [`/admin/lists/${LIST}`, 2],
    [`/admin/subscribers?list=${LIST}`, 2],
  ])('%s stays within the screen; its tables scroll in regions of their own', async (path, regions) => {
    await page.goto(`${server.url}${path}`);
    const widths = (await page.evaluate(
      '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
    )) as { scroll: number; client: number };
    expect(widths.scroll, 'the page scrolls sideways').toBeLessThanOrEqual(widths.client);
    const tables = page.locator('main table:not(#counts-h + table)');
    expect(await tables.count()).toBe(regions);
    for (const table of await tables.all()) {
      const region = table.locator('xpath=..');
      expect(await region.getAttribute('role')).toBe('region');
      expect(await region.getAttribute('tabindex')).toBe('0');
      expect(await region.getAttribute('aria-label')).toBeTruthy();
    }
    await page.evaluate(AXE_SOURCE);
    const violations = (await page.evaluate(
      'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id))',
    )) as string[];
    expect(violations).toEqual([]);
  });
});
