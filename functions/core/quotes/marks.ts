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

export type MarkSide = 'open' | 'close' | 'either' | 'none';

/**
 * Which side a double mark is on, from the mark and its neighbours. Curly marks are trusted
 * except where the neighbours clearly contradict them (a `”` typed as an opener after a space).
 */
export function doubleSide(ch: string, prev: string | undefined, next: string | undefined): MarkSide {
  if (DOUBLE_OPEN.has(ch)) {
    // A “ glued to the end of a word and followed by a space or punctuation closes: a mistyped closer in
    // English, the closing mark of German „…“ (and « of »…«). (A space before it, or none, opens.)
    if (!opensAfter(prev) && !isLetterOrDigit(next)) return 'close';
    return 'open';
  }
  if (DOUBLE_CLOSE.has(ch)) {
    // a space is an opening context, and a letter or digit is no space
    if (isSpace(prev) && isLetterOrDigit(next)) return 'either';
    return 'close';
  }
  if (ch !== '"') return 'none';
  const prevOpen = opensAfter(prev);
  if (prevOpen && next !== undefined && !isSpace(next)) return 'open';
  if (!prevOpen) return 'close';
  return 'either';
}
