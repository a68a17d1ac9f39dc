/**
 * Reading API Gateway v2 requests: bodies (size-capped, base64-aware), JSON, urlencoded and
 * multipart forms, the query string, the caller's IP and user agent.
 */
import type { HttpEvent } from './types.js';

/** Requests larger than this are refused with 413 before parsing. */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024;

const BOUNDARY_RE = /(?:^|;)\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i;
const DISPOSITION_NAME_RE = /(?:^|;)\s*name="([^"]*)"/i;
const DISPOSITION_FILENAME_RE = /(?:^|;)\s*filename\*?=/i;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the request body is larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export class BadRequestError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BadRequestError';
  }
}

/** A header value, whatever case the caller used (API Gateway lower-cases them, tests may not). */
export function header(event: HttpEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** The body as bytes, refusing more than `limit`. */
export function bodyBytes(event: HttpEvent, limit = DEFAULT_MAX_BODY_BYTES): Buffer {
  const body = event.body ?? '';
  // Cheap early refusal before decoding: base64 is 4/3 of the bytes.
  if (body.length > (event.isBase64Encoded ? Math.ceil((limit * 4) / 3) + 4 : limit * 4))
    throw new BodyTooLargeError(limit);
  const bytes = event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (bytes.length > limit) throw new BodyTooLargeError(limit);
  return bytes;
}

export type FormFields = Map<string, string[]>;

/** The media type, lower-cased, without parameters. */
export function mediaType(event: HttpEvent): string {
  return (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Parses the body as JSON, an urlencoded form or a multipart form (by Content-Type). Returns a
 * plain object for JSON and a field map for forms.
 */
export function parseBody(
  event: HttpEvent,
  limit = DEFAULT_MAX_BODY_BYTES,
): { kind: 'json'; value: unknown } | { kind: 'form'; fields: FormFields } | { kind: 'empty' } {
  const bytes = bodyBytes(event, limit);
  const type = mediaType(event);
  if (bytes.length === 0) return { kind: 'empty' };
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return { kind: 'json', value: JSON.parse(bytes.toString('utf8')) as unknown };
    } catch (cause) {
      throw new BadRequestError('the body is not valid JSON', { cause });
    }
  }
  if (type === 'application/x-www-form-urlencoded')
    return { kind: 'form', fields: parseUrlEncoded(bytes.toString('utf8')) };
  if (type === 'multipart/form-data')
    return { kind: 'form', fields: parseMultipart(bytes, header(event, 'content-type') ?? '') };
  throw new BadRequestError('send JSON, application/x-www-form-urlencoded or multipart/form-data');
}

export function parseUrlEncoded(text: string): FormFields {
  const fields: FormFields = new Map();
  for (const [key, value] of new URLSearchParams(text)) fields.set(key, [...(fields.get(key) ?? []), value]);
  return fields;
}

/** A small multipart/form-data reader for text fields (file parts are ignored). */
export function parseMultipart(bytes: Buffer, contentType: string): FormFields {
  const match = BOUNDARY_RE.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new BadRequestError('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: FormFields = new Map();
  let position = bytes.indexOf(delimiter);
  if (position < 0) throw new BadRequestError('multipart body without its boundary');
  for (;;) {
    position += delimiter.length;
    if (bytes.subarray(position, position + 2).toString() === '--') break; // closing delimiter
    const next = bytes.indexOf(delimiter, position);
    if (next < 0) throw new BadRequestError('multipart body is truncated');
    // A part: CRLF, headers, CRLF CRLF, content, CRLF (before the next delimiter).
    const part = bytes.subarray(position, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new BadRequestError('multipart part without headers');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    let content = part.subarray(headerEnd + 4);
    if (content.subarray(-2).toString() === '\r\n') content = content.subarray(0, -2);
    const disposition = headers
      .split('\r\n')
      .find((line) => line.toLowerCase().startsWith('content-disposition:'));
    const name = disposition ? DISPOSITION_NAME_RE.exec(disposition)?.[1] : undefined;
    if (name !== undefined && !(disposition && DISPOSITION_FILENAME_RE.test(disposition))) {
      fields.set(name, [...(fields.get(name) ?? []), content.toString('utf8')]);
    }
    position = next;
  }
  return fields;
}

/** One query parameter (the first value), or undefined. */
export function queryParam(event: HttpEvent, name: string): string | undefined {
  const fromMap = event.queryStringParameters?.[name];
  if (fromMap !== undefined) return fromMap.split(',')[0];
  if (event.rawQueryString) return new URLSearchParams(event.rawQueryString).get(name) ?? undefined;
  return undefined;
}

/** Who is asking, for the consent record. */
export function requestContext(event: HttpEvent): { ip: string | null; userAgent: string | null } {
  const ip = event.requestContext?.http?.sourceIp || null;
  const userAgent =
    (event.requestContext?.http?.userAgent || header(event, 'user-agent') || '').slice(0, 512) || null;
  return { ip, userAgent };
}

/** True when the caller prefers a JSON answer (API clients) to an HTML page (browsers). */
export function wantsJson(event: HttpEvent): boolean {
  const accept = header(event, 'accept') ?? '';
  if (accept.includes('application/json')) return true;
  if (accept.includes('text/html')) return false;
  return mediaType(event) === 'application/json';
}
