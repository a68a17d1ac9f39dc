import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpanCover } from '../../functions/core/span-cover.js';
import type { Span } from '../../functions/core/types.js';

const span = fc
  .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 40 }))
  .map(([start, length]): Span => ({ start, end: start + length }));

/** Characters of `s` inside the union of `spans`, counted one by one. */
function coveredByHand(spans: readonly Span[], s: Span): number {
  let n = 0;
  for (let i = s.start; i < s.end; i++) if (spans.some((f) => f.start <= i && i < f.end)) n++;
  return n;
}

describe('SpanCover', () => {
  it('covers what the union of the spans covers, and touches where one shares a character', () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 30 }), span, (spans, s) => {
        const cover = new SpanCover(spans);
        expect(cover.covered(s)).toBe(coveredByHand(spans, s));
        // an empty span strictly inside `s` touches it, as the pairwise test reads it
        if (s.end > s.start)
          expect(cover.touches(s)).toBe(spans.some((f) => f.start < s.end && s.start < f.end));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts overlapping spans once', () => {
    const cover = new SpanCover([
      { start: 10, end: 20 },
      { start: 15, end: 30 },
      { start: 0, end: 2 },
    ]);
    expect(cover.covered({ start: 0, end: 40 })).toBe(22);
    expect(cover.touches({ start: 2, end: 10 })).toBe(false);
  });
});
