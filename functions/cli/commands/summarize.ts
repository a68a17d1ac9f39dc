import { createReadStream, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { loadArticle } from '../../adapters/article-loader.js';
import type { Article, Story } from '../../core/types.js';
import { cliSwitches } from '../cli-env.js';
import { CliError } from '../cli-error.js';
import { type BatchStats, summarizeLines } from '../jsonl-batch.js';
import { errorMessage, keyPointJson, quoteJson } from '../jsonl-line.js';
import { workersAvailable } from '../jsonl-pool.js';
import { packageRoot } from '../package-root.js';
import { cliQuoteLog } from '../quote-log.js';
import { formatStoryForTerminal } from '../terminal-view.js';

/** The article summarised when no input is given: our own sample, so `npx digest summarize` just works. */
export const SAMPLE_ARTICLE = 'functions/cli/samples/harbour-ferry.txt';

/** The `--json` object of the ARCHITECTURE.md contract. */
export function storyJson(story: Story) {
  return {
    title: story.title,
    source: story.source,
    keyPoints: story.keyPoints.map(keyPointJson),
    quotes: story.quotes.map(quoteJson),
    allQuotes: story.allQuotes.map(quoteJson),
  };
}

const allowLoopback = () => cliSwitches().DIGEST_ALLOW_LOOPBACK;

/** `-` reads stdin through the loader's default: capped while it streams, as `send` and `render` do. */
async function loadInput(input: string | undefined): Promise<Article> {
  if (input === undefined) return loadArticle(join(packageRoot(), SAMPLE_ARTICLE));
  return loadArticle(input, { allowLoopback: allowLoopback() });
}

/** The most threads a jsonl batch uses unless told (the most measured: docs/summarizer.md). */
const DEFAULT_MAX_THREADS = 2;

/**
 * Threads of a jsonl batch: DIGEST_JSONL_THREADS, else the cores that other processes left free over the
 * last minute (the load average, as `make -l` reads it), at most DEFAULT_MAX_THREADS. A worker costs CPU of
 * its own and shortens the batch only on a free core: on two cores, a second thread took the 150-article
 * batch from 0.76 to 0.67 s with the other core free and made it slower with both busy (docs/summarizer.md).
 * 1 when running from the sources.
 */
function batchThreads(): number {
  if (!workersAvailable()) return 1;
  const chosen = cliSwitches().DIGEST_JSONL_THREADS;
  if (chosen !== undefined) return chosen;
  const busy = Math.floor(loadavg()[0] ?? 0);
  return Math.max(1, Math.min(availableParallelism() - busy, DEFAULT_MAX_THREADS));
}

/** Batch mode: one JSON object per input line, one output line per input line, in order. */
async function summarizeJsonl(input: string | undefined): Promise<void> {
  const stream = input === undefined || input === '-' ? process.stdin : createReadStream(input, 'utf8');
  stream.on('error', () => {}); // reported below through the readline iterator
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let stats: BatchStats;
  try {
    stats = await summarizeLines(lines, batchThreads());
  } catch (error) {
    throw new CliError(`cannot read ${input ?? 'stdin'}: ${errorMessage(error)}`, { cause: error });
  }
  if (cliSwitches().DIGEST_DEBUG) {
    const { perThread, summarizer } = stats;
    process.stderr.write(
      `digest: debug: lines summarised per thread (main first): ${perThread.join(', ')}; summarizer: ${summarizer ?? 'not loaded'}\n`,
    );
  }
}

export function register(program: Command): void {
  program
    .command('summarize')
    .description('Key points and attributed quotes of an article (plain text, HTML, URL or - for stdin)')
    .argument('[input]', 'a file, an http(s) URL, or - for stdin; without it, a built-in sample article')
    .option('--json', 'print one JSON object (title, source, keyPoints, quotes, allQuotes)')
    .option('--jsonl', 'batch mode: each input line is {"id","text","title"?}; one output line each')
    .action(async (input: string | undefined, opts: { json?: boolean; jsonl?: boolean }) => {
      if (opts.json && opts.jsonl) throw new CliError('choose one of --json and --jsonl', { exitCode: 2 });
      if (opts.jsonl) return summarizeJsonl(input);
      const article = await loadInput(input);
      const { buildStory } = await import('../../core/story.js');
      const story = buildStory(article, { log: cliQuoteLog });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(storyJson(story))}\n`);
        return;
      }
      process.stdout.write(formatStoryForTerminal(story, { columns: process.stdout.columns ?? 88 }));
    });
}

// Exposed for tests that check the sample exists and reads as an article.
export const readSampleArticle = () => readFileSync(join(packageRoot(), SAMPLE_ARTICLE), 'utf8');
