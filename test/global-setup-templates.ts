/**
 * vitest globalSetup: the rendering code imports functions/adapters/templates.gen.ts, which
 * scripts/compile-templates.mjs writes from templates/*.mjml. Compile when the file is missing or
 * older than any template, so that `npm test` works on a fresh clone without a build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const generated = join(root, 'functions/adapters/templates.gen.ts');

function newestTemplate(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestTemplate(path));
    else if (entry.name.endsWith('.mjml')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const stale =
    !existsSync(generated) ||
    statSync(generated).mtimeMs < newestTemplate(join(root, 'templates')) ||
    statSync(generated).mtimeMs < statSync(join(root, 'scripts/compile-templates.mjs')).mtimeMs;
  if (stale)
    execFileSync(process.execPath, [join(root, 'scripts/compile-templates.mjs')], {
      cwd: root,
      stdio: 'inherit',
    });
}
