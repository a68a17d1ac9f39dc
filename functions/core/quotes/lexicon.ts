/**
 * Word lists for attribution: cue verbs, roles, honorifics, pronouns, words that end a noun phrase or
 * a speaker phrase, link a cue or mark a noun. The lists are data (`data/*.txt`, compiled into
 * `word-lists.gen.ts` by `scripts/compile-quote-word-lists.ts`), all exported from here; this module
 * adds the two that map a word to a gender, and the dash characters the sieves read.
 */
import {
  PRONOUNS_FEMININE,
  PRONOUNS_FIRST_PERSON,
  PRONOUNS_MASCULINE,
  PRONOUNS_PLURAL,
  TITLES_FEMININE,
  TITLES_MASCULINE,
} from './word-lists.gen.js';

export * from './word-lists.gen.js';

function tagged<T extends string>(lists: readonly [ReadonlySet<string>, T][]): ReadonlyMap<string, T> {
  return new Map(lists.flatMap(([words, tag]) => [...words].map((w): [string, T] => [w, tag])));
}

/** Pronouns that can be a speaker, with their grammatical gender/number (i: first person singular). */
export const PRONOUNS: ReadonlyMap<string, 'm' | 'f' | 'p' | 'i'> = tagged<'m' | 'f' | 'p' | 'i'>([
  [PRONOUNS_MASCULINE, 'm'],
  [PRONOUNS_FEMININE, 'f'],
  [PRONOUNS_PLURAL, 'p'],
  [PRONOUNS_FIRST_PERSON, 'i'],
]);

/** Honorifics and person nouns that reveal gender, for pronoun agreement. */
export const GENDERED_TITLES: ReadonlyMap<string, 'm' | 'f'> = tagged<'m' | 'f'>([
  [TITLES_MASCULINE, 'm'],
  [TITLES_FEMININE, 'f'],
]);

// Punctuation, not vocabulary, so in no data file: the dashes, and what the tail sieve skips before a speaker phrase.
export const DASHES: ReadonlySet<string> = new Set(['—', '–', '-', '―', '‒', '−']);
export const LEADING_SKIP: ReadonlySet<string> = new Set([',', '—', '–', '-', '―', '‒', '(', ')', "'"]);
