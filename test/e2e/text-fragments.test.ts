/**
 * The links from key points and quotes into the source, followed in real Chromium: an article page
 * of our own, long enough that the quotes sit far below the fold, goes through the real pipeline
 * (HTML extraction, story building, view model); every generated `#:~:text=` link must bring its
 * sentence into view. A link to text that is not on the page must not scroll, which shows that the
 * scroll comes from the fragment and not from chance.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleFromHtml } from '../../functions/adapters/html-article.js';
import { digestView, fragmentLink } from '../../functions/core/render-model.js';
import { buildStory } from '../../functions/core/story.js';
import { RENDER_OPTIONS, sampleIssue } from '../support/sample-issue.js';
import { chromiumAvailable, launchChromium } from '../support/visual-audit.js';

const haveChromium = chromiumAvailable();
if (!haveChromium && process.env.CI)
  throw new Error('text fragment tests: /usr/bin/chromium is missing in CI');

const BACKGROUND = [
  'Port Ellery has defended its harbour with a stone wall since 1887, when a winter storm destroyed half of the fishing fleet.',
  'The wall was raised twice in the twentieth century, in 1931 and again in 1978, each time after a flood reached the market square.',
  'Engineers who inspected it in 2019 found that the mortar in the northern section had weakened, but the repairs were postponed twice for lack of money.',
  'The October surge, driven by a deep low over the North Sea, broke through a 40-metre stretch of that northern section in the early hours of a Sunday.',
  'Water reached the ground floors of 40 houses on the seafront, and the lifeboat station was closed for nine days while its slipway was cleared.',
  'Insurers have so far paid out about 1.1 million euros to households, according to figures the council published last week.',
  'The town relies on the harbour for its ferry link to the islands, which carries about 300,000 passengers a year, and for a fishing fleet of 26 boats.',
  'A temporary barrier of sandbags and steel plates has held since the surge, but the harbour master has warned that it would not survive a second storm of the same size.',
];

const PAGE = (
  url: string,
) => `<!doctype html><html lang="en"><head><title>Storm wall vote | Coast News</title>
<link rel="canonical" href="${url}"></head><body>
<nav><a href="/">Home</a> · <a href="/coast">Coast</a></nav>
<article><h1>Harbour town votes to rebuild its storm wall before winter</h1>
<p>By Ada Marsh</p>
${[...BACKGROUND, ...BACKGROUND.map((s) => s.replace('Port Ellery', 'The town'))].map((s) => `<p>${s}</p>`).join('\n')}
<p>The council of Port Ellery voted 7 to 2 on Tuesday to rebuild the storm wall that failed in the October surge, committing 4.2 million euros from its reserve fund.</p>
<p>"We cannot ask people to sleep behind a wall we know is broken," said Mara Quist, the mayor of Port Ellery, after the vote.</p>
<p>Two councillors argued that the town should wait for a regional grant, which could cover half of the cost but would not arrive before 2028.</p>
<p>"Waiting for the grant means betting the harbour on a calm winter," said Tomas Reyne, the harbour master.</p>
<p>Work is due to start on 1 December and to finish before the spring tides, the council said.</p>
</article></body></html>`;

let server: Server;
let url: string;
let browser: Browser;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE(url));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/coast/storm-wall`;
  if (haveChromium) browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server.close(r));
});

/** Opens a link in a fresh 800×600 page; where the page scrolled, and whether `probe` is in view. */
async function follow(link: string, probe: string): Promise<{ scrollY: number; inView: boolean }> {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  try {
    await page.goto(link);
    await page.waitForTimeout(800);
    // plain JavaScript for the page (this file is compiled without the DOM library)
    return (await page.evaluate(`(() => {
      const text = ${JSON.stringify(probe)};
      const el = [...document.querySelectorAll('p, h1')].find((p) => p.textContent.replace(/\\s+/g, ' ').includes(text));
      const rect = el && el.getBoundingClientRect();
      return { scrollY: window.scrollY, inView: Boolean(rect && rect.bottom > 0 && rect.top < innerHeight) };
    })()`)) as { scrollY: number; inView: boolean };
  } finally {
    await page.close();
  }
}

describe.skipIf(!haveChromium)('text fragment links in Chromium', () => {
  it('every key point and quote link scrolls its sentence into view', async () => {
    const article = articleFromHtml(PAGE(url), url);
    const story = buildStory({ ...article, url });
    expect(story.quotes.length).toBeGreaterThan(0);
    const [view] = digestView(sampleIssue([story]), RENDER_OPTIONS).stories;
    const spans = [...story.keyPoints, ...story.quotes];
    const links = [...view!.keyPoints, ...view!.quotes].map((v) => v.url);
    expect(links.every((l) => l?.startsWith(`${url}#:~:text=`))).toBe(true);
    let scrolled = 0;
    for (const [i, span] of spans.entries()) {
      const probe = story.source.slice(span.start, span.end).replace(/\s+/g, ' ').trim().slice(0, 40);
      const result = await follow(links[i]!, probe);
      expect(result.inView, `${links[i]} → "${probe}"`).toBe(true);
      if (result.scrollY > 0) scrolled++;
    }
    // the quotes sit below the fold: at least those links must have scrolled the page
    expect(scrolled).toBeGreaterThanOrEqual(story.quotes.length);
  });

  it('a link to text that is not on the page does not scroll', async () => {
    const result = await follow(
      fragmentLink(url, 'This sentence appears nowhere on the page at all.')!,
      'Work is due',
    );
    expect(result.scrollY).toBe(0);
    expect(result.inView).toBe(false);
  });
});
