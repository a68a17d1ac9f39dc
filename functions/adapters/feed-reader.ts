/**
 * The real sources of a briefing (ports/article-sources.ts SourceDeps): the SSRF-safe fetcher, the feed parser
 * (fast-xml-parser) and Readability extraction with the story pipeline. use-cases/read-sources.ts does the reading.
 */
import type { QuoteLog } from '../core/quotes/index.js';
import { buildStory } from '../core/story.js';
import type { SourceDeps } from '../ports/article-sources.js';
import { articleFromPage } from './article-loader.js';
import { parseFeed } from './feed-parser.js';
import { fetchUrl } from './http-fetcher.js';

export { type Feed, type FeedItem, FeedParseError, parseFeed } from './feed-parser.js';

/**
 * The real thing: the SSRF-safe fetcher, Readability extraction and the story pipeline.
 * `allowLoopback` is for tests only (feeds served on 127.0.0.1). `quoteLog` is where a quotation that
 * could not be attributed is reported (it then keeps no speaker); without it such a failure throws.
 */
export function liveSourceDeps(
  options: { allowLoopback?: boolean; now?: () => Date; quoteLog?: QuoteLog } = {},
): SourceDeps {
  return {
    parseFeed,
    fetchText: async (url, o) => {
      const r = await fetchUrl(url, { ...o, allowLoopback: options.allowLoopback === true });
      return { url: r.url, contentType: r.contentType || null, body: r.body };
    },
    // What `digest summarize URL` reads, and how: an empty page, binary data or a feed is refused (reported as
    // an item that could not be read); the declared type decides HTML or text, sniffing only without one.
    toArticle: (body, url, contentType) => articleFromPage({ url, contentType, body }),
    toStory: (article) => buildStory(article, options.quoteLog ? { log: options.quoteLog } : {}),
    now: options.now ?? (() => new Date()),
  };
}
