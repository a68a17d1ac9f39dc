import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, fetchUrl, vetAddress } from '../../functions/adapters/http-fetcher.js';

// A real HTTP server on 127.0.0.1: the fetcher is driven exactly as in production, with `allowLoopback`
// switched on so that it may reach it. Private addresses other than loopback are only ever refused:
// no test sends traffic to them.

const PAGE = '<!doctype html><html><head><title>Hello</title></head><body><p>Hello, world.</p></body></html>';
let server: Server;
let base: string;
let port: number;
let requests: string[] = [];
const sockets = new Set<import('node:net').Socket>();

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/page': (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE),
  '/latin1': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' })
      .end(Buffer.from('Caf\xe9', 'latin1')),
  '/meta-charset': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        Buffer.from(
          '<html><head><meta charset="windows-1252"></head><body>\x93Hi\x94</body></html>',
          'latin1',
        ),
      ),
  '/xml-latin1': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'application/rss+xml' })
      .end(
        Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Caf\xe9</title></rss>', 'latin1'),
      ),
  '/bom': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' })
      .end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Café', 'utf8')])),
  '/undeclared-1252': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(Buffer.from('<html><body><p>The caf\xe9 said \x93enough\x94.</p></body></html>', 'latin1')),
  '/meta-utf16': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        Buffer.from(
          '<html><head><meta charset="utf-16"></head><body><p>The café said “enough”.</p></body></html>',
        ),
      ),
  '/gzip': (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(PAGE)),
  '/missing': (_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>'),
  '/teapot': (_req, res) => res.writeHead(503).end(),
  '/pdf': (_req, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7'),
  '/untyped': (_req, res) => res.writeHead(200).end('text without a type'),
  '/feed': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss/>'),
  '/huge-declared': (_req, res) => {
    // Announces 20 MB and would send it slowly: the fetcher must refuse from the header alone.
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(20 * 1024 * 1024) });
    res.write('<p>');
  },
  '/huge-streamed': (_req, res) => {
    // 20 MB in chunks, no length announced: the fetcher must stop reading past 5 MB.
    res.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = (): void => {
      while (sent < 20 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  },
  '/gzip-bomb': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
      .end(gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20))),
  '/slow': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<p>first bytes');
    // never ends
  },
  '/slow-gzip': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
    res.write(gzipSync(PAGE.repeat(50)).subarray(0, 40));
    // never ends
  },
  '/slow-deflate': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' });
    res.write(deflateSync(PAGE.repeat(50)).subarray(0, 40));
  },
  '/slow-raw-deflate': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' });
    res.write(deflateRawSync(PAGE.repeat(50)).subarray(0, 40));
  },
  '/zlib-deflate': (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' }).end(deflateSync(PAGE)),
  '/raw-deflate': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' })
      .end(deflateRawSync(PAGE)),
  '/raw-deflate-dribbled': (_req, res) => {
    // One byte, then the rest: the zlib header check must wait for the second byte.
    const body = deflateRawSync(PAGE);
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' });
    res.write(body.subarray(0, 1));
    setTimeout(() => res.end(body.subarray(1)), 50);
  },
  '/raw-deflate-then-br': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate, br' })
      .end(brotliCompressSync(deflateRawSync(PAGE))),
  '/raw-deflate-bomb': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' })
      .end(deflateRawSync(Buffer.alloc(8 * 1024 * 1024, 0x20))),
  '/corrupt-deflate': (_req, res) =>
    // Neither a zlib header nor a valid raw block (block type 3 is reserved).
    res
      .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' })
      .end(Buffer.from([0xff, 0xff, 0xff, 0xff])),
  '/one-byte-deflate': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' })
      .end(Buffer.from([0x78])),
  '/truncated-zlib-deflate': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' })
      .end(deflateSync(PAGE.repeat(50)).subarray(0, 40)),
  '/slow-br': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' });
    res.write(brotliCompressSync(PAGE.repeat(50)).subarray(0, 40));
  },
  '/zstd': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'zstd' })
      .end(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x61, 0x62, 0x63])),
  '/gzip-then-br': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip, br' })
      .end(brotliCompressSync(gzipSync(PAGE))),
  '/identity': (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'identity' }).end(PAGE),
  '/empty-gzip': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': '0' })
      .end(),
  '/not-gzip': (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(PAGE),
  '/silent': () => {
    // never answers
  },
  '/loop': (_req, res) => res.writeHead(302, { location: '/loop' }).end(),
  '/chain/1': (_req, res) => res.writeHead(301, { location: '/chain/2' }).end(),
  '/chain/2': (_req, res) => res.writeHead(307, { location: `${base}/chain/3` }).end(),
  '/chain/3': (_req, res) => res.writeHead(308, { location: '/page' }).end(),
  '/to-private': (_req, res) => res.writeHead(302, { location: 'http://10.0.0.1/admin' }).end(),
  '/to-metadata': (_req, res) =>
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/' }).end(),
  '/to-metadata-hex': (_req, res) => res.writeHead(302, { location: 'http://0xa9fea9fe/' }).end(),
  '/to-metadata-v6': (_req, res) => res.writeHead(302, { location: 'http://[fd00:ec2::254]/' }).end(),
  '/to-mapped': (_req, res) => res.writeHead(302, { location: 'http://[::ffff:10.0.0.1]/' }).end(),
  '/to-file': (_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
  '/to-loopback': (_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${port}/page` }).end(),
  '/no-location': (_req, res) => res.writeHead(302).end(),
  '/to-credentials': (_req, res) =>
    res.writeHead(302, { location: `http://editor:s3cret@127.0.0.1:${port}/page` }).end(),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.headers.host} ${req.url}`);
    const route = routes[req.url ?? ''];
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).not.toContain('\n');
    return error as FetchError;
  }
  throw new Error('expected a FetchError');
}

const loop = { allowLoopback: true };

describe('fetchUrl against a real server', () => {
  it('fetches an HTML page', async () => {
    const page = await fetchUrl(`${base}/page`, loop);
    expect(page).toEqual({ url: `${base}/page`, contentType: 'text/html', body: PAGE });
  });

  it('decodes charsets from the header and from <meta>, and gzip', async () => {
    expect((await fetchUrl(`${base}/latin1`, loop)).body).toBe('Café');
    expect((await fetchUrl(`${base}/meta-charset`, loop)).body).toContain('“Hi”');
    expect((await fetchUrl(`${base}/gzip`, loop)).body).toBe(PAGE);
    expect((await fetchUrl(`${base}/bom`, loop)).body).toBe('Café');
    const feed = await fetchUrl(`${base}/xml-latin1`, { ...loop, accept: ['application/rss+xml'] });
    expect(feed.body).toContain('<title>Café</title>');
  });

  it('reads a page that declares no charset as UTF-8, else as Windows-1252', async () => {
    expect((await fetchUrl(`${base}/undeclared-1252`, loop)).body).toContain('The café said “enough”.');
    expect((await fetchUrl(`${base}/page`, loop)).body).toBe(PAGE);
  });

  it('reads a <meta charset="utf-16"> page as UTF-8, as browsers do', async () => {
    expect((await fetchUrl(`${base}/meta-utf16`, loop)).body).toContain('The café said “enough”.');
  });

  it('undoes stacked content codings in order, and refuses one it cannot decode', async () => {
    expect((await fetchUrl(`${base}/gzip-then-br`, loop)).body).toBe(PAGE);
    expect((await fetchUrl(`${base}/identity`, loop)).body).toBe(PAGE);
    expect((await failure(fetchUrl(`${base}/zstd`, loop))).message).toBe(
      `unsupported content encoding zstd at ${base}/zstd`,
    );
  });

  it('reads an empty compressed response as an empty page, and names a corrupt one', async () => {
    expect((await fetchUrl(`${base}/empty-gzip`, loop)).body).toBe('');
    expect((await failure(fetchUrl(`${base}/not-gzip`, loop))).message).toBe(
      `cannot read ${base}/not-gzip: its gzip body is corrupt (incorrect header check)`,
    );
  });

  it('reads deflate both ways servers send it: zlib-wrapped (as the spec says) and raw', async () => {
    expect((await fetchUrl(`${base}/zlib-deflate`, loop)).body).toBe(PAGE);
    expect((await fetchUrl(`${base}/raw-deflate`, loop)).body).toBe(PAGE);
    expect((await fetchUrl(`${base}/raw-deflate-dribbled`, loop)).body).toBe(PAGE);
    expect((await fetchUrl(`${base}/raw-deflate-then-br`, loop)).body).toBe(PAGE);
  });

  it('names a corrupt or cut-off deflate body', async () => {
    expect((await failure(fetchUrl(`${base}/corrupt-deflate`, loop))).message).toBe(
      `cannot read ${base}/corrupt-deflate: its deflate body is corrupt (invalid block type)`,
    );
    expect((await failure(fetchUrl(`${base}/truncated-zlib-deflate`, loop))).message).toBe(
      `cannot read ${base}/truncated-zlib-deflate: its deflate body is corrupt (unexpected end of file)`,
    );
    expect((await failure(fetchUrl(`${base}/one-byte-deflate`, loop))).message).toBe(
      `cannot read ${base}/one-byte-deflate: its deflate body is corrupt (unexpected end of file)`,
    );
  });

  it('reports HTTP errors with status and reason', async () => {
    expect((await failure(fetchUrl(`${base}/missing`, loop))).message).toBe(
      `${base}/missing returned 404 Not Found`,
    );
    expect((await failure(fetchUrl(`${base}/teapot`, loop))).message).toBe(
      `${base}/teapot returned 503 Service Unavailable`,
    );
  });

  it('refuses content types it was not asked for, and accepts configured ones', async () => {
    expect((await failure(fetchUrl(`${base}/pdf`, loop))).message).toBe(
      `unsupported content type application/pdf at ${base}/pdf`,
    );
    expect((await failure(fetchUrl(`${base}/untyped`, loop))).message).toMatch(
      /^unsupported content type \(none\)/,
    );
    expect((await failure(fetchUrl(`${base}/feed`, loop))).message).toMatch(/application\/rss\+xml/);
    const feed = await fetchUrl(`${base}/feed`, { ...loop, accept: ['application/rss+xml'] });
    expect(feed.body).toBe('<rss/>');
  });

  it.each(['/huge-declared', '/huge-streamed', '/gzip-bomb', '/raw-deflate-bomb'])(
    'refuses a body over 5 MB (%s) without reading it all',
    async (path) => {
      const t0 = performance.now();
      const error = await failure(fetchUrl(`${base}${path}`, loop));
      expect(error.message).toBe(`response exceeds 5 MB: ${base}${path}`);
      expect(performance.now() - t0).toBeLessThan(5000);
    },
  );

  it.each(['/slow', '/silent'])('times out on a server that stalls (%s)', async (path) => {
    const t0 = performance.now();
    const error = await failure(fetchUrl(`${base}${path}`, { ...loop, timeoutMs: 300 }));
    expect(error.message).toBe(`timed out after 0.3 s: ${base}${path}`);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it.each(['/slow-gzip', '/slow-deflate', '/slow-raw-deflate', '/slow-br'])(
    'times out on a compressed body that stalls halfway (%s)',
    async (path) => {
      const error = await failure(fetchUrl(`${base}${path}`, { ...loop, timeoutMs: 300 }));
      expect(error.message).toBe(`timed out after 0.3 s: ${base}${path}`);
    },
  );

  it('follows up to 5 redirects by hand, relative and absolute', async () => {
    const page = await fetchUrl(`${base}/chain/1`, loop);
    expect(page.url).toBe(`${base}/page`);
    expect(page.body).toBe(PAGE);
    await failure(fetchUrl(`${base}/chain/1`, { ...loop, maxRedirects: 2 }));
  });

  it('stops a redirect loop', async () => {
    requests = [];
    const error = await failure(fetchUrl(`${base}/loop`, loop));
    expect(error.message).toBe(`too many redirects (more than 5) from ${base}/loop`);
    expect(requests).toHaveLength(6);
  });

  it.each([
    { path: '/to-private', message: 'refusing to fetch http://10.0.0.1/admin: address 10.0.0.1 is private' },
    {
      path: '/to-metadata',
      message:
        'refusing to fetch http://169.254.169.254/latest/meta-data/iam/: address 169.254.169.254 is a cloud metadata address',
    },
    {
      path: '/to-metadata-hex',
      message:
        'refusing to fetch http://169.254.169.254/: address 169.254.169.254 is a cloud metadata address',
    },
    {
      path: '/to-metadata-v6',
      message: 'refusing to fetch http://[fd00:ec2::254]/: address fd00:ec2::254 is a cloud metadata address',
    },
    {
      path: '/to-mapped',
      message: 'refusing to fetch http://[::ffff:a00:1]/: address ::ffff:a00:1 is private',
    },
    {
      path: '/to-file',
      message: 'refusing to fetch file:///etc/passwd: only http and https URLs are allowed',
    },
  ])(
    'refuses a redirect to a forbidden target ($path), even with loopback allowed',
    async ({ path, message }) => {
      const error = await failure(fetchUrl(`${base}${path}`, { ...loop, timeoutMs: 2000 }));
      expect(error.message).toBe(message);
    },
  );

  it('refuses a redirect without a Location', async () => {
    expect((await failure(fetchUrl(`${base}/no-location`, loop))).message).toBe(
      `${base}/no-location redirected (302) without a Location`,
    );
  });

  it('refuses 127.0.0.1 without allowLoopback, before connecting', async () => {
    requests = [];
    const error = await failure(fetchUrl(`${base}/page`));
    expect(error.message).toBe(`refusing to fetch ${base}/page: address 127.0.0.1 is loopback`);
    const redirect = await failure(fetchUrl(`${base}/to-loopback`));
    expect(redirect.message).toMatch(/address 127\.0\.0\.1 is loopback$/);
    expect(requests).toEqual([]);
  });

  it('connects to the vetted address, not to a second DNS answer (pinning)', async () => {
    // "news.invalid" cannot resolve through the system resolver: the request can only reach our
    // server if the connection uses the address the fetcher vetted.
    requests = [];
    const lookups: string[] = [];
    const page = await fetchUrl(`http://news.invalid:${port}/page`, {
      ...loop,
      resolve: async (host) => {
        lookups.push(host);
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    expect(page.body).toBe(PAGE);
    expect(lookups).toEqual(['news.invalid']);
    expect(requests).toEqual([`news.invalid:${port} /page`]);
  });

  it('refuses a name when any of its addresses is private', async () => {
    requests = [];
    const error = await failure(
      fetchUrl(`http://mixed.invalid:${port}/page`, {
        ...loop,
        resolve: async () => [
          { address: '127.0.0.1', family: 4 },
          { address: '10.1.2.3', family: 4 },
        ],
      }),
    );
    expect(error.message).toBe(
      `refusing to fetch http://mixed.invalid:${port}/page: address 10.1.2.3 is private`,
    );
    expect(requests).toEqual([]);
  });

  it('reports a name that does not resolve', async () => {
    const error = await failure(fetchUrl('http://no-such-host.invalid/', { timeoutMs: 5000 }));
    expect(error.message).toMatch(/^cannot resolve no-such-host\.invalid: /);
  });
});

describe('https with the address pinned', () => {
  const tls = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url), 'utf8');
  const cert = tls('news-test.crt');
  let secure: Server;
  let securePort: number;
  const toLoopback = { allowLoopback: true, resolve: async () => [{ address: '127.0.0.1', family: 4 }] };

  beforeAll(async () => {
    secure = createTlsServer({ cert, key: tls('news-test.key') }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    });
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    securePort = (secure.address() as AddressInfo).port;
  });

  afterAll(async () => {
    secure.closeAllConnections();
    await new Promise<void>((resolve) => secure.close(() => resolve()));
  });

  it('verifies the certificate against the URL hostname while connecting to the vetted address', async () => {
    const page = await fetchUrl(`https://news.test:${securePort}/`, { ...toLoopback, ca: cert });
    expect(page.body).toBe(PAGE);
  });

  it('refuses an untrusted certificate', async () => {
    const error = await failure(fetchUrl(`https://news.test:${securePort}/`, toLoopback));
    expect(error.message).toBe(`cannot fetch https://news.test:${securePort}/: DEPTH_ZERO_SELF_SIGNED_CERT`);
  });

  it('refuses a certificate for another hostname', async () => {
    const error = await failure(fetchUrl(`https://other.test:${securePort}/`, { ...toLoopback, ca: cert }));
    expect(error.message).toBe(
      `cannot fetch https://other.test:${securePort}/: ERR_TLS_CERT_ALTNAME_INVALID`,
    );
  });
});

describe('literal and disguised private addresses are refused before any connection', () => {
  it.each([
    { url: 'http://10.0.0.1/', address: '10.0.0.1', reason: 'private' },
    {
      url: 'http://169.254.169.254/latest/meta-data/',
      address: '169.254.169.254',
      reason: 'a cloud metadata address',
    },
    { url: 'http://127.0.0.1/', address: '127.0.0.1', reason: 'loopback' },
    { url: 'http://127.1/', address: '127.0.0.1', reason: 'loopback' },
    { url: 'http://2130706433/', address: '127.0.0.1', reason: 'loopback' },
    { url: 'http://0x7f000001/', address: '127.0.0.1', reason: 'loopback' },
    { url: 'http://0177.0.0.1/', address: '127.0.0.1', reason: 'loopback' },
    { url: 'http://167772161/', address: '10.0.0.1', reason: 'private' },
    { url: 'http://0251.0376.0251.0376/', address: '169.254.169.254', reason: 'a cloud metadata address' },
    { url: 'http://0/', address: '0.0.0.0', reason: 'unspecified' },
    { url: 'http://192.168.1.1:8080/', address: '192.168.1.1', reason: 'private' },
    { url: 'http://172.31.255.255/', address: '172.31.255.255', reason: 'private' },
    { url: 'http://100.64.0.1/', address: '100.64.0.1', reason: 'shared (CGNAT)' },
    { url: 'http://169.254.1.1/', address: '169.254.1.1', reason: 'link-local' },
    { url: 'http://224.0.0.1/', address: '224.0.0.1', reason: 'multicast' },
    { url: 'https://[::1]/', address: '::1', reason: 'loopback' },
    { url: 'http://[::]/', address: '::', reason: 'unspecified' },
    { url: 'http://[fe80::1]/', address: 'fe80::1', reason: 'link-local' },
    { url: 'http://[fc00::1]/', address: 'fc00::1', reason: 'unique-local (private)' },
    {
      url: 'http://[::ffff:169.254.169.254]/',
      address: '::ffff:a9fe:a9fe',
      reason: 'a cloud metadata address',
    },
    { url: 'http://[::ffff:7f00:1]/', address: '::ffff:7f00:1', reason: 'loopback' },
    { url: 'http://[64:ff9b::10.0.0.1]/', address: '64:ff9b::a00:1', reason: 'private' },
    { url: 'http://[2002:a00:1::1]/', address: '2002:a00:1::1', reason: 'private' },
  ])('$url', async ({ url, address, reason }) => {
    const t0 = performance.now();
    const error = await failure(fetchUrl(url, { timeoutMs: 5000 }));
    expect(error.message).toBe(`refusing to fetch ${new URL(url).href}: address ${address} is ${reason}`);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('allowLoopback permits loopback only', async () => {
    await failure(fetchUrl('http://10.0.0.1/', { allowLoopback: true, timeoutMs: 1000 }));
    await failure(fetchUrl('http://169.254.169.254/', { allowLoopback: true, timeoutMs: 1000 }));
    await failure(fetchUrl('http://[fd00:ec2::254]/', { allowLoopback: true, timeoutMs: 1000 }));
  });

  it('refuses a URL with a user name or password, and a redirect to one, without sending them or repeating them', async () => {
    requests = [];
    const given = await failure(
      fetchUrl(`http://editor:s3cret@127.0.0.1:${port}/page`, { allowLoopback: true }),
    );
    expect(given.message).toBe(
      `refusing to fetch: credentials in a URL are not accepted (a user name or password before the host): http://***@127.0.0.1:${port}/page`,
    );
    expect(given.url).not.toContain('s3cret');
    const token = await failure(fetchUrl(`https://token@news.example.org/a`));
    expect(token.message).toMatch(
      /credentials in a URL are not accepted .*: https:\/\/\*\*\*@news\.example\.org\/a$/,
    );
    expect(requests).toEqual([]);
    const redirected = await failure(fetchUrl(`${base}/to-credentials`, { allowLoopback: true }));
    expect(redirected.message).toMatch(/^refusing to fetch: credentials in a URL are not accepted/);
    expect(redirected.message).not.toContain('s3cret');
    expect(requests).toEqual([`127.0.0.1:${port} /to-credentials`]);
  });

  it.each(['ftp://example.org/a', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url'])(
    'refuses %s',
    async (url) => {
      const error = await failure(fetchUrl(url));
      expect(error.message).toMatch(/only http and https URLs are allowed|not a valid URL/);
    },
  );
});

describe('vetAddress', () => {
  it.each([
    { address: '93.184.216.34', ok: true },
    { address: '8.8.8.8', ok: true },
    { address: '2606:4700:4700::1111', ok: true },
    { address: '::ffff:93.184.216.34', ok: true },
    { address: '172.32.0.1', ok: true },
    { address: '100.128.0.1', ok: true },
    { address: '10.255.255.255', ok: false },
    { address: '198.18.0.1', ok: false },
    { address: '255.255.255.255', ok: false },
    { address: 'fe80::1%eth0', ok: false },
    { address: '::ffff:0:10.0.0.1', ok: false },
    { address: 'ff02::1', ok: false },
    { address: 'example.org', ok: false },
  ])('$address → $ok', ({ address, ok }) => {
    expect(vetAddress(address).ok).toBe(ok);
  });

  it('allowLoopback opens 127.0.0.0/8 and ::1 only', () => {
    expect(vetAddress('127.0.0.1', { allowLoopback: true }).ok).toBe(true);
    expect(vetAddress('127.8.9.10', { allowLoopback: true }).ok).toBe(true);
    expect(vetAddress('::1', { allowLoopback: true }).ok).toBe(true);
    expect(vetAddress('::ffff:127.0.0.1', { allowLoopback: true }).ok).toBe(true);
    expect(vetAddress('10.0.0.1', { allowLoopback: true }).ok).toBe(false);
    expect(vetAddress('0.0.0.0', { allowLoopback: true }).ok).toBe(false);
  });
});
