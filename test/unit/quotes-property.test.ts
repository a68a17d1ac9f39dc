import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findQuoteCandidates, findQuotes, selectQuotes } from '../../functions/core/quotes/index.js';

// Pieces that make quote-finding hard: every kind of mark, names, cue words, pronouns, line breaks.
const PIECES = [
  '"',
  '“',
  '”',
  '‘',
  '’',
  "'",
  "''",
  '„',
  '«',
  '»',
  ',',
  '.',
  ':',
  ' — ',
  ' ',
  ' ',
  '\n',
  '\n\n',
  '\r\n',
  '(',
  ')',
  'said',
  'says',
  'told reporters',
  'according to',
  'added',
  'he',
  'she',
  'they',
  'the ministry',
  'Geng Shuang',
  'Geng',
  'Mr.',
  'Sen.',
  'Dmitry Polyansky',
  'Russia’s Deputy UN Ambassador',
  'We will go',
  'and we will stay',
  'it’s',
  'the boys’',
  'Monica Juma, the National Security Advisor,',
  '😀',
  '\u0301',
];

const builtText = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join(''));

function checkQuotes(source: string): void {
  // findQuotes falls back to bare spans on an internal error; the full path must not need that.
  expect(() => findQuoteCandidates(source)).not.toThrow();
  expect(() => findQuoteCandidates(source, { doubledApostrophes: true })).not.toThrow();
  const quotes = findQuotes(source);
  for (const q of quotes) {
    expect(Number.isInteger(q.start) && Number.isInteger(q.end)).toBe(true);
    expect(q.start).toBeGreaterThanOrEqual(0);
    expect(q.end).toBeLessThanOrEqual(source.length);
    expect(q.start).toBeLessThan(q.end);
    expect(source.slice(q.start, q.end)).toBe(q.text);
    expect(q.speaker === null || typeof q.speaker === 'string').toBe(true);
  }
  const chosen = selectQuotes(quotes, { source, keyPoints: [] });
  for (const q of chosen) expect(quotes).toContain(q);
}

describe('findQuotes properties', () => {
  it('any string: verbatim offsets, no throw', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), checkQuotes), { numRuns: 400 });
  });

  it('text built from quote marks, names, cue words and line breaks: verbatim offsets, no throw', () => {
    fc.assert(fc.property(builtText, checkQuotes), { numRuns: 1500 });
  });

  it('a quotation with an attribution is found verbatim whatever the marks', () => {
    const opens = ['"', '“', '„'];
    const closes = ['"', '”'];
    fc.assert(
      fc.property(
        fc.constantFrom(...opens),
        fc.constantFrom(...closes),
        fc.constantFrom('He said', 'Geng Shuang said', 'The ministry said'),
        (open, close, attribution) => {
          const source = `Intro line.\n\n${attribution}: ${open}We will stay until the work is done.${close}`;
          const found = findQuotes(source);
          expect(found.map((q) => q.text)).toEqual(['We will stay until the work is done.']);
        },
      ),
    );
  });
});
