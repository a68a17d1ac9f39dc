/** Word and punctuation tokens with offsets, for reading the text around a quotation. */
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
}

// A plural possessive keeps its apostrophe ("Sanders’ campaign", "the voters' choice"): an apostrophe
// after a word ending in s and before a space and a lower-case word is no closing quotation mark.
const TOKEN_RE = /[\p{L}\p{N}]+(?:[’'\-./][\p{L}\p{N}]+)*(?:(?<=s)[’'](?=[ \t]\p{Ll}))?|\S/gu;
const UPPER_RE = /^\p{Lu}/u;
const INITIAL_RE = /^\p{Lu}$/u;
const LETTER_OR_DIGIT_RE = /[\p{L}\p{N}]/u;
const CAPITALS_ONLY_RE = /^\p{Lu}(?:\.\p{Lu})+$/u;

/**
 * Tokens of `source` between `from` and `to`. Abbreviations and initials keep their full stop.
 * This loop runs for every token of every article, mostly before V8 optimises it, where each
 * property read and call costs: the token's end is read from `lastIndex`, a single-character test
 * stands in for the length, and the curly-apostrophe search runs only when the text holds one.
 */
/**
 * Is `lowered` (`text.toLowerCase()`) the text lower-cased character by character, so that any piece of it is
 * that piece of `text` lower-cased alone? True of every character but İ (two characters: the length changes)
 * and Σ (σ or ς by what follows it, which a piece alone does not show).
 */
export function lowersCharByChar(text: string, lowered: string): boolean {
  return lowered.length === text.length && !text.includes('Σ');
}

export function tokenize(source: string, from: number, to: number): Token[] {
  const text = source.slice(from, to);
  const curly = text.includes('’');
  // Each token's lower case is cut from the text lower-cased once when that is the same (lowersCharByChar):
  // lower-casing a token of a text that is not all Latin-1 (curly quotes, dashes) is a runtime call
  // costing about as much as matching the token; a cut is a copy.
  const lowered = text.toLowerCase();
  const cut = lowersCharByChar(text, lowered);
  const out: Token[] = [];
  let n = 0;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    let value = m[0];
    const start = m.index;
    let end = TOKEN_RE.lastIndex;
    const c0 = value.charCodeAt(0);
    // a one-character token: an ASCII letter or digit is a word, other ASCII is punctuation
    const word =
      end - start > 1 ||
      (c0 < 128
        ? (c0 >= 97 && c0 <= 122) || (c0 >= 65 && c0 <= 90) || (c0 >= 48 && c0 <= 57)
        : LETTER_OR_DIGIT_RE.test(value));
    // ASCII punctuation is its own lower case
    let low = cut ? lowered.slice(start, end) : word || c0 >= 128 ? value.toLowerCase() : value;
    if (word && text.charCodeAt(end) === 46) {
      if (ABBREVIATIONS.has(low) || INITIAL_RE.test(value) || CAPITALS_ONLY_RE.test(value)) {
        value += '.';
        low += '.';
        end++;
        TOKEN_RE.lastIndex = end;
      }
    }
    out[n++] = {
      text: value,
      lower: curly && low.includes('’') ? low.replace(/’/g, "'") : low,
      start: from + start,
      end: from + end,
      word,
      cap: word && (c0 < 128 ? c0 >= 65 && c0 <= 90 : UPPER_RE.test(value)),
    };
  }
  return out;
}

/** Is this token a sentence end (a full stop, question or exclamation mark, not an abbreviation)? */
export function isSentenceEnd(t: Token): boolean {
  return !t.word && (t.text === '.' || t.text === '!' || t.text === '?' || t.text === '…');
}
