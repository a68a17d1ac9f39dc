/**
 * A real HTTP server on 127.0.0.1 (port 0) that serves the feed fixtures under
 * test/fixtures/feeds and the article pages their items link to. `{{BASE}}` in a fixture
 * becomes the server's own origin. Generated routes cover what is impractical as a file:
 *   /feeds/huge.rss?items=N     an RSS feed with N items (default 5000)
 *   /feeds/huge-bytes.rss       an RSS feed of about 3 MB
 *   /feeds/slow.rss?ms=N        answers after N ms (default 30 s): a source that hangs
 *   /articles/slow.html?ms=N    an article page that answers after N ms
 * Tests may add or replace a route with `set(path, response)`; `hits(path)` counts requests. A route set with
 * `barrier: N` holds its answers until N requests for it have arrived (or 15 s have passed), then answers them all:
 * N processes that fetch it are all past what they did before the fetch when any of them goes on.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FEED_FIXTURES = join(fileURLToPath(new URL('.', import.meta.url)), '../fixtures/feeds');

const TYPES: Record<string, string> = {
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

export interface FixedResponse {
  status?: number;
  type?: string;
  body: string;
  /** Hold the answers until this many requests for the path have arrived (at most 15 s), then answer them all. */
  barrier?: number;
}

const BARRIER_TIMEOUT_MS = 15_000;

export interface FeedServer {
  origin: string;
  /** `${origin}/feeds/${name}` */
  feed(name: string): string;
  set(path: string, response: FixedResponse): void;
  hits(path: string): number;
  close(): Promise<void>;
}

function hugeFeed(base: string, items: number, padding = 0): string {
  const pad = padding > 0 ? 'x'.repeat(padding) : '';
  const parts: string[] = [];
  for (let i = 0; i < items; i++) {
    parts.push(
      `<item><title>Generated item ${i}</title><link>${base}/articles/generated-${i}.html</link>` +
        `<guid isPermaLink="false">gen-${i}</guid><pubDate>${new Date(Date.UTC(2026, 2, 10, 0, 0, i)).toUTCString()}</pubDate>` +
        `<description>Item ${i} ${pad}</description></item>`,
    );
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title><link>${base}/</link>${parts.join('')}</channel></rss>`;
}

export async function startFeedServer(): Promise<FeedServer> {
  const overrides = new Map<string, FixedResponse>();
  const counts = new Map<string, number>();
  const pending = new Set<NodeJS.Timeout>();
  /** The answers each barrier path holds back until its count is reached. */
  const held = new Map<string, Array<() => void>>();
  let origin = '';

  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    // an empty type sends no Content-Type at all, as some servers do
    const length = { 'content-length': Buffer.byteLength(body) };
    res.writeHead(status, type === '' ? length : { 'content-type': type, ...length });
    res.end(body);
  };
  const later = (res: ServerResponse, ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      pending.delete(timer);
      if (!res.destroyed) fn();
    }, ms);
    pending.add(timer);
    res.on('close', () => clearTimeout(timer));
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    counts.set(url.pathname, (counts.get(url.pathname) ?? 0) + 1);
    const fixed = overrides.get(url.pathname);
    if (fixed) {
      const answer = () => {
        if (!res.destroyed)
          send(
            res,
            fixed.status ?? 200,
            fixed.type ?? 'text/plain',
            fixed.body.replaceAll('{{BASE}}', origin),
          );
      };
      if (!fixed.barrier) return answer();
      const waiting = held.get(url.pathname) ?? [];
      waiting.push(answer);
      held.set(url.pathname, waiting);
      if ((counts.get(url.pathname) ?? 0) >= fixed.barrier) {
        held.delete(url.pathname);
        for (const go of waiting) go();
        return;
      }
      return later(res, BARRIER_TIMEOUT_MS, () => {
        const still = held.get(url.pathname);
        if (still?.includes(answer)) {
          still.splice(still.indexOf(answer), 1);
          answer();
        }
      });
    }
    const ms = Number(url.searchParams.get('ms') ?? 30_000);
    switch (url.pathname) {
      case '/feeds/huge.rss':
        return send(
          res,
          200,
          TYPES['.rss']!,
          hugeFeed(origin, Number(url.searchParams.get('items') ?? 5000)),
        );
      case '/feeds/huge-bytes.rss':
        return send(res, 200, TYPES['.rss']!, hugeFeed(origin, 300, 10_000));
      case '/feeds/slow.rss':
        return later(res, ms, () =>
          send(res, 200, TYPES['.rss']!, '<rss version="2.0"><channel></channel></rss>'),
        );
      case '/articles/slow.html':
        return later(res, ms, () =>
          send(res, 200, TYPES['.html']!, '<html><body><p>Too late.</p></body></html>'),
        );
    }
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    if (rel.startsWith('..') || !(rel.startsWith('feeds/') || rel.startsWith('articles/'))) {
      return send(res, 404, 'text/plain', 'not found');
    }
    const file = rel.startsWith('feeds/')
      ? join(FEED_FIXTURES, rel.slice('feeds/'.length))
      : join(FEED_FIXTURES, rel);
    let body: string;
    try {
      body = readFileSync(file, 'utf8');
    } catch {
      return send(res, 404, 'text/html', '<html><body><h1>Not found</h1></body></html>');
    }
    send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body.replaceAll('{{BASE}}', origin));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    feed: (name) => `${origin}/feeds/${name}`,
    set: (path, response) => overrides.set(path, response),
    hits: (path) => counts.get(path) ?? 0,
    close: async () => {
      for (const t of pending) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
