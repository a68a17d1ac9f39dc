/**
 * The repository's own text: no merge left half done in any tracked text file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'cdk.out', 'test-results', '.git', 'coverage']);
/**
 * Build output of `npm run bench`'s bundle part (scripts/bench-bundles.ts), made inside the repository so that the
 * bundles resolve node_modules, and removed when it ends: the e2e bench test may create and remove one while this
 * test walks the tree, and it holds no text of ours.
 */
const TEMPORARY_DIR = /^\.bench-/;
const TEXT_FILE = /\.(ts|mts|mjs|js|json|md|mjml|html|css|txt|yml|yaml)$/;

function textFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !TEMPORARY_DIR.test(entry.name))
        textFiles(join(dir, entry.name), found);
    } else if (TEXT_FILE.test(entry.name) && entry.name !== 'package-lock.json') {
      found.push(join(dir, entry.name));
    }
  }
  return found;
}

/** Lines matching `pattern`, as `path:line: text`. */
function linesMatching(files: string[], pattern: RegExp): string[] {
  const hits: string[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (pattern.test(line)) hits.push(`${relative(ROOT, file)}:${i + 1}: ${line.slice(0, 120)}`);
      });
  }
  return hits;
}

describe('the repository text', () => {
  const files = textFiles(ROOT);

  it('finds the files it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.endsWith('README.md'))).toBe(true);
  });

  it('carries no merge-conflict markers', () => {
    expect(linesMatching(files, /^(<{7} |>{7} |={7}$)/)).toEqual([]);
  });
});
