/**
 * Quote-mark classification. Curly marks say which side they are on; straight marks are read
 * from their neighbours: a mark after a space and before a letter opens, one after a letter closes.
 *
 * The tests read a character by its code (`charCodeAt`, NaN where there is none), so that the scan over
 * the marks makes no string per mark (a curly mark's string is a fresh one each time): an ASCII code is
 * answered at once, any other by a pattern (NaN is neither: false).
 */
import { ASKING_VERBS } from './lexicon.js';
import { PREPOSITIONS } from './name-data.gen.js';
import { hasLetterOrDigit } from './tokens.js';

const OPENER_CONTEXT_RE = /[\s([{\u2014\u2013\-/:;,>*]/u;
const SPACE_RE = /\s/u;

/** `"`, `“`, `„`, `«`, `”` or `»`. */
export const isDoubleMark = (ch: string | undefined): boolean =>
  ch?.length === 1 && isDoubleMarkCode(ch.charCodeAt(0));

/** `'`, `‘`, `‚`, `‹`, `’` or `›`. */
export const isSingleMark = (ch: string | undefined): boolean => ch?.length === 1 && "'‘‚‹’›".includes(ch);

/** A question ends the text: `?`, then only marks, spaces or punctuation ("Which ones?", `…?” `). */
export const ASKS_RE = /\?\W*$/u;
/** "asked", "pressed" …: the attribution of a question put to someone (data/asking-verbs.txt). */
export const ASKED_RE = new RegExp(`\\b(?:${[...ASKING_VERBS].join('|')})\\b`, 'u');
/**
 * The role the question is put to (its last word, maybe after a capitalised word and a modifier), or "him" or "her"
 * (maybe with where it was put: "asked her in question period how many …"), then a question word, or the
 * sentence's end after a quoted question ("… ?” the judge asked the prosecutor.").
 */
const ROLE_ASKED = `(?:the (?:\\p{Lu}\\S* )?(?:[a-z]+ )?([a-z]+)(?= (?:whether|if|how|why|what|when|where|who|about|on)\\b|[.,;](?:\\s|$))|(him|her)(?=(?: (?:${PREPOSITIONS})(?: [a-z]+){1,3})? (?:whether|if|how|why|what|when|where|who|about|on|to)\\b|[.,;](?:\\s|$)))`;
/** "asked the clerk whether …", "asked the Hydro manager why …", "asked the executive director.": a question put to someone by a role, which it captures. */
export const ASKED_ROLE_RE = new RegExp(`${ASKED_RE.source} ${ROLE_ASKED}`, 'u');

export const isSpaceCode = (c: number): boolean =>
  c < 128 ? c === 32 || (c >= 9 && c <= 13) : SPACE_RE.test(String.fromCharCode(c));

export function isLetterOrDigitCode(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return c >= 128 && hasLetterOrDigit(String.fromCharCode(c));
}

/** `isDoubleMark` of the character with this code. */
export const isDoubleMarkCode = (c: number): boolean =>
  c === 34 || isCurlyDoubleOpen(c) || isCurlyDoubleClose(c);

/** “, „ and «. */
const isCurlyDoubleOpen = (c: number): boolean => c === 0x201c || c === 0x201e || c === 0xab;

/** ” and ». */
const isCurlyDoubleClose = (c: number): boolean => c === 0x201d || c === 0xbb;

/** Does the character let a mark after it open a quotation (a space, bracket, dash or mark)? */
const opensAfterChar = (ch: string): boolean =>
  OPENER_CONTEXT_RE.test(ch) || isDoubleMark(ch) || isSingleMark(ch);

/** `opensAfterChar` of each ASCII character, read once. */
const OPENS_AFTER_ASCII: readonly boolean[] = Array.from({ length: 128 }, (_, c) =>
  opensAfterChar(String.fromCharCode(c)),
);

/**
 * Does the character with this code let a mark after it open a quotation? NaN (none: the paragraph's start), neither
 * below 128 nor above, does.
 */
export const opensAfterCode = (c: number): boolean =>
  c < 128 ? OPENS_AFTER_ASCII[c]! : c >= 128 ? opensAfterChar(String.fromCharCode(c)) : true;

/**
 * Which side a double mark (`isDoubleMarkCode`) is on, from the codes of the mark and its neighbours (NaN
 * for none). Curly marks are trusted except where the neighbours clearly contradict them (a `”` typed as
 * an opener after a space).
 */
export function doubleSide(mark: number, prev: number, next: number): 'open' | 'close' | 'either' {
  // A “ glued to the end of a word and followed by a space or punctuation closes: a mistyped closer in
  // English, the closing mark of German „…“ (and « of »…«). (A space before it, or none, opens.)
  if (isCurlyDoubleOpen(mark)) return !opensAfterCode(prev) && !isLetterOrDigitCode(next) ? 'close' : 'open';
  // a space is an opening context, and a letter or digit is no space
  if (isCurlyDoubleClose(mark)) return isSpaceCode(prev) && isLetterOrDigitCode(next) ? 'either' : 'close';
  // a straight mark
  if (!opensAfterCode(prev)) return 'close';
  // (NaN, no character after the mark, is not at or above 0)
  return next >= 0 && !isSpaceCode(next) ? 'open' : 'either';
}
