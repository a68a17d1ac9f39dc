/**
 * Word lists for attribution: cue verbs, roles, honorifics, pronouns, and words that end a noun
 * phrase. The lists are data (`data/*.txt`, compiled into `word-lists.gen.ts` by
 * `scripts/compile-quote-word-lists.ts`); this module adds the two that map a word to a gender.
 */
import {
  PRONOUNS_FEMININE,
  PRONOUNS_FIRST_PERSON,
  PRONOUNS_MASCULINE,
  PRONOUNS_PLURAL,
  TITLES_FEMININE,
  TITLES_MASCULINE,
} from './word-lists.gen.js';

export {
  ABBREVIATIONS,
  AUX_WORDS,
  CUE_WORDS,
  DETERMINERS,
  HEADLINE_SMALL_WORDS,
  HONORIFICS,
  MODAL_VERBS,
  NAME_PARTICLES,
  NAME_SUFFIXES,
  NON_NAME_CAPS,
  NOVELTY_STOP_WORDS,
  NP_STOP_WORDS,
  ORG_WORDS,
  PURE_TITLES,
  ROLE_WORDS,
  TITLE_ABBREVIATIONS,
  TITLE_SMALL_WORDS,
  WEAK_CUES,
  WEEKDAYS,
} from './word-lists.gen.js';

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
