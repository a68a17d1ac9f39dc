/**
 * Scoring of found quotations against PolNeAR-style gold quotes, exactly as
 * ../shared/eval/README.md ("Direct quotes and speakers") defines it. Pure: no I/O.
 */

export interface GoldQuote {
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  speakerResolved?: string | null;
  kind: 'direct' | 'mixed' | 'indirect' | string;
}

export interface PredictedQuote {
  text: string;
  start?: number | null;
  end?: number | null;
  speaker: string | null;
}

export type GoldMode = 'direct' | 'direct+mixed';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  neutral: number;
  /** Matched pairs whose gold speaker can be checked, and how many of those have the right speaker. */
  verifiable: number;
  speakerCorrect: number;
  /** End-to-end: predictions and gold quotes left out because the gold speaker cannot be checked. */
  e2eTp: number;
  e2ePred: number;
  e2eGold: number;
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  speakerAccuracy: number;
  e2ePrecision: number;
  e2eRecall: number;
  e2eF1: number;
  counts: Counts;
}

const PRONOUNS = new Set([
  'he',
  'she',
  'they',
  'it',
  'i',
  'we',
  'you',
  'him',
  'her',
  'them',
  'his',
  'hers',
  'their',
  'theirs',
  'its',
  'me',
  'us',
  'who',
  'whom',
  'which',
  'that',
  'this',
  'these',
  'those',
  'one',
]);

const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'professor',
  'president',
  'sen',
  'senator',
  'rep',
  'representative',
  'gov',
  'governor',
  'gen',
  'general',
  'lt',
  'col',
  'sgt',
  'capt',
  'adm',
  'maj',
  'rev',
  'reverend',
  'sir',
  'dame',
  'lord',
  'lady',
  'judge',
  'justice',
  'mayor',
  'secretary',
  'minister',
  'ambassador',
  'congressman',
  'congresswoman',
  'speaker',
  'chancellor',
  'premier',
]);

const COMBINING_RE = /[\u0300-\u036f]/gu;
const POSSESSIVE_RE = /['’]s\b/gu;
const PUNCT_RE = /[^\p{L}\p{N}\s]/gu;
const CAP_RUN_RE = /\p{Lu}[\p{L}\p{N}'’.-]*(?:\s+\p{Lu}[\p{L}\p{N}'’.-]*)*/gu;

/** Lower case, accents, possessive 's and punctuation removed, a leading title dropped. */
export function normaliseName(name: string): string {
  const words = name
    .normalize('NFD')
    .replace(COMBINING_RE, '')
    .toLowerCase()
    .replace(POSSESSIVE_RE, '')
    .replace(PUNCT_RE, ' ')
    .split(/\s+/u)
    .filter(Boolean);
  while (words.length > 1 && TITLES.has(words[0]!)) words.shift();
  return words.join(' ');
}

export function isPronoun(name: string | null | undefined): boolean {
  if (!name) return false;
  return PRONOUNS.has(normaliseName(name));
}

/** The names a gold speaker can be matched against: resolved, surface, and capitalised runs in it. */
export function goldNames(g: Pick<GoldQuote, 'speaker' | 'speakerResolved'>): string[] {
  const out: string[] = [];
  if (g.speakerResolved) out.push(g.speakerResolved);
  if (g.speaker) {
    out.push(g.speaker);
    for (const m of g.speaker.matchAll(CAP_RUN_RE)) out.push(m[0]);
  }
  return out.map(normaliseName).filter((n) => n.length > 0 && !PRONOUNS.has(n));
}

export function isVerifiable(g: Pick<GoldQuote, 'speaker' | 'speakerResolved'>): boolean {
  if (g.speakerResolved) return true;
  return !!g.speaker && !isPronoun(g.speaker);
}

/** Equal after normalisation, or the shorter name's words all in the longer one and the same last word. */
export function namesMatch(predicted: string, gold: string): boolean {
  const p = normaliseName(predicted);
  const g = normaliseName(gold);
  if (!p || !g || PRONOUNS.has(p) || PRONOUNS.has(g)) return false;
  if (p === g) return true;
  const pw = p.split(' ');
  const gw = g.split(' ');
  const [short, long] = pw.length <= gw.length ? [pw, gw] : [gw, pw];
  if (short[short.length - 1] !== long[long.length - 1]) return false;
  const longSet = new Set(long);
  return short.every((w) => longSet.has(w));
}

export function speakerCorrect(
  predicted: string | null,
  g: Pick<GoldQuote, 'speaker' | 'speakerResolved'>,
): boolean {
  if (!predicted) return false;
  return goldNames(g).some((n) => namesMatch(predicted, n));
}

/** The prediction's span: its offsets when they are valid, else the first exact occurrence of its text. */
export function predictedSpan(source: string, p: PredictedQuote): { start: number; end: number } | null {
  const { start, end, text } = p;
  if (
    typeof start === 'number' &&
    typeof end === 'number' &&
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    start >= 0 &&
    end <= source.length &&
    start < end &&
    source.slice(start, end) === text
  ) {
    return { start, end };
  }
  if (typeof text !== 'string' || text.length === 0) return null;
  const at = source.indexOf(text);
  return at < 0 ? null : { start: at, end: at + text.length };
}

/** How many characters the two spans share. */
export function overlap(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

export function emptyCounts(): Counts {
  return {
    tp: 0,
    fp: 0,
    fn: 0,
    neutral: 0,
    verifiable: 0,
    speakerCorrect: 0,
    e2eTp: 0,
    e2ePred: 0,
    e2eGold: 0,
  };
}

function countedGold(gold: readonly GoldQuote[], mode: GoldMode): GoldQuote[] {
  return gold.filter((g) => g.kind === 'direct' || (mode === 'direct+mixed' && g.kind === 'mixed'));
}

/** One-to-one greedy matching by decreasing overlap: prediction index → gold index. */
function matchIndices(
  spans: readonly ({ start: number; end: number } | null)[],
  counted: readonly GoldQuote[],
  threshold: number,
): Map<number, number> {
  const pairs: { p: number; g: number; ov: number }[] = [];
  spans.forEach((s, p) => {
    if (!s) return;
    counted.forEach((g, gi) => {
      const len = g.end - g.start;
      const ov = overlap(s, g);
      if (len > 0 && ov > 0 && ov / len >= threshold) pairs.push({ p, g: gi, ov });
    });
  });
  pairs.sort((a, b) => b.ov - a.ov || a.p - b.p || a.g - b.g);
  const predTaken = new Map<number, number>();
  const goldTaken = new Set<number>();
  for (const pair of pairs) {
    if (predTaken.has(pair.p) || goldTaken.has(pair.g)) continue;
    predTaken.set(pair.p, pair.g);
    goldTaken.add(pair.g);
  }
  return predTaken;
}

/** The gold quote each prediction is matched to under the scoring rules (unmatched predictions are absent). */
export function matchPredictions(
  source: string,
  gold: readonly GoldQuote[],
  predicted: readonly PredictedQuote[],
  threshold: number,
  mode: GoldMode = 'direct',
): Map<number, GoldQuote> {
  const counted = countedGold(gold, mode);
  const spans = predicted.map((p) => predictedSpan(source, p));
  const out = new Map<number, GoldQuote>();
  for (const [p, g] of matchIndices(spans, counted, threshold)) out.set(p, counted[g]!);
  return out;
}

/** Score one article's predictions; add into `into` (micro-averaging) and return it. */
export function scoreArticle(
  source: string,
  gold: readonly GoldQuote[],
  predicted: readonly PredictedQuote[],
  threshold: number,
  mode: GoldMode = 'direct',
  into: Counts = emptyCounts(),
): Counts {
  const counted = countedGold(gold, mode);
  const mixed = mode === 'direct' ? gold.filter((g) => g.kind === 'mixed') : [];
  const spans = predicted.map((p) => predictedSpan(source, p));
  const predTaken = matchIndices(spans, counted, threshold);
  const goldTaken = new Set(predTaken.values());
  let neutral = 0;
  let fp = 0;
  spans.forEach((s, p) => {
    if (predTaken.has(p)) return;
    if (s && mixed.some((m) => overlap(s, m) * 2 >= s.end - s.start)) neutral++;
    else fp++;
  });
  let verifiable = 0;
  let correct = 0;
  let predOnUnverifiable = 0;
  for (const [p, gi] of predTaken) {
    const g = counted[gi]!;
    if (!isVerifiable(g)) {
      predOnUnverifiable++;
      continue;
    }
    verifiable++;
    if (speakerCorrect(predicted[p]!.speaker, g)) correct++;
  }
  into.tp += predTaken.size;
  into.fp += fp;
  into.fn += counted.length - goldTaken.size;
  into.neutral += neutral;
  into.verifiable += verifiable;
  into.speakerCorrect += correct;
  into.e2eTp += correct;
  into.e2ePred += predTaken.size + fp - predOnUnverifiable;
  into.e2eGold += counted.filter(isVerifiable).length;
  return into;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

export function summarise(c: Counts): Scores {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  const e2ePrecision = ratio(c.e2eTp, c.e2ePred);
  const e2eRecall = ratio(c.e2eTp, c.e2eGold);
  return {
    precision,
    recall,
    f1: f1(precision, recall),
    speakerAccuracy: ratio(c.speakerCorrect, c.verifiable),
    e2ePrecision,
    e2eRecall,
    e2eF1: f1(e2ePrecision, e2eRecall),
    counts: c,
  };
}

/** Score a whole set: one entry per article, micro-averaged. */
export function scoreSet(
  items: readonly { source: string; gold: readonly GoldQuote[]; predicted: readonly PredictedQuote[] }[],
  threshold: number,
  mode: GoldMode = 'direct',
): Scores {
  const c = emptyCounts();
  for (const it of items) scoreArticle(it.source, it.gold, it.predicted, threshold, mode, c);
  return summarise(c);
}

/** 95% Wilson score interval of `k` right out of `n`, in percent. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [Number.NaN, Number.NaN];
  const z = 1.96;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [100 * (centre - half), 100 * (centre + half)];
}
