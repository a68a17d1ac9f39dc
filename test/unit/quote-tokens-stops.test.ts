import { describe, expect, it } from 'vitest';
import { tokenize } from '../../functions/core/quotes/tokens.js';

const texts = (source: string) => tokenize(source, 0, source.length).map((t) => t.text);

describe('the quote tokenizer and full stops', () => {
  it('keeps the full stop of an abbreviation, an initial and capitals joined by stops', () => {
    expect(texts('Mr. J. R. Tolkien of the U.S. met Gov. Lee in D.C. at noon.')).toEqual([
      'Mr.',
      'J.',
      'R.',
      'Tolkien',
      'of',
      'the',
      'U.S.',
      'met',
      'Gov.',
      'Lee',
      'in',
      'D.C.',
      'at',
      'noon',
      '.',
    ]);
  });

  it('reads initials beyond ASCII and leaves the stop after other words alone', () => {
    expect(texts('É. Zola and Ö.Ä. left; A.b. and ABC. did not, nor the u.s. or i. or 𝐀.')).toEqual([
      'É.',
      'Zola',
      'and',
      'Ö.Ä.',
      'left',
      ';',
      'A.b',
      '.',
      'and',
      'ABC',
      '.',
      'did',
      'not',
      ',',
      'nor',
      'the',
      'u.s.',
      'or',
      'i',
      '.',
      'or',
      '𝐀.',
    ]);
  });

  it('lower-cases curly apostrophes to straight ones, in every token that holds one', () => {
    const source = 'O’Brien’s plan, the voters’ choice and ’90s music';
    expect(tokenize(source, 0, source.length).map((t) => t.lower)).toEqual([
      "o'brien's",
      'plan',
      ',',
      'the',
      "voters'",
      'choice',
      'and',
      "'",
      '90s',
      'music',
    ]);
  });
});
