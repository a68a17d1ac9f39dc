/**
 * Byte decoding for ingest. Node's TextDecoder decodes `windows-1252` (and its WHATWG aliases
 * `latin1`, `iso-8859-1`, `ascii`) as ISO-8859-1, turning curly quotes and dashes in 0x80-0x9F into
 * invisible C1 controls; this module maps that range itself.
 */

const WINDOWS_1252_LABELS = new Set([
  'windows-1252',
  'cp1252',
  'x-cp1252',
  'latin1',
  'l1',
  'iso-8859-1',
  'iso8859-1',
  'iso_8859-1',
  'iso88591',
  'ascii',
  'us-ascii',
  'ansi_x3.4-1968',
  'cp819',
  'ibm819',
]);

// 0x80-0x9F in Windows-1252; the five undefined positions keep their C1 code points, as WHATWG says.
const HIGH_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const codes: number[] = [];
    const end = Math.min(bytes.length, i + CHUNK);
    for (let j = i; j < end; j++) {
      const b = bytes[j]!;
      codes.push(b >= 0x80 && b <= 0x9f ? HIGH_C1[b - 0x80]! : b);
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

/** The length of the well-formed UTF-8 sequence of two or more bytes at `i`, or 0 (RFC 3629 table). */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const b = bytes[i + k];
    return b !== undefined && b >= lo && b <= hi;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** How many bytes are high (0x80 and up) and not part of a well-formed UTF-8 sequence. */
export function strayHighBytes(bytes: Uint8Array): number {
  let stray = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) i++;
    else {
      const length = utf8SequenceAt(bytes, i);
      if (length === 0) stray++;
      i += length || 1;
    }
  }
  return stray;
}

/**
 * Text that is not valid UTF-8 as a whole: each well-formed UTF-8 sequence is read as UTF-8 and each
 * other high byte as Windows-1252. Legacy text (no valid sequences) reads exactly as Windows-1252; UTF-8
 * prose with a stray byte pasted from an old file keeps its “quotes” and accents, where reading the whole
 * text as Windows-1252 would turn every one of them into mojibake (â€œ).
 */
export function decodeUtf8OrWindows1252(bytes: Uint8Array): string {
  const utf8 = new TextDecoder('utf-8');
  let out = '';
  let legacyFrom = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceAt(bytes, i);
    if (length === 0) {
      i++;
      continue;
    }
    out += decodeWindows1252(bytes.subarray(legacyFrom, i)) + utf8.decode(bytes.subarray(i, i + length));
    i += length;
    legacyFrom = i;
  }
  return out + decodeWindows1252(bytes.subarray(legacyFrom));
}

/**
 * Bytes whose charset nobody declared: UTF-8 when they are valid UTF-8, else Windows-1252 (the fallback
 * browsers use for most locales), so that a legacy page reads "café", not "caf\uFFFD"; well-formed UTF-8
 * sequences among the legacy bytes stay UTF-8 (`decodeUtf8OrWindows1252`).
 */
export function decodeUndeclared(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeUtf8OrWindows1252(bytes);
  }
}

/** Decodes bytes in the named charset (WHATWG labels); no label or an unknown one: `decodeUndeclared`. */
export function decodeBytes(bytes: Uint8Array, charset: string | null | undefined): string {
  const label = charset?.trim().toLowerCase();
  if (!label) return decodeUndeclared(bytes);
  if (WINDOWS_1252_LABELS.has(label)) return decodeWindows1252(bytes);
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return decodeUndeclared(bytes);
  }
}

const META_CHARSET_RE = /<meta[^>]+charset\s*=\s*["']?([\w:.-]+)/i;
const XML_ENCODING_RE = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w:.-]+)["']/i;
const UTF16_RE = /^(?:utf-?16(?:le|be)?|unicode(?:fffe|feff)?|ucs-2|csunicode|iso-10646-ucs-2)$/i;

/**
 * The charset a document declares in its first 4 KB: `<meta charset>` or the http-equiv form (when `html`),
 * else the XML prolog's `encoding`. A UTF-16 label found this way means UTF-8, as browsers read it: a page
 * whose meta could be read as ASCII is not UTF-16. Labels TextDecoder does not know are ignored.
 */
export function declaredCharset(bytes: Uint8Array, options: { html: boolean }): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  const label =
    (options.html ? META_CHARSET_RE.exec(head)?.[1] : undefined) ?? XML_ENCODING_RE.exec(head)?.[1];
  if (!label) return null;
  if (UTF16_RE.test(label)) return 'utf-8';
  if (WINDOWS_1252_LABELS.has(label.toLowerCase())) return 'windows-1252';
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

const CHARSET_PARAM_RE = /charset\s*=\s*["']?([\w:.-]+)/i;

/**
 * A fetched or dropped document's text. Charset by precedence: a byte-order mark, the Content-Type
 * header's `charset`, then `<meta charset>` (for an HTML type or none) or the XML prolog; with none of
 * them, UTF-8 if the bytes are valid UTF-8, else Windows-1252.
 */
export function decodeDocument(bytes: Uint8Array, contentTypeHeader: string | null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeBytes(bytes, 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeBytes(bytes, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeBytes(bytes, 'utf-16be');
  const header = contentTypeHeader ?? '';
  const mediaType = header.split(';')[0]!.trim().toLowerCase();
  const html = mediaType === '' || mediaType.includes('html') || mediaType.endsWith('octet-stream');
  return decodeBytes(bytes, CHARSET_PARAM_RE.exec(header)?.[1] ?? declaredCharset(bytes, { html }));
}
