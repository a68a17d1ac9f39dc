/**
 * The one place where HTTP handlers map errors to status codes. Only errors marked as exposable
 * reach the caller with their message; anything else is logged and becomes a plain 500.
 */
import { redactAddresses } from '../../core/log-redaction.js';
import { UnknownListError } from '../../ports/list-store.js';
import { BadRequestError, BodyTooLargeError, UnsupportedMediaTypeError, wantsJson } from './request.js';
import { archiveLinks, errorResponse } from './responses.js';
import type { HttpEvent, HttpHandler, HttpResult } from './types.js';

/**
 * A log entry: `{ level, event?, ...fields }`. A field may hold an Error (the thrown value itself, so that its name,
 * message, stack and cause reach the log) or anything else; every logger masks addresses and serialises errors with
 * redactAddresses (core/log-redaction.ts) before it writes.
 */
export type Log = (entry: Record<string, unknown>) => void;

/** Structured one-line logs on stderr, masked as the Lambdas' logger masks them. */
export const stderrLog: Log = (entry) => process.stderr.write(`${JSON.stringify(redactAddresses(entry))}\n`);

/** `baseUrl`: where a public route's pages link to; with it, an unknown list's page links the lists that exist. */
export function withHttpErrors(
  handler: HttpHandler,
  log: Log = stderrLog,
  baseUrl?: () => string,
): HttpHandler {
  return async (event: HttpEvent): Promise<HttpResult> => {
    try {
      return await handler(event);
    } catch (error) {
      const json = safeWantsJson(event);
      if (error instanceof BodyTooLargeError) return errorResponse(413, error.message, json);
      if (error instanceof UnsupportedMediaTypeError) return unsupportedMediaType(error, json);
      if (error instanceof BadRequestError) return errorResponse(400, error.message, json);
      // it names the lists that exist; a public route's leaves out the command that creates one (requirePublicList)
      if (error instanceof UnknownListError) return unknownList(error, json, baseUrl);
      log({ level: 'error', route: event.routeKey ?? event.rawPath, error });
      return errorResponse(500, 'something went wrong; please try again later', json);
    }
  };
}

/** A made-up list: JSON callers get the message; a reader gets the lists that exist, each a link to its archive. */
function unknownList(error: UnknownListError, json: boolean, baseUrl?: () => string): HttpResult {
  if (json || !baseUrl || error.known.length === 0) return errorResponse(404, error.message, json);
  const lists = error.known.map((id) => ({ id, title: id }));
  return errorResponse(404, `There is no list "${error.list}" here.`, false, archiveLinks(baseUrl(), lists));
}

/** 415, with the formats the route reads in the message and in `Accept-Post` (RFC 9110 leaves 415 its body). */
export function unsupportedMediaType(error: UnsupportedMediaTypeError, json: boolean): HttpResult {
  const answer = errorResponse(415, error.message, json);
  return { ...answer, headers: { ...answer.headers, 'accept-post': error.accepted.join(', ') } };
}

function safeWantsJson(event: HttpEvent): boolean {
  try {
    return wantsJson(event);
  } catch {
    return false;
  }
}
