// `digest summarize --jsonl` on several threads writes exactly what it writes on one, and loads the
// summarizer with the build's code cache, or without it when the cache does not fit.
import { describe, expect, it } from 'vitest';
import { batchLines } from '../support/batch-lines.js';
import { runCli } from '../support/cli.js';

const DEBUG_LINE =
  /^digest: debug: lines summarised per thread \(main first\): ([\d, ]+); summarizer: (.+)$/m;

async function batch(input: string, env: NodeJS.ProcessEnv) {
  const result = await runCli(['summarize', '--jsonl', '-'], { input, env: { DIGEST_DEBUG: '1', ...env } });
  expect(result.code).toBe(0);
  const debug = DEBUG_LINE.exec(result.stderr);
  expect(debug, result.stderr).not.toBeNull();
  return {
    stdout: result.stdout,
    stderr: result.stderr.replace(DEBUG_LINE, ''),
    perThread: (debug?.[1] ?? '').split(', ').map(Number),
    summarizer: debug?.[2],
  };
}

/** Each line's id, or null when the line is not JSON. */
const idOf = (line: string): string | null => {
  try {
    return (JSON.parse(line) as { id: string }).id;
  } catch {
    return null;
  }
};
/** Lines that reach the summarizer: JSON with a text. */
const summarisable = (lines: string[]) =>
  lines.filter((l) => idOf(l) !== null && l.includes('"text"')).length;

describe('digest summarize --jsonl on worker threads', () => {
  const lines = batchLines(90);
  const input = lines.join('\n');

  it('writes the same lines, in the same order, with the same errors, as on one thread', async () => {
    const one = await batch(input, { DIGEST_JSONL_THREADS: '1' });
    const three = await batch(input, { DIGEST_JSONL_THREADS: '3' });
    expect(one.perThread).toEqual([summarisable(lines)]);
    expect(three.perThread).toHaveLength(3);
    expect(three.perThread.reduce((a, b) => a + b, 0)).toBe(summarisable(lines));
    for (const n of three.perThread.slice(1)) expect(n).toBeGreaterThan(0);
    expect(three.stdout).toBe(one.stdout);
    expect(three.stderr).toBe(one.stderr);
    const out = three.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string | null; error?: string; keyPoints?: unknown[] });
    expect(out.map((l) => l.id)).toEqual(lines.map(idOf));
    expect(new Set(out.filter((l) => l.id === 'blank').map((l) => l.error))).toEqual(
      new Set(['article text is empty']),
    );
    expect(new Set(out.filter((l) => l.id === 'binary').map((l) => l.error))).toEqual(
      new Set(['article text is binary (it contains NUL bytes)']),
    );
    expect(out.filter((l) => l.keyPoints).length).toBe(summarisable(lines) - 4);
  });

  it('reads a line whose text is an HTML page as a page, on worker threads as on one: no markup in its key points', async () => {
    const pages = lines
      .map((line) => {
        try {
          return JSON.parse(line) as { id: string; text?: string };
        } catch {
          return null;
        }
      })
      .filter((line) => /^<!doctype html>/i.test(line?.text ?? ''))
      .map((line) => line?.id);
    expect(pages.length).toBeGreaterThan(2);
    const three = await batch(input, { DIGEST_JSONL_THREADS: '3' });
    const out = three.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; keyPoints?: { text: string }[] });
    for (const id of pages) {
      const line = out.find((l) => l.id === id);
      expect(line?.keyPoints?.length, id).toBeGreaterThan(0);
      for (const point of line?.keyPoints ?? []) expect(point.text, id).not.toMatch(/<\/?[a-z!][^>]*>/i);
    }
  });

  it('runs a short batch on the main thread alone', async () => {
    const short = await batch(lines.slice(0, 20).join('\n'), { DIGEST_JSONL_THREADS: '3' });
    expect(short.perThread).toEqual([summarisable(lines.slice(0, 20))]);
  });
});

describe('digest summarize --jsonl and the code cache', () => {
  const input = batchLines(12).join('\n');

  it('loads the summarizer with the code cache the build made', async () => {
    expect((await batch(input, {})).summarizer).toBe('code cache');
  });

  it('runs without it, writing the same, when V8 runs with other settings', async () => {
    const cached = await batch(input, {});
    const other = await batch(input, { NODE_OPTIONS: '--max-old-space-size=1000' });
    expect(other.summarizer).toBe('bundle');
    expect(other.stdout).toBe(cached.stdout);
    expect(other.stderr).toBe(cached.stderr);
  });
});
