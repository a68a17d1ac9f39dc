import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { isBoilerplateLine, isSeparatorLine } from '../core/furniture.js';
import { listingShape, type TextBlock } from '../core/listing-page.js';
import { parseByline, parseDateLine } from '../core/plain-text.js';
import { pageDate } from '../core/published-date.js';
import { stripSiteName } from '../core/site-name.js';
import { withoutCredentials } from '../core/source-url.js';
import type { Article } from '../core/types.js';
import { NotAnArticleError } from './not-an-article-error.js';

/**
 * HTML ingest: Readability finds the article in the page, and we turn its DOM into plain text with
 * paragraphs separated by blank lines. That text becomes `Article.source`, the string every offset indexes.
 */

// linkedom's DOM is typed loosely; these are the few members we use.
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
  nextElementSibling?: DomElement | null;
}
interface DomElement extends DomNode {
  tagName: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
  children: ArrayLike<DomElement>;
}
interface DomDocument extends DomElement {
  documentElement: DomElement | null;
  body: DomElement | null;
}

export { NotAnArticleError };

const MIN_ARTICLE_WORDS = 30;
/**
 * Structural limits checked before Readability runs, whose cost grows faster than the page (see
 * html-extract.ts for the time budget that backs them). Real article pages nest a few dozen levels and
 * hold a few thousand elements; a page past either limit is refused as not an article.
 */
export const MAX_PAGE_DEPTH = 150;
export const MAX_PAGE_ELEMENTS = 30_000;
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const HAS_HTML_ROOT_RE = /<html[\s>]/i;
const HEAD_VOID_RE = /<(?:meta|link|base)\b[^<>]*>/iy;
const TITLE_OPEN_RE = /<title\b[^<>]*>/iy;
const TITLE_CLOSE_RE = /[\s\S]*?<\/title\s*>/iy;
/** Soft hyphen, word joiner, zero-width no-break space (a stray BOM). */
const INVISIBLE_RE = /[\u00ad\u2060\ufeff]/gu;
const BY_PREFIX_RE = /^\s*(?:by|von|par|por)\s+/iu;
/** class/id tokens of boxes that are not the article: comments, ads, related stories, share bars. */
const NOISE_TOKEN_RE =
  /^(?:related|relatedstories|comments?|commentlist|disqus|ads?|advert|adverts|advertisement|adslot|adunit|sponsor|sponsored|promo|promos|newsletter|subscribe|subscription|signup|share|sharing|sharebar|social|socials|outbrain|taboola|recirc|recirculation|mostread|most|popular|trending|cookie|cookies|consent|gdpr|paywall|breadcrumbs?|sidebar|toolbar|masthead|nav|navbar|menu|footer|banner|caption|captions|credit|credits|photocredit|imagecredit|figcaption|pullquote|pullquotes)$/;
const REMOVE_SELECTOR = [
  'script:not([type="application/ld+json"])',
  'style',
  'noscript',
  'template',
  'iframe',
  'svg',
  'nav',
  'aside',
  'form',
  'button',
  'dialog',
  '[hidden]',
  '[aria-hidden="true"]',
  '[role="navigation"]',
  '[role="complementary"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="dialog"]',
].join(',');
/** Elements whose content is never article prose. */
const SKIP_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'FIGURE',
  'FIGCAPTION',
  'IMG',
  'PICTURE',
  'VIDEO',
  'AUDIO',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'BUTTON',
  'FORM',
  'INPUT',
  'SELECT',
  'TEXTAREA',
  'NAV',
  'ASIDE',
  'HEAD',
]);
const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'BLOCKQUOTE',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'MAIN',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'THEAD',
  'TFOOT',
  'TR',
  'UL',
  'LI',
  'CAPTION',
]);
const RELATED_HEADING_RE =
  /^(?:related(?: stories| articles| coverage| content| links| reading)?|more (?:on|from|about|stories|news|in)\b.*|read (?:more|also|next)|also read|see also|recommended(?: for you| stories)?|you (?:may|might) also like|most (?:read|popular|viewed)|trending(?: now)?|top stories|latest (?:news|stories)|editor'?s picks|further reading|comments?|mehr zum thema|lesen sie (?:auch|mehr)|das könnte sie auch interessieren|weitere artikel|(?:à )?lire aussi|sur le même sujet|voir aussi|à voir aussi|lee también|te puede interesar|noticias relacionadas|leggi anche|\d+ comments?|leave a (?:comment|reply)|join the conversation|share this (?:article|story))\s*:?$/iu;

interface Chunk {
  text: string;
  /** The list or table it belongs to: items of one group join with one line break, all else with a blank line. */
  group: number | null;
}

function attr(el: DomElement, name: string): string | null {
  const value = el.getAttribute(name);
  return value && value.trim() !== '' ? value.trim() : null;
}

function metaContent(doc: DomDocument, keys: string[]): string | null {
  for (const key of keys) {
    for (const a of ['property', 'name', 'itemprop']) {
      const el = doc.querySelector(`meta[${a}="${key}"]`);
      const content = el ? attr(el, 'content') : null;
      if (content) return content;
    }
  }
  return null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Objects of JSON-LD blocks that describe an article (NewsArticle, BlogPosting, ...), @graph included. */
function jsonLdArticles(doc: DomDocument): Record<string, Json>[] {
  const found: Record<string, Json>[] = [];
  const visit = (value: Json, depth: number): void => {
    if (depth > 6 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v, depth + 1);
      return;
    }
    const type = value['@type'];
    const types = Array.isArray(type) ? type : [type];
    if (types.some((t) => typeof t === 'string' && /Article|Posting|Report/i.test(t))) found.push(value);
    if (value['@graph']) visit(value['@graph'], depth + 1);
  };
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  for (let i = 0; i < scripts.length; i++) {
    try {
      visit(JSON.parse(scripts[i]!.textContent ?? '') as Json, 0);
    } catch {
      // Broken JSON-LD is common; the other metadata sources still apply.
    }
  }
  return found;
}

function jsonLdString(objects: Record<string, Json>[], key: string): string | null {
  for (const o of objects) {
    const v = o[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return null;
}

function jsonLdAuthors(objects: Record<string, Json>[]): string | null {
  for (const o of objects) {
    const author = o.author;
    const list = Array.isArray(author) ? author : author ? [author] : [];
    const names = list
      .map((a) =>
        typeof a === 'string' ? a : a && typeof a === 'object' && !Array.isArray(a) ? a.name : null,
      )
      .filter((n): n is string => typeof n === 'string' && n.trim() !== '')
      .map((n) => n.trim());
    if (names.length > 0) return names.join(', ');
  }
  return null;
}

function cleanByline(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = value.replace(/\s+/gu, ' ').replace(BY_PREFIX_RE, '').trim();
  if (text === '' || text.length > 120 || /^https?:/i.test(text)) return null;
  return text;
}

/** An absolute http(s) URL, never with a user name or password in it: it may become the story's URL. */
function httpUrl(value: string | null, base: string | null): string | null {
  if (!value) return null;
  try {
    const u = base ? new URL(value, base) : new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? withoutCredentials(u).href : null;
  } catch {
    return null;
  }
}

function classTokens(el: DomElement): string[] {
  const raw = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.toLowerCase();
  const tokens = raw.split(/[\s_-]+/u).filter((t) => t !== '');
  // "related-stories" and "most-read" as whole names too.
  const joined = raw.split(/\s+/u).map((t) => t.replace(/[_-]+/gu, ''));
  return [...tokens, ...joined];
}

function textLength(el: DomNode): number {
  return (el.textContent ?? '').replace(/\s+/gu, ' ').trim().length;
}

/** Removes nav, ads, comments, related-story and share boxes before Readability sees the page. */
function preClean(doc: DomDocument): void {
  const body = doc.body;
  if (!body) return;
  for (const el of Array.from(body.querySelectorAll(REMOVE_SELECTOR))) el.remove();
  const bodyLength = textLength(body) || 1;
  for (const el of Array.from(body.querySelectorAll('[class],[id]'))) {
    if (!el.parentNode) continue;
    const tag = el.tagName;
    if (tag === 'ARTICLE' || tag === 'MAIN' || tag === 'BODY' || tag === 'HTML') continue;
    if (!classTokens(el).some((t) => NOISE_TOKEN_RE.test(t))) continue;
    // Never drop a box that holds most of the page's text or the article itself: it is the article.
    if (el.querySelector('article, main, [itemprop="articleBody"]')) continue;
    if (textLength(el) > 0.5 * bodyLength) continue;
    el.remove();
  }
}

/** Link density: how much of an element's text is link text. */
function linkDensity(el: DomElement): number {
  const total = textLength(el);
  if (total === 0) return 0;
  let linked = 0;
  const links = el.querySelectorAll('a');
  for (let i = 0; i < links.length; i++) linked += textLength(links[i]!);
  return linked / total;
}

function previousElement(el: DomElement): DomElement | null {
  const parent = el.parentNode as DomElement | null;
  if (!parent) return null;
  const siblings = parent.children;
  for (let i = 0; i < siblings.length; i++) {
    if (siblings[i] === el) return i > 0 ? siblings[i - 1]! : null;
  }
  return null;
}

/** A heading-like label: a heading element, or a short line without sentence punctuation. */
function isBoxLabel(el: DomElement): boolean {
  const text = (el.textContent ?? '').replace(/\s+/gu, ' ').trim();
  if (/^H[1-6]$/.test(el.tagName)) return text.split(' ').length <= 8;
  return text !== '' && text.split(' ').length <= 6 && !/[.!?…"”»]$/u.test(text);
}

/** Leftovers Readability keeps: "Related stories" headings with their link lists, boilerplate paragraphs. */
function postClean(root: DomElement): void {
  for (const heading of Array.from(root.querySelectorAll('h1,h2,h3,h4,h5,h6,p,strong,b'))) {
    if (!heading.parentNode) continue;
    const text = (heading.textContent ?? '').replace(/\s+/gu, ' ').trim();
    if (!RELATED_HEADING_RE.test(text)) continue;
    // Drop the heading and the link list or box right after it.
    let next = heading.nextElementSibling ?? null;
    while (next && (next.tagName === 'UL' || next.tagName === 'OL' || linkDensity(next) > 0.6)) {
      const after = next.nextElementSibling ?? null;
      next.remove();
      next = after;
    }
    heading.remove();
  }
  for (const list of Array.from(root.querySelectorAll('ul,ol'))) {
    if (!list.parentNode) continue;
    if (list.querySelectorAll('li').length < 2 || linkDensity(list) <= 0.8) continue;
    // A list of links is a "more stories" box; its short heading goes with it.
    const label = previousElement(list);
    if (label && isBoxLabel(label)) label.remove();
    list.remove();
  }
  for (const el of Array.from(root.querySelectorAll('p,div,span,li'))) {
    if (!el.parentNode) continue;
    const text = (el.textContent ?? '').replace(/\s+/gu, ' ').trim();
    if (text !== '' && (isBoilerplateLine(text) || isSeparatorLine(text))) el.remove();
  }
}

/** Converts an element tree to text: blocks become paragraphs, <br> a line break, list items lines. */
export function htmlToText(root: DomNode): string {
  const chunks: Chunk[] = [];
  let buffer = '';
  let prefix: string | null = null;
  let itemDepth = 0;
  let nextGroup = 0;
  const groups: number[] = [];
  let preDepth = 0;

  const flush = (): void => {
    // Lines trimmed and squeezed; two <br> in a row (an empty line) separate paragraphs, as old CMSes do.
    const paragraphs = buffer
      .split('\n')
      .map((line) => line.replace(/[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+/gu, ' ').trim())
      .join('\n')
      .split(/\n{2,}/u)
      .map((p) => p.replace(/^\n+|\n+$/gu, ''))
      .filter((p) => p !== '');
    buffer = '';
    for (const text of paragraphs) {
      chunks.push({
        text: prefix ? `${prefix}${text}` : text,
        group: itemDepth > 0 ? (groups.at(-1) ?? null) : null,
      });
      prefix = null;
    }
  };

  const walk = (node: DomNode): void => {
    if (node.nodeType === TEXT_NODE) {
      // Soft hyphens and word joiners are invisible on the page; kept, they split words ("cancel\u00adled")
      // for the summarizer and the email's plain text, and a text fragment built from them.
      const raw = (node.textContent ?? '').replace(INVISIBLE_RE, '');
      buffer += preDepth > 0 ? raw : raw.replace(/[\s]+/gu, ' ');
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const tag = node.nodeName.toUpperCase();
    if (SKIP_TAGS.has(tag)) return;
    if (tag === 'BR') {
      buffer += '\n';
      return;
    }
    if (tag === 'TD' || tag === 'TH') {
      buffer += ' ';
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) flush();
    if (tag === 'LI') {
      itemDepth++;
      const parent = node.parentNode as DomElement | null;
      if (parent && parent.nodeName.toUpperCase() === 'OL') {
        let n = 1;
        const siblings = parent.children;
        for (let i = 0; i < siblings.length && siblings[i] !== node; i++) {
          if (siblings[i]!.tagName === 'LI') n++;
        }
        prefix = `${n}. `;
      } else {
        prefix = '• ';
      }
    }
    if (tag === 'TR') itemDepth++;
    const grouping = tag === 'UL' || tag === 'OL' || tag === 'TABLE';
    if (grouping) groups.push(nextGroup++);
    if (tag === 'PRE') preDepth++;
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) walk(children[i]!);
    if (block) flush();
    if (tag === 'LI' || tag === 'TR') itemDepth--;
    if (grouping) groups.pop();
    if (tag === 'PRE') preDepth--;
  };

  walk(root);
  flush();
  let out = '';
  chunks.forEach((chunk, i) => {
    const previous = chunks[i - 1];
    if (previous) out += chunk.group !== null && chunk.group === previous.group ? '\n' : '\n\n';
    out += chunk.text;
  });
  return out;
}

const WORD_RE = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

/**
 * The extracted text as blocks with their words and link words, in page order (core/listing-page.ts): block
 * elements split it as htmlToText does, and text inside an `<a>` counts as link text, even in a block nested in
 * the link (`<a><h3>Title</h3></a>`).
 */
function textBlocks(root: DomNode): TextBlock[] {
  const blocks: TextBlock[] = [];
  let current: TextBlock = { words: 0, linkWords: 0 };
  let linkDepth = 0;
  const flush = () => {
    if (current.words > 0) blocks.push(current);
    current = { words: 0, linkWords: 0 };
  };
  const walk = (node: DomNode): void => {
    if (node.nodeType === TEXT_NODE) {
      const words = (node.textContent ?? '').match(WORD_RE)?.length ?? 0;
      current.words += words;
      if (linkDepth > 0) current.linkWords += words;
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const tag = node.nodeName.toUpperCase();
    if (SKIP_TAGS.has(tag)) return;
    const block = BLOCK_TAGS.has(tag) || tag === 'BR';
    if (block) flush();
    if (tag === 'A') linkDepth++;
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) walk(children[i]!);
    if (tag === 'A') linkDepth--;
    if (block) flush();
  };
  walk(root);
  flush();
  return blocks;
}

/**
 * Where the head of a page without `<html>` ends: the leading comments, `<title>`, `<meta>`, `<link>` and
 * `<base>` that a browser puts in the head. A scan, not one pattern (nested lazy repeats backtrack badly).
 */
function headEnd(html: string): number {
  let i = 0;
  for (;;) {
    while (i < html.length && /\s/u.test(html[i]!)) i++;
    let end = -1;
    if (html.startsWith('<!--', i)) {
      end = html.indexOf('-->', i + 4);
      if (end >= 0) end += 3;
    } else {
      HEAD_VOID_RE.lastIndex = i;
      TITLE_OPEN_RE.lastIndex = i;
      if (HEAD_VOID_RE.test(html)) end = HEAD_VOID_RE.lastIndex;
      else if (TITLE_OPEN_RE.test(html)) {
        TITLE_CLOSE_RE.lastIndex = TITLE_OPEN_RE.lastIndex;
        end = TITLE_CLOSE_RE.test(html) ? TITLE_CLOSE_RE.lastIndex : -1;
      }
    }
    if (end < 0) return i;
    i = end;
  }
}

function parseDocument(html: string, where: string): DomDocument {
  // A page without <html> is wrapped; its leading <title> and <meta> stay in the head, as a browser reads
  // them, rather than becoming the first line of the article.
  const head = HAS_HTML_ROOT_RE.test(html) ? 0 : headEnd(html);
  const page = HAS_HTML_ROOT_RE.test(html)
    ? html
    : `<!DOCTYPE html><html><head>${html.slice(0, head)}</head><body>${html.slice(head)}</body></html>`;
  try {
    const { document } = parseHTML(page) as unknown as { document: DomDocument };
    if (!document.body) throw new Error('no <body>');
    return document;
  } catch (error) {
    throw new NotAnArticleError(`could not parse the HTML page${where}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Refuses a page nested deeper than MAX_PAGE_DEPTH or larger than MAX_PAGE_ELEMENTS (iterative walk). */
function checkStructure(doc: DomDocument, where: string): void {
  const root = doc.documentElement as unknown as DomElement | null;
  if (!root) return;
  const stack: [DomElement, number][] = [[root, 1]];
  let count = 0;
  while (stack.length > 0) {
    const [el, depth] = stack.pop()!;
    if (++count > MAX_PAGE_ELEMENTS)
      throw new NotAnArticleError(`the page${where} has more than ${MAX_PAGE_ELEMENTS} elements: not read`);
    if (depth > MAX_PAGE_DEPTH)
      throw new NotAnArticleError(
        `the page${where} is nested more than ${MAX_PAGE_DEPTH} levels deep: not read`,
      );
    const children = el.children;
    for (let i = 0; i < children.length; i++) stack.push([children[i]!, depth + 1]);
  }
}

function normalise(text: string): string {
  return text.replace(/\s+/gu, ' ').trim().toLowerCase();
}

/**
 * Extracts the article of an HTML page. `url` is where the page came from (null for a local file);
 * the canonical URL from the page wins over it. `name` is how a refusal names the page (a file's path,
 * "on stdin"); the URL when not given, and nothing without either (a `--jsonl` line has its id).
 * @throws NotAnArticleError when the page has no article text.
 */
export function articleFromHtml(html: string, url: string | null, options: { name?: string } = {}): Article {
  const named = options.name ?? url;
  const where = named ? ` ${named}` : '';
  const doc = parseDocument(html, where);
  const ld = jsonLdArticles(doc);
  const lang = attr(doc.documentElement ?? doc, 'lang');
  const canonicalEl = doc.querySelector('link[rel="canonical"]');
  const canonical =
    httpUrl(canonicalEl ? attr(canonicalEl, 'href') : null, url) ??
    httpUrl(metaContent(doc, ['og:url']), url) ??
    httpUrl(url, null);
  const metaTitle = metaContent(doc, ['og:title', 'twitter:title']) ?? jsonLdString(ld, 'headline');
  const h1 = doc.querySelector('h1');
  const h1Text = h1 ? (h1.textContent ?? '').replace(/\s+/gu, ' ').trim() : '';
  const timeEl = doc.querySelector('article time[datetime], time[pubdate][datetime], time[datetime]');
  const published =
    metaContent(doc, ['article:published_time', 'og:published_time', 'datePublished']) ??
    jsonLdString(ld, 'datePublished') ??
    metaContent(doc, [
      'pubdate',
      'publishdate',
      'date',
      'dc.date',
      'DC.date.issued',
      'parsely-pub-date',
      'sailthru.date',
    ]) ??
    (timeEl ? attr(timeEl, 'datetime') : null);
  const metaByline = metaContent(doc, ['author', 'article:author', 'parsely-author']) ?? jsonLdAuthors(ld);

  checkStructure(doc, where);
  preClean(doc);
  let parsed: ReturnType<Readability<DomElement>['parse']>;
  try {
    parsed = new Readability<DomElement>(doc as unknown as ConstructorParameters<typeof Readability>[0], {
      serializer: (node) => node as unknown as DomElement,
      maxElemsToParse: MAX_PAGE_ELEMENTS,
    }).parse();
  } catch (error) {
    throw new NotAnArticleError(`could not read the page${where}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const content = parsed?.content;
  if (!parsed || !content) {
    throw new NotAnArticleError(`no article text found in the page${where}`);
  }
  postClean(content);
  // A page that lists articles (search results, a section front) is not one, however much text it has.
  const shape = listingShape(textBlocks(content));
  if (shape.listing) {
    throw new NotAnArticleError(
      `the page${where} lists other pages (${shape.entries} linked titles with short snippets, ${Math.round(shape.share * 100)}% of its text: search results or an index), not an article`,
    );
  }

  const siteName = metaContent(doc, ['og:site_name', 'application-name']) ?? parsed.siteName ?? null;
  const rawTitle = parsed.title?.replace(/\s+/gu, ' ').trim() || metaTitle || h1Text || null;
  // Readability leaves "| Site Name" on short titles; see core/site-name.ts for when it goes.
  const title = rawTitle
    ? stripSiteName(rawTitle, { siteName, url: canonical ?? url, headline: h1Text })
    : null;
  const byline = cleanByline(parsed.byline) ?? cleanByline(metaByline);
  // The title and byline live in their fields; drop them where Readability left them at the top of the text.
  const paragraphs = htmlToText(content).split('\n\n');
  const headerValues = new Set(
    [title, h1Text, metaTitle, byline, byline ? `by ${byline}` : null]
      .filter((v): v is string => !!v)
      .map(normalise),
  );
  while (
    paragraphs.length > 0 &&
    (headerValues.has(normalise(paragraphs[0]!)) ||
      parseByline(paragraphs[0]!) !== null ||
      parseDateLine(paragraphs[0]!) !== null)
  ) {
    paragraphs.shift();
  }
  const source = paragraphs.join('\n\n');

  const wordCount = source.split(/\s+/u).filter((w) => /\p{L}/u.test(w)).length;
  if (wordCount < MIN_ARTICLE_WORDS) {
    throw new NotAnArticleError(`no article text found in the page${where}`);
  }
  const article: Article = {
    title,
    source,
    url: canonical,
    byline,
    published: pageDate(published) ?? pageDate(parsed.publishedTime),
    lang: lang ?? parsed.lang ?? null,
    siteName,
  };
  return article;
}
