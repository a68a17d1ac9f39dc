/**
 * One line of `digest summarize --jsonl` summarised: the parsed input becomes one output line, a story or an
 * error. Shared by the main thread and the batch's worker threads (jsonl-worker.ts), so that a line's output
 * does not depend on where it ran.
 */
import { articleFromText } from '../adapters/article-loader.js';
import type { QuoteFailure, QuoteLog } from '../core/quotes/index.js';
import { buildStory } from '../core/story.js';
import {
  errorLine,
  type JsonlDone,
  type JsonlItem,
  type JsonlJob,
  keyPointJson,
  quoteJson,
} from './jsonl-line.js';

/** The output line of one parsed input line: its story, or its error. */
export function storyLine(item: JsonlItem, lineNo: number, log: QuoteLog): string {
  try {
    const text = articleFromText(item.text, { title: item.title });
    // a page's byline (jsonl-batch.ts extracted its article) marks the byline lines left in its text as furniture
    const article = item.byline ? { ...text, byline: item.byline } : text;
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

/** Summarises one job on the calling thread. */
export function runJob(job: JsonlJob, warning: (entry: QuoteFailure) => string): JsonlDone {
  const warnings: string[] = [];
  const out = storyLine(job.item, job.lineNo, (entry) => warnings.push(warning(entry)));
  return { seq: job.seq, out, warnings };
}
