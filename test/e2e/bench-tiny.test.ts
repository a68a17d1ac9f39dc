// The bench is not a test of speed: CI only checks that every part of `npm run bench` runs, on a tiny input.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';

it('npm run bench -- --tiny runs every part and prints its tables', () => {
  const result = spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'scripts/run-tsx.mjs'), 'scripts/bench.ts', '--tiny'],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 240_000,
    },
  );
  expect(result.stderr).not.toMatch(/Error|failed/);
  expect(result.status).toBe(0);
  for (const section of [
    '## Summarize',
    '## Render',
    '## Delivery',
    '## Fan-out paging',
    '## Lambda bundles',
    '## Scale on paper',
  ]) {
    expect(result.stdout).toContain(section);
  }
  expect(result.stdout).not.toContain('fails to load');
}, 300_000);
