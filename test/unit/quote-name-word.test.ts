import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../functions/core/quotes/tokens.js';

/** A name word: a word with a capital, or of two characters or more all capitals, numbers and acronym marks. */
function nameWord(t: { text: string; lower: string; word: boolean; cap: boolean }): boolean {
  return t.word && (t.cap || (t.lower.length > 1 && /^[\p{Lu}\p{N}.&-]+$/u.test(t.text)));
}

function check(source: string): void {
  for (const t of tokenize(source)) expect(t.nameWord).toBe(nameWord(t));
}

describe('the name-word flag of a token', () => {
  it.each([
    ['plain news', '“We will go,” Sen. Laura Whitfield told reporters in the U.S. on Tuesday at 9 a.m.'],
    ['acronyms and numbers', 'NATO, AT&T, the UK-EU deal, 2020, 1.5, 3-2 and x86 or iPhone.'],
    ['outside ASCII', 'İstanbul’s ÉCOLE, ΟΔΟΣ ΣΟΦΙΑΣ, ½ and ٣٤ beside ǅemal and ßa.'],
  ])('means what isNameToken tested: %s', (_name, source) => {
    check(source);
  });

  it('means the same for any text', () => {
    const chars = fc.constantFrom(..."aZ9 .’'-&Éé٣ǅ\nS".split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 30 }), (cs) => {
        check(cs.join(''));
      }),
    );
  });
});
