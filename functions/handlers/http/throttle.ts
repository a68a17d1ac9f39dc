/** 429 for a client over its limit on one route (core/route-throttle.ts), before the handler runs. */
import type { RouteThrottle, ThrottledRoute } from '../../core/route-throttle.js';
import { wantsJson } from './request.js';
import { errorResponse } from './responses.js';
import type { HttpHandler } from './types.js';

export function withThrottle(
  route: ThrottledRoute,
  throttle: RouteThrottle | undefined,
  handler: HttpHandler,
): HttpHandler {
  if (!throttle) return handler;
  return async (event) => {
    // API Gateway and the local server both put the connecting client's address here (never a header).
    const client = event.requestContext?.http?.sourceIp || 'unknown';
    const wait = throttle.take(route, client);
    if (wait === 0) return handler(event);
    const seconds = Math.ceil(wait / 1000);
    const result = errorResponse(429, `too many requests; try again in ${seconds} s`, safeWantsJson(event));
    return { ...result, headers: { ...result.headers, 'retry-after': String(seconds) } };
  };
}

function safeWantsJson(event: Parameters<HttpHandler>[0]): boolean {
  try {
    return wantsJson(event);
  } catch {
    return false;
  }
}
