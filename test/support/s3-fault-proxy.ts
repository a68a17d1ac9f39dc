/**
 * A fault-injecting HTTP proxy in front of s3rver (path-style requests, `/<bucket>/<key>`): it forwards every request
 * as it came (the Host header too, which the request's signature covers), except that while a rule is set, a request
 * that matches it is answered as S3 answers a request the caller's policy does not allow (HTTP 403, `AccessDenied`)
 * without reaching s3rver. The SDK does not retry that answer, so the refused call fails at once.
 */
import { startRefusingProxy } from './refusing-proxy.js';

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
  const proxy = await startRefusingProxy(target, {
    keepHost: true,
    answer(req) {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://proxy').pathname);
      const key = path.split('/').slice(2).join('/');
      if (!rule || req.method !== rule.method || !key.startsWith(rule.keyPrefix)) return null;
      refused.push(`${req.method} ${key}`);
      return {
        status: 403,
        contentType: 'application/xml',
        body:
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message>' +
          `<Key>${key}</Key><RequestId>S3FAULTPROXY</RequestId></Error>`,
      };
    },
  });
  return {
    url: proxy.url,
    refused,
    refuse(next) {
      rule = next;
    },
    close: () => proxy.close(),
  };
}
