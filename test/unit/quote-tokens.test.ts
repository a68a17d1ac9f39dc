import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLatin, isPlain, scriptOf } from '../../functions/core/letter-classes.js';
import { tokenize } from '../../functions/core/quotes/tokens.js';

/** What each token's fields mean, computed from the token's own text. */
function expected(text: string) {
  return {
    lower: text.toLowerCase().replaceAll('’', "'"),
    word: text.length > 1 || /[\p{L}\p{N}]/u.test(text),
    cap: (text.length > 1 || /[\p{L}\p{N}]/u.test(text)) && /^\p{Lu}/u.test(text),
  };
}

function check(source: string): void {
  const nameWordAt: number[] = [];
  const tokens = tokenize(source, undefined, nameWordAt);
  for (const t of tokens) {
    expect(source.slice(t.start, t.end)).toBe(t.text);
    expect({ lower: t.lower, word: t.word, cap: t.cap }).toEqual(expected(t.text));
  }
  // the name words listed as the tokens are made (where name runs start) are all of them, in order
  expect(nameWordAt).toEqual(tokens.flatMap((t, i) => (t.nameWord ? [i] : [])));
}

describe('the quote tokenizer', () => {
  it.each([
    ['plain news', '“We will go,” Sen. Laura Whitfield told reporters in the U.S. on Tuesday.'],
    // İ lower-cases to two characters and Σ to σ or ς by what follows: the text lower-cased whole
    // would not line up with the tokens, so each token is lower-cased alone
    ['a dotted capital I', 'İstanbul’s mayor, Ekrem İmamoğlu, said: “İyi.”'],
    ['a capital sigma', 'ΟΔΟΣ ΣΟΦΙΑΣ, the street sign read, and ΣΑΣ said “yes.”'],
    ['symbols with a lower case', 'Ⓐ and Ⅻ beside ½ and ™, then “Ⓑ.”'],
    ['curly apostrophes', 'The voters’ choice, O’Brien’s plan and ’90s music.'],
    ['plural possessives before a name', "The Students' Union president, Atticus’ David Slager."],
  ])('gives each token its lower case, word and capital flags: %s', (_name, source) => {
    check(source);
  });

  it('keeps a number’s thousands together, and no other comma between digits', () => {
    const texts = tokenize('About 3,000 farms and 1,250,000 acres, not 12,34 or 2,0001, said Lee.').map(
      (t) => t.text,
    );
    expect(texts).toContain('3,000');
    expect(texts).toContain('1,250,000');
    expect(texts.join(' ')).toContain('12 , 34 or 2 , 0001 ,');
  });

  it('keeps a plural possessive’s apostrophe before a lower-case or a capitalised word', () => {
    const texts = (source: string) => tokenize(source).map((t) => t.text);
    expect(texts("the voters' choice")).toEqual(['the', "voters'", 'choice']);
    expect(texts("the Students' Union")).toEqual(['the', "Students'", 'Union']);
    expect(texts('Atticus’ David Slager')).toEqual(['Atticus’', 'David', 'Slager']);
    // a closing mark before a comma or a full stop stays a mark of its own
    expect(texts("'We won the games', he said")).toContain("'");
  });

  it('holds on any text', () => {
    const pieces = fc.constantFrom(
      ' ',
      '\n',
      '“',
      '”',
      '’',
      "'",
      '.',
      ',',
      'İ',
      'Σ',
      'σ',
      'Ⓐ',
      'a',
      'B',
      'Mr',
      'U.S',
      '7',
      'é',
      'ß',
      '😀',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        check(parts.join(''));
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * A text is read with the cheapest patterns that fit it (letter-classes.ts); the same text with a letter
 * outside the Latin blocks on a line of its own is read with the Unicode ones. The tokens and sentence
 * starts before that line must agree.
 */
function agreesWithUnicode(text: string): void {
  const withLetter = `${text}\nж`;
  expect(scriptOf(withLetter)).toBe('unicode');
  const starts: number[] = [];
  const startsWith: number[] = [];
  const tokens = tokenize(text, starts);
  const unicode = tokenize(withLetter, startsWith);
  expect(tokens).toEqual(unicode.slice(0, -1));
  expect(starts).toEqual(startsWith.slice(0, -1));
}

/** `agreesWithUnicode` on any text of these pieces, each of which `fits` (isPlain, isLatin). */
function agreesOnAnyTextOf(pieces: readonly string[], fits: (text: string) => boolean): void {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      expect(fits(text)).toBe(true);
      agreesWithUnicode(text);
    }),
    { numRuns: 300 },
  );
}

describe('the quote tokenizer on plain and Latin text', () => {
  it.each([
    ['plain', "the voters' choice and the voters' Choice"],
    ['plain', 'Sanders’ \tcampaign, Sanders’ Campaign, O’Brien’s 1990s-era U.S. plan… “Yes.” — J. Doe'],
    ['plain', 'e.g. 3.5 km/h, rock-n-roll; 10:30 p.m.'],
    ['latin', 'Señor Peña’s aides met ÉMILE DURAND in 2016, U.S. officials said. Ōsaka’s mayor J. Doe.'],
    ['latin', 'the voters’ élan and the voters’ Élan; Dž and ǅ, ĸ and ŉ; ª, ², ½ and 3½'],
    ['latin', 'Zoë Ångström, Łukasz Żółć and Nguyễn Thị Ánh met the Ministerpräsident, it said: “Ja.”'],
  ])('a %s text gives the tokens and sentence starts the Unicode pattern gives: %s', (script, text) => {
    expect(scriptOf(text)).toBe(script);
    agreesWithUnicode(text);
  });

  it('gives them on any plain text', () => {
    agreesOnAnyTextOf(
      [..."aZs09 \t\n'’-./,:!?…“”—".split(''), 'the', 'Sen.', 'U.S.', 'J.', 'voters', "s' ", 's’ '],
      isPlain,
    );
  });

  it('gives them on any Latin text', () => {
    agreesOnAnyTextOf(
      [
        ..."aZs09 \t\n'’-./,:!?…“”—éÉßĸŉǅªµ²½ÀÞĀāƀȺ\u0301Ẁẁ\u2015\u200b".split(''),
        'Peña',
        'ÉLAN',
        'Ž.',
        "s' ",
        's’ ',
        's’ é',
        's’ É',
      ],
      isLatin,
    );
  });
});

describe('sentence starts', () => {
  /** The text of each sentence the tokenizer starts. */
  function sentences(text: string): string[] {
    const starts = [0];
    tokenize(text, starts);
    return starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length).trim());
  }

  it.each([
    ['Wait... What?! Yes.', ['Wait...', 'What?!', 'Yes.']],
    ['It fell… Then it rose.', ['It fell…', 'Then it rose.']],
    ['"Go." He went.\nNext line', ['"Go.', '" He went.', 'Next line']],
  ])('a run of end marks ends one sentence: %s', (text, want) => {
    expect(sentences(text)).toEqual(want);
  });
});
