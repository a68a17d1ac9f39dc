/**
 * What `digest keys` does to a key set. Adding a named key never touches the others: an
 * integration that holds a key keeps working until someone rotates that very key on purpose,
 * and rotating names the key that stopped working. Pure: the new secret comes in.
 */
import type { ApiKey } from './api-keys.js';
import { CONTROL_CHARACTER_RE } from './control-characters.js';

export const DEFAULT_KEY_NAME = 'local editor';
const KEY_NAME_MAX = 80;
/** C0 and C1 control characters, line and paragraph separators. */

export type KeyRequest = { name?: string; rotate?: boolean };

export type KeyChange =
  | { kind: 'existing'; key: ApiKey }
  | { kind: 'added'; key: ApiKey }
  | { kind: 'rotated'; key: ApiKey; replaced: ApiKey };

export class KeySetError extends Error {
  /** The request itself is refused (a bad `--name`), whatever the key set holds: a usage error. */
  readonly usage: boolean;
  constructor(message: string, options: { usage?: boolean } = {}) {
    super(message);
    this.usage = options.usage === true;
    this.name = 'KeySetError';
  }
}

/** A key shown without its secret: `"newsroom" (dgk_Ab3d…)`. */
export function describeKey(key: ApiKey): string {
  return `"${key.name}" (${key.key.slice(0, 8)}…)`;
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Applies a request to a key set. Without a name it concerns the first key (created when there is
 * none). With a name: shows that key, or adds it. Only `rotate` replaces a key's secret.
 * @example applyKeyRequest([{ name: 'a', key: 'k1' }], { name: 'b' }, 'k2').keys // [{ name: 'a', key: 'k1' }, { name: 'b', key: 'k2' }]
 */
export function applyKeyRequest(
  keys: readonly ApiKey[],
  request: KeyRequest,
  newSecret: string,
): { keys: ApiKey[]; change: KeyChange } {
  const name = request.name?.trim();
  if (request.name !== undefined && !name) throw new KeySetError('--name must not be empty', { usage: true });
  // the name is printed in mail as "forwarded by": no line breaks or other control characters, and not cut silently
  if (name && CONTROL_CHARACTER_RE.test(name))
    throw new KeySetError('--name must not hold line breaks or control characters', { usage: true });
  if (name && name.length > KEY_NAME_MAX)
    throw new KeySetError(`--name must be at most ${KEY_NAME_MAX} characters`, { usage: true });
  const index = name ? keys.findIndex((k) => sameName(k.name, name)) : keys.length > 0 ? 0 : -1;
  const found = index >= 0 ? keys[index] : undefined;
  if (!found) {
    if (request.rotate && name && keys.length > 0)
      throw new KeySetError(
        `no key named "${name}" to rotate; keys: ${keys.map((k) => k.name).join(', ')} (without --rotate, --name adds one)`,
      );
    const key = { name: name ?? DEFAULT_KEY_NAME, key: newSecret };
    return { keys: [...keys, key], change: { kind: 'added', key } };
  }
  if (!request.rotate) return { keys: [...keys], change: { kind: 'existing', key: found } };
  const key = { name: found.name, key: newSecret };
  const next = [...keys];
  next[index] = key;
  return { keys: next, change: { kind: 'rotated', key, replaced: found } };
}
