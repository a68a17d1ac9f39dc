/**
 * The jsonl batch's summarizer (jsonl-story.ts), loaded the fastest way the build left: a batch is short,
 * and much of its CPU goes to code that runs cold, parsed and compiled on its first call. `npm run build`
 * bundles jsonl-story.js and what it imports into one CommonJS file beside it, runs it over the sample
 * article and the primers (samples/primers), and saves V8's code cache of every function compiled by then
 * (scripts/build-code-cache.mjs). Each thread of a batch compiles the bundle with that cache, so those
 * functions are not compiled again.
 *
 * The cache is used only when its key (Node's version, the architecture, the bundle's SHA-256) matches;
 * V8 itself refuses a cache from other flags or another V8 and then compiles the bundle as usual. Without
 * the bundle (running from the sources), the modules are imported. Every way runs the same code.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { runJob } from './jsonl-story.js';

export type RunJob = typeof runJob;

export const BUNDLE_FILE = 'jsonl-story.cjs';
export const CACHE_FILE = 'jsonl-story.cache';
export const CACHE_KEY_FILE = 'jsonl-story.cache-key';

export interface StoryRunner {
  runJob: RunJob;
  /** How it was loaded: the bundle with the build's code cache, the bundle alone, or the modules. */
  from: 'code cache' | 'bundle' | 'modules';
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** The key a cache is saved and looked up under. */
export function cacheKey(bundleSource: string): string {
  const sha = createHash('sha256').update(bundleSource).digest('hex');
  return `${process.version} ${process.arch} ${sha}\n`;
}

/** Compiles and runs the bundle as a CommonJS module (with `cachedData` when given). */
export function compileBundle(dir: string, source: string, cachedData?: Buffer) {
  const filename = join(dir, BUNDLE_FILE);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as { runJob?: RunJob } };
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, dir);
  if (typeof module.exports.runJob !== 'function') throw new Error(`${filename} exports no runJob`);
  return { script, runJob: module.exports.runJob };
}

const readOrNull = (path: string): Buffer | null => {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
};

function fromBundle(dir: string): StoryRunner | null {
  const source = readOrNull(join(dir, BUNDLE_FILE))?.toString('utf8');
  if (source === undefined) return null;
  const keyMatches = readOrNull(join(dir, CACHE_KEY_FILE))?.toString('utf8') === cacheKey(source);
  const cache = keyMatches ? (readOrNull(join(dir, CACHE_FILE)) ?? undefined) : undefined;
  const { script, runJob } = compileBundle(dir, source, cache);
  return { runJob, from: cache && !script.cachedDataRejected ? 'code cache' : 'bundle' };
}

/** The summarizer from the bundle in `dir` (with its code cache when it fits), else from the modules. */
export async function loadStoryRunner(dir: string = HERE): Promise<StoryRunner> {
  try {
    const runner = fromBundle(dir);
    if (runner) return runner;
  } catch {
    // a damaged bundle: the modules below hold the same code
  }
  const { runJob } = await import('./jsonl-story.js');
  return { runJob, from: 'modules' };
}
