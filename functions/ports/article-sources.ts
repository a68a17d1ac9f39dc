/**
 * Where a briefing's articles come from: feeds and queued article URLs, read through a fetcher, a feed parser and
 * article extraction that the adapter supplies (adapters/feed-reader.ts liveSourceDeps: the SSRF-safe fetcher,
 * fast-xml-parser, Readability). The reading itself, with its time budgets and reports, is the use case
 * use-cases/read-sources.ts.
 */
import type { Candidate, CandidateOrigin, SeenFingerprint } from '../core/compose.js';
import type { Article, Story } from '../core/types.js';

export const DEFAULT_MAX_FEED_ITEMS = 100;
export const DEFAULT_MAX_FEED_BYTES = 2 * 1024 * 1024;

export interface FeedItem {
  title: string | null;
  /** The item's link, absolute (resolved against the feed URL). Canonical identity comes from compose. */
  link: string | null;
  /** RSS guid / Atom id. */
  guid: string | null;
  /** ISO 8601, or null when the feed gives no parseable date. */
  published: string | null;
  /** Short description (RSS description / Atom summary), as given (often HTML). */
  summary: string | null;
  /** Full content when the feed carries it (content:encoded / Atom content), as given. */
  content: string | null;
  /**
   * What was wrong with the link the feed gave, when something was: `not-http` (a `javascript:`, `mailto:` or
   * `data:` link: not kept, so the item has no link unless a permalink guid stands in), `invalid` (not a URL),
   * `credentials-removed` (a user name or password in it, dropped from `link` before anything used it:
   * core/source-url.ts). Absent when the link was fine or missing.
   */
  linkIssue?: LinkIssue;
}

export type LinkIssue =
  | { kind: 'not-http'; scheme: string }
  | { kind: 'invalid' }
  | { kind: 'credentials-removed' };

export interface Feed {
  format: 'rss' | 'atom' | 'rdf';
  title: string | null;
  link: string | null;
  items: FeedItem[];
  /** True when the feed had more items than the cap and the rest were ignored. */
  truncated: boolean;
}

export interface ParseFeedOptions {
  /** The feed's own URL, to resolve relative links. */
  feedUrl?: string;
  maxItems?: number;
  maxBytes?: number;
}

export interface FetchedText {
  /** The final URL after redirects. */
  url: string;
  /**
   * The declared media type, lower case and without parameters (`text/html`), or null when the source
   * declares none. It decides how the body is read (article-loader.ts readsAsHtml); the charset the
   * type may name was already used to decode `body`.
   */
  contentType: string | null;
  body: string;
}

export type FetchText = (
  url: string,
  options: {
    accept: string[];
    /** Types taken too, though not asked for: generic labels whose body the caller sniffs. */
    tolerate?: string[];
    timeoutMs: number;
    maxBytes: number;
  },
) => Promise<FetchedText>;

export interface SourceDeps {
  fetchText: FetchText;
  /** RSS / Atom / RDF text → Feed; throws on malformed input. */
  parseFeed: (xml: string, options: ParseFeedOptions) => Feed;
  /**
   * A fetched page → Article, read as `digest summarize URL` reads it (article-loader.ts articleFromPage): an
   * empty page, binary data, a feed or another XML document throws (the item is reported as unreadable); HTML
   * through Readability, plain text as it is, as `contentType` (the FetchedText's) says; without one the body is
   * sniffed. May run in a worker with a time budget (html-extract.ts): a hostile page costs at most that.
   */
  toArticle: (body: string, url: string, contentType: string | null) => Article | Promise<Article>;
  toStory: (article: Article) => Story;
  now: () => Date;
}

export interface ReadOptions {
  /** What the list sent: such a feed item is not fetched (`alreadySent`). */
  seen?: readonly SeenFingerprint[];
  /** What waits in the list's pending drafts: such a feed item is not fetched (`inDraft`). */
  inDrafts?: readonly SeenFingerprint[];
  /** What editors dropped from the list's issues: such a feed item is not fetched (`droppedByEditor`). */
  editorDropped?: readonly SeenFingerprint[];
  /**
   * Dated items published before this ISO time (now minus the list's maximum item age) are not
   * fetched. Items are not compared with the last issue's time: one never sent stays eligible.
   */
  notBefore?: string | null;
  timeoutMs?: number;
  maxItems?: number;
  maxFeedBytes?: number;
  concurrency?: number;
}

export interface ItemFailure {
  url: string | null;
  title: string | null;
  error: string;
  /** The item's place in its feed (1 for the first), which names an item that has neither a title nor a link. */
  position?: number;
}

/** Something about an item that was read all the same, such as a publication date not believed. */
export interface ItemNote {
  url: string | null;
  title: string | null;
  note: string;
}

/** What became of one source: shown by `digest briefing` and recorded with the issue. */
export interface SourceReport {
  source: string;
  kind: 'feed' | 'queue' | 's3';
  ok: boolean;
  /** Why the whole source failed (unreachable, malformed, timed out). */
  error: string | null;
  /** Items in the feed (after the cap). */
  items: number;
  /** Items not fetched: `alreadySent` + `inDraft` + `droppedByEditor` + `tooOld`. */
  skipped: number;
  /** Items not fetched because an earlier issue already carried them (URL or GUID). */
  alreadySent: number;
  /** Items not fetched because a draft awaiting approval carries them. */
  inDraft: number;
  /** Items not fetched because they were dropped from an earlier issue: by an editor, or left out of an auto briefing empty. */
  droppedByEditor: number;
  /** Dated items not fetched because they are older than the list's maximum item age. */
  tooOld: number;
  candidates: number;
  truncated: boolean;
  failures: ItemFailure[];
  /** Items read, with something the operator should know (core/published-date.ts believedDate), in feed order. */
  notes: ItemNote[];
}

export interface SourceResult {
  candidates: Candidate[];
  report: SourceReport;
  /** For queued articles: the URL as queued (the story's URL may be the page's canonical one). */
  queuedUrls?: Map<Candidate, string>;
  /**
   * The sent stories (of `seen`) that this source offered again and that are not too old to be sent: skipped before
   * fetching, as already sent. A briefing renews their claims (use-cases/story-claims.ts `renewStoryClaims`).
   */
  met?: SeenFingerprint[];
}

/** A queued article URL with when and how it was queued. */
export interface QueuedArticle {
  url: string;
  queuedAt: string;
  origin: Exclude<CandidateOrigin, 'feed'>;
}
