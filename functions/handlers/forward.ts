/**
 * POST /issues/<id>/forward `{"to": [...], "note"?}` (bearer key) → 200 `{"issueId", "sent"}`, plus
 * `"suppressed": [...]` naming the requested addresses that were not sent to because they are suppressed, and
 * `"failed": [{"address", "reason"}]` naming those the mail service refused (the others were sent to).
 * When nobody is sent it because each address is suppressed or refused by the mail service: 422
 * `{"error", "issueId", "sent": 0, "suppressed"?, "failed"?}`, naming each; a failure of the mail service itself is
 * a 500.
 * At most 10 recipients per call and 50 per key in any hour (429 with `Retry-After`); the note is length-capped and
 * escaped by the template; the mail carries no subscriber's token (use-cases/forward).
 */
import { ForwardError, type ForwardResult, forwardIssue, NotForwardedError } from '../use-cases/forward.js';
import type { ForwardHttpDeps } from './dependencies.js';
import { withHttpErrors } from './http/errors.js';
import { BadRequestError, bodyBytes, requireJsonBody } from './http/request.js';
import { errorResponse, jsonResponse, textResponse } from './http/responses.js';
import type { HttpEvent, HttpHandler, HttpResult } from './http/types.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext } from './runtime/logger.js';

const FORWARD_PATH_RE = /^\/issues\/([A-Za-z0-9_.-]{1,128})\/forward\/?$/;
const MAX_BODY_BYTES = 16 * 1024;

/** The request body as the use case takes it: `to` a list (checked there, address by address), `note` anything. */
interface ForwardBody {
  to: unknown[];
  note?: unknown;
}

export function createHandler(deps: ForwardHttpDeps): HttpHandler {
  return withHttpErrors(async (event) => {
    if (event.requestContext.http.method.toUpperCase() !== 'POST')
      return textResponse(405, 'method not allowed', { allow: 'POST' });
    const auth = await deps.authenticate(event);
    if (!auth.ok) return errorResponse(auth.status, auth.reason, true);
    const issueId = issueIdOf(event);
    if (!issueId) return errorResponse(404, 'no such issue', true);
    const body = readForwardBody(event);
    try {
      const result = await forwardIssue(
        { issueId, to: body.to, note: body.note, forwardedBy: auth.name, senderId: auth.id },
        deps.forward,
      );
      deps.log?.({ level: 'info', event: 'forwarded', issueId, sent: result.sent, by: auth.id });
      return forwardedResponse(result);
    } catch (error) {
      if (error instanceof ForwardError) return refusedResponse(error);
      throw error;
    }
  }, deps.log);
}

/** The issue id from the route's path parameter, or from the raw path where no API Gateway route set one. */
function issueIdOf(event: HttpEvent): string | undefined {
  return event.pathParameters?.id ?? FORWARD_PATH_RE.exec(event.rawPath ?? '')?.[1];
}

/** The JSON body, at most 16 KB; anything but an object with a `to` list is a 400. */
function readForwardBody(event: HttpEvent): ForwardBody {
  requireJsonBody(event);
  let body: { to?: unknown; note?: unknown };
  try {
    body = JSON.parse(bodyBytes(event, MAX_BODY_BYTES).toString('utf8')) as typeof body;
  } catch (error) {
    if (error instanceof SyntaxError) throw new BadRequestError('the body must be JSON');
    throw error;
  }
  if (typeof body !== 'object' || body === null || !Array.isArray(body.to)) {
    throw new BadRequestError('"to" must be a list of addresses');
  }
  return body as ForwardBody;
}

/** 200 `{"issueId", "sent"}`, with `suppressed` and `failed` only when there are some. */
function forwardedResponse(result: ForwardResult): HttpResult {
  return jsonResponse(200, {
    issueId: result.issueId,
    sent: result.sent,
    ...(result.suppressed.length > 0 ? { suppressed: result.suppressed } : {}),
    ...(result.failed.length > 0 ? { failed: result.failed } : {}),
  });
}

/** The use case's refusal as its status, with `Retry-After` when the budget says when the forward would fit. */
function refusedResponse(error: ForwardError): HttpResult {
  if (error instanceof NotForwardedError) {
    return jsonResponse(422, {
      error: error.message,
      issueId: error.issueId,
      sent: 0,
      ...(error.suppressed.length > 0 ? { suppressed: error.suppressed } : {}),
      ...(error.failed.length > 0 ? { failed: error.failed } : {}),
    });
  }
  const result = errorResponse(error.status, error.message, true);
  if (error.retryAfterSeconds === undefined) return result;
  return { ...result, headers: { ...result.headers, 'retry-after': String(error.retryAfterSeconds) } };
}

export const handler = lazyHandler(
  async () => createHandler((await import('./runtime/forward.js')).forwardDeps()),
  attachLambdaContext,
);
