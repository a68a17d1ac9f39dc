// Trains the keep/drop model of the quote finder: a logistic regression over the candidate features
// (functions/core/quotes/features.ts), on ../shared/eval/quotes-polnear-train.jsonl only. A candidate
// is positive when it covers a gold direct quote (overlap ≥ 0.3 of the gold), neutral (left out)
// when at least half of it lies in a mixed gold quote, negative otherwise. The threshold maximises
// F1 on train. Writes functions/core/quotes/keep-model.gen.ts.
//   node scripts/run-tsx.mjs scripts/train-quote-model.ts [path/to/train.jsonl]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_NAMES, score } from '../functions/core/quotes/features.js';
import { findQuoteCandidates } from '../functions/core/quotes/index.js';
import { type GoldQuote, scoreSet } from './quote-scorer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const trainPath = process.argv[2] ?? join(root, '../shared/eval/quotes-polnear-train.jsonl');
const rows = readFileSync(trainPath, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { text: string; quotes: GoldQuote[] });

const X: number[][] = [];
const y: number[] = [];
/** The article of each training sample, for the cross-validation folds. */
const articleOf: number[] = [];
let goldDirect = 0;
let goldCovered = 0;
const perArticle: { source: string; gold: GoldQuote[]; cands: ReturnType<typeof findQuoteCandidates> }[] = [];
for (const [ai, r] of rows.entries()) {
  const cands = findQuoteCandidates(r.text);
  perArticle.push({ source: r.text, gold: r.quotes, cands });
  const direct = r.quotes.filter((g) => g.kind === 'direct');
  const mixed = r.quotes.filter((g) => g.kind === 'mixed');
  goldDirect += direct.length;
  const covered = new Set<number>();
  for (const c of cands) {
    const q = c.quote;
    const hit = direct.findIndex(
      (g) => Math.min(q.end, g.end) - Math.max(q.start, g.start) >= 0.3 * (g.end - g.start),
    );
    if (hit >= 0) {
      covered.add(hit);
      X.push(c.features);
      y.push(1);
      articleOf.push(ai);
      continue;
    }
    const inMixed = mixed.some(
      (g) => 2 * (Math.min(q.end, g.end) - Math.max(q.start, g.start)) >= q.end - q.start,
    );
    if (inMixed) continue;
    X.push(c.features);
    y.push(0);
    articleOf.push(ai);
  }
  goldCovered += covered.size;
}

const d = FEATURE_NAMES.length;
const EPOCHS = 10000;
const RATE = 0.5;

/** L2-regularised logistic regression by full-batch gradient descent on the samples `use` selects. */
function fitModel(lambda: number, use: (i: number) => boolean): number[] {
  const w = new Array<number>(d).fill(0);
  const idx = X.map((_, i) => i).filter(use);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const grad = new Array<number>(d).fill(0);
    for (const i of idx) {
      const err = score(w, X[i]!) - y[i]!;
      const xi = X[i]!;
      for (let k = 0; k < d; k++) grad[k]! += err * xi[k]!;
    }
    for (let k = 0; k < d; k++) w[k]! -= RATE * (grad[k]! / idx.length + (k === 0 ? 0 : lambda * w[k]!));
  }
  return w;
}

/**
 * Threshold with the best F1, scored exactly as the evaluation scores it (one-to-one matching at
 * overlap 0.3 on direct quotes, neutral passages inside mixed quotes), so the pieces of one gold
 * quote and the gold quotes no candidate covers count as they will in the evaluation.
 * `prob(article, candidate)` is the model's score.
 */
function bestThreshold(prob: (a: number, c: number) => number): {
  t: number;
  f1: number;
  p: number;
  r: number;
} {
  let best = { t: 0.5, f1: 0, p: 0, r: 0 };
  for (let t = 0.05; t < 0.96; t += 0.01) {
    const items = perArticle.map((a, ai) => ({
      source: a.source,
      gold: a.gold,
      predicted: a.cands.filter((_, ci) => prob(ai, ci) >= t).map((c) => c.quote),
    }));
    const s = scoreSet(items, 0.3, 'direct');
    if (s.f1 > best.f1) best = { t: Math.round(t * 100) / 100, f1: s.f1, p: s.precision, r: s.recall };
  }
  return best;
}

// The regularisation strength is chosen by 5-fold cross-validation over train articles (out-of-fold
// scores, one threshold over them), never by dev.
const FOLDS = 5;
const LAMBDAS = [1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5];
const cv: { lambda: number; f1: number }[] = [];
for (const lambda of LAMBDAS) {
  const oof = perArticle.map((a) => new Array<number>(a.cands.length).fill(0));
  for (let f = 0; f < FOLDS; f++) {
    const wf = fitModel(lambda, (i) => articleOf[i]! % FOLDS !== f);
    perArticle.forEach((a, ai) => {
      if (ai % FOLDS !== f) return;
      a.cands.forEach((c, ci) => {
        oof[ai]![ci] = score(wf, c.features);
      });
    });
  }
  const f1 = bestThreshold((ai, ci) => oof[ai]![ci]!).f1;
  cv.push({ lambda, f1 });
  process.stderr.write(`lambda ${lambda}: cross-validated F1@0.3 ${f1.toFixed(4)}\n`);
}
const lambda = cv.reduce((a, b) => (b.f1 > a.f1 ? b : a)).lambda;
const w = fitModel(lambda, () => true);
const best = bestThreshold((ai, ci) => score(w, perArticle[ai]!.cands[ci]!.features));
const cvBest = cv.find((c) => c.lambda === lambda)!.f1;

const weights = w.map((v) => Math.round(v * 1e4) / 1e4);
const out = `// Written by scripts/train-quote-model.ts from ${trainPath.split('/').slice(-1)[0]}; do not edit.
// ${X.length} candidates (${y.filter(Boolean).length} positive), ${goldCovered}/${goldDirect} gold direct quotes covered.
// L2 ${lambda} by 5-fold cross-validation on train (F1@0.3 ${cvBest.toFixed(4)}); train F1@0.3 at the threshold: ${best.f1.toFixed(4)} (P ${best.p.toFixed(4)}, R ${best.r.toFixed(4)}).
export const KEEP_MODEL: { features: readonly string[]; weights: number[]; threshold: number } = ${JSON.stringify(
  { features: FEATURE_NAMES, weights, threshold: best.t },
  null,
  2,
)};
`;
writeFileSync(join(root, 'functions/core/quotes/keep-model.gen.ts'), out);
process.stdout.write(`${out}\n`);
