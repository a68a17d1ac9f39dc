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

/** Tokens of `source` between `from` and `to`. Abbreviations and initials keep their full stop. */
export function tokenize(source: string, from: number, to: number): Token[] {
  const text = source.slice(from, to);
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    let value = m[0];
    let end = m.index + value.length;
    const word = value.length > 1 || LETTER_OR_DIGIT_RE.test(value);
    if (word && text[end] === '.') {
      const low = value.toLowerCase();
      if (ABBREVIATIONS.has(low) || INITIAL_RE.test(value) || CAPITALS_ONLY_RE.test(value)) {
        value += '.';
        end++;
        TOKEN_RE.lastIndex = end;
      }
    }
    const low = value.toLowerCase();
    const lower = low.includes('’') ? low.replace(/’/g, "'") : low;
    out.push({
      text: value,
      lower,
      start: from + m.index,
      end: from + end,
      word,
      cap: word && startsUpper(value),
    });
  }
  return out;
}

/** Is this token a sentence end (a full stop, question or exclamation mark, not an abbreviation)? */
export function isSentenceEnd(t: Token): boolean {
  return !t.word && (t.text === '.' || t.text === '!' || t.text === '?' || t.text === '…');
}
