/**
 * Where API keys live. Locally: `<data-dir>/api-key.json` (mode 0600), created by `digest keys`.
 * In AWS: a Secrets Manager secret (API_KEY_SECRET_ARN), cached for five minutes per container.
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
import { applyKeyRequest, type KeyChange, type KeyRequest } from '../core/key-set.js';

export const API_KEY_FILE = 'api-key.json';
const CACHE_MS = 5 * 60_000;

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
 * Shows, adds or rotates a local key (core/key-set.ts decides which); writes the file only when
 * something changed, whole (temp file, then rename) and readable by its owner only.
 */
export function updateLocalApiKeys(dataDir: string, request: KeyRequest): KeyChange {
  const { keys, change } = applyKeyRequest(
    readLocalApiKeys(dataDir),
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

/** A cached reader of the key set in Secrets Manager. */
export function secretsManagerKeys(
  secretArn: string,
  client = new SecretsManagerClient({}),
): () => Promise<ApiKey[]> {
  let cached: { keys: ApiKey[]; at: number } | null = null;
  return async () => {
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.keys;
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!out.SecretString) throw new Error('the API key secret has no string value');
    cached = { keys: parseKeySet(out.SecretString), at: Date.now() };
    return cached.keys;
  };
}

/**
 * `digest keys --stack-outputs`: shows, adds or rotates a key in the deployed key set (the same
 * rules as locally), writing the secret only when something changed. The authorizer caches the set
 * for five minutes, so a new or rotated key takes effect within that.
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
