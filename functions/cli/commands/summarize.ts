import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import { articleFromText, loadArticle } from '../../adapters/article-loader.js';
import { buildStory } from '../../core/story.js';
import type { Article, KeyPoint, Quote, Story } from '../../core/types.js';
import { CliError } from '../cli-error.js';
import { packageRoot } from '../package-root.js';
import { cliQuoteLog } from '../quote-log.js';
import { formatStoryForTerminal } from '../terminal-view.js';

/** The article summarised when no input is given: our own sample, so `npx digest summarize` just works. */
export const SAMPLE_ARTICLE = 'functions/cli/samples/harbour-ferry.txt';

const JsonlLine = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    text: z.string().optional(),
    article: z.string().optional(),
    title: z.string().nullable().optional(),
  })
  .refine((l) => l.text !== undefined || l.article !== undefined, { message: 'missing "text"' });

const keyPointJson = (k: KeyPoint) =>
  k.shown === undefined
    ? { text: k.text, start: k.start, end: k.end }
    : { text: k.text, start: k.start, end: k.end, shown: k.shown };
const quoteJson = (q: Quote) => ({
  text: q.text,
  start: q.start,
  end: q.end,
  speaker: q.speaker,
  role: q.role,
  speakerRule: q.speakerRule ?? null,
});

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

const allowLoopback = () => process.env.DIGEST_ALLOW_LOOPBACK === '1';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function loadInput(input: string | undefined): Promise<Article> {
  if (input === undefined) {
    return loadArticle(join(packageRoot(), SAMPLE_ARTICLE), { readStdin });
  }
  return loadArticle(input, { allowLoopback: allowLoopback(), readStdin });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

/** Batch mode: one JSON object per input line, one output line per input line, in order. */
async function summarizeJsonl(input: string | undefined): Promise<void> {
  const stream = input === undefined || input === '-' ? process.stdin : createReadStream(input, 'utf8');
  stream.on('error', () => {}); // reported below through the readline iterator
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  const out: string[] = [];
  const flush = () => {
    if (out.length) process.stdout.write(`${out.join('\n')}\n`);
    out.length = 0;
  };
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      let id: string | null = null;
      try {
        const raw: unknown = JSON.parse(line);
        if (raw && typeof raw === 'object' && 'id' in raw) id = String((raw as { id: unknown }).id);
        const parsed = JsonlLine.safeParse(raw);
        if (!parsed.success)
          throw new Error(`line ${lineNo}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        const text = parsed.data.text ?? parsed.data.article ?? '';
        const article = articleFromText(text, { title: parsed.data.title ?? null });
        const story = buildStory(article, { log: cliQuoteLog });
        out.push(
          JSON.stringify({
            id: parsed.data.id,
            title: story.title,
            keyPoints: story.keyPoints.map(keyPointJson),
            quotes: story.quotes.map(quoteJson),
            allQuotes: story.allQuotes.map(quoteJson),
          }),
        );
      } catch (error) {
        const message = error instanceof SyntaxError ? `line ${lineNo}: not valid JSON` : errorMessage(error);
        out.push(JSON.stringify({ id, error: message }));
      }
      if (out.length >= 64) flush();
    }
  } catch (error) {
    flush();
    throw new CliError(`cannot read ${input ?? 'stdin'}: ${errorMessage(error)}`, { cause: error });
  }
  flush();
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
