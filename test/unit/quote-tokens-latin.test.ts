import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { byScript, isLatin, isPlain, type LetterClasses } from '../../functions/core/letter-classes.js';
import {
  hasLetterOrDigit,
  isAllCaps,
  startsLower,
  startsUpper,
  startsUpperOrNumber,
} from '../../functions/core/quotes/tokens.js';
import { LATIN_BLOCKS, LATIN_CLASSES_PATH, latinClassesModule } from '../../scripts/compile-latin-classes.js';

// A text whose letters are all in the Latin blocks is read with patterns that spell those letters out
// (latin-classes.gen.ts) instead of Unicode properties: they must read it exactly as the Unicode ones do
// (the tokenizer on such texts: quote-tokens.test.ts).

const latinChars = LATIN_BLOCKS.flatMap(([from, to]) =>
  Array.from({ length: to - from + 1 }, (_, k) => String.fromCharCode(from + k)),
);

describe('the Latin character classes', () => {
  it('are what scripts/compile-latin-classes.ts makes from this Node’s Unicode properties', () => {
    expect(readFileSync(LATIN_CLASSES_PATH, 'utf8')).toBe(latinClassesModule());
  });

  it('answer every character of the Latin blocks as the Unicode patterns do', () => {
    const wrong: string[] = [];
    for (const ch of latinChars) {
      const checks: [string, boolean, boolean][] = [
        ['startsUpper', startsUpper(ch), /^\p{Lu}/u.test(ch)],
        ['startsLower', startsLower(ch), /^\p{Ll}/u.test(ch)],
        ['startsUpperOrNumber', startsUpperOrNumber(ch), /^[\p{Lu}\p{N}]/u.test(ch)],
        ['hasLetterOrDigit', hasLetterOrDigit(ch), /[\p{L}\p{N}]/u.test(ch)],
        ['isAllCaps', isAllCaps(`A${ch}`), /^[\p{Lu}\p{N}.&-]+$/u.test(`A${ch}`)],
      ];
      for (const [name, got, want] of checks)
        if (got !== want) wrong.push(`${name} U+${ch.charCodeAt(0).toString(16)}`);
    }
    expect(wrong).toEqual([]);
    expect(latinChars.every((ch) => isLatin(ch))).toBe(true);
    expect(isLatin('ж')).toBe(false);
    expect(isLatin('😀')).toBe(false);
  });
});

describe('byScript', () => {
  // Every pattern of the quote finder over letters is built from these classes: each form must read the
  // characters it is used for (ASCII text for the plain form, the Latin blocks for the Latin one) as the
  // Unicode form does.
  const classes: (keyof LetterClasses)[] = ['letter', 'letterOrNumber', 'upper', 'lower', 'number'];
  const plainChars = latinChars.filter((ch) => isPlain(ch));

  it.each(classes)('the plain and Latin forms of the %s class agree with the Unicode one', (name) => {
    const inClass = byScript((c) => `^[${c[name]}]$`);
    const notInClass = byScript((c) => `^[^${c[name]}]$`);
    const wrong = [
      ...plainChars.filter((ch) => inClass.plain.test(ch) !== inClass.unicode.test(ch)),
      ...latinChars.filter((ch) => inClass.latin.test(ch) !== inClass.unicode.test(ch)),
      ...latinChars.filter((ch) => notInClass.latin.test(ch) !== notInClass.unicode.test(ch)),
    ];
    expect(wrong.map((ch) => `U+${ch.charCodeAt(0).toString(16)}`)).toEqual([]);
    expect(plainChars.length).toBeGreaterThan(90);
  });
});
