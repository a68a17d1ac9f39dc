// The local server that `digest dev` runs: real HTTP in, API Gateway v2 events to the handlers.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchPath, startLocalHttpServer } from '../../functions/adapters/local-http-server.js';
import type { HttpEvent } from '../../functions/handlers/http/types.js';

let server: Awaited<ReturnType<typeof startLocalHttpServer>>;
const seen: HttpEvent[] = [];

beforeAll(async () => {
  const echo = async (event: HttpEvent) => {
    seen.push(event);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ok: true }),
    };
  };
  server = await startLocalHttpServer({
    port: 0,
    maxRequestBytes: 1024,
    routes: [
      { method: 'GET', path: '/issues/:id', handler: echo },
      { method: ['GET', 'POST'], path: '/echo', handler: echo },
      {
        method: 'GET',
        path: '/binary',
        handler: async () => ({
          statusCode: 200,
          body: Buffer.from([0, 1, 2, 255]).toString('base64'),
          isBase64Encoded: true,
        }),
      },
      {
        method: 'GET',
        path: '/boom',
        handler: async () => {
          throw new Error('boom');
        },
      },
    ],
    onError: () => undefined,
  });
});
afterAll(async () => {
  await server.close();
});

describe('local HTTP server', () => {
  it.each([
    { pattern: '/issues/:id', path: '/issues/abc', out: { id: 'abc' } },
    { pattern: '/issues/:id', path: '/issues/a%20b', out: { id: 'a b' } },
    { pattern: '/lists/:list/feed.xml', path: '/lists/daily/feed.xml', out: { list: 'daily' } },
    { pattern: '/issues/:id', path: '/issues/abc/forward', out: null },
    { pattern: '/issues/:id', path: '/issues/%E0%A4%A', out: null },
    { pattern: '/', path: '/', out: {} },
  ])('matchPath($pattern, $path)', ({ pattern, path, out }) => {
    expect(matchPath(pattern, path)).toEqual(out);
  });

  it('builds a v2 event: route key, path parameters, query, lower-case headers, source IP', async () => {
    seen.length = 0;
    const res = await fetch(`${server.url}/issues/i-42?x=1&x=2&token=t.k`, {
      headers: { 'X-Custom': 'Yes', Cookie: 'a=1; b=2' },
    });
    expect(res.status).toBe(200);
    const event = seen[0]!;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /issues/:id',
      rawPath: '/issues/i-42',
      rawQueryString: 'x=1&x=2&token=t.k',
      pathParameters: { id: 'i-42' },
      queryStringParameters: { x: '1,2', token: 't.k' },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: false,
    });
    expect(event.headers['x-custom']).toBe('Yes');
    expect(event.requestContext.http).toMatchObject({
      method: 'GET',
      path: '/issues/i-42',
      sourceIp: '127.0.0.1',
    });
  });

  it('passes text bodies as text and binary bodies as base64', async () => {
    seen.length = 0;
    await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 255]),
    });
    expect(seen[0]).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    expect(seen[1]).toMatchObject({ body: Buffer.from([0, 255]).toString('base64'), isBase64Encoded: true });
    const binary = await fetch(`${server.url}/binary`);
    expect([...new Uint8Array(await binary.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  it('sends a path with a trailing slash to the route without it (308, query kept), and nothing else', async () => {
    seen.length = 0;
    const slash = await fetch(`${server.url}/echo/?a=1`, { redirect: 'manual' });
    expect(slash.status).toBe(308);
    expect(slash.headers.get('location')).toBe('/echo?a=1');
    expect(seen).toHaveLength(0);
    const followed = await fetch(`${server.url}/issues/i-42/`);
    expect(followed.status).toBe(200);
    expect(seen[0]?.rawPath).toBe('/issues/i-42');
    expect((await fetch(`${server.url}/nope/`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${server.url}/echo//`, { redirect: 'manual' })).status).toBe(404);
  });

  it('answers 404, 405 with Allow, HEAD for GET routes, 413 over the cap and 500 on a throwing handler', async () => {
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    const wrong = await fetch(`${server.url}/issues/x`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    const head = await fetch(`${server.url}/echo`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const big = await fetch(`${server.url}/echo`, { method: 'POST', body: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    expect((await fetch(`${server.url}/boom`)).status).toBe(500);
  });

  it('answers 413 as soon as a body without a declared length passes the cap, not when the client stops', async () => {
    const url = new URL(`${server.url}/echo`);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST' });
    req.on('error', () => {}); // the server closes the connection while this side still writes
    const status = new Promise<number | undefined>((done) =>
      req.on('response', (res) => done(res.statusCode)),
    );
    req.write('x'.repeat(4096)); // chunked, over the 1 KB cap, and never ended
    expect(await status).toBe(413);
    req.destroy();
  });
});
