import { SpanCover } from '../span-cover.js';
import type { Span } from '../types.js';
import { doubleSide, isDoubleMarkCode, isLetterOrDigitCode, isSpaceCode, opensAfterCode } from './marks.js';

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

/**
 * Where `re` (global, matching one character) matches: a `test` loop, reading each mark's offset from
 * `lastIndex`, builds no match array (matchAll would also copy the pattern and build an iterator). The
 * marks of each kind are found once so: a pattern searched per paragraph would read on to the text's end.
 * The text's length ends the list: past every paragraph's end, it stops the scans without a length test.
 */
function offsetsOf(source: string, re: RegExp): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  while (re.test(source)) out.push(re.lastIndex - 1);
  out.push(source.length);
  return out;
}

/** The paragraphs (lines), without their line breaks. */
function splitLines(source: string): Span[] {
  const lines: Span[] = [];
  let start = 0;
  while (start <= source.length) {
    let nl = source.indexOf('\n', start);
    if (nl < 0) nl = source.length;
    lines.push({ start, end: nl > start && source[nl - 1] === '\r' ? nl - 1 : nl });
    start = nl + 1;
  }
  return lines;
}

function firstNonSpace(source: string, line: Span): number {
  let i = line.start;
  while (i < line.end && isSpaceCode(source.charCodeAt(i))) i++;
  return i;
}

/** Does the paragraph open with a double mark (the sign that an unclosed quote carries on)? */
function opensWithMark(source: string, line: Span): boolean {
  // (an empty paragraph's first character is its line break, or none: no mark)
  const i = firstNonSpace(source, line);
  const c = source.charCodeAt(i);
  return isDoubleMarkCode(c) && doubleSide(c, Number.NaN, source.charCodeAt(i + 1)) !== 'close';
}

/**
 * Every quotation in the text, in order: double-mark quotations (straight, curly or mixed pairs,
 * the outer one when nested, one span across paragraphs when each paragraph reopens without the
 * previous one closing) and single-mark quotations outside them. Linear in the text length. `doubled`: two
 * apostrophes ('') stand for a double mark (FindQuotesOptions.doubledApostrophes).
 */
export function findQuoteSpans(source: string, exclude: readonly Span[] = [], doubled = false): QuoteSpan[] {
  const lines = splitLines(source);
  const doubleMarks = offsetsOf(source, doubled ? DOUBLE_OR_APOSTROPHE_RE : DOUBLE_RE);
  const singleMarks = offsetsOf(source, SINGLE_RE);
  const out: QuoteSpan[] = [];
  // An open double quotation carried over from the previous paragraph.
  let carried: DoubleScan | null = null;
  // Cursors into the mark offsets (the paragraphs come in text order): a paragraph holding no mark,
  // with no quotation carried into it, adds nothing, and is skipped before its scan state is built.
  let [dk, sk] = [0, 0];
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    while (doubleMarks[dk]! < line.start) dk++;
    while (singleMarks[sk]! < line.start) sk++;
    if (carried === null && doubleMarks[dk]! >= line.end && singleMarks[sk]! >= line.end) continue;
    const doubles: Span[] = [];
    const scan = startScan(source, line, carried);
    carried = null;
    scanDoubles(source, line, scan, doubleMarks, dk, out, doubles);
    if (scan.depth > 0) {
      // the next paragraph with content, past blank ones
      let next = li + 1;
      while (next < lines.length && firstNonSpace(source, lines[next]!) >= lines[next]!.end) next++;
      const nextLine = lines[next];
      if (nextLine && opensWithMark(source, nextLine)) {
        carried = scan;
        li = next - 1;
      } else {
        pushQuote(source, out, scan.outerOpen, scan.outerWidth, line.end, scan.outerPara, line.end, false);
      }
      // Keep the single-mark pass for this paragraph away from the open quotation.
      doubles.push({ start: scan.outerOpen, end: line.end });
    }
    findSingles(source, line, singleMarks, sk, doubles, out);
  }
  out.sort((a, b) => a.start - b.start);
  if (exclude.length === 0) return out;
  // the quotations whose marks and content touch none of the excluded spans
  const cover = new SpanCover(exclude);
  return out.filter((q) => !cover.touches({ start: q.open, end: q.close + 1 }));
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

/** The scan of a paragraph, continuing the quotation `carried` from an earlier one (its mark's width read as 1). */
function startScan(source: string, line: Span, carried: DoubleScan | null): DoubleScan {
  if (!carried) return { depth: 0, outerOpen: -1, outerWidth: 1, outerPara: line.start, from: line.start };
  // The reopening mark at the start of this paragraph continues the carried quotation.
  const { outerOpen, outerPara } = carried;
  return { depth: 1, outerOpen, outerWidth: 1, outerPara, from: firstNonSpace(source, line) + 1 };
}

/**
 * The quotation between the mark at `open` (`width` characters long) and the one at `close`, its content
 * trimmed of spaces, pushed onto `out` when that content holds a letter or digit; whether it was.
 */
function pushQuote(
  source: string,
  out: QuoteSpan[],
  open: number,
  width: number,
  close: number,
  paraStart: number,
  paraEnd: number,
  single: boolean,
): boolean {
  let start = open + width;
  let end = close;
  // read by codes: a string per character would be a fresh one for a curly mark or a dash
  while (start < end && isSpaceCode(source.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(source.charCodeAt(end - 1))) end--;
  let i = start;
  while (i < end && !isLetterOrDigitCode(source.charCodeAt(i))) i++;
  if (i < end) out.push({ start, end, open, close, paraStart, paraEnd, single });
  return i < end;
}

/**
 * Pairs the double marks of one paragraph with a depth counter; the outer pair of a nest is the quotation.
 * `marks` holds the apostrophes too when doubled apostrophes are read; `k` is the first at or after the
 * paragraph's start.
 */
function scanDoubles(
  source: string,
  line: Span,
  scan: DoubleScan,
  marks: readonly number[],
  k: number,
  out: QuoteSpan[],
  doubles: Span[],
): void {
  // where the next mark may be: the scan's start, then past the last mark read (both of a doubled pair)
  let from = scan.from;
  for (; marks[k]! < line.end; k++) {
    const i = marks[k]!;
    if (i < from) continue;
    // the marks read by their codes: a curly mark's string would be a fresh one
    let c = source.charCodeAt(i);
    // Two apostrophes ('') stand for a straight double mark in some archives.
    const doubled = c === 39 && source.charCodeAt(i + 1) === 39;
    if (doubled) c = 34;
    // the marks are the double marks, and the apostrophes when doubled ones are read
    else if (c === 39) continue;
    const width = doubled ? 2 : 1;
    from = i + width;
    const next = source.charCodeAt(from);
    const side = doubleSide(c, i > line.start ? source.charCodeAt(i - 1) : Number.NaN, next);
    if (scan.depth === 0) {
      if (side === 'open' || (side === 'either' && from < line.end && !isSpaceCode(next))) {
        scan.depth = 1;
        scan.outerOpen = i;
        scan.outerWidth = width;
        scan.outerPara = line.start;
      }
    } else if (side === 'open') {
      // The quotation's own mark again, opening after a sentence end while it is open (`"A. "B."`), reopens
      // it for its next paragraph, whose line break was lost: one quotation, as across paragraphs. A
      // quotation quoted inside another is marked mid-sentence or with the other marks, and nests.
      const reopens = scan.depth === 1 && source.charCodeAt(scan.outerOpen) === source.charCodeAt(i);
      if (!reopens || !reopensAfterSentence(source, i, line.start, next)) scan.depth++;
    }
    // a closing mark; the quotation ends when it closes the outer one
    else if (--scan.depth === 0) {
      if (pushQuote(source, out, scan.outerOpen, scan.outerWidth, i, scan.outerPara, line.end, false))
        doubles.push({ start: scan.outerOpen, end: from });
    }
  }
}

/** After the mark at `i`, an ASCII capital or a digit; before it, spaces and a sentence's end mark, in the line. */
function reopensAfterSentence(source: string, i: number, lineStart: number, next: number): boolean {
  let p = i - 1;
  while (p > lineStart && isSpaceCode(source.charCodeAt(p))) p--;
  const c = source.charCodeAt(p);
  const upper = (next >= 65 && next <= 90) || (next >= 48 && next <= 57);
  return p < i - 1 && (c === 46 || c === 33 || c === 63 || c === 0x2026) && upper;
}

/** Does the mark at `i` reopen the one at `open`: the same mark, an ASCII capital after `open`, `i` after a sentence's end? */
const reopensSingle = (text: string, open: number, i: number, lineStart: number, next: number): boolean =>
  text[open] === text[i] && /[A-Z]/u.test(text[open + 1]!) && reopensAfterSentence(text, i, lineStart, next);

const inside = (pos: number, spans: readonly Span[]): boolean =>
  spans.some((s) => pos >= s.start && pos < s.end);

/**
 * Single-mark quotations (‘…’ and '…') in one paragraph, outside double quotations: ‘, ‚ and ‹ open, ’ and
 * › close, ' may do either; apostrophes are skipped. `first` is the first of the `marks` at or after the
 * paragraph's start.
 */
function findSingles(
  source: string,
  line: Span,
  marks: readonly number[],
  first: number,
  doubles: readonly Span[],
  out: QuoteSpan[],
): void {
  let open = -1;
  // each mark of the paragraph in turn, and the codes around it (NaN outside the paragraph)
  for (let k = first; marks[k]! < line.end; k++) {
    const i = marks[k]!;
    const prev = i > line.start ? source.charCodeAt(i - 1) : Number.NaN;
    const next = i + 1 < line.end ? source.charCodeAt(i + 1) : Number.NaN;
    // An apostrophe inside a word ("don't", "Trump's") neither opens nor closes (a letter before it
    // is no opening context, a letter after it no closing one): most single marks in news are these.
    // (nor does a mark inside a double quotation)
    if ((isLetterOrDigitCode(prev) && isLetterOrDigitCode(next)) || inside(i, doubles)) continue;
    const c = source.charCodeAt(i);
    // '' is a doubled mark (an archive's stand-in for "), never a single quotation mark.
    if (c === 39 && (next === 39 || prev === 39)) continue;
    const closer = c === 0x2019 || c === 0x203a;
    const canOpen = !closer && opensAfterCode(prev) && isLetterOrDigitCode(next);
    const canClose =
      (closer || c === 39) && prev >= 0 && !isSpaceCode(prev) && !isLetterOrDigitCode(next) && next !== 39;
    if (open >= 0 && canClose && !(prev === 115 && next === 32 && i - open > 60)) {
      // An opener straight after a doubled quotation belongs to the text, not to us.
      if (!inside(open, doubles)) pushQuote(source, out, open, 1, i, line.start, line.end, true);
      open = -1;
    } else if (canOpen && (open < 0 || (c !== 39 && !reopensSingle(source, open, i, line.start, next)))) {
      // (while one is open, a ' that may open does not open another, nor does its own curly mark reopening
      // after a sentence's end: the quotation's next paragraph, its line break lost, as with double marks)
      open = i;
    }
  }
}
