import { open, stat } from 'node:fs/promises';
import {
  FEED_MEDIA_TYPES,
  isFeedRoot,
  rootElement,
  skipLeadingMarkup,
  XML_MEDIA_TYPES,
} from '../core/document-root.js';
import { articleFromPlainText } from '../core/plain-text.js';
import {
  declaredCharset,
  decodeBytes,
  decodeUtf8OrWindows1252,
  strayHighBytes,
} from '../core/text-decoding.js';
import type { Article } from '../core/types.js';

/**
 * One entry point for every article input of the CLI: a file path, an http(s) URL, or `-` for stdin.
 * Bad input is refused early with a one-line `InputError` (empty, binary, too large, missing);
 * URL failures surface as the fetcher's `FetchError`, pages without an article as `NotAnArticleError`.
 */

export class InputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputError';
  }
}

export interface LoadOptions {
  /** Tests only: let URLs reach 127.0.0.1 / ::1. */
  allowLoopback?: boolean;
  /** Reads all of stdin; defaults to process.stdin with the size cap. */
  readStdin?: () => Promise<Buffer>;
  /** Default 5 MB. */
  maxBytes?: number;
  /** URL fetch deadline; default 10 s. */
  timeoutMs?: number;
}

const URL_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
const HTTP_URL_RE = /^https?:\/\//i;
/** What an HTML page starts with, after its leading comments and XML prolog (skipLeadingMarkup). */
const HTML_START_RE = /^(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;
// A tag's attributes stop at the next "<" as well as at ">": with `[^>]*` a text of many "<p" and no ">"
// made each one read to the end (the square of 64 KB).
const TAG_RE =
  /<\/?(?:p|div|span|a|br|h[1-6]|article|section|ul|ol|li|table|td|tr|img|meta|link|script|style|title|em|strong|b|i)\b[^<>]*>/gi;
/** Any start or end tag, for the share of a text that is markup (attributes stop at "<", as in TAG_RE). */
const MARKUP_RE = /<\/?[a-z][^<>]*>/gi;
/** The start tag of an element whose content is code, not text. */
const CODE_ELEMENT_RE = /<(script|style)\b[^<>]*>/gi;
/** Share of a text's characters in markup beyond which it is a page, whatever it starts with. */
const MOSTLY_MARKUP = 0.5;
/** Control characters that never occur in text (everything below 0x20 except tab, LF, FF, CR; and DEL). */
const CONTROL_RE = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;
const MAGIC: Array<{ name: string; bytes: number[]; offset?: number }> = [
  { name: 'PDF', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'ZIP (or a Word/EPUB document)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'gzip', bytes: [0x1f, 0x8b] },
  { name: 'bzip2', bytes: [0x42, 0x5a, 0x68] },
  { name: '7-Zip', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'xz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: 'ELF executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'Mach-O executable', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: 'Windows executable', bytes: [0x4d, 0x5a] },
  { name: 'OLE (old Word/Excel) document', bytes: [0xd0, 0xcf, 0x11, 0xe0] },
  { name: 'RIFF (WebP/WAV/AVI)', bytes: [0x52, 0x49, 0x46, 0x46] },
  { name: 'WebAssembly', bytes: [0x00, 0x61, 0x73, 0x6d] },
  { name: 'SQLite database', bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66] },
  { name: 'MP4/MOV', bytes: [0x66, 0x74, 0x79, 0x70], offset: 4 },
];
/** Share of control characters beyond which decoded input is not text. */
const BINARY_RATIO = 0.02;
/** Share of bytes >= 0x80 beyond which input that is not UTF-8 is taken for binary rather than legacy text. */
const HIGH_BYTE_RATIO = 0.3;

function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB`;
}

function magicName(buffer: Buffer): string | null {
  for (const m of MAGIC) {
    const at = m.offset ?? 0;
    if (buffer.length >= at + m.bytes.length && m.bytes.every((b, i) => buffer[at + i] === b)) return m.name;
  }
  return null;
}

/**
 * Decodes input bytes as text, or refuses them: empty, binary (magic numbers, NUL bytes, too many
 * control characters, or mostly high bytes that are not UTF-8). UTF-8 (a BOM is dropped) and UTF-16 with a BOM are read;
 * bytes that are not UTF-8 are read in the charset the document declares, else as Windows-1252.
 */
export function decodeText(buffer: Buffer, name: string): string {
  if (buffer.length === 0) throw new InputError(`${name} is empty`);
  if (buffer[0] === 0xff && buffer[1] === 0xfe)
    return checkedText(new TextDecoder('utf-16le').decode(buffer), name);
  if (buffer[0] === 0xfe && buffer[1] === 0xff)
    return checkedText(new TextDecoder('utf-16be').decode(buffer), name);
  const magic = magicName(buffer);
  if (magic) throw new InputError(`${name} is a binary file (${magic}), not an article`);
  if (buffer.includes(0))
    throw new InputError(`${name} is a binary file (it contains NUL bytes), not an article`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    // Not UTF-8. A saved page that names its charset (<meta charset>, http-equiv, an XML prolog) is read
    // in it: Cyrillic or Polish text is neither binary nor Windows-1252. A valid UTF-8 file stays UTF-8
    // above, whatever its meta says (an editor that re-saved the page often left the old meta in).
    const declared = declaredCharset(buffer, { html: true });
    if (declared && declared !== 'utf-8') return checkedText(decodeBytes(buffer, declared), name);
    // Legacy 8-bit text (most often Windows-1252) has a few high bytes among ASCII prose;
    // binary data has them everywhere. Bytes of well-formed UTF-8 sequences are text (Cyrillic or
    // Greek UTF-8 with one stray byte is mostly such sequences).
    if (strayHighBytes(buffer) / buffer.length > HIGH_BYTE_RATIO) {
      throw new InputError(`${name} is a binary file (not valid UTF-8 text), not an article`);
    }
    text = decodeUtf8OrWindows1252(buffer);
  }
  return checkedText(text, name);
}

function checkedText(text: string, name: string): string {
  if (text.trim() === '') throw new InputError(`${name} is empty`);
  const controls = (text.match(CONTROL_RE) ?? []).length;
  if (controls / text.length > BINARY_RATIO) {
    throw new InputError(`${name} is a binary file (control characters), not an article`);
  }
  return text;
}

/** A media type without its parameters, lower case ('' for none). */
function bareMediaType(mediaType: string | null | undefined): string {
  return (mediaType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Refuses a feed or another XML document given where an article is expected: its markup is no article,
 * and summarising it (as HTML by its tags, or as plain text) printed junk with a zero exit. A file, stdin
 * and a URL all come here, so a feed gets one message whichever way it arrives: by its root element, or
 * for a URL by a feed's own media type (`application/rss+xml`, `application/atom+xml` …) whatever the body.
 * XHTML (root `html`) is a page and passes, under a generic XML type too.
 */
function refuseXml(text: string, name: string, mediaType?: string | null): void {
  const type = bareMediaType(mediaType);
  const root = rootElement(text);
  if (isFeedRoot(root) || FEED_MEDIA_TYPES.includes(type)) {
    throw new InputError(
      `${name} is an RSS or Atom feed, not an article: summarize one of its items, or add it with digest sources add`,
    );
  }
  if (root && /^html$/i.test(root)) return;
  if (root && /^\s*<\?xml[\s?]/i.test(text.slice(0, 65_536)))
    throw new InputError(`${name} is an XML document (<${root}>), not an article`);
  if (XML_MEDIA_TYPES.includes(type))
    throw new InputError(`${name} is an XML document (${root ? `<${root}>` : type}), not an article`);
}

/**
 * Whether text is an HTML page rather than plain text that mentions a tag or two: it starts as a page
 * (`<!doctype html`, `<html`, `<head`, `<body`), or it starts with a tag and has five common ones, or it is
 * mostly markup (tags, scripts and styles are more than half its first 64 KB: a page after a line of text). Text
 * without a "<" in its first 64 KB is never HTML, and costs one scan: every `--jsonl` line comes here.
 */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096);
  if (HTML_START_RE.test(head.slice(skipLeadingMarkup(head, false)))) return true;
  const sample = text.slice(0, 65536);
  if (!sample.includes('<')) return false;
  if (/^\s*</.test(head) && (sample.match(TAG_RE) ?? []).length >= 5) return true;
  return markupShare(sample) > MOSTLY_MARKUP;
}

/**
 * The share of a text's characters that are markup: its tags, and the code that script and style elements hold;
 * 0 for fewer than five tags.
 */
function markupShare(sample: string): number {
  let markup = 0;
  let tags = 0;
  for (const tag of sample.matchAll(MARKUP_RE)) {
    markup += tag[0].length;
    tags++;
  }
  // a line or two with a tag each ("<title>Short</title><p>Few tags.") is not a page's worth of markup
  if (tags < 5) return 0;
  const lower = sample.toLowerCase();
  let after = 0;
  for (const open of sample.matchAll(CODE_ELEMENT_RE)) {
    const start = open.index + open[0].length;
    if (start < after) continue; // a "<script" inside the previous element's code
    // an element that is never closed counts for nothing: a text that mentions "<script>" is still text
    const end = lower.indexOf(`</${open[1]!.toLowerCase()}`, start);
    if (end < 0) break;
    markup += end - start;
    after = end;
  }
  return Math.min(1, markup / sample.length);
}

const HTML_MEDIA_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/**
 * Whether a fetched or loaded text is read as an HTML page. The declared media type decides when there
 * is one: `text/html` and `application/xhtml+xml` are HTML however little markup they carry, `text/plain`
 * (any other `text/*` too) is text however many tags it mentions. Only without a type, or with a generic
 * one (`application/octet-stream`), is the text sniffed (looksLikeHtml). `digest summarize` and the
 * briefing's sources both decide here.
 * @example readsAsHtml('<title>Budget</title><p>The council…', 'text/html') // true
 */
export function readsAsHtml(text: string, mediaType?: string | null): boolean {
  const type = bareMediaType(mediaType);
  if (HTML_MEDIA_TYPES.has(type)) return true;
  // text/xml says XML, not text: XHTML under it is a page (refuseXml lets only an `html` root through)
  if (type.startsWith('text/') && !XML_MEDIA_TYPES.includes(type)) return false;
  // No type, a generic one (application/octet-stream, S3's binary/octet-stream), or one that no fetcher
  // accepts for an article page: the type says nothing, the text decides.
  return looksLikeHtml(text);
}

/** How a refusal of an HTML page names it: its URL or path, or "on stdin". */
function pageName(name: string): string {
  return name === 'stdin' ? 'on stdin' : name;
}

async function fromText(
  text: string,
  url: string | null,
  contentType?: string | null,
  name: string = url ?? 'input',
): Promise<Article> {
  refuseXml(text, name, contentType);
  // In a worker with a time budget: a hostile page is refused, not minutes of CPU (html-extract.ts).
  if (readsAsHtml(text, contentType))
    return (await import('./html-extract.js')).extractArticle(text, url, { name: pageName(name) });
  return { ...articleFromPlainText(text), url };
}

/** A page as fetched: its final URL, its declared media type (null or '' when it declares none), its decoded text. */
export interface FetchedPage {
  url: string;
  contentType: string | null;
  body: string;
}

/**
 * An Article from a fetched page: `digest summarize URL`, and a briefing's feed item pages and queued articles
 * (feed-reader.ts), read the same way. An empty page, binary data, a feed or another XML document are refused
 * with a one-line InputError; the media type decides HTML or plain text (readsAsHtml).
 * @throws InputError or NotAnArticleError
 */
export async function articleFromPage(page: FetchedPage): Promise<Article> {
  if (page.body.trim() === '') throw new InputError(`${page.url} returned an empty page`);
  if (page.body.includes('\u0000')) throw new InputError(`${page.url} returned binary data, not an article`);
  return fromText(page.body, page.url, page.contentType);
}

/**
 * An Article from a text given directly (the jsonl batch): `source` is the text exactly, and the title
 * comes only from the caller, never from the text.
 */
export function articleFromText(
  text: string,
  opts: { title?: string | null; url?: string | null } = {},
): Article {
  if (typeof text !== 'string' || text.trim() === '') throw new InputError('article text is empty');
  if (text.includes('\u0000')) throw new InputError('article text is binary (it contains NUL bytes)');
  const title = opts.title?.trim() ? opts.title.trim() : null;
  return { title, source: text, url: opts.url ?? null, byline: null, published: null };
}

/** A host name with a path or a www. prefix: what a URL typed without its scheme looks like. */
const HOST_LIKE_RE = /^(?:www\.[\w-]+(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\/)\S*$/i;

/** For a missing "file" that is a web address typed without http(s)://, the way to give it. */
function urlHint(path: string): string {
  return HOST_LIKE_RE.test(path) ? ` (for a web page, give the whole URL: https://${path})` : '';
}

async function readFileCapped(path: string, maxBytes: number): Promise<Buffer> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new InputError(`no such file: ${path}${urlHint(path)}`, { cause: error });
    if (code === 'EACCES') throw new InputError(`cannot read ${path}: permission denied`, { cause: error });
    throw new InputError(`cannot read ${path}: ${code ?? (error as Error).message}`, { cause: error });
  }
  if (info.isDirectory()) throw new InputError(`${path} is a directory, not an article file`);
  if (info.size > maxBytes) {
    throw new InputError(`${path} is too large (${formatMb(info.size)}; the limit is ${formatMb(maxBytes)})`);
  }
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read ${path}: ${error.code ?? error.message}`, { cause: error });
  });
  try {
    // Pipes and devices have no size: stream them with the cap.
    if (!info.isFile())
      return await readStreamCapped(handle.createReadStream({ autoClose: false }), maxBytes, path);
    // Read at most the cap plus one byte, in case the file grew after the stat.
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw new InputError(`${path} is too large (the limit is ${formatMb(maxBytes)})`);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

async function readStreamCapped(
  stream: AsyncIterable<unknown>,
  maxBytes: number,
  name: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > maxBytes) throw new InputError(`${name} is too large (the limit is ${formatMb(maxBytes)})`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function defaultReadStdin(maxBytes: number): () => Promise<Buffer> {
  return async () => {
    if (process.stdin.isTTY)
      throw new InputError('stdin is a terminal: pipe an article in, or give a file or URL');
    try {
      return await readStreamCapped(process.stdin, maxBytes, 'stdin');
    } finally {
      process.stdin.pause();
    }
  };
}

/**
 * Loads an article from a file path, an http(s) URL, or `-` (stdin), and dispatches on its kind:
 * HTML pages go through Readability, plain text keeps its bytes as `source`.
 * @throws InputError, FetchError or NotAnArticleError, each with a one-line message.
 */
export async function loadArticle(input: string, options: LoadOptions = {}): Promise<Article> {
  // Loaded here, not at the top: the jsonl batch (articleFromText) needs neither the fetcher (https, tls,
  // zlib) nor the extraction worker, and loading them costs it about 40 ms.
  const { DEFAULT_MAX_BYTES, fetchUrl } = await import('./http-fetcher.js');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (input === '-') {
    const buffer = await (options.readStdin ?? defaultReadStdin(maxBytes))();
    if (buffer.length > maxBytes)
      throw new InputError(`stdin is too large (the limit is ${formatMb(maxBytes)})`);
    return fromText(decodeText(buffer, 'stdin'), null, undefined, 'stdin');
  }
  if (HTTP_URL_RE.test(input)) {
    const page = await fetchUrl(input, {
      allowLoopback: options.allowLoopback,
      maxBytes,
      // Not asked for (the Accept header names article types), but taken: a feed or an XML document gets the
      // same refusal as a feed file (refuseXml), not "unsupported content type".
      tolerate: [...FEED_MEDIA_TYPES, ...XML_MEDIA_TYPES],
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    return articleFromPage(page);
  }
  if (URL_RE.test(input)) {
    const scheme = input.slice(0, input.indexOf(':'));
    throw new InputError(
      `unsupported URL scheme ${scheme}: only http and https URLs, files and - (stdin) are read`,
    );
  }
  if (input.trim() === '') throw new InputError('no input given');
  const buffer = await readFileCapped(input, maxBytes);
  return fromText(decodeText(buffer, input), null, undefined, input);
}
