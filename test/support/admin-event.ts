/**
 * The admin console driven as its Lambda is: API Gateway HTTP API (payload 2.0) events for `ANY /admin/{proxy+}`,
 * each from a client address of the test's choosing (the sign-in throttle counts per address), and what a browser
 * takes from the answers (the cookies it would send back, the form's CSRF token).
 */
import type { HttpEvent, HttpResult } from '../../functions/handlers/http/types.js';

export interface AdminEventOptions {
  cookies?: string[];
  form?: Record<string, string>;
  /**
   * The connecting address (`requestContext.http.sourceIp`): the client the sign-in throttle counts. No default,
   * so that tests which sign in do not share one address's attempts by accident.
   */
  client: string;
}

/** An event for `ANY /admin/{proxy+}`; a form is sent urlencoded and base64, as API Gateway passes it. */
export function adminEvent(method: 'GET' | 'POST', path: string, options: AdminEventOptions): HttpEvent {
  const [rawPath, rawQueryString = ''] = path.split('?') as [string, string?];
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return {
    version: '2.0',
    routeKey: rawPath === '/admin' ? 'ANY /admin' : 'ANY /admin/{proxy+}',
    rawPath,
    rawQueryString,
    ...(options.cookies?.length ? { cookies: options.cookies } : {}),
    headers: {
      host: 'digest-api.example.org',
      accept: 'text/html',
      ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'digest-api.example.org',
      domainPrefix: 'digest-api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: options.client, userAgent: 'test' },
      requestId: 'req',
      routeKey: 'ANY /admin/{proxy+}',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    ...(body
      ? { body: Buffer.from(body).toString('base64'), isBase64Encoded: true }
      : { isBase64Encoded: false }),
  } as HttpEvent;
}

/** `name=value` of each Set-Cookie the answer carries (what a browser would send back). */
export function cookiesOf(result: HttpResult): string[] {
  return (result.cookies ?? []).map((c) => c.split(';')[0]!).filter((c) => !c.endsWith('='));
}

/** The CSRF token of the page's first form; throws when it has none. */
export function csrfOf(result: HttpResult): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(result.body ?? '')?.[1];
  if (!token) throw new Error('the page has no CSRF field');
  return token;
}
