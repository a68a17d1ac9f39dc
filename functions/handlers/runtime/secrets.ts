/**
 * The token key(s): the SecretString of TOKEN_SECRET_ARN (one key per line, newest first: the first signs, any
 * verifies), read from Secrets Manager once per container. A failed read is not kept. (DIGEST_SECRET is the CLI's:
 * a key in a Lambda's environment would be readable by anyone who can read the function's configuration.)
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '../../config.js';
import { env } from './env.js';

let keys: Promise<string[]> | undefined;

async function readKeys(): Promise<string[]> {
  const arn = env('TOKEN_SECRET_ARN');
  const { SecretString } = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: arn }),
  );
  const found = (SecretString ?? '')
    .split('\n')
    .map((k) => k.trim())
    .filter(Boolean);
  if (found.length === 0) throw new ConfigError(`the secret TOKEN_SECRET_ARN (${arn}) is empty`);
  return found;
}

export function tokenSecrets(): Promise<string[]> {
  keys ??= readKeys().catch((error: unknown) => {
    keys = undefined;
    throw error;
  });
  return keys;
}
