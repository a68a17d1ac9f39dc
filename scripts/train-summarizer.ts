// Trains the key-point selection on ../shared/eval/bbc-train.jsonl (1,925 BBC articles whose every sentence is
// labelled kept or not by an editor) and writes the one generated configuration the summarizer reads,
// functions/core/summarizer-config.json, with the provenance of every value. CNN/DM data is never used here:
// cnndm-dev and bbc-dev are scored once, by scripts/eval-summaries.ts, as the transfer check.
//
//   node scripts/run-tsx.mjs scripts/train-summarizer.ts             # CV, choose, write the configuration
//   node scripts/run-tsx.mjs scripts/train-summarizer.ts --no-write  # only report
//
// Two model families compete under 5-fold cross-validation over articles (seeded folds):
// - "prior": the position prior plus one strength s for centrality against length (weights 1, s, −0.3·s) and a
//   redundancy weight, s and the redundancy weight from a small grid;
// - "ranker": a logistic sentence ranker over every sentence feature (SENTENCE_FEATURES), fitted to the editors'
//   labels with L2; its standardised weights become `sum:` weights of the same set model, plus the length weight
//   of the grid.
// Each fold chooses its family and setting on the other four folds by mean ROUGE (R1, R2, RLsum F1) of the chosen
// set against the editors' sentences, at the product's point count; the held-out figure is what the chooser
// earns on articles it never saw. The configuration written is the choice on all of bbc-train.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lead3 } from '../functions/core/baselines.js';
import { findFurniture } from '../functions/core/furniture.js';
import { comparable, nearRepeat } from '../functions/core/redundancy.js';
import { type SummaryScores, scoreSummary } from '../functions/core/rouge.js';
import { splitSentences } from '../functions/core/sentences.js';
import {
  candidatePool,
  defaultPointCount,
  type SummarizeInput,
  subsets,
} from '../functions/core/summarize.js';
import { SUMMARIZER_CONFIG, type SummarizerConfig } from '../functions/core/summarizer-config.js';
import {
  SENTENCE_FEATURE_NAMES,
  type SetFeatureName,
  setFeature,
} from '../functions/core/summarizer-features.js';
import type { Sentence, Span } from '../functions/core/types.js';

export const EVAL_DIR = join(import.meta.dirname, '../../shared/eval');
export const CONFIG_PATH = join(import.meta.dirname, '../functions/core/summarizer-config.json');
/** The cross-validation report that scripts/eval-summaries.ts puts into docs/eval.md. */
export const CV_REPORT_PATH = join(import.meta.dirname, '../docs/summarizer-cv.json');
export const TRAIN_FILE = 'bbc-train.jsonl';
export const SEED = 20261202;
export const FOLDS = 5;
const STRENGTHS = [0, 0.5, 1, 1.5, 2, 2.5, 3];
const REDUNDANCIES = [0, -0.3];
const RANKER_LENGTHS = [0, -0.5, -1];
const RANKER_L2 = 0.001;
const RANKER_ITERATIONS = 300;

export interface EvalItem {
  id: string;
  article: string;
  reference: string[];
  title: string | null;
}

export function loadItems(file: string): EvalItem[] {
  return readFileSync(join(EVAL_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const r = JSON.parse(l) as { id: string; article?: string; text?: string; reference: string[] };
      // titles are left out: the CNN/DM articles the product is judged on come without one
      return { id: r.id, article: r.article ?? r.text ?? '', reference: r.reference, title: null };
    });
}

const overlap = (a: Span, b: Span) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** The summarizer's input as the story pipeline builds it for text without paragraphs (functions/core/story.ts). */
export function summarizeInputOf(item: EvalItem): SummarizeInput {
  const source = item.article;
  const furniture = findFurniture(source);
  const sentences: Sentence[] = splitSentences(source).filter(
    (s) => furniture.reduce((sum, f) => sum + overlap(s, f), 0) < (s.end - s.start) / 2,
  );
  return { source, title: item.title, sentences, exclude: furniture };
}

export function meanScores(xs: readonly SummaryScores[]): SummaryScores {
  const n = Math.max(1, xs.length);
  return {
    rouge1: xs.reduce((s, x) => s + x.rouge1, 0) / n,
    rouge2: xs.reduce((s, x) => s + x.rouge2, 0) / n,
    rougeLsum: xs.reduce((s, x) => s + x.rougeLsum, 0) / n,
  };
}
const gain = (s: SummaryScores) => (s.rouge1 + s.rouge2 + s.rougeLsum) / 3;
const ZERO: SummaryScores = { rouge1: 0, rouge2: 0, rougeLsum: 0 };

/** One article, prepared once: its allowed candidate sets with their set features and ROUGE, and its sentences' features and labels. */
interface Prepared {
  /** Set features used by the families, per allowed set. */
  sets: { features: Record<string, number>; scores: SummaryScores }[];
  /** Per candidate sentence: every sentence feature (for the ranker's sums) ... */
  setMembers: number[][];
  candidateFeatures: number[][];
  /** ... and, per eligible sentence, every sentence feature and the editor's label. */
  sentenceFeatures: number[][];
  labels: number[];
  lead3: SummaryScores;
}

const squish = (s: string) => s.replace(/\s+/gu, ' ').trim();
const FIXED_SET_FEATURES: SetFeatureName[] = ['sum:invPos', 'sum:centrality', 'tokens', 'maxPairSim'];

function prepare(item: EvalItem): Prepared {
  const input = summarizeInputOf(item);
  const pool = candidatePool(input, SUMMARIZER_CONFIG);
  const { candidates, features } = pool;
  const refs = new Set(item.reference.map(squish));
  const labels: number[] = [];
  const sentenceFeatures: number[][] = [];
  for (let i = 0; i < features.n; i++) {
    const s = features.sentences[i] as { text: string; sentence?: Sentence };
    labels.push(refs.has(squish(s.sentence?.text ?? s.text)) || refs.has(squish(s.text)) ? 1 : 0);
    sentenceFeatures.push(SENTENCE_FEATURE_NAMES.map((f) => features.value(f, i)));
  }
  const k = Math.min(defaultPointCount(pool.eligibleCount), candidates.length);
  const texts = candidates.map((c) => comparable(c.text));
  const sets = subsets(candidates.length, k).filter(
    (set) => !set.some((a, x) => set.slice(x + 1).some((b) => nearRepeat(texts[a]!, texts[b]!))),
  );
  return {
    sets: sets.map((set) => {
      const idx = set.map((i) => candidates[i]!.index);
      return {
        features: Object.fromEntries(FIXED_SET_FEATURES.map((f) => [f, setFeature(f, features, idx)])),
        scores: scoreSummary(
          item.reference,
          set.map((i) => candidates[i]!.text),
        ),
      };
    }),
    setMembers: sets,
    candidateFeatures: candidates.map((c) => sentenceFeatures[c.index]!),
    sentenceFeatures,
    labels,
    lead3: scoreSummary(item.reference, lead3(item.article)),
  };
}

type Weights = Partial<Record<SetFeatureName, number>>;

/** The set a weight vector picks (first best on ties, like summarize()). */
function pick(p: Prepared, w: Weights): SummaryScores {
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  p.sets.forEach((set, si) => {
    let s = 0;
    for (const [name, weight] of Object.entries(w) as [SetFeatureName, number][]) {
      if (weight === 0) continue;
      const fixed = set.features[name];
      if (fixed !== undefined) s += weight * fixed;
      else {
        const f = SENTENCE_FEATURE_NAMES.indexOf(name.slice(4) as (typeof SENTENCE_FEATURE_NAMES)[number]);
        for (const m of p.setMembers[si]!) s += weight * p.candidateFeatures[m]![f]!;
      }
    }
    if (s > bestScore) {
      bestScore = s;
      best = si;
    }
  });
  return best < 0 ? ZERO : p.sets[best]!.scores;
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

/** The prior family: position, centrality against length with one strength, redundancy. */
export function priorWeights(s: number, redundancy: number): Weights {
  return { 'sum:invPos': 1, 'sum:centrality': s, tokens: round(-0.3 * s), maxPairSim: redundancy };
}

/** Logistic regression of the editors' labels on standardised sentence features; returned as raw `sum:` weights. */
export function fitRanker(items: readonly Prepared[]): Weights {
  const X = items.flatMap((p) => p.sentenceFeatures);
  const Y = items.flatMap((p) => p.labels);
  const d = SENTENCE_FEATURE_NAMES.length;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const x of X) for (let k = 0; k < d; k++) mean[k] = mean[k]! + x[k]! / X.length;
  for (const x of X) for (let k = 0; k < d; k++) std[k] = std[k]! + (x[k]! - mean[k]!) ** 2 / X.length;
  for (let k = 0; k < d; k++) std[k] = Math.sqrt(std[k]!) || 1;
  const Z = X.map((x) => x.map((v, k) => (v - mean[k]!) / std[k]!));
  const w = new Array<number>(d).fill(0);
  let b = 0;
  for (let it = 0; it < RANKER_ITERATIONS; it++) {
    const g = new Array<number>(d).fill(0);
    let gb = 0;
    Z.forEach((z, j) => {
      let s = b;
      for (let k = 0; k < d; k++) s += w[k]! * z[k]!;
      const e = Y[j]! - 1 / (1 + Math.exp(-s));
      gb += e;
      for (let k = 0; k < d; k++) g[k] = g[k]! + e * z[k]!;
    });
    for (let k = 0; k < d; k++) w[k] = w[k]! + g[k]! / Z.length - RANKER_L2 * w[k]!;
    b += gb / Z.length;
  }
  // a set's summed logit, up to a constant per set size: Σ w_k (x_k − mean_k) / std_k
  return Object.fromEntries(SENTENCE_FEATURE_NAMES.map((f, k) => [`sum:${f}`, round(w[k]! / std[k]!)]));
}

interface Choice {
  family: 'prior' | 'ranker';
  setting: string;
  weights: Weights;
}

type Family = Choice['family'];

function choices(train: readonly Prepared[], family: Family): Choice[] {
  const out: Choice[] = [];
  if (family === 'prior')
    for (const s of STRENGTHS)
      for (const r of REDUNDANCIES)
        out.push({ family, setting: `s=${s}, redundancy=${r}`, weights: priorWeights(s, r) });
  else {
    const ranker = fitRanker(train);
    for (const l of RANKER_LENGTHS)
      out.push({ family, setting: `length=${l}`, weights: { ...ranker, tokens: l } });
  }
  return out;
}

function best(train: readonly Prepared[], family: Family): { choice: Choice; score: number } {
  let top: { choice: Choice; score: number } | null = null;
  for (const c of choices(train, family)) {
    const score = gain(meanScores(train.map((p) => pick(p, c.weights))));
    if (top === null || score > top.score) top = { choice: c, score };
  }
  return top!;
}

/** A seeded Fisher–Yates shuffle (mulberry32), so the folds are reproducible. */
function shuffled<T>(items: readonly T[], seed = SEED): T[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Area under the ROC curve of the ranker's sentence scores against the labels. */
function auc(items: readonly Prepared[], w: Weights): number {
  const scored = items
    .flatMap((p) =>
      p.sentenceFeatures.map(
        (x, i) =>
          [
            SENTENCE_FEATURE_NAMES.reduce((s, f, k) => s + (w[`sum:${f}`] ?? 0) * x[k]!, 0),
            p.labels[i]!,
          ] as const,
      ),
    )
    .sort((a, b) => a[0] - b[0]);
  let rank = 0;
  let pos = 0;
  scored.forEach(([, y], j) => {
    if (y) {
      rank += j + 1;
      pos++;
    }
  });
  const neg = scored.length - pos;
  return (rank - (pos * (pos + 1)) / 2) / Math.max(1, pos * neg);
}

/** The held-out result of choosing within one family. */
export interface FamilyCv {
  heldOut: SummaryScores;
  chosenPerFold: string[];
  chosenOnAll: string;
  weights: Weights;
}

export interface CvReport {
  trainFile: string;
  seed: number;
  folds: number;
  articles: number;
  labelledSentences: number;
  keptSentences: number;
  lead3: SummaryScores;
  /** The shipped family. */
  prior: FamilyCv;
  /** The learned ranker: measured and reported, not shipped (see docs/summarizer.md). */
  ranker: FamilyCv;
  rankerAuc: number[];
}

/**
 * The family the configuration ships. Both are cross-validated on bbc-train; BBC's editors keep 40% of an
 * article, so the ranker learns what a long extract keeps, and on CNN/DM highlights (scored once, on
 * cnndm-dev) it falls 1.5 ROUGE below Lead-3 while the prior family stays above it. That one transfer check
 * decided the family; the settings inside it are chosen on bbc-train only.
 */
export const SHIPPED_FAMILY: Family = 'prior';

function familyCv(
  prepared: readonly Prepared[],
  foldOf: ReadonlyMap<number, number>,
  family: Family,
): FamilyCv {
  const heldOut: SummaryScores[] = [];
  const chosenPerFold: string[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const trainSet = prepared.filter((_, i) => foldOf.get(i) !== f);
    const testSet = prepared.filter((_, i) => foldOf.get(i) === f);
    const { choice } = best(trainSet, family);
    chosenPerFold.push(choice.setting);
    for (const p of testSet) heldOut.push(pick(p, choice.weights));
  }
  const { choice } = best(prepared, family);
  const weights = Object.fromEntries(Object.entries(choice.weights).filter(([, w]) => w !== 0)) as Weights;
  return { heldOut: meanScores(heldOut), chosenPerFold, chosenOnAll: choice.setting, weights };
}

const pct = (s: SummaryScores) =>
  `R1 ${(100 * s.rouge1).toFixed(2)} / R2 ${(100 * s.rouge2).toFixed(2)} / RLsum ${(100 * s.rougeLsum).toFixed(2)}`;

export function train(): { config: SummarizerConfig; report: CvReport } {
  const items = loadItems(TRAIN_FILE);
  const prepared = items.map(prepare);
  const order = shuffled(prepared.map((_, i) => i));
  const foldOf = new Map(order.map((item, pos) => [item, pos % FOLDS]));
  const rankerAuc: number[] = [];
  for (let f = 0; f < FOLDS; f++)
    rankerAuc.push(
      round(
        auc(
          prepared.filter((_, i) => foldOf.get(i) === f),
          fitRanker(prepared.filter((_, i) => foldOf.get(i) !== f)),
        ),
      ),
    );
  const report: CvReport = {
    trainFile: TRAIN_FILE,
    seed: SEED,
    folds: FOLDS,
    articles: items.length,
    labelledSentences: prepared.reduce((s, p) => s + p.labels.length, 0),
    keptSentences: prepared.reduce((s, p) => s + p.labels.reduce((a, b) => a + b, 0), 0),
    lead3: meanScores(prepared.map((p) => p.lead3)),
    prior: familyCv(prepared, foldOf, 'prior'),
    ranker: familyCv(prepared, foldOf, 'ranker'),
    rankerAuc,
  };
  const shipped = report[SHIPPED_FAMILY];
  const config: SummarizerConfig = {
    provenance: {
      generatedBy: 'node scripts/run-tsx.mjs scripts/train-summarizer.ts',
      data: `../shared/eval/${TRAIN_FILE} (${items.length} articles; CNN/DM data is never read here)`,
      selection: `${FOLDS}-fold CV over articles, seed ${SEED}, mean ROUGE-1/2/Lsum F1 of the chosen set against the editors' sentences`,
      family: `${SHIPPED_FAMILY} (position + centrality against length + redundancy); the learned ranker is cross-validated beside it and not shipped, see docs/summarizer.md`,
      chosen: shipped.chosenOnAll,
      heldOut: `${pct(shipped.heldOut)} (Lead-3 ${pct(report.lead3)})`,
      fixed:
        'window 6, central 0, fourPointsFrom 60, skipOwnVoice, trim dashes+attribution: chosen earlier by CV on cnndm-dev and kept fixed here (not re-tuned)',
    },
    weights: shipped.weights,
    window: SUMMARIZER_CONFIG.window,
    central: SUMMARIZER_CONFIG.central,
    fourPointsFrom: SUMMARIZER_CONFIG.fourPointsFrom,
    skipOwnVoice: SUMMARIZER_CONFIG.skipOwnVoice,
    trim: SUMMARIZER_CONFIG.trim,
  };
  return { config, report };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { config, report } = train();
  console.log(
    `${report.articles} articles, ${report.labelledSentences} labelled sentences (${report.keptSentences} kept)`,
  );
  console.log(`Lead-3: ${pct(report.lead3)}`);
  for (const family of ['prior', 'ranker'] as const) {
    const r = report[family];
    console.log(
      `${family}: held out ${pct(r.heldOut)}; per fold ${r.chosenPerFold.join(' | ')}; on all ${r.chosenOnAll}`,
    );
  }
  console.log(`ranker AUC per fold: ${report.rankerAuc.join(' ')}`);
  console.log(`shipped: ${JSON.stringify(config.weights)}`);
  if (!process.argv.includes('--no-write')) {
    writeFileSync(CONFIG_PATH, `${JSON.stringify(config, null, 2)}\n`);
    writeFileSync(CV_REPORT_PATH, `${JSON.stringify(report, null, 2)}\n`);
  }
}
