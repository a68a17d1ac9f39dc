import type { Span } from '../types.js';
import {
  doubleSide,
  isDoubleMark,
  isLetterOrDigit,
  isSingleMark,
  isSpace,
  opensAfter,
  SINGLE_CLOSE,
  SINGLE_OPEN,
} from './marks.js';

/** A quotation found in the text, before attribution. */
export interface QuoteSpan extends Span {
  /** Index of the opening mark. */
  open: number;
  /** Index of the closing mark, or the end of the paragraph when the closing mark is missing. */
  close: number;
  /** Start of the paragraph holding the opening mark, end of the one holding the closing mark. */
  paraStart: number;
  paraEnd: number;
  /** True for ‘…’ and '…' quotations. */
  single: boolean;
}

const MARK_RE = /["“”„«»']/gu;
const SINGLE_RE = /['‘’‚‹›]/gu;

interface Line {
  start: number;
  end: number;
}

function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= source.length) {
    let nl = source.indexOf('\n', start);
    if (nl < 0) nl = source.length;
    let end = nl;
    if (end > start && source[end - 1] === '\r') end--;
    lines.push({ start, end });
    start = nl + 1;
  }
  return lines;
}

function firstNonSpace(source: string, line: Line): number {
  let i = line.start;
  while (i < line.end && isSpace(source[i])) i++;
  return i;
}

/** The content between two marks, trimmed of spaces; null when it holds no letter or digit. */
function content(source: string, from: number, to: number): Span | null {
  let start = from;
  let end = to;
  while (start < end && isSpace(source[start])) start++;
  while (end > start && isSpace(source[end - 1])) end--;
  if (end <= start) return null;
  for (let i = start; i < end; i++) if (isLetterOrDigit(source[i])) return { start, end };
  return null;
}

/** Does the paragraph open with a double mark (the sign that an unclosed quote carries on)? */
function opensWithMark(source: string, line: Line): boolean {
  const i = firstNonSpace(source, line);
  if (i >= line.end) return false;
  const ch = source[i]!;
  if (!isDoubleMark(ch)) return false;
  const side = doubleSide(ch, undefined, source[i + 1]);
  return side === 'open' || side === 'either';
}

function overlaps(a: Span, spans: readonly Span[]): boolean {
  for (const s of spans) if (a.start < s.end && s.start < a.end) return true;
  return false;
}

/**
 * Every quotation in the text, in order: double-mark quotations (straight, curly or mixed pairs,
 * the outer one when nested, one span across paragraphs when each paragraph reopens without the
 * previous one closing) and single-mark quotations outside them. Linear in the text length.
 */
export function findQuoteSpans(
  source: string,
  exclude: readonly Span[] = [],
  doubledApostrophes = false,
): QuoteSpan[] {
  const lines = splitLines(source);
  const out: QuoteSpan[] = [];
  // An open double quotation carried over from the previous paragraph.
  let carried: { open: number; paraStart: number } | null = null;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    const doubles: Span[] = [];
    let depth = 0;
    let outerOpen = -1;
    let outerWidth = 1;
    let outerPara = line.start;
    let i = line.start;
    if (carried) {
      // The reopening mark at the start of this paragraph continues the carried quotation.
      const first = firstNonSpace(source, line);
      depth = 1;
      outerOpen = carried.open;
      outerPara = carried.paraStart;
      i = first + 1;
      carried = null;
    }
    for (; i < line.end; i++) {
      MARK_RE.lastIndex = i;
      const hit = MARK_RE.exec(source);
      if (!hit || hit.index >= line.end) break;
      i = hit.index;
      let ch = source[i]!;
      // Two apostrophes ('') stand for a straight double mark in some archives.
      const doubled = doubledApostrophes && ch === "'" && source[i + 1] === "'";
      if (doubled) ch = '"';
      else if (!isDoubleMark(ch)) continue;
      const width = doubled ? 2 : 1;
      const side = doubleSide(ch, i > line.start ? source[i - 1] : undefined, source[i + width]);
      if (side === 'none') continue;
      if (depth === 0) {
        const nextIsSpace = i + width >= line.end || isSpace(source[i + width]);
        if (side === 'open' || (side === 'either' && !nextIsSpace)) {
          depth = 1;
          outerOpen = i;
          outerWidth = width;
          outerPara = line.start;
        }
        i += width - 1;
        continue;
      }
      i += width - 1;
      if (side === 'open') {
        depth++;
        continue;
      }
      depth--;
      if (depth === 0) {
        const span = content(source, outerOpen + outerWidth, i - width + 1);
        if (span) {
          out.push({
            ...span,
            open: outerOpen,
            close: i - width + 1,
            paraStart: outerPara,
            paraEnd: line.end,
            single: false,
          });
          doubles.push({ start: outerOpen, end: i + 1 });
        }
      }
    }
    if (depth > 0) {
      const next = lines[li + 1];
      let nextContent = li + 1;
      while (
        nextContent < lines.length &&
        firstNonSpace(source, lines[nextContent]!) >= lines[nextContent]!.end
      ) {
        nextContent++;
      }
      const nextLine = lines[nextContent];
      if (next && nextLine && opensWithMark(source, nextLine)) {
        carried = { open: outerOpen, paraStart: outerPara };
        li = nextContent - 1;
        // Keep the single-mark pass for this paragraph away from the open quotation.
        doubles.push({ start: outerOpen, end: line.end });
      } else {
        const span = content(source, outerOpen + outerWidth, line.end);
        if (span) {
          out.push({
            ...span,
            open: outerOpen,
            close: line.end,
            paraStart: outerPara,
            paraEnd: line.end,
            single: false,
          });
        }
        doubles.push({ start: outerOpen, end: line.end });
      }
    }
    findSingles(source, line, doubles, out);
  }
  out.sort((a, b) => a.start - b.start);
  return exclude.length === 0
    ? out
    : out.filter((q) => !overlaps({ start: q.open, end: q.close + 1 }, exclude));
}

function inside(pos: number, spans: readonly Span[]): boolean {
  for (const s of spans) if (pos >= s.start && pos < s.end) return true;
  return false;
}

/** Single-mark quotations (‘…’ and '…') in one paragraph, outside double quotations; apostrophes are skipped. */
function findSingles(source: string, line: Line, doubles: readonly Span[], out: QuoteSpan[]): void {
  let open = -1;
  for (let i = line.start; i < line.end; i++) {
    SINGLE_RE.lastIndex = i;
    const hit = SINGLE_RE.exec(source);
    if (!hit || hit.index >= line.end) break;
    i = hit.index;
    const ch = source[i]!;
    if (!isSingleMark(ch) || inside(i, doubles)) continue;
    // '' is a doubled mark (an archive's stand-in for "), never a single quotation mark.
    if (ch === "'" && (source[i + 1] === "'" || source[i - 1] === "'")) continue;
    const prev = i > line.start ? source[i - 1] : undefined;
    const next = i + 1 < line.end ? source[i + 1] : undefined;
    const canOpen = (ch === "'" || SINGLE_OPEN.has(ch)) && opensAfter(prev) && isLetterOrDigit(next);
    const canClose =
      (ch === "'" || SINGLE_CLOSE.has(ch)) &&
      prev !== undefined &&
      !isSpace(prev) &&
      !isLetterOrDigit(next) &&
      next !== "'";
    if (open < 0) {
      if (canOpen) open = i;
      continue;
    }
    if (canClose && !(prev === 's' && next === ' ' && i - open > 60)) {
      const span = content(source, open + 1, i);
      // An opener straight after a doubled quotation belongs to the text, not to us.
      if (span && !inside(open, doubles)) {
        out.push({ ...span, open, close: i, paraStart: line.start, paraEnd: line.end, single: true });
      }
      open = -1;
    } else if (canOpen && SINGLE_OPEN.has(ch)) {
      open = i;
    }
  }
}
