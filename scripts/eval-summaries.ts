// Key-point quality for `npm run eval` (scripts/eval.ts): ROUGE-1/2/Lsum F1 of what the real CLI
// returns (`node dist/functions/cli/main.js summarize --jsonl`, one process per file) on
// ../shared/eval/cnndm-dev.jsonl and bbc-dev.jsonl, next to Lead-3 and TextRank-3 scored on the same
// items, with 95% bootstrap intervals (1000 seeded resamples), the paired interval of ours − Lead-3,
// the batch's wall time, and the nested cross-validated figures of scripts/train-summarizer.ts.
// Scoring follows ../shared/eval/README.md: the prediction is the key points joined with "\n",
// the reference its sentences joined with "\n", and a missing or empty prediction scores 0.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lead3, splitPlain, textRank } from '../functions/core/baselines.js';
import { type SummaryScores, scoreSummary } from '../functions/core/rouge.js';
import { READABILITY_HEADER, readability, readabilityRow } from './readability.js';
import {
  CV_REPORT_PATH,
  type CvReport,
  EVAL_DIR,
  type EvalItem,
  loadItems,
  SEED,
  SHIPPED_FAMILY,
} from './train-summarizer.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist/functions/cli/main.js');
const RESAMPLES = 1000;
const METRICS = ['rouge1', 'rouge2', 'rougeLsum'] as const;

interface CliRun {
  predictions: Map<string, string[]>;
  wallMs: number;
  errors: number;
}

/** Runs the built CLI once over a whole file and returns each id's key-point texts. */
export function runCli(file: string): CliRun {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [BIN, 'summarize', '--jsonl', join(EVAL_DIR, file)], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const wallMs = performance.now() - t0;
  if (res.status !== 0)
    throw new Error(`digest summarize --jsonl ${file} failed: ${res.stderr.split('\n')[0]}`);
  const predictions = new Map<string, string[]>();
  let errors = 0;
  for (const line of res.stdout.split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as {
      id: string;
      keyPoints?: { text: string; shown?: string }[];
      error?: string;
    };
    if (o.error !== undefined) errors++;
    predictions.set(
      o.id,
      // scored on what the email prints: `shown` where the key point was edited for reading
      (o.keyPoints ?? []).map((k) => k.shown ?? k.text),
    );
  }
  return { predictions, wallMs, errors };
}

/** mulberry32: a small seeded generator for the bootstrap. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 95% percentile bootstrap interval of the mean (articles resampled with replacement). */
export function bootstrapCi(values: readonly number[], seed = SEED, resamples = RESAMPLES): [number, number] {
  const n = values.length;
  if (n === 0) return [0, 0];
  const rand = rng(seed);
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[Math.floor(rand() * n)]!;
    means.push(s / n);
  }
  means.sort((a, b) => a - b);
  return [means[Math.floor(0.025 * resamples)]!, means[Math.ceil(0.975 * resamples) - 1]!];
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const f2 = (v: number) => (100 * v).toFixed(2);
const cell = (xs: readonly number[]) => {
  const [lo, hi] = bootstrapCi(xs);
  return `${f2(mean(xs))} [${f2(lo)}, ${f2(hi)}]`;
};

function systemRow(name: string, scores: readonly SummaryScores[]): string {
  return `| ${name} | ${METRICS.map((m) => cell(scores.map((s) => s[m]))).join(' | ')} |`;
}

function diffRow(name: string, a: readonly SummaryScores[], b: readonly SummaryScores[]): string {
  return `| ${name} | ${METRICS.map((m) => cell(a.map((s, i) => s[m] - b[i]![m]))).join(' | ')} |`;
}

interface FileResult {
  section: string;
  ours: SummaryScores[];
  lead: SummaryScores[];
}

function evalFile(file: string, label: string): FileResult {
  const items: EvalItem[] = loadItems(file);
  const cli = runCli(file);
  const ours = items.map((it) => scoreSummary(it.reference, cli.predictions.get(it.id) ?? []));
  const lead = items.map((it) => scoreSummary(it.reference, lead3(it.article)));
  const tr = items.map((it) => scoreSummary(it.reference, textRank(splitPlain(it.article), 3)));
  const points = items.map((it) => (cli.predictions.get(it.id) ?? []).length);
  const readable = readability(items.map((it) => cli.predictions.get(it.id) ?? []));
  const leadReadable = readability(items.map((it) => lead3(it.article)));
  const section = [
    `### ${label} (\`${file}\`, ${items.length} articles)`,
    '',
    '| system | ROUGE-1 F1 [95% CI] | ROUGE-2 F1 [95% CI] | ROUGE-Lsum F1 [95% CI] |',
    '|---|---|---|---|',
    systemRow('**ours** (`digest summarize --jsonl`, default settings)', ours),
    systemRow('Lead-3', lead),
    systemRow('TextRank-3', tr),
    diffRow('ours − Lead-3 (paired)', ours, lead),
    '',
    `Key points per article: mean ${mean(points).toFixed(2)}, min ${Math.min(...points)}, max ${Math.max(...points)}. ` +
      `Error lines: ${cli.errors}. Wall time of \`node dist/functions/cli/main.js summarize --jsonl\` over the file: ` +
      `**${(cli.wallMs / 1000).toFixed(2)} s** (one process, start-up and model load included).`,
    '',
    'Readability of what the email prints (`shown` where present, else `text`; `scripts/readability.ts`: every opening ' +
      '"It"/"This"/"He"/"They"… counts, a dummy "It is clear that" or "This week" included; near repeats by ' +
      '`functions/core/redundancy.ts`):',
    '',
    ...READABILITY_HEADER,
    readabilityRow('ours', readable),
    readabilityRow('Lead-3', leadReadable),
  ].join('\n');
  return { section, ours, lead };
}

export async function run(): Promise<string> {
  const cnndm = evalFile('cnndm-dev.jsonl', 'CNN/DailyMail');
  const bbc = evalFile('bbc-dev.jsonl', 'BBC News (extractive references)');
  if (!existsSync(CV_REPORT_PATH))
    throw new Error(`${CV_REPORT_PATH} is missing: run scripts/train-summarizer.ts`);
  const cv = JSON.parse(readFileSync(CV_REPORT_PATH, 'utf8')) as CvReport;
  const f = (s: SummaryScores) => METRICS.map((k) => (100 * s[k]).toFixed(2)).join(' | ');
  const signed = (s: SummaryScores) =>
    METRICS.map((k) => `${s[k] >= cv.lead3[k] ? '+' : ''}${(100 * (s[k] - cv.lead3[k])).toFixed(2)}`).join(
      ' / ',
    );
  const cvRows = [
    '| held out on bbc-train | ROUGE-1 F1 | ROUGE-2 F1 | ROUGE-Lsum F1 | − Lead-3 | chosen per fold |',
    '|---|---|---|---|---|---|',
    `| prior family (position, centrality against length, redundancy)${SHIPPED_FAMILY === 'prior' ? ', **shipped**' : ''} | ${f(cv.prior.heldOut)} | ${signed(cv.prior.heldOut)} | ${cv.prior.chosenPerFold.join('; ')} |`,
    `| learned sentence ranker (logistic, all sentence features)${SHIPPED_FAMILY === 'ranker' ? ', **shipped**' : ''} | ${f(cv.ranker.heldOut)} | ${signed(cv.ranker.heldOut)} | ${cv.ranker.chosenPerFold.join('; ')} |`,
    `| Lead-3 | ${f(cv.lead3)} | | |`,
  ];
  return [
    '## Key points (ROUGE)',
    '',
    'Scored with our own ROUGE (`functions/core/rouge.ts`, rouge-score rules with the NLTK-mode Porter stemmer; ' +
      'see `../shared/eval/README.md`). F1 × 100, mean over all articles, 95% percentile bootstrap intervals ' +
      `from ${RESAMPLES} seeded resamples of the articles. Baselines split the raw article with \`splitPlain\` ` +
      '(`functions/core/baselines.ts`).',
    '',
    cnndm.section,
    '',
    bbc.section,
    '',
    `### Cross-validated training figures (\`${cv.trainFile}\`, \`scripts/train-summarizer.ts\`)`,
    '',
    `${cv.articles} BBC articles, ${cv.labelledSentences} eligible sentences of which the editors kept ${cv.keptSentences}. ` +
      `${cv.folds}-fold CV over articles (seed ${cv.seed}): each fold's setting is chosen on the other folds, at the ` +
      "product's point count, against the editors' sentences. The ranker's held-out AUC per fold: " +
      `${cv.rankerAuc.join(', ')}. CNN/DM data is never read in training; the CNN/DM figures above are the transfer check.`,
    '',
    ...cvRows,
    '',
    `Shipped: the ${SHIPPED_FAMILY} family, ${cv[SHIPPED_FAMILY].chosenOnAll} (chosen on all of bbc-train), ` +
      'written with its provenance to `functions/core/summarizer-config.json`. Regenerate with ' +
      '`node scripts/run-tsx.mjs scripts/train-summarizer.ts`.',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run()
    .then((s) => process.stdout.write(`${s}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
