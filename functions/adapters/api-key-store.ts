/**
 * Where API keys live. Locally: `<data-dir>/api-key.json` (mode 0600), created by `digest keys`.
 * In AWS: a Secrets Manager secret (API_KEY_SECRET_ARN), read by the authorizer as `secretsManagerKeys` says.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { type ApiKey, parseKeySet } from '../core/api-keys.js';
import { applyKeyRequest, type KeyChange, type KeyRequest, KeySetError } from '../core/key-set.js';

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

/**
 * The local keys for a change: none when there is no file yet. A file that exists but cannot be read
 * as a key set is refused (KeySetError), never taken as empty: writing over it would end every key in it.
 */
function localKeysToChange(dataDir: string): ApiKey[] {
  const path = join(dataDir, API_KEY_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new KeySetError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return parseKeySet(text);
  } catch (error) {
    throw new KeySetError(
      `${path} is not a key file (${(error as Error).message}); nothing was changed: put it right, or move it away to start a new key set`,
    );
  }
}

/**
 * Shows, adds or rotates a local key (core/key-set.ts decides which); writes the file only when
 * something changed, whole (temp file, then rename) and readable by its owner only.
 */
export function updateLocalApiKeys(dataDir: string, request: KeyRequest): KeyChange {
  const { keys, change } = applyKeyRequest(
    localKeysToChange(dataDir),
    request,
    `dgk_${randomBytes(24).toString('base64url')}`,
  );
  if (change.kind === 'existing') return change;
  const path = join(dataDir, API_KEY_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
  return change;
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

/**
 * `digest keys --stack-outputs`: shows, adds or rotates a key in the deployed key set (the same
 * rules as locally), writing the secret only when something changed. A removed or rotated key stops at
 * once; a new key works within KEY_MISS_REFRESH_MS (the authorizer's look-up of an unknown key).
 */
export async function updateSecretsManagerKeys(
  client: SecretsManagerClient,
  secretArn: string,
  request: KeyRequest,
): Promise<{ change: KeyChange; names: string[] }> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  const { keys, change } = applyKeyRequest(
    parseKeySet(out.SecretString ?? ''),
    request,
    `dgk_${randomBytes(24).toString('base64url')}`,
  );
  if (change.kind !== 'existing') {
    await client.send(
      new PutSecretValueCommand({ SecretId: secretArn, SecretString: JSON.stringify({ keys }) }),
    );
  }
  return { change, names: keys.map((k) => k.name) };
}
