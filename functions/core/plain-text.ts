import type { Article, Span } from './types.js';

/**
 * Plain-text ingest: the input is kept byte for byte as `source` (every offset indexes it); the page
 * header (title, byline, date line) is read from the top of the text without altering it.
 */

const LINE_RE = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
const TITLE_MAX_CHARS = 200;
const TITLE_MAX_WORDS = 25;
/** How many non-empty lines at the top may hold the title, byline and date. */
const HEADER_SCAN_LINES = 6;
const BYLINE_MAX_CHARS = 120;
const DATE_LINE_MAX_CHARS = 80;

// Case-sensitive on purpose: names are capitalised, and "by the end of the week" is prose.
const BYLINE_RE =
  /^(?:[Bb]y|BY|[Ww]ritten by|[Ww]ords by|[Vv]on|VON|[Pp]ar|PAR|[Pp]or|POR|[Dd]i|[Dd]oor|[Aa]v)\s+(\p{Lu}[\p{L}\p{M}.'’-]*(?:[ \t]+(?:\p{Lu}[\p{L}\p{M}.'’-]*|de|da|van|von|der|den|del|la|le|bin|al|and|und|et|y|e|&|,))*)/u;
/** Words that follow "By" in prose ("By Wednesday, talks had resumed") but are never a name. */
const NOT_A_NAME_RE =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|then|now|law|far|contrast|comparison|midnight|noon|the|this|that|these|those|then|its|his|her|their|our|my)\b/iu;
const MONTHS =
  'jan(?:uary|\\.)?|feb(?:ruary|\\.)?|mar(?:ch|\\.)?|apr(?:il|\\.)?|may|june?|july?|aug(?:ust|\\.)?|sep(?:t(?:ember)?|\\.)?\\.?|oct(?:ober|\\.)?|nov(?:ember|\\.)?|dec(?:ember|\\.)?' +
  '|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre' +
  '|januar|februar|märz|maerz|juni|juli|oktober|dezember' +
  '|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre';
const DATE_RES = [
  // 2024-11-20, 2024-11-20T10:00:00Z
  /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/,
  // November 20, 2024 / Nov. 20 2024
  new RegExp(`\\b(?:${MONTHS})\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b`, 'iu'),
  // 20 November 2024 / 20. November 2024 / 1er novembre 2024
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th|er|\\.)?\\s+(?:de\\s+)?(?:${MONTHS})(?:\\s+de)?\\s+\\d{4}\\b`, 'iu'),
  // 20/11/2024, 11.20.2024
  /\b\d{1,2}[./]\d{1,2}[./]\d{4}\b/,
];
/** Words that may surround a date on a date line without making it a sentence. */
const DATE_LINE_FILLER_RE =
  /(?<![\p{L}\p{N}])(?:published|updated|posted|last|modified|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|bst|cet|cest|est|edt|cst|cdt|pst|pdt|eat|ist|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|veröffentlicht|aktualisiert|um|uhr|publié|publie|mis à jour|le|à|h|min|read|reading|time|actualizado|publicado|el|de)(?![\p{L}\p{N}])/giu;

export interface Line extends Span {
  /** The line without its line break. */
  text: string;
}

export interface HeaderLine extends Line {
  /** The value the Article field gets (title text, byline name, date as printed). */
  value: string;
}

export interface ArticleHeader {
  title: HeaderLine | null;
  byline: HeaderLine | null;
  published: HeaderLine | null;
}

/** Splits text into lines with offsets; `end` excludes the line break. */
export function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  LINE_RE.lastIndex = 0;
  for (let match = LINE_RE.exec(source); match; match = LINE_RE.exec(source)) {
    const raw = match[0];
    if (raw === '') break;
    const text = raw.replace(/(?:\r\n|\r|\n)$/, '');
    lines.push({ start: match.index, end: match.index + text.length, text });
    if (match.index + raw.length >= source.length) break;
  }
  return lines;
}

function words(text: string): string[] {
  return text.split(/\s+/u).filter((w) => w !== '');
}

const WORD_RE = /\S+/gu;

/** Whether the text has more than `n` words, read only as far as needed (a line can be a whole article). */
function moreWordsThan(text: string, n: number): boolean {
  WORD_RE.lastIndex = 0;
  let count = 0;
  while (WORD_RE.exec(text)) if (++count > n) return true;
  return false;
}

/**
 * Whether a line reads as a headline: short, not a sentence ending in a full stop.
 * @example looksLikeTitle('Kenya to Continue Leading Haiti Mission') // true
 */
export function looksLikeTitle(line: string): boolean {
  const text = line.trim();
  if (text === '' || text.length > TITLE_MAX_CHARS) return false;
  if (words(text).length > TITLE_MAX_WORDS) return false;
  // A full stop (but not an ellipsis), a comma, semicolon or colon ends a sentence or a fragment, not a headline.
  if (/[,;:]$/u.test(text)) return false;
  if (/\.$/u.test(text) && !/\.\.\.$|…$/u.test(text)) return false;
  if (/[.!?…]["”’»]$/u.test(text)) return false;
  if (!/\p{L}/u.test(text)) return false;
  return true;
}

/** The byline name when the line is a byline such as "By Jane Doe" or "By Jane Doe | Nov. 20, 2024". */
export function parseByline(line: string): string | null {
  const text = line.trim();
  if (text.length > BYLINE_MAX_CHARS) return null;
  const match = BYLINE_RE.exec(text);
  if (!match?.[1]) return null;
  const name = match[1].replace(/[\s,&]+$/u, '').replace(/\s+(?:and|und|et|y|e)$/iu, '');
  if (name === '' || NOT_A_NAME_RE.test(name)) return null;
  // What follows the name must be a separator and a short role, outlet or date, not the rest of a sentence.
  const rest = text.slice(match[0].length).trim();
  if (rest !== '' && !/^[|·•–—\-,/(]/u.test(rest)) return null;
  if (rest.startsWith(',') && words(rest).length > 5) return null;
  if (/[.!?]$/u.test(text) && !/\b\p{Lu}\.$/u.test(text)) return null;
  return name;
}

/** The date as printed when the line is mostly a date ("Published November 20, 2024 10:15 am"). */
export function parseDateLine(line: string): string | null {
  const text = line.trim();
  if (text === '' || text.length > DATE_LINE_MAX_CHARS) return null;
  for (const re of DATE_RES) {
    const match = re.exec(text);
    if (!match) continue;
    const leftover = (text.slice(0, match.index) + text.slice(match.index + match[0].length))
      .replace(DATE_LINE_FILLER_RE, ' ')
      .replace(/[\d:.,|/·•–—()\-\s]+/gu, ' ')
      .trim();
    if (words(leftover).length <= 1) {
      return text.replace(
        /^(?:published|updated|posted|veröffentlicht|publié)\s*(?:on|am|le)?\s*:?\s*/iu,
        '',
      );
    }
  }
  return null;
}

/** Finds the title, byline and date lines at the top of a plain-text article. */
export function findHeader(source: string, options: { detectTitle?: boolean } = {}): ArticleHeader {
  const header: ArticleHeader = { title: null, byline: null, published: null };
  const lines = splitLines(source);
  const nonEmpty = lines.filter((l) => l.text.trim() !== '');
  const first = nonEmpty[0];
  if (!first) return header;
  if (options.detectTitle !== false) {
    // A title needs a line break after it and more text to head.
    const followedByBreak = first.end < source.length && nonEmpty.length > 1;
    if (followedByBreak && looksLikeTitle(first.text) && parseByline(first.text) === null) {
      header.title = { ...first, value: first.text.trim() };
    }
  }
  for (const line of nonEmpty.slice(0, HEADER_SCAN_LINES)) {
    if (line === header.title) continue;
    if (!header.byline) {
      const name = parseByline(line.text);
      if (name) {
        header.byline = { ...line, value: name };
        const date = dateInByline(line.text);
        if (date && !header.published) header.published = { ...line, value: date };
        continue;
      }
    }
    if (!header.published) {
      const date = parseDateLine(line.text);
      if (date) {
        header.published = { ...line, value: date };
        continue;
      }
    }
    // The header ends at the first line of prose.
    if (line !== first || !header.title) {
      if (moreWordsThan(line.text, 12)) break;
    }
  }
  return header;
}

function dateInByline(text: string): string | null {
  for (const part of text.split(/\s*[|·•–—]\s*/u).slice(1)) {
    const date = parseDateLine(part);
    if (date) return date;
  }
  return null;
}

/**
 * Reads a plain-text article. `source` is the input exactly as given.
 * @example articleFromPlainText('Harbour strike ends\n\nDock workers returned...').title // 'Harbour strike ends'
 */
export function articleFromPlainText(raw: string): Article {
  const header = findHeader(raw);
  return {
    title: header.title?.value ?? null,
    source: raw,
    url: null,
    byline: header.byline?.value ?? null,
    published: header.published?.value ?? null,
  };
}
