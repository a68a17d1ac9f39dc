import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
  for (const t of tokenize(source, 0, source.length)) {
    expect(source.slice(t.start, t.end)).toBe(t.text);
    expect({ lower: t.lower, word: t.word, cap: t.cap }).toEqual(expected(t.text));
  }
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
  ])('gives each token its lower case, word and capital flags: %s', (_name, source) => {
    check(source);
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
