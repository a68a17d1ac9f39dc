/**
 * Quote-mark classification. Curly marks say which side they are on; straight marks are read
 * from their neighbours: a mark after a space and before a letter opens, one after a letter closes.
 */

export const DOUBLE_OPEN = new Set(['“', '„', '«']);
export const DOUBLE_CLOSE = new Set(['”', '»']);
export const SINGLE_OPEN = new Set(['‘', '‚', '‹']);
export const SINGLE_CLOSE = new Set(['’', '›']);

const LETTER_OR_DIGIT_RE = /[\p{L}\p{N}]/u;
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

export function isLetterOrDigit(ch: string | undefined): boolean {
  return ch !== undefined && LETTER_OR_DIGIT_RE.test(ch);
}

export function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && SPACE_RE.test(ch);
}

/** True when the character before a mark lets it open a quotation (start, space, bracket, dash). */
export function opensAfter(prev: string | undefined): boolean {
  return prev === undefined || OPENER_CONTEXT_RE.test(prev) || isAnyMark(prev);
}

export type MarkSide = 'open' | 'close' | 'either' | 'none';

/**
 * Which side a double mark is on, from the mark and its neighbours. Curly marks are trusted
 * except where the neighbours clearly contradict them (a `”` typed as an opener after a space).
 */
export function doubleSide(ch: string, prev: string | undefined, next: string | undefined): MarkSide {
  const nextOk = next !== undefined && !isSpace(next);
  const prevWordy = prev !== undefined && !isSpace(prev) && !opensAfter(prev);
  if (DOUBLE_OPEN.has(ch)) {
    // A “ glued to the end of a word and followed by a space is a mistyped closer.
    if (prevWordy && !nextOk) return 'close';
    return 'open';
  }
  if (DOUBLE_CLOSE.has(ch)) {
    if (opensAfter(prev) && prev !== undefined && isSpace(prev) && nextOk && isLetterOrDigit(next)) {
      return 'either';
    }
    return 'close';
  }
  if (ch !== '"') return 'none';
  const prevOpen = opensAfter(prev);
  if (prevOpen && nextOk) return 'open';
  if (!prevOpen) return 'close';
  return 'either';
}
