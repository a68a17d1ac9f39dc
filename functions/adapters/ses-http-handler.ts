/**
 * An HTTP handler for the AWS SDK that knows how far a request got when it failed.
 *
 * SES has no idempotency key, so after a failure the only question that matters is: could SES have
 * accepted this mail? The SDK's own NodeHttpHandler cannot answer it (a reset is a reset). This
 * handler tracks the request's phase and puts it on the error:
 *
 * - `connect`: no TCP connection yet (refused, DNS, connect timeout). Nothing was sent.
 * - `write`: connected, but the request was not yet fully handed to the kernel ('finish' not yet
 *   emitted). The server cannot hold the whole body, so it cannot have acted on it. Safe to retry.
 * - `await-response`: the whole request went out and no status line came back (reset, timeout).
 *   Ambiguous: SES may have accepted it.
 * - `read-response`: a status line came, the body broke off. Ambiguous for a 2xx.
 *
 * Response bodies are small (SES answers are a few hundred bytes): they are read whole here, so a
 * broken body is classified too instead of surfacing later as a parse error.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export type RequestPhase = 'connect' | 'write' | 'await-response' | 'read-response';

/** A transport failure with the phase it happened in. */
export class TransportError extends Error {
  readonly phase: RequestPhase;
  readonly code: string;
  readonly statusCode: number | null;
  constructor(phase: RequestPhase, code: string, statusCode: number | null, options?: { cause?: unknown }) {
    super(`${code} during ${phase}`, options);
    this.name = 'TransportError';
    this.phase = phase;
    this.code = code;
    this.statusCode = statusCode;
  }

  /** True when the request may have been processed by the server. */
  get ambiguous(): boolean {
    return (
      this.phase === 'await-response' || (this.phase === 'read-response' && (this.statusCode ?? 0) < 300)
    );
  }
}

export interface PhaseAwareHttpHandlerOptions {
  /** TCP (and TLS) connect deadline. Default 3 s. */
  connectTimeoutMs?: number;
  /** From the last byte sent to the status line. Default 10 s. */
  responseTimeoutMs?: number;
  /** Parallel sockets per host. Default 50. */
  maxSockets?: number;
  /**
   * Idle keep-alive sockets are closed after this long: shorter than the server's idle timeout, so
   * that we never write into a socket the server is closing (that reset would be ambiguous).
   */
  idleSocketMs?: number;
}

interface SdkHttpRequest {
  protocol: string;
  hostname: string;
  port?: number;
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

interface SdkHttpResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

function queryString(query: SdkHttpRequest['query']): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    const k = encodeURIComponent(key);
    if (value === null) parts.push(k);
    else if (Array.isArray(value)) for (const v of value) parts.push(`${k}=${encodeURIComponent(v)}`);
    else parts.push(`${k}=${encodeURIComponent(value)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function bodyBytes(body: unknown): Buffer | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('PhaseAwareHttpHandler sends string or byte bodies only');
}

/** Drop-in `requestHandler` for AWS SDK v3 clients. */
export class PhaseAwareHttpHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly options: Required<PhaseAwareHttpHandlerOptions>;
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;

  constructor(options: PhaseAwareHttpHandlerOptions = {}) {
    this.options = {
      connectTimeoutMs: options.connectTimeoutMs ?? 3_000,
      responseTimeoutMs: options.responseTimeoutMs ?? 10_000,
      maxSockets: options.maxSockets ?? 50,
      idleSocketMs: options.idleSocketMs ?? 4_000,
    };
    const agentOptions = {
      keepAlive: true,
      maxSockets: this.options.maxSockets,
      scheduling: 'lifo' as const,
    };
    this.httpAgent = new HttpAgent(agentOptions);
    this.httpsAgent = new HttpsAgent(agentOptions);
  }

  handle(
    request: SdkHttpRequest,
    handlerOptions: { abortSignal?: AbortSignal } = {},
  ): Promise<{ response: SdkHttpResponse }> {
    const { connectTimeoutMs, responseTimeoutMs, idleSocketMs } = this.options;
    const secure = request.protocol === 'https:';
    const body = bodyBytes(request.body);
    return new Promise((resolve, reject) => {
      let phase: RequestPhase = 'connect';
      let statusCode: number | null = null;
      let settled = false;
      let timer: NodeJS.Timeout | null = null;
      const arm = (ms: number, code: string) => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => fail(code), ms);
      };
      const fail = (code: string, cause?: unknown) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        handlerOptions.abortSignal?.removeEventListener('abort', onAbort);
        reject(new TransportError(phase, code, statusCode, { cause }));
        req.destroy();
      };
      const onAbort = () => fail('Aborted');
      const req = (secure ? httpsRequest : httpRequest)({
        protocol: request.protocol,
        hostname: request.hostname.replace(/^\[|\]$/g, ''),
        port: request.port,
        method: request.method,
        path: `${request.path}${queryString(request.query)}`,
        headers: request.headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
      });
      if (handlerOptions.abortSignal?.aborted) {
        queueMicrotask(onAbort);
      } else {
        handlerOptions.abortSignal?.addEventListener('abort', onAbort, { once: true });
      }
      arm(connectTimeoutMs, 'ConnectTimeout');
      req.on('socket', (socket) => {
        const connected = () => {
          if (phase === 'connect') phase = 'write';
        };
        // a kept-alive socket is already connected; a new one connects (and for TLS, handshakes)
        if (socket.connecting || (secure && !(socket as { encrypted?: boolean }).encrypted)) {
          socket.once(secure ? 'secureConnect' : 'connect', connected);
        } else connected();
        // idle keep-alive sockets go before the server's idle timeout closes them
        socket.setTimeout(idleSocketMs);
      });
      req.on('timeout', () => {
        // socket idle timer while a request is in flight: our own timers decide
      });
      req.on('finish', () => {
        phase = 'await-response';
        arm(responseTimeoutMs, 'ResponseTimeout');
      });
      req.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.name, error));
      req.on('response', (res) => {
        phase = 'read-response';
        statusCode = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'ResponseError', error));
        res.on('aborted', () => fail('ResponseAborted'));
        res.on('end', () => {
          if (settled) return;
          if (!res.complete) return fail('ResponseIncomplete');
          settled = true;
          if (timer) clearTimeout(timer);
          handlerOptions.abortSignal?.removeEventListener('abort', onAbort);
          resolve({
            response: {
              statusCode: statusCode ?? 0,
              reason: res.statusMessage,
              headers: flatHeaders(res.headers),
              body: Buffer.concat(chunks),
            },
          });
        });
      });
      req.end(body ?? undefined);
    });
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, unknown> {
    return {};
  }

  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
