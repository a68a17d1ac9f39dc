/** API Gateway (HTTP API, payload 2.0) events as the public handlers receive them. */
import type { HttpEvent } from '../../functions/handlers/http/types.js';

/** A form-encoded request from a browser on loopback; `query` becomes the query string. */
export function httpEvent(
  method: string,
  path: string,
  query: Record<string, string> = {},
  body = '',
): HttpEvent {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    queryStringParameters: Object.keys(query).length ? query : undefined,
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
    },
    body,
    isBase64Encoded: false,
  } as unknown as HttpEvent;
}
