/**
 * ROUGE-N, ROUGE-L and ROUGE-Lsum as Google's rouge-score computes them: lower-case, every character
 * outside [a-z0-9] becomes a space, split on whitespace, Porter-stem tokens longer than three characters.
 * Lsum takes `\n` as the sentence separator.
 */
import { porterStem } from './porter-stemmer.js';

export interface RougeScore {
  precision: number;
  recall: number;
  f: number;
}

export interface TokenizeOptions {
  stem?: boolean;
}

/** A run of what rouge-score keeps: every other character separates tokens. */
const TOKEN_RE = /[a-z0-9]+/g;

const stemCache = new Map<string, string>();

/** A token's stem as `tokenize` stems it (a token of `TOKEN_RE` longer than three characters), remembered. */
export function stemCached(token: string): string {
  let s = stemCache.get(token);
  if (s === undefined) {
    s = porterStem(token);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(token, s);
  }
  return s;
}

/**
 * Tokenises like rouge-score's default tokenizer.
 * @example tokenize("The cats' toys!") // ['the', 'cat', 's', 'toy']
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const stem = options.stem ?? true;
  // the runs of [a-z0-9] in the lower-cased text (what `replace(/[^a-z0-9]+/g, ' ').split(' ')` returns,
  // without building the intermediate strings), matched by the regex engine: a loop over the characters
  // costs more in the mostly unoptimised CLI, and every article sentence is tokenised, some several times
  const words = text.toLowerCase().match(TOKEN_RE);
  if (words === null) return [];
  if (stem) {
    for (let i = 0; i < words.length; i++) {
      const raw = words[i]!;
      if (raw.length > 3) words[i] = stemCached(raw);
    }
  }
  return words;
}

export function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N on token lists (clipped n-gram overlap). */
export function rougeNTokens(
  target: readonly string[],
  prediction: readonly string[],
  n: number,
): RougeScore {
  const t = ngramCounts(target, n);
  const p = ngramCounts(prediction, n);
  let overlap = 0;
  let tTotal = 0;
  let pTotal = 0;
  for (const c of t.values()) tTotal += c;
  for (const [k, c] of p) {
    pTotal += c;
    const tc = t.get(k);
    if (tc !== undefined) overlap += Math.min(c, tc);
  }
  const precision = overlap / Math.max(pTotal, 1);
  const recall = overlap / Math.max(tTotal, 1);
  return { precision, recall, f: fmeasure(precision, recall) };
}

function lcsTable(ref: readonly string[], can: readonly string[]): Int32Array[] {
  const rows = ref.length;
  const cols = can.length;
  const table: Int32Array[] = [];
  for (let i = 0; i <= rows; i++) table.push(new Int32Array(cols + 1));
  for (let i = 1; i <= rows; i++) {
    const row = table[i]!;
    const prev = table[i - 1]!;
    const r = ref[i - 1];
    for (let j = 1; j <= cols; j++) {
      row[j] = r === can[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    }
  }
  return table;
}

/** ROUGE-L on token lists: the whole text is one sequence. */
export function rougeLTokens(target: readonly string[], prediction: readonly string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, f: 0 };
  const lcs = lcsTable(target, prediction)[target.length]![prediction.length]!;
  const precision = lcs / prediction.length;
  const recall = lcs / target.length;
  return { precision, recall, f: fmeasure(precision, recall) };
}

/** Indices into `ref` of one LCS with `can`, backtracked the way rouge-score does. */
function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const t = lcsTable(ref, can);
  let i = ref.length;
  let j = can.length;
  const out: number[] = [];
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if (t[i]![j - 1]! > t[i - 1]![j]!) {
      j--;
    } else {
      i--;
    }
  }
  return out.reverse();
}

/** ROUGE-Lsum on sentence token lists: union LCS per reference sentence, each token counted at most once. */
export function rougeLsumTokens(refSents: readonly string[][], canSents: readonly string[][]): RougeScore {
  const zero = { precision: 0, recall: 0, f: 0 };
  if (refSents.length === 0 || canSents.length === 0) return zero;
  let m = 0;
  let n = 0;
  const cntR = new Map<string, number>();
  const cntC = new Map<string, number>();
  for (const s of refSents) {
    m += s.length;
    for (const t of s) cntR.set(t, (cntR.get(t) ?? 0) + 1);
  }
  for (const s of canSents) {
    n += s.length;
    for (const t of s) cntC.set(t, (cntC.get(t) ?? 0) + 1);
  }
  if (m === 0 || n === 0) return zero;
  let hits = 0;
  for (const r of refSents) {
    const union = new Set<number>();
    for (const c of canSents) for (const idx of lcsIndices(r, c)) union.add(idx);
    const sorted = [...union].sort((a, b) => a - b);
    for (const idx of sorted) {
      const tok = r[idx]!;
      const cc = cntC.get(tok) ?? 0;
      const cr = cntR.get(tok) ?? 0;
      if (cc > 0 && cr > 0) {
        hits++;
        cntC.set(tok, cc - 1);
        cntR.set(tok, cr - 1);
      }
    }
  }
  const precision = hits / n;
  const recall = hits / m;
  return { precision, recall, f: fmeasure(precision, recall) };
}

function sentencesOf(text: string): string[] {
  return text.split('\n').filter((s) => s.length > 0);
}

export type RougeType = 'rouge1' | 'rouge2' | 'rougeL' | 'rougeLsum';

/**
 * Scores `prediction` against `target` like rouge-score's `RougeScorer(types, use_stemmer).score(target, prediction)`.
 * @example rouge('the cat sat', 'the cat', 'rouge1').recall // 2/3
 */
export function rouge(
  target: string,
  prediction: string,
  type: RougeType,
  options: TokenizeOptions = {},
): RougeScore {
  if (type === 'rougeLsum') {
    const refs = sentencesOf(target).map((s) => tokenize(s, options));
    const cans = sentencesOf(prediction).map((s) => tokenize(s, options));
    return rougeLsumTokens(refs, cans);
  }
  const t = tokenize(target, options);
  const p = tokenize(prediction, options);
  if (type === 'rougeL') return rougeLTokens(t, p);
  return rougeNTokens(t, p, type === 'rouge1' ? 1 : 2);
}

export interface SummaryScores {
  rouge1: number;
  rouge2: number;
  rougeLsum: number;
}

/**
 * The three F1 scores the eval reports, for a summary given as sentences against reference sentences
 * (each side joined with `\n`, as the scoring rules say). An empty prediction scores 0.
 */
export function scoreSummary(reference: readonly string[], prediction: readonly string[]): SummaryScores {
  const refText = reference.join('\n');
  const predText = prediction.join('\n');
  if (predText.trim().length === 0) return { rouge1: 0, rouge2: 0, rougeLsum: 0 };
  const t = tokenize(refText);
  const p = tokenize(predText);
  return {
    rouge1: rougeNTokens(t, p, 1).f,
    rouge2: rougeNTokens(t, p, 2).f,
    rougeLsum: rouge(refText, predText, 'rougeLsum').f,
  };
}
