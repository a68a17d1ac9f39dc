/**
 * Per-recipient slots left in the HTML and text of an issue rendered once. Personalisation
 * replaces each with the recipient's value (HTML-escaped in the HTML part), wherever its spelling
 * occurs. So no value from content (an article, a feed, an editor's form, a list's settings) may
 * carry that spelling into the view model: text goes through `neutraliseText` (core/render-model.ts
 * squish), URLs through `neutraliseUrl`. Otherwise a story whose URL read `…?ref=%%{unsubscribe_url}%%`
 * would send each reader's own unsubscribe link, token and all, to that story's site.
 */

const PLACEHOLDER_OPEN_RE = /%%\{/g;
export const PLACEHOLDERS = {
  unsubscribeUrl: '%%{unsubscribe_url}%%',
  preferencesUrl: '%%{preferences_url}%%',
} as const;

export type PlaceholderName = keyof typeof PLACEHOLDERS;

/**
 * Text as content gives it, with the opening of any slot (`%%{`) broken by a zero-width space: it reads the same
 * and is never filled.
 * @example neutraliseText('see %%{unsubscribe_url}%%') // 'see %\u200b%{unsubscribe_url}%%'
 */
export function neutraliseText(text: string): string {
  return text.replace(PLACEHOLDER_OPEN_RE, '%\u200b%{');
}

/**
 * A URL as content gives it (a serialised WHATWG URL, which leaves `{` and `}` as they are in a query or fragment),
 * with its braces percent-encoded: no slot can be spelt without `{`, and a server reads `%7B` as `{`, so the link
 * goes where it went.
 * @example neutraliseUrl('https://x.org/a?ref=%%{unsubscribe_url}%%') // 'https://x.org/a?ref=%%%7Bunsubscribe_url%7D%%'
 */
export function neutraliseUrl(url: string): string {
  return url.replaceAll('{', '%7B').replaceAll('}', '%7D');
}
