/**
 * Hostile pages cost at most the extraction budget: a structural check refuses pages nested or sized
 * past the limits before Readability runs, and extraction runs in a worker thread that is terminated when
 * a page overruns its time. The rest of a feed goes on. Real HTTP (the feed server), the real worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveSourceDeps } from '../../functions/adapters/feed-reader.js';
import { MAX_PAGE_DEPTH } from '../../functions/adapters/html-article.js';
import { extractArticle } from '../../functions/adapters/html-extract.js';
import { readFeedSource } from '../../functions/use-cases/read-sources.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';

const PARA =
  '<p>The council voted on Tuesday to rebuild the storm wall before the winter, the mayor said after a long meeting.</p>';
const nested = (depth: number) =>
  `<!DOCTYPE html><html><body>${'<div>'.repeat(depth)}${PARA.repeat(4)}${'</div>'.repeat(depth)}</body></html>`;
/** Within the structural limits, but seconds of Readability work. */
const wide = (blocks: number) =>
  `<!DOCTYPE html><html><body>${'<div><p>a b c d e f, g.</p></div>'.repeat(blocks)}</body></html>`;

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server?.close();
});

describe('extraction budget', { timeout: 60_000 }, () => {
  it('a page of 2,000 nested divs is refused before Readability runs', async () => {
    await expect(extractArticle(nested(2000), null)).rejects.toThrow(
      `nested more than ${MAX_PAGE_DEPTH} levels deep`,
    );
  });

  it('a page that overruns its time budget is refused, and the next page is read by a fresh worker', async () => {
    await expect(extractArticle(wide(5000), null, { timeoutMs: 300 })).rejects.toThrow(/not read within/);
    const article = await extractArticle(nested(20), 'https://news.example.org/wall');
    expect(article.source).toContain('storm wall');
  });

  it('pages waiting behind one that overruns are read, not failed with it', async () => {
    // A briefing extracts a few pages at once; they queue on one worker thread.
    const [slow, first, second] = await Promise.allSettled([
      extractArticle(wide(5000), 'https://news.example.org/wide', { timeoutMs: 300 }),
      extractArticle(nested(20), 'https://news.example.org/wall'),
      extractArticle(nested(30), 'https://news.example.org/wall-2'),
    ]);
    expect(slow.status).toBe('rejected');
    expect((slow as PromiseRejectedResult).reason.message).toMatch(/not read within/);
    expect(first).toMatchObject({ status: 'fulfilled', value: { url: 'https://news.example.org/wall' } });
    expect(second).toMatchObject({ status: 'fulfilled', value: { url: 'https://news.example.org/wall-2' } });
  });

  it('a hostile item in a feed is reported and the other items still come', async () => {
    server.set('/articles/nested.html', { type: 'text/html; charset=utf-8', body: nested(2000) });
    const base = server.origin;
    server.set('/feeds/hostile.rss', {
      type: 'application/rss+xml; charset=utf-8',
      body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Mixed</title><link>${base}/</link>
<item><title>Trap</title><link>${base}/articles/nested.html</link><guid>trap</guid></item>
<item><title>Harbour</title><link>${base}/articles/harbour-reopens.html</link><guid>harbour</guid></item>
</channel></rss>`,
    });
    const deps = liveSourceDeps({ allowLoopback: true, now: () => new Date('2026-03-10T07:00:00Z') });
    const { candidates, report } = await readFeedSource(`${base}/feeds/hostile.rss`, deps);
    expect(candidates.map((c) => c.guid)).toEqual(['harbour']);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]?.error).toMatch(/nested more than/);
  });
});
