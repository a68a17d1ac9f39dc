// Trains the key-point model (functions/core/summarizer-model.json) on ../shared/eval and reports
// K-fold cross-validated ROUGE on cnndm-dev: each fold is scored by a model trained without it.
//
//   node scripts/run-tsx.mjs scripts/train-summarizer.ts            # train, cross-validate, write the model
//   node scripts/run-tsx.mjs scripts/train-summarizer.ts --no-write # only report
//
// The model is a ridge regression from standardised sentence features (FEATURE_NAMES in
// functions/core/summarize.ts) to each sentence's own ROUGE against the reference highlights
// (mean of ROUGE-1 and ROUGE-2 F1). Deterministic: the fold split uses a fixed-seed shuffle.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lead3 } from '../functions/core/baselines.js';
import { findFurniture } from '../functions/core/furniture.js';
import { type SummaryScores, scoreSummary } from '../functions/core/rouge.js';
import { splitSentences } from '../functions/core/sentences.js';
import {
  candidatesOf,
  defaultPointCount,
  prepareSentences,
  SET_FEATURE_NAMES,
  type SummarizeInput,
  type SummarizerModel,
  setFeatures,
  subsets,
  summarize,
} from '../functions/core/summarize.js';
import type { Sentence, Span } from '../functions/core/types.js';

export const EVAL_DIR = join(import.meta.dirname, '../../shared/eval');
export const MODEL_PATH = join(import.meta.dirname, '../functions/core/summarizer-model.json');
export const SEED = 20261127;
export const FOLDS = 5;
/** Ridge penalty: fixed by hand, not searched on dev. */
export const RIDGE = 1;
/** BBC sentences count this much relative to CNN/DM ones (different style, extractive references). */
export const BBC_WEIGHT = 0;

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
      const r = JSON.parse(l) as {
        id: string;
        article?: string;
        text?: string;
        reference: string[];
        title?: string;
      };
      return { id: r.id, article: r.article ?? r.text ?? '', reference: r.reference, title: r.title ?? null };
    });
}

function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/** The summarizer's input exactly as the story pipeline builds it (functions/core/story.ts). */
export function summarizeInputOf(item: EvalItem): SummarizeInput {
  const source = item.article;
  const furniture = findFurniture(source);
  const sentences: Sentence[] = splitSentences(source).filter((s) => {
    const covered = furniture.reduce((sum, f) => sum + overlap(s, f), 0);
    return covered < (s.end - s.start) / 2;
  });
  return { source, title: item.title, sentences, exclude: furniture };
}

interface Row {
  x: number[];
  y: number;
  w: number;
}

/** Candidate window of the model (how many leading sentences, how many central ones). */
export const LEAD = 7;
export const CENTRAL = 2;

const windowModel = (): SummarizerModel => ({
  features: [...SET_FEATURE_NAMES],
  weights: [],
  mean: [],
  std: [],
  lead: LEAD,
  central: CENTRAL,
});

/**
 * One row per candidate set of the size the summarizer would return: the set's features and its
 * ROUGE (mean of R1, R2 and RLsum F1) against the reference, centred per article. Every article
 * weighs the same.
 */
export function rowsOf(item: EvalItem, weight = 1): Row[] {
  const input = summarizeInputOf(item);
  const cands = candidatesOf(input, windowModel());
  if (cands.length === 0) return [];
  const eligibleCount = prepareSentences(input).filter((s) => s.eligible).length;
  const k = Math.min(defaultPointCount(eligibleCount), cands.length);
  const sets = subsets(cands.length, k);
  const xs = sets.map((set) => setFeatures(set.map((i) => cands[i]!)));
  const ys = sets.map((set) => {
    const s = scoreSummary(
      item.reference,
      set.map((i) => cands[i]!.text),
    );
    return (s.rouge1 + s.rouge2 + s.rougeLsum) / 3;
  });
  const ym = ys.reduce((x, y) => x + y, 0) / ys.length;
  return xs.map((x, i) => ({ x, y: ys[i]! - ym, w: weight / sets.length }));
}

/** Solves A x = b by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const piv = m[c]![c]!;
    if (Math.abs(piv) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / piv;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) m[r]![k] = m[r]![k]! - f * m[c]![k]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

/** Weighted ridge regression on standardised features (the intercept is irrelevant for ranking). */
export function fitModel(rows: readonly Row[], ridge = RIDGE): SummarizerModel {
  const d = SET_FEATURE_NAMES.length;
  const wsum = rows.reduce((s, r) => s + r.w, 0);
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const r of rows) for (let k = 0; k < d; k++) mean[k] = mean[k]! + (r.w * r.x[k]!) / wsum;
  for (const r of rows)
    for (let k = 0; k < d; k++) std[k] = std[k]! + (r.w * (r.x[k]! - mean[k]!) ** 2) / wsum;
  for (let k = 0; k < d; k++) std[k] = Math.sqrt(std[k]!) || 1;
  const ymean = rows.reduce((s, r) => s + r.w * r.y, 0) / wsum;
  const a = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const b = new Array<number>(d).fill(0);
  for (const r of rows) {
    const z = r.x.map((v, k) => (v - mean[k]!) / std[k]!);
    for (let i = 0; i < d; i++) {
      b[i] = b[i]! + r.w * z[i]! * (r.y - ymean);
      for (let j = 0; j < d; j++) a[i]![j] = a[i]![j]! + r.w * z[i]! * z[j]!;
    }
  }
  for (let i = 0; i < d; i++) a[i]![i] = a[i]![i]! + ridge;
  const weights = solve(a, b);
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return { ...windowModel(), weights: weights.map(round), mean: mean.map(round), std: std.map(round) };
}

/** A seeded Fisher–Yates shuffle (mulberry32), so the folds are reproducible. */
export function shuffled<T>(items: readonly T[], seed = SEED): T[] {
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

export interface CvResult {
  folds: number;
  seed: number;
  /** Per-article scores of the held-out predictions, in the order of `items`. */
  ours: SummaryScores[];
  lead3: SummaryScores[];
  mean: SummaryScores;
  lead3Mean: SummaryScores;
}

export function meanScores(xs: readonly SummaryScores[]): SummaryScores {
  const n = Math.max(1, xs.length);
  return {
    rouge1: xs.reduce((s, x) => s + x.rouge1, 0) / n,
    rouge2: xs.reduce((s, x) => s + x.rouge2, 0) / n,
    rougeLsum: xs.reduce((s, x) => s + x.rougeLsum, 0) / n,
  };
}

/** K-fold cross-validation on `items`; `extra` rows (e.g. BBC) join every training fold. */
export function crossValidate(
  items: readonly EvalItem[],
  extraRows: readonly Row[] = [],
  folds = FOLDS,
  options: { ridge?: number; fixed?: SummarizerModel } = {},
): CvResult {
  const order = shuffled(
    items.map((_, i) => i),
    SEED,
  );
  const foldOf = new Array<number>(items.length);
  order.forEach((idx, k) => {
    foldOf[idx] = k % folds;
  });
  const rowsByItem = options.fixed ? items.map(() => []) : items.map((it) => rowsOf(it));
  const ours: SummaryScores[] = new Array(items.length);
  for (let f = 0; f < folds; f++) {
    const train = [...extraRows];
    items.forEach((_, i) => {
      if (foldOf[i] !== f) train.push(...rowsByItem[i]!);
    });
    const model = options.fixed ?? fitModel(train, options.ridge ?? RIDGE);
    items.forEach((it, i) => {
      if (foldOf[i] !== f) return;
      const points = summarize(summarizeInputOf(it), {}, model);
      ours[i] = scoreSummary(
        it.reference,
        points.map((p) => p.text),
      );
    });
  }
  const lead = items.map((it) => scoreSummary(it.reference, lead3(it.article)));
  return { folds, seed: SEED, ours, lead3: lead, mean: meanScores(ours), lead3Mean: meanScores(lead) };
}

export function trainingRows(): { cnndm: EvalItem[]; extra: Row[]; all: Row[] } {
  const cnndm = loadItems('cnndm-dev.jsonl');
  const extra = BBC_WEIGHT > 0 ? loadItems('bbc-dev.jsonl').flatMap((it) => rowsOf(it, BBC_WEIGHT)) : [];
  const all = [...extra, ...cnndm.flatMap((it) => rowsOf(it))];
  return { cnndm, extra, all };
}

const pct = (v: number) => (100 * v).toFixed(2);

/** The position prior: the first sentences after cleaning, which is what the learned model must beat. */
export function priorModel(): SummarizerModel {
  const features = [...SET_FEATURE_NAMES];
  return {
    ...windowModel(),
    weights: features.map((f) => (f === 'sum:invPos' ? 1 : 0)),
    mean: features.map(() => 0),
    std: features.map(() => 1),
  };
}

const avg3 = (s: SummaryScores) => (s.rouge1 + s.rouge2 + s.rougeLsum) / 3;
const line = (name: string, s: SummaryScores) =>
  `${name.padEnd(28)} ${pct(s.rouge1)} / ${pct(s.rouge2)} / ${pct(s.rougeLsum)}`;

export interface TrainReport {
  learned: CvResult;
  prior: CvResult;
  chosen: 'learned' | 'prior';
  model: SummarizerModel;
}

/**
 * Cross-validates the learned set model against the position prior on cnndm-dev and keeps the
 * one with the better cross-validated mean of R1/R2/RLsum; the learned one is refitted on all data.
 */
export function train(): TrainReport {
  const { cnndm, extra, all } = trainingRows();
  const learned = crossValidate(cnndm, extra);
  const prior = crossValidate(cnndm, [], FOLDS, { fixed: priorModel() });
  const chosen = avg3(learned.mean) > avg3(prior.mean) ? 'learned' : 'prior';
  const model = chosen === 'learned' ? fitModel(all) : priorModel();
  return { learned, prior, chosen, model };
}

async function main(): Promise<void> {
  const write = !process.argv.includes('--no-write');
  const r = train();
  const out = [
    `${FOLDS}-fold cross-validation on cnndm-dev (seed ${SEED}), ROUGE-1 / ROUGE-2 / ROUGE-Lsum F1:`,
    line('learned set model (CV)', r.learned.mean),
    line('position prior', r.prior.mean),
    line('Lead-3 (plain splitter)', r.learned.lead3Mean),
    `chosen: ${r.chosen}`,
    `weights: ${r.model.features.map((f, i) => `${f}=${r.model.weights[i]!.toFixed(4)}`).join(' ')}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  if (write) {
    writeFileSync(MODEL_PATH, `${JSON.stringify(r.model)}\n`);
    process.stdout.write(`wrote ${MODEL_PATH}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
