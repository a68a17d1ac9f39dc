/**
 * One line of `digest summarize --jsonl`: the parsed input becomes one output line, a story or an error.
 * Shared by the main thread and the batch's worker threads (jsonl-worker.ts), so that a line's output does
 * not depend on where it ran. Loads no zod: parsing the input line happens on the main thread.
 */
import { articleFromText } from '../adapters/article-loader.js';
import type { QuoteFailure, QuoteLog } from '../core/quotes/index.js';
import { buildStory } from '../core/story.js';
import type { KeyPoint, Quote } from '../core/types.js';

/** An input line that parsed: what a thread needs to summarise it. */
export interface JsonlItem {
  id: string;
  text: string;
  title: string | null;
}

export const keyPointJson = (k: KeyPoint) =>
  k.shown === undefined
    ? { text: k.text, start: k.start, end: k.end }
    : { text: k.text, start: k.start, end: k.end, shown: k.shown };

export const quoteJson = (q: Quote) => ({
  text: q.text,
  start: q.start,
  end: q.end,
  speaker: q.speaker,
  role: q.role,
  speakerRule: q.speakerRule ?? null,
});

export function errorMessage(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

/** The output line of a line that failed: its id when it had one, and the first line of the error. */
export function errorLine(id: string | null, lineNo: number, error: unknown): string {
  const message = error instanceof SyntaxError ? `line ${lineNo}: not valid JSON` : errorMessage(error);
  return JSON.stringify({ id, error: message });
}

/** The output line of one parsed input line: its story, or its error. */
export function storyLine(item: JsonlItem, lineNo: number, log: QuoteLog): string {
  try {
    const article = articleFromText(item.text, { title: item.title });
    const story = buildStory(article, { log });
    return JSON.stringify({
      id: item.id,
      title: story.title,
      keyPoints: story.keyPoints.map(keyPointJson),
      quotes: story.quotes.map(quoteJson),
      allQuotes: story.allQuotes.map(quoteJson),
    });
  } catch (error) {
    return errorLine(item.id, lineNo, error);
  }
}

/** A parsed line on its way to a thread: `seq` is its place in the output. */
export interface JsonlJob {
  seq: number;
  lineNo: number;
  item: JsonlItem;
}

/** A line's output, with the quote warnings it raised (written to stderr when the line is written). */
export interface JsonlDone {
  seq: number;
  out: string;
  warnings: string[];
}

/** Summarises one job on the calling thread. */
export function runJob(job: JsonlJob, warning: (entry: QuoteFailure) => string): JsonlDone {
  const warnings: string[] = [];
  const out = storyLine(job.item, job.lineNo, (entry) => warnings.push(warning(entry)));
  return { seq: job.seq, out, warnings };
}
