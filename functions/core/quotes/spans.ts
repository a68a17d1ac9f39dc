import { SpanCover } from '../span-cover.js';
import type { Span } from '../types.js';
import {
  doubleSide,
  isDoubleMarkCode,
  isLetterOrDigit,
  isLetterOrDigitCode,
  isSingleMark,
  isSpace,
  isSpaceCode,
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

/** The double marks (isDoubleMark), and with them the apostrophe when two of them may stand for one. */
const DOUBLE_RE = /["“”„«»]/gu;
const DOUBLE_OR_APOSTROPHE_RE = /["“”„«»']/gu;
const SINGLE_RE = /['‘’‚‹›]/gu;

/** Where the marks of each kind are in the text, found once (a pattern searched per paragraph reads on to the text's end). */
interface Marks {
  doubles: number[];
  singles: number[];
}

/**
 * Where `re` (global, matching one character) matches: a `test` loop, reading each mark's offset from
 * `lastIndex`, builds no match array (matchAll would also copy the pattern and build an iterator).
 */
function offsetsOf(source: string, re: RegExp): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  while (re.test(source)) out.push(re.lastIndex - 1);
  return out;
}

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
  while (i < line.end && isSpaceCode(source.charCodeAt(i))) i++;
  return i;
}

/** The content between two marks, trimmed of spaces; null when it holds no letter or digit. */
function content(source: string, from: number, to: number): Span | null {
  let start = from;
  let end = to;
  // read by codes: a string per character would be a fresh one for a curly mark or a dash
  while (start < end && isSpaceCode(source.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(source.charCodeAt(end - 1))) end--;
  if (end <= start) return null;
  for (let i = start; i < end; i++) if (isLetterOrDigitCode(source.charCodeAt(i))) return { start, end };
  return null;
}

/** Does the paragraph open with a double mark (the sign that an unclosed quote carries on)? */
function opensWithMark(source: string, line: Line): boolean {
  const i = firstNonSpace(source, line);
  if (i >= line.end) return false;
  const c = source.charCodeAt(i);
  if (!isDoubleMarkCode(c)) return false;
  const side = doubleSide(c, Number.NaN, source.charCodeAt(i + 1));
  return side === 'open' || side === 'either';
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
  const marks: Marks = {
    doubles: offsetsOf(source, doubledApostrophes ? DOUBLE_OR_APOSTROPHE_RE : DOUBLE_RE),
    singles: offsetsOf(source, SINGLE_RE),
  };
  const out: QuoteSpan[] = [];
  // An open double quotation carried over from the previous paragraph.
  let carried: Carried | null = null;
  // Cursors into the mark offsets (the paragraphs come in text order): a paragraph holding no mark,
  // with no quotation carried into it, adds nothing, and is skipped before its scan state is built.
  let dk = 0;
  let sk = 0;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    while (dk < marks.doubles.length && marks.doubles[dk]! < line.start) dk++;
    while (sk < marks.singles.length && marks.singles[sk]! < line.start) sk++;
    if (carried === null) {
      const noDouble = dk === marks.doubles.length || marks.doubles[dk]! >= line.end;
      if (noDouble && (sk === marks.singles.length || marks.singles[sk]! >= line.end)) continue;
    }
    const doubles: Span[] = [];
    const scan = startScan(source, line, carried);
    carried = null;
    scanDoubles(source, line, scan, marks.doubles, dk, out, doubles);
    if (scan.depth > 0) {
      const nextContent = nextLineWithContent(source, lines, li + 1);
      const nextLine = lines[nextContent];
      if (lines[li + 1] && nextLine && opensWithMark(source, nextLine)) {
        carried = { open: scan.outerOpen, paraStart: scan.outerPara };
        li = nextContent - 1;
      } else {
        pushSpan(source, scan, line.end, line.end, out);
      }
      // Keep the single-mark pass for this paragraph away from the open quotation.
      doubles.push({ start: scan.outerOpen, end: line.end });
    }
    findSingles(source, line, marks.singles, sk, doubles, out);
  }
  out.sort((a, b) => a.start - b.start);
  return exclude.length === 0 ? out : withoutExcluded(out, new SpanCover(exclude));
}

interface Carried {
  open: number;
  paraStart: number;
}

/** The state of the double-mark scan over one paragraph. */
interface DoubleScan {
  depth: number;
  outerOpen: number;
  outerWidth: number;
  outerPara: number;
  /** Where the scan starts. */
  from: number;
}

function startScan(source: string, line: Line, carried: Carried | null): DoubleScan {
  if (!carried) return { depth: 0, outerOpen: -1, outerWidth: 1, outerPara: line.start, from: line.start };
  // The reopening mark at the start of this paragraph continues the carried quotation.
  const first = firstNonSpace(source, line);
  return { depth: 1, outerOpen: carried.open, outerWidth: 1, outerPara: carried.paraStart, from: first + 1 };
}

function nextLineWithContent(source: string, lines: readonly Line[], from: number): number {
  let k = from;
  while (k < lines.length && firstNonSpace(source, lines[k]!) >= lines[k]!.end) k++;
  return k;
}

function pushSpan(
  source: string,
  scan: DoubleScan,
  close: number,
  paraEnd: number,
  out: QuoteSpan[],
): boolean {
  const span = content(source, scan.outerOpen + scan.outerWidth, close);
  if (!span) return false;
  // the fields written out rather than spread from `span`: a spread is a slow copy in cold code
  out.push({
    start: span.start,
    end: span.end,
    open: scan.outerOpen,
    close,
    paraStart: scan.outerPara,
    paraEnd,
    single: false,
  });
  return true;
}

/**
 * Pairs the double marks of one paragraph with a depth counter; the outer pair of a nest is the quotation.
 * `marks` holds the apostrophes too when doubled apostrophes are read; `k` is the first at or after the
 * paragraph's start.
 */
function scanDoubles(
  source: string,
  line: Line,
  scan: DoubleScan,
  marks: readonly number[],
  k: number,
  out: QuoteSpan[],
  doubles: Span[],
): void {
  for (let i = scan.from; i < line.end; i++) {
    // the next mark at or after i, by a cursor (the marks are in text order and i only grows)
    while (k < marks.length && marks[k]! < i) k++;
    if (k === marks.length || marks[k]! >= line.end) break;
    i = marks[k]!;
    // the marks read by their codes: a curly mark's string would be a fresh one
    let c = source.charCodeAt(i);
    // Two apostrophes ('') stand for a straight double mark in some archives.
    const doubled = c === 39 && source.charCodeAt(i + 1) === 39;
    if (doubled) c = 34;
    // the marks are the double marks, and the apostrophes when doubled ones are read
    else if (c === 39) continue;
    const width = doubled ? 2 : 1;
    const next = source.charCodeAt(i + width);
    const side = doubleSide(c, i > line.start ? source.charCodeAt(i - 1) : Number.NaN, next);
    if (side === 'none') continue;
    if (scan.depth === 0) {
      const nextIsSpace = i + width >= line.end || isSpaceCode(next);
      if (side === 'open' || (side === 'either' && !nextIsSpace)) {
        scan.depth = 1;
        scan.outerOpen = i;
        scan.outerWidth = width;
        scan.outerPara = line.start;
      }
      i += width - 1;
      continue;
    }
    i += width - 1;
    if (side === 'open') {
      scan.depth++;
      continue;
    }
    scan.depth--;
    if (scan.depth === 0 && pushSpan(source, scan, i - width + 1, line.end, out)) {
      doubles.push({ start: scan.outerOpen, end: i + 1 });
    }
  }
}

function inside(pos: number, spans: readonly Span[]): boolean {
  for (const s of spans) if (pos >= s.start && pos < s.end) return true;
  return false;
}

/**
 * Single-mark quotations (‘…’ and '…') in one paragraph, outside double quotations; apostrophes are
 * skipped. `first` is the first of the `marks` at or after the paragraph's start.
 */
function findSingles(
  source: string,
  line: Line,
  marks: readonly number[],
  first: number,
  doubles: readonly Span[],
  out: QuoteSpan[],
): void {
  let open = -1;
  // each mark of the paragraph in turn
  for (let k = first; k < marks.length && marks[k]! < line.end; k++) {
    const i = marks[k]!;
    // An apostrophe inside a word ("don't", "Trump's") neither opens nor closes (a letter before it
    // is no opening context, a letter after it no closing one): most single marks in news are these.
    if (
      i > line.start &&
      i + 1 < line.end &&
      isLetterOrDigitCode(source.charCodeAt(i - 1)) &&
      isLetterOrDigitCode(source.charCodeAt(i + 1))
    )
      continue;
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
        out.push({
          start: span.start,
          end: span.end,
          open,
          close: i,
          paraStart: line.start,
          paraEnd: line.end,
          single: true,
        });
      }
      open = -1;
    } else if (canOpen && SINGLE_OPEN.has(ch)) {
      open = i;
    }
  }
}

/** The quotations whose marks and content touch none of the excluded spans. */
function withoutExcluded(spans: QuoteSpan[], exclude: SpanCover): QuoteSpan[] {
  return spans.filter((q) => !exclude.touches({ start: q.open, end: q.close + 1 }));
}
