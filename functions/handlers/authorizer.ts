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
import { type ApiKey, checkBearer } from '../core/api-keys.js';
import { lazyHandler } from './runtime/lazy-handler.js';

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<{
  keyName: string;
  keyId: string;
}>;

export interface AuthorizerDeps {
  keys: () => Promise<ApiKey[]>;
}

export function createHandler(deps: AuthorizerDeps) {
  return async (event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> => {
    const header = event.headers?.authorization ?? event.headers?.Authorization;
    const check = checkBearer(header, await deps.keys());
    // Never log the key; the name is enough to trace who called.
    return check.ok
      ? { isAuthorized: true, context: { keyName: check.name, keyId: check.id } }
      : { isAuthorized: false, context: { keyName: '', keyId: '' } };
  };
}

// No logger here: the authorizer has nothing to say that API Gateway's access log does not, and must never log a key.
export const handler = lazyHandler(async () => {
  const { secretsManagerKeys } = await import('../adapters/api-key-store.js');
  const { edgeEnv } = await import('./runtime/edge-env.js');
  return createHandler({ keys: secretsManagerKeys(edgeEnv('API_KEY_SECRET_ARN')) });
});
