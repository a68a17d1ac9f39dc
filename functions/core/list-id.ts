/**
 * The one list id rule, for every route and command. A leaf module without dependencies: the
 * smallest page functions check ids with it.
 */
/**
 * A list id is a lower-case slug: 1-64 of a-z, 0-9, `-` and `_`, starting with a letter or digit. It is
 * never lower-cased for the caller: `Default` is refused, not taken to mean `default`, so the CLI and
 * the API agree on which list an id names.
 */
export const LIST_ID_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const LIST_ID_RULE = 'a list id is 1-64 of a-z, 0-9, "-" and "_", starting with a letter or digit';

/** True when `id` follows the list id rule exactly. */
export function isListId(id: string): boolean {
  return LIST_ID_RE.test(id);
}
