/**
 * The worker thread that runs Readability for `extractArticle` (html-extract.ts): each message is one
 * page; the answer is the article or the error's name and message. The parent terminates this thread
 * when a page overruns its budget, which stops even a CPU-bound loop.
 */
import { parentPort } from 'node:worker_threads';
import { articleFromHtml } from './html-article.js';

interface Job {
  id: number;
  html: string;
  url: string | null;
  name: string | null;
}

parentPort?.on('message', (job: Job) => {
  // The parent's budget for this page starts now, not when it was queued behind others.
  parentPort?.postMessage({ id: job.id, started: true });
  try {
    parentPort?.postMessage({
      id: job.id,
      ok: true,
      article: articleFromHtml(job.html, job.url, job.name ? { name: job.name } : {}),
    });
  } catch (error) {
    const e = error as Error;
    parentPort?.postMessage({
      id: job.id,
      ok: false,
      name: e?.name ?? 'Error',
      message: e?.message ?? String(e),
    });
  }
});
