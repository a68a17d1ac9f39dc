import { describe, expect, it } from 'vitest';
import { stripSiteName } from '../../functions/core/site-name.js';

// Fictional outlets throughout.
describe('stripSiteName', () => {
  it.each([
    // the site name from og:site_name / application-name
    { title: 'Budget passes | The Daily Ledger', siteName: 'The Daily Ledger', out: 'Budget passes' },
    { title: 'Budget passes - The Daily Ledger', siteName: 'The Daily Ledger', out: 'Budget passes' },
    { title: 'Budget passes – Daily Ledger', siteName: 'The Daily Ledger', out: 'Budget passes' },
    { title: 'Budget passes — THE DAILY LEDGER', siteName: 'The Daily Ledger', out: 'Budget passes' },
    { title: 'Budget passes · Daily Ledger', siteName: 'daily ledger', out: 'Budget passes' },
    { title: 'Budget passes :: Daily Ledger', siteName: 'Daily Ledger', out: 'Budget passes' },
    { title: 'Budget passes » Daily Ledger', siteName: 'Daily Ledger', out: 'Budget passes' },
    { title: 'Budget passes / Daily Ledger', siteName: 'Daily Ledger', out: 'Budget passes' },
    { title: 'Rates held | Ledger & Sons', siteName: 'Ledger and Sons', out: 'Rates held' },
    { title: 'Rates held | Gazette Île', siteName: 'Gazette Ile', out: 'Rates held' },
    { title: 'Budget passes | dailyledger.example', siteName: 'The Daily Ledger', out: 'Budget passes' },
    // og:site_name given as a host
    { title: 'Budget passes | Daily Ledger', siteName: 'dailyledger.example', out: 'Budget passes' },
    // only the last part goes
    {
      title: 'Budget passes | Politics | The Daily Ledger',
      siteName: 'The Daily Ledger',
      out: 'Budget passes | Politics',
    },
    // a last part that is not the site stays
    { title: 'Budget passes | Politics', siteName: 'The Daily Ledger', out: 'Budget passes | Politics' },
    { title: 'Budget passes - The Daily', siteName: 'The Daily Ledger', out: 'Budget passes - The Daily' },
    // a separator needs space on both sides: hyphenated words and slashes stay
    {
      title: 'Budget passes|The Daily Ledger',
      siteName: 'The Daily Ledger',
      out: 'Budget passes|The Daily Ledger',
    },
    { title: 'Post-war Ledger', siteName: 'Ledger', out: 'Post-war Ledger' },
    { title: 'No separator at all', siteName: 'The Daily Ledger', out: 'No separator at all' },
    { title: 'The Daily Ledger', siteName: 'The Daily Ledger', out: 'The Daily Ledger' },
  ])('$title with site name $siteName → $out', ({ title, siteName, out }) => {
    expect(stripSiteName(title, { siteName })).toBe(out);
  });

  it.each([
    {
      title: 'Budget passes - Daily Ledger',
      url: 'https://www.dailyledger.example/budget',
      out: 'Budget passes',
    },
    { title: 'Budget passes - Daily Ledger', url: 'https://dailyledger.co.uk/budget', out: 'Budget passes' },
    {
      title: 'Budget passes - Daily Ledger',
      url: 'https://m.daily-ledger.com.au/budget',
      out: 'Budget passes',
    },
    {
      title: 'Budget passes | DailyLedger.example',
      url: 'https://dailyledger.example/b',
      out: 'Budget passes',
    },
    { title: 'Budget passes | Harbour Times', url: 'https://harbourtimes.example/b', out: 'Budget passes' },
    // a subdomain is not the site's name
    { title: 'Budget passes | News', url: 'https://news.dailyledger.example/b', out: 'Budget passes | News' },
    // the separator is part of the headline, and the host names no part of it
    {
      title: 'Q&A - What the vote means',
      url: 'https://harbourtimes.example/qa',
      out: 'Q&A - What the vote means',
    },
    {
      title: 'Q&A - What the vote means | Harbour Times',
      url: 'https://harbourtimes.example/qa',
      out: 'Q&A - What the vote means',
    },
    { title: 'Budget passes - Daily Ledger', url: null, out: 'Budget passes - Daily Ledger' },
    { title: 'Budget passes - Daily Ledger', url: 'not a url', out: 'Budget passes - Daily Ledger' },
    { title: 'Budget passes - Localhost', url: 'http://localhost:8080/b', out: 'Budget passes - Localhost' },
  ])('$title at $url → $out', ({ title, url, out }) => {
    expect(stripSiteName(title, { url })).toBe(out);
  });

  it.each([
    // one word left: only when it is the whole headline
    { title: 'Obituaries | The Daily Ledger', headline: 'Obituaries', out: 'Obituaries' },
    { title: 'Obituaries | The Daily Ledger', headline: ' OBITUARIES ', out: 'Obituaries' },
    { title: 'Breaking | The Daily Ledger', headline: 'Budget passes', out: 'Breaking | The Daily Ledger' },
    { title: 'Breaking | The Daily Ledger', headline: null, out: 'Breaking | The Daily Ledger' },
    { title: 'Q&A - The Daily Ledger', headline: null, out: 'Q&A - The Daily Ledger' },
    // nothing left but punctuation: kept whole
    { title: '— | The Daily Ledger', headline: null, out: '— | The Daily Ledger' },
    // two words are a headline
    { title: 'Budget passes | The Daily Ledger', headline: null, out: 'Budget passes' },
  ])('$title with headline $headline → $out', ({ title, headline, out }) => {
    expect(stripSiteName(title, { siteName: 'The Daily Ledger', headline })).toBe(out);
  });
});
