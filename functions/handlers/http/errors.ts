/**
 * The one place where HTTP handlers map errors to status codes. Only errors marked as exposable
 * reach the caller with their message; anything else is logged and becomes a plain 500.
 */
import { UnknownListError } from '../../ports/list-store.js';
import { BadRequestError, BodyTooLargeError, wantsJson } from './request.js';
import { errorResponse } from './responses.js';
import type { HttpEvent, HttpHandler, HttpResult } from './types.js';

export type Log = (entry: Record<string, unknown>) => void;

/** Structured one-line logs on stderr (CloudWatch in AWS). Never put a full address in one. */
export const stderrLog: Log = (entry) => process.stderr.write(`${JSON.stringify(entry)}\n`);

export function withHttpErrors(handler: HttpHandler, log: Log = stderrLog): HttpHandler {
  return async (event: HttpEvent): Promise<HttpResult> => {
    try {
      return await handler(event);
    } catch (error) {
      const json = safeWantsJson(event);
      if (error instanceof BodyTooLargeError) return errorResponse(413, error.message, json);
      if (error instanceof BadRequestError) return errorResponse(400, error.message, json);
      if (error instanceof UnknownListError) return errorResponse(404, error.message, json);
      log({
        level: 'error',
        route: event.routeKey ?? event.rawPath,
        error: (error as Error)?.name ?? 'Error',
      });
      return errorResponse(500, 'something went wrong; please try again later', json);
    }
  };
}

function safeWantsJson(event: HttpEvent): boolean {
  try {
    return wantsJson(event);
  } catch {
    return false;
  }
}
