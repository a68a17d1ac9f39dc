/**
 * The subscribers table (SUBSCRIBERS_TABLE) and the token secret (DIGEST_SECRET, or TOKEN_SECRET_ARN read from
 * Secrets Manager), without the confirmation mail: what the functions that only change subscriptions need
 * (inbound-unsubscribe, feedback, the fan-out). live-subscriber-deps.ts re-exports both. Imported lazily.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoSubscriberStore } from '../adapters/dynamo-subscriber-store.js';
import { ConfigError, optionalEnv, requireEnv } from '../config.js';

/** The token secret(s): DIGEST_SECRET, or the SecretString of TOKEN_SECRET_ARN (one key per line, newest first). */
export async function loadSecret(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const direct = optionalEnv('DIGEST_SECRET', env);
  if (direct) return [direct];
  const arn = requireEnv('TOKEN_SECRET_ARN', env);
  const { SecretString } = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: arn }),
  );
  const keys = (SecretString ?? '')
    .split('\n')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length === 0) throw new ConfigError(`the secret TOKEN_SECRET_ARN (${arn}) is empty`);
  return keys;
}

export function subscriberStoreFromEnv(env: NodeJS.ProcessEnv = process.env): DynamoSubscriberStore {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return new DynamoSubscriberStore(client, requireEnv('SUBSCRIBERS_TABLE', env));
}
