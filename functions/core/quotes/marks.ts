/**
 * Quote-mark classification. Curly marks say which side they are on; straight marks are read
 * from their neighbours: a mark after a space and before a letter opens, one after a letter closes.
 */
import { hasLetterOrDigit } from './tokens.js';

export const DOUBLE_OPEN = new Set(['“', '„', '«']);
export const DOUBLE_CLOSE = new Set(['”', '»']);
export const SINGLE_OPEN = new Set(['‘', '‚', '‹']);
export const SINGLE_CLOSE = new Set(['’', '›']);

const OPENER_CONTEXT_RE = /[\s([{\u2014\u2013\-/:;,>*]/u;
const SPACE_RE = /\s/u;

export function isDoubleMark(ch: string | undefined): boolean {
  return ch === '"' || (ch !== undefined && (DOUBLE_OPEN.has(ch) || DOUBLE_CLOSE.has(ch)));
}

export function isSingleMark(ch: string | undefined): boolean {
  return ch === "'" || (ch !== undefined && (SINGLE_OPEN.has(ch) || SINGLE_CLOSE.has(ch)));
}

export function isAnyMark(ch: string | undefined): boolean {
  return isDoubleMark(ch) || isSingleMark(ch);
}

/**
 * The character tests below answer an ASCII character (most characters around marks) from its code and
 * leave any other string to the pattern: they run for each mark and each character trimmed off a quotation.
 */
export function isLetterOrDigit(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c < 128 && ch.length === 1) return isAsciiLetterOrDigit(c);
  return hasLetterOrDigit(ch);
}

function isAsciiLetterOrDigit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

export function isSpace(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c < 128 && ch.length === 1) return c === 32 || (c >= 9 && c <= 13);
  return SPACE_RE.test(ch);
}

/** True when the character before a mark lets it open a quotation (start, space, bracket, dash). */
export function opensAfter(prev: string | undefined): boolean {
  if (prev === undefined) return true;
  // an ASCII letter or digit is neither an opening context nor a mark
  if (prev.length === 1 && isAsciiLetterOrDigit(prev.charCodeAt(0))) return false;
  return OPENER_CONTEXT_RE.test(prev) || isAnyMark(prev);
}

/**
 * The tests below read a character by its code (`charCodeAt`, NaN where there is none), so that the
 * scan over the marks makes no string per mark (a curly mark's string is a fresh one each time): an
 * ASCII code is answered at once, any other by the string test above (NaN is neither: false).
 */
export function isSpaceCode(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c >= 128 && SPACE_RE.test(String.fromCharCode(c));
}

export function isLetterOrDigitCode(c: number): boolean {
  if (c < 128) return isAsciiLetterOrDigit(c);
  return c >= 128 && hasLetterOrDigit(String.fromCharCode(c));
}

/** `isDoubleMark` of the character with this code. */
export function isDoubleMarkCode(c: number): boolean {
  return c === 34 || isCurlyDoubleOpen(c) || isCurlyDoubleClose(c);
}

/** “, „ and « (DOUBLE_OPEN). */
function isCurlyDoubleOpen(c: number): boolean {
  return c === 0x201c || c === 0x201e || c === 0xab;
}

/** ” and » (DOUBLE_CLOSE). */
function isCurlyDoubleClose(c: number): boolean {
  return c === 0x201d || c === 0xbb;
}

/** `opensAfter` of each ASCII character, read once from the pattern and the marks it stands for. */
const OPENS_AFTER_ASCII: readonly boolean[] = Array.from({ length: 128 }, (_, c) =>
  opensAfter(String.fromCharCode(c)),
);

/** `opensAfter` of the character with this code (NaN: none, the start of the paragraph). */
function opensAfterCode(c: number): boolean {
  if (c < 128) return OPENS_AFTER_ASCII[c]!;
  // NaN is neither below 128 nor above: no character before the mark
  return c >= 128 ? opensAfter(String.fromCharCode(c)) : true;
}

export type MarkSide = 'open' | 'close' | 'either' | 'none';

/**
 * Which side a double mark is on, from the codes of the mark and its neighbours (NaN for none).
 * Curly marks are trusted except where the neighbours clearly contradict them (a `”` typed as an
 * opener after a space).
 */
export function doubleSide(mark: number, prev: number, next: number): MarkSide {
  if (isCurlyDoubleOpen(mark)) {
    // A “ glued to the end of a word and followed by a space or punctuation closes: a mistyped closer in
    // English, the closing mark of German „…“ (and « of »…«). (A space before it, or none, opens.)
    if (!opensAfterCode(prev) && !isLetterOrDigitCode(next)) return 'close';
    return 'open';
  }
  if (isCurlyDoubleClose(mark)) {
    // a space is an opening context, and a letter or digit is no space
    if (isSpaceCode(prev) && isLetterOrDigitCode(next)) return 'either';
    return 'close';
  }
  if (mark !== 34) return 'none';
  const prevOpen = opensAfterCode(prev);
  // (NaN, no character after the mark, is not at or above 0)
  if (prevOpen && next >= 0 && !isSpaceCode(next)) return 'open';
  if (!prevOpen) return 'close';
  return 'either';
}
