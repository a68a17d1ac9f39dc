import { describe, expect, it } from 'vitest';
import { tokenize } from '../../functions/core/quotes/tokens.js';

const texts = (source: string) => tokenize(source).map((t) => t.text);

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
    expect(tokenize(source).map((t) => t.lower)).toEqual([
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

  it('gives where each sentence starts: after a sentence end and after a line break', () => {
    const source = 'Mr. Lee said “Go.” Then he left!\nNext line… ends? Yes\n\n  Last';
    const starts = [0];
    tokenize(source, starts);
    expect(starts.map((i) => source.slice(i, i + 4))).toEqual([
      'Mr. ',
      '” Th',
      'Next',
      'ends',
      'Yes\n',
      'Last',
    ]);
    expect(starts).toEqual([0, 17, 33, 44, 50, 57]);
  });
});

describe('the quote tokenizer on a character outside the Basic Multilingual Plane', () => {
  it('keeps an emoji whole (the ASCII pattern would read it as two halves)', () => {
    expect(texts('The mayor posted 😀 and left.')).toEqual([
      'The',
      'mayor',
      'posted',
      '😀',
      'and',
      'left',
      '.',
    ]);
  });
});
