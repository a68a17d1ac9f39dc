/**
 * Log lines never carry a full email address: every string in an entry (at any depth) has each address in it
 * replaced by its masked form (`j***@example.org`), so that a handler that logs an
 * error message quoting an address, or a field it did not mean to log, still writes nothing personal.
 */
const ADDRESS_RE = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const MAX_DEPTH = 6;

/**
 * An address fit for logs: the first character of the local part, then `***`.
 *
 * @example maskEmail('jane@example.org') // 'j***@example.org'
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/**
 * Text (an SES error message, say) with every address in it masked: for the delivery ledger's `reason`.
 *
 * @example redactText('not verified: jane@example.org') // 'not verified: j***@example.org'
 */
export function redactText(text: string): string {
  return text.replace(ADDRESS_RE, (address) => maskEmail(address));
}

function redact(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, depth + 1)]));
}

/**
 * A copy of a log entry with every email address masked.
 * @example redactAddresses({ to: 'jane@example.org' }) // { to: 'j***@example.org' }
 */
export function redactAddresses<T extends Record<string, unknown>>(entry: T): T {
  return redact(entry, 0) as T;
}
