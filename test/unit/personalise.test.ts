import { describe, expect, it } from 'vitest';
import {
  compilePersonalisation,
  PersonaliseError,
  personalise,
  slotsUsed,
} from '../../functions/core/personalise.js';
import { PLACEHOLDERS } from '../../functions/core/placeholders.js';

const U = PLACEHOLDERS.unsubscribeUrl;
const P = PLACEHOLDERS.preferencesUrl;
const LINKS = {
  unsubscribeUrl: 'https://digest.example.org/unsubscribe?token=v1.a_b-c.d&list=x',
  preferencesUrl: 'https://digest.example.org/preferences?token=v1.e"f',
};

describe('personalise', () => {
  it.each([
    {
      name: 'attribute-escapes in HTML, raw in text',
      html: `<a href="${U}">Unsubscribe</a>`,
      text: `Unsubscribe: ${U}`,
      out: {
        html: '<a href="https://digest.example.org/unsubscribe?token=v1.a_b-c.d&amp;list=x">Unsubscribe</a>',
        text: 'Unsubscribe: https://digest.example.org/unsubscribe?token=v1.a_b-c.d&list=x',
      },
    },
    {
      name: 'escapes a quote so the attribute cannot be broken out of',
      html: `<a href="${P}">p</a>`,
      text: P,
      out: {
        html: '<a href="https://digest.example.org/preferences?token=v1.e&quot;f">p</a>',
        text: 'https://digest.example.org/preferences?token=v1.e"f',
      },
    },
    {
      name: 'fills every occurrence of both slots',
      html: `${U}|${P}|${U}`,
      text: `${P}${U}`,
      out: {
        html: 'https://digest.example.org/unsubscribe?token=v1.a_b-c.d&amp;list=x|https://digest.example.org/preferences?token=v1.e&quot;f|https://digest.example.org/unsubscribe?token=v1.a_b-c.d&amp;list=x',
        text: 'https://digest.example.org/preferences?token=v1.e"fhttps://digest.example.org/unsubscribe?token=v1.a_b-c.d&list=x',
      },
    },
    {
      name: 'leaves text that only looks like a slot alone',
      html: `%%{unsubscribe}%% ${U}`,
      text: '%%{preferences_url}',
      out: {
        html: '%%{unsubscribe}%% https://digest.example.org/unsubscribe?token=v1.a_b-c.d&amp;list=x',
        text: '%%{preferences_url}',
      },
    },
  ])('$name', ({ html, text, out }) => {
    expect(personalise(compilePersonalisation({ html, text }), LINKS)).toEqual(out);
  });

  it('gives each recipient their own links from one compiled issue', () => {
    const template = compilePersonalisation({ html: `<a href="${U}">u</a>`, text: U });
    const a = personalise(template, {
      unsubscribeUrl: 'https://x.org/u?t=a',
      preferencesUrl: 'https://x.org/p?t=a',
    });
    const b = personalise(template, {
      unsubscribeUrl: 'https://x.org/u?t=b',
      preferencesUrl: 'https://x.org/p?t=b',
    });
    expect(a.text).toBe('https://x.org/u?t=a');
    expect(b.text).toBe('https://x.org/u?t=b');
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['plain http on a public host', 'http://digest.example.org/u'],
    ['a space', 'https://digest.example.org/u?t=a b'],
    ['a line break', 'https://digest.example.org/u?t=a\r\nBcc: x'],
    ['relative', '/unsubscribe?token=a'],
  ])('refuses %s', (_name, value) => {
    const template = compilePersonalisation({ html: U, text: U });
    expect(() => personalise(template, { ...LINKS, unsubscribeUrl: value })).toThrow(PersonaliseError);
  });

  it('allows loopback http and mailto', () => {
    const template = compilePersonalisation({ html: `${U} ${P}`, text: '' });
    const out = personalise(template, {
      unsubscribeUrl: 'http://127.0.0.1:8787/unsubscribe?token=a',
      preferencesUrl: 'mailto:prefs@example.org',
    });
    expect(out.html).toBe('http://127.0.0.1:8787/unsubscribe?token=a mailto:prefs@example.org');
  });

  it('reports which slots an issue uses', () => {
    expect([...slotsUsed(compilePersonalisation({ html: U, text: 'none' }))]).toEqual(['unsubscribeUrl']);
  });
});
