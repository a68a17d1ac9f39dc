// Compiles the quote finder's word lists (functions/core/quotes/data/*.txt) into one generated module,
// functions/core/quotes/word-lists.gen.ts, so that the lists are data a reviewer can read and diff
// while the core stays free of file I/O. `npm run build` runs it; test/unit/quotes-lexicon.test.ts
// checks that the committed module is what the data files make.
//   node scripts/run-tsx.mjs scripts/compile-quote-word-lists.ts [--check]
//
// A data file holds one lower-case word or phrase per line, sorted by code unit (`LC_ALL=C sort`),
// without repeats. Lines starting with `#` before the first word describe the list (the text becomes
// the constant's doc comment); `#include NAME` adds every word of data/NAME.txt. The constant is the
// file name in upper snake case (role-words.txt: ROLE_WORDS). One list is derived: CUE_WORDS, the
// stems of cue-verb-stems.txt in every regular inflection plus the forms of cue-verb-forms.txt. Two maps
// tag each word of several lists with its list's key (`TAGGED`): PRONOUNS and GENDERED_TITLES.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WORD_LIST_DIR = join(root, 'functions/core/quotes/data');
export const WORD_LISTS_PATH = join(root, 'functions/core/quotes/word-lists.gen.ts');

const INCLUDE_RE = /^#include ([a-z0-9-]+)$/;
const ENTRY_RE = /^[^\s#](?:.*\S)?$/u;

/** One data file as written: its description, the lists it includes, and its own entries. */
export interface WordListFile {
  name: string;
  description: string[];
  includes: string[];
  words: string[];
}

export class WordListError extends Error {
  override name = 'WordListError';
}

/** Parses one data file; throws a WordListError naming the file and line for anything malformed. */
export function parseWordList(name: string, text: string): WordListFile {
  const file: WordListFile = { name, description: [], includes: [], words: [] };
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  lines.forEach((line, i) => {
    const where = `${name}.txt line ${i + 1}`;
    if (line.startsWith('#')) {
      if (file.words.length > 0) throw new WordListError(`${where}: a comment after the first word`);
      const include = INCLUDE_RE.exec(line);
      if (include) file.includes.push(include[1]!);
      else file.description.push(line.replace(/^#\s?/, ''));
      return;
    }
    if (!ENTRY_RE.test(line)) throw new WordListError(`${where}: an empty line or surrounding spaces`);
    if (line !== line.toLowerCase()) throw new WordListError(`${where}: "${line}" is not lower case`);
    const previous = file.words[file.words.length - 1];
    if (previous !== undefined && previous >= line)
      throw new WordListError(
        previous === line
          ? `${where}: "${line}" is repeated`
          : `${where}: "${line}" comes before "${previous}" (sort with LC_ALL=C sort)`,
      );
    file.words.push(line);
  });
  return file;
}

/** Every data file under `dir`, by name. */
export function readWordLists(dir = WORD_LIST_DIR): Map<string, WordListFile> {
  const files = new Map<string, WordListFile>();
  for (const entry of readdirSync(dir).sort()) {
    if (!entry.endsWith('.txt')) continue;
    const name = basename(entry, '.txt');
    files.set(name, parseWordList(name, readFileSync(join(dir, entry), 'utf8')));
  }
  return files;
}

/** A list's words with those of the lists it includes; a word repeated from an included list is an error. */
export function expandWordList(
  files: ReadonlyMap<string, WordListFile>,
  name: string,
  seen: string[] = [],
): string[] {
  const file = files.get(name);
  if (!file) throw new WordListError(`${seen.at(-1) ?? name}.txt includes ${name}, which does not exist`);
  if (seen.includes(name)) throw new WordListError(`${[...seen, name].join(' -> ')}: an include cycle`);
  const included = new Set(file.includes.flatMap((other) => expandWordList(files, other, [...seen, name])));
  for (const word of file.words)
    if (included.has(word)) throw new WordListError(`${name}.txt: "${word}" is already in an included list`);
  return [...new Set([...included, ...file.words])].sort();
}

/**
 * The regular inflections of a verb stem as news copy uses them (note: notes, noted, noting; agree:
 * agreeing; echo: echoes; cry: cried). Irregular verbs are listed whole in cue-verb-forms.txt.
 */
export function inflect(stem: string, doubling: ReadonlySet<string>): string[] {
  if (doubling.has(stem)) {
    const d = stem + stem[stem.length - 1];
    return [stem, `${stem}s`, `${d}ed`, `${d}ing`];
  }
  if (stem.endsWith('ee')) return [stem, `${stem}s`, `${stem}d`, `${stem}ing`];
  if (stem.endsWith('e')) return [stem, `${stem}s`, `${stem}d`, `${stem.slice(0, -1)}ing`];
  if (/[^aeiou]y$/.test(stem))
    return [stem, `${stem.slice(0, -1)}ies`, `${stem.slice(0, -1)}ied`, `${stem}ing`];
  if (/(?:s|sh|ch|x|z|[^aeiou]o)$/.test(stem)) return [stem, `${stem}es`, `${stem}ed`, `${stem}ing`];
  return [stem, `${stem}s`, `${stem}ed`, `${stem}ing`];
}

function constantName(name: string): string {
  return name.toUpperCase().replaceAll('-', '_');
}

/** One compiled list: the constant's name, its doc comment and its words, sorted. */
export interface CompiledWordList {
  constant: string;
  description: string;
  words: readonly string[];
}

/** Every list the generated module exports, from the data files (read from `dir` unless given). */
export function compiledWordLists(dir = WORD_LIST_DIR, files = readWordLists(dir)): CompiledWordList[] {
  const lists = [...files.values()].map((file) => ({
    constant: constantName(file.name),
    description: `${file.description.join(' ')} (data/${file.name}.txt)`,
    words: expandWordList(files, file.name),
  }));
  const doubling = new Set(expandWordList(files, 'cue-verb-doubling-stems'));
  const cues = new Set([
    ...expandWordList(files, 'cue-verb-stems').flatMap((stem) => inflect(stem, doubling)),
    ...expandWordList(files, 'cue-verb-forms'),
  ]);
  lists.push({
    constant: 'CUE_WORDS',
    description:
      'Verbs that introduce speech, in every inflection we expect in news copy: the stems of data/cue-verb-stems.txt inflected, and data/cue-verb-forms.txt.',
    words: [...cues].sort(),
  });
  return lists;
}

/**
 * Lists read as one: each word tagged with the key of its list (the lists share no word: the lexicon test says
 * so), so that one look-up tells a pronoun's person and gender, or a title's gender.
 */
const TAGGED: readonly { constant: string; description: string; lists: Readonly<Record<string, string>> }[] =
  [
    {
      constant: 'PRONOUNS',
      description:
        'Pronouns that can be a speaker, with their grammatical gender/number (i: first person singular).',
      lists: {
        m: 'pronouns-masculine',
        f: 'pronouns-feminine',
        p: 'pronouns-plural',
        i: 'pronouns-first-person',
      },
    },
    {
      constant: 'GENDERED_TITLES',
      description: 'Honorifics and person nouns that reveal gender, for pronoun agreement.',
      lists: { m: 'titles-masculine', f: 'titles-feminine' },
    },
  ];

/** The module text, from the data files. */
export function compileWordLists(dir = WORD_LIST_DIR): string {
  // the data files read once, for the sets and the maps
  const files = readWordLists(dir);
  const parts = compiledWordLists(dir, files).map(
    (list) =>
      `/** ${list.description} */\nexport const ${list.constant}: ReadonlySet<string> = new Set(${JSON.stringify(list.words)});\n`,
  );
  for (const { constant, description, lists } of TAGGED) {
    const tags = Object.keys(lists);
    const entries = Object.entries(lists).flatMap(([tag, name]) =>
      expandWordList(files, name).map((w) => [w, tag]),
    );
    const from = Object.values(lists).map((name) => `data/${name}.txt`);
    parts.push(
      `/** ${description} (${from.join(', ')}) */\nexport const ${constant}: ReadonlyMap<string, ${tags.map((t) => `'${t}'`).join(' | ')}> = new Map(${JSON.stringify(entries)});\n`,
    );
  }
  return `// Written by scripts/compile-quote-word-lists.ts from functions/core/quotes/data/*.txt; do not edit.\n${parts.join('')}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const text = compileWordLists();
    if (process.argv.includes('--check')) {
      const same = readFileSync(WORD_LISTS_PATH, 'utf8') === text;
      process.stdout.write(
        same ? 'word lists up to date\n' : 'word lists out of date: run without --check\n',
      );
      process.exitCode = same ? 0 : 1;
    } else {
      const before = existsSync(WORD_LISTS_PATH) ? readFileSync(WORD_LISTS_PATH, 'utf8') : '';
      // Unchanged output is not rewritten, so a build does not make the sources look newer than dist/.
      if (before !== text) writeFileSync(WORD_LISTS_PATH, text);
    }
  } catch (error) {
    if (!(error instanceof WordListError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
