/**
 * RSS 2.0 / RSS 1.0 (RDF) / Atom 1.0 parsing with fast-xml-parser. No I/O: the feed reader
 * (feed-reader.ts) fetches. Malformed input throws FeedParseError, never anything else.
 *
 * Safety: fast-xml-parser never resolves external entities (no XXE), and internal DOCTYPE
 * entities are bounded below (count, size, total expansions, expanded length), so a
 * "billion laughs" document fails with FeedParseError instead of eating memory.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  DEFAULT_MAX_FEED_BYTES,
  DEFAULT_MAX_FEED_ITEMS,
  type Feed,
  type FeedItem,
  type ParseFeedOptions,
} from '../ports/article-sources.js';

export {
  DEFAULT_MAX_FEED_BYTES,
  DEFAULT_MAX_FEED_ITEMS,
  type Feed,
  type FeedItem,
  type ParseFeedOptions,
} from '../ports/article-sources.js';

const MAX_FIELD_CHARS = 200_000;

const RSS_ROOT_RE = /<rss[\s>]/i;
const ITEM_START_RE = /<(item|entry)[\s>/]/g;
const ROOT_RE = /<(rss|feed|rdf:RDF)[\s>]/;
const CLOSERS: Record<string, string> = { rss: '</channel></rss>', feed: '</feed>', 'rdf:RDF': '</rdf:RDF>' };

export class FeedParseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedParseError';
  }
}

type Node = Record<string, unknown>;

const ARRAY_TAGS = new Set(['item', 'entry', 'link', 'category', 'atom:link']);

function makeParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    removeNSPrefix: false,
    isArray: (name) => ARRAY_TAGS.has(name),
    processEntities: {
      enabled: true,
      maxEntityCount: 20,
      maxEntitySize: 1_000,
      maxTotalExpansions: 1_000,
      maxExpandedLength: 50_000,
    },
    htmlEntities: true,
    maxNestedTags: 64,
  });
}

function text(node: unknown): string | null {
  if (node === null || node === undefined) return null;
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') {
    const s = String(node).trim();
    return s ? s.slice(0, MAX_FIELD_CHARS) : null;
  }
  if (Array.isArray(node)) return text(node[0]);
  if (typeof node === 'object') return text((node as Node)['#text']);
  return null;
}

function first(node: Node, ...names: string[]): unknown {
  for (const name of names) {
    const v = node[name];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

function isoDate(raw: string | null): string | null {
  if (!raw) return null;
  const ms = Date.parse(raw);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms).toISOString();
}

function resolve(href: string | null, base: string | undefined): string | null {
  if (!href) return null;
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function objects(v: unknown): Node[] {
  return asArray(v).filter((x): x is Node => typeof x === 'object' && x !== null);
}

function atomLink(links: unknown): string | null {
  const all = asArray(links);
  const withRel = all.map((l) =>
    typeof l === 'object' && l !== null
      ? { rel: text((l as Node)['@_rel']) ?? 'alternate', href: text((l as Node)['@_href']) }
      : { rel: 'alternate', href: text(l) },
  );
  return withRel.find((l) => l.rel === 'alternate' && l.href)?.href ?? null;
}

function rssItem(item: Node, base: string | undefined): FeedItem {
  const guidNode = item.guid;
  const guid = text(guidNode);
  const permalink =
    typeof guidNode === 'object' && guidNode !== null
      ? text((guidNode as Node)['@_isPermaLink']) !== 'false'
      : true;
  const link = resolve(text(first(item, 'link')), base) ?? (permalink ? resolve(guid, base) : null);
  return {
    title: text(item.title),
    link,
    guid,
    published: isoDate(text(first(item, 'pubDate', 'dc:date', 'published', 'updated'))),
    summary: text(item.description),
    content: text(item['content:encoded']),
  };
}

function atomEntry(entry: Node, base: string | undefined): FeedItem {
  return {
    title: text(entry.title),
    link: resolve(atomLink(entry.link), base),
    guid: text(entry.id),
    published: isoDate(text(first(entry, 'published', 'updated', 'dc:date'))),
    summary: text(entry.summary),
    content: text(entry.content),
  };
}

/**
 * Parsing costs about 2 s per MB on a small machine, so a feed with far more items than we keep
 * is cut before the first item past the cap (and its root closed) before it is parsed. When the
 * cut text is not well-formed (an item tag inside CDATA, say), the whole document is parsed.
 */
function cutAfterItems(xml: string, maxItems: number): string | null {
  const root = ROOT_RE.exec(xml);
  const closer = root ? CLOSERS[root[1]!] : undefined;
  if (!closer) return null;
  ITEM_START_RE.lastIndex = 0;
  let count = 0;
  for (let m = ITEM_START_RE.exec(xml); m; m = ITEM_START_RE.exec(xml)) {
    if (++count === maxItems + 2) return `${xml.slice(0, m.index)}${closer}`;
  }
  return null;
}

/**
 * Parses an RSS 2.0, RSS 1.0 or Atom document into items, capped at `maxItems`.
 * @throws FeedParseError when the document is too large, not well-formed XML, or not a feed.
 */
export function parseFeed(xml: string, options: ParseFeedOptions = {}): Feed {
  const maxItems = options.maxItems ?? DEFAULT_MAX_FEED_ITEMS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FEED_BYTES;
  if (Buffer.byteLength(xml, 'utf8') > maxBytes)
    throw new FeedParseError(`feed is larger than ${maxBytes} bytes`);
  const body = xml.replace(/^\uFEFF/, '');
  if (!body.trim()) throw new FeedParseError('feed is empty');
  const cut = cutAfterItems(body, maxItems);
  if (cut !== null && XMLValidator.validate(cut) === true) return parseWhole(cut, options.feedUrl, maxItems);
  return parseWhole(body, options.feedUrl, maxItems);
}

function parseWhole(body: string, base: string | undefined, maxItems: number): Feed {
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new FeedParseError(`feed is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  let doc: Node;
  try {
    doc = makeParser().parse(body) as Node;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FeedParseError(`feed could not be parsed: ${reason.split('\n')[0]}`, { cause: error });
  }
  const rss = doc.rss as Node | undefined;
  const feed = doc.feed as Node | undefined;
  const rdf = doc['rdf:RDF'] as Node | undefined;
  let result: Pick<Feed, 'format' | 'title' | 'link'> & { all: FeedItem[] };
  if (rss && typeof rss === 'object') {
    const channel = objects(rss.channel)[0];
    if (!channel) throw new FeedParseError('RSS feed has no channel');
    result = {
      format: 'rss',
      title: text(channel.title),
      link: resolve(text(channel.link), base),
      all: objects(channel.item)
        .slice(0, maxItems + 1)
        .map((i) => rssItem(i, base)),
    };
  } else if (feed && typeof feed === 'object') {
    result = {
      format: 'atom',
      title: text(feed.title),
      link: resolve(atomLink(feed.link), base),
      all: objects(feed.entry)
        .slice(0, maxItems + 1)
        .map((e) => atomEntry(e, base)),
    };
  } else if (rdf && typeof rdf === 'object') {
    const channel = objects(rdf.channel)[0];
    result = {
      format: 'rdf',
      title: channel ? text(channel.title) : null,
      link: channel ? resolve(text(channel.link), base) : null,
      all: objects(rdf.item)
        .slice(0, maxItems + 1)
        .map((i) => rssItem(i, base)),
    };
  } else if (RSS_ROOT_RE.test(body)) {
    throw new FeedParseError('RSS feed has no channel');
  } else {
    throw new FeedParseError('not an RSS or Atom feed');
  }
  const items = result.all.filter((i) => i.link || i.guid || i.title);
  return {
    format: result.format,
    title: result.title,
    link: result.link,
    items: items.slice(0, maxItems),
    truncated: items.length > maxItems,
  };
}
