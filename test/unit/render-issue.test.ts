import { build } from 'esbuild';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderConfirmation, renderForward, renderIssue } from '../../functions/adapters/render-issue.js';
import { DIGEST_TEMPLATE } from '../../functions/adapters/templates.gen.js';
import { escapeHtml } from '../../functions/core/html-escape.js';
import { compilePersonalisation, personalise } from '../../functions/core/personalise.js';
import { PLACEHOLDERS } from '../../functions/core/placeholders.js';
import { digestView, NO_WEB_VERSION_NOTE } from '../../functions/core/render-model.js';
import { digestText } from '../../functions/core/render-text.js';
import { compileTemplate, renderTemplate, TemplateError } from '../../functions/core/template-engine.js';
import type { Story } from '../../functions/core/types.js';
import { HARBOUR, RENDER_OPTIONS, sampleIssue, sampleStory, storyFrom } from '../support/sample-issue.js';

const GMAIL_CLIP_BYTES = 102 * 1024;

/** A story whose every field is an attack on the HTML. */
function hostileStory(): Story {
  return storyFrom({
    title: '<script>alert("title")</script> & {{subject}}',
    url: 'https://news.example.org/x?a=1&b=<2>',
    byline: '"><img src=x onerror=alert(1)>',
    published: "' onmouseover='alert(2)",
    body: [
      'The first "><img src=x onerror=alert(3)> sentence is here.',
      'A {{#stories}}template{{/stories}} marker and {{x}} in prose.',
      `Someone typed ${PLACEHOLDERS.unsubscribeUrl} into the article.`,
      '"</blockquote><script>alert(4)</script>," said <b>Eve</b>.',
    ].join(' '),
    points: [
      'The first "><img src=x onerror=alert(3)> sentence is here.',
      'A {{#stories}}template{{/stories}} marker and {{x}} in prose.',
    ],
    quotes: [
      { text: '</blockquote><script>alert(4)</script>,', speaker: '<b>Eve</b>', role: 'javascript:alert(5)' },
    ],
  });
}

describe('renderIssue', () => {
  it('escapes every piece of article text, in text and attributes', () => {
    const rendered = renderIssue(
      sampleIssue([hostileStory()], { subject: '<i>subject</i>', preheader: '<u>pre</u>' }),
      {
        ...RENDER_OPTIONS,
        listName: 'List "quoted" <b>',
        postalAddress: '<address onclick=x>',
      },
    );
    const { html } = rendered;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<b>|<i>|<u>|<address/);
    expect(html).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; {{subject}}');
    expect(html).toContain('The first &quot;&gt;&lt;img src=x onerror=alert(3)&gt; sentence is here.');
    expect(html).toContain('&lt;/blockquote&gt;&lt;script&gt;alert(4)&lt;/script&gt;.');
    expect(html).toContain('&lt;b&gt;Eve&lt;/b&gt;, javascript:alert(5)');
    // marker-like text in an article stays literal: values are never re-parsed as template
    expect(html).toContain('A {{#stories}}template{{/stories}} marker and {{x}} in prose.');
    expect(html).toContain('&amp;b=%3C2%3E');
    // the parsed document has exactly our structure: one story, its points, its quote
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    const handlers = [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].map((a) => a.name).filter((name) => name.toLowerCase().startsWith('on')),
    );
    expect(handlers).toEqual([]);
    expect(document.querySelectorAll('li')).toHaveLength(2);
    expect(document.querySelectorAll('blockquote')).toHaveLength(1);
    expect(document.querySelector('h2')?.textContent).toBe('<script>alert("title")</script> & {{subject}}');
    expect(document.querySelector('title')?.textContent).toBe('<i>subject</i>');
  });

  it('leaves the per-recipient placeholders in place, once each where they belong', () => {
    const { html, text } = renderIssue(sampleIssue([sampleStory(0)]), RENDER_OPTIONS);
    const { document } = parseHTML(html);
    const hrefs = [...document.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs.filter((h) => h === PLACEHOLDERS.unsubscribeUrl)).toHaveLength(1);
    expect(hrefs.filter((h) => h === PLACEHOLDERS.preferencesUrl)).toHaveLength(1);
    expect(text).toContain(`Unsubscribe: ${PLACEHOLDERS.unsubscribeUrl}`);
    expect(text).toContain(`Preferences: ${PLACEHOLDERS.preferencesUrl}`);
  });

  it('a placeholder typed into an article never becomes a slot personalisation would fill', () => {
    const story = hostileStory();
    story.keyPoints.push({
      ...story.keyPoints[0]!,
      text: `Typed: ${PLACEHOLDERS.unsubscribeUrl} and ${PLACEHOLDERS.preferencesUrl}`,
    });
    story.title = PLACEHOLDERS.preferencesUrl;
    const { html, text } = renderIssue(sampleIssue([story]), RENDER_OPTIONS);
    for (const token of Object.values(PLACEHOLDERS)) {
      expect(html.split(token).length - 1).toBe(1);
      expect(text.split(token).length - 1).toBe(1);
    }
    expect(html).toContain('Typed: %\u200b%{unsubscribe_url}%%');
  });

  it('a placeholder in a story URL, its site name or a logo URL never becomes a slot: each reader link goes only where it belongs', () => {
    const story = sampleStory(0);
    // (a WHATWG URL keeps `{` and `}` as they are in a query and a fragment: the story link, and each point's and
    // quote's link into the source, carried the placeholder as it came)
    story.url = `https://news.example.org/a?ref=${PLACEHOLDERS.unsubscribeUrl}#${PLACEHOLDERS.preferencesUrl}`;
    story.siteName = PLACEHOLDERS.unsubscribeUrl;
    story.byline = `By ${PLACEHOLDERS.preferencesUrl}`;
    const rendered = renderIssue(sampleIssue([story]), {
      ...RENDER_OPTIONS,
      logoUrl: `https://cdn.example.org/logo.png?v=${PLACEHOLDERS.unsubscribeUrl}`,
    });
    const links = {
      unsubscribeUrl: 'https://digest.example.org/unsubscribe?token=v1.READER-UNSUB',
      preferencesUrl: 'https://digest.example.org/preferences?token=v1.READER-PREFS',
    };
    const mail = personalise(compilePersonalisation(rendered), links);
    const count = (text: string, what: string) => text.split(what).length - 1;
    for (const part of [mail.html, mail.text]) {
      expect(count(part, 'READER-UNSUB')).toBe(1);
      expect(count(part, 'READER-PREFS')).toBe(1);
    }
    const { document } = parseHTML(mail.html);
    const hrefs = [...document.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
    expect(hrefs.filter((h) => h.includes('READER-'))).toEqual([links.preferencesUrl, links.unsubscribeUrl]);
    // the story's own link still goes where it went: a server reads %7B as {
    expect(hrefs).toContain(
      'https://news.example.org/a?ref=%%%7Bunsubscribe_url%7D%%#%%%7Bpreferences_url%7D%%',
    );
    expect(mail.text).toContain('Source: https://news.example.org/a?ref=%%%7Bunsubscribe_url%7D%%#');
    expect(document.querySelector('img')?.getAttribute('src')).toBe(
      'https://cdn.example.org/logo.png?v=%%%7Bunsubscribe_url%7D%%',
    );
  });

  it('has one section per story, each point and quote linked into the source', () => {
    const stories = [0, 1, 2, 3, 4].map(sampleStory);
    const { html } = renderIssue(sampleIssue(stories), RENDER_OPTIONS);
    const { document } = parseHTML(html);
    expect([...document.querySelectorAll('h2')].map((h) => h.textContent)).toEqual(
      stories.map((s) => s.title),
    );
    const sourceLinks = [...document.querySelectorAll('a')].filter((a) =>
      a.getAttribute('href')?.includes('#:~:text='),
    );
    const expected = stories.reduce((n, s) => n + s.keyPoints.length + s.quotes.length, 0);
    expect(sourceLinks).toHaveLength(expected);
    expect(document.querySelectorAll('ol.toc li')).toHaveLength(5);
  });

  it('a story without a URL has no source links and no empty hrefs', () => {
    const story = { ...storyFrom(HARBOUR), url: null };
    const { html, text } = renderIssue(sampleIssue([story]), RENDER_OPTIONS);
    expect(html).not.toContain('#:~:text=');
    expect(html).not.toMatch(/href=""/);
    expect(text).not.toContain('Links to the source');
    expect(html).toContain(HARBOUR.title!);
  });

  it('a story with no key points and no quotes still renders its title', () => {
    const story = { ...storyFrom(HARBOUR), keyPoints: [], quotes: [] };
    const { html } = renderIssue(sampleIssue([story]), RENDER_OPTIONS);
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('ul')).toHaveLength(0);
    expect(document.querySelectorAll('blockquote')).toHaveLength(0);
    expect(document.querySelector('h2')?.textContent).toBe(HARBOUR.title);
  });

  it('returns the issue id and subject', () => {
    const issue = sampleIssue([sampleStory(0)], { id: 'id-1', subject: 'Hello  there ' });
    expect(renderIssue(issue, RENDER_OPTIONS)).toMatchObject({ issueId: 'id-1', subject: 'Hello there' });
  });

  it.each([1, 5])('a %i-story issue stays under Gmail’s 102 KB clip', (n) => {
    const stories = Array.from({ length: n }, (_, i) => sampleStory(i));
    const bytes = Buffer.byteLength(renderIssue(sampleIssue(stories), RENDER_OPTIONS).html);
    expect(bytes).toBeLessThan(GMAIL_CLIP_BYTES);
  });

  it('refuses a base URL that is not absolute http(s)', () => {
    expect(() =>
      renderIssue(sampleIssue([sampleStory(0)]), { ...RENDER_OPTIONS, baseUrl: 'digest.example.org' }),
    ).toThrow(/base URL/);
  });

  it.each([
    { webVersion: undefined, link: true },
    { webVersion: true, link: true },
    { webVersion: false, link: false },
  ])(
    'webVersion $webVersion: a "view in browser" link to /issues/<id> ($link), else the note',
    ({ webVersion, link }) => {
      const issue = sampleIssue([sampleStory(0)], { id: 'id-7' });
      const rendered = renderIssue(issue, {
        ...RENDER_OPTIONS,
        ...(webVersion === undefined ? {} : { webVersion }),
      });
      const { document } = parseHTML(rendered.html);
      const hrefs = [...document.querySelectorAll('a')].map((a) => a.getAttribute('href'));
      const url = 'https://digest.example.org/issues/id-7';
      // twice: above the masthead and in the footer
      expect(hrefs.filter((h) => h === url)).toHaveLength(link ? 2 : 0);
      expect(rendered.text.includes(`View in browser: ${url}`)).toBe(link);
      expect(document.querySelector('.web-version-note')?.textContent ?? null).toBe(
        link ? null : NO_WEB_VERSION_NOTE,
      );
      // the text part wraps it
      expect(rendered.text.replace(/\s+/g, ' ').includes(NO_WEB_VERSION_NOTE)).toBe(!link);
      // the personal links stay
      expect(rendered.html).toContain(PLACEHOLDERS.unsubscribeUrl);
    },
  );
});

describe('dates as per-recipient slots', () => {
  const LINKS = {
    unsubscribeUrl: 'https://d.example.org/u?t=1',
    preferencesUrl: 'https://d.example.org/p?t=1',
  };
  const OSLO = { ...RENDER_OPTIONS, timeZone: 'Europe/Oslo' };
  // the first story's date is a feed's ISO time (shown in a zone); the second's a page's own "25 November 2026"
  const issue = sampleIssue([{ ...sampleStory(0), published: '2026-11-26T23:30:00Z' }, sampleStory(1)]);

  it("shows the list's zone exactly as the view without slots does, and notes where each zoned date is", () => {
    const rendered = renderIssue(issue, OSLO);
    const view = digestView(issue, OSLO);
    expect(rendered.html).toBe(renderTemplate(compileTemplate(DIGEST_TEMPLATE), view));
    expect(rendered.text).toBe(digestText(view));
    expect(rendered.dates?.map(({ at, style, shown }) => ({ at, style, shown }))).toEqual([
      { at: '2026-11-26T23:30:00.000Z', style: 'time', shown: '27 Nov 2026, 00:30 CET' },
      { at: '2026-11-26T08:00:00.000Z', style: 'day', shown: '26 November 2026' },
    ]);
    for (const date of rendered.dates ?? []) {
      expect(date.html).toHaveLength(1);
      expect(date.text).toHaveLength(1);
      expect(rendered.html.startsWith(escapeHtml(date.shown), date.html[0])).toBe(true);
      expect(rendered.text.startsWith(date.shown, date.text[0])).toBe(true);
    }
    expect(rendered.text).toContain('25 November 2026');
  });

  it("a reader's copy carries their zone's dates in both parts; the rest of it is the list's copy", () => {
    const rendered = renderIssue(issue, OSLO);
    const template = compilePersonalisation(rendered);
    const list = personalise(template, LINKS);
    const tokyo = personalise(template, LINKS, 'Asia/Tokyo');
    expect(tokyo.text).toContain('Coastal Weekly · 26 November 2026 · 2 stories');
    expect(tokyo.text).toContain('By Ada Marsh · 27 Nov 2026, 08:30 GMT+9');
    expect(tokyo.html).toContain('By Ada Marsh · 27 Nov 2026, 08:30 GMT+9</p>');
    expect(tokyo.html.replace('27 Nov 2026, 08:30 GMT+9', '27 Nov 2026, 00:30 CET')).toBe(list.html);
    const samoa = personalise(template, LINKS, 'Pacific/Pago_Pago');
    expect(samoa.text).toContain('Coastal Weekly · 25 November 2026 · 2 stories');
    expect(samoa.html).toContain('25 November 2026 · 2 stories</p>');
  });

  it('never breaks a date across lines of the text part', () => {
    const byline = 'Reporting by Aileen Marsh and Tomas Lindqvist in Port Ellery';
    const long = sampleIssue([{ ...sampleStory(0), byline, published: '2026-11-26T23:30:00Z' }]);
    const rendered = renderIssue(long, OSLO);
    expect(rendered.text).toContain(`${byline} ·\n27 Nov 2026, 00:30 CET\n`);
    expect(personalise(compilePersonalisation(rendered), LINKS, 'Asia/Tokyo').text).toContain(
      `${byline} ·\n27 Nov 2026, 08:30 GMT+9\n`,
    );
  });

  it('article text that spells a date token never becomes a slot', () => {
    const typed = sampleIssue([
      { ...sampleStory(0), title: 'A %%{<date:0>}%% title', byline: '%%{&lt;date:1&gt;}%%' },
    ]);
    const rendered = renderIssue(typed, OSLO);
    expect(rendered.dates?.map((d) => d.shown)).toEqual(['26 November 2026']);
    const samoa = personalise(compilePersonalisation(rendered), LINKS, 'Pacific/Pago_Pago');
    expect(samoa.text).toContain('A %\u200b%{<date:0>}%% title');
    expect(samoa.text).toContain('Coastal Weekly · 25 November 2026 · 1 story');
    expect(samoa.html).toContain('%\u200b%{&amp;lt;date:1&amp;gt;}%%');
  });

  it("a forwarded copy has no slots: its dates are the list's, written out", () => {
    const mail = renderForward({
      ...OSLO,
      issue,
      forwardedBy: 'Ana',
      subscribeUrl: 'https://d.example.org/s',
    });
    expect(mail.text).toContain('By Ada Marsh · 27 Nov 2026, 00:30 CET');
    expect(mail.html).not.toContain('%%{');
    expect(mail.text).not.toContain('%%{');
  });
});

describe("a list's logo and accent", () => {
  const BRAND = {
    ...RENDER_OPTIONS,
    listName: 'Fish & "Chips" <Weekly>',
    logoUrl: 'https://cdn.example.org/logo.png?v=2&size=96',
    accentColor: '#0A5C7A',
  };
  const linkColours = (html: string) => {
    const { document } = parseHTML(html);
    return new Set(
      [...document.querySelectorAll('a')]
        .map((a) => /(?:^|;)\s*color:\s*([^;]+)/.exec(a.getAttribute('style') ?? '')?.[1]?.trim())
        // story titles are ink and buttons white on their own colour: neither is a link in colour
        .filter((c) => c !== undefined && c !== '#1d1f23' && c !== '#ffffff'),
    );
  };

  it('puts the logo in the masthead with the title as its alt text, both escaped', () => {
    const { html } = renderIssue(sampleIssue([sampleStory(0)]), BRAND);
    const { document } = parseHTML(html);
    const images = [...document.querySelectorAll('img')];
    expect(images).toHaveLength(1);
    expect(images[0]!.getAttribute('src')).toBe(BRAND.logoUrl);
    expect(images[0]!.getAttribute('alt')).toBe(BRAND.listName);
    expect(html).toContain('alt="Fish &amp; &quot;Chips&quot; &lt;Weekly&gt;"');
    expect(html).toContain('src="https://cdn.example.org/logo.png?v=2&amp;size=96"');
    // the logo comes before the title in the masthead
    expect(html.indexOf('<img')).toBeLessThan(html.indexOf('<h1'));
  });

  it('colours every link and the masthead rule with the accent; without one, the product blue', () => {
    const branded = renderIssue(sampleIssue([sampleStory(0), sampleStory(2)]), BRAND).html;
    expect(linkColours(branded)).toEqual(new Set(['#0a5c7a']));
    expect(branded).toMatch(/class="accent-rule" style="[^"]*border-top:3px solid #0a5c7a/);
    const plain = renderIssue(sampleIssue([sampleStory(0), sampleStory(2)]), RENDER_OPTIONS).html;
    expect(linkColours(plain)).toEqual(new Set(['#0b57a4']));
    expect(plain).not.toContain('<img');
  });

  it('a logo URL that is not absolute http(s), or an accent that is not #rrggbb, is left out', () => {
    for (const logoUrl of ['javascript:alert(1)', 'data:image/png;base64,AAAA', '/logo.png']) {
      const { html } = renderIssue(sampleIssue([sampleStory(0)]), { ...BRAND, logoUrl });
      expect(html, logoUrl).not.toContain('<img');
    }
    const odd = renderIssue(sampleIssue([sampleStory(0)]), {
      ...BRAND,
      accentColor: 'red;background:url(https://x.example/track)',
    }).html;
    expect(odd).not.toContain('track');
    expect(linkColours(odd)).toEqual(new Set(['#0b57a4']));
  });

  it('the confirmation and a forwarded copy carry them too', () => {
    const confirmation = renderConfirmation({
      confirmUrl: 'https://digest.example.org/confirm?token=a.b',
      list: 'fish',
      postalAddress: RENDER_OPTIONS.postalAddress,
      baseUrl: RENDER_OPTIONS.baseUrl,
      listName: BRAND.listName,
      logoUrl: BRAND.logoUrl,
      accentColor: BRAND.accentColor,
    }).html;
    expect(confirmation).toContain('alt="Fish &amp; &quot;Chips&quot; &lt;Weekly&gt;"');
    expect(linkColours(confirmation)).toEqual(new Set(['#0a5c7a']));
    const forward = renderForward({
      issue: sampleIssue([sampleStory(0)]),
      ...BRAND,
      forwardedBy: 'Jo',
      subscribeUrl: 'https://digest.example.org/lists/fish/subscribe',
    }).html;
    expect(forward).toContain('src="https://cdn.example.org/logo.png?v=2&amp;size=96"');
    expect(linkColours(forward)).toEqual(new Set(['#0a5c7a']));
  });
});

describe('renderConfirmation', () => {
  const options = {
    confirmUrl: 'https://digest.example.org/confirm?token=a.b&x=1',
    list: 'coastal-weekly',
    postalAddress: RENDER_OPTIONS.postalAddress,
    baseUrl: RENDER_OPTIONS.baseUrl,
  };

  it('links the confirm URL in HTML (escaped) and text (as is)', () => {
    const mail = renderConfirmation(options);
    expect(mail.subject).toBe('Confirm your subscription to Coastal Weekly');
    const { document } = parseHTML(mail.html);
    const hrefs = [...document.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs.filter((h) => h === options.confirmUrl)).toHaveLength(2);
    expect(mail.html).toContain('confirm?token=a.b&amp;x=1');
    expect(mail.text).toContain(`\n${options.confirmUrl}\n`);
    expect(mail.html).not.toContain('%%{');
  });

  it.each(['javascript:alert(1)', '/confirm?token=x', 'data:text/html,x'])(
    'refuses confirm URL %j',
    (confirmUrl) => {
      expect(() => renderConfirmation({ ...options, confirmUrl })).toThrow(TemplateError);
    },
  );

  it('escapes the list name', () => {
    const mail = renderConfirmation({ ...options, listName: '<img src=x onerror=alert(1)>' });
    expect(mail.html).not.toMatch(/<img/);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('renderForward', () => {
  const forward = () =>
    renderForward({
      issue: sampleIssue([sampleStory(0), sampleStory(1)]),
      ...RENDER_OPTIONS,
      forwardedBy: 'Jo <jo@example.org>',
      note: 'For the board:\n<script>alert(1)</script>',
      subscribeUrl: 'https://digest.example.org/subscribe?list=coastal-weekly',
    });

  it('carries the note (escaped, line breaks kept), who forwarded it and a subscribe link', () => {
    const mail = forward();
    expect(mail.subject).toBe(`Fwd: ${HARBOUR.title}`);
    expect(mail.html).toContain('For the board:\n&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('Jo &lt;jo@example.org&gt;');
    expect(mail.html).toContain('href="https://digest.example.org/subscribe?list=coastal-weekly"');
    expect(mail.text).toContain('> For the board:\n> <script>alert(1)</script>');
    expect(mail.text).toContain('https://digest.example.org/subscribe?list=coastal-weekly');
  });

  it('has no personal unsubscribe or preferences link', () => {
    const mail = forward();
    for (const token of Object.values(PLACEHOLDERS)) {
      expect(mail.html).not.toContain(token);
      expect(mail.text).not.toContain(token);
    }
    expect(mail.html.toLowerCase()).not.toContain('unsubscribe');
  });
});

describe('the render path does not carry MJML', () => {
  it('bundles render-issue without mjml, small', async () => {
    const result = await build({
      entryPoints: ['functions/adapters/render-issue.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      minify: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('node_modules/mjml'))).toBe(false);
    expect(inputs.some((p) => p.includes('node_modules/'))).toBe(false);
    const bytes = result.outputFiles[0]!.contents.byteLength;
    expect(bytes).toBeLessThan(80 * 1024);
  });
});
