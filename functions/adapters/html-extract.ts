/**
 * Article extraction with a hard budget. Readability's cost grows faster than the page: a 23 KB page of
 * 2,000 nested <div>s, or a wide page of thousands of blocks, takes minutes of CPU and would block the
 * event loop so that no per-item or per-source timeout can fire. So:
 * - html-article.ts refuses a page deeper or larger than its structural limits before Readability runs;
 * - extraction runs in a worker thread, and a page that is not done within `timeoutMs` (default
 *   EXTRACTION_BUDGET_MS) is refused and its worker terminated, so the rest of a feed goes on.
 * The worker is kept between pages (starting one costs the module load of linkedom and Readability).
 *
 * The worker file is found next to this module: `html-extract-worker.cjs` (a self-contained bundle, as in
 * a Lambda package), `html-extract-worker.js` (the compiled CLI in dist/), or the TypeScript source under
 * tsx (tests).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Article } from '../core/types.js';
import { NotAnArticleError } from './not-an-article-error.js';

/** The most one page may cost to extract, in ms of wall time (also the CPU it can take). */
export const EXTRACTION_BUDGET_MS = 8_000;

type Answer =
  | { id: number; started: true }
  | { id: number; ok: true; article: Article }
  | { id: number; ok: false; name: string; message: string };

interface Job {
  id: number;
  html: string;
  url: string | null;
  /** How a refusal names the page (html-article.ts articleFromHtml). */
  name: string | null;
  timeoutMs: number;
  resolve: (article: Article) => void;
  reject: (error: Error) => void;
  /** Set when the worker starts the page: the budget counts from then, not from the queue. */
  timer: NodeJS.Timeout | null;
}

interface Extractor {
  thread: Worker;
  pending: Map<number, Job>;
}

let extractor: Extractor | null = null;
let nextId = 0;

function startExtractor(): Extractor {
  for (const name of ['./html-extract-worker.cjs', './html-extract-worker.js']) {
    const file = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(file))) return watch(new Worker(file));
  }
  // Running from the TypeScript sources (tests): load the worker through tsx's loader.
  const source = new URL('./html-extract-worker.ts', import.meta.url).href;
  return watch(
    new Worker(
      `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`,
      { eval: true },
    ),
  );
}

function settled(self: Extractor, job: Job): void {
  self.pending.delete(job.id);
  if (job.timer) clearTimeout(job.timer);
  if (self.pending.size === 0) self.thread.unref(); // an idle extractor never keeps the process alive
}

/**
 * A page overran its budget: its thread is terminated (which stops even a CPU-bound loop) and the page
 * refused. Pages queued behind it on that thread never started; they go to a fresh thread with their
 * full budget, so one hostile page in a feed does not take the pages read alongside it down with it.
 */
function overrun(self: Extractor, job: Job): void {
  settled(self, job);
  if (extractor === self) extractor = null;
  const waiting = [...self.pending.values()];
  self.pending.clear();
  void self.thread.terminate();
  job.reject(
    new NotAnArticleError(
      `the page${job.name ? ` ${job.name}` : ''} was not read within ${Math.round(job.timeoutMs / 1000)} s (too complex): skipped`,
    ),
  );
  for (const next of waiting) submit(next);
}

function watch(thread: Worker): Extractor {
  const self: Extractor = { thread, pending: new Map() };
  thread.unref();
  thread.on('message', (answer: Answer) => {
    const job = self.pending.get(answer.id);
    if (!job) return;
    if ('started' in answer) {
      job.timer = setTimeout(() => overrun(self, job), job.timeoutMs);
      return;
    }
    settled(self, job);
    if (answer.ok) job.resolve(answer.article);
    else if (answer.name === 'NotAnArticleError') job.reject(new NotAnArticleError(answer.message));
    else job.reject(new Error(answer.message));
  });
  // The thread died by itself (it could not load, or a page crashed it): every page on it fails.
  const fail = (error: Error) => {
    if (extractor === self) extractor = null;
    for (const job of [...self.pending.values()]) {
      settled(self, job);
      job.reject(error);
    }
  };
  thread.on('error', fail);
  thread.on('exit', () => fail(new Error('the article extractor stopped')));
  return self;
}

function submit(job: Job): void {
  extractor ??= startExtractor();
  extractor.pending.set(job.id, job);
  extractor.thread.ref();
  extractor.thread.postMessage({ id: job.id, html: job.html, url: job.url, name: job.name });
}

/**
 * Extracts the article of an HTML page within a budget, counted from when the worker starts the page.
 * `name` is how a refusal names the page (a file's path); the URL when not given.
 * @throws NotAnArticleError when the page has no article text, is over the structural limits, or is
 *   not read within `timeoutMs`.
 */
export function extractArticle(
  html: string,
  url: string | null,
  options: { timeoutMs?: number; name?: string } = {},
): Promise<Article> {
  const timeoutMs = options.timeoutMs ?? EXTRACTION_BUDGET_MS;
  const name = options.name ?? url;
  return new Promise<Article>((resolve, reject) => {
    submit({ id: nextId++, html, url, name, timeoutMs, resolve, reject, timer: null });
  });
}
