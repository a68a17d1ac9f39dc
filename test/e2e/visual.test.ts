/**
 * The email as people see it, in real headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core): a 1-story and a 5-story digest, one with a list's logo and accent colour, the confirmation and
 * the forward mail, at
 * 375 and 600 px, light and dark. Asserts no horizontal overflow, alt text on every image,
 * text contrast of at least 4.5:1 against the background really behind each text, and no text
 * cut off by hidden overflow. Screenshots of the digests go to test-results/visual/ (gitignored) for a human look.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConfirmation, renderForward, renderIssue } from '../../functions/adapters/render-issue.js';
import { RENDER_OPTIONS, sampleIssue, sampleStory } from '../support/sample-issue.js';
import { auditPage, chromiumAvailable, launchChromium, openEmail, VIEWS } from '../support/visual-audit.js';

const haveChromium = chromiumAvailable();
if (!haveChromium && process.env.CI) {
  throw new Error('visual tests: /usr/bin/chromium is missing in CI (apt-get install -y chromium)');
}
if (!haveChromium) {
  process.stderr.write(
    'visual tests skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)\n',
  );
}

const outDir = join(import.meta.dirname, '../../test-results/visual');

const hostile = sampleStory(1);
hostile.title =
  'A title with <b>markup</b> & a very-long-unbreakable-word-like-supercalifragilisticexpialidocious-again';

const EMAILS: { name: string; html: string }[] = [
  { name: 'digest-1', html: renderIssue(sampleIssue([sampleStory(0)]), RENDER_OPTIONS).html },
  {
    name: 'digest-5',
    html: renderIssue(sampleIssue([0, 1, 2, 3, 5].map(sampleStory)), RENDER_OPTIONS).html,
  },
  { name: 'digest-long-words', html: renderIssue(sampleIssue([hostile]), RENDER_OPTIONS).html },
  {
    // a list's logo (not loaded here: every request is refused, so its alt text stands in) and accent colour
    name: 'digest-branded',
    html: renderIssue(sampleIssue([sampleStory(0), sampleStory(2)]), {
      ...RENDER_OPTIONS,
      listName: 'The Harbour Brief',
      logoUrl: 'https://cdn.example.org/harbour-brief.png',
      accentColor: '#0a5c7a',
    }).html,
  },
  {
    name: 'confirmation',
    html: renderConfirmation({
      confirmUrl:
        'https://digest.example.org/confirm?token=v1.eyJsIjoiY29hc3RhbC13ZWVrbHkifQ.c2lnbmF0dXJlLXRoYXQtaXMtbG9uZw',
      list: 'coastal-weekly',
      listName: 'Coastal Weekly',
      postalAddress: RENDER_OPTIONS.postalAddress,
      baseUrl: RENDER_OPTIONS.baseUrl,
    }).html,
  },
  {
    name: 'forward',
    html: renderForward({
      issue: sampleIssue([sampleStory(0), sampleStory(2)]),
      ...RENDER_OPTIONS,
      forwardedBy: 'Jo Baird',
      note: 'Board: the wall vote matters for our Q1 budget.\nSee the second story too.',
      subscribeUrl: 'https://digest.example.org/lists/coastal-weekly/subscribe',
    }).html,
  },
];

describe.skipIf(!haveChromium)('emails in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const email of EMAILS) {
    it.each(VIEWS)(`${email.name} at $width px, $colorScheme`, async (view) => {
      const page = await openEmail(browser, email.html, view);
      try {
        if (email.name.startsWith('digest')) {
          await page.screenshot({ path: join(outDir, `${email.name}-${view.name}.png`), fullPage: true });
        }
        const report = await auditPage(page);
        expect(report.textElements).toBeGreaterThan(5);
        expect(report.scrollWidth, 'horizontal overflow').toBeLessThanOrEqual(report.clientWidth);
        expect(report.imagesWithoutAlt).toEqual([]);
        expect(report.lowContrast).toEqual([]);
        expect(report.clipped).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
  }

  // The narrowest phones still in use: readable means nothing overflows and nothing is cut off.
  it.each(EMAILS)('$name at 320 px stays within the screen', async (email) => {
    const page = await openEmail(browser, email.html, { width: 320, colorScheme: 'light' });
    try {
      const report = await auditPage(page);
      expect(report.scrollWidth).toBeLessThanOrEqual(report.clientWidth);
      expect(report.clipped).toEqual([]);
      expect(report.lowContrast).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('notices what it must notice: low contrast, overflow, cut-off text and a missing alt', async () => {
    const bad = `<!doctype html><html lang="en"><body style="margin:0;background:#fff">
      <p style="color:#bbbbbb">pale grey on white</p>
      <div style="width:900px">too wide</div>
      <div style="width:60px;overflow:hidden;white-space:nowrap">this text is cut off at sixty pixels</div>
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="1" height="1">
      <p>fine</p><p>fine</p><p>fine</p></body></html>`;
    const page = await openEmail(browser, bad, { width: 375, colorScheme: 'light' });
    try {
      const report = await auditPage(page);
      expect(report.lowContrast.map((l) => l.text)).toEqual(['pale grey on white']);
      expect(report.scrollWidth).toBeGreaterThan(report.clientWidth);
      expect(report.clipped).toHaveLength(1);
      expect(report.imagesWithoutAlt).toHaveLength(1);
    } finally {
      await page.context().close();
    }
  });
});
