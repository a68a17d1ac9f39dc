/**
 * Page titles often end in the publication's name ("Budget passes | The Daily Ledger"). Readability drops
 * such a suffix only when what is left is longer than four words, so short headlines kept it, and the
 * digest printed the site's name as part of the headline. This takes it off when we know it is the site.
 */

/** A separator between a headline and a site name, with space on both sides: | - – — · • / » :: */
const TITLE_SEPARATOR_RE = /\s+(?:[|\-–—·•/»]|::)\s+/gu;
const COMBINING_MARKS_RE = /\p{M}+/gu;
const NOT_ALPHANUMERIC_RE = /[^\p{L}\p{N}]+/gu;
const LEADING_THE_RE = /^the(?=[\p{L}\p{N}])/u;
const HOST_LIKE_RE = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u;
/** Host labels that name no site: a mobile or AMP copy, the web server. */
const HOST_PREFIXES = new Set(['www', 'm', 'mobile', 'amp']);
/** Second-level labels under a country code that belong to the suffix (dailyledger.co.uk). */
const SECOND_LEVEL_SUFFIXES = new Set(['co', 'com', 'org', 'net', 'gov', 'ac', 'edu', 'or', 'ne', 'go']);

export interface SiteHints {
  /** og:site_name or application-name. */
  siteName?: string | null;
  /** Where the page lives (its canonical URL, else where it was fetched from). */
  url?: string | null;
  /** The page's headline as the page shows it (its `<h1>`): what a one-word title may equal. */
  headline?: string | null;
}

/** Case, accents, spacing, punctuation, "&"/"and" and a leading "The" do not matter. */
function loose(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS_RE, '')
    .toLowerCase()
    .replaceAll('&', 'and')
    .replace(NOT_ALPHANUMERIC_RE, '')
    .replace(LEADING_THE_RE, '');
}

/** What a host calls the site: its name under the public suffix (roughly), and the whole host. */
function hostNames(host: string): string[] {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  while (labels.length > 2 && HOST_PREFIXES.has(labels[0]!)) labels.shift();
  if (labels.length < 2) return [];
  const last = labels.at(-1)!;
  const suffix = last.length === 2 && labels.length > 2 && SECOND_LEVEL_SUFFIXES.has(labels.at(-2)!) ? 2 : 1;
  const name = labels[labels.length - suffix - 1];
  return [...(name ? [name] : []), labels.join('.')];
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

/** The loose forms of every name the site goes by. */
function siteNames(hints: SiteHints): Set<string> {
  const names: string[] = [];
  const siteName = hints.siteName?.trim();
  if (siteName) {
    names.push(siteName);
    if (HOST_LIKE_RE.test(siteName)) names.push(...hostNames(siteName));
  }
  const host = hostOf(hints.url);
  if (host) names.push(...hostNames(host));
  // A name of one letter would match too much.
  return new Set(names.map(loose).filter((n) => n.length >= 2));
}

/**
 * The title without a trailing site name: the part after the last separator goes when it loosely equals
 * the page's og:site_name / application-name, or the site's name in its host. Only that one part goes, so
 * a section before it stays ("Budget passes | Politics"), and a separator inside the headline does not
 * split it ("Q&A - What the vote means" stays whole unless a site name follows).
 *
 * Guard: what is left must be a headline. An empty rest never is, and the title stays as it was. A rest
 * of one word is kept only when it is the page's whole headline (its `<h1>`, loosely), as in
 * "Obituaries | The Daily Ledger" over `<h1>Obituaries</h1>`; otherwise one word is more likely a
 * section or a label ("Breaking | The Daily Ledger") than the story's headline, and the title is left
 * whole rather than cut to a word that says nothing.
 * @example stripSiteName('Budget passes | The Daily Ledger', { siteName: 'The Daily Ledger' }) // 'Budget passes'
 * @example stripSiteName('Q&A - What the vote means', { url: 'https://harbourtimes.example/qa' }) // unchanged
 */
export function stripSiteName(title: string, hints: SiteHints): string {
  let last: RegExpExecArray | null = null;
  for (const match of title.matchAll(TITLE_SEPARATOR_RE)) last = match as RegExpExecArray;
  if (!last) return title;
  const tail = title.slice(last.index + last[0].length).trim();
  const rest = title.slice(0, last.index).trim();
  const names = siteNames(hints);
  // A tail written as a host ("dailyledger.example") also goes by the name in it.
  const tails = [tail, ...(HOST_LIKE_RE.test(tail) ? hostNames(tail) : [])];
  if (!tails.some((t) => names.has(loose(t)))) return title;
  const words = rest.split(/\s+/u).filter((w) => loose(w) !== '');
  if (words.length === 0) return title;
  if (words.length === 1 && (!hints.headline || loose(hints.headline) !== loose(rest))) return title;
  return rest;
}
