import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, STATUS_CODES } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import { rootCertificates } from 'node:tls';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { credentialsRefusal, hasCredentials, maskedCredentials } from '../core/source-url.js';
import { decodeDocument } from '../core/text-decoding.js';

/**
 * Fetches an article URL for ingest, defensively: the URL comes from a user or a feed, so it must not
 * reach into our own network (SSRF). Every hop's hostname is resolved here, every address vetted, and the
 * connection is pinned to the vetted address through a custom `lookup`, so a DNS answer that changes
 * between the check and the connect (rebinding) cannot redirect us. Redirects are followed by hand, and
 * each one goes through the same checks.
 */

export class FetchError extends Error {
  readonly url: string;
  constructor(url: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FetchError';
    this.url = url;
  }
}

export interface FetchOptions {
  /** Tests only: allow 127.0.0.0/8 and ::1 (everything else private stays refused). */
  allowLoopback?: boolean;
  /** Whole-fetch deadline, redirects included. Default 10 s. */
  timeoutMs?: number;
  /** Body cap after decompression. Default 5 MB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Accepted media types. Default text/html, application/xhtml+xml, text/plain. */
  accept?: string[];
  /**
   * Media types also taken, though not asked for in the `Accept` header: generic labels (`text/plain`,
   * `application/octet-stream`) under which the caller sniffs the body (a feed served mislabelled).
   */
  tolerate?: string[];
  /** Extra trusted CA certificates in PEM (tests); the system roots stay trusted as well. */
  ca?: string;
  /** Resolver, for tests of rebinding and multi-address answers; defaults to the system resolver. */
  resolve?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
}

export interface FetchResult {
  /** The final URL, after redirects. */
  url: string;
  /** Media type without parameters, lower case. */
  contentType: string;
  body: string;
}

export const DEFAULT_ACCEPT = ['text/html', 'application/xhtml+xml', 'text/plain'];
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'newsletter-digest/0.1 (+https://github.com/newsletter-digest)';

type Verdict = { ok: true } | { ok: false; reason: string };

interface Range {
  subnet: string;
  prefix: number;
  reason: string;
}

const V4_RANGES: Range[] = [
  { subnet: '0.0.0.0', prefix: 8, reason: 'unspecified' },
  { subnet: '10.0.0.0', prefix: 8, reason: 'private' },
  { subnet: '100.64.0.0', prefix: 10, reason: 'shared (CGNAT)' },
  { subnet: '127.0.0.0', prefix: 8, reason: 'loopback' },
  { subnet: '169.254.169.254', prefix: 32, reason: 'a cloud metadata address' },
  { subnet: '169.254.0.0', prefix: 16, reason: 'link-local' },
  { subnet: '172.16.0.0', prefix: 12, reason: 'private' },
  { subnet: '192.0.0.0', prefix: 24, reason: 'reserved (IETF protocol assignments)' },
  { subnet: '192.0.2.0', prefix: 24, reason: 'reserved for documentation' },
  { subnet: '192.88.99.0', prefix: 24, reason: 'reserved (6to4 relay)' },
  { subnet: '192.168.0.0', prefix: 16, reason: 'private' },
  { subnet: '198.18.0.0', prefix: 15, reason: 'reserved for benchmarking' },
  { subnet: '198.51.100.0', prefix: 24, reason: 'reserved for documentation' },
  { subnet: '203.0.113.0', prefix: 24, reason: 'reserved for documentation' },
  { subnet: '224.0.0.0', prefix: 4, reason: 'multicast' },
  { subnet: '240.0.0.0', prefix: 4, reason: 'reserved' },
];
const V6_RANGES: Range[] = [
  { subnet: '::', prefix: 128, reason: 'unspecified' },
  { subnet: '::1', prefix: 128, reason: 'loopback' },
  { subnet: 'fd00:ec2::254', prefix: 128, reason: 'a cloud metadata address' },
  { subnet: 'fc00::', prefix: 7, reason: 'unique-local (private)' },
  { subnet: 'fe80::', prefix: 10, reason: 'link-local' },
  { subnet: 'fec0::', prefix: 10, reason: 'site-local (private)' },
  { subnet: 'ff00::', prefix: 8, reason: 'multicast' },
  { subnet: '100::', prefix: 64, reason: 'reserved (discard)' },
  { subnet: '2001:db8::', prefix: 32, reason: 'reserved for documentation' },
  // IPv4-compatible addresses (deprecated) and anything else in ::/96 besides the mapped form.
  { subnet: '::', prefix: 96, reason: 'reserved (IPv4-compatible)' },
];

function blockListOf(ranges: Range[], type: 'ipv4' | 'ipv6'): Array<{ list: BlockList; reason: string }> {
  return ranges.map((r) => {
    const list = new BlockList();
    list.addSubnet(r.subnet, r.prefix, type);
    return { list, reason: r.reason };
  });
}
const V4_BLOCKS = blockListOf(V4_RANGES, 'ipv4');
const V6_BLOCKS = blockListOf(V6_RANGES, 'ipv6');

/** Expands an IPv6 address to its 8 hextets (null if it is not valid IPv6). */
function hextets(address: string): number[] | null {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // A dotted IPv4 tail becomes two hextets.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    const parts = tail[1].split('.').map(Number);
    if (parts.some((p) => p > 255)) return null;
    const [a, b, c, d] = parts as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  const values = all.map((h) => (/^[0-9a-f]{1,4}$/.test(h) ? Number.parseInt(h, 16) : Number.NaN));
  return values.some(Number.isNaN) ? null : values;
}

function v4FromHextets(high: number, low: number): string {
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** The IPv4 address an IPv6 address carries, for the forms that route to it: mapped, NAT64, 6to4. */
function embeddedIpv4(address: string): string | null {
  const h = hextets(address);
  if (!h) return null;
  const [h0, h1, h2, h3, h4, h5, h6, h7] = h as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (translated)
  if (
    h0 === 0 &&
    h1 === 0 &&
    h2 === 0 &&
    h3 === 0 &&
    ((h4 === 0 && h5 === 0xffff) || (h4 === 0xffff && h5 === 0))
  ) {
    return v4FromHextets(h6, h7);
  }
  // 64:ff9b::/96 and 64:ff9b:1::/48 (NAT64)
  if (h0 === 0x64 && h1 === 0xff9b && (h2 === 0 || h2 === 1)) return v4FromHextets(h6, h7);
  // 2002::/16 (6to4): the IPv4 address is in hextets 1-2
  if (h0 === 0x2002) return v4FromHextets(h1, h2);
  return null;
}

/**
 * Whether an IP address may be fetched. Refuses private, loopback, link-local, unique-local, CGNAT,
 * multicast, unspecified, reserved and cloud metadata addresses, IPv4 carried inside IPv6 included.
 * @example vetAddress('10.0.0.1') // { ok: false, reason: 'private' }
 */
export function vetAddress(address: string, options: { allowLoopback?: boolean } = {}): Verdict {
  const family = isIP(address);
  if (family === 0) return { ok: false, reason: 'not an IP address' };
  if (family === 6) {
    const inner = embeddedIpv4(address);
    if (inner) return vetAddress(inner, options);
    const bare = address.replace(/%.*$/, '');
    if (options.allowLoopback && hextets(bare)?.every((v, i) => v === (i === 7 ? 1 : 0))) return { ok: true };
    for (const block of V6_BLOCKS) {
      if (block.list.check(bare, 'ipv6')) return { ok: false, reason: block.reason };
    }
    return { ok: true };
  }
  if (options.allowLoopback && address.startsWith('127.')) return { ok: true };
  for (const block of V4_BLOCKS) {
    if (block.list.check(address, 'ipv4')) return { ok: false, reason: block.reason };
  }
  return { ok: true };
}

function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchError(raw, `not a valid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(raw, `refusing to fetch ${raw}: only http and https URLs are allowed`);
  }
  // Node would send them as Basic authentication, and a story's URL is printed in every mail and the archive
  // (core/source-url.ts). The message masks them.
  if (hasCredentials(url))
    throw new FetchError(maskedCredentials(url), `refusing to fetch: ${credentialsRefusal(url)}`);
  return url;
}

async function systemResolve(hostname: string): Promise<Array<{ address: string; family: number }>> {
  return dnsLookup(hostname, { all: true, verbatim: true });
}

/** Resolves the URL's host and vets every address; returns the one to connect to. */
async function vettedAddress(url: URL, options: FetchOptions): Promise<{ address: string; family: 4 | 6 }> {
  // WHATWG URL parsing already turns decimal, octal and hex IPv4 forms into dotted quads.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  let addresses: Array<{ address: string; family: number }>;
  if (literal) {
    addresses = [{ address: host, family: literal }];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolve)(host);
    } catch (error) {
      throw new FetchError(
        url.href,
        `cannot resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? 'lookup failed'}`,
        {
          cause: error,
        },
      );
    }
    if (addresses.length === 0) throw new FetchError(url.href, `cannot resolve ${host}: no addresses`);
  }
  for (const { address } of addresses) {
    const verdict = vetAddress(address, options);
    if (!verdict.ok) {
      throw new FetchError(
        url.href,
        `refusing to fetch ${url.href}: address ${address} is ${verdict.reason}`,
      );
    }
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_hostname: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (opts?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

interface Hop {
  response: IncomingMessage;
}

function requestOnce(
  url: URL,
  pinned: { address: string; family: 4 | 6 },
  accept: string[],
  signal: AbortSignal,
  ca: string | undefined,
): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method: 'GET',
        agent: false,
        lookup: pinnedLookup(pinned.address, pinned.family),
        signal,
        // The certificate is checked against the URL's hostname (also sent as SNI), not the pinned address.
        ...(url.protocol === 'https:'
          ? { servername: isIP(url.hostname.replace(/^\[|\]$/g, '')) ? '' : url.hostname }
          : {}),
        ...(ca ? { ca: [...rootCertificates, ca] } : {}),
        headers: {
          'user-agent': USER_AGENT,
          accept: `${accept.join(', ')}, */*;q=0.1`,
          'accept-encoding': 'gzip, deflate, br',
        },
      },
      (response) => resolve({ response }),
    );
    request.on('error', reject);
    request.end();
  });
}

/**
 * Whether two bytes open a zlib stream (RFC 1950): compression method 8, a window of at most 32 KB, and
 * the header check (CMF * 256 + FLG a multiple of 31). A raw DEFLATE stream rarely passes all three.
 */
function isZlibHeader(cmf: number, flg: number): boolean {
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (cmf * 256 + flg) % 31 === 0;
}

/**
 * `Content-Encoding: deflate` is a zlib stream by the spec, but many servers send raw DEFLATE, and
 * browsers read both. This waits for the first two bytes, picks createInflate or createInflateRaw by
 * them, and streams everything through that: no more is held back than those two bytes. The inner
 * inflater pauses while our reader is behind, so the size cap and the deadline apply as to the others.
 */
class DeflateDecompress extends Transform {
  #inflate: Transform | null = null;
  #head: Buffer = Buffer.alloc(0);

  /** Starts the inflater that `head`, the body's first bytes, calls for. */
  #start(head: Buffer): Transform {
    const inflate = isZlibHeader(head[0] ?? 0, head[1] ?? 0) ? createInflate() : createInflateRaw();
    inflate.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) inflate.pause();
    });
    inflate.on('error', (error) => this.destroy(error));
    this.#inflate = inflate;
    return inflate;
  }

  #feed(chunk: Buffer, callback: TransformCallback): void {
    const inflate = this.#inflate ?? this.#start(chunk);
    // The callback waits until the inflater has taken the chunk: backpressure from it reaches the response.
    inflate.write(chunk, (error) => callback(error ?? null));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#inflate) {
      this.#feed(chunk, callback);
      return;
    }
    this.#head = Buffer.concat([this.#head, chunk]);
    if (this.#head.length < 2) {
      callback();
      return;
    }
    const head = this.#head;
    this.#head = Buffer.alloc(0);
    this.#feed(head, callback);
  }

  override _flush(callback: TransformCallback): void {
    // A body of one byte is no stream either way: the raw inflater says so ("unexpected end of file").
    if (!this.#inflate && this.#head.length === 0) {
      callback();
      return;
    }
    const inflate = this.#inflate ?? this.#start(this.#head);
    if (this.#head.length > 0) inflate.write(this.#head);
    inflate.once('end', () => callback());
    inflate.end();
  }

  override _read(size: number): void {
    this.#inflate?.resume();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.#inflate?.destroy();
    callback(error);
  }
}

function decompressor(coding: string): Transform | null {
  if (coding === 'gzip' || coding === 'x-gzip') return createGunzip();
  if (coding === 'deflate') return new DeflateDecompress();
  if (coding === 'br') return createBrotliDecompress();
  return null;
}

/** The response's content codings in the order they were applied (`identity` dropped). */
function contentCodings(response: IncomingMessage): string[] {
  return (response.headers['content-encoding'] ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
}

/**
 * The body, decompressed: stacked codings (`gzip, br`) are undone last first. `pipeline`, not `pipe`:
 * when the response dies halfway (the deadline aborts a stalled server), the decompressors are destroyed
 * with it, so reading fails instead of waiting forever.
 * @throws FetchError for a coding we did not ask for and cannot undo (zstd, compress): its bytes are no text.
 */
function decoded(url: string, response: IncomingMessage): Readable {
  const stages: Transform[] = [];
  for (const coding of contentCodings(response).reverse()) {
    const stage = decompressor(coding);
    if (!stage) {
      response.destroy();
      throw new FetchError(url, `unsupported content encoding ${coding} at ${url}`);
    }
    stages.push(stage);
  }
  if (stages.length === 0) return response;
  // Errors reach the reader through the destroyed last stage.
  return pipeline([response, ...stages], () => {}) as unknown as Readable;
}

async function readCapped(url: string, response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes && !response.headers['content-encoding']) {
    response.destroy();
    throw new FetchError(url, `response exceeds ${formatMb(maxBytes)}: ${url}`);
  }
  const codings = contentCodings(response);
  const stream = decoded(url, response);
  let received = 0;
  if (stream !== response) response.on('data', (chunk: Buffer) => (received += chunk.length));
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      total += buffer.length;
      if (total > maxBytes) {
        response.destroy();
        stream.destroy();
        throw new FetchError(url, `response exceeds ${formatMb(maxBytes)}: ${url}`);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const corrupt =
      /^Z_|^ERR_BROTLI|^ERR__ERROR_FORMAT/.test(code) || code === 'ERR_ZLIB_INITIALIZATION_FAILED';
    if (!corrupt) throw error;
    // A compressed response with no body at all is an empty page, not a broken one.
    if (received === 0 && response.complete) return Buffer.alloc(0);
    throw new FetchError(
      url,
      `cannot read ${url}: its ${codings.join(', ')} body is corrupt (${(error as Error).message})`,
      { cause: error },
    );
  }
  return Buffer.concat(chunks);
}

function timeoutError(url: string, timeoutMs: number): FetchError {
  return new FetchError(url, `timed out after ${formatSeconds(timeoutMs)}: ${url}`);
}

/** A slow DNS answer must not outlive the deadline either. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, error: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(error());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(error());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (reason: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(reason);
      },
    );
  });
}

/**
 * Fetches a web page for ingest with SSRF protection, a deadline, a size cap, a content-type check and
 * manually followed redirects.
 * @throws FetchError with a one-line message for every refusal or failure.
 */
export async function fetchUrl(input: string, options: FetchOptions = {}): Promise<FetchResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const accept = (options.accept ?? DEFAULT_ACCEPT).map((t) => t.toLowerCase());
  const tolerated = (options.tolerate ?? []).map((t) => t.toLowerCase());
  // Refused before the deadline's timer starts: a refusal leaves no timer keeping the process alive.
  let url = parseUrl(input);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    for (let redirects = 0; ; redirects++) {
      const pinned = await untilAborted(vettedAddress(url, options), controller.signal, () =>
        timeoutError(url.href, timeoutMs),
      );
      let hop: Hop;
      try {
        hop = await requestOnce(url, pinned, accept, controller.signal, options.ca);
      } catch (error) {
        if (timedOut) throw timeoutError(url.href, timeoutMs);
        const code = (error as NodeJS.ErrnoException).code;
        throw new FetchError(url.href, `cannot fetch ${url.href}: ${code ?? (error as Error).message}`, {
          cause: error,
        });
      }
      const { response } = hop;
      const status = response.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status)) {
        response.resume();
        const location = response.headers.location;
        if (!location)
          throw new FetchError(url.href, `${url.href} redirected (${status}) without a Location`);
        if (redirects >= maxRedirects) {
          throw new FetchError(url.href, `too many redirects (more than ${maxRedirects}) from ${input}`);
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new FetchError(url.href, `${url.href} redirected to an invalid URL`);
        }
        url = parseUrl(next.href);
        continue;
      }
      if (status < 200 || status > 299) {
        response.resume();
        const text = response.statusMessage || STATUS_CODES[status] || '';
        throw new FetchError(url.href, `${url.href} returned ${status}${text ? ` ${text}` : ''}`);
      }
      const header = response.headers['content-type'] ?? '';
      const mediaType = header.split(';')[0]!.trim().toLowerCase();
      if (!accept.includes(mediaType) && !tolerated.includes(mediaType)) {
        response.destroy();
        throw new FetchError(url.href, `unsupported content type ${mediaType || '(none)'} at ${url.href}`);
      }
      let body: Buffer;
      try {
        body = await readCapped(url.href, response, maxBytes);
      } catch (error) {
        if (error instanceof FetchError) throw error;
        if (timedOut) throw timeoutError(url.href, timeoutMs);
        throw new FetchError(url.href, `cannot read ${url.href}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      // A body that ends with the connection (no length, not chunked) reads as whole when the deadline closes
      // the socket: what arrived by then is only its start, so the fetch ran out of time, and says so.
      if (timedOut) throw timeoutError(url.href, timeoutMs);
      return { url: url.href, contentType: mediaType, body: decodeDocument(body, header) };
    }
  } finally {
    clearTimeout(timer);
  }
}
