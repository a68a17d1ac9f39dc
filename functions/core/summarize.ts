/**
 * Extractive key points: sentences of the article that can stand on their own, chosen as a set by a
 * linear model over named set features (functions/core/summarizer-features.ts) whose weights, window,
 * thresholds and rule switches come from one generated configuration (summarizer-config.json, written
 * by scripts/train-summarizer.ts; see docs/summarizer.md). Returned in article order. A key point's
 * `text` is the verbatim span `source.slice(start, end)`; `shown` is what the email prints when the
 * sentence was trimmed or edited to stand alone (key-point-trim.ts, key-point-reading.ts). No two key
 * points share their main fact (redundancy.ts).
 */
import { antecedentPerson, readKeyPoint } from './key-point-reading.js';
import { DEFAULT_TRIM, trimForReading } from './key-point-trim.js';
import { comparable, nearRepeat } from './redundancy.js';
import { type CleanSentence, prepareSentences } from './sentence-cleaning.js';
import { SUMMARIZER_CONFIG, type SummarizerConfig, type TrimRule } from './summarizer-config.js';
import { FeatureContext, setScorer } from './summarizer-features.js';
import type { KeyPoint, Sentence, Span } from './types.js';

export { DEFAULT_TRIM, trimForReading } from './key-point-trim.js';
export { cleanSentenceText, prepareSentences, quotationContinuations } from './sentence-cleaning.js';

export interface SummarizeInput {
  source: string;
  title: string | null;
  sentences: Sentence[];
  /** Page furniture (captions, credits, header lines): sentences mostly inside it are never chosen. */
  exclude?: Span[];
}

export interface SummarizeOptions {
  /** Upper bound on key points; by default 3–5 from the article's length. */
  maxPoints?: number;
  /** Trimming rules for what the email shows (default: the configuration's). */
  trim?: ReadonlySet<TrimRule>;
  /** Skip sentences in the writer's own voice ("I", "we", "you" outside quotations); default: the configuration's. */
  skipOwnVoice?: boolean;
  /** Eligible sentences from which an article gets 4 points (5 from 30 more); default: the configuration's. */
  fourPointsFrom?: number;
  /**
   * All `maxPoints` (or as many as there are candidates) or none: no smaller set when every set of that many
   * holds a near-repeated pair. Story composition asks this of the paragraph leads, which it takes only whole.
   */
  allOrNone?: boolean;
}

/** Eligible sentences from which an article gets 4 key points (from the generated configuration). */
export const DEFAULT_FOUR_POINTS_FROM = SUMMARIZER_CONFIG.fourPointsFrom;

/** 3 points for most articles, 4 for long ones (`fourPointsFrom` eligible sentences), 5 from 30 more. */
export function defaultPointCount(
  eligibleSentences: number,
  fourPointsFrom: number = DEFAULT_FOUR_POINTS_FROM,
): number {
  if (eligibleSentences >= fourPointsFrom + 30) return 5;
  if (eligibleSentences >= fourPointsFrom) return 4;
  return 3;
}

const SAID_PRONOUN_RE =
  /(,["”’']?\s+|\s)(he|she)\s+(said|says|added|told|explained|continued|insisted|claimed|admitted|wrote|argued|noted|stated)\b/u;

/**
 * Replaces a "he said"/"she said" in mid-sentence by the surname of the person named last before, in
 * brackets as an edit ("…,” [Okonjo] said."); null when nobody is named. A leading "He"/"She" is
 * `readKeyPoint`'s work.
 */
export function resolvePronoun(text: string, before: readonly CleanSentence[]): string | null {
  if (!SAID_PRONOUN_RE.test(text)) return text;
  const name = antecedentPerson(before.map((s) => s.text));
  if (name === null) return null;
  const parts = name.split(/\s+/u);
  const surname = /^(?:Mr|Mrs|Ms|Dr|Miss)\.?$/u.test(parts[0]!) ? name : parts[parts.length - 1]!;
  return text.replace(
    SAID_PRONOUN_RE,
    (_m, pre: string, _p: string, verb: string) => `${pre}[${surname}] ${verb}`,
  );
}

/** A candidate key point: an eligible sentence that can stand on its own. */
export interface Candidate {
  /** Index into the eligible sentences (and into the pool's feature context). */
  index: number;
  /** What the email shows: the sentence trimmed and edited for reading (see key-point-reading.ts). */
  text: string;
  /** The verbatim span of the source the key point is taken from: `source.slice(start, end)`. */
  verbatim: string;
  start: number;
  end: number;
  sentence: Sentence;
}

/** The candidates of an article, how many sentences were eligible, and the features' shared state. */
export interface CandidatePool {
  candidates: Candidate[];
  eligibleCount: number;
  features: FeatureContext;
}

/** The candidates the set search considers: the first `window` usable sentences plus the `central` most central others. */
export function candidatePool(
  input: SummarizeInput,
  config: SummarizerConfig = SUMMARIZER_CONFIG,
  options: SummarizeOptions = {},
): CandidatePool {
  const skipOwnVoice = options.skipOwnVoice ?? config.skipOwnVoice;
  const trim = options.trim ?? (config === SUMMARIZER_CONFIG ? DEFAULT_TRIM : new Set(config.trim));
  const eligible = prepareSentences(input).filter((s) => s.eligible);
  const features = new FeatureContext(eligible, input.title);
  if (eligible.length === 0) return { candidates: [], eligibleCount: 0, features };
  const usable = (i: number): Candidate | null => {
    const s = eligible[i]!;
    const before = eligible.slice(Math.max(0, i - 12), i);
    const resolved = resolvePronoun(trimForReading(s.text, trim), before);
    if (resolved === null) return null;
    const reading = readKeyPoint(
      resolved,
      before.map((b) => b.text),
    );
    if (reading === null) return null;
    return {
      index: i,
      text: reading.shown,
      verbatim: s.text,
      start: s.start,
      end: s.start + s.text.length,
      sentence: s.sentence,
    };
  };
  const lead: Candidate[] = [];
  const spare: Candidate[] = [];
  let next = 0;
  for (; next < eligible.length && lead.length < config.window; next++) {
    const c = usable(next);
    if (c && ((skipOwnVoice && ownVoice(c.text)) || eligible[next]!.insideQuotation)) spare.push(c);
    else if (c) lead.push(c);
  }
  // own-voice sentences and unmarked pieces of a quotation come back only when there are too few
  // others for the points wanted
  const needed = Math.max(3, options.maxPoints ?? 0);
  while (lead.length < needed && spare.length > 0) lead.push(spare.shift()!);
  const rest: Candidate[] = [];
  if (config.central > 0) {
    const order = eligible
      .map((_, i) => i)
      .slice(next)
      .sort((a, b) => features.value('centrality', b) - features.value('centrality', a) || a - b);
    for (const i of order) {
      if (rest.length >= config.central) break;
      const c = usable(i);
      if (c) rest.push(c);
    }
  }
  return {
    candidates: [...lead, ...rest].sort((a, b) => a.index - b.index),
    eligibleCount: eligible.length,
    features,
  };
}

/** Quoted passages: "…", “…”, ‘…’ and '…' (a closing single quote not followed by a letter). */
const QUOTED_SPAN_RE = /["“][^"”]*["”]|‘[^’]*’(?!\p{L})|(?<=^|\s)'[^']*'(?!\p{L})/gu;
const OWN_VOICE_RE = /\b(?:I|[Ww]e|[Mm]y|[Oo]ur|[Yy]ou|[Yy]our|me|us)\b/u;

/**
 * True when the sentence speaks in the writer's own voice outside any quotation ("You would be
 * forgiven for thinking…", "We asked…"): a column's aside, not a fact a key point should carry.
 */
export function ownVoice(text: string): boolean {
  return OWN_VOICE_RE.test(text.replace(QUOTED_SPAN_RE, ' '));
}

/** Every k-subset of `n` indices, in lexicographic order. */
export function subsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (from: number) => {
    if (cur.length === k) {
      out.push([...cur]);
      return;
    }
    for (let i = from; i <= n - (k - cur.length); i++) {
      cur.push(i);
      rec(i + 1);
      cur.pop();
    }
  };
  if (k <= n) rec(0);
  return out;
}

/**
 * Picks the key points of an article: 3–5 sentences that stand on their own (fewer only when the article
 * has fewer), in article order. Pure and deterministic. Every set of that size among the candidates
 * without a near-repeated pair is scored by the configuration's linear model, and the best set wins.
 *
 * @example
 * summarize({ source, title: null, sentences: splitSentences(source) }).map((k) => k.shown ?? k.text)
 */
export function summarize(
  input: SummarizeInput,
  options: SummarizeOptions = {},
  config: SummarizerConfig = SUMMARIZER_CONFIG,
): KeyPoint[] {
  const pool = candidatePool(input, config, options);
  const { candidates } = pool;
  if (candidates.length === 0) return [];
  const want = Math.max(
    1,
    Math.min(
      options.maxPoints ??
        defaultPointCount(pool.eligibleCount, options.fourPointsFrom ?? config.fourPointsFrom),
      candidates.length,
    ),
  );
  // no two key points may share their main fact: sets with a near-repeated pair are never scored
  const texts = candidates.map((c) => comparable(c.text));
  const repeats = candidates.map((_, a) =>
    candidates.map((_, b) => a < b && nearRepeat(texts[a]!, texts[b]!)),
  );
  const score = setScorer(pool.features, config.weights);
  // When every set of `want` candidates holds a near-repeated pair (a long article whose few candidates
  // keep telling one fact), the best smaller set: fewer key points, never none.
  let best: number[] = [];
  const smallest = options.allOrNone ? want : 1;
  for (let size = want; size >= smallest && best.length === 0; size--) {
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const set of subsets(candidates.length, size)) {
      if (set.some((a, x) => set.slice(x + 1).some((b) => repeats[a]![b]))) continue;
      const s = score(set.map((i) => candidates[i]!.index));
      if (s > bestScore) {
        bestScore = s;
        best = set;
      }
    }
  }
  return best.map((i) => keyPointOf(candidates[i]!));
}

/** The key point of a candidate: the verbatim span, and `shown` when the email prints other words. */
function keyPointOf(c: Candidate): KeyPoint {
  const point: KeyPoint = { text: c.verbatim, start: c.start, end: c.end };
  if (c.text !== c.verbatim) point.shown = c.text;
  return point;
}
