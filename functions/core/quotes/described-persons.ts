/**
 * Definite descriptions that stand for a person named before them: by title or role ("the mayor said"
 * after "Mayor Olivia Chow", "the senator" after "Sen. Tim Scott") or by age ("the 34-year-old said" after
 * "Jane Doe, 34,"). This module reads the phrase; coref.ts asks the test of the people named before it.
 */
import type { Span } from '../types.js';
import { HONORIFICS, PURE_TITLES, ROLE_WORDS, TITLE_ABBREVIATIONS } from './lexicon.js';
import { PERSON_NOUN } from './name-knowledge.js';
import type { Token } from './tokens.js';

/** A person as named at one place in the text (coref.ts's mentions are these). */
export type NamedPlace = Span & { readonly entity: { readonly role: string | null } };

type DescriptionTest = (m: NamedPlace) => boolean | null;

/**
 * The test a definite description puts to each person named before it, latest first: true for the one
 * it stands for, null to stop the search; null when the phrase is no such description. A title or role
 * ends the phrase (capitalised only when it is a title: "the King", not "the Labour Party") and the
 * person's role holds it or its abbreviation; a person whose role the text does not give stops the search
 * (the description may be theirs). An age is the one the text gave that person.
 */
export function descriptionTest(source: string, phrase: readonly Token[]): DescriptionTest | null {
  if (phrase.length < 2 || phrase[0]!.lower !== 'the') return null;
  const age = phrase.find((t) => AGE_RE.test(t.text))?.text.slice(0, -9);
  if (age) return (m) => hasAge(source, m, age);
  const { lower: head, cap } = phrase[phrase.length - 1]!;
  if (!ROLE_WORDS.has(head) || (cap && !HONORIFICS.has(head))) return null;
  // ("One Republican senator, who asked not to be named, said …" after them: "the senator" is that one, unnamed)
  const unnamed = new RegExp(`(?<!, )\\b(?:an?|one|another)(?: [a-z'’-]+){0,3}? ${head}\\b`, 'i');
  const since = (m: NamedPlace) => unnamed.test(source.slice(m.end, phrase[0]!.start));
  return (m) => (m.entity.role === null || since(m) ? null : roleHolds(m.entity.role, head));
}

/** "34-year-old", as one token. */
export const AGE_RE = /^\d{1,3}-year-old$/;

/** The person named at `m` is given that age: "Jane Doe, 34," or "34-year-old Jane Doe". */
function hasAge(source: string, m: NamedPlace, age: string): boolean {
  const after = source.slice(m.end, m.end + age.length + 3);
  if (after.startsWith(`, ${age}`) && !/\d/u.test(after.charAt(age.length + 2))) return true;
  return source.slice(Math.max(0, m.start - age.length - 10), m.start).endsWith(`${age}-year-old `);
}

/**
 * A word of the role is `head`, or an abbreviated title of it ("Sen." for senator): the pair "sen. senator"
 * is in data/title-abbreviations.txt.
 */
export const roleHolds = (role: string, head: string): boolean =>
  // (the role the person has, not a relative clause after it: "a retired teacher who is not related to the commissioner")
  role
    .toLowerCase()
    .replace(/\b(?:who|which|whose)\b.*/u, '')
    .split(/[\s,]+/u)
    .some((w) => w === head || TITLE_ABBREVIATIONS.has(`${w} ${head}`));

/** A person described, with no name, then where from ("one woman from", "a resident of", "one business owner on 20th"). */
const PLACED_RE = /^((?:an?|one|another)(?: [a-z'’-]+)*? ([a-z'’-]+)) (?:from|in|on|at|of|near)(?: \d\S*)?$/u;

/**
 * How many words of the phrase describe the person who speaks, when the name in it (from `nameStart`) is where
 * they are from ("one woman from Carrick", "a resident of Carrick", "one business owner on 20th Street West");
 * 0 when it is none: the description must be indefinite and end in a noun naming a person that is no title ("a
 * spokeswoman for the ministry" speaks for the ministry).
 */
export function whereFrom(phrase: readonly Token[], nameStart: number): number {
  const before = phrase.slice(0, nameStart).map((t) => t.lower);
  const m = PLACED_RE.exec(before.join(' '));
  return m && PERSON_NOUN.has(m[2]!) && !PURE_TITLES.has(m[2]!) ? m[1]!.split(' ').length : 0;
}
