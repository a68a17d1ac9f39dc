// Trains the speaker ranker (functions/core/quotes/ranker.ts): a logistic regression that scores each
// speaker candidate of a quotation (the sieves' proposal, the people named nearby), on
// ../shared/eval/quotes-polnear-train.jsonl only. A candidate is positive when its name matches the
// gold speaker under the evaluation's rules; only quotations the finder keeps, matched to a gold
// direct quote with a checkable speaker, take part. The L2 strength is chosen by 5-fold
// article-grouped cross-validation on train (speaker accuracy of the top candidate); the
// leave-one-outlet-out accuracy (PolNeAR ids start with the outlet) estimates transfer to outlets
// never seen. Writes functions/core/quotes/speaker-model.gen.ts.
//   node scripts/run-tsx.mjs scripts/train-speaker-ranker.ts [path/to/train.jsonl] [--dry-run]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findQuoteCandidates, isKept } from '../functions/core/quotes/index.js';
import { chooseSpeaker, RANKER_FEATURES, type SpeakerCandidate } from '../functions/core/quotes/ranker.js';
import { fitLogistic } from './logistic.js';
import { type GoldQuote, isVerifiable, matchPredictions, speakerCorrect } from './quote-scorer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const trainPath =
  args.find((a) => !a.startsWith('--')) ?? join(root, '../shared/eval/quotes-polnear-train.jsonl');
/** Decision threshold for a person only named nearby: at least even odds of being the speaker. */
const THRESHOLD = 0.5;
const NEWTON_STEPS = 12;
const FOLDS = 5;
const LAMBDAS = [1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5];

/** One matched quotation with a checkable gold speaker: its candidates and which are right. */
export interface Group {
  article: number;
  outlet: string;
  candidates: SpeakerCandidate[];
  right: boolean[];
  /** Was the sieves' own speaker right (the baseline without the ranker)? */
  sieveRight: boolean;
}

export function loadGroups(path: string): Group[] {
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; text: string; quotes: GoldQuote[] });
  const groups: Group[] = [];
  rows.forEach((r, article) => {
    const kept = findQuoteCandidates(r.text).filter(isKept);
    const matched = matchPredictions(
      r.text,
      r.quotes,
      kept.map((c) => c.quote),
      0.3,
    );
    for (const [p, g] of matched) {
      if (!isVerifiable(g)) continue;
      const c = kept[p]!;
      const sieve = c.speakers.find((s) => s.sieve !== null) ?? null;
      groups.push({
        article,
        outlet: r.id.split('_')[0] ?? '',
        candidates: c.speakers,
        right: c.speakers.map((s) => speakerCorrect(s.speaker.name, g)),
        sieveRight: sieve !== null && speakerCorrect(sieve.speaker.name, g),
      });
    }
  });
  return groups;
}

/** Logistic regression over every candidate of the chosen groups (scripts/logistic.ts). */
export function fitRanker(groups: readonly Group[], lambda: number): number[] {
  const X: number[][] = [];
  const y: number[] = [];
  for (const g of groups) {
    g.candidates.forEach((c, i) => {
      X.push(c.features);
      y.push(g.right[i] ? 1 : 0);
    });
  }
  return fitLogistic(X, y, lambda, NEWTON_STEPS);
}

/** Share of groups whose chosen speaker is right. */
export function accuracy(groups: readonly Group[], weights: (g: Group) => readonly number[]): number {
  let right = 0;
  for (const g of groups) {
    const chosen = chooseSpeaker(g.candidates, { weights: weights(g), threshold: THRESHOLD });
    if (chosen && g.right[g.candidates.indexOf(chosen)]) right++;
  }
  return groups.length === 0 ? 0 : right / groups.length;
}

/** Out-of-fold accuracy: each group scored by a model fitted without its fold. */
export function crossValidated(
  groups: readonly Group[],
  lambda: number,
  foldOf: (g: Group) => string,
): number {
  const folds = [...new Set(groups.map(foldOf))];
  const models = new Map(
    folds.map((f) => [
      f,
      fitRanker(
        groups.filter((g) => foldOf(g) !== f),
        lambda,
      ),
    ]),
  );
  return accuracy(groups, (g) => models.get(foldOf(g))!);
}

/**
 * The ranker trained on the PolNeAR file at `path`: the text of `speaker-model.gen.ts` and the summary it
 * opens with. `log` hears the cross-validated accuracy of each L2 strength.
 */
export function speakerModelSource(
  path: string,
  log: (line: string) => void = () => {},
): { summary: string[]; source: string } {
  const groups = loadGroups(path);
  const baseline = groups.filter((g) => g.sieveRight).length / groups.length;
  const byArticle = (g: Group) => String(g.article % FOLDS);
  const cv = LAMBDAS.map((lambda) => {
    const acc = crossValidated(groups, lambda, byArticle);
    log(`lambda ${lambda}: 5-fold article-grouped CV speaker accuracy ${acc.toFixed(4)}`);
    return { lambda, acc };
  });
  // From the strongest regularisation down, a weaker one is taken only when it gets more than one more quotation
  // right: a difference of one in some 3,000 is a tie, and a tie goes to the simpler model (it also keeps the model
  // from flipping between two strengths when a change elsewhere moves one quotation).
  const best = cv.reduce((a, b) => (b.acc > a.acc + 1.5 / groups.length ? b : a));
  const outletCv = crossValidated(groups, best.lambda, (g) => g.outlet);
  const w = fitRanker(groups, best.lambda).map((v) => Math.round(v * 1e4) / 1e4);
  const train = accuracy(groups, () => w);
  const summary = [
    `${groups.length} matched quotations with a checkable speaker, ${groups.reduce((n, g) => n + g.candidates.length, 0)} candidates.`,
    `Sieves alone: ${baseline.toFixed(4)}. L2 ${best.lambda} by 5-fold article-grouped CV: ${best.acc.toFixed(4)}; leave-one-outlet-out: ${outletCv.toFixed(4)}; on train: ${train.toFixed(4)}.`,
  ];
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  const source = `// Written by scripts/train-speaker-ranker.ts from ${path.split('/').slice(-1)[0]}; do not edit.
// ${summary.join('\n// ')}
import type { SpeakerModel } from './speaker-model.js';

export const SPEAKER_MODEL: SpeakerModel = ${JSON.stringify(
    {
      features: RANKER_FEATURES,
      weights: w,
      threshold: THRESHOLD,
      measured: {
        quotations: groups.length,
        sievesAlone: round(baseline),
        lambda: best.lambda,
        articleCv: round(best.acc),
        outletCv: round(outletCv),
        train: round(train),
      },
    },
    null,
    2,
  )};
`;
  return { summary, source };
}

function main(): void {
  const { summary, source } = speakerModelSource(trainPath, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${summary.join('\n')}\n`);
  if (!args.includes('--dry-run'))
    writeFileSync(join(root, 'functions/core/quotes/speaker-model.gen.ts'), source);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
