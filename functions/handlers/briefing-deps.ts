/**
 * What the briefing HTTP handlers (articles, issue page, archive, forward, approve) and the
 * schedule handler need. `digest dev` builds it from local parts (cli/local-briefing.ts). Each route
 * declares the part it reads (ArchiveReadDeps, QueueArticleDeps, ForwardHttpDeps, ApproveHttpDeps; a
 * whole BriefingHttpDeps satisfies every one), and each Lambda builds only that part, once per container,
 * from its environment (live-issue-archive.ts, live-briefing-store.ts, live-briefing-mail.ts,
 * live-draft-deps.ts, live-briefing-deps.ts), so that a route bundles only what its own code path needs.
 */
import type { BearerCheck } from '../core/api-keys.js';
import type { BriefingDeps } from '../use-cases/briefing.js';
import type { DraftDeps } from '../use-cases/briefing-drafts.js';
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

/** The issue page and the archive page and feed: the archive and the public base URL only. */
export interface ArchiveReadDeps {
  briefing: Pick<BriefingDeps, 'archive' | 'baseUrl'>;
  log?: Log;
}

/** POST /articles (and the S3 drops, without the HTTP parts): the briefings store and the clock. */
export interface QueueArticleDeps {
  briefing: Pick<BriefingDeps, 'store' | 'now'>;
  authenticate: BriefingHttpDeps['authenticate'];
  log?: Log;
}

/** POST /issues/<id>/forward. */
export interface ForwardHttpDeps {
  forward: ForwardDeps;
  authenticate: BriefingHttpDeps['authenticate'];
  log?: Log;
}

/** The approve route: the draft workflow (store, archive, render, fan-out, mail, the token secret). */
export interface ApproveHttpDeps {
  briefing: DraftDeps;
  log?: Log;
}

/** Behind the HTTP API's Lambda authorizer: the request only arrives when the key was good. */
export async function authorizerVerdict(event: HttpEvent): Promise<BearerCheck> {
  const ctx = (event.requestContext as { authorizer?: { lambda?: { keyName?: unknown; keyId?: unknown } } })
    .authorizer;
  const name = ctx?.lambda?.keyName;
  const id = ctx?.lambda?.keyId;
  if (typeof name === 'string' && name && typeof id === 'string' && id) return { ok: true, name, id };
  return header(event, 'authorization')
    ? { ok: false, status: 403, reason: 'unknown key' }
    : { ok: false, status: 401, reason: 'missing bearer key' };
}

/** The list name rule shared by routes and commands. */
export const LIST_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
