/**
 * Where API keys live. Locally: `<data-dir>/api-key.json` (mode 0600), created by `digest keys`.
 * In AWS: a Secrets Manager secret (API_KEY_SECRET_ARN), cached for five minutes per container.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type ApiKey, parseKeySet } from '../core/api-keys.js';

export const API_KEY_FILE = 'api-key.json';
const CACHE_MS = 5 * 60_000;

/** The local key, or null when `digest keys` never ran on this data dir. */
export function readLocalApiKey(dataDir: string): ApiKey | null {
  try {
    return parseKeySet(readFileSync(join(dataDir, API_KEY_FILE), 'utf8'))[0] ?? null;
  } catch {
    return null;
  }
}

/** Creates the local key (or replaces it with `rotate`). Written whole: temp file, then rename. */
export function createLocalApiKey(
  dataDir: string,
  options: { name?: string; rotate?: boolean } = {},
): ApiKey {
  const existing = readLocalApiKey(dataDir);
  if (existing && !options.rotate) return existing;
  const key: ApiKey = {
    name: options.name ?? existing?.name ?? 'local editor',
    key: `dgk_${randomBytes(24).toString('base64url')}`,
  };
  const path = join(dataDir, API_KEY_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ keys: [key] }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
  return key;
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
