/**
 * A real HTTP server that serves API Gateway HTTP API (payload 2.0) handlers: each node request
 * becomes an `APIGatewayProxyEventV2` (with a size-capped body) and each result becomes the node
 * response. `digest dev` and the end-to-end tests use it; Lambdas never do. A path that ends in `/` and has no
 * route of its own is sent (308) to the same path without the slash when that one has a route: `/admin/` reaches
 * the console at `/admin`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpEvent, HttpHandler, HttpResult } from '../handlers/http/types.js';

/** API Gateway's own limit is 10 MB; locally nothing we serve needs more than 1 MB. */
export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

const TEXT_TYPE_RE =
  /^(?:text\/|application\/(?:json|[\w.+-]+\+json|x-www-form-urlencoded|xml|[\w.+-]+\+xml))/i;

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface HttpRoute {
  method: HttpMethod | readonly HttpMethod[];
  /** `/subscribe`, `/issues/:id`, `/lists/:list/feed.xml`: `:name` matches one path segment. */
  path: string;
  handler: HttpHandler;
}

export interface LocalHttpServerOptions {
  routes: readonly HttpRoute[];
  maxRequestBytes?: number;
  /** Called with unexpected errors (a handler that threw). */
  onError?: (error: unknown, request: { method: string; path: string }) => void;
  /**
   * Host names (besides the loopback names) that requests may be addressed to, e.g. the host of a
   * tunnel in DIGEST_BASE_URL. Every other Host is refused with 403: see `isAllowedHost`.
   */
  extraHosts?: readonly string[];
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
const HOST_HEADER_RE = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i;

/**
 * DNS rebinding guard: a page on another origin whose name resolves to 127.0.0.1 reaches the server
 * with that name in Host, and could read the outbox (with its tokens) through the victim's browser.
 * Only a loopback name on the server's own port (or an extra host named in config) is served.
 *
 * @example isAllowedHost('localhost:8787', 8787) // true
 * @example isAllowedHost('evil.example:8787', 8787) // false
 */
export function isAllowedHost(
  header: string | undefined,
  port: number,
  extraHosts: readonly string[] = [],
): boolean {
  const match = HOST_HEADER_RE.exec(header ?? '');
  if (!match) return false;
  const name = match[1]!.toLowerCase();
  const givenPort = match[2] === undefined ? 80 : Number(match[2]);
  if (LOOPBACK_NAMES.has(name)) return givenPort === port;
  return extraHosts.some(
    (extra) => extra.toLowerCase() === (match[2] === undefined ? name : `${name}:${match[2]}`),
  );
}

/**
 * True when the Host names this machine (127.0.0.1, localhost or [::1]), not an extra host such as a
 * tunnel's, which anyone on the internet may reach. The port was checked by `isAllowedHost` already.
 */
export function isLoopbackHost(header: string | undefined): boolean {
  const match = HOST_HEADER_RE.exec(header ?? '');
  return match !== null && LOOPBACK_NAMES.has(match[1]!.toLowerCase());
}

interface CompiledRoute {
  methods: Set<string>;
  pattern: string;
  segments: string[];
  handler: HttpHandler;
}

/** Matches a path against a route pattern: the path parameters, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  return matchSegments(splitPath(pattern), path);
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s, i) => i > 0 || s !== '');
}

function matchSegments(segments: string[], path: string): Record<string, string> | null {
  const parts = splitPath(path);
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i]!;
    if (segment.startsWith(':')) {
      if (!part) return null;
      let decoded: string;
      try {
        decoded = decodeURIComponent(part);
      } catch {
        return null;
      }
      params[segment.slice(1)] = decoded;
    } else if (segment !== part) {
      return null;
    }
  }
  return params;
}

/** Builds the server (not listening yet). */
export function createLocalHttpServer(options: LocalHttpServerOptions): Server {
  const routes: CompiledRoute[] = options.routes.map((r) => ({
    methods: new Set(typeof r.method === 'string' ? [r.method] : r.method),
    pattern: r.path,
    segments: splitPath(r.path),
    handler: r.handler,
  }));
  const limit = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;

  return createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      options.onError?.(error, { method: req.method ?? '', path: req.url ?? '' });
      if (!res.headersSent) send(res, req.method ?? 'GET', { statusCode: 500, body: 'internal error' });
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    if (!isAllowedHost(req.headers.host, req.socket.localPort ?? 0, options.extraHosts)) {
      req.resume();
      return send(
        res,
        method,
        plain(403, 'this server answers only requests addressed to 127.0.0.1, localhost or [::1]'),
        true,
      );
    }
    const url = new URL(req.url ?? '/', 'http://local');
    const candidates = routes
      .map((route) => ({ route, params: matchSegments(route.segments, url.pathname) }))
      .filter((c): c is { route: CompiledRoute; params: Record<string, string> } => c.params !== null);
    const chosen =
      candidates.find((c) => c.route.methods.has(method)) ??
      (method === 'HEAD' ? candidates.find((c) => c.route.methods.has('GET')) : undefined);
    if (!chosen) {
      req.resume();
      if (candidates.length === 0) {
        // `/admin/` for `/admin`: the path without its trailing slash, when that one has a route (a permanent
        // redirect, which keeps the method and the body, and the query).
        const bare = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
        if (bare !== url.pathname && routes.some((r) => matchSegments(r.segments, bare) !== null))
          return send(res, method, {
            ...plain(308, `moved to ${bare}`),
            headers: { ...plain(308, '').headers, location: `${bare}${url.search}` },
          });
        return send(res, method, plain(404, 'not found'));
      }
      const allow = [...new Set(candidates.flatMap((c) => [...c.route.methods]))].join(', ');
      return send(res, method, { ...plain(405, 'method not allowed'), headers: { allow } });
    }

    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      return send(res, method, plain(413, `request body larger than ${limit} bytes`), true);
    }
    const body = await readBody(req, limit);
    if (body === null) return send(res, method, plain(413, `request body larger than ${limit} bytes`), true);

    const event = toEvent(req, url, method, chosen.route.pattern, chosen.params, body);
    const result = await chosen.route.handler(event);
    send(res, method, result);
  }
}

/** Starts serving on 127.0.0.1 (port 0 picks a free one). */
export async function startLocalHttpServer(
  options: LocalHttpServerOptions & { port?: number; host?: string },
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createLocalHttpServer(options);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/**
 * The request body, or null as soon as it passes `limit`: the 413 goes out then (and the connection
 * closes after it) instead of after the client has sent all it wants, which a body without a declared
 * length could make endless.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      req.off('data', onData);
      req.resume();
      ok(null);
    };
    req.on('data', onData);
    req.on('end', () => ok(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

/** node request → API Gateway v2 event, as API Gateway builds it (lower-case headers, joined values). */
export function toEvent(
  req: IncomingMessage,
  url: URL,
  method: string,
  pattern: string,
  pathParameters: Record<string, string>,
  body: Buffer,
): HttpEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const cookies = req.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  const textual = body.length === 0 || TEXT_TYPE_RE.test(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${method} ${pattern}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${method} ${pattern}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !textual,
  };
}

function plain(statusCode: number, text: string): HttpResult {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}

function send(res: ServerResponse, method: string, result: HttpResult | string, close = false): void {
  const normalized: HttpResult = typeof result === 'string' ? { statusCode: 200, body: result } : result;
  const body =
    normalized.body === undefined
      ? Buffer.alloc(0)
      : normalized.isBase64Encoded
        ? Buffer.from(normalized.body, 'base64')
        : Buffer.from(normalized.body, 'utf8');
  for (const [name, value] of Object.entries(normalized.headers ?? {})) res.setHeader(name, String(value));
  if (normalized.cookies?.length) res.setHeader('set-cookie', normalized.cookies);
  res.setHeader('content-length', body.length);
  if (close) res.setHeader('connection', 'close');
  res.statusCode = normalized.statusCode ?? 200;
  res.end(method === 'HEAD' ? undefined : body);
}
