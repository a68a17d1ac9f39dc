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

/** scikit-learn's `ENGLISH_STOP_WORDS` (318 words, `TfidfVectorizer(stop_words='english')`). */
const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  [
    'a about above across after afterwards again against all almost alone along already also although always am',
    'among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere are around as at back',
    'be became because become becomes becoming been before beforehand behind being below beside besides between',
    'beyond bill both bottom but by call can cannot cant co con could couldnt cry de describe detail do done down',
    'due during each eg eight either eleven else elsewhere empty enough etc even ever every everyone everything',
    'everywhere except few fifteen fifty fill find fire first five for former formerly forty found four from front',
    'full further get give go had has hasnt have he hence her here hereafter hereby herein hereupon hers herself',
    'him himself his how however hundred i ie if in inc indeed interest into is it its itself keep last latter',
    'latterly least less ltd made many may me meanwhile might mill mine more moreover most mostly move much must my',
    'myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere of',
    'off often on once one only onto or other others otherwise our ours ourselves out over own part per perhaps',
    'please put rather re same see seem seemed seeming seems serious several she should show side since sincere six',
    'sixty so some somehow someone something sometime sometimes somewhere still such system take ten than that the',
    'their them themselves then thence there thereafter thereby therefore therein thereupon these they thick thin',
    'third this those though three through throughout thru thus to together too top toward towards twelve twenty',
    'two un under until up upon us very via was we well were what whatever when whence whenever where whereafter',
    'whereas whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why will',
    'with within without would yet you your yours yourself yourselves',
  ]
    .join(' ')
    .split(' '),
);

/**
 * TextRank-3 as the reference point of ../shared/eval/README.md scores it (within 0.2 of 31.9 / 13.9 / 28.4 on
 * cnndm-dev and 59.8 / 55.8 / 59.3 on bbc-dev). Exactly:
 * - tokens: rouge-score's tokenizer without stemming (lower-case, runs of `[a-z0-9]`), minus scikit-learn's English
 *   stop words (`ENGLISH_STOP_WORDS`); one-character tokens are kept;
 * - vectors: raw term counts × idf, idf = ln(n / df) + 1 with the article's `n` sentences as documents
 *   (scikit-learn's `smooth_idf=False`), L2-normalised;
 * - graph: cosine similarity between sentences, no self-loops; a sentence without tokens has no edges;
 * - PageRank (damping 0.85) by `pageRank`;
 * - the top `k` sentences, ties broken by article position, returned in descending score order (not article
 *   order). Order matters for ROUGE-2 too, because the scorer joins the sentences and counts bigrams across them.
 * Stop-word removal is what closes most of the gap to the reference (without it: 30.5 / 13.5 / 27.5 on cnndm-dev);
 * the idf formula, the missing self-loops and the output order are the neighbouring choices that fit best.
 * With `k` or fewer sentences, all are returned in article order.
 */
export function textRank(sentences: readonly string[], k = 3): string[] {
  const n = sentences.length;
  if (n <= k) return [...sentences];
  const toks = sentences.map((s) => tokenize(s, { stem: false }).filter((w) => !ENGLISH_STOP_WORDS.has(w)));
  const df = new Map<string, number>();
  for (const t of toks) for (const w of new Set(t)) df.set(w, (df.get(w) ?? 0) + 1);
  const vecs = toks.map((t) => {
    const tf = new Map<string, number>();
    for (const w of t) tf.set(w, (tf.get(w) ?? 0) + 1);
    const v = new Map<string, number>();
    let norm = 0;
    for (const [w, c] of tf) {
      const x = c * (Math.log(n / (df.get(w) ?? 1)) + 1);
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
  return rank
    .map((score, i) => ({ score, i }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, k)
    .map((x) => sentences[x.i]!);
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
