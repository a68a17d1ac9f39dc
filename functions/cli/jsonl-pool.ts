/**
 * Worker threads for a large `digest summarize --jsonl` batch. The main thread keeps the queue of parsed
 * lines and summarises lines itself too; each worker holds at most IN_FLIGHT lines, and gets the next ones
 * from the head of the queue as it answers. Answers carry their place in the output, so the caller writes
 * them in input order. A worker that fails (it should not: a line's own errors are its output) gives its
 * lines back to the queue and takes no more.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JsonlDone, JsonlJob } from './jsonl-line.js';

/** Lines a worker holds at once: one to work on, one waiting while the main thread is busy. */
const IN_FLIGHT = 2;

const WORKER_FILE = new URL('./jsonl-worker.js', import.meta.url);

/** Whether workers can start: the compiled worker is beside this module (not when running from sources). */
export const workersAvailable = (): boolean => existsSync(fileURLToPath(WORKER_FILE));

interface Thread {
  worker: Worker;
  jobs: Map<number, JsonlJob>;
  alive: boolean;
  answered: number;
}

export class JsonlPool {
  private readonly threads: Thread[] = [];
  private wake: (() => void) | null = null;

  constructor(
    count: number,
    private readonly queue: JsonlJob[],
    private readonly done: (answer: JsonlDone) => void,
    /** The worker's module: jsonl-worker.js beside this one (tests give others). */
    private readonly workerFile: URL = WORKER_FILE,
  ) {
    for (let i = 0; i < count; i++) this.threads.push(this.start());
  }

  /** Lines each worker answered. */
  answered(): number[] {
    return this.threads.map((thread) => thread.answered);
  }

  /** Gives queued lines to the workers that have room. */
  dispatch(): void {
    for (const thread of this.threads) {
      while (thread.alive && thread.jobs.size < IN_FLIGHT) {
        const job = this.queue.shift();
        if (!job) return;
        thread.jobs.set(job.seq, job);
        thread.worker.postMessage(job);
      }
    }
  }

  /** Whether a worker still holds lines. */
  busy(): boolean {
    return this.threads.some((thread) => thread.jobs.size > 0);
  }

  /** Resolves at the next answer or failure of a worker. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private start(): Thread {
    const worker = new Worker(this.workerFile);
    const thread: Thread = { worker, jobs: new Map(), alive: true, answered: 0 };
    worker.on('message', (answer: JsonlDone) => {
      thread.jobs.delete(answer.seq);
      thread.answered++;
      this.done(answer);
      this.dispatch();
      this.notify();
    });
    const fail = () => {
      if (!thread.alive) return;
      thread.alive = false;
      this.queue.unshift(...[...thread.jobs.values()].sort((a, b) => a.seq - b.seq));
      thread.jobs.clear();
      this.notify();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return thread;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
