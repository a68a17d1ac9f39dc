// Builds the CLI and handlers to plain JavaScript under dist/ (run by `npm ci` through `prepare`).
// Step 1 compiles the MJML templates to HTML with escaped slots (functions/adapters/*.gen.ts),
// so that nothing runs MJML at send time, and the quote finder's word lists (data/*.txt) into
// functions/core/quotes/word-lists.gen.ts; step 2 is tsc; step 3 bundles the jsonl batch's summarizer and
// saves V8's code cache of it (scripts/build-code-cache.mjs).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

if (existsSync(join(root, 'scripts/compile-templates.mjs')))
  run(process.execPath, ['scripts/compile-templates.mjs']);
run(process.execPath, ['scripts/run-tsx.mjs', 'scripts/compile-quote-word-lists.ts']);
// dist/ is not emptied first: other processes (a running `digest dev`, a test run) may be using it,
// and tsc rewrites every file it emits.
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
chmodSync(join(root, 'dist/functions/cli/main.js'), 0o755);
run(process.execPath, ['scripts/build-code-cache.mjs']);
