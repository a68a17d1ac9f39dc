/**
 * The routes `digest dev` serves: the same handlers as the Lambdas, given local dependencies.
 * To add a route, append ONE line to DEV_ROUTES: method(s), path pattern (`:name` = one segment,
 * available as `event.pathParameters.name`), and a factory that builds the handler from LocalDeps.
 * Factories run once, on the route's first request; import handler modules inside them so that a
 * route's dependencies load only when it is used.
 */
import { type HttpMethod, isLoopbackHost } from '../adapters/local-http-server.js';
import { redactAddresses } from '../core/log-redaction.js';
import { RouteThrottle } from '../core/route-throttle.js';
import { header } from '../handlers/http/request.js';
import type { HttpHandler } from '../handlers/http/types.js';
import { cliSwitches } from './cli-env.js';
import type { LocalDeps } from './local-deps.js';

/** SES event notifications as SNS posts them (cli/ses-events-route.ts); `digest dev` prints it. */
export const SES_EVENTS_PATH = '/local/ses-events';

export interface DevRoute {
  method: HttpMethod | readonly HttpMethod[];
  path: string;
  handler: (deps: LocalDeps) => HttpHandler | Promise<HttpHandler>;
}

/**
 * For routes that trust the local machine and take no key (the SES events route): a web page open in
 * this machine's browser is on the local machine too, and may post to 127.0.0.1 (a `no-cors` fetch or a
 * form; the Host is then a loopback name, so the Host check lets it in). A browser names the page in
 * `Origin` (`null` for an opaque one) and `Sec-Fetch-Site` on every such post; SNS and the tools that
 * replay its notifications (curl, scripts) send neither. Such a request gets 403 before the handler runs.
 */
export function refuseBrowserRequests(handler: HttpHandler): HttpHandler {
  return async (event) => {
    const site = header(event, 'sec-fetch-site');
    if (header(event, 'origin') === undefined && (site === undefined || site === 'none'))
      return handler(event);
    return {
      statusCode: 403,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      body: JSON.stringify({
        error: 'this route takes SES notifications from tools (SNS, curl), never from a web page',
      }),
    };
  };
}

/**
 * For the operator's own pages (the preview and its outbox, whose mails carry every reader's tokens, and the
 * SES events route): only a request addressed to this machine by a loopback name. A tunnel named in
 * DIGEST_BASE_URL brings readers to the subscriber pages; anyone on the internet may come through it, and a
 * tunnel client connects from 127.0.0.1, so the connecting address proves nothing.
 */
export function machineOnly(handler: HttpHandler): HttpHandler {
  return async (event) =>
    isLoopbackHost(header(event, 'host'))
      ? handler(event)
      : {
          statusCode: 403,
          headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
          body: 'this page is served only to the machine digest dev runs on (http://127.0.0.1)',
        };
}

/** One set of per-route, per-client limits for the four subscriber routes (core/route-throttle.ts). */
const throttle = new RouteThrottle(() => performance.now());
const subscriberDeps = (deps: LocalDeps) => ({ ...deps.subscriberHandlerDeps(devLog), throttle });
/** POST /subscribe's per-address work, started once its answer is on its way (handlers/dependencies.ts). */
const afterTheAnswer = (work: () => Promise<void>) => void setImmediate(() => void work());
// One console handler (and one set of its dependencies) for every /admin path.
let admin: Promise<HttpHandler> | null = null;
const adminHandler = (deps: LocalDeps): Promise<HttpHandler> =>
  (admin ??= (async () => {
    const { createAdminHandler } = await import('../admin/router.js');
    const { openAdminLocalDeps } = await import('./admin-local-deps.js');
    return createAdminHandler(await openAdminLocalDeps(deps, devLog), devLog);
  })());
const briefingDeps = async (deps: LocalDeps) =>
  (await (await import('./local-briefing.js')).openLocalBriefing(deps, { httpLog: devLog })).http;

// biome-ignore format: one line per route keeps the table readable and appending conflict-free
export const DEV_ROUTES: DevRoute[] = [
  {
    method: 'POST',
    path: '/subscribe',
    handler: async (d) => (await import('../handlers/subscribe.js')).createHandler({ ...subscriberDeps(d), afterResponse: afterTheAnswer }),
  },
  {
    method: ['GET', 'POST'],
    path: '/confirm',
    handler: async (d) => (await import('../handlers/confirm.js')).createHandler(subscriberDeps(d)),
  },
  {
    method: ['GET', 'POST'],
    path: '/unsubscribe',
    handler: async (d) => (await import('../handlers/unsubscribe.js')).createHandler(subscriberDeps(d)),
  },
  {
    method: ['GET', 'POST'],
    path: '/preferences',
    handler: async (d) => (await import('../handlers/preferences.js')).createHandler(subscriberDeps(d)),
  },
  { method: 'POST', path: '/articles', handler: async (d) => (await import('../handlers/articles.js')).createHandler(await briefingDeps(d)) },
  { method: 'GET', path: '/issues/:id', handler: async (d) => (await import('../handlers/issue-page.js')).createHandler(await briefingDeps(d)) },
  { method: 'POST', path: '/issues/:id/forward', handler: async (d) => (await import('../handlers/forward.js')).createHandler(await briefingDeps(d)) },
  { method: 'GET', path: '/lists/:list/archive', handler: async (d) => (await import('../handlers/archive.js')).createHandler(await briefingDeps(d)) },
  { method: 'GET', path: '/lists/:list/feed.xml', handler: async (d) => (await import('../handlers/archive.js')).createHandler(await briefingDeps(d)) },
  { method: 'GET', path: '/lists/:list/subscribe', handler: async (d) => (await import('../handlers/archive.js')).createHandler(await briefingDeps(d)) },
  { method: ['GET', 'POST'], path: '/drafts/approve', handler: async (d) => (await import('../handlers/approve.js')).createHandler(await briefingDeps(d)) },
  { method: 'GET', path: '/', handler: async (d) => machineOnly((await import('./preview-deps.js')).previewHandlers(d).index) },
  { method: 'POST', path: SES_EVENTS_PATH, handler: async (d) => { const m = await import('./ses-events-route.js'); return machineOnly(refuseBrowserRequests(m.sesEventsRoute(await m.localSesEventsDeps(d)))); } },
  {
    method: 'GET',
    path: '/preview/version',
    handler: async (d) => machineOnly((await import('./preview-deps.js')).previewHandlers(d).version),
  },
  {
    method: 'GET',
    path: '/outbox/:name',
    handler: async (d) => machineOnly((await import('./preview-deps.js')).previewHandlers(d).message),
  },
  {
    method: 'GET',
    path: '/outbox/:name/raw',
    handler: async (d) => machineOnly((await import('./preview-deps.js')).previewHandlers(d).raw),
  },
  ...['/admin', '/admin/:a', '/admin/:a/:b', '/admin/:a/:b/:c', '/admin/:a/:b/:c/:d'].map((path): DevRoute => ({ method: ['GET', 'POST'], path, handler: adminHandler })),
];

/** Handler logs in dev: errors on stderr always, the rest only with DIGEST_DEBUG; masked as in the Lambdas. */
function devLog(entry: Record<string, unknown>): void {
  if (entry.level === 'error' || cliSwitches().DIGEST_DEBUG)
    process.stderr.write(`${JSON.stringify(redactAddresses(entry))}\n`);
}
