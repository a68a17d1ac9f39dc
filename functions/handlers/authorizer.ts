/**
 * HTTP API Lambda authorizer (payload 2.0, simple responses) for POST /articles and
 * POST /issues/<id>/forward. The identity source is `$request.header.Authorization`, so API Gateway
 * itself answers 401 when the header is missing; a wrong key gets `isAuthorized: false` (403).
 * Keys come from Secrets Manager (API_KEY_SECRET_ARN), compared in constant time.
 */
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { type ApiKey, checkBearer, checkWithKeySet } from '../core/api-keys.js';
import { lazyHandler } from './runtime/lazy-handler.js';

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<{
  keyName: string;
  keyId: string;
}>;

export interface AuthorizerDeps {
  /** The key set: cached, or read afresh with `fresh` (adapters/api-key-store.ts). */
  keys: (options?: { fresh?: boolean }) => Promise<ApiKey[]>;
  /** Milliseconds since the key set was read; absent: the set is always fresh (tests, local keys). */
  keysAge?: () => number;
  /** How stale the cached set may be before a key it does not know is looked up again. */
  missRefreshMs?: number;
}

/**
 * Revocation is immediate: a key the cached set accepts is checked again against the set read now
 * (API Gateway does not cache this authorizer's answers either, see infra). A key the cache does not
 * know is looked up again only when the cache is older than `missRefreshMs` (core/api-keys.ts
 * `checkWithKeySet`, the rule the console's sessions follow too).
 */
export function createHandler(deps: AuthorizerDeps) {
  const keys = Object.assign((options?: { fresh?: boolean }) => deps.keys(options), {
    age: deps.keysAge ?? (() => Number.POSITIVE_INFINITY),
  });
  return async (event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> => {
    const header = event.headers?.authorization ?? event.headers?.Authorization;
    const check = await checkWithKeySet(keys, (set) => checkBearer(header, set), deps.missRefreshMs ?? 0);
    // Never log the key; the name is enough to trace who called.
    return check.ok
      ? { isAuthorized: true, context: { keyName: check.name, keyId: check.id } }
      : { isAuthorized: false, context: { keyName: '', keyId: '' } };
  };
}

// No logger here: the authorizer has nothing to say that API Gateway's access log does not, and must never log a key.
export const handler = lazyHandler(async () => {
  const { KEY_MISS_REFRESH_MS, secretsManagerKeys } = await import('../adapters/api-key-store.js');
  const { edgeEnv } = await import('./runtime/edge-env.js');
  const keys = secretsManagerKeys(edgeEnv('API_KEY_SECRET_ARN'));
  return createHandler({ keys, keysAge: keys.age, missRefreshMs: KEY_MISS_REFRESH_MS });
});
