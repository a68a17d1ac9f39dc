/**
 * What kind of markup document a text is, by its root element: the one place that tells a feed (RSS, Atom,
 * RDF) from a page or other XML, for `digest summarize` (article-loader.ts refuses a feed given as an
 * article) and for a briefing's feeds (a feed served under a generic type is read when its root says it is
 * one). Pure.
 */

/** The media types of a feed itself: served under one of them, a document is a feed whatever its body. */
export const FEED_MEDIA_TYPES: readonly string[] = [
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/x-rss+xml',
];
/** Generic XML types: a feed, an XHTML page or another XML document; the root element tells which. */
export const XML_MEDIA_TYPES: readonly string[] = ['application/xml', 'text/xml'];

const ROOT_TAG_RE = /^<([a-z_][\w.:-]*)[\s/>]/i;
const FEED_ROOT_RE = /^(?:rss|feed|(?:[\w.-]+:)?RDF)$/i;
/** How much of a text is looked at for its root: a prolog, comments and a DOCTYPE come first. */
const HEAD_CHARS = 65_536;

/**
 * The index after leading whitespace, comments, processing instructions (the XML prolog,
 * xml-stylesheet) and, with `doctype`, a DOCTYPE (internal subset included). A plain scan, not a
 * pattern: a lazy repeat inside a repeat (`(?:<!--[\s\S]*?-->\s*)*`) backtracks exponentially on a run
 * of comments that is not followed by what it looks for, and sixty `<!---->` would never finish.
 */
export function skipLeadingMarkup(text: string, doctype: boolean): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/u.test(text[i]!)) i++;
    let end = -1;
    if (text.startsWith('<!--', i)) {
      end = text.indexOf('-->', i + 4);
      if (end >= 0) end += 3;
    } else if (text.startsWith('<?', i)) {
      end = text.indexOf('?>', i + 2);
      if (end >= 0) end += 2;
    } else if (doctype && /^<!doctype\s/i.test(text.slice(i, i + 10))) {
      const bracket = text.indexOf('[', i);
      const close = text.indexOf('>', i);
      if (bracket >= 0 && bracket < close) {
        const subset = text.indexOf(']', bracket);
        end = subset >= 0 ? text.indexOf('>', subset) : -1;
      } else end = close;
      if (end >= 0) end += 1;
    }
    if (end < 0) return i;
    i = end;
  }
}

/**
 * The name of a markup document's root element, after its prolog, comments and DOCTYPE; null when the
 * text does not start with an element (plain text).
 * @example rootElement('<?xml version="1.0"?>\n<rss version="2.0">…') // 'rss'
 */
export function rootElement(text: string): string | null {
  const head = text.slice(0, HEAD_CHARS);
  return ROOT_TAG_RE.exec(head.slice(skipLeadingMarkup(head, true)))?.[1] ?? null;
}

/** Whether a root element names a feed: `rss`, Atom's `feed`, RSS 1.0's `rdf:RDF`. */
export function isFeedRoot(root: string | null): boolean {
  return root !== null && FEED_ROOT_RE.test(root);
}

/**
 * Whether a text is an RSS, Atom or RDF feed by its root element, whatever it was labelled.
 * @example readsAsFeed('<feed xmlns="http://www.w3.org/2005/Atom">…') // true
 * @example readsAsFeed('<!doctype html><html>…') // false
 */
export function readsAsFeed(text: string): boolean {
  return isFeedRoot(rootElement(text));
}
