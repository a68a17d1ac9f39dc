import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlain } from '../../functions/core/letter-classes.js';
import { wordsOf } from '../../functions/core/quotes/features.js';

const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}’'-]*/gu;

const TEXTS = [
  'We will go, and we’ll stay — “no matter what”… said the 42-year-old mayor.',
  "I'm here\u00a0today; you're not. Rock'n'roll - 3-2",
  'Café owners said “très bien”',
  'Ünal and Øre met the İmam',
  'Ⅻ ² ١٢٣ digits of other scripts',
  'emoji 😀 and 𝐀𝐁 letters',
  '',
  '— … “ ”',
];

describe('wordsOf: the words of WORD_RE, by ASCII patterns where a text is plain', () => {
  it('matches what the Unicode pattern matches', () => {
    for (const text of TEXTS) expect(wordsOf(text)).toEqual(text.match(WORD_RE) ?? []);
  });

  it('matches it on any text of ASCII, marks, dashes and a few other letters', () => {
    const char = fc.constantFrom(..."aZ09 '-.,\n’‘“”—–…\u00a0éİſK".split(''), 'x', 'I', 'm');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        expect(wordsOf(text)).toEqual(text.match(WORD_RE) ?? []);
      }),
    );
  });

  it('matches it on every character of the blocks the Latin pattern reads', () => {
    const blocks: [number, number][] = [
      [0x09, 0x24f],
      [0x300, 0x36f],
      [0x1e00, 0x1eff],
      [0x2000, 0x206f],
    ];
    for (const [from, to] of blocks)
      for (let c = from; c <= to; c++) {
        const ch = String.fromCharCode(c);
        // the é makes each text other than plain
        const text = `x${ch}y ${ch}é-${ch}`;
        expect(wordsOf(text)).toEqual(text.match(WORD_RE) ?? []);
      }
  });

  it('takes only texts without letters or numbers outside ASCII as plain', () => {
    expect(isPlain(TEXTS[0]!)).toBe(true);
    expect(isPlain(TEXTS[1]!)).toBe(true);
    for (const text of TEXTS.slice(2, 6)) expect(isPlain(text)).toBe(false);
  });
});
