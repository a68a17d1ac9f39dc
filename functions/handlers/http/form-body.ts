/**
 * Request bodies as the subscriber routes and the console read them: JSON, urlencoded forms, and
 * multipart forms through busboy (untrusted input, so a well-kept parser rather than our own).
 */
import busboy from 'busboy';
import {
  BadRequestError,
  BodyTooLargeError,
  bodyBytes,
  DEFAULT_MAX_BODY_BYTES,
  type FormFields,
  header,
  isJsonMediaType,
  mediaType,
  UnsupportedMediaTypeError,
} from './request.js';
import type { HttpEvent } from './types.js';

/** More fields than any of our forms has: such a body is refused. */
const MULTIPART_FIELDS = 50;
/** What parseBody reads, in the words of a 415's message and `Accept-Post`. */
export const BODY_MEDIA_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
] as const;

/**
 * Parses the body as JSON, an urlencoded form or a multipart form (by Content-Type). Returns a
 * plain object for JSON and a field map for forms. Any other Content-Type (`text/plain`, none on a
 * body) is an UnsupportedMediaTypeError (415): the request is well formed, in a format not read here.
 */
export async function parseBody(
  event: HttpEvent,
  limit = DEFAULT_MAX_BODY_BYTES,
): Promise<{ kind: 'json'; value: unknown } | { kind: 'form'; fields: FormFields } | { kind: 'empty' }> {
  const bytes = bodyBytes(event, limit);
  const type = mediaType(event);
  const known = isJsonMediaType(type) || (BODY_MEDIA_TYPES as readonly string[]).includes(type);
  // An empty body without a type is no body at all (a button's POST); one declared in another format is refused.
  if (!known && (bytes.length > 0 || type !== ''))
    throw new UnsupportedMediaTypeError(BODY_MEDIA_TYPES, type);
  if (bytes.length === 0) return { kind: 'empty' };
  if (isJsonMediaType(type)) {
    try {
      return { kind: 'json', value: JSON.parse(bytes.toString('utf8')) as unknown };
    } catch (cause) {
      throw new BadRequestError('the body is not valid JSON', { cause });
    }
  }
  if (type === 'application/x-www-form-urlencoded')
    return { kind: 'form', fields: parseUrlEncoded(bytes.toString('utf8')) };
  if (type === 'multipart/form-data') {
    const { fields } = await readMultipart(bytes, header(event, 'content-type') ?? '', { files: 0 });
    return { kind: 'form', fields };
  }
  throw new UnsupportedMediaTypeError(BODY_MEDIA_TYPES, type);
}

export function parseUrlEncoded(text: string): FormFields {
  const fields: FormFields = new Map();
  for (const [key, value] of new URLSearchParams(text)) fields.set(key, [...(fields.get(key) ?? []), value]);
  return fields;
}

export interface MultipartForm {
  /** Text fields, every value in order. */
  fields: FormFields;
  /** Uploaded files' bytes, by field name (their charset is the reader's business). */
  files: Map<string, Buffer>;
  /** The name each uploaded file had on the sender's disk, by field name (untrusted text, for display). */
  fileNames: Map<string, string>;
}

/**
 * Reads a multipart/form-data body with busboy. `files` is how many file parts may come (0: any
 * file part is ignored unread, as a plain form expects). A body without its boundary, truncated or
 * with more fields than any form of ours is a 400; an oversize file part is a 413.
 */
export function readMultipart(
  bytes: Buffer,
  contentType: string,
  limits: { files: number; fileBytes?: number },
): Promise<MultipartForm> {
  const fields: FormFields = new Map();
  const files = new Map<string, Buffer>();
  const fileNames = new Map<string, string>();
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        limits: { fields: MULTIPART_FIELDS, files: limits.files, fileSize: limits.fileBytes ?? bytes.length },
      });
    } catch (cause) {
      reject(new BadRequestError('the multipart body has no boundary', { cause }));
      return;
    }
    parser.on('field', (name, value) => fields.set(name, [...(fields.get(name) ?? []), value]));
    parser.on('file', (name, stream, info) => {
      if (limits.files === 0) {
        stream.resume();
        return;
      }
      if (info.filename) fileNames.set(name, info.filename.slice(0, 200));
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => reject(new BodyTooLargeError(limits.fileBytes ?? bytes.length)));
      stream.on('end', () => files.set(name, Buffer.concat(chunks)));
    });
    parser.on('fieldsLimit', () => reject(new BadRequestError('the multipart body has too many fields')));
    parser.on('error', (cause) => reject(new BadRequestError('the multipart body is malformed', { cause })));
    parser.on('close', () => resolve({ fields, files, fileNames }));
    parser.end(bytes);
  });
}
