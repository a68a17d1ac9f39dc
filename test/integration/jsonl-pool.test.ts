// The jsonl batch's worker threads (functions/cli/jsonl-pool.ts), on the built worker: a line's story or
// error comes back from a worker exactly as the main thread makes it, and a worker that dies gives its
// lines back.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { JsonlDone, JsonlJob } from '../../functions/cli/jsonl-line.js';
import { JsonlPool } from '../../functions/cli/jsonl-pool.js';
import { runJob } from '../../functions/cli/jsonl-story.js';
import { quoteWarning } from '../../functions/cli/quote-log.js';
import { fixtureTexts } from '../support/batch-lines.js';
import { REPO_ROOT } from '../support/cli.js';

const BUILT_WORKER = pathToFileURL(join(REPO_ROOT, 'dist/functions/cli/jsonl-worker.js'));

function jobs(): JsonlJob[] {
  const texts = [...fixtureTexts(), '   ', 'A\u0000B'];
  return texts.map((text, i) => ({ seq: i, lineNo: i + 1, item: { id: `a${i}`, text, title: null } }));
}

/** Runs every job on the pool's workers only, and returns the answers in order. */
async function onWorkers(count: number, workerFile: URL, queue: JsonlJob[]) {
  const answers: JsonlDone[] = [];
  const pool = new JsonlPool(count, queue, (answer) => answers.push(answer), workerFile);
  pool.dispatch();
  while (pool.busy()) await pool.next();
  const answered = pool.answered();
  await pool.close();
  return { answers: answers.sort((a, b) => a.seq - b.seq), answered };
}

describe('JsonlPool', () => {
  it('answers each line as the main thread does, an article error included', async () => {
    const queue = jobs();
    const expected = queue.map((job) => runJob(job, quoteWarning));
    const { answers, answered } = await onWorkers(2, BUILT_WORKER, queue);
    expect(queue).toEqual([]);
    expect(answered.reduce((a, b) => a + b, 0)).toBe(expected.length);
    expect(answers).toEqual(expected);
    expect(answers.at(-2)?.out).toBe(
      JSON.stringify({ id: `a${expected.length - 2}`, error: 'article text is empty' }),
    );
    expect(answers.at(-1)?.out).toMatch(/"error":"article text is binary/);
  });

  it('gives the lines of a worker that died back to the queue, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jsonl-pool-'));
    const dying = join(dir, 'dying-worker.mjs');
    writeFileSync(dying, 'process.exit(3);\n');
    const queue = jobs();
    const { answers, answered } = await onWorkers(1, pathToFileURL(dying), queue);
    expect(answers).toEqual([]);
    expect(answered).toEqual([0]);
    expect(queue.map((job) => job.seq)).toEqual(jobs().map((job) => job.seq));
  });
});
