import type { KeyPoint, Quote, Span } from '../types.js';
import { type Attribution, headAttribution, isCue, tailAttribution, tokenAt } from './attribution.js';
import { EntityIndex, resolvePhrase, type Speaker } from './coref.js';
import { quoteFeatures, score } from './features.js';
import { KEEP_MODEL } from './keep-model.gen.js';
import { AUX_WORDS, NON_NAME_CAPS, PRONOUNS, WEAK_CUES } from './lexicon.js';
import { findNames } from './names.js';
import { selectQuotes as select } from './select.js';
import { findQuoteSpans, type QuoteSpan } from './spans.js';
import { isSentenceEnd, type Token, tokenize } from './tokens.js';

export type { QuoteSpan } from './spans.js';

export interface FindQuotesOptions {
  /** Page furniture (captions, credits) to skip. */
  exclude?: Span[];
  /**
   * Read two apostrophes ('') as a straight double mark, as some newspaper archives print quotes.
   * Off by default: on the web they are rare and often a typo.
   */
  doubledApostrophes?: boolean;
}

/**
 * Every quotation in the article, verbatim with offsets, and who said it.
 *
 * @example
 * findQuotes('"We will go," she said.')[0]?.text // 'We will go,'
 */
export function findQuotes(source: string, options: FindQuotesOptions = {}): Quote[] {
  try {
    return findQuotesUnsafe(typeof source === 'string' ? source : '', options);
  } catch {
    // Attribution is best effort; the spans alone are still worth returning.
    try {
      return findQuoteSpans(source, options.exclude ?? [], options.doubledApostrophes).map((q) => ({
        text: source.slice(q.start, q.end),
        start: q.start,
        end: q.end,
        speaker: null,
        role: null,
      }));
    } catch {
      return [];
    }
  }
}

function findQuotesUnsafe(source: string, options: FindQuotesOptions): Quote[] {
  const out: Quote[] = [];
  for (const c of findQuoteCandidates(source, options)) {
    if (score(KEEP_MODEL.weights, keepFeatures(c.features)) >= KEEP_MODEL.threshold) out.push(c.quote);
  }
  return out;
}

const SINGLE = KEEP_MODEL.features.indexOf('single');
const ATTRIBUTED = ['viaTail', 'viaHead', 'viaColon'].map((f) => KEEP_MODEL.features.indexOf(f));
const SPEAKER_FOUND = KEEP_MODEL.features.indexOf('speakerFound');

/**
 * The features the keep decision reads. The training labels cannot count a single-marked passage
 * as speech (the gold calls a quote direct only when it opens with a double mark), so the model
 * learns that single marks are never quotes. Outlets that print speech in single marks
 * (`'We lost,' she said.`) would lose every quote: a single-marked passage with its own
 * attribution and a speaker is scored as if its marks were double.
 */
function keepFeatures(f: number[]): number[] {
  if (f[SINGLE] !== 1 || f[SPEAKER_FOUND] !== 1 || !ATTRIBUTED.some((k) => f[k] === 1)) return f;
  const g = f.slice();
  g[SINGLE] = 0;
  return g;
}

/** A quotation found in the text with its speaker, and the features the keep/drop model reads. */
export interface QuoteCandidate {
  quote: Quote;
  features: number[];
}

/**
 * Every quoted passage (including titles, nicknames and scare quotes) with its attribution and
 * features. `findQuotes` keeps the ones the learned model scores as quoted speech.
 */
export function findQuoteCandidates(source: string, options: FindQuotesOptions = {}): QuoteCandidate[] {
  const spans = findQuoteSpans(source, options.exclude ?? [], options.doubledApostrophes ?? false);
  if (spans.length === 0) return [];
  const firstLineEnd = firstLineEndOf(source);
  const tokens = tokenize(source, 0, source.length);
  const sentenceStarts = sentenceIndex(source, tokens);
  const sentenceOf = (offset: number): number => upperBound(sentenceStarts, offset);
  const inside = (offset: number): boolean => insideAny(spans, offset);
  const index = new EntityIndex(
    findNames(source, tokens),
    sentenceOf,
    inside,
    headlineEnd(source, firstLineEnd),
    (start, end) => speaksAt(tokens, start, end),
  );

  const attributions = spans.map((q, i) => attribute(source, tokens, spans, i, q));
  fillFromNeighbours(source, spans, attributions);
  // Last resort: "Lee agreed." / "Lee told the radio station on Monday." right before the
  // quotation, in its paragraph, introduces it.
  for (let i = 0; i < spans.length; i++) {
    if (attributions[i]) continue;
    const q = spans[i]!;
    const prev = spans[i - 1];
    const from = prev && prev.close >= q.paraStart && prev.close < q.open ? prev.close + 1 : q.paraStart;
    attributions[i] = sentenceBefore(source, tokens, q, from) ?? paraphraseBefore(source, tokens, spans, i);
  }

  const perParagraph = new Map<number, number>();
  for (const q of spans) perParagraph.set(q.paraStart, (perParagraph.get(q.paraStart) ?? 0) + 1);
  const out: QuoteCandidate[] = [];
  let previous: Speaker | null = null;
  for (let i = 0; i < spans.length; i++) {
    const q = spans[i]!;
    const a = attributions[i];
    const speaker: Speaker | null = a
      ? resolvePhrase(source, a.phrase, a.role, a.phrase[0]?.start ?? q.start, index, previous)
      : null;
    if (speaker) previous = speaker;
    out.push({
      quote: {
        text: source.slice(q.start, q.end),
        start: q.start,
        end: q.end,
        speaker: speaker?.name ?? null,
        role: speaker?.role ?? null,
      },
      features: quoteFeatures(
        source,
        q,
        a ?? null,
        speaker !== null,
        firstLineEnd,
        perParagraph.get(q.paraStart) ?? 1,
      ),
    });
  }
  return out;
}

/** End of the first line when it is a title-case headline ("Obama Sees 'Personal Insult' if ..."), else 0. */
function headlineEnd(source: string, firstLineEnd: number): number {
  const words = source.slice(0, firstLineEnd).match(/[\p{L}][\p{L}’'-]*/gu) ?? [];
  if (words.length < 4 || words.length > 30) return 0;
  const capital = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capital / words.length >= 0.75 ? firstLineEnd : 0;
}

/**
 * End of the first line when it can be a headline: a short line with more text after it.
 * A one-paragraph text has no headline, so this is 0.
 */
function firstLineEndOf(source: string): number {
  let i = 0;
  while (i < source.length && /\s/u.test(source[i]!)) i++;
  const nl = source.indexOf('\n', i);
  if (nl < 0 || nl - i > 200 || source.slice(nl).trim() === '') return 0;
  return nl;
}

function attribute(
  source: string,
  tokens: readonly Token[],
  spans: readonly QuoteSpan[],
  i: number,
  q: QuoteSpan,
): Attribution | null {
  const next = spans[i + 1];
  const prev = spans[i - 1];
  const tailLimit = next && next.open < q.paraEnd ? next.open : q.paraEnd;
  const headFrom = prev && prev.close >= q.paraStart && prev.close < q.open ? prev.close + 1 : q.paraStart;
  const tail = tailAttribution(source, tokens, q, tailLimit);
  if (tail) return tail;
  const head = headAttribution(source, tokens, q, headFrom);
  if (head) return head;
  const byline = dashLineAfter(source, tokens, q);
  if (byline) return byline;

  // A quotation opening its paragraph after one that ends with a colon ("Caddell continued:").
  if (source.slice(q.paraStart, q.open).trim() === '') {
    let p = q.paraStart - 1;
    while (p >= 0 && /\s/u.test(source[p]!)) p--;
    if (p >= 0 && source[p] === ':') {
      let ps = p;
      while (ps > 0 && source[ps - 1] !== '\n') ps--;
      // The colon stays inside the clause, so that "X released the following statement:" reads X.
      const fake: QuoteSpan = { ...q, open: p + 1, paraStart: ps };
      const prevEnd = prev && prev.close >= ps && prev.close < p ? prev.close + 1 : ps;
      const colon = headAttribution(source, tokens, fake, prevEnd, 30);
      if (colon) return { ...colon, via: 'colon' };
    }
  }
  return null;
}

function sentenceBefore(
  source: string,
  tokens: readonly Token[],
  q: QuoteSpan,
  headFrom: number,
): Attribution | null {
  let p = q.open - 1;
  while (p > headFrom && (source[p] === ' ' || source[p] === '\t')) p--;
  if (p <= headFrom || source[p] !== '.') return null;
  const k = tokenAt(tokens, p);
  const dot = tokens[k];
  if (!dot || dot.start !== p || !isSentenceEnd(dot)) return null;
  const fake: QuoteSpan = { ...q, open: p };
  const found = headAttribution(source, tokens, fake, headFrom, PREVIOUS_SENTENCE_REACH);
  // Only a name or a pronoun: a description this far from the quotation is too often a misreading.
  if (!found?.phrase.some((t) => t.cap || PRONOUNS.has(t.lower))) return null;
  return found;
}

/**
 * A paragraph that is only a quotation, after a paragraph whose last sentence opens with
 * "Name said …" (a paraphrase, no quotation of its own): news copy then quotes the same person.
 */
function paraphraseBefore(
  source: string,
  tokens: readonly Token[],
  spans: readonly QuoteSpan[],
  i: number,
): Attribution | null {
  const q = spans[i]!;
  if (!startsParagraph(source, q) || q.paraStart < 2) return null;
  let e = q.paraStart - 1;
  while (e > 0 && /\s/u.test(source[e]!)) e--;
  let ps = e;
  while (ps > 0 && source[ps - 1] !== '\n') ps--;
  const prev = spans[i - 1];
  if (prev && prev.close >= ps) return null;
  const from = tokenAt(tokens, ps);
  const to = tokenAt(tokens, e + 1);
  let start = from;
  for (let k = to - 2; k >= from; k--) {
    if (isSentenceEnd(tokens[k]!)) {
      start = k + 1;
      break;
    }
  }
  const run: Token[] = [];
  let k = start;
  const first = tokens[k];
  if (first?.word && !first.cap && PRONOUNS.has(first.lower) && PRONOUNS.get(first.lower) !== 'i') {
    run.push(first);
    k++;
  } else {
    while (k < to && run.length < 5 && tokens[k]!.word && tokens[k]!.cap) run.push(tokens[k++]!);
    if (run.length === 0 || NON_NAME_CAPS.has(run[0]!.lower)) return null;
  }
  while (k < to && tokens[k]!.word && AUX_WORDS.has(tokens[k]!.lower) && !tokens[k]!.cap) k++;
  const cue = tokens[k];
  if (!cue || k >= to || !isCue(cue) || WEAK_CUES.has(cue.lower) || !FINITE_CUE_RE.test(cue.lower))
    return null;
  return { phrase: run, role: null, via: 'continuation' };
}

/** How far a cue may sit from the end of the sentence before a quotation ("Lee told Radio 4 on Monday."). */
const PREVIOUS_SENTENCE_REACH = 6;

/**
 * A quotation that ends its paragraph, signed on the next line with a dash and a name
 * ("…”⏎⏎— Ada Moss, tweeting after the vote."): that name speaks.
 */
function dashLineAfter(source: string, tokens: readonly Token[], q: QuoteSpan): Attribution | null {
  if (source.slice(q.close + 1, q.paraEnd).trim() !== '') return null;
  const m = /^\s*[—–―-]\s*/u.exec(source.slice(q.paraEnd, q.paraEnd + 12));
  if (!m?.[0].includes('\n')) return null;
  let lineEnd = source.indexOf('\n', q.paraEnd + m[0].length);
  if (lineEnd < 0) lineEnd = source.length;
  if (lineEnd - q.paraEnd > 120) return null;
  const name: Token[] = [];
  for (let k = tokenAt(tokens, q.paraEnd + m[0].length); k < tokens.length && name.length < 6; k++) {
    const t = tokens[k]!;
    if (t.start >= lineEnd || !t.word || !t.cap) break;
    name.push(t);
  }
  return name.length ? { phrase: name, role: null, via: 'tail' } : null;
}

/** An unattributed quotation takes the speaker of another quotation in its paragraph. */
function fillFromNeighbours(
  source: string,
  spans: readonly QuoteSpan[],
  attributions: (Attribution | null)[],
): void {
  for (let i = 0; i < spans.length; i++) {
    if (attributions[i]) continue;
    const q = spans[i]!;
    let found: Attribution | null = null;
    for (let j = i - 1; j >= 0 && !found; j--) {
      const p = spans[j]!;
      if (p.paraEnd < q.paraStart) break;
      if (attributions[j] && attributions[j]!.via !== 'neighbour') found = attributions[j]!;
    }
    for (let j = i + 1; j < spans.length && !found; j++) {
      const n = spans[j]!;
      if (n.paraStart > q.paraEnd) break;
      if (attributions[j] && attributions[j]!.via !== 'neighbour') found = attributions[j]!;
    }
    if (found) attributions[i] = { ...found, via: 'neighbour' };
  }
  // A paragraph that is only a quotation carries on the quotation that ended the paragraph before
  // ("…,” Espinoza said.⏎⏎“…”): news copy names the speaker once for a run of quoted paragraphs.
  for (let i = 1; i < spans.length; i++) {
    if (attributions[i]) continue;
    const q = spans[i]!;
    const p = spans[i - 1]!;
    const a = attributions[i - 1];
    if (!a || p.paraEnd >= q.paraStart || !startsParagraph(source, q)) continue;
    // Nothing but the attribution may follow the previous quotation in its paragraph.
    const between = source.slice(p.close + 1, q.paraStart);
    if (/\n\s*\S[^\n]*\n/u.test(between.replace(/^[^\n]*/u, ''))) continue;
    attributions[i] = { ...a, via: 'continuation' };
  }
}

/** A speech verb right after the name (past a few auxiliaries) or right before it ("said Lee"). */
function speaksAt(tokens: readonly Token[], start: number, end: number): boolean {
  const cueVerb = (t: Token | undefined) =>
    isCue(t) && !WEAK_CUES.has(t!.lower) && FINITE_CUE_RE.test(t!.lower);
  let k = tokenAt(tokens, end);
  const last = tokens[k - 1];
  // "Trump’s claim" is a noun after a possessive, not a speech verb.
  if (last && /['’]s?$/u.test(last.text)) return false;
  while (k < tokens.length && tokens[k]!.word && AUX_WORDS.has(tokens[k]!.lower) && !tokens[k]!.cap) k++;
  if (cueVerb(tokens[k])) return true;
  // "said Lee." / "said Lee, a …", not "said Lee will …" (Lee is then the subject of what was said).
  const b = tokenAt(tokens, start) - 1;
  const after = tokens[tokenAt(tokens, end)];
  return b >= 0 && cueVerb(tokens[b]) && (!after || after.text === ',' || isSentenceEnd(after));
}

/** Finite forms only: "said", "told", "wrote", "added", "says"; not "claim" or "claiming". */
const FINITE_CUE_RE = /^(?:said|told|wrote|says|tells|writes|\p{L}+ed)$/u;

function startsParagraph(source: string, q: QuoteSpan): boolean {
  return source.slice(q.paraStart, q.open).trim() === '';
}

function sentenceIndex(source: string, tokens: readonly Token[]): number[] {
  const starts: number[] = [0];
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    const gap = source.slice(t.end, tokens[i + 1]!.start);
    if (isSentenceEnd(t) || gap.includes('\n')) starts.push(tokens[i + 1]!.start);
  }
  return starts;
}

function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insideAny(spans: readonly QuoteSpan[], offset: number): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.open <= offset) lo = mid + 1;
    else hi = mid;
  }
  const s = spans[lo - 1];
  return s !== undefined && offset >= s.open && offset <= s.close;
}

/**
 * The quotations worth showing in the email: informative, few, and adding to the key points.
 */
export function selectQuotes(
  all: Quote[],
  context: { source: string; keyPoints: KeyPoint[] },
  options: { max?: number } = {},
): Quote[] {
  try {
    return select(all, context, options);
  } catch {
    return [];
  }
}
