import type { Sentence } from './types.js';

/**
 * Sentence splitting with offsets into the original text.
 *
 * Rules, in order of precedence:
 * - A line break ends a sentence unless it is a soft wrap (the line does not end in terminal
 *   punctuation and the next one starts in lower case).
 * - `.`, `!`, `?` or `…` (with any closing quotes or brackets after them) end a sentence when
 *   the next word starts like a sentence: an upper-case letter, a digit or an opening mark.
 * - No split after a known abbreviation (Dr., Gov., Nov., U.S.) or an initial (J. K. Rowling),
 *   unless the abbreviation can close a sentence (U.S., p.m., Inc.) and the next word is a
 *   common sentence opener ("... in the U.S. The ...").
 * - No split inside an open double quotation (straight or curly, mixed pairs included), so a
 *   quoted passage of several sentences stays with its attribution. The quote state resets at
 *   each paragraph, and a runaway quote (an unmatched mark) stops holding after 600 characters.
 */

/** Abbreviations that are never the end of a sentence when followed by a name or number. */
const TITLE_ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'mx',
  'dr',
  'prof',
  'gov',
  'sen',
  'rep',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'cmdr',
  'adm',
  'maj',
  'pres',
  'supt',
  'det',
  'coun',
  'const',
  'cst',
  'insp',
  'cpl',
  'pvt',
  'hon',
  'asst',
  'brig',
  'insp',
  'st',
  'ste',
  'mt',
  'ft',
  'rev',
  'hon',
  'fr',
  'sr',
  'jr',
  'messrs',
  'mme',
  'no',
  'nos',
  'vol',
  'vols',
  'fig',
  'figs',
  'p',
  'pp',
  'ch',
  'art',
  'sec',
  'para',
  'ed',
  'eds',
  'approx',
  'est',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sun',
  'vs',
  'v',
  'cf',
  'e.g',
  'i.e',
  'al',
  'ca',
  'c',
  'ala',
  'ariz',
  'ark',
  'calif',
  'colo',
  'conn',
  'del',
  'fla',
  'ga',
  'ill',
  'ind',
  'kan',
  'ky',
  'la',
  'md',
  'mass',
  'mich',
  'minn',
  'miss',
  'mo',
  'mont',
  'neb',
  'nev',
  'okla',
  'ore',
  'pa',
  'tenn',
  'tex',
  'va',
  'vt',
  'wash',
  'wis',
  'wyo',
]);

/** Abbreviations that may close a sentence: split after them only before a clear sentence opener. */
const CLOSING_ABBREVIATIONS = new Set([
  'u.s',
  'u.k',
  'u.n',
  'e.u',
  'u.s.a',
  'a.m',
  'p.m',
  'inc',
  'ltd',
  'co',
  'corp',
  'llc',
  'plc',
  'etc',
  'bros',
  'd.c',
]);

const SENTENCE_OPENERS = new Set([
  'the',
  'a',
  'an',
  'he',
  'she',
  'it',
  'they',
  'we',
  'i',
  'you',
  'his',
  'her',
  'their',
  'its',
  'our',
  'this',
  'that',
  'these',
  'those',
  'there',
  'but',
  'and',
  'so',
  'yet',
  'however',
  'in',
  'on',
  'at',
  'for',
  'after',
  'before',
  'when',
  'while',
  'if',
  'as',
  'some',
  'many',
  'most',
  'one',
  'two',
  'three',
  'officials',
  'police',
  'meanwhile',
  'still',
  'also',
  'then',
  'now',
  'last',
  'earlier',
  'later',
  'since',
  'despite',
  'according',
]);

/** Terminal punctuation, then any closing quote or bracket marks. */
const BOUNDARY_RE = /[.!?…]+["”’'»)\]]*/g;
const TERMINAL_END_RE = /[.!?…:;"”’'»)\]]\s*$/;
const WORD_BEFORE_RE = /([\p{L}\p{N}.'’-]+)$/u;
/**
 * German writes a date's day as an ordinal ("am 1. Januar", "vom 3. März"): that full stop ends no sentence.
 * Only the month names English does not share, so that "page 1. April brought …" still splits.
 */
const GERMAN_MONTHS = new Set([
  'januar',
  'jänner',
  'februar',
  'märz',
  'mai',
  'juni',
  'juli',
  'oktober',
  'dezember',
]);
const DAY_RE = /^(?:[1-9]|[12]\d|3[01])$/u;
const NEXT_WORD_RE = /^\s*["“‘'«([]*([\p{L}\p{N}][\p{L}\p{N}'’.-]*)/u;
const SENTENCE_START_RE = /^\s*(?:["“‘'«([]|[\p{Lu}\p{Lt}\p{N}]|[•–—-]\s)/u;
const INITIAL_RE = /^\p{Lu}$/u;
const MAX_QUOTE_HOLD = 600;

interface Paragraph {
  start: number;
  end: number;
}

/** Splits text into paragraphs at line breaks, joining soft-wrapped lines. */
function paragraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  const lineRe = /[^\n]*(?:\n|$)/g;
  let current: Paragraph | null = null;
  let previousLine = '';
  for (let m = lineRe.exec(text); m && m[0].length > 0; m = lineRe.exec(text)) {
    const lineStart = m.index;
    const raw = m[0];
    const lineEnd = lineStart + raw.replace(/\n$/, '').length;
    const line = text.slice(lineStart, lineEnd);
    if (line.trim() === '') {
      current = null;
      previousLine = '';
      continue;
    }
    const softWrap =
      current !== null &&
      !TERMINAL_END_RE.test(previousLine) &&
      /^\s*\p{Ll}/u.test(line) &&
      previousLine.length > 40;
    if (current && softWrap) {
      current.end = lineEnd;
    } else {
      current = { start: lineStart, end: lineEnd };
      out.push(current);
    }
    previousLine = line;
  }
  return out;
}

function isOpeningQuote(ch: string, open: boolean): boolean | null {
  if (ch === '“' || ch === '«' || ch === '„') return true;
  if (ch === '”' || ch === '»') return false;
  if (ch === '"') return !open;
  return null;
}

function shouldSplit(text: string, punctStart: number, boundaryEnd: number, paraEnd: number): boolean {
  const after = text.slice(boundaryEnd, Math.min(paraEnd, boundaryEnd + 40));
  if (!/^\s/.test(after)) return false;
  if (!SENTENCE_START_RE.test(after)) return false;
  const punct = text[punctStart];
  if (punct !== '.') return true;
  // only a single full stop can belong to an abbreviation ("..." and "?" cannot)
  if (text[punctStart + 1] === '.') return true;
  const before = WORD_BEFORE_RE.exec(text.slice(Math.max(0, punctStart - 30), punctStart))?.[1] ?? '';
  const word = before.replace(/^['’]+/, '');
  const lower = word.toLowerCase();
  const nextWord = NEXT_WORD_RE.exec(after)?.[1]?.toLowerCase() ?? '';
  if (INITIAL_RE.test(word)) return false;
  if (GERMAN_MONTHS.has(nextWord) && DAY_RE.test(word)) return false;
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word) && !CLOSING_ABBREVIATIONS.has(lower)) return false;
  if (CLOSING_ABBREVIATIONS.has(lower)) return SENTENCE_OPENERS.has(nextWord);
  if (TITLE_ABBREVIATIONS.has(lower)) {
    // "No. 10" / "Nov. 20" hold; a title abbreviation before a sentence opener ends the sentence
    // only for the words that are also ordinary words ("in the fig." is not a thing, "...in St." is)
    return SENTENCE_OPENERS.has(nextWord) && !/^\p{N}/u.test(nextWord) && word.length > 2 && lower !== 'no';
  }
  return true;
}

/**
 * Splits `text` into sentences whose offsets index `text` (end exclusive, trimmed).
 *
 * @example
 * splitSentences('Gov. Smith left at 5 p.m. Friday. "We go. We stay," he said.')
 * // → ['Gov. Smith left at 5 p.m. Friday.', '"We go. We stay," he said.']
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) sentences.push({ text: text.slice(start, end), start, end });
  };

  // every boundary of the text, found once: a paragraph without one would otherwise search on to the
  // next one, wherever it is (a text of many such lines cost the square of its length). A boundary holds
  // no line break, so none straddles a paragraph's start at the beginning of a line.
  const boundaries = [...text.matchAll(BOUNDARY_RE)];
  let next = 0;
  for (const para of paragraphs(text)) {
    let sentenceStart = para.start;
    let quoteOpen = false;
    let quoteOpenedAt = -1;
    let scanFrom = para.start;
    while (next < boundaries.length && boundaries[next]!.index < para.start) next++;
    for (; next < boundaries.length && boundaries[next]!.index < para.end; next++) {
      const m = boundaries[next]!;
      const boundaryEnd = Math.min(m.index + m[0].length, para.end);
      // update the double-quote state over the text up to the end of this boundary
      for (let i = scanFrom; i < boundaryEnd; i++) {
        const kind = isOpeningQuote(text[i]!, quoteOpen);
        if (kind === true && !quoteOpen) {
          quoteOpen = true;
          quoteOpenedAt = i;
        } else if (kind === false && quoteOpen) {
          quoteOpen = false;
        }
      }
      scanFrom = boundaryEnd;
      if (quoteOpen && boundaryEnd - quoteOpenedAt < MAX_QUOTE_HOLD) continue;
      if (quoteOpen) quoteOpen = false; // a runaway mark stops holding the sentence open
      if (!shouldSplit(text, m.index, boundaryEnd, para.end)) continue;
      push(sentenceStart, boundaryEnd);
      sentenceStart = boundaryEnd;
    }
    push(sentenceStart, para.end);
  }
  return sentences;
}
