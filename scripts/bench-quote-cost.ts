// What the quotes add to the story building of a batch, counted in instructions with Valgrind. The sampled
// profiles of bench-summarize.ts spread by several points between runs on a shared machine, and by more than
// ten on a long batch; an instruction count of one build over the same articles holds still to a few tenths
// of a per cent (single runs put the figure below within a point of each other; the median of three moves
// less), so a change of a per cent is seen for what it is.
//
// Three kinds of run of one Node process, each counted `RUNS` times (the median is kept), under the CLI's V8
// settings (`--predictable` as well: one thread compiles), over the first 600 articles of bbc-train:
//   read:    the articles read and the built story module loaded, no story made;
//   without: `buildStory` for each, key points alone (`{ quotes: false }`);
//   with:    `buildStory` for each, as every command makes a story (quotes found, set aside, chosen).
// The quotes add (with − without) / (without − read) to the work of making the stories: the target "quotes
// add less than 20% to the summarize batch time", read literally, and without process start, which has no
// quotes in it.
//
// Instructions are not time: the finder's code misses the instruction cache and mispredicts branches more
// often per instruction than the summarizer's, so the count reads the quotes' cost low (on fe461be, 37%
// added by the count, 55% by CPU time). The same runs are therefore also timed (`quoteTime`): the CPU
// time of the loop over the articles, median of nine interleaved runs, under the CLI's settings alone. The
// count is the figure to compare two builds by; the time is the figure the target speaks of.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_V8_FLAGS } from '../functions/cli/v8-flags.js';
import { median, REPO_ROOT, readJsonl, SHARED } from './bench-util.js';

/** The articles counted: the first of bbc-train, as the long-batch rows of bench-summarize.ts read. */
const ARTICLES = 600;
/** Counts of each kind of run; the median is kept. */
const RUNS = 3;
const STORY_MODULE = join(REPO_ROOT, 'dist/functions/core/story.js');

export interface QuoteCost {
  /** Instructions of each run, in millions. */
  read: number;
  without: number;
  with: number;
  /** (with − without) / (without − read). */
  added: number;
  /** (with − without) / (with − read): the quotes' share of the story work. */
  share: number;
}

const HARNESS = `import { readFileSync } from 'node:fs';
const [mode, input, storyModule] = process.argv.slice(2);
const { buildStory } = await import(storyModule);
let n = 0;
const c0 = process.cpuUsage();
const t0 = performance.now();
if (mode !== 'read')
  for (const line of readFileSync(input, 'utf8').split('\\n')) {
    if (!line) continue;
    const article = { title: null, source: JSON.parse(line).text, url: null, byline: null, published: null };
    if (mode === 'parse') continue;
    const story = buildStory(article, { quotes: mode === 'with' });
    n += story.keyPoints.length + story.allQuotes.length;
  }
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ n, cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0 }));
`;

/** Why the count cannot be made here, or null when it can. */
export function quoteCostUnavailable(): string | null {
  return (
    quoteTimeUnavailable() ??
    (spawnSync('valgrind', ['--version']).status !== 0 ? 'Valgrind is not installed' : null)
  );
}

/** Why the timed runs cannot be made here, or null when they can. */
export function quoteTimeUnavailable(): string | null {
  if (!existsSync(join(SHARED, 'eval/bbc-train.jsonl'))) return 'no ../shared/eval/bbc-train.jsonl';
  if (!existsSync(STORY_MODULE)) return 'no build (`npm run build`)';
  return null;
}

/** Millions of instructions of one harness run (Valgrind's cachegrind without its cache model). */
function countRun(dir: string, mode: 'read' | 'without' | 'with', input: string): number {
  const res = spawnSync(
    'valgrind',
    [
      '--tool=cachegrind',
      '--cache-sim=no',
      '--cachegrind-out-file=/dev/null',
      process.execPath,
      '--predictable',
      ...CLI_V8_FLAGS.split(' '),
      join(dir, 'harness.mjs'),
      mode,
      input,
      pathToFileURL(STORY_MODULE).href,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const refs = /I\s+refs:\s+([\d,]+)/u.exec(res.stderr)?.[1];
  if (res.status !== 0 || refs === undefined)
    throw new Error(`counting the ${mode} run failed (${res.status}): ${res.stderr.slice(-400)}`);
  return Number(refs.replaceAll(',', '')) / 1e6;
}

/** Runs `count` in a scratch folder holding the harness and the articles, which it removes after. */
function withHarness<T>(count: (dir: string, input: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'quote-cost-'));
  try {
    writeFileSync(join(dir, 'harness.mjs'), HARNESS);
    const articles = readJsonl<{ id: string; article: string }>(join(SHARED, 'eval/bbc-train.jsonl'));
    const input = join(dir, 'articles.jsonl');
    writeFileSync(
      input,
      articles
        .slice(0, ARTICLES)
        .map((a) => JSON.stringify({ text: a.article }))
        .join('\n'),
    );
    return count(dir, input);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each kind of run `runs` times, interleaved so that whatever else the machine does falls on all alike; the medians. */
function interleaved<M extends string>(
  modes: readonly M[],
  runs: number,
  run: (mode: M) => number,
): Record<M, number> {
  const values = new Map<M, number[]>(modes.map((m) => [m, []]));
  for (let r = 0; r < runs; r++) for (const mode of modes) values.get(mode)!.push(run(mode));
  return Object.fromEntries(modes.map((m) => [m, median(values.get(m)!)])) as Record<M, number>;
}

/** What the quotes add to `base → without` when `with` is measured beside them, and their share of `base → with`. */
const addedAndShare = (base: number, without: number, withQuotes: number) => ({
  added: (withQuotes - without) / (without - base),
  share: (withQuotes - without) / (withQuotes - base),
});

/** The three counts and what the quotes add; throws when a run fails (see `quoteCostUnavailable`). */
export function quoteCost(): QuoteCost {
  return withHarness((dir, input) => {
    const c = interleaved(['read', 'without', 'with'] as const, RUNS, (mode) => countRun(dir, mode, input));
    return { read: c.read, without: c.without, with: c.with, ...addedAndShare(c.read, c.without, c.with) };
  });
}

/** Timed runs of each kind; more than the counts, as time spreads more. */
const TIMED_RUNS = 9;

export interface QuoteTime {
  /** CPU time (user + system, all the process's threads) of the loop over the articles, median, in ms. */
  parse: number;
  without: number;
  with: number;
  /** (with − without) / (without − parse). */
  added: number;
  /** (with − without) / (with − parse). */
  share: number;
}

/**
 * The same runs timed rather than counted, under the CLI's V8 settings alone: the CPU time of the loop
 * over the articles, the module loaded before it, where `parse` reads and parses the lines and makes no
 * story. Time is what the target speaks of; the count holds still but reads low, because the finder's
 * code runs fewer instructions per cycle than the summarizer's (more instruction-cache misses and
 * mispredicted branches per instruction: docs/performance-notes.md, 2026-12-06).
 */
export function quoteTime(): QuoteTime {
  return withHarness((dir, input) => {
    const t = interleaved(['parse', 'without', 'with'] as const, TIMED_RUNS, (mode) => {
      const args = [...CLI_V8_FLAGS.split(' '), join(dir, 'harness.mjs'), mode, input];
      const res = spawnSync(process.execPath, [...args, pathToFileURL(STORY_MODULE).href], {
        encoding: 'utf8',
      });
      if (res.status !== 0)
        throw new Error(`the timed ${mode} run failed (${res.status}): ${res.stderr.slice(-400)}`);
      return (JSON.parse(res.stdout) as { cpuMs: number }).cpuMs;
    });
    return { parse: t.parse, without: t.without, with: t.with, ...addedAndShare(t.parse, t.without, t.with) };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const noTime = quoteTimeUnavailable();
  const noCount = quoteCostUnavailable();
  console.log(
    JSON.stringify({
      instructions: noCount ? `not measured: ${noCount}` : quoteCost(),
      cpuTime: noTime ? `not measured: ${noTime}` : quoteTime(),
    }),
  );
}
