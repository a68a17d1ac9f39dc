// Summarize: throughput and latency of our pipeline (CLI batch and in-process) on cnndm-dev,
// next to Lead-3, TextRank and the npm summarizers people use today, with ROUGE per millisecond.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lead3, splitPlain, textRank } from '../functions/core/baselines.js';
import { scoreSummary } from '../functions/core/rouge.js';
import { splitSentences } from '../functions/core/sentences.js';
import { buildStory } from '../functions/core/story.js';
import { summarize } from '../functions/core/summarize.js';
import type { BenchOptions } from './bench.js';
import { quoteCost, quoteCostUnavailable, quoteTime, quoteTimeUnavailable } from './bench-quote-cost.js';
import { CLI, cpuReport, fmt, median, quantile, readJsonl, SHARED, table, timeRuns } from './bench-util.js';
import { profiledRuns, profileOnce, QUOTE_FUNCTIONS, sharesOf } from './profile-share.js';

/** Profiled runs of the batch whose quote share the bench reports. */
const PROFILED_RUNS = 5;

interface CnnItem {
  id: string;
  article: string;
  reference: string[];
}

type Summarizer = (text: string) => string[] | Promise<string[]>;

const require = createRequire(import.meta.url);

const lexrankSummarize: Summarizer = (text) =>
  new Promise((resolve, reject) => {
    const lexrank = require('lexrank') as {
      summarize(
        t: string,
        n: number,
        cb: (err: unknown, top: { text: string; index: number }[]) => void,
      ): void;
    };
    lexrank.summarize(text, 3, (err, top) => {
      if (err) reject(err);
      else resolve([...top].sort((a, b) => a.index - b.index).map((t) => t.text));
    });
  });

const nodeSummarizerFrequency: Summarizer = (text) => {
  const { SummarizerManager } = require('node-summarizer') as {
    SummarizerManager: new (t: string, n: number) => { getSummaryByFrequency(): { summary: string } };
  };
  const summary = new SummarizerManager(text, 3).getSummaryByFrequency().summary;
  return typeof summary === 'string' ? summary.split(/(?<=[.!?])(?=\S)/) : [];
};

const ours: Summarizer = (text) =>
  summarize({ source: text, title: null, sentences: splitSentences(text) }).map((k) => k.text);

const SYSTEMS: { name: string; fn: Summarizer }[] = [
  { name: 'newsletter-digest (key points only)', fn: ours },
  { name: 'Lead-3', fn: lead3 },
  { name: 'TextRank-3 (ours, tf-idf + PageRank)', fn: (t) => textRank(splitPlain(t), 3) },
  { name: 'lexrank (npm 1.0.5)', fn: lexrankSummarize },
  { name: 'node-summarizer frequency (npm 1.0.7)', fn: nodeSummarizerFrequency },
];

/** The top self-time entries of one profiled CLI batch (`node --cpu-prof`), as table rows. */
function profileRows(input: string, top: number): string[][] {
  const profile = profileOnce([CLI, 'summarize', '--jsonl', input]);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    if (!frame) return;
    const where = frame.url.replace(/^.*\/(dist|node_modules)\//u, '$1/');
    const key =
      `${frame.functionName || '(anonymous)'} ${where ? `${where}:${frame.lineNumber}` : ''}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => [key, fmt(us / 1000, 0), `${fmt((100 * us) / total, 1)}%`]);
}

/** Wall and CPU times of CLI batch runs, and what DIGEST_DEBUG said of each run's threads. */
interface BatchRuns {
  wallMs: number[];
  cpuMs: number[];
  threads: string[];
}

const emptyRuns = (): BatchRuns => ({ wallMs: [], cpuMs: [], threads: [] });

const THREADS_LINE = /lines summarised per thread \(main first\): ([\d, ]+);/;

/** One `digest summarize --jsonl` run over `input` with `env`, added to `runs`. */
function cliBatchRun(input: string, cpuFile: string, env: NodeJS.ProcessEnv, runs: BatchRuns): void {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cpuReport(cpuFile), CLI, 'summarize', '--jsonl', input], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, DIGEST_DEBUG: '1', ...env },
  });
  runs.wallMs.push(performance.now() - t0);
  if (r.status !== 0) throw new Error(`summarize --jsonl failed: ${r.stderr}`);
  runs.cpuMs.push(Number(readFileSync(cpuFile, 'utf8')));
  const perThread = THREADS_LINE.exec(r.stderr)?.[1] ?? '?';
  runs.threads.push(perThread);
}

/** How many runs used each number of threads, e.g. `1 thread: 4 runs, 2 threads: 1 run`. */
function threadsUsed(runs: BatchRuns): string {
  const counts = new Map<number, number>();
  for (const perThread of runs.threads) {
    const n = perThread.split(', ').length;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([n, c]) => `${n} thread${n === 1 ? '' : 's'}: ${c} run${c === 1 ? '' : 's'}`)
    .join(', ');
}

export async function run({ tiny }: BenchOptions): Promise<string> {
  const all = readJsonl<CnnItem>(join(SHARED, 'eval/cnndm-dev.jsonl'));
  const items = tiny ? all.slice(0, 5) : all;
  const repeat = tiny ? 1 : 5;

  // 1. the CLI batch, as a user runs it: process start, configuration load, key points and quotes of
  // 150 articles (the 100 of cnndm-dev and the first 50 of bbc-dev), beside a whole process that does
  // regex Lead-3 over the same file
  const dir = mkdtempSync(join(tmpdir(), 'bench-sum-'));
  const input = join(dir, 'in.jsonl');
  const batch = tiny
    ? items
    : [...items, ...readJsonl<CnnItem>(join(SHARED, 'eval/bbc-dev.jsonl')).slice(0, 50)];
  writeFileSync(input, batch.map((i) => JSON.stringify({ id: i.id, text: i.article })).join('\n'));
  const cpuFile = join(dir, 'cpu.txt');
  // interleaved: with the threads the command chooses (the cores the load average leaves free, at most
  // two), and on two threads
  const single = emptyRuns();
  const two = emptyRuns();
  for (let r = 0; r < repeat; r++) {
    cliBatchRun(input, cpuFile, {}, single);
    cliBatchRun(input, cpuFile, { DIGEST_JSONL_THREADS: '2' }, two);
  }
  const { wallMs: batchMs, cpuMs: batchCpuMs } = single;
  const lead3Script = join(dir, 'lead3-batch.mjs');
  writeFileSync(
    lead3Script,
    [
      `import { readFileSync } from 'node:fs';`,
      `import { lead3 } from ${JSON.stringify(join(CLI, '../../core/baselines.js'))};`,
      `for (const line of readFileSync(process.argv[2], 'utf8').split('\\n')) {`,
      `  if (!line.trim()) continue;`,
      `  const o = JSON.parse(line);`,
      `  process.stdout.write(JSON.stringify({ id: o.id, keyPoints: lead3(o.text) }) + '\\n');`,
      `}`,
    ].join('\n'),
  );
  const lead3CpuMs: number[] = [];
  const lead3Ms = await timeRuns(repeat, () => {
    const r = spawnSync(process.execPath, [cpuReport(cpuFile), lead3Script, input], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`lead-3 batch failed: ${r.stderr}`);
    lead3CpuMs.push(Number(readFileSync(cpuFile, 'utf8')));
  });

  const profile = profileRows(input, 12);
  const quoteShares = sharesOf(
    profiledRuns([CLI, 'summarize', '--jsonl', input], QUOTE_FUNCTIONS, tiny ? 1 : PROFILED_RUNS),
    QUOTE_FUNCTIONS,
  );
  const costUnavailable = tiny ? 'a tiny run' : quoteCostUnavailable();
  const cost = costUnavailable ? null : quoteCost();
  const timeUnavailable = tiny ? 'a tiny run' : quoteTimeUnavailable();
  const time = timeUnavailable ? null : quoteTime();

  // 2. in-process, per article: the whole story (key points + quotes) and key points alone
  for (const item of items.slice(0, 10))
    buildStory({ title: null, source: item.article, url: null, byline: null, published: null });
  const storyMs: number[] = [];
  const pointsMs: number[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const item of items) {
      const article = { title: null, source: item.article, url: null, byline: null, published: null };
      let t0 = performance.now();
      buildStory(article);
      storyMs.push(performance.now() - t0);
      t0 = performance.now();
      ours(item.article);
      pointsMs.push(performance.now() - t0);
    }
  }
  const totalStory = storyMs.reduce((a, b) => a + b, 0) / repeat;

  // 3. peers on the same items: speed and ROUGE
  const peerRows: (string | number)[][] = [];
  for (const system of SYSTEMS) {
    const perArticle: number[] = [];
    const scores = { r1: 0, r2: 0, rl: 0 };
    for (const item of items) {
      const t0 = performance.now();
      const summary = await system.fn(item.article);
      perArticle.push(performance.now() - t0);
      const s = scoreSummary(item.reference, summary);
      scores.r1 += s.rouge1;
      scores.r2 += s.rouge2;
      scores.rl += s.rougeLsum;
    }
    const n = items.length;
    const total = perArticle.reduce((a, b) => a + b, 0);
    peerRows.push([
      system.name,
      fmt((100 * scores.r1) / n),
      fmt((100 * scores.r2) / n),
      fmt((100 * scores.rl) / n),
      fmt(median(perArticle), 3),
      fmt(total, 0),
      fmt((100 * scores.r1) / n / (total / n), 1),
    ]);
  }

  return [
    '## Summarize',
    '',
    `The batch is \`node dist/functions/cli/main.js summarize --jsonl\` over ${batch.length} articles (cnndm-dev and the first 50 of bbc-dev; process start, configuration load, key points and quotes for every article), median of ${repeat} runs (wall time, and the CPU time the process reports at exit, all its threads together, which is the batch's own: the wall time also counts whatever else the machine runs), with the threads the command chooses (the cores the load average leaves free, at most two), interleaved with as many runs on two threads, beside a whole Node process doing regex Lead-3 (\`functions/core/baselines.ts\`) over the same file. The in-process rows and the peers use the ${items.length} articles of cnndm-dev. Target: ≤ 0.75 s for 150 articles (≥ 200 articles/s).`,
    '',
    table(
      ['measure', 'value'],
      [
        ['CLI batch wall time, median (ms)', fmt(median(batchMs), 0)],
        [
          'CLI batch wall time, min / max (ms)',
          `${fmt(Math.min(...batchMs), 0)} / ${fmt(Math.max(...batchMs), 0)}`,
        ],
        ['CLI batch throughput (articles/s)', fmt(batch.length / (median(batchMs) / 1000), 0)],
        [
          'CLI batch CPU time (user + system), median / min (ms)',
          `${fmt(median(batchCpuMs), 0)} / ${fmt(Math.min(...batchCpuMs), 0)}`,
        ],
        ['CLI batch, threads the command chose', threadsUsed(single)],
        [
          `CLI batch on two threads (\`DIGEST_JSONL_THREADS=2\`), wall / CPU median (ms); lines per thread in the last run`,
          `${fmt(median(two.wallMs), 0)} / ${fmt(median(two.cpuMs), 0)}; ${two.threads.at(-1) ?? ''}`,
        ],
        [
          `quotes' share of the batch (\`findQuotes\` + \`quotesBesides\` + \`selectQuotes\`, inclusive, \`node --cpu-prof\`, one thread), median / min / max of ${quoteShares.length} runs; target < 20%`,
          `${fmt(100 * median(quoteShares), 1)}% / ${fmt(100 * Math.min(...quoteShares), 1)}% / ${fmt(100 * Math.max(...quoteShares), 1)}%`,
        ],
        [
          `what the quotes add to the story work of a long batch, in instructions (Valgrind; \`buildStory\` over the first 600 articles of bbc-train with quotes less without, over without, process start left out: scripts/bench-quote-cost.ts), and their share of it; target < 20% added`,
          cost
            ? `${fmt(100 * cost.added, 1)}% added (${fmt(100 * cost.share, 1)}% of the story work); ${fmt(cost.without, 0)} M instructions without quotes, ${fmt(cost.with, 0)} M with, ${fmt(cost.read, 0)} M to start and read`
            : `not measured (${costUnavailable})`,
        ],
        [
          `what the quotes add to the same story work in CPU time (the loop over the same articles, median of nine interleaved runs under the CLI's V8 settings: scripts/bench-quote-cost.ts); target < 20% added`,
          time
            ? `${fmt(100 * time.added, 1)}% added (${fmt(100 * time.share, 1)}% of the story work); ${fmt(time.without, 0)} ms without quotes, ${fmt(time.with, 0)} ms with, ${fmt(time.parse, 0)} ms to read and parse`
            : `not measured (${timeUnavailable})`,
        ],
        ['regex Lead-3, whole process, same file, median (ms)', fmt(median(lead3Ms), 0)],
        ['regex Lead-3, whole process, CPU time, median (ms)', fmt(median(lead3CpuMs), 0)],
        [
          'in-process story (key points + quotes) p50 / p95 per article (ms)',
          `${fmt(median(storyMs), 3)} / ${fmt(quantile(storyMs, 0.95), 3)}`,
        ],
        [
          'in-process key points only p50 / p95 per article (ms)',
          `${fmt(median(pointsMs), 3)} / ${fmt(quantile(pointsMs, 0.95), 3)}`,
        ],
        ['in-process throughput, whole story (articles/s)', fmt(items.length / (totalStory / 1000), 0)],
      ],
    ),
    '',
    `### Where the batch spends its time (\`node --cpu-prof\`, one run on one thread over the same ${batch.length} articles, self time)`,
    '',
    table(['function', 'self ms', 'share'], profile),
    '',
    '### Peers on the same items (in-process, one pass)',
    '',
    table(
      ['system', 'R1', 'R2', 'RLsum', 'p50 ms/article', 'total ms', 'R1 points per ms/article'],
      peerRows,
    ),
  ].join('\n');
}
