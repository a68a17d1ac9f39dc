/**
 * The lines of `digest summarize --jsonl` and what passes between its threads: the JSON of a story's parts,
 * an error line, a job and its answer. Light: the summarizer itself is loaded by jsonl-story.ts.
 */
import type { KeyPoint, Quote } from '../core/types.js';

/** An input line that parsed: what a thread needs to summarise it. */
export interface JsonlItem {
  id: string;
  text: string;
  title: string | null;
  /** The byline of a line whose text was an HTML page (jsonl-batch.ts), for the furniture it marks. */
  byline?: string | null;
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
