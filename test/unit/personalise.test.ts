import { describe, expect, it } from 'vitest';
import { dateToken, placeDates } from '../../functions/core/date-slots.js';
import { escapeHtml } from '../../functions/core/html-escape.js';
import {
  compilePersonalisation,
  PersonaliseError,
  personalise,
  readerDates,
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

describe('date slots: each reader sees the dates in their time zone', () => {
  const AT = '2026-11-26T23:30:00.000Z';
  /** An issue as the renderer leaves it: its dates in the list's zone (UTC here), their slots noted. */
  const rendered = () =>
    placeDates(
      {
        html: `<p class="kicker">${escapeHtml(dateToken(0))} · 1 story</p><p>By Ada · ${escapeHtml(dateToken(1))}</p><a href="${U}">Unsubscribe</a>`,
        text: `The Brief · ${dateToken(0)} · 1 story\nBy Ada · ${dateToken(1)}\nUnsubscribe: ${U}\n`,
      },
      [
        { at: AT, style: 'day', shown: '26 November 2026' },
        { at: AT, style: 'time', shown: '26 Nov 2026, 23:30 UTC' },
      ],
    );
  const lines = (day: string, time: string) => ({
    html: `<p class="kicker">${day} · 1 story</p><p>By Ada · ${time}</p><a href="https://digest.example.org/unsubscribe?token=v1.a_b-c.d&amp;list=x">Unsubscribe</a>`,
    text: `The Brief · ${day} · 1 story\nBy Ada · ${time}\nUnsubscribe: https://digest.example.org/unsubscribe?token=v1.a_b-c.d&list=x\n`,
  });

  it("the rendered issue shows the list's dates and notes where they are", () => {
    const { html, text, dates } = rendered();
    expect(html).toBe(
      `<p class="kicker">26 November 2026 · 1 story</p><p>By Ada · 26 Nov 2026, 23:30 UTC</p><a href="${U}">Unsubscribe</a>`,
    );
    expect(text).toBe(
      `The Brief · 26 November 2026 · 1 story\nBy Ada · 26 Nov 2026, 23:30 UTC\nUnsubscribe: ${U}\n`,
    );
    expect(dates.map((d) => [d.style, d.html, d.text])).toEqual([
      ['day', [html.indexOf('26 November 2026')], [text.indexOf('26 November 2026')]],
      ['time', [html.indexOf('26 Nov 2026, 23:30 UTC')], [text.indexOf('26 Nov 2026, 23:30 UTC')]],
    ]);
  });

  it.each([
    { reader: 'no time zone', zone: null, day: '26 November 2026', time: '26 Nov 2026, 23:30 UTC' },
    { reader: 'Asia/Tokyo', zone: 'Asia/Tokyo', day: '27 November 2026', time: '27 Nov 2026, 08:30 GMT+9' },
    {
      reader: 'America/New_York',
      zone: 'America/New_York',
      day: '26 November 2026',
      time: '26 Nov 2026, 18:30 GMT-5',
    },
    {
      reader: 'a zone the runtime does not know',
      zone: 'Mars/Olympus',
      day: '26 November 2026',
      time: '26 Nov 2026, 23:30 UTC',
    },
  ])('a reader with $reader: the same dates in HTML and text', ({ zone, day, time }) => {
    const template = compilePersonalisation(rendered());
    expect(personalise(template, LINKS, zone)).toEqual(lines(day, time));
  });

  it('two zones, the same instant: two texts, each formatted once per issue', () => {
    const template = compilePersonalisation(rendered());
    const tokyo = readerDates(template, 'Asia/Tokyo');
    const newYork = readerDates(template, 'America/New_York');
    expect(tokyo?.text).toEqual(['27 November 2026', '27 Nov 2026, 08:30 GMT+9']);
    expect(newYork?.text).toEqual(['26 November 2026', '26 Nov 2026, 18:30 GMT-5']);
    // the second reader of a zone gets the same strings, not a new formatting
    expect(readerDates(template, 'Asia/Tokyo')).toBe(tokyo);
    // a reader without a zone, or in the list's, needs nothing of their own
    expect(readerDates(template, null)).toBeUndefined();
    expect(readerDates(template, 'UTC')).toBeUndefined();
  });

  it('escapes a date in the HTML part as every slot is escaped', () => {
    const odd = placeDates({ html: escapeHtml(dateToken(0)), text: dateToken(0) }, [
      { at: AT, style: 'day', shown: '26 <b>Nov</b> & "co"' },
    ]);
    expect(odd.html).toBe('26 &lt;b&gt;Nov&lt;/b&gt; &amp; &quot;co&quot;');
    expect(odd.text).toBe('26 <b>Nov</b> & "co"');
    const out = personalise(compilePersonalisation(odd), LINKS, 'Asia/Tokyo');
    expect(out).toEqual({ html: '27 November 2026', text: '27 November 2026' });
  });

  it('a token of no date of the issue stays as it is', () => {
    const typed = placeDates({ html: '%%{&lt;date:9&gt;}%%', text: '%%{<date:9>}%%' }, []);
    expect(typed).toEqual({ html: '%%{&lt;date:9&gt;}%%', text: '%%{<date:9>}%%', dates: [] });
  });

  it("a rendering changed after the fact, or one from before dates were slots, keeps the list's dates", () => {
    const moved = rendered();
    moved.html = `<!-- a banner -->${moved.html}`;
    expect(personalise(compilePersonalisation(moved), LINKS, 'Asia/Tokyo')).toEqual({
      html: `<!-- a banner -->${lines('26 November 2026', '26 Nov 2026, 23:30 UTC').html}`,
      text: lines('26 November 2026', '26 Nov 2026, 23:30 UTC').text,
    });
    const { dates: _dates, ...older } = rendered();
    expect(personalise(compilePersonalisation(older), LINKS, 'Asia/Tokyo')).toEqual(
      lines('26 November 2026', '26 Nov 2026, 23:30 UTC'),
    );
  });
});
