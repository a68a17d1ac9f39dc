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

/** `UPPER_RE.test(value)`, answered from the first code unit when it is ASCII (most tokens of English news). */
function startsUpper(value: string): boolean {
  const c = value.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return UPPER_RE.test(value);
}

/**
 * Tokens of `source` between `from` and `to`. Abbreviations and initials keep their full stop.
 * This loop runs for every token of every article, mostly before V8 optimises it, where each
 * property read and call costs: the token's end is read from `lastIndex`, a single-character test
 * stands in for the length, and the curly-apostrophe search runs only when the text holds one.
 */
export function tokenize(source: string, from: number, to: number): Token[] {
  const text = source.slice(from, to);
  const curly = text.includes('’');
  const out: Token[] = [];
  let n = 0;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    let value = m[0];
    const start = m.index;
    let end = TOKEN_RE.lastIndex;
    const word = end - start > 1 || LETTER_OR_DIGIT_RE.test(value);
    let low = value.toLowerCase();
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
      cap: word && startsUpper(value),
    };
  }
  return out;
}

/** Is this token a sentence end (a full stop, question or exclamation mark, not an abbreviation)? */
export function isSentenceEnd(t: Token): boolean {
  return !t.word && (t.text === '.' || t.text === '!' || t.text === '?' || t.text === '…');
}
