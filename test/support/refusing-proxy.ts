/**
 * The skeleton of the AWS fault proxies (dynamo-fault-proxy.ts, s3-fault-proxy.ts): an HTTP proxy on 127.0.0.1
 * that reads each request whole, then either answers it itself (the fault a test asked for) or forwards it as it
 * came to the emulator behind it and pipes the emulator's answer back.
 */
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An answer the proxy gives in the emulator's place. */
export interface ProxyAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface RefusingProxyOptions {
  /** The proxy's own answer to a request, or null to forward it. */
  answer(req: IncomingMessage): ProxyAnswer | null;
  /**
   * Forward the client's Host header as it came (a signed S3 request covers it), instead of the emulator's
   * own host.
   */
  keepHost?: boolean;
}

export interface RefusingProxy {
  url: string;
  close(): Promise<void>;
}

export async function startRefusingProxy(
  target: string,
  options: RefusingProxyOptions,
): Promise<RefusingProxy> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const own = options.answer(req);
      if (own) {
        res.writeHead(own.status, { 'content-type': own.contentType });
        res.end(own.body);
        return;
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: options.keepHost ? req.headers : { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
