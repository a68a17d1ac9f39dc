/**
 * Log lines never carry a full email address: every string in an entry (at any depth) has each address in it
 * replaced by its masked form (`j***@example.org`), so that a handler that logs an
 * error message quoting an address, or a field it did not mean to log, still writes nothing personal.
 *
 * Only the address is masked; what stands around it stays readable, so that a log line still says which item
 * or page it is about (docs/security.md, "Logs and the ledger"):
 * - an address in a URL (a path segment, a query value, `mailto:`) is masked in place; the scheme, host, path and
 *   other parameters stay: `https://h.example/letters?from=r***@example.org&page=2`;
 * - a percent-encoded at sign (`%40`) is an at sign: `?email=j***%40example.org` (a URL or a form body carries an
 *   address that way);
 * - a URL's userinfo (`https://user:pass@host/`) is a credential: all of it is replaced, `https://***@host/`;
 * - internationalised addresses and domains (`jörg@bücher.example`) are addresses too.
 * RFC 5322 allows `/ ? & # =` and quotes in a local part, but in log text they nearly always stand before the
 * address (a path, a query, `key=`, a quote): the local part starts after the last `/ ? & #` or `..`, after a leading
 * `name=` (letters, digits, `_`: a parameter name), and after leading quotes and dots. A VERP or SRS local part
 * (`list-bounces+jane=example.com`) is masked whole, since what stands before its `=` is no parameter name.
 */
const LOCAL_CHARS = "[\\p{L}\\p{N}\\p{M}.!#$%&'*+/=?^_`{|}~-]";
const LABEL = '(?:[\\p{L}\\p{N}\\p{M}-]|%[0-9A-Fa-f]{2})+';
/**
 * A URL's userinfo (`scheme://userinfo@`) or an address: `local`, an at sign (`@` or `%40`), a domain of two labels
 * or more (so `@handle` and `a@b` are left alone) or an IP literal. One pass, so that nothing masked is read again.
 */
const ADDRESS_RE = new RegExp(
  `(?<scheme>\\b[A-Za-z][A-Za-z0-9+.-]*://)(?<userinfo>[^\\s/?#@<>"']+)@` +
    // A run is read from its start only (the lookbehind): trying every position inside a long run without an at
    // sign would cost the square of its length.
    `|(?<!${LOCAL_CHARS})(?<local>"[^"\\r\\n]{1,64}"|${LOCAL_CHARS}+)(?<at>@|%40)(?<domain>${LABEL}(?:\\.${LABEL})+|\\[[0-9A-Fa-f.:]+\\])`,
  'gu',
);
/**
 * Where an address starts within a run of local-part characters: after a path or query separator, or after two
 * dots or more (a dot-atom never has them: `see...jane@…`).
 */
const CONTEXT_END_RE = /^.*(?:[/?&#]|\.{2,})/su;
/** A leading parameter name and its `=` (`from=`, `email=`): not part of the address. */
const PARAMETER_RE = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Quotes and dots that open the run (`'jane@…'`, `see...jane@…`). */
const LEADING_RE = /^['`.{|]+/;
const MASKED_RE = /^"?[^*]?\*\*\*"?$/u;
const MAX_DEPTH = 6;

/** The first character (code point) of a local part, then `***`; a quoted local part keeps its quotes. */
function maskLocal(local: string): string {
  if (MASKED_RE.test(local)) return local;
  if (local.startsWith('"')) return `"${[...local.slice(1, -1)][0] ?? ''}***"`;
  return `${[...local][0] ?? ''}***`;
}

/**
 * An address fit for logs: the first character of the local part, then `***`.
 *
 * @example maskEmail('jane@example.org') // 'j***@example.org'
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${maskLocal(email.slice(0, at))}${email.slice(at)}`;
}

/** Splits a run of local-part characters into what stands before the address and the address's local part. */
function splitLocal(run: string): [context: string, local: string] {
  if (run.startsWith('"')) return ['', run];
  let start = CONTEXT_END_RE.exec(run)?.[0].length ?? 0;
  start += PARAMETER_RE.exec(run.slice(start))?.[0].length ?? 0;
  start += LEADING_RE.exec(run.slice(start))?.[0].length ?? 0;
  return [run.slice(0, start), run.slice(start)];
}

/**
 * Text (an SES error message, a URL, say) with every address in it masked, and a URL's userinfo replaced: for log
 * lines and the delivery ledger's `reason`.
 *
 * @example redactText('not verified: jane@example.org') // 'not verified: j***@example.org'
 * @example redactText('https://h.example/letters?from=reader@example.org') // 'https://h.example/letters?from=r***@example.org'
 * @example redactText('https://user:pass@h.example/feed') // 'https://***@h.example/feed'
 */
export function redactText(text: string): string {
  return text.replace(ADDRESS_RE, (match, ...args) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    if (groups.scheme !== undefined) return `${groups.scheme}***@`;
    const [context, local] = splitLocal(groups.local ?? '');
    if (!local) return match;
    return `${context}${maskLocal(local)}${groups.at}${groups.domain}`;
  });
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
