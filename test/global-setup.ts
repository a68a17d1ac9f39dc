// Runs once before the suite: rebuilds dist/ (templates, then tsc) when any source is newer than
// the built CLI, so that end-to-end tests always drive the code under test. A failed build is
// reported but not fatal here: the end-to-end tests then fail on their own, with the reason.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const BUILT = join(root, 'dist/functions/cli/main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!entry.name.endsWith('.gen.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const sources = Math.max(newestMtime(join(root, 'functions')), newestMtime(join(root, 'templates')));
  const built = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
  if (built >= sources) return;
  // one build at a time when several test runs start together on one checkout
  const lock = join(root, 'dist.build-lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      if (
        Date.now() > deadline ||
        Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 120_000
      ) {
        rmSync(lock, { force: true });
        continue;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    const builtNow = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
    if (builtNow < sources)
      execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const out = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    process.stderr.write(`global-setup: build failed; end-to-end tests will fail\n${out.slice(0, 4000)}\n`);
  } finally {
    rmSync(lock, { force: true });
  }
}
