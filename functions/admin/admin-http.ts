/**
 * The console's HTTP edges: its security headers, cookies, redirects and form bodies (urlencoded,
 * or multipart with a CSV file, read by busboy through http/form-body).
 */
import { readMultipart } from '../handlers/http/form-body.js';
import { bodyBytes, header, mediaType, UnsupportedMediaTypeError } from '../handlers/http/request.js';
import type { HttpEvent, HttpResult } from '../handlers/http/types.js';

/** Big enough for a CSV of about 20,000 subscribers; the local server and API Gateway allow more. */
export const MAX_FORM_BYTES = 1024 * 1024;

/**
 * Scripts and styles only from the console's own files, no inline code of either kind, no frames
 * of other sites, and the console itself never framed.
 */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The email preview inside the editor: the email's own inline styles, no script at all (the
 * sandbox), images from anywhere the email links them, and only the console may frame it.
 */
export const PREVIEW_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; frame-ancestors 'self'; sandbox";

export const SECURITY_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

export function pageResult(statusCode: number, body: string, cookies: string[] = []): HttpResult {
  return {
    statusCode,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONSOLE_CSP,
    },
    body,
    ...(cookies.length ? { cookies } : {}),
  };
}

export function redirect(location: string, cookies: string[] = []): HttpResult {
  return {
    statusCode: 303,
    headers: { ...SECURITY_HEADERS, location, 'content-security-policy': CONSOLE_CSP },
    body: '',
    ...(cookies.length ? { cookies } : {}),
  };
}

export function fileResult(
  body: string,
  contentType: string,
  extra: Record<string, string> = {},
): HttpResult {
  return {
    statusCode: 200,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': contentType,
      'content-security-policy': CONSOLE_CSP,
      ...extra,
    },
    body,
  };
}

export function jsonResult(statusCode: number, value: unknown): HttpResult {
  return { ...fileResult(JSON.stringify(value), 'application/json; charset=utf-8'), statusCode };
}

/** A cookie's value from the request (API Gateway v2 puts them in `event.cookies`). */
export function cookie(event: HttpEvent, name: string): string | undefined {
  const all = [...(event.cookies ?? []), ...(header(event, 'cookie')?.split(';') ?? [])];
  for (const item of all) {
    const at = item.indexOf('=');
    if (at > 0 && item.slice(0, at).trim() === name) return item.slice(at + 1).trim();
  }
  return undefined;
}

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds: number;
  path: string;
}

export function setCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    `Path=${options.path}`,
    `Max-Age=${options.maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export interface FormData {
  fields: Map<string, string>;
  /** An uploaded file's bytes, by field name. */
  files: Map<string, Buffer>;
  /** An uploaded file's name on the editor's disk, by field name (shown, escaped, on the import's page). */
  fileNames?: Map<string, string>;
}

/** What the console's forms are sent as: anything else is a 415 naming these. */
export const FORM_MEDIA_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'] as const;

/** Reads an urlencoded or multipart form; a body in any other format is a 415 (UnsupportedMediaTypeError). */
export async function readForm(event: HttpEvent): Promise<FormData> {
  const bytes = bodyBytes(event, MAX_FORM_BYTES);
  const type = mediaType(event);
  const fields = new Map<string, string>();
  const files = new Map<string, Buffer>();
  if (bytes.length === 0 && type === '') return { fields, files };
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data')
    throw new UnsupportedMediaTypeError(FORM_MEDIA_TYPES, type);
  if (bytes.length === 0) return { fields, files };
  if (type === 'application/x-www-form-urlencoded') {
    for (const [key, value] of new URLSearchParams(bytes.toString('utf8')))
      if (!fields.has(key)) fields.set(key, value);
    return { fields, files };
  }
  const form = await readMultipart(bytes, header(event, 'content-type') ?? '', {
    files: 2,
    fileBytes: MAX_FORM_BYTES,
  });
  for (const [name, values] of form.fields) fields.set(name, values[0] ?? '');
  return { fields, files: form.files, fileNames: form.fileNames };
}

/** Who is asking, for the sign-in throttle: the client address API Gateway or the local server saw. */
export function clientOf(event: HttpEvent): string {
  return event.requestContext?.http?.sourceIp || 'unknown';
}
