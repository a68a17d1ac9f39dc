/**
 * `digest summarize --jsonl`: one JSON object per input line, one output line per input line, in order.
 * On one thread each line is summarised as it is read. Given more (commands/summarize.ts chooses), a
 * batch of LOOKAHEAD lines or more is shared between the main thread and worker threads (jsonl-pool.ts), and
 * a shorter one runs on the main thread once it has been read. Either way a line's output and its quote
 * warnings are written in input order, 64 output lines at a time.
 *
 * A line whose text is an HTML page (looksLikeHtml) has its article extracted first, as `digest summarize FILE`
 * extracts a page (html-extract.ts: Readability in a worker thread, within the page budget), while the batch
 * goes on; its title is still the line's own. Only such lines load the extractor: a batch of plain text never does.
 */

import { z } from 'zod';
import { looksLikeHtml } from '../adapters/article-loader.js';
import { productErrorMap } from '../core/validation-words.js';
import { errorLine, type JsonlDone, type JsonlItem, type JsonlJob } from './jsonl-line.js';
import { JsonlPool } from './jsonl-pool.js';
import { quoteWarning } from './quote-log.js';
import { loadStoryRunner, type StoryRunner } from './story-runner.js';

/** Lines read ahead of the main thread when workers may help; a batch this long starts them. */
export const LOOKAHEAD = 64;
const FLUSH_EVERY = 64;
/** Pages of a batch being extracted at once, at most: enough to keep the extractor busy, not the whole input. */
const MAX_EXTRACTING = 4;

const JsonlLine = z
  .object({
    id: z
      .union([z.string(), z.number()], { errorMap: () => ({ message: '"id" must be a string or a number' }) })
      .transform(String),
    text: z.string().optional(),
    article: z.string().optional(),
    title: z.string().nullable().optional(),
  })
  .refine((l) => l.text !== undefined || l.article !== undefined, { message: 'missing "text"' });

/** One validation problem as a reader can act on it: the field it is about, then what is wrong. */
function issueText(issue: z.ZodIssue | undefined): string {
  if (!issue) return 'invalid';
  const field = issue.path.join('.');
  return field && !issue.message.includes(`"${field}"`) ? `"${field}": ${issue.message}` : issue.message;
}

/** A parsed line, or the error line it gets. */
function parseLine(line: string, lineNo: number): JsonlItem | string {
  let id: string | null = null;
  try {
    const raw: unknown = JSON.parse(line);
    if (raw && typeof raw === 'object' && 'id' in raw) id = String((raw as { id: unknown }).id);
    const parsed = JsonlLine.safeParse(raw, { errorMap: productErrorMap });
    if (!parsed.success) throw new Error(`line ${lineNo}: ${issueText(parsed.error.issues[0])}`);
    const text = parsed.data.text ?? parsed.data.article ?? '';
    return { id: parsed.data.id, text, title: parsed.data.title ?? null };
  } catch (error) {
    return errorLine(id, lineNo, error);
  }
}

/** Holds answers until every earlier line has one, then writes them in order. */
class OrderedOutput {
  private readonly ready = new Map<number, JsonlDone>();
  private next = 0;
  private readonly out: string[] = [];

  put(answer: JsonlDone): void {
    this.ready.set(answer.seq, answer);
    for (let done = this.ready.get(this.next); done; done = this.ready.get(this.next)) {
      this.ready.delete(this.next++);
      for (const warning of done.warnings) process.stderr.write(warning);
      this.out.push(done.out);
      if (this.out.length >= FLUSH_EVERY) this.flush();
    }
  }

  flush(): void {
    if (this.out.length) process.stdout.write(`${this.out.join('\n')}\n`);
    this.out.length = 0;
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A batch under way: the parsed lines not yet given out, the workers, the output, the main thread's summarizer. */
interface Batch {
  queue: JsonlJob[];
  pool: JsonlPool | null;
  output: OrderedOutput;
  run: ((job: JsonlJob) => JsonlDone) | null;
  /** How the main thread's summarizer was loaded (story-runner.ts), once it was. */
  from: StoryRunner['from'] | null;
  /** Lines the main thread summarised. */
  answered: number;
  /** Pages whose article is being extracted; each puts its job on the queue (or its error line out) when done. */
  extracting: Set<Promise<void>>;
}

/** What a batch did, for DIGEST_DEBUG: lines summarised by each thread (the main thread first). */
export interface BatchStats {
  perThread: number[];
  summarizer: StoryRunner['from'] | null;
}

/**
 * The summarizer on the main thread, loaded when the main thread first needs it: after the workers are
 * started, so that their start and this load overlap.
 */
async function runner(batch: Batch): Promise<(job: JsonlJob) => JsonlDone> {
  if (!batch.run) {
    const { runJob, from } = await loadStoryRunner();
    batch.from = from;
    batch.run = (job) => {
      batch.answered++;
      return runJob(job, quoteWarning);
    };
  }
  return batch.run;
}

/** Summarises queued lines on the main thread until `keep` are left, letting workers answer in between. */
async function work(batch: Batch, keep: number): Promise<void> {
  if (batch.queue.length <= keep) return;
  const run = await runner(batch);
  while (batch.queue.length > keep) {
    batch.output.put(run(batch.queue.shift() as JsonlJob));
    if (!batch.pool) continue;
    batch.pool.dispatch();
    await nextTurn();
  }
}

/** The line of a page with its article's text in place of the markup (the title stays the line's), or its error line. */
async function extracted(job: JsonlJob): Promise<JsonlJob | string> {
  try {
    const { extractArticle } = await import('../adapters/html-extract.js');
    const article = await extractArticle(job.item.text, null);
    return { ...job, item: { ...job.item, text: article.source, byline: article.byline } };
  } catch (error) {
    return errorLine(job.item.id, job.lineNo, error);
  }
}

/** Starts extracting a page's article, once fewer than MAX_EXTRACTING are under way. */
async function extract(batch: Batch, job: JsonlJob): Promise<void> {
  while (batch.extracting.size >= MAX_EXTRACTING) await Promise.race(batch.extracting);
  const done: Promise<void> = extracted(job)
    .then((result) => {
      if (typeof result === 'string') batch.output.put({ seq: job.seq, out: result, warnings: [] });
      else batch.queue.push(result);
    })
    .finally(() => batch.extracting.delete(done));
  batch.extracting.add(done);
}

/** The lines still queued, held by workers or being extracted, once the input has ended. */
async function finish(batch: Batch): Promise<void> {
  while (batch.queue.length > 0 || batch.pool?.busy() || batch.extracting.size > 0) {
    if (batch.queue.length > 0) await work(batch, 0);
    else if (batch.pool?.busy()) await Promise.race([batch.pool.next(), ...batch.extracting]);
    else await Promise.race(batch.extracting);
  }
}

/** Reads the lines, summarising them as they come (one thread) or LOOKAHEAD at a time (with workers). */
async function readAll(lines: AsyncIterable<string>, threads: number, batch: Batch): Promise<void> {
  let seq = 0;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const item = parseLine(line, lineNo);
    if (typeof item === 'string') batch.output.put({ seq: seq++, out: item, warnings: [] });
    else if (looksLikeHtml(item.text)) await extract(batch, { seq: seq++, lineNo, item });
    else batch.queue.push({ seq: seq++, lineNo, item });
    if (threads <= 1) await work(batch, 0);
    else if (batch.queue.length >= LOOKAHEAD) {
      batch.pool ??= new JsonlPool(threads - 1, batch.queue, (answer) => batch.output.put(answer));
      await work(batch, LOOKAHEAD / 2);
    }
  }
}

/**
 * Runs the batch over `lines` with up to `threads` threads (the main thread and threads − 1 workers).
 * An error of the input itself (a read error) is thrown once the lines read before it are written.
 */
export async function summarizeLines(lines: AsyncIterable<string>, threads: number): Promise<BatchStats> {
  const batch: Batch = {
    queue: [],
    pool: null,
    output: new OrderedOutput(),
    run: null,
    from: null,
    answered: 0,
    extracting: new Set(),
  };
  let readError: { error: unknown } | null = null;
  try {
    await readAll(lines, threads, batch);
  } catch (error) {
    readError = { error };
  }
  try {
    await finish(batch);
  } finally {
    batch.output.flush();
    await batch.pool?.close();
  }
  if (readError) throw readError.error;
  return { perThread: [batch.answered, ...(batch.pool?.answered() ?? [])], summarizer: batch.from };
}
