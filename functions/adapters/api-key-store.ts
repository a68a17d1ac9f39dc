/**
 * Where API keys live, and how they are read. Locally: `<data-dir>/api-key.json` (mode 0600), created by
 * `digest keys`. In AWS: a Secrets Manager secret (API_KEY_SECRET_ARN), read by the authorizer as
 * `secretsManagerKeys` says. Changing them is api-key-changes.ts (the CLI's), kept apart so that the
 * authorizer's bundle carries only the reader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type ApiKey, parseKeySet } from '../core/api-keys.js';

export const API_KEY_FILE = 'api-key.json';
export { KEY_MISS_REFRESH_MS } from '../core/api-keys.js';

/** Every local key, in the order they were added; empty when `digest keys` never ran here. */
export function readLocalApiKeys(dataDir: string): ApiKey[] {
  try {
    return parseKeySet(readFileSync(join(dataDir, API_KEY_FILE), 'utf8'));
  } catch {
    return [];
  }
}

/** The first local key (the one `digest keys` shows without --name), or null. */
export function readLocalApiKey(dataDir: string): ApiKey | null {
  return readLocalApiKeys(dataDir)[0] ?? null;
}

export interface KeySetReader {
  /** The key set: the cached one, or with `fresh` one read from Secrets Manager now. */
  (options?: { fresh?: boolean }): Promise<ApiKey[]>;
  /** Milliseconds since the set was last read from Secrets Manager (Infinity before the first read). */
  age(): number;
}

/**
 * The key set in Secrets Manager, cached per container. The authorizer re-reads it for every key it
 * accepts (so a revoked key stops at once) and, for a key it does not know, at most every
 * KEY_MISS_REFRESH_MS (so a flood of wrong keys costs Secrets Manager little).
 */
export function secretsManagerKeys(
  secretArn: string,
  client = new SecretsManagerClient({}),
  now: () => number = Date.now,
): KeySetReader {
  let cached: { keys: ApiKey[]; at: number } | null = null;
  const read = async (options: { fresh?: boolean } = {}) => {
    if (cached && !options.fresh) return cached.keys;
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!out.SecretString) throw new Error('the API key secret has no string value');
    cached = { keys: parseKeySet(out.SecretString), at: now() };
    return cached.keys;
  };
  return Object.assign(read, { age: () => (cached ? now() - cached.at : Number.POSITIVE_INFINITY) });
}
