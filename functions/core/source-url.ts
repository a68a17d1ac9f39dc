/**
 * The rule for a URL that an operator gives as a source of stories: a feed (`digest sources add`, the console's
 * Sources), a queued article (`digest sources queue`, `POST /articles`), a feed given to `digest briefing --feed`,
 * an article to compose an issue from (the console). It must be an absolute http(s) URL, and it must not carry a
 * user name or password (`http://user:pass@host/a.html`): a story's URL is printed in every mail (the source
 * link, each `#:~:text=` link) and in the archive, so credentials in it would be published to every reader.
 *
 * A URL that a feed supplies (an item's link) is not refused but cleaned: `withoutCredentials` drops its user-info
 * before it is used anywhere (adapters/feed-parser.ts), and the fetcher refuses any URL that still carries one.
 */

export const CREDENTIALS_REFUSED = 'credentials in a URL are not accepted';

export type SourceUrl =
  | { ok: true; url: string }
  | { ok: false; reason: 'not-http' }
  | { ok: false; reason: 'credentials'; message: string };

/**
 * An operator's URL in its stored form (WHATWG-normalised: lower-case host, a path of at least `/`), or why it is
 * refused. The refusal of credentials carries its message, with the URL's user-info masked.
 * @example sourceUrl('HTTPS://News.example.org') // { ok: true, url: 'https://news.example.org/' }
 * @example sourceUrl('ftp://x/a') // { ok: false, reason: 'not-http' }
 * @example sourceUrl('http://ed:pw@news.example.org/a.html').ok // false, reason 'credentials':
 *   'credentials in a URL are not accepted (a user name or password before the host): http://***@news.example.org/a.html'
 */
export function sourceUrl(raw: string): SourceUrl {
  const url = parseHttpUrl(raw);
  if (!url) return { ok: false, reason: 'not-http' };
  if (hasCredentials(url)) return { ok: false, reason: 'credentials', message: credentialsRefusal(url) };
  return { ok: true, url: url.toString() };
}

/**
 * The forms under which a URL given for removal may be stored: `add` and `queue` store it normalised (lower-case
 * host, a path of at least '/'), so that form first, then the text as typed, for a URL stored some other way. Not
 * sourceUrl: a URL stored before its rule (one with credentials) can still be removed.
 * @example storedUrlForms('https://Example.org') // ['https://example.org/', 'https://Example.org']
 */
export function storedUrlForms(raw: string): string[] {
  return [...new Set([parseHttpUrl(raw)?.toString() ?? raw, raw])];
}

/**
 * A feed's URL without its #fragment, which names a place in a page and is never sent to the server: two URLs that
 * differ only by one fetch the same feed, so a feed's identity leaves it out. (A queued article keeps its fragment.)
 * @example feedIdentity('https://news.example.org/feed.xml#latest') // 'https://news.example.org/feed.xml'
 */
export function feedIdentity(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.toString();
}

/** An absolute http(s) URL, parsed, or null. */
export function parseHttpUrl(raw: string): URL | null {
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Whether a URL carries user-info: a user name, a password, or both. */
export function hasCredentials(url: URL): boolean {
  return url.username !== '' || url.password !== '';
}

/**
 * A copy of the URL without its user name and password; the same URL when it has none.
 * @example withoutCredentials(new URL('http://u:p@h.example/a')).href // 'http://h.example/a'
 */
export function withoutCredentials(url: URL): URL {
  if (!hasCredentials(url)) return url;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy;
}

/**
 * The URL for a message: its user-info shown as `***`, so that a refusal never repeats a password.
 * @example maskedCredentials(new URL('http://u:p@h.example/a?q=1')) // 'http://***@h.example/a?q=1'
 */
export function maskedCredentials(url: URL): string {
  if (!hasCredentials(url)) return url.href;
  const bare = withoutCredentials(url);
  return `${bare.protocol}//***@${bare.href.slice(bare.protocol.length + 2)}`;
}

/** The one line that refuses a URL with credentials, naming it masked. */
export function credentialsRefusal(url: URL): string {
  return `${CREDENTIALS_REFUSED} (a user name or password before the host): ${maskedCredentials(url)}`;
}
