import { describe, expect, it } from 'vitest';
import { firstIndex, firstStartingAt, upperBound } from '../../functions/core/binary-search.js';

describe('binary search', () => {
  it('upperBound counts the entries not above x, equals included', () => {
    const sorted = [2, 5, 5, 9];
    expect([1, 2, 4, 5, 8, 9, 10].map((x) => upperBound(sorted, x))).toEqual([0, 1, 1, 3, 3, 4, 4]);
    expect(upperBound([], 3)).toBe(0);
  });

  it('upperBound agrees with a linear count on every list and value', () => {
    for (let n = 0; n < 12; n++) {
      const sorted = Array.from({ length: n }, (_, i) => Math.floor(i / 2) * 3);
      for (let x = -1; x <= 3 * n; x++)
        expect(upperBound(sorted, x)).toBe(sorted.filter((v) => v <= x).length);
    }
  });

  it('firstIndex finds where a monotone test first holds, or the length', () => {
    const sorted = [2, 5, 9];
    expect(firstIndex(3, (i) => sorted[i]! >= 5)).toBe(1);
    expect(firstIndex(3, (i) => sorted[i]! >= 10)).toBe(3);
    expect(firstIndex(0, () => true)).toBe(0);
  });

  it('firstStartingAt finds the first entry starting at or after an offset, or the length', () => {
    const list = [{ start: 0 }, { start: 4 }, { start: 4 }, { start: 9 }];
    expect([-1, 0, 1, 4, 5, 9, 10].map((x) => firstStartingAt(list, x))).toEqual([0, 0, 1, 1, 3, 3, 4]);
    expect(firstStartingAt([], 3)).toBe(0);
    for (let x = -1; x <= 10; x++)
      expect(firstStartingAt(list, x)).toBe(list.filter((e) => e.start < x).length);
  });
});
