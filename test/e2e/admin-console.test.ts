/**
 * The admin console as an editor uses it, in real headless Chromium against `digest dev` on a fresh
 * data dir: sign in with the key, create a list, import 200 subscribers from a CSV, compose from an article, drop a
 * key point, correct a speaker, preview, send a test copy, send, and read the stats. Then the outbox
 * and the archived issue JSON are checked for the edits. Every page is checked with axe-core, driven
 * from the keyboard, and watched for Content-Security-Policy violations.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTagValue } from '../../functions/adapters/ses-mailer.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { chromiumAvailable, launchChromium } from '../support/visual-audit.js';

const haveChromium = chromiumAvailable();
if (!haveChromium && process.env.CI)
  throw new Error('admin console tests: /usr/bin/chromium is missing in CI');
if (!haveChromium)
  process.stderr.write(
    'admin console tests skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)\n',
  );

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ARTICLE = readFileSync(join(REPO_ROOT, 'test/fixtures/articles/ferry-timetable.txt'), 'utf8');
const SUBSCRIBERS = 200;

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page (evaluated through the DevTools protocol, so the page's CSP stays as served). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)',
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${page.url()}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Focuses an element by tabbing to it, then presses Enter (or Space): the keyboard path a person takes. */
async function pressByKeyboard(
  page: Page,
  selector: string,
  key: 'Enter' | 'Space' = 'Enter',
): Promise<void> {
  const target = page.locator(selector).first();
  await target.scrollIntoViewIfNeeded();
  await page.evaluate('document.activeElement?.blur()');
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) {
      await page.keyboard.press(key);
      return;
    }
  }
  throw new Error(`${selector} cannot be reached with the Tab key`);
}

/** Runs an action that submits a form, and waits for the page it leads to. */
async function submitted(page: Page, action: () => Promise<void>): Promise<void> {
  const navigation = page.waitForNavigation({ waitUntil: 'load' });
  await action();
  await navigation;
}

describe.skipIf(!haveChromium)('admin console in a browser', () => {
  let dataDir: string;
  let server: DevServer;
  let browser: Browser;
  let page: Page;
  let key: string;
  const cspViolations: string[] = [];
  const axeFindings: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-admin-'));
    key = (await runCli(['keys', '--data-dir', dataDir])).stdout.trim();
    server = await startDevServer(dataDir, { DIGEST_TRANSPORT: 'outbox' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const audit = async () => axeFindings.push(...(await seriousViolations(page)));

  it('runs the whole loop from sign-in to stats, and the mail carries the edits', async () => {
    // Sign in: the console sends a visitor without a session to the sign-in page.
    await page.goto(`${server.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await audit();
    await page.locator('#key').focus();
    await page.keyboard.type(key);
    await submitted(page, () => page.keyboard.press('Enter'));
    expect(new URL(page.url()).pathname).toBe('/admin/issues');
    await audit();

    // Create a list.
    await page.goto(`${server.url}/admin/lists`);
    await audit();
    await page.fill('#new-id', 'harbour');
    await page.fill('#f-title', 'The Harbour Brief');
    await page.fill('#f-description', 'Ferries, tides and the quay, every morning');
    await submitted(page, () => pressByKeyboard(page, 'form[action="/admin/lists"] button[type=submit]'));
    expect(new URL(page.url()).pathname).toBe('/admin/lists/harbour');
    expect(await page.textContent('h1')).toBe('The Harbour Brief');

    // Import a CSV of 200 subscribers into it, plus two rows that are refused.
    await page.goto(`${server.url}/admin/subscribers/import?list=harbour`);
    await audit();
    const rows = Array.from({ length: SUBSCRIBERS }, (_, i) => `reader${i}@example.org,harbour`);
    const csv = `email,topics\n${rows.join('\n')}\nnot-an-address,harbour\n"<script>alert(1)</script>@x",harbour\n`;
    await page.setInputFiles('#i-file', {
      name: 'readers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.check('#i-confirmed');
    await pressByKeyboard(page, 'form[data-upload] button[type=submit]');
    // The upload's page asks first: what the file holds, and that nobody is mailed (the box was ticked).
    await page.waitForSelector('#import-preview', { timeout: 30_000 });
    expect(await page.textContent('#import-read')).toContain(
      `Read ${SUBSCRIBERS + 2} rows from readers.csv: ${SUBSCRIBERS} valid, 2 refused`,
    );
    expect(await page.textContent('#import-plan')).toContain('nobody is mailed');
    expect(await page.isChecked('#c-confirmed')).toBe(true);
    await audit();
    await submitted(page, () => pressByKeyboard(page, 'form[action$="/confirm"] button[type=submit]'));
    await page.waitForSelector('#import-report', { timeout: 30_000 });
    expect(await page.textContent('#import-report')).toContain(
      `Imported ${SUBSCRIBERS} of ${SUBSCRIBERS + 2} rows`,
    );
    expect(await page.locator('table tbody tr').count()).toBe(2);
    expect(await page.locator('main script').count()).toBe(0);
    await audit();

    // The list page: counts by status and the growth chart.
    await page.goto(`${server.url}/admin/lists/harbour`);
    expect(await page.locator('#counts-h + table').textContent()).toContain(String(SUBSCRIBERS));
    expect(await page.locator('svg.chart rect').count()).toBe(30);
    await audit();

    // Subscribers: search and filter.
    await page.goto(`${server.url}/admin/subscribers?list=harbour&q=reader19&status=confirmed&topic=harbour`);
    // reader19, reader190 … reader199 (the recent imports are a table of their own, below)
    expect(await page.locator('#matches tbody tr').count()).toBe(11);
    expect(await page.locator('#recent-imports tbody tr').count()).toBe(1);
    await audit();

    // Compose from the article, pasted.
    await page.goto(`${server.url}/admin/issues/new?list=harbour`);
    await audit();
    expect(await page.inputValue('#list')).toBe('harbour');
    await page.fill('#text', ARTICLE);
    await submitted(page, () => pressByKeyboard(page, '#compose-form button[type=submit]'));
    expect(page.url()).toMatch(/\/admin\/issues\/\d{8}-[0-9a-f]{12}$/);
    const issueId = new URL(page.url()).pathname.split('/').pop() as string;
    await audit();

    // Drop the second key point.
    const points = page.locator('#story-0 ol.points > li');
    const before = await points.count();
    const dropped = ((await points.nth(1).evaluate((li) => li.firstChild?.textContent)) ?? '').trim();
    expect(dropped.length).toBeGreaterThan(20);
    await submitted(page, () => pressByKeyboard(page, '#story-0 button[aria-label="Drop key point 2"]'));
    expect(await points.count()).toBe(before - 1);

    // Correct the speaker of the first quote: the article quotes that speaker twice, and the form says that the
    // correction names both (one edit, so that the email names the speaker one way).
    await pressByKeyboard(page, '#story-0 ul.quotes > li:first-child summary');
    await expect
      .poll(() => page.locator('#story-0 ul.quotes > li:first-child details').textContent())
      .toContain('Saving corrects this quote and the other quote of this story by');
    const speaker = page.locator('#story-0 ul.quotes > li:first-child input[name=speaker]');
    await speaker.fill('Rhona Dace-Imrie');
    await page
      .locator('#story-0 ul.quotes > li:first-child input[name=role]')
      .fill('chief executive of Sarn Link');
    await submitted(page, () =>
      pressByKeyboard(page, '#story-0 ul.quotes > li:first-child button:text("Save speaker")'),
    );
    expect(await page.locator('#story-0 .badge.corrected').count()).toBe(2);
    await audit();

    // Preview at 600 px, 375 px and dark: each frame shows the edited issue.
    for (const mode of ['desktop', 'mobile', 'dark']) {
      const frame = page.frameLocator(`iframe[src$="/preview/${mode}"]`);
      await expect
        .poll(() => frame.locator('body').textContent(), { timeout: 10_000 })
        .toContain('Rhona Dace-Imrie');
      expect(await frame.locator('body').textContent()).not.toContain(dropped);
    }

    // A test copy to the editor.
    await page.fill('#test-to', 'editor@example.org');
    await submitted(page, () => pressByKeyboard(page, 'form[action$="/test"] button[type=submit]'));
    expect(await page.textContent('.flash.ok')).toContain('A test copy went out.');

    // Send now, and watch the progress until it is done.
    await submitted(page, () => pressByKeyboard(page, 'form[action$="/send"] button[type=submit]'));
    expect(page.url()).toMatch(/\/progress$/);
    await expect
      .poll(() => page.textContent('[data-progress-text]'), { timeout: 60_000, interval: 500 })
      .toContain(`Done: sent ${SUBSCRIBERS}`);
    await audit();

    // SES reports deliveries, opens and a click for two readers (through digest dev's SES events route).
    const delivered = readdirSync(join(dataDir, 'outbox'))
      .map((f) => readFileSync(join(dataDir, 'outbox', f), 'utf8'))
      .filter((raw) => raw.includes(issueId) && !/^Subject: \[Test\]/m.test(raw))
      .slice(0, 2)
      .map((raw) => ({
        to: /^To: (\S+)\r?$/m.exec(raw)?.[1] ?? '',
        deliveryId: /^X-Digest-Delivery: (\S+)\r?$/m.exec(raw)?.[1] ?? '',
      }));
    const story = 'https://news.example.org/ferry';
    const sesEvent = (d: { to: string; deliveryId: string }, eventType: string, extra: object) => ({
      eventType,
      mail: {
        timestamp: new Date().toISOString(),
        messageId: `ses-${d.deliveryId}`,
        destination: [d.to],
        tags: {
          'digest-delivery': [encodeTagValue(d.deliveryId)],
          'digest-issue': [encodeTagValue(issueId)],
        },
      },
      ...extra,
    });
    const now = new Date().toISOString();
    const events = delivered.flatMap((d) => [
      sesEvent(d, 'Delivery', { delivery: { timestamp: now } }),
      sesEvent(d, 'Open', { open: { timestamp: now } }),
    ]);
    events.push(sesEvent(delivered[0]!, 'Click', { click: { timestamp: now, link: story } }));
    for (const [n, event] of events.entries()) {
      const answer = await fetch(`${server.url}/local/ses-events`, {
        method: 'POST',
        body: JSON.stringify({
          Type: 'Notification',
          MessageId: `sns-${n}`,
          TopicArn: 'arn:aws:sns:us-east-1:123456789012:SesEvents',
          Message: JSON.stringify(event),
          Timestamp: now,
        }),
      });
      expect(answer.status, await answer.text()).toBe(200);
    }

    // The stats of the issue (every number `digest stats` knows, a chart, the top links) and the last issues side by side.
    await page.goto(`${server.url}/admin/stats/${issueId}`);
    const row = async (name: string) =>
      (await page.locator('#issue-stats tr', { has: page.locator(`th:text-is("${name}")`) }).textContent()) ??
      '';
    expect(await row('sent')).toContain(String(SUBSCRIBERS));
    expect(await row('delivered')).toContain('2');
    expect(await row('opened')).toContain('2 (100%)');
    expect(await row('clicked')).toContain('1 (50%)');
    for (const name of ['bounced', 'complained', 'unsubscribed']) expect(await row(name)).toMatch(/^\D*0/);
    expect(await page.textContent('#top-links')).toContain(story);
    expect(await page.getAttribute('#funnel', 'aria-label')).toBe(
      `sent ${SUBSCRIBERS}, delivered 2, opened 2, clicked 1`,
    );
    expect(await page.textContent('main')).toContain('[Test]');
    await audit();
    await page.goto(`${server.url}/admin/stats?list=harbour`);
    expect(await page.locator(`#side-by-side a[href="/admin/stats/${issueId}"]`).count()).toBe(1);
    expect(await page.getAttribute('#rates', 'aria-label')).toContain('opens 100%, clicks 50%');
    await audit();

    // A reader's history shows the issue they received; forgetting asks first, then erases them.
    await page.goto(`${server.url}/admin/subscriber?list=harbour&email=reader1%40example.org`);
    expect(await page.textContent('main ol')).toMatch(/confirmed \(import\)[\s\S]*: sent/);
    await audit();
    await page.goto(`${server.url}/admin/subscribers?list=harbour&q=reader0%40`);
    await submitted(page, () => pressByKeyboard(page, 'a[aria-label="Forget reader0@example.org"]'));
    expect(await page.textContent('h1')).toBe('Forget reader0@example.org?');
    await audit();
    await submitted(page, () =>
      pressByKeyboard(page, 'form[action^="/admin/subscribers/forget"] button[type=submit]'),
    );
    expect(await page.textContent('.flash.ok')).toContain('Forgotten: 1 record removed');
    await page.goto(`${server.url}/admin/subscribers?list=harbour&q=reader0%40`);
    expect(await page.textContent('main p[role=status]')).toContain('0 matches');

    // The outbox: 200 copies and the test copy, all showing the edits.
    const outbox = join(dataDir, 'outbox');
    const files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(SUBSCRIBERS + 1);
    for (const file of [files[0], files[files.length - 1]]) {
      const raw = readFileSync(join(outbox, file as string), 'utf8').replace(/=\r?\n/g, '');
      expect(raw).toContain('Rhona Dace-Imrie');
      expect(raw).not.toContain(dropped.slice(0, 40));
    }

    // The archived issue marks the corrected speaker as an editor's correction, with the trail.
    const archived = JSON.parse(readFileSync(join(dataDir, 'issues', `${issueId}.json`), 'utf8'));
    expect(archived.issue.list).toBe('harbour');
    const quote = archived.issue.stories[0].quotes[0];
    expect(quote).toMatchObject({
      speaker: 'Rhona Dace-Imrie',
      role: 'chief executive of Sarn Link',
      correction: { kind: 'editor', by: 'local editor', previous: { speaker: 'Rhona Dace' } },
    });
    expect(archived.issue.audit.map((a: { op: string }) => a.op)).toEqual([
      'compose',
      'drop-key-point',
      'correct-speaker',
      'test-send',
      'send',
    ]);

    expect(axeFindings).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 180_000);
});
