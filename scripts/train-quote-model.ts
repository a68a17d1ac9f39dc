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
import type { GoldQuote } from './quote-scorer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const trainPath = process.argv[2] ?? join(root, '../shared/eval/quotes-polnear-train.jsonl');
const rows = readFileSync(trainPath, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { text: string; quotes: GoldQuote[] });

const X: number[][] = [];
const y: number[] = [];
let goldDirect = 0;
let goldCovered = 0;
for (const r of rows) {
  const cands = findQuoteCandidates(r.text);
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
      continue;
    }
    const inMixed = mixed.some(
      (g) => 2 * (Math.min(q.end, g.end) - Math.max(q.start, g.start)) >= q.end - q.start,
    );
    if (inMixed) continue;
    X.push(c.features);
    y.push(0);
  }
  goldCovered += covered.size;
}

const d = FEATURE_NAMES.length;
const w = new Array<number>(d).fill(0);
const lambda = 1e-3;
const rate = 0.5;
for (let epoch = 0; epoch < 3000; epoch++) {
  const grad = new Array<number>(d).fill(0);
  for (let i = 0; i < X.length; i++) {
    const err = score(w, X[i]!) - y[i]!;
    const xi = X[i]!;
    for (let k = 0; k < d; k++) grad[k]! += err * xi[k]!;
  }
  for (let k = 0; k < d; k++) w[k]! -= rate * (grad[k]! / X.length + (k === 0 ? 0 : lambda * w[k]!));
}

// Threshold with the best F1 on train (gold quotes no candidate covers count as misses).
const scored = X.map((x, i) => ({ p: score(w, x), y: y[i]! }));
let best = { t: 0.5, f1: 0, p: 0, r: 0 };
for (let t = 0.05; t < 0.96; t += 0.01) {
  let tp = 0;
  let fp = 0;
  for (const s of scored) if (s.p >= t) s.y ? tp++ : fp++;
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, goldDirect);
  const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);
  if (f1 > best.f1) best = { t: Math.round(t * 100) / 100, f1, p: precision, r: recall };
}

const weights = w.map((v) => Math.round(v * 1e4) / 1e4);
const out = `// Written by scripts/train-quote-model.ts from ${trainPath.split('/').slice(-1)[0]}; do not edit.
// ${X.length} candidates (${y.filter(Boolean).length} positive), ${goldCovered}/${goldDirect} gold direct quotes covered.
// Train F1 at the threshold: ${best.f1.toFixed(4)} (P ${best.p.toFixed(4)}, R ${best.r.toFixed(4)}).
export const KEEP_MODEL: { features: readonly string[]; weights: number[]; threshold: number } = ${JSON.stringify(
  { features: FEATURE_NAMES, weights, threshold: best.t },
  null,
  2,
)};
`;
writeFileSync(join(root, 'functions/core/quotes/keep-model.gen.ts'), out);
process.stdout.write(`${out}\n`);
