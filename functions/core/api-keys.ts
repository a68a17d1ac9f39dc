/**
 * Bearer API keys for the authenticated routes (POST /articles, POST /issues/<id>/forward).
 * A key set comes from Secrets Manager in AWS (API_KEY_SECRET_ARN) and from `<data-dir>/api-key.json`
 * locally (`digest keys`). The secret string is either one bare key or JSON
 * `{"keys": [{"name": "newsroom", "key": "…"}]}`; the name is who "forwarded by" names.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** A key the cached set does not know is looked up again at most this often (a key added a moment ago). */
export const KEY_MISS_REFRESH_MS = 5_000;

const BEARER_RE = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]{16,512})[ \t]*$/i;

export interface ApiKey {
  name: string;
  key: string;
}

/**
 * `id` is the key's stable identity (a digest of the key itself): per-key budgets are keyed by it,
 * so renaming a key in the key set does not reset them. `name` is only what "forwarded by" shows.
 */
export type BearerCheck =
  | { ok: true; name: string; id: string }
  | { ok: false; status: 401 | 403; reason: string };

/** Parses a key set from a secret string; throws on anything that holds no usable key. */
export function parseKeySet(secret: string): ApiKey[] {
  const trimmed = secret.trim();
  if (!trimmed.startsWith('{')) {
    if (trimmed.length < 16) throw new Error('the API key secret is too short');
    return [{ name: 'api', key: trimmed }];
  }
  const parsed = JSON.parse(trimmed) as { keys?: unknown };
  const keys = Array.isArray(parsed.keys) ? parsed.keys : [];
  const out = keys
    .filter(
      (k): k is ApiKey => typeof k?.name === 'string' && typeof k?.key === 'string' && k.key.length >= 16,
    )
    .map((k) => ({ name: k.name.slice(0, 80), key: k.key }));
  if (out.length === 0) throw new Error('the API key secret holds no key of 16 characters or more');
  return out;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * A key's stable id: 16 hex characters of the SHA-256 of the key (it names the key in budgets and
 * logs without revealing it).
 *
 * @example keyId('dgk_…') // 'k-3f9a0c…'
 */
export function keyId(key: string): string {
  return `k-${digest(key).toString('hex').slice(0, 16)}`;
}

/**
 * Checks an Authorization header against a key set in constant time (both sides hashed to 32
 * bytes, every key compared). No header or not a bearer → 401; a wrong key → 403.
 */
export function checkBearer(authorization: string | undefined, keys: readonly ApiKey[]): BearerCheck {
  if (!authorization) return { ok: false, status: 401, reason: 'missing bearer key' };
  const match = BEARER_RE.exec(authorization);
  if (!match) return { ok: false, status: 401, reason: 'malformed Authorization header' };
  const given = digest(match[1]!);
  let found: ApiKey | null = null;
  for (const k of keys) if (timingSafeEqual(digest(k.key), given) && found === null) found = k;
  return found === null
    ? { ok: false, status: 403, reason: 'unknown key' }
    : { ok: true, name: found.name, id: keyId(found.key) };
}

/** A key set that may be cached: `fresh` reads it again now; `age` is how old the cached set is. */
export interface KeySetSource {
  (options?: { fresh?: boolean }): Promise<ApiKey[]>;
  /** Milliseconds since the set was read (Infinity: nothing is cached, every read is fresh). */
  age?(): number;
}

/**
 * Runs `check` against a key set with the revocation rule of every authenticated entry (the API's
 * authorizer, the console's sign-in and each of its requests): a key the cached set accepts is
 * checked again against the set read now, so a revoked or rotated key stops at once; a key the cache
 * does not know is looked up again only when the cache is older than `missRefreshMs`, so a flood of
 * wrong keys costs the key store little.
 */
export async function checkWithKeySet<T extends { ok: boolean }>(
  keys: KeySetSource,
  check: (set: readonly ApiKey[]) => T,
  missRefreshMs: number,
): Promise<T> {
  const age = keys.age?.() ?? Number.POSITIVE_INFINITY;
  const first = check(await keys());
  if (!Number.isFinite(age) || (!first.ok && age < missRefreshMs)) return first;
  return check(await keys({ fresh: true }));
}
