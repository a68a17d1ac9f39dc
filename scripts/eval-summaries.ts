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
  type JointChoice,
  loadItems,
  meanScores,
  ruleName,
  SEED,
  weightName,
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
  const cv = JSON.parse(readFileSync(CV_REPORT_PATH, 'utf8')) as Omit<CvReport, 'model'>;
  const sel = cv.selection;
  const repeated = [sel.mean, ...sel.otherSeeds.map((o) => o.mean)];
  const r1s = repeated.map((m) => 100 * m.rouge1);
  const heldMean = meanScores(repeated);
  const leadMean = meanScores(cv.lead3);
  const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
  const meanOf = (ms: readonly SummaryScores[]) => {
    const m = meanScores(ms);
    return METRICS.map((k) => (100 * m[k]).toFixed(2)).join(' / ');
  };
  const cvRows = [
    '| system (held-out folds) | ROUGE-1 F1 [95% CI] | ROUGE-2 F1 [95% CI] | ROUGE-Lsum F1 [95% CI] |',
    '|---|---|---|---|',
    systemRow(`rules + selection weights, 5-fold CV (seed ${cv.seed})`, sel.heldOut),
    systemRow('position prior (first usable sentences), shipped rules', cv.prior),
    systemRow('dense learned set model, nested 5×4-fold CV (not shipped)', cv.ours),
    systemRow('Lead-3', cv.lead3),
    diffRow('rules + weights − Lead-3 (paired)', sel.heldOut, cv.lead3),
  ];
  const choice = (c: JointChoice) => `${ruleName(sel.rules[c.rule]!)}; ${weightName(sel.weights[c.weight]!)}`;
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
    `### Cross-validated training figures (cnndm-dev, \`scripts/train-summarizer.ts\`)`,
    '',
    'Every choice made on this data (own-voice skipping, trimming rules, the 4-point threshold, and the three ' +
      'selection weights: centrality, length, redundancy) is made on the training folds only; each article is ' +
      'scored by the choice made without it. In-process figures of the same summarizer code.',
    '',
    ...cvRows,
    '',
    `Repeated over ${repeated.length} fold splits (seeds ${cv.seed} and 1–${repeated.length - 1}), the held-out mean is ` +
      `**${meanOf(repeated)}**, i.e. Lead-3 ` +
      `${METRICS.map((k) => signed(100 * (heldMean[k] - leadMean[k]))).join(' / ')} (ROUGE-1 of one split from ${Math.min(...r1s).toFixed(2)} ` +
      `to ${Math.max(...r1s).toFixed(2)}): the figure to expect on CNN/DM articles the summarizer never saw. ` +
      `With the rules fixed as shipped and only the selection strength chosen in the folds: ${meanOf(sel.fixedRules.seeds.map((o) => o.mean))}. ` +
      `With the wide weight grid (strength × ratio × redundancy) chosen in the folds: ${meanOf(sel.wide.seeds.map((o) => o.mean))}.`,
    '',
    `Chosen per fold (seed ${cv.seed}): ${sel.chosenPerFold.map(choice).join(' | ')}. ` +
      `Chosen on all data, and shipped: **${choice(sel.final)}** (${cv.chosen}). ` +
      `The dense learned model (${cv.chosenPerFold.map((c) => `lead=${c.lead}, l2=${c.l2}`).join('; ')} per fold) ` +
      'ships only when its nested-CV score beats the grid. Regenerate with ' +
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
