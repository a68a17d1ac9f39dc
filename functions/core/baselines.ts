/**
 * Baselines the eval scores our key points against: Lead-3 and TextRank-3.
 *
 * Both split the article with `splitPlain`, a plain punctuation splitter close to the ones the
 * published baseline numbers were made with: it ends a sentence at `.`, `!` or `?` (plus closing
 * quote marks) before a capital, a digit or an opening quote, except after a title abbreviation or
 * an initial. Unlike the product's splitter it does not hold a multi-sentence quotation together,
 * which is what a reader-facing key point wants but not what the benchmark's Lead-3 is.
 */
import { tokenize } from './rouge.js';

const BOUNDARY_RE = /[.!?]+['"’”)\]]*(?=\s)/g;
const NEXT_START_RE = /^\s+['"‘“`(]*[A-Z0-9]/;
const ABBREVIATION_RE =
  /(?:^|[\s("'‘“])(?:Mr|Mrs|Ms|Dr|St|Prof|Gov|Sen|Rep|Gen|Lt|Col|Sgt|Capt|Jr|Sr|No|vs|Inc|Co|Ltd|Mt|Ft|Rev|[A-Z](?:\.[A-Z])*)\.$/;

/** Splits text into trimmed sentences with the plain punctuation rule described above. */
export function splitPlain(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  BOUNDARY_RE.lastIndex = 0;
  for (let m = BOUNDARY_RE.exec(text); m; m = BOUNDARY_RE.exec(text)) {
    const end = m.index + m[0].length;
    if (!NEXT_START_RE.test(text.slice(end, end + 6))) continue;
    if (
      m[0].startsWith('.') &&
      !m[0].startsWith('..') &&
      ABBREVIATION_RE.test(text.slice(Math.max(0, end - 14), end))
    )
      continue;
    const s = text.slice(start, end).trim();
    if (s) out.push(s);
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

/** The first `k` sentences. */
export function leadK(sentences: readonly string[], k = 3): string[] {
  return sentences.slice(0, k);
}

/** Lead-3 of a raw article text. */
export function lead3(text: string): string[] {
  return leadK(splitPlain(text), 3);
}

/**
 * TextRank: sentences are nodes, edges are tf-idf cosine similarities (idf over the article's sentences,
 * stemmed rouge tokens), scored by PageRank (damping 0.85); the top `k` are returned in article order.
 */
export function textRank(sentences: readonly string[], k = 3): string[] {
  const n = sentences.length;
  if (n <= k) return [...sentences];
  const toks = sentences.map((s) => tokenize(s));
  const df = new Map<string, number>();
  for (const t of toks) for (const w of new Set(t)) df.set(w, (df.get(w) ?? 0) + 1);
  const vecs = toks.map((t) => {
    const tf = new Map<string, number>();
    for (const w of t) tf.set(w, (tf.get(w) ?? 0) + 1);
    const v = new Map<string, number>();
    let norm = 0;
    for (const [w, c] of tf) {
      const x = c * Math.log(n / (df.get(w) ?? 1));
      v.set(w, x);
      norm += x * x;
    }
    return { v, norm: Math.sqrt(norm) };
  });
  const sim: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = vecs[i]!;
      const b = vecs[j]!;
      if (a.norm === 0 || b.norm === 0) continue;
      let dot = 0;
      for (const [w, x] of a.v) {
        const y = b.v.get(w);
        if (y !== undefined) dot += x * y;
      }
      const c = dot / (a.norm * b.norm);
      sim[i]![j] = c;
      sim[j]![i] = c;
    }
  }
  const rank = pageRank(sim);
  const top = rank
    .map((score, i) => ({ score, i }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, k)
    .map((x) => x.i)
    .sort((a, b) => a - b);
  return top.map((i) => sentences[i]!);
}

/** Weighted PageRank by power iteration; a node without edges spreads its rank evenly. */
export function pageRank(weights: readonly (readonly number[])[], damping = 0.85, iterations = 50): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const outSum = weights.map((row) => row.reduce((a, b) => a + b, 0));
  let rank = new Array<number>(n).fill(1 / n);
  for (let it = 0; it < iterations; it++) {
    const next = new Array<number>(n).fill((1 - damping) / n);
    let dangling = 0;
    for (let j = 0; j < n; j++) if (outSum[j] === 0) dangling += rank[j]!;
    for (let i = 0; i < n; i++) {
      let s = dangling / n;
      for (let j = 0; j < n; j++) {
        const w = weights[j]![i]!;
        if (w > 0) s += (rank[j]! * w) / outSum[j]!;
      }
      next[i] = next[i]! + damping * s;
    }
    rank = next;
  }
  return rank;
}
