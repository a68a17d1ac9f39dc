/**
 * Response builders for the HTTP handlers. Every response is uncacheable and sets no cookie; pages
 * carry a CSP without scripts, and `Referrer-Policy: no-referrer` so that the token in a link never
 * leaks to another site through the Referer header.
 */
import { html, page } from './page.js';
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
 * A short error: JSON for API callers that asked for it, otherwise a whole page (a browser shows it as
 * the answer to a form, so it needs its charset, title and styles like any other page).
 */
export function errorResponse(statusCode: number, message: string, wantsJson: boolean): HttpResult {
  if (wantsJson) return jsonResponse(statusCode, { error: message });
  const title = ERROR_TITLES[statusCode] ?? 'Something went wrong';
  return htmlResponse(
    statusCode,
    page(
      title,
      html`<h1>${title}</h1><p role="alert">${message}</p><p class="muted">Go back to try again.</p>`,
    ),
  );
}
