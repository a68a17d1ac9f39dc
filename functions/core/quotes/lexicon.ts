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

/** Each word of the lists, tagged with the key of its list. */
function tagged<T extends string>(lists: Record<T, ReadonlySet<string>>): ReadonlyMap<string, T> {
  const entries = Object.entries<ReadonlySet<string>>(lists);
  return new Map(entries.flatMap(([tag, words]) => [...words].map((w): [string, T] => [w, tag as T])));
}

/** Pronouns that can be a speaker, with their grammatical gender/number (i: first person singular). */
export const PRONOUNS = tagged({
  m: PRONOUNS_MASCULINE,
  f: PRONOUNS_FEMININE,
  p: PRONOUNS_PLURAL,
  i: PRONOUNS_FIRST_PERSON,
});

/** Honorifics and person nouns that reveal gender, for pronoun agreement. */
export const GENDERED_TITLES = tagged({ m: TITLES_MASCULINE, f: TITLES_FEMININE });

// Punctuation, not vocabulary, so in no data file: the dashes, and what the tail sieve skips before a speaker phrase.
export const DASHES: ReadonlySet<string> = new Set(['—', '–', '-', '―', '‒', '−']);
export const LEADING_SKIP: ReadonlySet<string> = new Set([',', '—', '–', '-', '―', '‒', '(', ')', "'"]);
