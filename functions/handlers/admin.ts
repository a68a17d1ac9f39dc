/**
 * `ANY /admin` and `ANY /admin/{proxy+}`: the admin console (functions/admin/router.ts), the same
 * handler `digest dev` serves, over the deployed tables, bucket, queue and secrets
 * (runtime/admin.ts). Its own session cookie, CSRF tokens and sign-in throttle guard it, so the
 * routes have no API Gateway authorizer.
 *
 * The same function sends the console's scheduled drafts: an EventBridge Scheduler schedule invokes
 * it every minute with `{"consoleDrafts": "send-due"}` (infra), and it sends the drafts whose time has
 * come through the same path as Send now (archive, then fan-out onto the send queue). It already holds
 * every dependency that takes, so no other bundle carries the renderer and the drafts. A failed check
 * is rethrown, so that the invocation counts as an error (the next minute's check tries again).
 */
import type { AdminDeps } from '../admin/admin-deps.js';
import { createAdminHandler } from '../admin/router.js';
import { sendDueDrafts } from '../use-cases/console-issues.js';
import type { Log } from './http/errors.js';
import type { HttpEvent, HttpResult } from './http/types.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext, lambdaLog } from './runtime/logger.js';

/** The scheduled check's event (the Scheduler target's input). */
export interface SendDueEvent {
  consoleDrafts: 'send-due';
}

export interface SendDueResult {
  sent: string[];
}

function isSendDue(event: HttpEvent | SendDueEvent): event is SendDueEvent {
  return (event as Partial<SendDueEvent>).consoleDrafts === 'send-due';
}

export function createHandler(deps: AdminDeps, log: Log = lambdaLog) {
  const http = createAdminHandler(deps, log);
  async function handle(event: SendDueEvent): Promise<SendDueResult>;
  async function handle(event: HttpEvent): Promise<HttpResult>;
  async function handle(event: HttpEvent | SendDueEvent): Promise<HttpResult | SendDueResult> {
    if (!isSendDue(event)) return http(event);
    const sent = await sendDueDrafts(deps.issues);
    if (sent.length > 0) log({ level: 'info', route: 'admin-schedule', sent });
    return { sent };
  }
  return handle;
}

export const handler = lazyHandler(
  async () => createHandler(await (await import('./runtime/admin.js')).adminDeps()),
  attachLambdaContext,
);
