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
  | { id: number; ok: true; article: Article }
  | { id: number; ok: false; name: string; message: string };

interface Pending {
  resolve: (article: Article) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface Extractor {
  thread: Worker;
  pending: Map<number, Pending>;
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

function watch(thread: Worker): Extractor {
  const self: Extractor = { thread, pending: new Map() };
  thread.unref(); // an idle extractor never keeps the process alive
  thread.on('message', (answer: Answer) => {
    const job = self.pending.get(answer.id);
    if (!job) return;
    self.pending.delete(answer.id);
    clearTimeout(job.timer);
    if (answer.ok) job.resolve(answer.article);
    else if (answer.name === 'NotAnArticleError') job.reject(new NotAnArticleError(answer.message));
    else job.reject(new Error(answer.message));
  });
  const fail = (error: Error) => {
    if (extractor === self) extractor = null;
    for (const [id, job] of self.pending) {
      self.pending.delete(id);
      clearTimeout(job.timer);
      job.reject(error);
    }
  };
  thread.on('error', fail);
  thread.on('exit', () => fail(new Error('the article extractor stopped')));
  return self;
}

/**
 * Extracts the article of an HTML page within a budget.
 * @throws NotAnArticleError when the page has no article text, is over the structural limits, or is
 *   not read within `timeoutMs`.
 */
export function extractArticle(
  html: string,
  url: string | null,
  options: { timeoutMs?: number } = {},
): Promise<Article> {
  const timeoutMs = options.timeoutMs ?? EXTRACTION_BUDGET_MS;
  extractor ??= startExtractor();
  const current = extractor;
  const id = nextId++;
  return new Promise<Article>((resolve, reject) => {
    const timer = setTimeout(() => {
      current.pending.delete(id);
      // Pages queued behind this one on the same thread fail with it; the next call starts a fresh thread.
      if (extractor === current) extractor = null;
      void current.thread.terminate();
      reject(
        new NotAnArticleError(
          `the page${url ? ` ${url}` : ''} was not read within ${Math.round(timeoutMs / 1000)} s (too complex): skipped`,
        ),
      );
    }, timeoutMs);
    current.pending.set(id, { resolve, reject, timer });
    current.thread.ref();
    current.thread.postMessage({ id, html, url });
  }).finally(() => {
    if (current.pending.size === 0) current.thread.unref();
  });
}
