/**
 * A worker thread of `digest summarize --jsonl` (jsonl-pool.ts): summarises each job it is sent and answers
 * with the output line and its quote warnings. Loads only the summarize path.
 */
import { parentPort } from 'node:worker_threads';
import { type JsonlJob, runJob } from './jsonl-line.js';
import { quoteWarning } from './quote-log.js';

const port = parentPort;
if (port) port.on('message', (job: JsonlJob) => port.postMessage(runJob(job, quoteWarning)));
