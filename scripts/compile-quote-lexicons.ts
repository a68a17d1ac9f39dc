// Compiles the name knowledge of the quote finder from two well-kept packages into small committed
// data modules, so that neither package is loaded at run time (Lambda bundles stay small):
// - first names with their gender: compromise's lexicon (MaleName/FemaleName, common names), kept only
//   where gender-detection-from-name does not say otherwise (names both use for either sex are left out);
// - places (countries, regions, cities) and organisations from compromise's lexicon, so that a he/she
//   never goes to "New York" or "the Pentagon"; and the last words by which compromise's tagger tells an
//   unknown organisation or place ("Los Altos Hills", "Northstar Aerospace Association").
// Writes functions/core/quotes/name-data.gen.ts. test/unit/quotes-lexicon.test.ts checks it is up to date.
//   node scripts/run-tsx.mjs scripts/compile-quote-lexicons.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const NAME_DATA_PATH = join(root, 'functions/core/quotes/name-data.gen.ts');

type Tags = string | string[];

function tagsOf(t: Tags): string[] {
  return Array.isArray(t) ? t : [t];
}

/** The module text, from the installed packages. */
export function compileNameData(): string {
  const nlp = require('compromise') as {
    model(): {
      one: { lexicon: Record<string, Tags> };
      two: { orgWords: Record<string, unknown>; placeWords: Record<string, unknown> };
    };
  };
  const { getGender } = require('gender-detection-from-name') as {
    getGender(name: string, lang?: string): string;
  };
  const model = nlp.model();
  const lexicon = model.one.lexicon;
  const keys = (x: Record<string, unknown> | string[]) => (Array.isArray(x) ? x : Object.keys(x));
  const female: string[] = [];
  const male: string[] = [];
  const places: string[] = [];
  const organisations: string[] = [];
  for (const [word, t] of Object.entries(lexicon)) {
    const tags = tagsOf(t);
    const other = getGender(word);
    if (tags.includes('FemaleName') && other !== 'male') female.push(word);
    else if (tags.includes('MaleName') && other !== 'female') male.push(word);
    if (['Country', 'City', 'Region', 'Place'].some((x) => tags.includes(x))) places.push(word);
    if (['Organization', 'SportsTeam'].some((x) => tags.includes(x))) organisations.push(word);
  }
  const list = (words: string[]) => JSON.stringify([...new Set(words)].sort().join('|'));
  return `// Written by scripts/compile-quote-lexicons.ts from compromise and gender-detection-from-name; do not edit.
/** First names read as female, '|'-separated, sorted. */
export const FEMALE_FIRST_NAMES = ${list(female)};
/** First names read as male, '|'-separated, sorted. */
export const MALE_FIRST_NAMES = ${list(male)};
/** Countries, regions, cities and other places (lower case, '|'-separated, sorted). */
export const PLACE_NAMES = ${list(places)};
/** Organisations and sports teams (lower case, '|'-separated, sorted). */
export const ORGANISATION_NAMES = ${list(organisations)};
/** Last words that make an unknown capitalised run an organisation ("… Computers", "… Association"). */
export const ORGANISATION_LAST_WORDS = ${list(keys(model.two.orgWords))};
/** Last words that make an unknown capitalised run a place ("… Hills", "… County", "… Street"). */
export const PLACE_LAST_WORDS = ${list(keys(model.two.placeWords))};
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = compileNameData();
  if (process.argv.includes('--check')) {
    const same = readFileSync(NAME_DATA_PATH, 'utf8') === text;
    process.stdout.write(same ? 'name data up to date\n' : 'name data out of date: run without --check\n');
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(NAME_DATA_PATH, text);
    process.stdout.write(`wrote ${NAME_DATA_PATH} (${text.length} characters)\n`);
  }
}
