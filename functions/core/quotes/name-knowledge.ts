/**
 * What the name data says of a name's words: known first names and their gender, places and
 * organisations, nouns that name a person, and gendered titles. Compiled from well-kept packages
 * (name-data.gen.ts) and the word lists; read in place from the tokens.
 */
import { BUSINESS_ENDS, GENDERED_TITLES, HONORIFICS, PLACE_ENDS, PLACE_LEADS } from './lexicon.js';
import {
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  ORGANISATION_LAST_WORDS,
  ORGANISATION_NAMES,
  PERSON_NOUNS,
  PLACE_LAST_WORDS,
  PLACE_NAMES,
  UNISEX_FIRST_NAMES,
} from './name-data.gen.js';
import { stripPossessive } from './possessives.js';
import type { Token } from './tokens.js';

export type Gender = 'm' | 'f' | null;

/** Where the name [from, to) starts after its honorifics, keeping at least one word. */
export function namePartStart(tokens: readonly Token[], from: number, to: number): number {
  while (from < to - 1 && HONORIFICS.has(tokens[from]!.lower)) from++;
  return from;
}

/** The gender of each known first name, one look-up for the lists (a female name first: as when read in turn). */
const FIRST_NAMES = new Map<string, Gender>();
for (const w of UNISEX_FIRST_NAMES.split('|')) FIRST_NAMES.set(w, null);
for (const w of MALE_FIRST_NAMES.split('|')) FIRST_NAMES.set(w, 'm');
for (const w of FEMALE_FIRST_NAMES.split('|')) FIRST_NAMES.set(w, 'f');
const NON_ASCII_RE = /[^\u0000-\u007f]/u;
const COMBINING_MARKS_RE = /[\u0300-\u036f]/gu;

/**
 * The gender of a known first name, given lower-cased: null for a name of either sex ("jack", "morgan"),
 * undefined for none. The name data is written without accents, so a name with them is looked up again
 * without ("mélanie", "françois", "andrés").
 */
export function knownFirstName(lower: string): Gender | undefined {
  const gender = FIRST_NAMES.get(lower);
  return gender !== undefined || !NON_ASCII_RE.test(lower) ? gender : FIRST_NAMES.get(withoutAccents(lower));
}

const withoutAccents = (lower: string): string => lower.normalize('NFD').replace(COMBINING_MARKS_RE, '');

/** Is the lower-cased text in the set, as it is or, holding accents, without them? */
const holds = (set: ReadonlySet<string>, lower: string): boolean =>
  set.has(lower) || (NON_ASCII_RE.test(lower) && set.has(withoutAccents(lower)));

/** Places the name data knows: a run of two words or more ending in one is no person ("Air Canada"). */
const PLACE_SET = new Set(PLACE_NAMES.split('|'));
/** Places and organisations the name data knows, in one set: a run's key is looked up once. */
const PLACES_AND_ORGANISATIONS = new Set([...PLACE_SET, ...ORGANISATION_NAMES.split('|')]);

/**
 * Is the lower-cased name (a word, or words joined by single spaces) a place or organisation the name data knows?
 * Most of that data is written without accents, so a name with them is looked up again without ("Montréal",
 * "Santé Québec" ending in "Québec").
 */
export const isKnownPlaceOrOrganisation = (lower: string): boolean => holds(PLACES_AND_ORGANISATIONS, lower);

/**
 * Gender of the person's name [from, to) of the tokens from its first name (compiled from name data; null when
 * unknown or used for both). A name of one word is read only when `lone`.
 */
export function firstNameGenderIn(tokens: readonly Token[], from: number, to: number, lone: boolean): Gender {
  if (to <= from || (to - from < 2 && !lone)) return null;
  // the first word after any honorifics, read in place (no copy of the name's tokens)
  const first = tokens[namePartStart(tokens, from, to)]!;
  return first.cap ? (knownFirstName(first.lower) ?? null) : null;
}

/** Nouns that name a person ("journalist", "councilmember"), from WordNet (name-data.gen.ts). */
export const PERSON_NOUN = new Set(PERSON_NOUNS.split('|'));

const ORGANISATION_AND_PLACE_LAST = `${ORGANISATION_LAST_WORDS}|${PLACE_LAST_WORDS}`.split('|');
/** Last words of an organisation's name ("Association", "Services", "Authority"), none of a place's ("Hill", "Ward"). */
export const ORGANISATION_LAST = new Set(ORGANISATION_LAST_WORDS.split('|'));
/** Last words of an organisation's, a business's or a place's name, a street's or harbour's among them ("Ltd", "Packaging", "Hills", "Blvd"). */
export const LAST_WORDS = new Set([...ORGANISATION_AND_PLACE_LAST, ...PLACE_ENDS, ...BUSINESS_ENDS]);

/**
 * A place ("New York", "Haiti") or an organisation the name data knows: never a person. So is a run
 * of two words or more that ends in a place or organisation word ("Los Altos Hills", "Northstar
 * Computers") or a known place ("Air Canada", "Elections Saskatchewan", "Metro Vancouver") or opens with a
 * compass word ("West Kelowna", data/place-leads.txt), unless it opens with a known first name ("Carla
 * Hills", "Stuart Hall", "Grace London").
 */
export function isPlaceOrOrganisationRun(tokens: readonly Token[], from: number, to: number): boolean {
  // read from the words' lower case (a token holds no space): a leading "the" is dropped from a
  // name of two words or more, the name's words joined by single spaces are its key
  const first = to - from > 1 && tokens[from]!.lower === 'the' ? from + 1 : from;
  let key = tokens[first]!.lower;
  for (let k = first + 1; k < to; k++) key += ` ${tokens[k]!.lower}`;
  if (isKnownPlaceOrOrganisation(key)) return true;
  // a name of one word after "the" stops here; the last word is looked up before the first
  // (one constant each: a pair destructured from an array costs an iterator and its calls)
  const last = to - first < 2 ? '' : stripPossessive(tokens[to - 1]!.lower);
  const lead = tokens[first]!.lower;
  if (!(LAST_WORDS.has(last) || holds(PLACE_SET, last) || (last && PLACE_LEADS.has(lead)))) return false;
  return knownFirstName(lead) === undefined;
}

/** Gender from a gendered title or word in the tokens [from, to) ("Mrs.", "spokeswoman"). */
export function genderIn(tokens: readonly Token[], from: number, to: number): Gender {
  let g: Gender = null;
  for (let k = from; k < to && !g; k++) g = GENDERED_TITLES.get(tokens[k]!.lower) || null;
  return g;
}
