/**
 * Response builders for the HTTP handlers. Every response is uncacheable and sets no cookie; pages
 * carry a CSP without scripts, and `Referrer-Policy: no-referrer` so that the token in a link never
 * leaks to another site through the Referer header.
 */
import { html, page, type RawHtml } from './page.js';
import type { HttpEvent, HttpResult } from './types.js';

const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function htmlResponse(
  statusCode: number,
  html: string,
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode,
    headers: {
      ...COMMON_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': PAGE_CSP,
      ...headers,
    },
    body: html,
  };
}

export function jsonResponse(
  statusCode: number,
  value: unknown,
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode,
    headers: { ...COMMON_HEADERS, 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

export function textResponse(
  statusCode: number,
  text: string,
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode,
    headers: { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...headers },
    body: text,
  };
}

/**
 * The request's method, upper-cased, when the route serves it (HEAD goes with GET); otherwise the
 * 405 answer to return, with its `Allow` header.
 */
export function allowedMethod(event: HttpEvent, allow: 'GET' | 'GET, POST'): string | HttpResult {
  const method = event.requestContext.http.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD' || (allow === 'GET, POST' && method === 'POST')) return method;
  return textResponse(405, 'method not allowed', { allow });
}

const ERROR_TITLES: Record<number, string> = {
  400: 'Please check what you sent',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Not allowed',
  409: 'Nothing to change',
  413: 'Too large',
  415: 'Not a format read here',
  429: 'Too many requests',
};

/**
 * What a reader can do next, by default: a form's answer sends them back to it, but a page that does not exist
 * has nothing to go back to (the link was cut short, or the page is gone).
 */
const NEXT_STEPS: Record<number, string> = {
  404: 'Check the address: a link copied from an email can be cut short.',
  429: 'Wait a minute, then try again.',
};

/**
 * A short error: JSON for API callers that asked for it, otherwise a whole page (a browser shows it as
 * the answer to a form, so it needs its charset, title and styles like any other page). `next` replaces the
 * default next step with one the route knows (the list's archive, say).
 */
export function errorResponse(
  statusCode: number,
  message: string,
  wantsJson: boolean,
  next?: RawHtml,
): HttpResult {
  if (wantsJson) return jsonResponse(statusCode, { error: message });
  const title = ERROR_TITLES[statusCode] ?? 'Something went wrong';
  const step = next ?? html`<p class="muted">${NEXT_STEPS[statusCode] ?? 'Go back to try again.'}</p>`;
  return htmlResponse(statusCode, page(title, html`<h1>${title}</h1><p role="alert">${message}</p>${step}`));
}

/** Links to the archive pages of `lists` (each page has the list's subscribe form), for a reader who got lost. */
export function archiveLinks(baseUrl: string, lists: readonly { id: string; title: string }[]): RawHtml {
  const base = baseUrl.replace(/\/+$/, '');
  const links = lists.map(
    (list, i) =>
      html`${i > 0 ? ' · ' : ''}<a href="${`${base}/lists/${encodeURIComponent(list.id)}/archive`}">${list.title}</a>`,
  );
  return html`<p>Past issues, and where to subscribe: ${links}</p>`;
}
