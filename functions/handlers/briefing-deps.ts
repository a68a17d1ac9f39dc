/**
 * What the briefing HTTP handlers (articles, issue page, archive, forward, approve) and the
 * schedule handler need. `digest dev` builds it from local parts (cli/local-briefing.ts); each
 * Lambda builds it once per container from its environment (live-briefing-deps.ts).
 */
import type { BearerCheck } from '../core/api-keys.js';
import type { BriefingDeps } from '../use-cases/briefing.js';
import type { ForwardDeps } from '../use-cases/forward.js';
import type { Log } from './http/errors.js';
import { header } from './http/request.js';
import type { HttpEvent } from './http/types.js';

export interface BriefingHttpDeps {
  briefing: BriefingDeps;
  forward: ForwardDeps;
  /** Checks the caller's bearer key (locally) or reads the Lambda authorizer's verdict (AWS). */
  authenticate: (event: HttpEvent) => Promise<BearerCheck>;
  postalAddress: string;
  log?: Log;
}

/** Behind the HTTP API's Lambda authorizer: the request only arrives when the key was good. */
export async function authorizerVerdict(event: HttpEvent): Promise<BearerCheck> {
  const ctx = (event.requestContext as { authorizer?: { lambda?: { keyName?: unknown } } }).authorizer;
  const name = ctx?.lambda?.keyName;
  if (typeof name === 'string' && name) return { ok: true, name };
  return header(event, 'authorization')
    ? { ok: false, status: 403, reason: 'unknown key' }
    : { ok: false, status: 401, reason: 'missing bearer key' };
}

/** The list name rule shared by routes and commands. */
export const LIST_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
