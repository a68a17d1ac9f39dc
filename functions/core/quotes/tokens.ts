/** Word and punctuation tokens with offsets, for reading the text around a quotation. */
import { byScript, SCRIPTS, scriptIndex, testByScript } from '../letter-classes.js';
import { ABBREVIATIONS } from './lexicon.js';

export interface Token {
  text: string;
  /** Lower case, with curly apostrophes made straight. */
  lower: string;
  start: number;
  end: number;
  word: boolean;
  /** Starts with an upper-case letter (or is an initial such as "J."). */
  cap: boolean;
  /** Part of a capitalised name run: a word with a capital, or of two characters or more all capitals (`ALL_CAPS_RE`). */
  nameWord: boolean;
}

// An ampersand between letters joins them ("M&S", "AT&T"): a company, not two initials.
// A plural possessive keeps its apostrophe ("Sanders’ campaign", "the voters' choice", "the Students' Union
// president", "Atticus' David Slager"): an apostrophe after a word ending in s and before a space and a word is no
// closing quotation mark. (A single-marked passage closes before a comma or a full stop, not a word: the spans are
// found apart from the tokens, so a rare "'… the Giants' Smith said" loses nothing but the name's word split.)
const TOKEN_RE = byScript(
  (c) =>
    `[${c.letterOrNumber}]+(?:[’'\\-./&][${c.letterOrNumber}]+|(?<=\\d),\\d{3}(?![${c.letterOrNumber}]))*(?:(?<=s)[’'](?=[ \\t][${c.lower}${c.upper}]))?|\\S`,
  'g',
);
const UPPER_RE = byScript((c) => `^[${c.upper}]`);
const LOWER_RE = byScript((c) => `^[${c.lower}]`);
const UPPER_OR_NUMBER_RE = byScript((c) => `^[${c.upper}${c.number}]`);
/** Capitals, numbers and the marks an acronym holds ("NATO", "AT&T", "U.S."); a number alone counts too. */
const ALL_CAPS_RE = byScript((c) => `^[${c.upper}${c.number}.&-]+$`);
const LETTER_OR_DIGIT_RE = byScript((c) => `[${c.letterOrNumber}]`);
/** An initial ("J") or capitals joined by full stops ("U.S"). */
const INITIALS_RE = byScript((c) => `^[${c.upper}](?:\\.[${c.upper}])*$`);

/** `/^[\p{Lu}\p{N}.&-]+$/u.test(text)`: capitals, numbers and an acronym's marks alone. */
export const isAllCaps = (text: string): boolean => testByScript(ALL_CAPS_RE, text);

/** Does the text start with a capital (`/^\p{Lu}/u`)? An ASCII first character is read from its code. */
export function startsUpper(text: string): boolean {
  const c = text.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : testByScript(UPPER_RE, text);
}

/**
 * Is the code a no-break space's or in the General Punctuation block (U+2000 to U+206F: the curly
 * quotes, dashes, the ellipsis and odd spaces that a plain text holds beside ASCII, and more)? None of
 * them is a letter.
 */
export const isPunctuationCode = (c: number): boolean => c === 0xa0 || (c >= 0x2000 && c <= 0x206f);

/** Does the text start with a lower-case letter (`/^\p{Ll}/u`)? An ASCII or punctuation first character is read from its code. */
export function startsLower(text: string): boolean {
  // (an empty text, common after a quotation that ends its paragraph, is answered without the pattern)
  if (text === '') return false;
  const c = text.charCodeAt(0);
  return c < 128 ? c >= 97 && c <= 122 : !isPunctuationCode(c) && testByScript(LOWER_RE, text);
}

/** Does the text start with a capital or a number (`/^[\p{Lu}\p{N}]/u`)? An ASCII one is read from its code. */
export function startsUpperOrNumber(text: string): boolean {
  const c = text.charCodeAt(0);
  return c < 128 ? (c >= 65 && c <= 90) || (c >= 48 && c <= 57) : testByScript(UPPER_OR_NUMBER_RE, text);
}

/** Does the text hold a letter or a number (`/[\p{L}\p{N}]/u`)? */
export const hasLetterOrDigit = (text: string): boolean => testByScript(LETTER_OR_DIGIT_RE, text);

/**
 * Is `lowered` (`text.toLowerCase()`) the text lower-cased character by character, so that any piece of it is
 * that piece of `text` lower-cased alone? True of every character but İ (two characters: the length changes)
 * and Σ (σ or ς by what follows it, which a piece alone does not show).
 */
export const lowersCharByChar = (text: string, lowered: string): boolean =>
  lowered.length === text.length && !text.includes('Σ');

/**
 * Tokens of the text. Abbreviations and initials keep their full stop (one that ends a paragraph, "… voted no.⏎",
 * is read as a sentence end where it matters: subject-before.ts). The code after the token is read only inside the
 * text, as a read past its end would throw the optimised loop away.
 * This loop runs for every token of every article, mostly before V8 optimises it, where each
 * property read and call costs: the token's end is read from `lastIndex`, a single-character test
 * stands in for the length, ASCII punctuation is its own lower case, the initials pattern is tried
 * only on a capitalised word before a full stop, and each curly apostrophe is searched for once.
 *
 * With `sentenceStarts`, this pushes onto it where each sentence after the first starts: at the token
 * after a sentence end (isSentenceEnd; a run of them, "..." or "?!", is one) or after a line break. Found
 * here, from what the loop knows of each token, that costs a few bytecodes per token instead of a second
 * pass over the tokens. With `nameWordAt`, likewise, the index of each token that is a `nameWord`: the name
 * runs (names.ts) start only there, and are found without reading every token again.
 *
 * Each token's lower case is cut from the text lower-cased once when that is the same (lowersCharByChar):
 * lower-casing a token of a text that is not all Latin-1 (curly quotes, dashes) is a runtime call costing
 * about as much as matching the token; a cut is a copy.
 *
 * A token's first code and length are read from the text and the offsets, not from the token's string:
 * the text is one string, while tokens are strings of several kinds, and each kind a read meets widens its
 * inline cache, which puts off the loop's optimisation (V8 waits for a function's feedback to settle).
 */
export function tokenize(text: string, sentenceStarts?: number[], nameWordAt?: number[]): Token[] {
  // the next curly apostrophe at or after the current token: in it when before its end (none is between tokens)
  let curly = indexOrEnd(text, '’', 0);
  // The first line break at or after the previous token's end (found once per line); whether that token ends a sentence.
  let lineBreak = -1;
  let prevEnd = 0;
  let stop = false;
  const lowered = text.toLowerCase();
  const cut = lowersCharByChar(text, lowered);
  const out: Token[] = [];
  let n = 0;
  // most news is plain text, which the ASCII patterns read the same at a fraction of the cost
  const p = TOKEN_PATTERNS[scriptIndex(text)]!;
  const re = p.token;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    let value = m[0];
    const start = m.index;
    let end = re.lastIndex;
    const c0 = text.charCodeAt(start);
    const past = c0 < 128 ? 0 : nonAsciiClass(value, end - start > 1, p);
    // a one-character token: an ASCII letter or digit is a word, other ASCII is punctuation
    const word =
      end - start > 1 ||
      (c0 < 128 ? (c0 >= 97 && c0 <= 122) || (c0 >= 65 && c0 <= 90) || (c0 >= 48 && c0 <= 57) : past !== 0);
    if (sentenceStarts !== undefined && n > 0) {
      if (lineBreak < prevEnd) lineBreak = indexOrEnd(text, '\n', prevEnd);
      if ((stop && (word || (c0 !== 46 && c0 !== 33 && c0 !== 63 && c0 !== 0x2026))) || lineBreak < start)
        sentenceStarts.push(start);
    }
    // (a token starting with a capital is a word; the test past ASCII runs for curly quotes too)
    const cap = c0 < 128 ? c0 >= 65 && c0 <= 90 : past === CAPITAL;
    let low = !word && c0 < 128 ? value : cut ? lowered.slice(start, end) : value.toLowerCase();
    // a word before a full stop keeps it when it is an abbreviation, or an initial or a run of them ("J.", "U.S.",
    // which start with a capital); the stop is read only inside the text
    const dotted = word && end < text.length && text.charCodeAt(end) === 46;
    if (dotted && (ABBREVIATIONS.has(low) || (cap && p.initials.test(value)))) {
      value += '.';
      low += '.';
      end++;
      re.lastIndex = end;
    }
    if (curly < end) {
      low = low.replaceAll('’', "'");
      curly = indexOrEnd(text, '’', end);
    }
    // a word without a capital that starts with an ASCII lower-case letter (most words) is no acronym
    const nameWord = word && (cap || (end - start > 1 && !(c0 >= 97 && c0 <= 122) && p.allCaps.test(value)));
    if (nameWord && nameWordAt !== undefined) nameWordAt.push(n);
    out[n++] = { text: value, lower: low, start, end, word, cap, nameWord };
    prevEnd = end;
    // isSentenceEnd, from the character code (punctuation is a single character)
    stop = !word && (c0 === 46 || c0 === 33 || c0 === 63 || c0 === 0x2026);
  }
  return out;
}

/**
 * The patterns `tokenize` reads: `TOKEN_RE` and the others of one script, in an array indexed by
 * `scriptIndex` (letter-classes.ts). V8 optimises the tokenizer's loop for the script it has met: a read
 * by the script's name (`TOKEN_RE[script]`) meeting another name, or a test it has never seen run, throws
 * the optimised code away, and in a batch of plain and Latin news that happened at each first article of
 * a new kind. An index and one shape of object read the same whatever the script.
 */
const TOKEN_PATTERNS = SCRIPTS.map((s) => ({
  token: TOKEN_RE[s],
  upper: UPPER_RE[s],
  letterOrDigit: LETTER_OR_DIGIT_RE[s],
  initials: INITIALS_RE[s],
  allCaps: ALL_CAPS_RE[s],
}));
type TokenPatterns = (typeof TOKEN_PATTERNS)[number];

const CAPITAL = 2;

/**
 * A token that starts past ASCII (a curly quote, a dash, an accented letter): 0 when it is one character
 * and no letter or number, `CAPITAL` when it is a word starting with a capital, 1 for another word. Both
 * tests run for every such token, curly quotes as much as a rare accented capital, so that neither is new
 * to the optimised loop (see `TOKEN_PATTERNS`).
 */
function nonAsciiClass(value: string, long: boolean, p: TokenPatterns): number {
  const letter = p.letterOrDigit.test(value);
  const upper = p.upper.test(value);
  return !long && !letter ? 0 : upper ? CAPITAL : 1;
}

/** Where `search` next occurs in `text` at or after `from`; the text's length when it does not. */
function indexOrEnd(text: string, search: string, from: number): number {
  const i = text.indexOf(search, from);
  return i < 0 ? text.length : i;
}

/** Is this token a sentence end (a full stop, question or exclamation mark, not an abbreviation)? */
export const isSentenceEnd = (t: Token): boolean =>
  !t.word && (t.text === '.' || t.text === '!' || t.text === '?' || t.text === '…');
