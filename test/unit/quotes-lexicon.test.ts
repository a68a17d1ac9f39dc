import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../functions/core/quotes/index.js';
import {
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  ORGANISATION_NAMES,
  PLACE_NAMES,
} from '../../functions/core/quotes/name-data.gen.js';
import type * as WordLists from '../../functions/core/quotes/word-lists.gen.js';
import { compileNameData, NAME_DATA_PATH } from '../../scripts/compile-quote-lexicons.js';
import {
  compiledWordLists,
  compileWordLists,
  expandWordList,
  inflect,
  parseWordList,
  readWordLists,
  WORD_LISTS_PATH,
  type WordListFile,
} from '../../scripts/compile-quote-word-lists.js';

const split = (s: string) => s.split('|');

describe('quote name data', () => {
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
});

describe('quote word lists (functions/core/quotes/data)', () => {
  const files = readWordLists();

  it('the generated module is what the data files make', () => {
    expect(readFileSync(WORD_LISTS_PATH, 'utf8')).toBe(compileWordLists());
  });

  it.each([...files.keys()])(
    '%s.txt is sorted, lower case, without repeats, and its includes exist',
    (name) => {
      // readWordLists has already parsed it (a malformed file throws there); the includes resolve here
      const words = expandWordList(files, name);
      expect(words.length).toBeGreaterThan(0);
      expect(files.get(name)!.description.join(' ')).not.toBe('');
    },
  );

  const rejected: [string, string, RegExp][] = [
    ['a word out of order', '# d\nsaid\nadd\n', /"add" comes before "said"/],
    ['a repeated word', '# d\nadd\nadd\n', /"add" is repeated/],
    ['an upper-case word', '# d\nAdd\n', /not lower case/],
    ['an empty line', '# d\nadd\n\nsaid\n', /line 3: an empty line/],
    ['a trailing space', '# d\nadd \n', /surrounding spaces/],
    ['a comment after the first word', '# d\nadd\n# more\n', /a comment after the first word/],
  ];
  it.each(rejected)('a data file with %s is refused with its line', (_case, text, message) => {
    expect(() => parseWordList('cues', text)).toThrow(message);
  });

  it('a word repeated from an included list, a missing include and an include cycle are refused', () => {
    const list = (name: string, text: string): [string, WordListFile] => [name, parseWordList(name, text)];
    const repeated = new Map([list('days', '# d\nmonday\n'), list('times', '# d\n#include days\nmonday\n')]);
    expect(() => expandWordList(repeated, 'times')).toThrow(/"monday" is already in an included list/);
    const missing = new Map([list('times', '# d\n#include days\nnow\n')]);
    expect(() => expandWordList(missing, 'times')).toThrow(/includes days, which does not exist/);
    const cycle = new Map([list('a', '# d\n#include b\nx\n'), list('b', '# d\n#include a\ny\n')]);
    expect(() => expandWordList(cycle, 'a')).toThrow(/a -> b -> a: an include cycle/);
  });

  const doubling = new Set(['admit']);
  it.each([
    ['note', ['note', 'notes', 'noted', 'noting']],
    ['admit', ['admit', 'admits', 'admitted', 'admitting']],
    ['cry', ['cry', 'cries', 'cried', 'crying']],
    ['stress', ['stress', 'stresses', 'stressed', 'stressing']],
    ['agree', ['agree', 'agrees', 'agreed', 'agreeing']],
    ['echo', ['echo', 'echoes', 'echoed', 'echoing']],
    ['warn', ['warn', 'warns', 'warned', 'warning']],
  ])('the cue verb stem %s inflects to %j', (stem, forms) => {
    expect(inflect(stem, doubling)).toEqual(forms);
  });

  it('a cue verb is either a stem to inflect or listed with its forms, never both', () => {
    const stems = expandWordList(files, 'cue-verb-stems');
    const forms = new Set(expandWordList(files, 'cue-verb-forms'));
    expect(stems.filter((stem) => forms.has(stem))).toEqual([]);
  });

  // Read from the data files, not the generated module, so that a contradiction shows before a build.
  const W = Object.fromEntries(
    compiledWordLists().map((l) => [l.constant, new Set(l.words)]),
  ) as unknown as typeof WordLists;
  // Lists whose meanings exclude each other: a word in both would make the reading depend on which
  // list a rule happens to consult first. He or she, a person or not, a speech verb or a person noun.
  const CUES = new Set([...W.CUE_WORDS, ...W.WEAK_CUES]);
  const PRONOUNS = new Set([
    ...W.PRONOUNS_MASCULINE,
    ...W.PRONOUNS_FEMININE,
    ...W.PRONOUNS_PLURAL,
    ...W.PRONOUNS_FIRST_PERSON,
  ]);
  const FEMALE = new Set(split(FEMALE_FIRST_NAMES));
  const MALE = new Set(split(MALE_FIRST_NAMES));
  const ORGANISATIONS = new Set(split(ORGANISATION_NAMES));
  const PLACES = new Set(split(PLACE_NAMES));
  const contradicting: [string, string, ReadonlySet<string>, ReadonlySet<string>][] = [
    ['female first names', 'male first names', FEMALE, MALE],
    ['feminine titles', 'masculine titles', W.TITLES_FEMININE, W.TITLES_MASCULINE],
    ['feminine titles', 'male first names', W.TITLES_FEMININE, MALE],
    ['masculine titles', 'female first names', W.TITLES_MASCULINE, FEMALE],
    ['feminine pronouns', 'masculine pronouns', W.PRONOUNS_FEMININE, W.PRONOUNS_MASCULINE],
    ['honorifics', 'organisation words', W.HONORIFICS, W.ORG_WORDS],
    ['titles that never end a name', 'organisation words', W.PURE_TITLES, W.ORG_WORDS],
    ['feminine titles', 'organisation words', W.TITLES_FEMININE, W.ORG_WORDS],
    ['masculine titles', 'organisation words', W.TITLES_MASCULINE, W.ORG_WORDS],
    ['honorifics', 'organisations', W.HONORIFICS, ORGANISATIONS],
    ['honorifics', 'places', W.HONORIFICS, PLACES],
    ['titles that never end a name', 'organisations', W.PURE_TITLES, ORGANISATIONS],
    ['titles that never end a name', 'places', W.PURE_TITLES, PLACES],
    ['pronouns', 'organisation words', PRONOUNS, W.ORG_WORDS],
    ['pronouns', 'organisations', PRONOUNS, ORGANISATIONS],
    ['pronouns', 'role words', PRONOUNS, W.ROLE_WORDS],
    ['pronouns', 'honorifics', PRONOUNS, W.HONORIFICS],
    ['cue verbs', 'pronouns', CUES, PRONOUNS],
    // the phrase readers stop at these words without asking whether the word is a pronoun ("said he")
    ['words a name read forwards stops at', 'pronouns', W.FORWARD_STOP, PRONOUNS],
    ['words a noun phrase read backwards stops at', 'pronouns', W.NP_STOP_WORDS, PRONOUNS],
    ['cue verbs', 'role words', CUES, W.ROLE_WORDS],
    // a role is cut at these verbs: none may be a word of a role
    ['verbs that end a role', 'role words', W.ROLE_CUT_VERBS, W.ROLE_WORDS],
    ['cue verbs', 'titles that never end a name', CUES, W.PURE_TITLES],
    ['cue verbs', 'honorifics', CUES, W.HONORIFICS],
    ['cue verbs', 'organisation words', CUES, W.ORG_WORDS],
    ['cue verbs', 'determiners', CUES, W.DETERMINERS],
    ['determiners', 'role words', W.DETERMINERS, W.ROLE_WORDS],
    ['honorifics', 'capitalised non-names', W.HONORIFICS, W.NON_NAME_CAPS],
    ['titles that never end a name', 'capitalised non-names', W.PURE_TITLES, W.NON_NAME_CAPS],
    ['female first names', 'capitalised non-names', FEMALE, W.NON_NAME_CAPS],
    ['male first names', 'capitalised non-names', MALE, W.NON_NAME_CAPS],
  ];
  // Words English spells alike in both meanings, each checked by hand: the rules tell them apart by
  // place (a cue touches the quotation or the speaker; a role or organisation word sits inside a
  // capitalised run such as "White House press secretary" or "Secretary of State").
  const HOMOGRAPHS: Record<string, string> = {
    post: 'posted on Facebook / The Washington Post',
    press: 'she pressed him / White House press secretary',
    state: 'the report states / Secretary of State',
    states: 'the memo states / United States',
  };
  it.each(contradicting)('no word is both in %s and in %s', (_a, _b, a, b) => {
    expect([...a].filter((w) => b.has(w) && !Object.hasOwn(HOMOGRAPHS, w))).toEqual([]);
  });

  it('each homograph allowed above is still in two contradicting lists', () => {
    const shared = new Set(contradicting.flatMap(([, , a, b]) => [...a].filter((w) => b.has(w))));
    expect(Object.keys(HOMOGRAPHS).filter((w) => !shared.has(w))).toEqual([]);
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
