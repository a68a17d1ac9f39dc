/**
 * Email lint over every template's output: size under Gmail's clip, no external CSS, no
 * JavaScript, `lang` set, a preheader, every link absolute (https in a production-like config,
 * after personalisation fills the per-recipient links), and a plain-text part that carries every
 * key point, every quote with its speaker, and the links.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderConfirmation, renderForward, renderIssue } from '../../functions/adapters/render-issue.js';
import { compilePersonalisation, personalise } from '../../functions/core/personalise.js';
import { confirmationView, digestView, shownQuotes } from '../../functions/core/render-model.js';
import type { Issue } from '../../functions/core/types.js';
import { RENDER_OPTIONS, sampleIssue, sampleStory } from '../support/sample-issue.js';

const GMAIL_CLIP_BYTES = 102 * 1024;
const WS_RE = /\s+/g;
const squash = (s: string) => s.replace(WS_RE, ' ').trim();

interface Mail {
  name: string;
  html: string;
  text: string;
  preheader: string;
  issue?: Issue;
  /** Every href must use this scheme. */
  scheme: 'https:' | 'http:';
}

/** What a recipient gets: the issue rendered once, then personalised with their links. */
function deliveredIssue(name: string, issue: Issue, base: string, scheme: Mail['scheme']): Mail {
  const options = { ...RENDER_OPTIONS, baseUrl: base };
  const rendered = renderIssue(issue, options);
  const mail = personalise(compilePersonalisation(rendered), {
    unsubscribeUrl: `${base}/unsubscribe?token=v1.abc.def`,
    preferencesUrl: `${base}/preferences?token=v1.abc.ghi`,
  });
  return { name, ...mail, preheader: digestView(issue, options).preheader, issue, scheme };
}

const PROD = 'https://digest.example.org';
const LOCAL = 'http://127.0.0.1:8787';
const one = sampleIssue([sampleStory(0)]);
const five = sampleIssue([0, 1, 2, 3, 4].map(sampleStory));
const forwarded = renderForward({
  issue: five,
  ...RENDER_OPTIONS,
  forwardedBy: 'Jo Baird',
  note: 'Worth a read before Monday.',
  subscribeUrl: `${PROD}/subscribe?list=coastal-weekly`,
});
const confirmationOptions = {
  confirmUrl: `${PROD}/confirm?token=v1.abc.def`,
  list: 'coastal-weekly',
  postalAddress: RENDER_OPTIONS.postalAddress,
  baseUrl: PROD,
};
const confirmation = renderConfirmation(confirmationOptions);

const MAILS: Mail[] = [
  deliveredIssue('digest, 1 story, production', one, PROD, 'https:'),
  deliveredIssue('digest, 5 stories, production', five, PROD, 'https:'),
  deliveredIssue('digest, 1 story, local dev server', one, LOCAL, 'http:'),
  {
    name: 'forward, 5 stories',
    ...forwarded,
    preheader: digestView(five, RENDER_OPTIONS).preheader,
    issue: five,
    scheme: 'https:',
  },
  {
    name: 'confirmation',
    ...confirmation,
    preheader: confirmationView(confirmationOptions).preheader,
    scheme: 'https:',
  },
];

describe.each(MAILS)('$name', (mail) => {
  const { document } = parseHTML(mail.html);

  it('is under 102 KB of HTML', () => {
    expect(Buffer.byteLength(mail.html)).toBeLessThan(GMAIL_CLIP_BYTES);
  });

  it('has no external CSS and no JavaScript', () => {
    expect(document.querySelectorAll('script, link, iframe, object, embed, form')).toHaveLength(0);
    expect(mail.html).not.toMatch(/@import/i);
    expect(mail.html).not.toMatch(/url\(\s*['"]?(https?:)?\/\//i);
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        expect(attr.name.toLowerCase().startsWith('on'), `${el.tagName} ${attr.name}`).toBe(false);
        expect(attr.value, `${el.tagName} ${attr.name}`).not.toMatch(/^\s*(javascript|vbscript|data):/i);
      }
    }
  });

  it('declares lang, charset, color schemes and dark-mode styles', () => {
    expect(document.documentElement.getAttribute('lang')).toBe('en');
    expect(document.querySelector('meta[name="color-scheme"]')?.getAttribute('content')).toBe('light dark');
    expect(document.querySelector('meta[name="supported-color-schemes"]')?.getAttribute('content')).toBe(
      'light dark',
    );
    expect(document.querySelector('meta[name="viewport"]')).not.toBeNull();
    expect(mail.html).toMatch(/@media \(prefers-color-scheme: dark\)/);
    expect(mail.html).toMatch(/charset=UTF-8/i);
  });

  it('starts the body with the hidden preheader', () => {
    const first = document.body.firstElementChild;
    expect(first?.getAttribute('style')).toMatch(/display:none/);
    // the preheader, then invisible filler so that the inbox preview stops there
    const shown = (first?.textContent ?? '').replace(/[\u200c\u00a0]+$/, '');
    expect(squash(shown)).toBe(squash(mail.preheader));
    expect(mail.preheader.length).toBeGreaterThan(10);
  });

  it('has only absolute links, with the expected scheme, and no placeholder left', () => {
    const hrefs = [...document.querySelectorAll('[href]')].map((a) => a.getAttribute('href') ?? '');
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) {
      const url = new URL(href); // throws on a relative link
      expect(url.host, href).not.toBe('');
      // links into an article go wherever the article lives; our own links use the configured scheme
      const intoSource = mail.issue?.stories.some((s) => s.url && url.origin === new URL(s.url).origin);
      if (intoSource) expect(url.protocol, href).toMatch(/^https?:$/);
      else expect(url.protocol, href).toBe(mail.scheme);
    }
    expect(document.querySelectorAll('[src]')).toHaveLength(0);
    expect(mail.html).not.toContain('%%{');
    expect(mail.text).not.toContain('%%{');
  });

  it('carries every key point, every quote with its speaker, and the links in the text part', () => {
    const text = squash(mail.text);
    const htmlLinks = new Set(
      [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? '').filter(Boolean),
    );
    for (const link of htmlLinks) expect(mail.text, link).toContain(link);
    for (const story of mail.issue?.stories ?? []) {
      if (story.title) expect(text).toContain(squash(story.title));
      for (const point of story.keyPoints) expect(text).toContain(squash(point.text));
      for (const { text: shown, first } of shownQuotes(story))
        expect(text).toContain(`“${shown}” — ${first.speaker}`);
    }
  });
});

it('a production digest and a local one differ only in where the links point', () => {
  const prod = MAILS[0]!;
  const local = MAILS[2]!;
  expect(local.html.replaceAll(LOCAL, PROD)).toBe(prod.html);
});
