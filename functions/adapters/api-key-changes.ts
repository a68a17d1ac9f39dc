/**
 * Changing the API keys (`digest keys`): show, add or rotate one (core/key-set.ts decides which), in the local
 * key file or in the deployed secret. A change is a read, a decision and a write, and two `digest keys --name`
 * at once must not lose either key: locally the read and the write happen under a lock file beside the key file
 * (FileLock, the outbox's lock); in Secrets Manager the write is a compare-and-swap on the version read.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { type ApiKey, parseKeySet } from '../core/api-keys.js';
import { applyKeyRequest, type KeyChange, type KeyRequest, KeySetError } from '../core/key-set.js';
import { API_KEY_FILE } from './api-key-store.js';
import { FileLock } from './file-lock.js';

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

/** One lock per key file in this process: its callers queue in it before they take the file lock. */
const keyFileLocks = new Map<string, FileLock>();

const newKeySecret = () => `dgk_${randomBytes(24).toString('base64url')}`;

/**
 * Shows, adds or rotates a local key (core/key-set.ts decides which); writes the file only when
 * something changed, whole (temp file, then rename) and readable by its owner only. The file is read and
 * written under the lock `api-key.json.lock`, so that concurrent changes (two `digest keys --name` at once)
 * apply one after the other and none is lost; readers need no lock (the rename is atomic).
 */
export function updateLocalApiKeys(dataDir: string, request: KeyRequest): Promise<KeyChange> {
  const path = join(dataDir, API_KEY_FILE);
  const lock = keyFileLocks.get(path) ?? new FileLock(`${path}.lock`);
  keyFileLocks.set(path, lock);
  return lock.run(async () => {
    const { keys, change } = applyKeyRequest(localKeysToChange(dataDir), request, newKeySecret());
    if (change.kind === 'existing') return change;
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, path);
    return change;
  });
}

/** The staging label of a key set written but not yet made current (AWSCURRENT is what everyone reads). */
export const KEYS_NEXT_STAGE = 'DIGEST_KEYS_NEXT';
/** Compare-and-swap rounds before giving up on a key set that keeps changing under us. */
const MAX_SWAPS = 20;

/**
 * `digest keys --stack-outputs`: shows, adds or rotates a key in the deployed key set (the same
 * rules as locally), writing the secret only when something changed. A removed or rotated key stops at
 * once; a new key works within KEY_MISS_REFRESH_MS (the authorizer's look-up of an unknown key).
 *
 * The write is a compare-and-swap on the version read, since a plain PutSecretValue would make current
 * whatever it wrote, over a key another operator added meanwhile. The new key set becomes a version of its
 * own (ClientRequestToken: its version id) under the label KEYS_NEXT_STAGE, so nobody reads it yet; then
 * UpdateSecretVersionStage moves AWSCURRENT to it with RemoveFromVersionId = the version read, which Secrets
 * Manager refuses (InvalidParameterException) when AWSCURRENT is on another version by then. Refused: read
 * the set again, apply the request to it, try again.
 */
export async function updateSecretsManagerKeys(
  client: SecretsManagerClient,
  secretArn: string,
  request: KeyRequest,
): Promise<{ change: KeyChange; names: string[] }> {
  const secret = newKeySecret();
  for (let attempt = 1; ; attempt++) {
    const read = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const { keys, change } = applyKeyRequest(parseKeySet(read.SecretString ?? ''), request, secret);
    const result = { change, names: keys.map((k) => k.name) };
    if (change.kind === 'existing') return result;
    if (!read.VersionId)
      throw new KeySetError(`${secretArn} answered without a version id; nothing was changed`);
    const versionId = randomUUID();
    await client.send(
      new PutSecretValueCommand({
        SecretId: secretArn,
        SecretString: JSON.stringify({ keys }),
        ClientRequestToken: versionId,
        VersionStages: [KEYS_NEXT_STAGE],
      }),
    );
    try {
      await client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretArn,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: versionId,
          RemoveFromVersionId: read.VersionId,
        }),
      );
      return result;
    } catch (error) {
      const now = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
      if (now.VersionId === versionId) return result; // the move went through; its answer was lost
      if (now.VersionId === read.VersionId) throw error; // not a conflict: AWSCURRENT is where we read it
    }
    if (attempt >= MAX_SWAPS)
      throw new KeySetError(`the key set in ${secretArn} kept changing; nothing was changed, try again`);
    // others are writing too: a short random pause, so that one of them gets through each round
    await sleep(Math.floor(Math.random() * 50 * attempt));
  }
}
