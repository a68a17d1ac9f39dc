import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, isTimeZone } from '../../functions/core/time-zone.js';

describe('canonicalTimeZone and isTimeZone', () => {
  it.each([
    { input: 'Europe/Paris', out: 'Europe/Paris' },
    { input: 'europe/paris', out: 'Europe/Paris' },
    { input: 'America/New_York', out: 'America/New_York' },
    { input: 'UTC', out: 'UTC' },
    { input: 'Mars/Olympus', out: null },
    { input: 'Europe/Paris ', out: null },
    { input: '', out: null },
    { input: 'x'.repeat(100), out: null },
  ])('$input → $out', ({ input, out }) => {
    expect(canonicalTimeZone(input)).toBe(out);
    expect(isTimeZone(input)).toBe(out !== null);
  });
});
