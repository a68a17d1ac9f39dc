import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../functions/core/quotes/index.js';
import {
  CUE_WORDS,
  DETERMINERS,
  HONORIFICS,
  PRONOUNS,
  ROLE_WORDS,
} from '../../functions/core/quotes/lexicon.js';
import {
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  ORGANISATION_NAMES,
  PLACE_NAMES,
} from '../../functions/core/quotes/name-data.gen.js';
import { compileNameData, NAME_DATA_PATH } from '../../scripts/compile-quote-lexicons.js';

const split = (s: string) => s.split('|');

describe('quote word lists and name data', () => {
  it('the compiled name data is what the script makes from the installed packages', () => {
    expect(readFileSync(NAME_DATA_PATH, 'utf8')).toBe(compileNameData());
  });

  it.each([
    ['FEMALE_FIRST_NAMES', FEMALE_FIRST_NAMES],
    ['MALE_FIRST_NAMES', MALE_FIRST_NAMES],
    ['PLACE_NAMES', PLACE_NAMES],
    ['ORGANISATION_NAMES', ORGANISATION_NAMES],
  ])('%s is sorted and without repeats', (_name, data) => {
    const words = split(data);
    expect(words).toEqual([...new Set(words)].sort());
  });

  // Lists whose meanings exclude each other: a word in both would make the reading depend on
  // which list a rule happens to consult first.
  const contradicting: [string, Iterable<string>, string, Iterable<string>][] = [
    ['female first names', split(FEMALE_FIRST_NAMES), 'male first names', split(MALE_FIRST_NAMES)],
    ['pronouns', PRONOUNS.keys(), 'role words', ROLE_WORDS],
    ['pronouns', PRONOUNS.keys(), 'honorifics', HONORIFICS],
    ['pronouns', PRONOUNS.keys(), 'cue verbs', CUE_WORDS],
    ['determiners', DETERMINERS, 'role words', ROLE_WORDS],
    ['determiners', DETERMINERS, 'cue verbs', CUE_WORDS],
    ['organisations', split(ORGANISATION_NAMES), 'pronouns', PRONOUNS.keys()],
  ];
  it.each(contradicting)('no word is both in %s and in %s', (_a, a, _b, b) => {
    const other = new Set(b);
    expect([...a].filter((w) => other.has(w))).toEqual([]);
  });
});

describe('he and she go to people only', () => {
  it('a pronoun does not resolve to a place named in the sentence before', () => {
    const source =
      'Maria Lopez flew to New York on Monday.\n\nNew York was cold. “We will sign the deal this week,” she said.';
    const [q] = findQuotes(source);
    expect(q?.speaker).toBe('Maria Lopez');
  });

  it('a pronoun takes the person whose first name agrees with it', () => {
    const source =
      'Maria Lopez met David Kim in the hall before the vote.\n\n“We will sign the deal this week,” she said.';
    const [q] = findQuotes(source);
    expect(q?.speaker).toBe('Maria Lopez');
    const [h] = findQuotes(source.replace('she said', 'he said'));
    expect(h?.speaker).toBe('David Kim');
  });
});
