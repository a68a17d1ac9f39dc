// Trains the keep/drop model of the quote finder: a logistic regression over the candidate features
// (functions/core/quotes/features.ts), on ../shared/eval/quotes-polnear-train.jsonl only. A candidate
// is positive when it covers a gold direct quote (overlap ≥ 0.3 of the gold), neutral (left out)
// when at least half of it lies in a mixed gold quote, negative otherwise. The threshold maximises
// F1 on train, averaged over its neighbourhood (`bestThreshold`). Writes functions/core/quotes/keep-model.gen.ts.
//   node scripts/run-tsx.mjs scripts/train-quote-model.ts [path/to/train.jsonl]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_NAMES, score } from '../functions/core/quotes/features.js';
import { findQuoteCandidates } from '../functions/core/quotes/index.js';
import { fitLogistic } from './logistic.js';
import { type GoldQuote, scoreSet } from './quote-scorer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const NEWTON_STEPS = 12;
// The regularisation strength was chosen by 5-fold cross-validation over train articles (out-of-fold
// scores, one threshold over them), never by dev, and is fixed (`L2`); each run prints the grid's figures.
const FOLDS = 5;
const LAMBDAS = [1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5];
/**
 * The L2 strength the model is fitted with: the cross-validated choice of the grid when it was last made
 * (2026-12-04), fixed since. The cross-validated F1 is flat from 0.001 to 0.00003 (within a thousandth; each
 * is still printed), and the best single strength, chosen anew on each run, moved between them when a few
 * train passages changed: with it the threshold (0.57 to 0.68) and about 2% of the quotations kept, on every
 * set. A rule for the plateau instead (the strongest within 0.001 of the best) chose 0.001, which read PolNeAR
 * dev's direct F1 at 0.3 as 96.9 (97.2 before); within 0.0005 it sat on the boundary, choosing 0.0003 or
 * 0.0001 by the fourth decimal.
 */
const L2 = 1e-4;
/** Threshold steps (of 0.01) each side of a threshold whose F1 is averaged with its own (`bestThreshold`). */
const SMOOTHING = 3;

interface Article {
  source: string;
  gold: GoldQuote[];
  cands: ReturnType<typeof findQuoteCandidates>;
}

/** The labelled samples of a PolNeAR file: each candidate's features, label and article. */
interface Samples {
  X: number[][];
  y: number[];
  /** The article of each sample, for the cross-validation folds. */
  articleOf: number[];
  articles: Article[];
  goldDirect: number;
  goldCovered: number;
}

function loadSamples(path: string): Samples {
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { text: string; quotes: GoldQuote[] });
  const s: Samples = { X: [], y: [], articleOf: [], articles: [], goldDirect: 0, goldCovered: 0 };
  for (const [ai, r] of rows.entries()) {
    const cands = findQuoteCandidates(r.text);
    s.articles.push({ source: r.text, gold: r.quotes, cands });
    const direct = r.quotes.filter((g) => g.kind === 'direct');
    const mixed = r.quotes.filter((g) => g.kind === 'mixed');
    s.goldDirect += direct.length;
    const covered = new Set<number>();
    for (const c of cands) {
      const q = c.quote;
      const hit = direct.findIndex(
        (g) => Math.min(q.end, g.end) - Math.max(q.start, g.start) >= 0.3 * (g.end - g.start),
      );
      if (hit >= 0) covered.add(hit);
      const inMixed = mixed.some(
        (g) => 2 * (Math.min(q.end, g.end) - Math.max(q.start, g.start)) >= q.end - q.start,
      );
      if (hit < 0 && inMixed) continue;
      s.X.push(c.features);
      s.y.push(hit >= 0 ? 1 : 0);
      s.articleOf.push(ai);
    }
    s.goldCovered += covered.size;
  }
  return s;
}

/** L2-regularised logistic regression (scripts/logistic.ts) on the samples `use` selects. */
function fitModel(s: Samples, lambda: number, use: (i: number) => boolean): number[] {
  const idx = s.X.map((_, i) => i).filter(use);
  return fitLogistic(
    idx.map((i) => s.X[i]!),
    idx.map((i) => s.y[i]!),
    lambda,
    NEWTON_STEPS,
  );
}

/**
 * Threshold with the best F1, scored exactly as the evaluation scores it (one-to-one matching at
 * overlap 0.3 on direct quotes, neutral passages inside mixed quotes), so the pieces of one gold
 * quote and the gold quotes no candidate covers count as they will in the evaluation.
 * `prob(article, candidate)` is the model's score.
 *
 * F1 over the threshold is a plateau with small peaks on it: the best single step moved from 0.58 to 0.63
 * when a rule changed six of the 5,200 training passages, and with it the passages kept on every set. So
 * the threshold is the one whose neighbourhood (`SMOOTHING` steps each side) scores best on average, and
 * the F1 reported is the F1 at that threshold.
 */
function bestThreshold(
  articles: readonly Article[],
  prob: (a: number, c: number) => number,
): { t: number; f1: number; p: number; r: number } {
  const grid: { t: number; f1: number; p: number; r: number }[] = [];
  for (let step = 5; step <= 95; step++) {
    const t = step / 100;
    const items = articles.map((a, ai) => ({
      source: a.source,
      gold: a.gold,
      predicted: a.cands.filter((_, ci) => prob(ai, ci) >= t).map((c) => c.quote),
    }));
    const s = scoreSet(items, 0.3, 'direct');
    grid.push({ t, f1: s.f1, p: s.precision, r: s.recall });
  }
  const smoothed = (i: number): number => {
    const near = grid.slice(Math.max(0, i - SMOOTHING), i + SMOOTHING + 1);
    return near.reduce((sum, g) => sum + g.f1, 0) / near.length;
  };
  let best = 0;
  for (let i = 1; i < grid.length; i++) if (smoothed(i) > smoothed(best)) best = i;
  return grid[best]!;
}

/** Out-of-fold F1@0.3 at the best threshold for one L2 strength. */
function crossValidatedF1(s: Samples, lambda: number): number {
  const oof = s.articles.map((a) => new Array<number>(a.cands.length).fill(0));
  for (let f = 0; f < FOLDS; f++) {
    const wf = fitModel(s, lambda, (i) => s.articleOf[i]! % FOLDS !== f);
    s.articles.forEach((a, ai) => {
      if (ai % FOLDS !== f) return;
      a.cands.forEach((c, ci) => {
        oof[ai]![ci] = score(wf, c.features);
      });
    });
  }
  return bestThreshold(s.articles, (ai, ci) => oof[ai]![ci]!).f1;
}

/**
 * The model trained on the PolNeAR file at `path`, as the text of `keep-model.gen.ts`. `log` hears the
 * cross-validated F1 of each L2 strength of the grid; the model is fitted with `L2`.
 */
export function keepModelSource(path: string, log: (line: string) => void = () => {}): string {
  const s = loadSamples(path);
  const cv = LAMBDAS.map((lambda) => {
    const f1 = crossValidatedF1(s, lambda);
    log(`lambda ${lambda}: cross-validated F1@0.3 ${f1.toFixed(4)}`);
    return { lambda, f1 };
  });
  const top = cv.reduce((a, b) => (b.f1 > a.f1 ? b : a));
  const cvAt = cv.find((c) => c.lambda === L2)!.f1;
  const w = fitModel(s, L2, () => true);
  const best = bestThreshold(s.articles, (ai, ci) => score(w, s.articles[ai]!.cands[ci]!.features));
  const weights = w.map((v) => Math.round(v * 1e4) / 1e4);
  return `// Written by scripts/train-quote-model.ts from ${path.split('/').slice(-1)[0]}; do not edit.
// ${s.X.length} candidates (${s.y.filter(Boolean).length} positive), ${s.goldCovered}/${s.goldDirect} gold direct quotes covered.
// L2 ${L2}, fixed (5-fold cross-validated F1@0.3 ${cvAt.toFixed(4)}; the grid's best ${top.f1.toFixed(4)}, at ${top.lambda}); train F1@0.3 at the threshold: ${best.f1.toFixed(4)} (P ${best.p.toFixed(4)}, R ${best.r.toFixed(4)}).
export const KEEP_MODEL: { features: readonly string[]; weights: number[]; threshold: number } = ${JSON.stringify(
    { features: FEATURE_NAMES, weights, threshold: best.t },
    null,
    2,
  )};
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = process.argv[2] ?? join(root, '../shared/eval/quotes-polnear-train.jsonl');
  const out = keepModelSource(path, (line) => process.stderr.write(`${line}\n`));
  writeFileSync(join(root, 'functions/core/quotes/keep-model.gen.ts'), out);
  process.stdout.write(`${out}\n`);
}
