// Writes functions/core/latin-classes.gen.ts: the letters, numbers, capitals and lower-case letters of
// the Latin blocks, spelled out as regular-expression class bodies. Patterns built from them read a text of
// Latin letters as `\p{L}`, `\p{N}`, `\p{Lu}` and `\p{Ll}` do, but cost the regex engine a small fraction of the
// instructions to compile: a Unicode property pattern takes millions, paid by each run of the CLI that uses it.
// test/unit/quote-tokens-latin.test.ts checks that the committed module is what this makes.
//   node scripts/run-tsx.mjs scripts/compile-latin-classes.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const LATIN_CLASSES_PATH = join(root, 'functions/core/latin-classes.gen.ts');

/**
 * The blocks a Latin text is read in: tab and line breaks, Basic Latin and Latin-1 (controls included), Latin
 * Extended-A and -B, combining diacritical marks, Latin Extended Additional and General Punctuation.
 */
export const LATIN_BLOCKS: readonly (readonly [number, number])[] = [
  [0x09, 0x0a],
  [0x0d, 0x0d],
  [0x20, 0x24f],
  [0x300, 0x36f],
  [0x1e00, 0x1eff],
  [0x2000, 0x206f],
];

function classBody(test: RegExp): string {
  const runs: [number, number][] = [];
  for (const [from, to] of LATIN_BLOCKS)
    for (let c = from; c <= to; c++) {
      if (!test.test(String.fromCharCode(c))) continue;
      const last = runs.at(-1);
      if (last && last[1] === c - 1) last[1] = c;
      else runs.push([c, c]);
    }
  const hex = (c: number) =>
    /[0-9A-Za-z]/.test(String.fromCharCode(c))
      ? String.fromCharCode(c)
      : `\\u${c.toString(16).padStart(4, '0')}`;
  return runs
    .map(([a, b]) => (a === b ? hex(a) : b === a + 1 ? hex(a) + hex(b) : `${hex(a)}-${hex(b)}`))
    .join('');
}

export function latinClassesModule(): string {
  const blocks = LATIN_BLOCKS.map(
    ([a, b]) => `\\u${a.toString(16).padStart(4, '0')}-\\u${b.toString(16).padStart(4, '0')}`,
  ).join('');
  const constants: [string, string, string][] = [
    ['LATIN_BLOCKS', 'Every character of the blocks a Latin text is read in.', blocks],
    ['LATIN_LETTER', '`\\p{L}` in those blocks.', classBody(/^\p{L}$/u)],
    ['LATIN_LETTER_OR_NUMBER', '`[\\p{L}\\p{N}]` in those blocks.', classBody(/^[\p{L}\p{N}]$/u)],
    ['LATIN_UPPER', '`\\p{Lu}` in those blocks.', classBody(/^\p{Lu}$/u)],
    ['LATIN_LOWER', '`\\p{Ll}` in those blocks.', classBody(/^\p{Ll}$/u)],
    ['LATIN_NUMBER', '`\\p{N}` in those blocks.', classBody(/^\p{N}$/u)],
  ];
  return [
    '// Written by scripts/compile-latin-classes.ts from the Unicode properties of the running Node; do not edit.',
    '// Regular-expression class bodies (no brackets), for patterns without the /u flag.',
    ...constants.flatMap(([name, doc, body]) => [
      `/** ${doc} */`,
      `export const ${name} = '${body.replaceAll('\\', '\\\\')}';`,
    ]),
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = latinClassesModule();
  if (process.argv.includes('--check')) {
    if (readFileSync(LATIN_CLASSES_PATH, 'utf8') !== text) {
      console.error(`${LATIN_CLASSES_PATH} is not what the script makes: run it without --check`);
      process.exit(1);
    }
  } else writeFileSync(LATIN_CLASSES_PATH, text);
}
