import { findHeader, type Line, splitLines } from './plain-text.js';
import type { Span } from './types.js';

/**
 * Page furniture: lines of a page that are not the article's prose (photo captions and credits,
 * separators, share/subscribe boilerplate, and the title/byline/date header). Key points and quotes
 * must never come from them. Everything here works on whole lines, by shape rather than by word lists
 * where it can, because captions differ from page to page while their shape does not.
 */

const SEPARATOR_RE = /^[\s•·∙◦▪■□●○*\-–—_=~#+.…/\\|]+$/u;
const BULLET_RE = /^\s*(?:[•·▪■●◦*–—-]|\d{1,2}[.)])\s+\S/u;
const SENTENCE_END_RE = /[.!?…]["'”’»)\]]*$|["”’»]$/u;
const OPENS_QUOTE_RE = /^["“”‘'«„‹]/u;
/** Position markers and the like that captions use and prose almost never does. */
const CAPTION_MARKER_RE =
  /\((?:left|right|centre|center|middle|top|bottom|front|back|l|r|c|pictured|file|second (?:left|right)|(?:far )?(?:left|right)|l-r|l to r)\)|\b(?:pictured|file photo|file picture|seen here)\b/iu;
const CREDIT_WORD_RE =
  /^(?:photo(?:graph)?s?|pictures?|images?|illustrations?|graphics?|video|credits?|courtesy(?: of)?|source|foto|bild|crédit|credit photo|photo credit|image credit|file)\b\s*(?:[:/|©-]|by\b|$)/iu;
const AGENCY_RE =
  /\b(?:getty images|getty|afp|reuters|associated press|ap photo|ap|epa(?:-efe)?|efe|pa wire|pa media|pa|shutterstock|alamy|ansa|anadolu(?: agency)?|xinhua|bloomberg|imago|dpa|sipa|zuma(?: press)?|nurphoto|sopa images|istock(?:photo)?|unsplash|wikimedia(?: commons)?|flickr|handout|supplied|courtesy|file photo|pool|press service)\b/iu;
const COPYRIGHT_RE = /^(?:©|\(c\)|copyright\b)/iu;
const BOILERPLATE_RES: RegExp[] = [
  /^(?:share|tweet|email|print|save|copy link|copy url)(?: (?:this|the) (?:article|story|page|link))?(?: on (?:facebook|twitter|x|linkedin|whatsapp|email))?\s*[:!.]?$/iu,
  /^share (?:this|the|on)\b/iu,
  /^(?:subscribe|sign up|sign-up|join)\b.{0,120}\b(?:newsletter|updates|inbox|alerts?|subscription|free|today|now)\b/iu,
  /^(?:subscribe|sign up|log in|sign in|register)(?: now| today| here)?\s*[.!:]?$/iu,
  /^click here\b/iu,
  /^(?:advertisement|advertising|sponsored(?: content)?|ad|promoted|paid (?:post|content)|story continues below(?: advertisement)?|continue reading(?: below)?|scroll to continue(?: with content)?)\s*[.:]?$/iu,
  /^(?:read more|read also|also read|see also|related|related stories|related articles|related coverage|more on this story|more from|recommended|recommended for you|you may also like|most read|most popular|trending|watch|listen|watch now|listen now|top stories|editor'?s picks)\b\s*[:|»>-]/iu,
  /^(?:read more|related stories|related articles|related coverage|more on this story|recommended for you|you may also like|most read|most popular|more stories|top stories|editor'?s picks)\s*$/iu,
  /\b(?:we use cookies|uses cookies|this site uses cookies|cookie (?:policy|settings|preferences)|accept (?:all )?cookies)\b/iu,
  /^(?:follow us|follow)\b.{0,60}\b(?:on|@)\b.{0,60}$/iu,
  /^(?:download|get) (?:the|our) (?:app|newsletter)\b/iu,
  /^(?:comments?|leave a comment|\d+ comments?|view comments|show comments|join the conversation|have your say)\s*[.:]?$/iu,
  /^(?:all rights reserved|terms of (?:use|service)|privacy policy)\b/iu,
  /^(?:this article (?:was|is|has been) (?:originally )?(?:published|updated|amended))\b/iu,
  /^(?:image|photo|video|audio) (?:source|caption)\s*[:,]/iu,
  /^(?:skip to (?:main )?content|back to top|jump to)\b/iu,
];
const CREDIT_MAX_WORDS = 6;
const CREDIT_MAX_CHARS = 60;
const ORPHAN_MAX_WORDS = 4;
const CAPTION_MAX_WORDS = 45;
const CAPTION_MIN_WORDS = 4;
const DUPLICATE_CAPTION_MAX_WORDS = 35;
/** Photo-gallery counters left as lines of their own: "1.", "of.", "23", "3 of 12", "Image 3 of 12". */
const GALLERY_COUNTER_RE =
  /^(?:(?:image|photo|picture|slide)\s+)?(?:\d{1,3}|of|\d{1,3}\s*(?:of|\/)\s*\d{1,3})\.?$/iu;

type Kind = 'separator' | 'boilerplate' | 'credit' | 'caption' | 'header';

export interface FurnitureOptions {
  /** Treat the title, byline and date lines at the top as furniture (default true). */
  header?: boolean;
  /**
   * Detect a title line at the top by its shape. Default: true when `title` is not given, false when it
   * is (the caller knows the title, so only lines equal to it are the title).
   */
  detectTitle?: boolean;
  /**
   * The article's known title (`Article.title`), null when it has none. Lines equal to it (or to the
   * byline, with or without "By") are furniture wherever they are. Pass `article.title` and
   * `article.byline`: right for plain text, HTML-derived text and the jsonl batch alike.
   */
  title?: string | null;
  byline?: string | null;
}

function wordCount(text: string): number {
  return text.split(/\s+/u).filter((w) => w !== '').length;
}

/** Lowercase letters and digits only: near-duplicate captions differ only in spacing and punctuation. */
function fingerprint(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A separator line: bullets, dots, dashes, stars and nothing else ("• . . .", "***", "---"). */
export function isSeparatorLine(line: string): boolean {
  const text = line.trim();
  if (text === '') return false;
  if (!SEPARATOR_RE.test(text)) return false;
  // "-" alone is not a separator; need some visual weight.
  return text.replace(/\s/gu, '').length >= 2 || /[•·∙◦▪■●○*#…]/u.test(text);
}

/** Share, subscribe, cookie and "read more" lines. */
export function isBoilerplateLine(line: string): boolean {
  const text = line.trim();
  if (text === '' || text.length > 240) return false;
  return GALLERY_COUNTER_RE.test(text) || BOILERPLATE_RES.some((re) => re.test(text));
}

/** A photo credit or agency name alone on a short line ("Photo", "Getty Images", "Reuters/Jane Doe", "Credit: AFP"). */
export function isCreditLine(line: string): boolean {
  const text = line.trim();
  if (text === '' || text.length > CREDIT_MAX_CHARS || wordCount(text) > CREDIT_MAX_WORDS) return false;
  // "From Bloomberg:" introduces a quoted passage; it does not credit a photo.
  if (/:$/u.test(text)) return false;
  if (SENTENCE_END_RE.test(text) && !/\b(?:inc|ltd|co)\.$/iu.test(text) && !CREDIT_WORD_RE.test(text))
    return false;
  if (CREDIT_WORD_RE.test(text) || COPYRIGHT_RE.test(text)) return true;
  // "Jane Doe/Reuters", "AFP via Getty Images", "PA Wire": an agency name plus at most a photographer's name.
  if (AGENCY_RE.test(text)) {
    const rest = text
      .replace(new RegExp(AGENCY_RE.source, 'giu'), ' ')
      .replace(/[/|,;:()©-]|\bvia\b|\bfor\b/giu, ' ');
    return wordCount(rest) <= 3;
  }
  return false;
}

/**
 * Whether one line, seen alone, is furniture (separator, boilerplate or credit). Captions need their
 * neighbours to be recognised: use `findFurniture` for those.
 */
export function isFurnitureLine(line: string): boolean {
  return isSeparatorLine(line) || isBoilerplateLine(line) || isCreditLine(line);
}

/** A short fragment with no sentence punctuation: what a credit or outlet name looks like. */
function isOrphanFragment(text: string): boolean {
  const t = text.trim();
  if (t === '' || wordCount(t) > ORPHAN_MAX_WORDS || t.length > 40) return false;
  if (SENTENCE_END_RE.test(t) || /[:,;]$/u.test(t) || OPENS_QUOTE_RE.test(t)) return false;
  return /\p{L}/u.test(t);
}

/** The descriptive shape of a caption: a few words to a long sentence, no quotation, not a list item. */
function isCaptionShaped(text: string): boolean {
  const t = text.trim();
  const n = wordCount(t);
  if (n < CAPTION_MIN_WORDS || n > CAPTION_MAX_WORDS) return false;
  if (OPENS_QUOTE_RE.test(t) || BULLET_RE.test(t) || /[:;]$/u.test(t)) return false;
  if (/["“”«»]/u.test(t)) return false;
  return true;
}

/** A line that is one quotation, from its opening mark to its closing mark. */
const QUOTED_TURN_RE = /^["“].*[^\s"”]["”]$/u;
const asks = (line: string) => /\?["”]$/u.test(line);

/**
 * Two quotation paragraphs, one asking and the other answering in the same words: a question-and-answer exchange
 * ("“No weapon of any kind?”" ⏎ "“No weapon of any kind.”"), not a caption printed twice.
 */
function isEchoedTurn(a: string, b: string): boolean {
  return QUOTED_TURN_RE.test(a) && QUOTED_TURN_RE.test(b) && asks(a) !== asks(b);
}

function sameCaption(a: string, b: string): boolean {
  const fa = fingerprint(a);
  const fb = fingerprint(b);
  if (fa.length < 12 || fb.length < 12) return false;
  if (fa === fb) return true;
  // Near duplicates (one edited copy): a long common prefix and suffix.
  let p = 0;
  while (p < fa.length && p < fb.length && fa[p] === fb[p]) p++;
  let s = 0;
  while (s < fa.length - p && s < fb.length - p && fa[fa.length - 1 - s] === fb[fb.length - 1 - s]) s++;
  return p + s >= 0.9 * Math.max(fa.length, fb.length);
}

function normalise(text: string): string {
  return text.replace(/\s+/gu, ' ').trim().toLowerCase();
}

/**
 * Finds the page furniture of an article text: one span per furniture line (whole line, without its
 * line break), sorted by position.
 *
 * Rules, by shape:
 * - separators, share/subscribe/cookie/"read more" boilerplate, and credit lines are furniture alone;
 * - a line printed twice in a row (allowing spacing differences) is a caption: both copies;
 * - a caption-shaped line directly followed by a credit or a short fragment is a caption;
 * - a short fragment directly after a caption or credit is a credit ("PCS", "Vanity Fair");
 * - a caption-shaped line without sentence punctuation that stands between paragraphs, in a text whose
 *   paragraphs end in punctuation, is a caption (prose paragraphs end in a full stop; captions often don't);
 * - the title, byline and date lines at the top.
 *
 * @example findFurniture('Title\n\nBody text.\n\nShare this article') // spans of "Title" and "Share this article"
 */
export function findFurniture(source: string, options: FurnitureOptions = {}): Span[] {
  const lines = splitLines(source);
  const kinds = new Map<number, Kind>();
  const mark = (i: number, kind: Kind): void => {
    if (!kinds.has(i)) kinds.set(i, kind);
  };
  const isPhoto = (i: number): boolean => kinds.get(i) === 'caption' || kinds.get(i) === 'credit';
  const text = (i: number): string => lines[i]?.text.trim() ?? '';
  const blank = (i: number): boolean => i < 0 || i >= lines.length || text(i) === '';

  // Lines that end in punctuation vs those that don't, among long lines: tells whether the text's
  // prose ends in punctuation at all (some feeds strip it), so the bare-caption rule stays safe.
  let longLines = 0;
  let longPunctuated = 0;
  for (const line of lines) {
    const t = line.text.trim();
    if (wordCount(t) >= 12) {
      longLines++;
      if (SENTENCE_END_RE.test(t)) longPunctuated++;
    }
  }
  const proseIsPunctuated = longLines >= 2 && longPunctuated / longLines >= 0.8;

  for (let i = 0; i < lines.length; i++) {
    const t = text(i);
    if (t === '') continue;
    if (isSeparatorLine(t)) mark(i, 'separator');
    else if (isBoilerplateLine(t)) mark(i, 'boilerplate');
    else if (isCreditLine(t)) mark(i, 'credit');
  }

  // Duplicated captions: the same line twice in a row (blank lines between allowed).
  for (let i = 0; i < lines.length; i++) {
    if (blank(i)) continue;
    let j = i + 1;
    while (j < lines.length && blank(j) && j - i <= 2) j++;
    if (j < lines.length && !blank(j) && sameCaption(text(i), text(j)) && !isEchoedTurn(text(i), text(j))) {
      // Short repeated lines are captions (both copies go); a long repeated paragraph is prose printed
      // twice (a standfirst repeated as the first paragraph): keep the first copy only.
      if (wordCount(text(i)) <= DUPLICATE_CAPTION_MAX_WORDS) mark(i, 'caption');
      mark(j, 'caption');
    }
  }

  // Credits and captions by adjacency; iterate until stable so chains (caption, caption, Photo, PCS) settle.
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < lines.length; i++) {
      if (kinds.has(i) || blank(i)) continue;
      const t = text(i);
      const prevIsPhoto = !blank(i - 1) && isPhoto(i - 1);
      const next = i + 1 < lines.length && !blank(i + 1) ? text(i + 1) : null;
      const nextIsCredit = next !== null && kinds.get(i + 1) === 'credit';
      if (prevIsPhoto && isOrphanFragment(t)) {
        mark(i, 'credit');
        changed = true;
      } else if (nextIsCredit && isCaptionShaped(t)) {
        mark(i, 'caption');
        changed = true;
      } else if (
        next !== null &&
        isOrphanFragment(next) &&
        isCaptionShaped(t) &&
        blank(i + 2) &&
        (!SENTENCE_END_RE.test(t) || CAPTION_MARKER_RE.test(t))
      ) {
        // "Caption text\nOutlet Name\n\n": a description followed by a bare credit ending its block.
        mark(i, 'caption');
        mark(i + 1, 'credit');
        changed = true;
      }
    }
  }

  // Bare captions standing between paragraphs.
  if (proseIsPunctuated) {
    for (let i = 1; i < lines.length; i++) {
      if (kinds.has(i) || blank(i)) continue;
      const t = text(i);
      if (!isCaptionShaped(t) || SENTENCE_END_RE.test(t) || /[,:;]$/u.test(t)) continue;
      if (wordCount(t) < 6 && !CAPTION_MARKER_RE.test(t)) continue; // short unpunctuated lines may be subheadings
      const standsAlone = blank(i - 1) && blank(i + 1);
      if (standsAlone || CAPTION_MARKER_RE.test(t)) mark(i, 'caption');
    }
  }

  if (options.header !== false) {
    const detectTitle = options.detectTitle ?? options.title === undefined;
    const header = findHeader(source, { detectTitle });
    for (const part of [header.title, header.byline, header.published]) {
      if (part) markLine(lines, part, (i) => mark(i, 'header'));
    }
    const known = [options.title, options.byline].filter((v): v is string => !!v?.trim()).map(normalise);
    if (known.length > 0) {
      for (let i = 0; i < lines.length; i++) {
        const n = normalise(text(i));
        if (n !== '' && known.some((k) => n === k || n === `by ${k}`)) mark(i, 'header');
      }
    }
  }

  return [...kinds.keys()]
    .sort((a, b) => a - b)
    .map((i) => lines[i]!)
    .map((l) => ({ start: l.start, end: l.end }));
}

function markLine(lines: Line[], span: Span, mark: (i: number) => void): void {
  const i = lines.findIndex((l) => l.start === span.start);
  if (i >= 0) mark(i);
}

/** Whether a span (a sentence, a quote) touches any furniture span. */
export function overlapsFurniture(furniture: readonly Span[], span: Span): boolean {
  return furniture.some((f) => f.start < span.end && span.start < f.end);
}
