/**
 * Reading API Gateway v2 requests: bodies (size-capped, base64-aware), the query string, the
 * caller's IP and user agent. Parsing JSON and form bodies is in http/form-body.ts, so that only
 * the routes that read forms carry the multipart parser.
 */
import type { HttpEvent } from './types.js';

/** Requests larger than this are refused with 413 before parsing. */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024;

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

/**
 * The body is in a format the route does not read (`text/plain` on `/subscribe`): 415, naming the formats it
 * reads, rather than a 400 that blames the content.
 */
export class UnsupportedMediaTypeError extends Error {
  constructor(
    /** The media types the route reads, for the message and the `Accept-Post` header. */
    readonly accepted: readonly string[],
    given: string,
  ) {
    super(
      `${given ? `a body of type ${given}` : 'a body without a Content-Type'} is not read here; send ${acceptedList(accepted)}`,
    );
    this.name = 'UnsupportedMediaTypeError';
  }
}

function acceptedList(types: readonly string[]): string {
  if (types.length <= 1) return types[0] ?? '';
  return `${types.slice(0, -1).join(', ')} or ${types.at(-1)}`;
}

/** The JSON media types: `application/json` and any `+json` suffix. */
export function isJsonMediaType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

/**
 * A route that reads only JSON: a body declared as anything else is refused with 415. A body without a
 * Content-Type is read as JSON, as these routes always have (API clients, `curl --data-binary`).
 */
export function requireJsonBody(event: HttpEvent): void {
  const type = mediaType(event);
  if (type !== '' && !isJsonMediaType(type)) throw new UnsupportedMediaTypeError(['application/json'], type);
}

export type FormFields = Map<string, string[]>;

/** The media type, lower-cased, without parameters. */
export function mediaType(event: HttpEvent): string {
  return (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** One query parameter (the first value), or undefined. */
export function queryParam(event: HttpEvent, name: string): string | undefined {
  const fromMap = event.queryStringParameters?.[name];
  if (fromMap !== undefined) return fromMap.split(',')[0];
  if (event.rawQueryString) return new URLSearchParams(event.rawQueryString).get(name) ?? undefined;
  return undefined;
}

const TAB_RE = /\t/g;
const CONTROL_RE = /[\x00-\x1f\x7f]/g;

/**
 * Who is asking, for the consent record. The user agent is the caller's own text: a tab becomes a space
 * and other control characters go, as the import of an exported consent record requires (it refuses them).
 */
export function requestContext(event: HttpEvent): { ip: string | null; userAgent: string | null } {
  const ip = event.requestContext?.http?.sourceIp || null;
  const given = event.requestContext?.http?.userAgent || header(event, 'user-agent') || '';
  const userAgent = given.replace(TAB_RE, ' ').replace(CONTROL_RE, '').slice(0, 512) || null;
  return { ip, userAgent };
}

/** True when the caller prefers a JSON answer (API clients) to an HTML page (browsers). */
export function wantsJson(event: HttpEvent): boolean {
  const accept = header(event, 'accept') ?? '';
  if (accept.includes('application/json')) return true;
  if (accept.includes('text/html')) return false;
  return mediaType(event) === 'application/json';
}
