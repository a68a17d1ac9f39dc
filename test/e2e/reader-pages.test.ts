/**
 * The pages a reader meets, in real headless Chromium against the built `digest dev`, as a reader uses them: on a
 * phone-sized screen, with the keyboard, submitting forms as a browser does.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../functions/core/tokens.js';
import { runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { parseMail } from '../support/mail.js';
import { outboxFiles } from '../support/outbox.js';
import { chromiumAvailable, launchChromium } from '../support/visual-audit.js';

/** What the tests read of a form field in the page (the DOM's types are not in this project's lib). */
interface Field {
  validity: { valueMissing: boolean };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const haveChromium = chromiumAvailable();
if (!haveChromium && process.env.CI) throw new Error('reader page tests: /usr/bin/chromium is missing in CI');

const SECRET = 'reader-pages-test-secret';
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: SECRET, DIGEST_DATA_DIR: '', DIGEST_TRANSPORT: 'outbox' };
const LIST = 'garden';
const TITLE = 'Allotment Notes';
const ARTICLE = `Allotments reopen after the winter floods

The allotments by the river reopened on Saturday after the floods of January left the lower beds under water.

"The soil has come back better than we feared," said Ines Halloran, who chairs the allotment society.

Plot holders are asked to keep off the lower beds until the grass paths have dried.`;

describe.skipIf(!haveChromium)('reader pages in Chromium', () => {
  let dataDir: string;
  let dev: DevServer;
  let browser: Browser;
  let page: Page;
  let issueId: string;
  const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir], { env: ENV });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-reader-pages-'));
    dev = await startDevServer(dataDir, ENV);
    expect((await cli('lists', 'create', LIST, '--title', TITLE, '--topics', 'veg,flowers')).code).toBe(0);
    expect((await cli('subscribers', 'add', 'plot7@example.org', '--list', LIST, '--confirmed')).code).toBe(
      0,
    );
    const article = join(dataDir, 'allotments.txt');
    writeFileSync(article, ARTICLE);
    const sent = await cli('send', article, '--list', LIST, '--json');
    expect(sent.code, sent.stderr).toBe(0);
    issueId = String(JSON.parse(sent.stdout.trim()).issueId);
    browser = await launchChromium();
    // A phone.
    page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("an issue's web version has one main landmark for its content; the mail's HTML has none", async () => {
    await page.goto(`${dev.url}/issues/${issueId}`);
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('main').getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    await page.evaluate(AXE_SOURCE);
    const landmarkRules = (await page.evaluate(
      'axe.run(document, { runOnly: ["landmark-one-main", "region"] }).then((r) => r.violations.map((v) => v.id))',
    )) as string[];
    expect(landmarkRules).toEqual([]);
    const [file] = outboxFiles(dataDir);
    const mail = await parseMail(readFileSync(join(dataDir, 'outbox', file!)));
    expect(mail.html).toContain(TITLE);
    expect(mail.html).not.toContain('<main');
  });

  it("the archive's subscribe form is the subscribe page's: an empty address is stopped by the browser", async () => {
    const formOf = async (path: string) => {
      await page.goto(`${dev.url}${path}`);
      return page.locator('form[action$="/subscribe"]').evaluate((form) => form.outerHTML);
    };
    const onArchive = await formOf(`/lists/${LIST}/archive`);
    expect(onArchive).toBe(await formOf(`/lists/${LIST}/subscribe`));

    await page.goto(`${dev.url}/lists/${LIST}/archive`);
    const form = page.locator('form[action$="/subscribe"]');
    await form.getByRole('button', { name: 'Subscribe' }).click();
    // Not sent: the page is still the archive, and the field says what is missing.
    expect(page.url()).toBe(`${dev.url}/lists/${LIST}/archive`);
    expect(
      await form.getByLabel('Email').evaluate((input) => (input as unknown as Field).validity.valueMissing),
    ).toBe(true);
  });

  it('a refused address shows the form again with what was typed and why, focused; fixing it subscribes', async () => {
    await page.goto(`${dev.url}/lists/${LIST}/subscribe`);
    await page.getByLabel('Email').fill('jörg@example.de');
    await page.getByLabel('flowers').check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Subscribe' }).click()]);

    expect(await page.title()).toBe(`Please check the form: subscribe to ${TITLE}`);
    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toMatch(
      /^Please check the address: the part before @ has letters beyond plain ASCII/,
    );
    expect(await alert.textContent()).not.toContain('SES');
    const email = page.getByLabel('Email');
    expect(await email.inputValue()).toBe('jörg@example.de');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(
      await email.evaluate(
        (input) => input === (input.ownerDocument as unknown as { activeElement: unknown }).activeElement,
      ),
    ).toBe(true);
    expect(await page.getByLabel('flowers').isChecked()).toBe(true);
    expect(await page.getByLabel('veg').isChecked()).toBe(false);

    await email.fill('joerg@example.de');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toBe('Check your inbox');
  });

  it('"Check your inbox" leads back to the list\'s archive, where its past issues and form are', async () => {
    await page.goto(`${dev.url}/lists/${LIST}/subscribe`);
    await page.getByLabel('Email').fill('shed12@example.org');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Subscribe' }).click()]);
    expect(await page.locator('h1').textContent()).toBe('Check your inbox');
    expect(await page.content()).not.toContain('shed12');
    const back = page.getByRole('link', { name: `Back to ${TITLE}` });
    expect(await back.count()).toBe(1);
    await Promise.all([page.waitForNavigation(), back.click()]);
    expect(page.url()).toBe(`${dev.url}/lists/${LIST}/archive`);
    expect(await page.locator('form[action$="/subscribe"]').count()).toBe(1);
  });

  it('preferences with the keyboard alone: the topics are boxes to tick, as on the subscribe page, and Save keeps them', async () => {
    const tok = signToken(
      { email: 'plot7@example.org', list: LIST, purpose: 'preferences' },
      SECRET,
      new Date(),
    );
    await page.goto(`${dev.url}/preferences?token=${encodeURIComponent(tok)}`);
    // Tab to the "veg" box, tick it with Space, and save with Enter on the button.
    for (let i = 0; i < 10 && (await focusedName(page)) !== 'veg'; i++) await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('veg');
    await page.keyboard.press('Space');
    while ((await focusedName(page)) !== 'Save') await page.keyboard.press('Tab');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.getByText('Your preferences are saved.').count()).toBe(1);
    expect(await page.getByLabel('veg').isChecked()).toBe(true);
    expect(await page.getByLabel('flowers').isChecked()).toBe(false);
    // Unticking every box is every topic again.
    await page.getByLabel('veg').uncheck();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save' }).click()]);
    expect(await page.getByLabel('veg').isChecked()).toBe(false);
    const listed = JSON.parse((await cli('subscribers', 'list', '--list', LIST, '--json')).stdout) as {
      email: string;
      topics: string[];
    }[];
    expect(listed.find((s) => s.email === 'plot7@example.org')?.topics).toEqual([]);
  });
});

/** The accessible name of the focused element: a box's label text, or a button's. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(
    `(() => { const el = document.activeElement; return (el?.labels?.[0]?.textContent ?? el?.textContent ?? '').trim(); })()`,
  );
}
