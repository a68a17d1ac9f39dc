/**
 * `ANY /admin` and `ANY /admin/{proxy+}`: the admin console (functions/admin/router.ts), the same
 * handler `digest dev` serves, over the deployed tables, bucket, queue and secrets
 * (runtime/admin.ts). Its own session cookie, CSRF tokens and sign-in throttle guard it, so the
 * routes have no API Gateway authorizer.
 */
import type { AdminDeps } from '../admin/admin-deps.js';
import { createAdminHandler } from '../admin/router.js';
import type { Log } from './http/errors.js';
import type { HttpHandler } from './http/types.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext, lambdaLog } from './runtime/logger.js';

export function createHandler(deps: AdminDeps, log: Log = lambdaLog): HttpHandler {
  return createAdminHandler(deps, log);
}

export const handler = lazyHandler(
  async () => createHandler(await (await import('./runtime/admin.js')).adminDeps()),
  attachLambdaContext,
);
