/**
 * A fault-injecting HTTP proxy in front of s3rver (path-style requests, `/<bucket>/<key>`): it forwards every request
 * as it came (the Host header too, which the request's signature covers), except that while a rule is set, a request
 * that matches it is answered as S3 answers a request the caller's policy does not allow (HTTP 403, `AccessDenied`)
 * without reaching s3rver. The SDK does not retry that answer, so the refused call fails at once.
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface S3Refusal {
  /** HTTP method of the refused requests (`PUT` for PutObject). */
  method: string;
  /** Refused when the object key starts with this (`issues/`). */
  keyPrefix: string;
}

export interface S3FaultProxy {
  url: string;
  /** Refuses the requests that match, until called again (null: refuse nothing). */
  refuse(rule: S3Refusal | null): void;
  /** Requests refused so far, as `METHOD key`. */
  refused: string[];
  close(): Promise<void>;
}

export async function startS3FaultProxy(target: string): Promise<S3FaultProxy> {
  let rule: S3Refusal | null = null;
  const refused: string[] = [];
  const upstream = new URL(target);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://proxy').pathname);
      const key = path.split('/').slice(2).join('/');
      if (rule && req.method === rule.method && key.startsWith(rule.keyPrefix)) {
        refused.push(`${req.method} ${key}`);
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message>' +
            `<Key>${key}</Key><RequestId>S3FAULTPROXY</RequestId></Error>`,
        );
        return;
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
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
    refused,
    refuse(next) {
      rule = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
