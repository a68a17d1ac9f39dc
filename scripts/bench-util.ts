// Small statistics and table helpers shared by the bench parts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..');
export const SHARED = join(REPO_ROOT, '../shared');
export const CLI = join(REPO_ROOT, 'dist/functions/cli/main.js');

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

/** Runs `fn` `repeat` times and returns each duration in milliseconds. */
export async function timeRuns(repeat: number, fn: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/**
 * A node option that makes the process write the CPU time it used (user + system, all its threads, in ms) to
 * `file` when it exits: the batch's own cost, whatever else the machine runs at the time.
 */
export function cpuReport(file: string): string {
  const code = `import { writeFileSync } from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); writeFileSync(${JSON.stringify(file)}, String((u.user + u.system) / 1000)); });`;
  return `--import=data:text/javascript,${encodeURIComponent(code)}`;
}
