import type { BearerCheck } from '../../core/api-keys.js';
import { header } from './request.js';
import type { HttpEvent } from './types.js';

/** Behind the HTTP API's Lambda authorizer: the request only arrives when the key was good. */
export async function authorizerVerdict(event: HttpEvent): Promise<BearerCheck> {
  const ctx = (event.requestContext as { authorizer?: { lambda?: { keyName?: unknown; keyId?: unknown } } })
    .authorizer;
  const name = ctx?.lambda?.keyName;
  const id = ctx?.lambda?.keyId;
  if (typeof name === 'string' && name && typeof id === 'string' && id) return { ok: true, name, id };
  return header(event, 'authorization')
    ? { ok: false, status: 403, reason: 'unknown key' }
    : { ok: false, status: 401, reason: 'missing bearer key' };
}
