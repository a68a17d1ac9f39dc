/**
 * RSS 2.0 / RSS 1.0 (RDF) / Atom 1.0 parsing with fast-xml-parser. No I/O: the feed reader
 * (feed-reader.ts) fetches. Malformed input throws FeedParseError, never anything else.
 *
 * Safety: fast-xml-parser never resolves external entities (no XXE), and internal DOCTYPE
 * entities are bounded below (count, size, total expansions, expanded length), so a
 * "billion laughs" document fails with FeedParseError instead of eating memory.
 */
import { COMMON_HTML, CURRENCY, LATIN_ACCENTS, PUNCTUATION, XML as XML_ENTITIES } from '@nodable/entities';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { feedDate } from '../core/published-date.js';
import { hasCredentials, withoutCredentials } from '../core/source-url.js';
import {
  DEFAULT_MAX_FEED_BYTES,
  DEFAULT_MAX_FEED_ITEMS,
  type Feed,
  type FeedItem,
  type LinkIssue,
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

/**
 * Atom text constructs that may hold `type="xhtml"` markup. The main parse turns an element into an
 * object keyed by child name, which loses the order of mixed content ("ran <em>late</em> again"); when a
 * feed has xhtml content, a second parse keeps these elements' inner markup as raw text instead.
 */
const XHTML_STOP_NODES = ['feed.title', 'feed.entry.title', 'feed.entry.summary', 'feed.entry.content'];
const XHTML_TYPE_RE = /\btype\s*=\s*["']xhtml["']/;

function makeParser(stopNodes: string[] = []): XMLParser {
  return new XMLParser({
    stopNodes,
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

/** The base URL for a node's children: its `xml:base` resolved against the parent's base (XML Base). */
function baseOf(node: unknown, parent: string | undefined): string | undefined {
  if (typeof node !== 'object' || node === null) return parent;
  const declared = text((node as Node)['@_xml:base']);
  if (!declared) return parent;
  try {
    return new URL(declared, parent).href;
  } catch {
    return parent;
  }
}

/**
 * The named entities a title's HTML is read with: those the XML parse itself decodes (fast-xml-parser's
 * `htmlEntities`, the same library's tables), with the accented letters and punctuation. A CDATA title or one escaped
 * twice (`Port&amp;rsquo;s`) reaches us with them still written out, and "Port&rsquo;s" must not reach a subject.
 */
const ENTITIES: Readonly<Record<string, string>> = {
  ...XML_ENTITIES,
  ...COMMON_HTML,
  ...CURRENCY,
  ...LATIN_ACCENTS,
  ...PUNCTUATION,
};
/** A character reference, or a name that may be an entity (decoded only when ENTITIES knows it). */
const ENTITY_RE = /&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z][a-z\d]{1,31}));/gi;

/** The character a named entity stands for (`&Eacute;` as written, `&AMP;` as `&amp;`), or undefined. */
function entity(name: string): string | undefined {
  const known = [name, name.toLowerCase()].find((n) => Object.hasOwn(ENTITIES, n));
  return known === undefined ? undefined : ENTITIES[known];
}

/** A tag or comment; a lone "<" (as in "a < b") is text. */
const TAG_RE = /<!--[\s\S]*?-->|<\/?[a-z][\w:.-]*(?:\s[^<>]*)?\/?>/gi;
/**
 * A title "has markup" when it holds an entity or a tag of inline text formatting, as publishers put in
 * titles (`<em>`, `<b>`, `<a>` …); other tags (`</title><script>` in a hostile headline) are text.
 */
const MARKUP_TAG_RE =
  /<\/?(?:a|abbr|b|bdi|bdo|big|br|cite|code|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strike|strong|sub|sup|time|tt|u|var|wbr)\b[^<>]*>/i;

function hasMarkup(value: string): boolean {
  if (MARKUP_TAG_RE.test(value)) return true;
  for (const m of value.matchAll(ENTITY_RE)) if (!m[3] || entity(m[3]) !== undefined) return true;
  return false;
}

/** Plain text of an HTML fragment: tags dropped, the named entities above and character references decoded. */
function htmlText(html: string): string | null {
  const plain = html
    .replace(TAG_RE, '')
    .replace(ENTITY_RE, (all, dec, hex, name) => {
      if (name) return entity(name as string) ?? all;
      const code = dec ? Number(dec) : Number.parseInt(hex as string, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    })
    .replace(/\s+/g, ' ')
    .trim();
  return plain ? plain.slice(0, MAX_FIELD_CHARS) : null;
}

/**
 * An RSS title (or any title given as text) as the reader should see it. RSS titles are often HTML,
 * in CDATA (`<![CDATA[Ferry <em>late</em>]]>`) or escaped (`&lt;em&gt;`): a title with markup loses its
 * tags and has its entities decoded, as feed readers show it. White space is folded either way.
 */
function plainTitle(value: string | null): string | null {
  if (!value) return null;
  return (hasMarkup(value) ? htmlText(value) : value.replace(/\s+/g, ' ').trim()) || null;
}

function atomType(node: unknown): string {
  return typeof node === 'object' && node !== null && !Array.isArray(node)
    ? (text((node as Node)['@_type']) ?? 'text').toLowerCase()
    : 'text';
}

/** An Atom text construct as markup-free text (titles): html and xhtml types lose their tags. */
function atomPlain(node: unknown, raw: unknown): string | null {
  const type = atomType(node);
  if (type === 'xhtml') return htmlText(text(raw) ?? '');
  const value = text(node);
  return value && (type === 'html' || type === 'text/html')
    ? htmlText(value)
    : (value?.replace(/\s+/g, ' ').trim() ?? null);
}

/** An Atom text construct as given (summary, content): for xhtml, the markup of its inner <div>. */
function atomMarkup(node: unknown, raw: unknown): string | null {
  return atomType(node) === 'xhtml' ? text(raw) : text(node);
}

/** A link as an item carries it: absolute http(s) or null, and what was wrong with the link given, if anything. */
interface ResolvedLink {
  url: string | null;
  issue?: LinkIssue;
}

const SCHEME_RE = /^([a-z][a-z\d+.-]*):/i;

/**
 * A link resolved against `base`: only http(s) is kept, and never with a user name or password in it (a story's
 * URL is printed in every mail and the archive: core/source-url.ts), so those are dropped here, before any use.
 */
function resolveLink(href: string | null, base: string | undefined): ResolvedLink {
  if (!href) return { url: null };
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return { url: null, issue: { kind: 'invalid' } };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const scheme = SCHEME_RE.exec(href.trim())?.[1]?.toLowerCase() ?? url.protocol.slice(0, -1);
    return { url: null, issue: { kind: 'not-http', scheme: scheme.slice(0, 20) } };
  }
  if (hasCredentials(url))
    return { url: withoutCredentials(url).toString(), issue: { kind: 'credentials-removed' } };
  return { url: url.toString() };
}

function resolve(href: string | null, base: string | undefined): string | null {
  return resolveLink(href, base).url;
}

/** The item's fields for its link: `link`, and `linkIssue` when there was one. */
function linkFields(link: ResolvedLink): Pick<FeedItem, 'link' | 'linkIssue'> {
  return link.issue ? { link: link.url, linkIssue: link.issue } : { link: link.url };
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function objects(v: unknown): Node[] {
  return asArray(v).filter((x): x is Node => typeof x === 'object' && x !== null);
}

/** The alternate link, resolved against `base` and the link's own `xml:base`. */
function atomLink(links: unknown, base: string | undefined): string | null {
  return atomAlternate(links, base).url;
}

function atomAlternate(links: unknown, base: string | undefined): ResolvedLink {
  const all = asArray(links);
  const withRel = all.map((l) =>
    typeof l === 'object' && l !== null
      ? {
          rel: text((l as Node)['@_rel']) ?? 'alternate',
          href: text((l as Node)['@_href']),
          base: baseOf(l, base),
        }
      : { rel: 'alternate', href: text(l), base },
  );
  const link = withRel.find((l) => l.rel === 'alternate' && l.href);
  return link ? resolveLink(link.href, link.base) : { url: null };
}

/**
 * RSS fields that may carry raw (unescaped) HTML. The main parse keys an element's children by name and
 * joins its text parts, so `<title>Ferry <b>late</b> again</title>` would read "Ferryagain"; when an
 * item has such markup, a second parse keeps these fields' inner markup as raw text.
 */
const RSS_MARKUP_FIELDS = ['title', 'description', 'content:encoded'];
const RSS_STOP_NODES = RSS_MARKUP_FIELDS.flatMap((f) => [`rss.channel.item.${f}`, `rdf:RDF.item.${f}`]);

function hasElementChildren(node: unknown): boolean {
  return (
    typeof node === 'object' &&
    node !== null &&
    !Array.isArray(node) &&
    Object.keys(node).some((k) => k !== '#text' && !k.startsWith('@_'))
  );
}

/** A raw field from the markup-keeping parse as HTML: its CDATA sections unwrapped. */
function rawHtml(raw: unknown): string | null {
  const value = text(raw);
  return value ? value.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').trim() || null : null;
}

function rssItems(
  items: Node[],
  base: string | undefined,
  body: string,
  root: 'rss' | 'rdf:RDF',
): FeedItem[] {
  const raw = rawRssItems(body, items, root);
  return items.map((item, i) => rssItem(item, base, raw[i]));
}

/** The items again, with RSS_MARKUP_FIELDS kept raw, when any item has raw markup in them. */
function rawRssItems(body: string, items: Node[], root: 'rss' | 'rdf:RDF'): Node[] {
  if (!items.some((i) => RSS_MARKUP_FIELDS.some((f) => hasElementChildren(i[f])))) return [];
  try {
    const doc = makeParser(RSS_STOP_NODES).parse(body) as Node;
    const top = objects(doc[root])[0];
    return objects((root === 'rss' ? objects(top?.channel)[0] : top)?.item);
  } catch {
    return [];
  }
}

function rssItem(item: Node, parentBase: string | undefined, raw?: Node): FeedItem {
  const field = (name: string) =>
    hasElementChildren(item[name]) && raw ? rawHtml(raw[name]) : text(item[name]);
  const base = baseOf(item, parentBase);
  const guidNode = item.guid;
  const guid = text(guidNode);
  const permalink =
    typeof guidNode === 'object' && guidNode !== null
      ? text((guidNode as Node)['@_isPermaLink']) !== 'false'
      : true;
  // A permalink guid is a URL by definition; one that is not absolute (a bare number, a tag) is an
  // identifier, and resolving it against the feed would invent a page.
  const given = resolveLink(text(first(item, 'link')), base);
  const fromGuid = given.url === null && permalink ? resolveLink(guid, undefined) : null;
  const link = fromGuid?.url ? fromGuid : given;
  return {
    title: plainTitle(field('title')),
    ...linkFields(link),
    guid,
    published: feedDate(text(first(item, 'pubDate', 'dc:date', 'published', 'updated'))),
    summary: field('description'),
    content: field('content:encoded'),
  };
}

/** `raw` is the same entry from the xhtml-preserving parse (XHTML_STOP_NODES), when the feed needs one. */
function atomEntry(entry: Node, parentBase: string | undefined, raw: Node | undefined): FeedItem {
  const base = baseOf(entry, parentBase);
  return {
    title: atomPlain(entry.title, raw?.title),
    ...linkFields(atomAlternate(entry.link, base)),
    guid: text(entry.id),
    published: feedDate(text(first(entry, 'published', 'updated', 'dc:date'))),
    summary: atomMarkup(entry.summary, raw?.summary),
    content: atomMarkup(entry.content, raw?.content),
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

/** The Atom feed again, with its text constructs' inner markup kept raw (XHTML_STOP_NODES). */
function rawFeed(body: string): Node | undefined {
  try {
    const doc = makeParser(XHTML_STOP_NODES).parse(body) as Node;
    return objects(doc.feed)[0];
  } catch {
    return undefined;
  }
}

/**
 * The validator's complaint in words. A feed cut off in transit ends with its elements still open, which
 * fast-xml-parser reports as "Invalid '[    "rss",    "channel"]' found." at line 1: named here as such.
 */
function validationMessage(err: { code: string; msg: string; line: number }): string {
  const open = err.code === 'InvalidXml' ? /^Invalid '\[([\s\S]*)\]' found\.$/.exec(err.msg) : null;
  if (open) {
    const names = [...open[1]!.matchAll(/"([^"]*)"/g)].map((m) => `<${m[1]}>`);
    if (names.length > 0)
      return `it ends before ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} closed (cut off?)`;
  }
  return `${err.msg} (line ${err.line})`;
}

function parseWhole(body: string, base: string | undefined, maxItems: number): Feed {
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new FeedParseError(`feed is not well-formed XML: ${validationMessage(valid.err)}`);
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
  // Relative links resolve against xml:base where the feed declares one (Drupal's RSS, many Atom feeds),
  // each level against its parent's, and against the feed's own URL at the top.
  if (rss && typeof rss === 'object') {
    const channel = objects(rss.channel)[0];
    if (!channel) throw new FeedParseError('RSS feed has no channel');
    const channelBase = baseOf(channel, baseOf(rss, base));
    result = {
      format: 'rss',
      title: plainTitle(text(channel.title)),
      link: resolve(text(channel.link), channelBase),
      all: rssItems(objects(channel.item).slice(0, maxItems + 1), channelBase, body, 'rss'),
    };
  } else if (feed && typeof feed === 'object') {
    const feedBase = baseOf(feed, base);
    const raw = XHTML_TYPE_RE.test(body) ? rawFeed(body) : undefined;
    const rawEntries = objects(raw?.entry);
    result = {
      format: 'atom',
      title: atomPlain(feed.title, raw?.title),
      link: atomLink(feed.link, feedBase),
      all: objects(feed.entry)
        .slice(0, maxItems + 1)
        .map((e, i) => atomEntry(e, feedBase, rawEntries[i])),
    };
  } else if (rdf && typeof rdf === 'object') {
    const rdfBase = baseOf(rdf, base);
    const channel = objects(rdf.channel)[0];
    result = {
      format: 'rdf',
      title: channel ? plainTitle(text(channel.title)) : null,
      link: channel ? resolve(text(channel.link), baseOf(channel, rdfBase)) : null,
      all: rssItems(objects(rdf.item).slice(0, maxItems + 1), rdfBase, body, 'rdf:RDF'),
    };
  } else if (RSS_ROOT_RE.test(body)) {
    throw new FeedParseError('RSS feed has no channel');
  } else {
    throw new FeedParseError('not an RSS or Atom feed');
  }
  // An item with nothing in it is no item; one with only a description (RSS 2.0 requires a title or a description),
  // or a link we do not keep, is kept, so that the briefing reports it rather than losing it without a word.
  const items = result.all.filter(
    (i) => i.link || i.guid || i.title || i.summary || i.content || i.linkIssue,
  );
  return {
    format: result.format,
    title: result.title,
    link: result.link,
    items: items.slice(0, maxItems),
    truncated: items.length > maxItems,
  };
}
