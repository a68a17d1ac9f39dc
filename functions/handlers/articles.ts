/**
 * POST /articles `{"list"?, "urls": [...]}` (bearer key): queues article URLs for the list's next
 * briefing → 202 `{"list", "queued", "alreadyQueued"}`. The pages are fetched when the briefing runs. A URL that is
 * not http(s), or carries a user name or password, is a 400 and nothing is queued.
 */
import { z } from 'zod';
import { sourceUrl } from '../core/source-url.js';
import { requireList } from '../use-cases/require-list.js';
import { LIST_NAME_RE, type QueueArticleDeps } from './dependencies.js';
import { withHttpErrors } from './http/errors.js';
import { BadRequestError, bodyBytes, requireJsonBody } from './http/request.js';
import { errorResponse, jsonResponse, textResponse } from './http/responses.js';
import type { HttpHandler } from './http/types.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext, lambdaLog } from './runtime/logger.js';

export const MAX_URLS_PER_REQUEST = 50;

const bodySchema = z.object({
  list: z.string().regex(LIST_NAME_RE, 'list must be a list name').optional(),
  urls: z
    .array(z.string().max(2048))
    .min(1, 'urls must list at least one URL')
    .max(MAX_URLS_PER_REQUEST, `at most ${MAX_URLS_PER_REQUEST} urls per request`),
});

/** The URL as queued, by the rule of every source an operator gives (core/source-url.ts); else a 400. */
function httpUrl(raw: string): string {
  const checked = sourceUrl(raw);
  if (checked.ok) return checked.url;
  if (checked.reason === 'credentials') throw new BadRequestError(checked.message.slice(0, 300));
  throw new BadRequestError(`not an http(s) URL: ${raw.slice(0, 100)}`);
}

export function createHandler(deps: QueueArticleDeps): HttpHandler {
  return withHttpErrors(async (event) => {
    if (event.requestContext.http.method.toUpperCase() !== 'POST')
      return textResponse(405, 'method not allowed', { allow: 'POST' });
    const auth = await deps.authenticate(event);
    if (!auth.ok) return errorResponse(auth.status, auth.reason, true);
    requireJsonBody(event);
    let json: unknown;
    try {
      json = JSON.parse(bodyBytes(event, 64 * 1024).toString('utf8'));
    } catch (error) {
      if (error instanceof SyntaxError) throw new BadRequestError('the body must be JSON');
      throw error;
    }
    const parsed = bodySchema.safeParse(json);
    if (!parsed.success) throw new BadRequestError(parsed.error.issues[0]?.message ?? 'invalid body');
    const list = (await requireList(deps.lists, parsed.data.list ?? 'default')).id;
    const urls = [...new Set(parsed.data.urls.map(httpUrl))];
    const queuedAt = deps.briefing.now().toISOString();
    let queued = 0;
    for (const url of urls)
      if (await deps.briefing.store.queueArticle(list, { url, queuedAt, origin: 'queue' })) queued++;
    deps.log?.({ level: 'info', event: 'articles-queued', list, queued, by: auth.name });
    return jsonResponse(202, { list, queued, alreadyQueued: urls.length - queued });
  }, deps.log);
}

export const handler = lazyHandler(async () => {
  const { briefingStore } = await import('./runtime/briefings.js');
  const { authorizerVerdict } = await import('./http/authorizer-verdict.js');
  return createHandler({
    briefing: { store: briefingStore(), now: () => new Date() },
    authenticate: authorizerVerdict,
    lists: (await import('./runtime/lists.js')).listStore(),
    log: lambdaLog,
  });
}, attachLambdaContext);
