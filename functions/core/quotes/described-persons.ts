/**
 * Phrases that hold no name but stand for a person named before: a surname that is also a common word
 * ("May said" after "Brian May"), a definite description by title or role ("the mayor said"), or by age
 * ("the 34-year-old said").
 */
import type { EntityIndex, PersonMention, Speaker } from './coref.js';
import { HONORIFICS, ROLE_WORDS, TITLE_ABBREVIATIONS } from './lexicon.js';
import type { Token } from './tokens.js';

/** The words an abbreviated title stands for ("sen." → senator; data/title-abbreviations.txt). */
const TITLE_WORDS = new Map<string, string[]>();
for (const pair of TITLE_ABBREVIATIONS) {
  const [abbreviation, word] = pair.split(' ') as [string, string];
  TITLE_WORDS.set(abbreviation, [...(TITLE_WORDS.get(abbreviation) ?? []), word]);
}

/**
 * The person named before `pos` that a phrase holding no name stands for: "May said" after "Brian May"
 * (a capitalised word no name starts with, as that person's surname), "the mayor said" after "Mayor Olivia
 * Chow" (a definite description ending in a title or role that person's role holds, unless a person whose
 * role the text does not give was named since; capitalised only when it is a title: "the King", not "the
 * Labour Party"), "the 34-year-old said" after "Jane Doe, 34," (the person given that age).
 */
export function personNamedBefore(
  source: string,
  phrase: readonly Token[],
  pos: number,
  index: EntityIndex,
  reach: number,
): Speaker | null {
  const first = phrase[0]!;
  if (phrase.length === 1 && first.cap) {
    const full = index.expand(first.text, pos);
    if (!full?.person) return null;
    const words = full.words ?? [];
    return words.length > 1 && words[words.length - 1] === first.lower
      ? { name: full.name, role: full.role, person: true, gender: full.gender }
      : null;
  }
  if (first.lower !== 'the') return null;
  const age = phrase.find((t) => AGE_RE.test(t.text))?.text.slice(0, -9);
  if (age) return index.personBefore(pos, reach, (m) => hasAge(source, m, age));
  const last = phrase[phrase.length - 1]!;
  const head = last.lower;
  if (!ROLE_WORDS.has(head) || (last.cap && !HONORIFICS.has(head))) return null;
  // a person named since, whose role the text does not give, may be the one described
  return index.personBefore(pos, reach, (m) =>
    m.entity.role === null ? null : roleHolds(m.entity.role, head),
  );
}

/** "34-year-old", as one token. */
const AGE_RE = /^\d{1,3}-year-old$/;

/** The person named at `m` is given that age: "Jane Doe, 34," or "34-year-old Jane Doe". */
function hasAge(source: string, m: PersonMention, age: string): boolean {
  const after = source.slice(m.end, m.end + age.length + 3);
  if (after.startsWith(`, ${age}`) && !/\d/u.test(after.charAt(age.length + 2))) return true;
  return source.slice(Math.max(0, m.start - age.length - 10), m.start).endsWith(`${age}-year-old `);
}

/** A word of the role is `head`, or an abbreviated title of it ("Sen." for senator). */
function roleHolds(role: string, head: string): boolean {
  for (const w of role.toLowerCase().split(/[\s,]+/u))
    if (w === head || TITLE_WORDS.get(w)?.includes(head)) return true;
  return false;
}
