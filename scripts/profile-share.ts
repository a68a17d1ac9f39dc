// The share of a CLI run's time spent inside given functions, read from V8's CPU profile
// (`node --cpu-prof`): a sample counts for a function when the function is anywhere on its stack, so
// the figure is inclusive (callees count) and a recursive call counts once.
//
// This is how `npm run bench` and `npm run eval` measure what the quote finder adds to the summarize
// batch: the real batch, cold, as a user runs it, instead of the finder timed alone after warm-up
// passes (warm code runs about twice as fast as the batch's first pass, so a warm figure flatters it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfiledRun {
  /** Sampled time of the whole process, in ms. */
  totalMs: number;
  /** Inclusive sampled time per function name asked for, in ms. */
  inclusiveMs: Record<string, number>;
}

/** Inclusive time of each named function in a parsed profile. */
export function inclusiveTimes(profile: CpuProfile, names: readonly string[]): ProfiledRun {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const perNode = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    perNode.set(id, (perNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const wanted = new Set(names);
  const inclusiveMs = Object.fromEntries(names.map((n) => [n, 0]));
  let total = 0;
  for (const [id, micros] of perNode) {
    total += micros;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = byId.get(cur)?.callFrame.functionName ?? '';
      if (wanted.has(name) && !seen.has(name)) {
        seen.add(name);
        inclusiveMs[name] = (inclusiveMs[name] ?? 0) + micros / 1000;
      }
    }
  }
  return { totalMs: total / 1000, inclusiveMs };
}

/**
 * Runs `node --cpu-prof <args>` once and returns its profile. One thread (`DIGEST_JSONL_THREADS=1`): a
 * worker thread would write a profile of its own, and the one profile should hold the whole batch.
 */
export function profileOnce(args: readonly string[]): CpuProfile {
  const dir = mkdtempSync(join(tmpdir(), 'profile-share-'));
  try {
    const res = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...args], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: {
        ...process.env,
        DIGEST_JSONL_THREADS: '1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    if (res.status !== 0) throw new Error(`profiled run failed (${res.status}): ${res.stderr.slice(0, 300)}`);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the profiled run wrote no .cpuprofile');
    return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `runs` profiled runs of `node <args>`, each reduced to the inclusive times of `names`. */
export function profiledRuns(args: readonly string[], names: readonly string[], runs: number): ProfiledRun[] {
  return Array.from({ length: runs }, () => inclusiveTimes(profileOnce(args), names));
}

/** The time of one run inside any of `names`, in ms (summed; the names must not call each other). */
export function inclusiveSum(run: ProfiledRun, names: readonly string[]): number {
  return names.reduce((s, n) => s + (run.inclusiveMs[n] ?? 0), 0);
}

/** The share of each run's time inside any of `names` (see `inclusiveSum`). */
export function sharesOf(runs: readonly ProfiledRun[], names: readonly string[]): number[] {
  return runs.map((r) => inclusiveSum(r, names) / r.totalMs);
}

/** The functions that make a story's quotes: finding them, setting aside those a key point says, choosing the ones the email shows. */
export const QUOTE_FUNCTIONS = ['findQuotes', 'quotesBesides', 'selectQuotes'] as const;
