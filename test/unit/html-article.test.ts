import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { articleFromHtml, htmlToText } from '../../functions/adapters/html-article.js';
import { NotAnArticleError } from '../../functions/adapters/not-an-article-error.js';
import { findFurniture } from '../../functions/core/furniture.js';

function articleFromHtmlDom(html: string): Parameters<typeof htmlToText>[0] {
  return parseHTML(html).document.body as unknown as Parameters<typeof htmlToText>[0];
}

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/articles/${name}`, import.meta.url), 'utf8');

const para = (n: number) =>
  `<p>Paragraph ${n} of the report says the council met on Tuesday evening and agreed a budget that keeps every library open for another year, despite a shortfall.</p>`;

describe('articleFromHtml on a page with nav, ads, comments and related stories', () => {
  const article = articleFromHtml(fixture('harbour-strike.html'), 'https://courier.example.com/amp/strike');

  it('reads the metadata', () => {
    expect(article.title).toBe('Port Calder dock strike ends after nine days as union accepts pay offer');
    expect(article.byline).toBe('Aileen Marsh');
    expect(article.published).toBe('2026-11-24T09:30:00Z');
    expect(article.url).toBe('https://courier.example.com/business/2026/nov/24/port-calder-dock-strike-ends');
    expect(article.lang).toBe('en-GB');
  });

  it('keeps the article paragraphs, separated by blank lines', () => {
    const paragraphs = article.source.split('\n\n');
    expect(paragraphs[0]).toMatch(/^Dock workers at Port Calder will return to work on Wednesday/);
    expect(paragraphs).toContain(
      '"We have listened, perhaps more slowly than we should have," Okafor said. "The review will start next month and the union will have a seat at the table."',
    );
    expect(paragraphs.at(-1)).toBe(
      'The union said it would hold a further ballot in the spring on the outcome of the shift review.',
    );
    expect(paragraphs).toHaveLength(8);
  });

  it.each([
    'Sport',
    'Weather',
    'cookies',
    'Advertisement',
    'Share on',
    'Photograph',
    'Idle cranes',
    'Related stories',
    'Supermarkets warn of empty shelves',
    'harbourwatcher',
    'rota is brutal',
    'Most read',
    'Storm warning issued',
    'Sign up to Business Today',
    'Read more',
    'All rights reserved',
    'Privacy policy',
    'dataLayer',
    'min-height',
  ])('drops page furniture: %s', (text) => {
    expect(article.source).not.toContain(text);
  });

  it('leaves no furniture for the summarizer to trip on', () => {
    expect(findFurniture(article.source, { title: article.title, byline: article.byline })).toEqual([]);
  });
});

describe('articleFromHtml on a German page without semantic markup', () => {
  const article = articleFromHtml(fixture('stadtwerke-preise.html'), null);

  it('reads metadata from JSON-LD @graph and meta tags', () => {
    expect(article.title).toBe('Stadtwerke Lindenau senken Strompreise zum Jahreswechsel');
    expect(article.byline).toBe('Jonas Wehrle');
    expect(article.published).toBe('2026-11-23T06:00:00+01:00');
    expect(article.url).toBe('https://tageblatt.example.de/lokales/stadtwerke-senken-strompreise-1234.html');
    expect(article.lang).toBe('de');
  });

  it('keeps the German prose with its quotation marks and drops the leftovers', () => {
    expect(article.source).toContain(
      '„Wir geben die gesunkenen Einkaufspreise vollständig an unsere Kundinnen und Kunden weiter“, sagte Albers.',
    );
    expect(article.source.startsWith('Rund 48.000 Haushalte')).toBe(true);
    for (const text of [
      'Von Jonas Wehrle',
      'Mehr zum Thema',
      'Fernwärme',
      'Advertisement',
      'Share this article',
      'Startseite',
      '©',
    ]) {
      expect(article.source).not.toContain(text);
    }
    expect(article.source.split('\n\n')).toHaveLength(4);
  });
});

describe('articleFromHtml: the site name is taken off short titles', () => {
  // Our own small pages; the outlets are fictional. Readability keeps " | Site" on titles of four words
  // or fewer, so these are the cases it leaves alone.
  const BODY =
    "<article><p>The council passed next year's budget by 31 votes to 12 on Tuesday night, after a debate that ran past midnight and a late change that restored the grant for the harbour swimming pool.</p>" +
    '<p>The finance chair, Ruth Amadi, said the settlement was the hardest in a decade and promised a review of parking charges in the spring, when the first figures for the new year come in.</p></article>';
  const page = (head: string, body = BODY) =>
    `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

  it.each([
    {
      name: 'og:site_name after a bar',
      head: '<title>Budget passes | The Daily Ledger</title><meta property="og:site_name" content="The Daily Ledger">',
      url: 'https://news.example/budget',
      title: 'Budget passes',
    },
    {
      name: 'application-name after an en dash, compared loosely (no "The", other case)',
      head: '<title>Budget passes – DAILY LEDGER</title><meta name="application-name" content="The Daily Ledger">',
      url: null,
      title: 'Budget passes',
    },
    {
      name: 'no meta: the host names the site (www. and the suffix dropped, words run together)',
      head: '<title>Budget passes - Daily Ledger</title>',
      url: 'https://www.dailyledger.co.uk/politics/budget',
      title: 'Budget passes',
    },
    {
      name: 'no meta: the whole host as the site name',
      head: '<title>Budget passes | Daily-Ledger.example</title>',
      url: 'https://daily-ledger.example/budget',
      title: 'Budget passes',
    },
    {
      name: 'og:title carries the site name',
      head: '<title>Ledger</title><meta property="og:title" content="Budget passes | The Daily Ledger"><meta property="og:site_name" content="The Daily Ledger">',
      url: 'https://dailyledger.example/budget',
      title: 'Budget passes',
    },
    {
      name: 'only the last part is the site: a section before it stays',
      head: '<title>Budget passes | Politics | The Daily Ledger</title><meta property="og:site_name" content="The Daily Ledger">',
      url: null,
      title: 'Budget passes | Politics',
    },
    {
      name: 'the separator is part of the headline and no site name matches',
      head: '<title>Q&amp;A - What the vote means</title>',
      url: 'https://harbourtimes.example/qa',
      title: 'Q&A - What the vote means',
    },
    {
      name: 'the separator is part of the headline, the site name after it goes',
      head: '<title>Q&amp;A - What the vote means | Harbour Times</title><meta property="og:site_name" content="Harbour Times">',
      url: 'https://harbourtimes.example/qa',
      title: 'Q&A - What the vote means',
    },
    {
      name: 'a last part that is not the site stays',
      head: '<title>Budget passes | Politics</title><meta property="og:site_name" content="The Daily Ledger">',
      url: 'https://dailyledger.example/budget',
      title: 'Budget passes | Politics',
    },
    {
      name: 'one word left that is not the headline: kept whole',
      head: '<title>Breaking | The Daily Ledger</title><meta property="og:site_name" content="The Daily Ledger">',
      url: 'https://dailyledger.example/budget',
      title: 'Breaking | The Daily Ledger',
    },
  ])('$name', ({ head, url, title }) => {
    expect(articleFromHtml(page(head), url).title).toBe(title);
  });

  it('one word left that is the whole headline (its <h1>) is stripped', () => {
    const html = page(
      '<title>Obituaries | The Daily Ledger</title><meta property="og:site_name" content="The Daily Ledger">',
      `<h1>Obituaries</h1>${BODY}`,
    );
    expect(articleFromHtml(html, 'https://dailyledger.example/obituaries').title).toBe('Obituaries');
  });
});

describe('articleFromHtml edge cases', () => {
  it('uses the given URL when the page names no canonical one', () => {
    const html = `<html><head><title>Budget agreed</title></head><body><article>${para(1)}${para(2)}</article></body></html>`;
    const article = articleFromHtml(html, 'https://news.example.org/budget');
    expect(article.url).toBe('https://news.example.org/budget');
    expect(article.title).toBe('Budget agreed');
    expect(article.byline).toBeNull();
    expect(article.published).toBeNull();
  });

  it('reads time[datetime] when there is no meta date, and a fragment without <html>', () => {
    const html = `<h1>Budget agreed</h1><p class="byline">By Ann Lee</p><time datetime="2026-01-05">5 January</time>${para(1)}${para(2)}`;
    const article = articleFromHtml(html, null);
    expect(article.published).toBe('2026-01-05');
    expect(article.source).toContain('Paragraph 1 of the report');
    expect(article.url).toBeNull();
  });

  it('drops caption and credit boxes outside <figure>', () => {
    const html = `<article>${para(1)}<div class="image-caption">Ships wait offshore on Sunday</div><span class="photo-credit">Jane Roe/Reuters</span>${para(2)}</article>`;
    const source = articleFromHtml(html, null).source;
    expect(source).not.toContain('Ships wait');
    expect(source).not.toContain('Reuters');
    expect(source.split('\n\n')).toHaveLength(2);
  });

  it('drops pull quotes, which repeat the article text', () => {
    const html = `<article>${para(1)}<blockquote class="pull-quote"><p>"keeps every library open"</p></blockquote>${para(2)}</article>`;
    const source = articleFromHtml(html, null).source;
    expect(source.match(/keeps every library open/g)).toHaveLength(2);
  });

  it('never throws anything but NotAnArticleError on tag soup', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '<p>',
        '</p>',
        '<div class="related">',
        '</div>',
        '<br>',
        '<ul><li>',
        '</li>',
        '<table><tr><td>',
      ),
      fc.constantFrom(
        '<script>',
        '</script>',
        '<!--',
        '-->',
        '<![CDATA[',
        ']]>',
        '<h2>',
        '<a href="x">',
        '&amp;',
        '&#0;',
      ),
      fc.constantFrom(
        'The council met on Tuesday and agreed the budget for the year. ',
        '"Quote," she said. ',
      ),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (pieces) => {
        try {
          const article = articleFromHtml(pieces.join(''), null);
          expect(typeof article.source).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(NotAnArticleError);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('reads <br><br> as a paragraph break', () => {
    const html = `<html><body><div id="story">${'The council met on Tuesday and agreed the budget for the year ahead. '.repeat(4)}<br> <br>${'Libraries will stay open on Sundays, the council said in a statement. '.repeat(4)}<br><br><br>Last one.</div></body></html>`;
    const paragraphs = articleFromHtml(html, null).source.split('\n\n');
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[2]).toBe('Last one.');
  });

  it('turns <br> into line breaks and lists into lines', () => {
    const html = `<article>${para(1)}<p>First line<br>second line</p><ul><li>one item here</li><li>another item</li></ul><ol><li>first</li><li>second</li></ol>${para(2)}</article>`;
    const source = articleFromHtml(html, null).source;
    expect(source).toContain('First line\nsecond line');
    expect(source).toContain('• one item here\n• another item');
    expect(source).toContain('1. first\n2. second');
  });

  it.each([
    {
      name: 'unclosed tags',
      html: `<html><body><div><p>${'Words of an unfinished page '.repeat(20)}<p>More <b>text`,
    },
    {
      name: 'stray closing tags',
      html: `</div></p><article>${para(1)}</span>${para(2)}</td></article></html></html>`,
    },
    { name: 'garbage', html: '<<<>>><!-- <p> --><![CDATA[x]]><p>\u0000</p>' },
  ])('does not crash on malformed HTML: $name', ({ html }) => {
    let result: unknown;
    try {
      result = articleFromHtml(html, null);
    } catch (error) {
      result = error;
    }
    if (result instanceof Error) expect(result).toBeInstanceOf(NotAnArticleError);
    else expect(typeof (result as { source: string }).source).toBe('string');
  });

  it.each([
    {
      name: 'a login page',
      html: '<html><body><form><input name="user"><input type="password"><button>Log in</button></form></body></html>',
    },
    {
      name: 'an empty body',
      html: '<!doctype html><html><head><title>Nothing</title></head><body></body></html>',
    },
    {
      name: 'a link index',
      html: `<html><body><ul>${'<li><a href="/x">Story headline here</a></li>'.repeat(30)}</ul></body></html>`,
    },
  ])('refuses $name with NotAnArticleError', ({ html }) => {
    expect(() => articleFromHtml(html, 'https://example.org/')).toThrow(NotAnArticleError);
    expect(() => articleFromHtml(html, 'https://example.org/')).toThrow(/no article text found/);
  });

  it('collapses whitespace, and keeps the line breaks of <pre>', () => {
    const html = '<div>  Some   spaced\n text  <pre>a  b\n  c</pre></div>';
    const article = articleFromHtml(`<article>${para(1)}${html}${para(2)}</article>`, null);
    expect(article.source).toContain('Some spaced text\n\na b\nc\n\nParagraph 2');
  });

  it('htmlToText separates blocks with blank lines and list items with one line break', () => {
    const html = `<!doctype html><html><body><main><h2>Heading</h2><p>One <em>two</em> three.</p><ul><li>a</li><li>b</li></ul><table><tr><td>x</td><td>y</td></tr><tr><td>z</td></tr></table></main></body></html>`;
    const dom = articleFromHtmlDom(html);
    expect(htmlToText(dom)).toBe('Heading\n\nOne two three.\n\n• a\n• b\n\nx y\nz');
  });
});

describe('articleFromHtml: a page that lists other pages is not an article', () => {
  const listing =
    /^the page .* lists other pages \(\d+ linked titles with short snippets, \d+% of its text: search results or an index\), not an article$/;
  const refusal = (html: string, url: string | null = 'https://pages.example/p') => {
    try {
      articleFromHtml(html, url);
    } catch (error) {
      return error;
    }
    return null;
  };
  const lede = (n: number) =>
    `<p>The ${n === 1 ? 'first' : 'next'} section of the guide explains how the harbour office will run the night ferry while the east quay is rebuilt, which berths the island boats will use, and how passengers with cars should book their crossings in the weeks before the spring timetable starts. Staff will be on the quay from six in the morning to answer questions, and the office will publish the berth of each sailing on its notice board the evening before.</p>`;

  it('refuses a search results page (our own fictional one): ten linked titles with snippets', () => {
    const error = refusal(
      readFileSync(new URL('../fixtures/not-articles/search-results.html', import.meta.url), 'utf8'),
      'https://findwell.example/search?q=harbour+strike',
    );
    expect(error).toBeInstanceOf(NotAnArticleError);
    expect((error as Error).message).toMatch(listing);
    expect((error as Error).message).toContain('https://findwell.example/search?q=harbour+strike');
  });

  it('refuses a section front of another shape: linked headlines in divs, each with a standfirst and a date', () => {
    const teaser = (i: number) =>
      `<div class="teaser"><a href="/news/${i}"><h2>Council agrees plan number ${i} for the harbour district</h2></a>` +
      `<p>Councillors voted on Tuesday for the ${i}th part of the plan, which sets out new berths and a cycle route along the quay.</p><span>${i} March 2026</span></div>`;
    const html = `<!doctype html><html><head><title>Harbour news</title></head><body><main><h1>Harbour news</h1>${Array.from({ length: 12 }, (_, i) => teaser(i + 1)).join('')}</main></body></html>`;
    expect((refusal(html) as Error | null)?.message).toMatch(listing);
  });

  it.each([
    'articles/harbour-strike.html',
    'articles/stadtwerke-preise.html',
    'feeds/articles/bridge-lorries.html',
    'feeds/articles/harbour-reopens.html',
    'feeds/articles/harbour-reopens-syndicated.html',
    'feeds/articles/library-sundays.html',
    'feeds/articles/market-centenary.html',
    'feeds/articles/tram-line.html',
  ])('still reads the real article %s', (name) => {
    expect(refusal(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'))).toBeNull();
  });

  it('still reads an article with linked subheadings over long sections', () => {
    const sections = Array.from(
      { length: 6 },
      (_, i) =>
        `<h2><a href="/guide/part-${i + 1}">Part ${i + 1}: the berths and the crossings</a></h2>${lede(i + 1)}`,
    ).join('');
    expect(
      refusal(
        `<!doctype html><html><body><article><h1>A guide to the works</h1>${sections}</article></body></html>`,
      ),
    ).toBeNull();
  });

  it('still reads an article followed by a list of linked headlines in paragraphs', () => {
    const more = Array.from(
      { length: 8 },
      (_, i) => `<p><a href="/news/${i}">Ferry timetable changes for the island route, part ${i}</a></p>`,
    ).join('');
    const html = `<!doctype html><html><body><article><h1>Night ferry to run late</h1>${lede(1)}${lede(2)}${lede(3)}${more}</article></body></html>`;
    expect(refusal(html)).toBeNull();
  });
});
