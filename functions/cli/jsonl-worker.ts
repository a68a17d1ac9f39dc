/**
 * A worker thread of `digest summarize --jsonl` (jsonl-pool.ts): summarises each job it is sent and answers
 * with the output line and its quote warnings. Loads only the summarizer (story-runner.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { JsonlJob } from './jsonl-line.js';
import { quoteWarning } from './quote-log.js';
import { loadStoryRunner } from './story-runner.js';

const port = parentPort;
if (port) {
  const { runJob } = await loadStoryRunner();
  port.on('message', (job: JsonlJob) => port.postMessage(runJob(job, quoteWarning)));
}
