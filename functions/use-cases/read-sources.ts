/**
 * Reads a list's sources into compose candidates: RSS/Atom feeds (each item's page fetched and
 * extracted) and queued article URLs. Every source runs under its own time budget; a source or
 * item that fails is reported and never fails the others.
 *
 * The network, feed parsing and extraction come in as deps (ports/article-sources.ts SourceDeps:
 * `fetchText`, `parseFeed`, `toArticle`, `toStory`), so that the same code runs with the SSRF-safe
 * fetcher in production and in tests.
 */
import { alreadySent, type Candidate, type SeenFingerprint, sentMatch } from '../core/compose.js';
import {
  FEED_MEDIA_TYPES,
  isFeedRoot,
  readsAsFeed,
  rootElement,
  XML_MEDIA_TYPES,
} from '../core/document-root.js';
import { pool } from '../core/pool.js';
import { believedDate } from '../core/published-date.js';
import type { Article, Story } from '../core/types.js';
import {
  DEFAULT_MAX_FEED_BYTES,
  DEFAULT_MAX_FEED_ITEMS,
  type Feed,
  type FeedItem,
  type FetchedText,
  type ItemNote,
  type QueuedArticle,
  type ReadOptions,
  type SourceDeps,
  type SourceReport,
  type SourceResult,
} from '../ports/article-sources.js';

export const FEED_ACCEPT = [...FEED_MEDIA_TYPES, ...XML_MEDIA_TYPES];
/**
 * Generic labels that many servers put on RSS and Atom (a static file server that does not know `.rss`, an
 * object store's default), and no label at all ('': a server that sends no Content-Type). A feed under one
 * of them is read when its root element says it is a feed (core/document-root.ts); an HTML page or plain
 * text under them is refused as the type alone would be.
 */
export const GENERIC_FEED_TYPES = ['text/plain', 'application/octet-stream', 'binary/octet-stream', ''];
/** Article pages: HTML, and plain text (a statement or transcript published as .txt), as `digest summarize URL` reads. */
export const ARTICLE_ACCEPT = ['text/html', 'application/xhtml+xml', 'text/plain'];
export const DEFAULT_SOURCE_TIMEOUT_MS = 20_000;
const DEFAULT_ITEM_TIMEOUT_MS = 8_000;
const DEFAULT_ARTICLE_MAX_BYTES = 3 * 1024 * 1024;
const DEFAULT_CONCURRENCY = 3;
/** Feed-supplied content shorter than this is not a usable stand-in for the page. */
const MIN_FALLBACK_WORDS = 40;

export class FeedFetchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedFetchError';
  }
}

/** A URL that answers, but not with a feed a briefing can read (checkFeed). */
export class NotAFeedError extends Error {
  constructor(
    readonly url: string,
    why: string,
    options?: { cause?: unknown },
  ) {
    super(`${url} is not an RSS or Atom feed: ${why}`, options);
    this.name = 'NotAFeedError';
  }
}

function messageOf(error: unknown): string {
  const m = error instanceof Error ? error.message : String(error);
  return m.split('\n')[0] ?? m;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), Math.max(1, ms));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type FeedReadOptions = { timeoutMs?: number; maxItems?: number; maxFeedBytes?: number };

/**
 * Fetches a feed URL asking for the feed types, under the read options' time and size limits, also taking the
 * `tolerate` types; any failure is a FeedFetchError.
 */
async function fetchFeed(
  feedUrl: string,
  deps: Pick<SourceDeps, 'fetchText'>,
  options: FeedReadOptions,
  tolerate: string[],
): Promise<FetchedText> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS;
  const maxBytes = options.maxFeedBytes ?? DEFAULT_MAX_FEED_BYTES;
  try {
    return await withTimeout(
      deps.fetchText(feedUrl, { accept: FEED_ACCEPT, timeoutMs, maxBytes, tolerate }),
      timeoutMs + 250,
      'feed',
    );
  } catch (error) {
    throw new FeedFetchError(`could not fetch feed: ${messageOf(error)}`, { cause: error });
  }
}

/**
 * Whether a response is read as a feed: served as a feed or XML, or under a generic label (GENERIC_FEED_TYPES) with
 * a body whose root element is a feed's. readFeed and checkFeed decide here, so a source that passed the check is
 * one the briefing reads.
 */
function isFeedResponse(fetched: FetchedText): boolean {
  const type = fetched.contentType ?? '';
  return FEED_ACCEPT.includes(type) || (GENERIC_FEED_TYPES.includes(type) && readsAsFeed(fetched.body));
}

function parseFetchedFeed(
  fetched: FetchedText,
  deps: Pick<SourceDeps, 'parseFeed'>,
  options: FeedReadOptions,
): Feed {
  return deps.parseFeed(fetched.body, {
    feedUrl: fetched.url,
    maxItems: options.maxItems ?? DEFAULT_MAX_FEED_ITEMS,
    maxBytes: options.maxFeedBytes ?? DEFAULT_MAX_FEED_BYTES,
  });
}

/** Fetches and parses one feed. Throws FeedFetchError or FeedParseError. */
export async function readFeed(
  feedUrl: string,
  deps: Pick<SourceDeps, 'fetchText' | 'parseFeed'>,
  options: FeedReadOptions = {},
): Promise<Feed> {
  const fetched = await fetchFeed(feedUrl, deps, options, GENERIC_FEED_TYPES);
  if (!isFeedResponse(fetched)) {
    // The refusal a page under this type always had: the label does not say feed, and neither does the body.
    throw new FeedFetchError(
      `could not fetch feed: unsupported content type ${fetched.contentType || '(none)'} at ${fetched.url}`,
    );
  }
  return parseFetchedFeed(fetched, deps, options);
}

/** What a URL that is no feed answered with, for NotAFeedError. */
function whatItIs(fetched: FetchedText): string {
  const type = fetched.contentType || 'no content type';
  const root = rootElement(fetched.body);
  if (/^html$/i.test(root ?? '') || type === 'text/html' || type === 'application/xhtml+xml')
    return `it answers with a web page (${type})`;
  if (root && !isFeedRoot(root)) return `it answers with an XML document (<${root}>, ${type})`;
  return `it answers with ${type}, and the body is not a feed`;
}

/**
 * Reads a URL as a briefing would read it as a feed (the same fetcher, types, sniffing and parser as readFeed), to
 * check it before it becomes a source: a web page added as a feed failed every briefing after. Article pages are
 * taken too, though not asked for, so that the refusal says what the URL is rather than "unsupported content type".
 * @throws NotAFeedError when the URL answers with something else (a web page, text, XML that is no feed, a feed
 *   that does not parse); FeedFetchError when it cannot be fetched (unreachable, 404, refused, another type).
 */
export async function checkFeed(
  feedUrl: string,
  deps: Pick<SourceDeps, 'fetchText' | 'parseFeed'>,
  options: FeedReadOptions = {},
): Promise<Feed> {
  const tolerate = [...new Set([...GENERIC_FEED_TYPES, ...ARTICLE_ACCEPT])];
  const fetched = await fetchFeed(feedUrl, deps, options, tolerate);
  if (!isFeedResponse(fetched)) throw new NotAFeedError(feedUrl, whatItIs(fetched));
  try {
    return parseFetchedFeed(fetched, deps, options);
  } catch (error) {
    // XML whose root is no feed's says what it is; a feed that does not parse, why
    const root = rootElement(fetched.body);
    const why = root && !isFeedRoot(root) ? whatItIs(fetched) : messageOf(error);
    throw new NotAFeedError(feedUrl, why, { cause: error });
  }
}

/** The note on an item whose link carried a user name or password (adapters/feed-parser.ts drops them). */
export const CREDENTIALS_NOTE = 'its link carried a user name or password, removed before the link was used';

/**
 * Why an item without a usable link was not read: a link that is not http(s) (`javascript:`, `mailto:`) or not a
 * URL at all is named as such, apart from an item that gives none.
 */
function missingLink(item: FeedItem): string {
  const issue = item.linkIssue;
  if (issue?.kind === 'not-http') return `item link is not http(s) (${issue.scheme}:)`;
  if (issue?.kind === 'invalid') return 'item link is not a valid URL';
  return 'item has no link';
}

async function fallbackArticle(item: FeedItem, deps: SourceDeps): Promise<Article | null> {
  const html = item.content ?? item.summary;
  if (!html || !item.link) return null;
  try {
    const article = await deps.toArticle(
      `<html><head><title></title></head><body><article>${html}</article></body></html>`,
      item.link,
      'text/html',
    );
    if (article.source.split(/\s+/).filter(Boolean).length < MIN_FALLBACK_WORDS) return null;
    return { ...article, title: item.title ?? article.title, url: item.link };
  } catch {
    return null;
  }
}

async function pageStory(
  url: string,
  deps: SourceDeps,
  timeoutMs: number,
): Promise<{ story: Story; article: Article }> {
  const page = await withTimeout(
    deps.fetchText(url, { accept: ARTICLE_ACCEPT, timeoutMs, maxBytes: DEFAULT_ARTICLE_MAX_BYTES }),
    timeoutMs + 250,
    'article',
  );
  const article = await deps.toArticle(page.body, page.url, page.contentType);
  return { article, story: deps.toStory(article) };
}

/**
 * Reads one feed into candidates. Never throws: a feed that cannot be fetched or parsed, or
 * that runs out of time, comes back with `ok: false` and whatever items were done by then.
 */
export async function readFeedSource(
  feedUrl: string,
  deps: SourceDeps,
  options: ReadOptions = {},
): Promise<SourceResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const report: SourceReport = {
    source: feedUrl,
    kind: 'feed',
    ok: true,
    error: null,
    items: 0,
    skipped: 0,
    alreadySent: 0,
    inDraft: 0,
    droppedByEditor: 0,
    tooOld: 0,
    candidates: 0,
    truncated: false,
    failures: [],
    notes: [],
  };
  const candidates: Candidate[] = [];
  /** Each candidate's place in the feed (its story URL may be the page's canonical URL, not the link). */
  const position = new Map<Candidate, number>();
  let feed: Feed;
  try {
    feed = await readFeed(feedUrl, deps, {
      timeoutMs,
      maxItems: options.maxItems,
      maxFeedBytes: options.maxFeedBytes,
    });
  } catch (error) {
    return {
      candidates,
      report: { ...report, ok: false, error: `${(error as Error).name}: ${messageOf(error)}` },
    };
  }
  report.items = feed.items.length;
  report.truncated = feed.truncated;
  const notBeforeMs = options.notBefore ? Date.parse(options.notBefore) : Number.NaN;
  const readAt = deps.now();
  // A date far ahead of the reading time (2099) is not believed: the item is undated, and noted.
  const dates = new Map(feed.items.map((item) => [item, believedDate(item.published, readAt)]));
  const met: SeenFingerprint[] = [];
  const todo = feed.items.filter((item) => {
    // The cheap part of dedupe (URL, GUID), before any page is fetched: sent, waiting in a draft, dropped by an editor.
    const known = { url: item.link, guid: item.guid, sourceId: feedUrl };
    const match = sentMatch(known, options.seen ?? []);
    const sent = match !== null;
    const inDraft = !sent && alreadySent(known, options.inDrafts ?? []);
    const dropped = !sent && !inDraft && alreadySent(known, options.editorDropped ?? []);
    const skip = sent || inDraft || dropped;
    const published = dates.get(item)?.published ?? null;
    const tooOld = published !== null && Number.isFinite(notBeforeMs) && Date.parse(published) < notBeforeMs;
    const old = !skip && tooOld;
    // A sent story the feed still offers, young enough to be sent again but for its record: its claim is renewed.
    if (match && !tooOld) met.push(match);
    if (sent) report.alreadySent++;
    if (inDraft) report.inDraft++;
    if (dropped) report.droppedByEditor++;
    if (old) report.tooOld++;
    if (old || skip) report.skipped++;
    return !old && !skip;
  });
  const arrivedAt = readAt.toISOString();
  const itemIndex = new Map(feed.items.map((item, i) => [item, i]));
  const notes: Array<{ at: number; note: ItemNote }> = [];
  await pool(todo, options.concurrency ?? DEFAULT_CONCURRENCY, async (item) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      report.failures.push({ url: item.link, title: item.title, error: 'source time budget used up' });
      return;
    }
    if (item.linkIssue?.kind === 'credentials-removed')
      notes.push({
        at: itemIndex.get(item) ?? 0,
        note: { url: item.link, title: item.title, note: CREDENTIALS_NOTE },
      });
    let story: Story | null = null;
    let error: string | null = null;
    if (item.link) {
      try {
        const { story: s } = await pageStory(item.link, deps, Math.min(remaining, DEFAULT_ITEM_TIMEOUT_MS));
        story = s;
      } catch (e) {
        error = messageOf(e);
      }
    } else error = missingLink(item);
    if (!story) {
      const fallback = await fallbackArticle(item, deps);
      try {
        if (fallback) story = deps.toStory(fallback);
      } catch (e) {
        // Forty words without a sentence to summarise (core/article-text.ts): reported, never thrown.
        error ??= messageOf(e);
      }
    }
    if (!story) {
      report.failures.push({
        url: item.link,
        title: item.title,
        error: error ?? 'no article text',
        position: (itemIndex.get(item) ?? 0) + 1,
      });
      return;
    }
    // An undated item takes its page's date, when that one is believed.
    const itemDate = dates.get(item) ?? { published: null, note: null };
    const pageDate = itemDate.published === null ? believedDate(story.published, readAt) : null;
    for (const note of [itemDate.note, pageDate?.note]) {
      if (note)
        notes.push({ at: itemIndex.get(item) ?? 0, note: { url: item.link, title: item.title, note } });
    }
    const candidate: Candidate = {
      story: {
        ...story,
        title: story.title ?? item.title,
        url: story.url ?? item.link,
        published: itemDate.published ?? pageDate?.published ?? null,
        // The feed names its publication; the page's own site name is the fallback.
        siteName: feed.title ?? story.siteName ?? null,
      },
      guid: item.guid,
      sourceId: feedUrl,
      origin: 'feed',
      arrivedAt,
    };
    candidates.push(candidate);
    position.set(candidate, itemIndex.get(item) ?? 0);
  });
  if (Date.now() > deadline && report.failures.some((f) => f.error === 'source time budget used up')) {
    report.ok = false;
    report.error = `timed out after ${timeoutMs} ms`;
  }
  // Feed order, not completion order, so that runs are repeatable.
  candidates.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
  report.notes = notes.sort((a, b) => a.at - b.at).map((n) => n.note);
  report.candidates = candidates.length;
  return { candidates, report, met };
}

/** Fetches queued article URLs into candidates; each failure is reported, never thrown. */
export async function readQueuedArticles(
  queued: readonly QueuedArticle[],
  deps: SourceDeps,
  options: ReadOptions = {},
): Promise<SourceResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const report: SourceReport = {
    source: 'queue',
    kind: 'queue',
    ok: true,
    error: null,
    items: queued.length,
    skipped: 0,
    alreadySent: 0,
    inDraft: 0,
    droppedByEditor: 0,
    tooOld: 0,
    candidates: 0,
    truncated: false,
    failures: [],
    notes: [],
  };
  const candidates: Candidate[] = [];
  const queuedUrls = new Map<Candidate, string>();
  const readAt = deps.now();
  const notes = new Map<string, ItemNote>();
  await pool(queued, options.concurrency ?? DEFAULT_CONCURRENCY, async (q) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      report.failures.push({ url: q.url, title: null, error: 'source time budget used up' });
      return;
    }
    try {
      const { story } = await pageStory(q.url, deps, Math.min(remaining, DEFAULT_ITEM_TIMEOUT_MS));
      const date = believedDate(story.published, readAt);
      if (date.note) notes.set(q.url, { url: q.url, title: story.title, note: date.note });
      const candidate: Candidate = {
        story: { ...story, url: story.url ?? q.url, published: date.published },
        guid: null,
        sourceId: q.origin,
        origin: q.origin,
        arrivedAt: q.queuedAt,
      };
      candidates.push(candidate);
      queuedUrls.set(candidate, q.url);
    } catch (e) {
      report.failures.push({ url: q.url, title: null, error: messageOf(e) });
    }
  });
  const order = new Map(queued.map((q, i) => [q.url, i]));
  candidates.sort(
    (a, b) => (order.get(queuedUrls.get(a) ?? '') ?? 0) - (order.get(queuedUrls.get(b) ?? '') ?? 0),
  );
  report.notes = queued.flatMap((q) => notes.get(q.url) ?? []);
  report.candidates = candidates.length;
  return { candidates, report, queuedUrls };
}
