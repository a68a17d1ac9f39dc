import { describe, expect, it } from 'vitest';
import { contrastRatio, linkContrast } from '../../functions/core/accent-colour.js';
import { parseListChanges, topicsFromText } from '../../functions/core/list-changes.js';

describe('a list logo URL', () => {
  it.each([
    // [logo URL, local development (the service on loopback), accepted]
    ['https://cdn.example.org/logo.png', false, true],
    ['https://cdn.example.org/logo.png', true, true],
    ['http://cdn.example.org/logo.png', false, false],
    ['http://cdn.example.org/logo.png', true, false],
    ['http://127.0.0.1:8787/logo.png', false, false],
    ['http://127.0.0.1:8787/logo.png', true, true],
    ['http://localhost/logo.png', true, true],
    ['http://[::1]:9000/logo.png', true, true],
    ['http://127.0.0.1.example.org/logo.png', true, false],
    ['javascript:alert(1)', true, false],
    ['data:image/png;base64,AAAA', true, false],
    ['/logo.png', true, false],
  ] as const)('%s (loopback allowed: %s) → %s', (logoUrl, loopbackLogo, accepted) => {
    const result = parseListChanges({ logoUrl }, { loopbackLogo });
    expect(result.ok).toBe(accepted);
    if (!result.ok)
      expect(result.message).toMatch(
        loopbackLogo
          ? /^logoUrl: the logo URL must be an https URL \(or http on 127\.0\.0\.1 or localhost\)$/
          : /^logoUrl: the logo URL must be an https URL$/,
      );
  });
});

describe('a list accent colour', () => {
  it('is the WCAG ratio', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBe(21);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it.each([
    ['#0b57a4', true],
    ['#0A5C7A', true],
    ['#8a4b00', true],
    ['#000000', true],
    ['#ffcc00', false],
    ['#c98a2b', false],
    ['#767676', false], // 4.5:1 on white, but not on the page's #f1efea
  ])('%s readable as a link → %s', (accentColor, accepted) => {
    const result = parseListChanges({ accentColor });
    expect(result.ok).toBe(accepted);
    expect(linkContrast(accentColor) >= 4.5).toBe(accepted);
    if (!result.ok)
      expect(result.message).toMatch(
        /^accentColor: links in #\w{6} would be hard to read: \d+\.\d:1 against the email's light background #f1efea, and at least 4\.5:1 is needed \(choose a darker shade\)$/,
      );
  });

  it.each(['blue', '#fff', '#0b57a4; background:red', ''])('%j is not #rrggbb', (accentColor) => {
    const result = parseListChanges({ accentColor });
    expect(result).toEqual({ ok: false, message: 'accentColor: the accent colour is #rrggbb' });
  });
});

describe("a list's topics", () => {
  it('are read from comma-separated text as `--topics` and the console take them', () => {
    expect(topicsFromText(' Ferries, tides ,, ')).toEqual(['Ferries', 'tides']);
    expect(topicsFromText('')).toEqual([]);
    expect(parseListChanges({ topics: topicsFromText('Tides, ferries, tides') })).toEqual({
      ok: true,
      changes: { topics: ['ferries', 'tides'] },
    });
  });

  it('a bad topic is refused with the field and the topic named', () => {
    expect(parseListChanges({ topics: ['ferries', 'sp@rt'] })).toEqual({
      ok: false,
      message: 'topics: "sp@rt": a topic is 1-40 letters, digits, spaces or - _ & \' .',
    });
    const many = Array.from({ length: 21 }, (_, i) => `topic ${i}`);
    expect(parseListChanges({ topics: many })).toEqual({ ok: false, message: 'topics: at most 20 topics' });
  });
});
