/**
 * The summarizer's features as named tables. A set of candidate key points is scored by a linear model
 * over set features (`SET_FEATURES`); a `sum:<name>` set feature sums a sentence feature
 * (`SENTENCE_FEATURES`) over the set. Everything is computed lazily and cached per article, so a feature
 * whose weight in the generated configuration is zero is never computed at all.
 */
import { tokenize } from './rouge.js';

/** What the features see of one eligible sentence. */
export interface FeatureSentence {
  /** Cleaned text. */
  text: string;
  /** ROUGE tokens of the text. */
  tokens: string[];
}

interface Vec {
  v: Map<string, number>;
  norm: number;
}

function vecOf(tokens: readonly string[], idf: (w: string) => number): Vec {
  const v = new Map<string, number>();
  for (const w of tokens) v.set(w, (v.get(w) ?? 0) + 1);
  let norm = 0;
  for (const [w, c] of v) {
    const x = c * idf(w);
    v.set(w, x);
    norm += x * x;
  }
  return { v, norm: Math.sqrt(norm) };
}

function cosine(a: Vec, b: Vec): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, big] = a.v.size <= b.v.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [w, x] of small.v) {
    const y = big.v.get(w);
    if (y !== undefined) dot += x * y;
  }
  return dot / (a.norm * b.norm);
}

const CAPITALISED_RE = /(?<![.!?]\s|^)\b[A-Z][\p{L}'’-]+/gu;
const NUMBER_RE = /\d/u;
const QUOTE_RE = /["“”]|(?:^|\s)[‘'](?=\p{L})/u;
const STARTS_QUOTE_RE = /^["“‘']/u;
const PRONOUN_SUBJECT_RE = /^(?:["“‘']\s*)?(?:He|She)\s+(?=\p{Ll})/u;
const QUESTION_RE = /\?["”’']?$/u;
const NOT_NAMES = new Set(
  'The A An In On At But And He She They It This That Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(
    ' ',
  ),
);

function entitiesOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(CAPITALISED_RE)) if (!NOT_NAMES.has(m[0])) out.add(m[0].toLowerCase());
  return out;
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value as T;
  };
}

/** Per-article state the features share, each part built on first use. */
export class FeatureContext {
  readonly n: number;
  private readonly cache = new Map<string, number[]>();
  private readonly trigramCache: (Set<string> | undefined)[] = [];

  constructor(
    readonly sentences: readonly FeatureSentence[],
    readonly title: string | null,
  ) {
    this.n = sentences.length;
  }

  /**
   * Each word's count in the article and number of sentences holding it, in order of first use: one pass
   * over the tokens gives both the inverse sentence frequency and the article's vector.
   */
  private readonly counts = lazy(() => {
    const counts = new Map<string, { tf: number; df: number; last: number }>();
    this.sentences.forEach((s, i) => {
      for (const w of s.tokens) {
        const c = counts.get(w);
        if (c === undefined) counts.set(w, { tf: 1, df: 1, last: i });
        else {
          c.tf++;
          if (c.last !== i) {
            c.df++;
            c.last = i;
          }
        }
      }
    });
    return counts;
  });
  /** Inverse sentence frequency over the article's eligible sentences. */
  readonly idf = lazy(() => {
    const counts = this.counts();
    const n = this.n;
    return (w: string) => Math.log((n + 1) / ((counts.get(w)?.df ?? 0) + 0.5));
  });
  private readonly vecCache: (Vec | undefined)[] = [];
  /** The tf-isf vector of sentence i (built on first use: most articles need a handful). */
  vec(i: number): Vec {
    let v = this.vecCache[i];
    if (!v) {
      v = vecOf(this.sentences[i]!.tokens, this.idf());
      this.vecCache[i] = v;
    }
    return v;
  }
  /** The article's tf-isf vector: the same as `vecOf` over all its tokens, from the counts. */
  readonly docVec = lazy((): Vec => {
    const idf = this.idf();
    const v = new Map<string, number>();
    let norm = 0;
    for (const [w, c] of this.counts()) {
      const x = c.tf * idf(w);
      v.set(w, x);
      norm += x * x;
    }
    return { v, norm: Math.sqrt(norm) };
  });
  readonly titleVec = lazy(() => (this.title ? vecOf(tokenize(this.title), this.idf()) : null));
  readonly entities = lazy(() => this.sentences.map((s) => entitiesOf(s.text)));
  readonly leadEntities = lazy(
    () =>
      new Set(
        this.entities()
          .slice(0, 3)
          .flatMap((e) => [...e]),
      ),
  );
  readonly entityDf = lazy(() => {
    const df = new Map<string, number>();
    for (const e of this.entities()) for (const x of e) df.set(x, (df.get(x) ?? 0) + 1);
    return df;
  });

  /** The value of a sentence feature for sentence i (cached). */
  value(name: SentenceFeatureName, i: number): number {
    let column = this.cache.get(name);
    if (!column) {
      column = [];
      this.cache.set(name, column);
    }
    let v = column[i];
    if (v === undefined) {
      v = SENTENCE_FEATURES[name](this, i);
      column[i] = v;
    }
    return v;
  }

  similarity(a: number, b: number): number {
    return cosine(this.vec(a), this.vec(b));
  }

  trigrams(i: number): Set<string> {
    let t = this.trigramCache[i];
    if (!t) {
      const tokens = this.sentences[i]!.tokens;
      t = new Set<string>();
      for (let k = 0; k + 3 <= tokens.length; k++) t.add(`${tokens[k]} ${tokens[k + 1]} ${tokens[k + 2]}`);
      this.trigramCache[i] = t;
    }
    return t;
  }
}

const relPos = (c: FeatureContext, i: number) => (c.n > 1 ? i / (c.n - 1) : 0);
const len = (c: FeatureContext, i: number) => c.sentences[i]!.tokens.length;

/** Sentence features by name (i: the index among the article's eligible sentences). */
export const SENTENCE_FEATURES = {
  first: (_c: FeatureContext, i: number) => (i === 0 ? 1 : 0),
  second: (_c: FeatureContext, i: number) => (i === 1 ? 1 : 0),
  third: (_c: FeatureContext, i: number) => (i === 2 ? 1 : 0),
  /** The position prior that makes Lead-3 strong. */
  invPos: (_c: FeatureContext, i: number) => 1 / (i + 1),
  relPos,
  logLen: (c: FeatureContext, i: number) => Math.log1p(len(c, i)),
  short: (c: FeatureContext, i: number) => (len(c, i) < 10 ? 1 : 0),
  long: (c: FeatureContext, i: number) => (len(c, i) > 40 ? 1 : 0),
  /** tf-isf cosine of the sentence to the whole article. */
  centrality: (c: FeatureContext, i: number) => cosine(c.vec(i), c.docVec()),
  leadSim: (c: FeatureContext, i: number) => (i === 0 ? 1 : c.similarity(i, 0)),
  titleSim: (c: FeatureContext, i: number) => {
    const t = c.titleVec();
    return t ? cosine(c.vec(i), t) : 0;
  },
  entityLead: (c: FeatureContext, i: number) => {
    const ents = c.entities()[i]!;
    if (ents.size === 0) return 0;
    const lead = c.leadEntities();
    let inLead = 0;
    for (const x of ents) if (lead.has(x)) inLead++;
    return inLead / ents.size;
  },
  entityCount: (c: FeatureContext, i: number) => Math.log1p(c.entities()[i]!.size),
  entityDoc: (c: FeatureContext, i: number) => {
    const ents = c.entities()[i]!;
    if (ents.size === 0) return 0;
    const df = c.entityDf();
    let mentions = 0;
    for (const x of ents) mentions += (df.get(x) ?? 1) - 1;
    return Math.log1p(mentions / ents.size);
  },
  hasQuote: (c: FeatureContext, i: number) => (QUOTE_RE.test(c.sentences[i]!.text) ? 1 : 0),
  startsQuote: (c: FeatureContext, i: number) => (STARTS_QUOTE_RE.test(c.sentences[i]!.text) ? 1 : 0),
  hasNumber: (c: FeatureContext, i: number) => (NUMBER_RE.test(c.sentences[i]!.text) ? 1 : 0),
  pronounStart: (c: FeatureContext, i: number) => (PRONOUN_SUBJECT_RE.test(c.sentences[i]!.text) ? 1 : 0),
  question: (c: FeatureContext, i: number) => (QUESTION_RE.test(c.sentences[i]!.text) ? 1 : 0),
  firstTimesShortDoc: (c: FeatureContext, i: number) => (i === 0 && c.n <= 12 ? 1 : 0),
  relPosTimesLongDoc: (c: FeatureContext, i: number) =>
    relPos(c, i) * Math.min(1, Math.log1p(c.n) / Math.log(100)),
} satisfies Record<string, (c: FeatureContext, i: number) => number>;

export type SentenceFeatureName = keyof typeof SENTENCE_FEATURES;
export const SENTENCE_FEATURE_NAMES = Object.keys(SENTENCE_FEATURES) as SentenceFeatureName[];

function pairs(set: readonly number[], f: (a: number, b: number) => number): number[] {
  const out: number[] = [];
  for (let x = 0; x < set.length; x++) for (let y = x + 1; y < set.length; y++) out.push(f(set[x]!, set[y]!));
  return out;
}

/** Set features other than the sums of sentence features. */
export const PAIR_AND_LENGTH_FEATURES = {
  /** The set's ROUGE tokens / 50: highlights are ~49 tokens, three lead sentences ~80. */
  tokens: (c: FeatureContext, set: readonly number[]) => set.reduce((s, i) => s + len(c, i), 0) / 50,
  tokensSquared: (c: FeatureContext, set: readonly number[]) => {
    const t = set.reduce((s, i) => s + len(c, i), 0) / 50;
    return t * t;
  },
  /** The largest tf-isf cosine between two sentences of the set. */
  maxPairSim: (c: FeatureContext, set: readonly number[]) =>
    Math.max(0, ...pairs(set, (a, b) => c.similarity(a, b))),
  meanPairSim: (c: FeatureContext, set: readonly number[]) => {
    const sims = pairs(set, (a, b) => c.similarity(a, b));
    return sims.length ? sims.reduce((s, v) => s + v, 0) / sims.length : 0;
  },
  sharedTrigram: (c: FeatureContext, set: readonly number[]) =>
    pairs(set, (a, b) => {
      const ta = c.trigrams(a);
      for (const t of c.trigrams(b)) if (ta.has(t)) return 1;
      return 0;
    }).some((v) => v === 1)
      ? 1
      : 0,
} satisfies Record<string, (c: FeatureContext, set: readonly number[]) => number>;

export type SetFeatureName = `sum:${SentenceFeatureName}` | keyof typeof PAIR_AND_LENGTH_FEATURES;
export const SET_FEATURE_NAMES: SetFeatureName[] = [
  ...SENTENCE_FEATURE_NAMES.map((n) => `sum:${n}` as const),
  ...(Object.keys(PAIR_AND_LENGTH_FEATURES) as (keyof typeof PAIR_AND_LENGTH_FEATURES)[]),
];

/** A set feature's value for a set of sentence indices. */
export function setFeature(name: SetFeatureName, c: FeatureContext, set: readonly number[]): number {
  if (name.startsWith('sum:')) {
    const f = name.slice(4) as SentenceFeatureName;
    return set.reduce((s, i) => s + c.value(f, i), 0);
  }
  return PAIR_AND_LENGTH_FEATURES[name as keyof typeof PAIR_AND_LENGTH_FEATURES](c, set);
}

/**
 * Scores sets with the non-zero weights only: the summed sentence features are folded into one number
 * per sentence first, so a set costs one addition per sentence plus its pair features.
 */
export function setScorer(
  c: FeatureContext,
  weights: Readonly<Partial<Record<SetFeatureName, number>>>,
): (set: readonly number[]) => number {
  const active = (Object.entries(weights) as [SetFeatureName, number][]).filter(([, w]) => w !== 0);
  const sums = active.filter(([n]) => n.startsWith('sum:'));
  const others = active.filter(([n]) => !n.startsWith('sum:'));
  const perSentence: number[] = [];
  const sentenceTerm = (i: number) => {
    let v = perSentence[i];
    if (v === undefined) {
      v = 0;
      for (const [n, w] of sums) v += w * c.value(n.slice(4) as SentenceFeatureName, i);
      perSentence[i] = v;
    }
    return v;
  };
  return (set) => {
    let s = 0;
    for (const i of set) s += sentenceTerm(i);
    for (const [n, w] of others)
      s += w * PAIR_AND_LENGTH_FEATURES[n as keyof typeof PAIR_AND_LENGTH_FEATURES](c, set);
    return s;
  };
}
