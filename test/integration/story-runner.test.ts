// How the jsonl batch loads its summarizer (functions/cli/story-runner.ts), on copies of the build's bundle and
// code cache: whatever is wrong with them, it still loads, and every way summarises the same. This test
// process runs under the CLI's V8 settings (vitest runs each test file in a process of its own), as the
// build's cache needs.

import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { JsonlJob } from '../../functions/cli/jsonl-line.js';
import { runJob } from '../../functions/cli/jsonl-story.js';
import { quoteWarning } from '../../functions/cli/quote-log.js';
import {
  BUNDLE_FILE,
  CACHE_FILE,
  CACHE_KEY_FILE,
  cacheKey,
  loadStoryRunner,
} from '../../functions/cli/story-runner.js';
import { CLI_V8_FLAGS } from '../../functions/cli/v8-flags.js';
import { fixtureTexts } from '../support/batch-lines.js';
import { REPO_ROOT } from '../support/cli.js';

setFlagsFromString(CLI_V8_FLAGS);

const BUILT = join(REPO_ROOT, 'dist/functions/cli');

/** A folder holding copies of the built bundle, cache and key. */
function builtCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'story-runner-'));
  for (const file of [BUNDLE_FILE, CACHE_FILE, CACHE_KEY_FILE])
    copyFileSync(join(BUILT, file), join(dir, file));
  return dir;
}

const JOBS: JsonlJob[] = [...fixtureTexts(), ''].map((text, i) => ({
  seq: i,
  lineNo: i + 1,
  item: { id: String(i), text, title: i % 2 ? 'A title' : null },
}));
const EXPECTED = JOBS.map((job) => runJob(job, quoteWarning));

async function loadedFrom(dir: string) {
  const runner = await loadStoryRunner(dir);
  expect(JOBS.map((job) => runner.runJob(job, quoteWarning))).toEqual(EXPECTED);
  return runner.from;
}

describe('loadStoryRunner', () => {
  it('keys the build cache to this Node and this bundle', () => {
    const source = readFileSync(join(BUILT, BUNDLE_FILE), 'utf8');
    expect(readFileSync(join(BUILT, CACHE_KEY_FILE), 'utf8')).toBe(cacheKey(source));
  });

  it('uses the cache of an intact copy', async () => {
    expect(await loadedFrom(builtCopy())).toBe('code cache');
  });

  it('uses the bundle alone when the key does not match', async () => {
    const dir = builtCopy();
    writeFileSync(join(dir, CACHE_KEY_FILE), 'v0.0.0 x64 0\n');
    expect(await loadedFrom(dir)).toBe('bundle');
  });

  it('uses the bundle alone when V8 refuses the cache', async () => {
    const dir = builtCopy();
    writeFileSync(join(dir, CACHE_FILE), Buffer.alloc(4096, 7));
    expect(await loadedFrom(dir)).toBe('bundle');
  });

  it('imports the modules when there is no bundle, or a damaged one', async () => {
    expect(await loadedFrom(mkdtempSync(join(tmpdir(), 'story-runner-')))).toBe('modules');
    const dir = builtCopy();
    writeFileSync(join(dir, BUNDLE_FILE), 'exports.runJob = (');
    expect(await loadedFrom(dir)).toBe('modules');
  });
});
