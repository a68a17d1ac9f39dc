/**
 * Log lines never carry a full email address: every string in an entry, key or value (down to a depth limit, below
 * which nothing is logged), has each address in it replaced by its masked form (`j***@example.org`), so that a handler
 * that logs an error message quoting an address, or a field it did not mean to log, still writes nothing personal.
 * An Error in an entry is logged with its name, message, stack and cause, masked the same way.
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

/**
 * How deep an entry is read: an object or array nested deeper is logged as `[nested too deep]`, never as it is, so
 * that nothing below the limit passes unmasked, and a huge or self-referencing structure cannot hold the logger up.
 */
const MAX_DEPTH = 6;
/** How many causes of an error are logged (`error.cause.cause.cause`); the next is `[nested too deep]`. */
const MAX_CAUSES = 3;
const TOO_DEEP = '[nested too deep]';
const CIRCULAR = '[circular]';
/** A field whose read throws (a getter, a revoked proxy): the entry is still logged, with this in its place. */
const UNREADABLE = '[unreadable]';
/** Fields of an error that are its payload, not its meaning: the SDK's raw HTTP response. */
const SKIPPED_ERROR_FIELDS = new Set(['name', 'message', 'stack', 'cause', '$response']);

interface Walk {
  /** The objects being read, from the entry down: meeting one of them again is a cycle. */
  ancestors: Set<object>;
}

function isError(value: object): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}

/**
 * What an error says, as a plain object (JSON of an Error is `{}`): its name, message and stack, its cause (an
 * error's own cause too, up to MAX_CAUSES), an AggregateError's errors, and its own fields, such as Node's `code`
 * and the AWS SDK's `$fault` and `$metadata` (`httpStatusCode`, `requestId`, `attempts`).
 */
function errorFields(error: Error, causes: number): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    name: readField(error, 'name'),
    message: readField(error, 'message'),
    stack: readField(error, 'stack'),
    ...Object.fromEntries(
      ownFields(error).filter(([key, value]) => !SKIPPED_ERROR_FIELDS.has(key) && value !== undefined),
    ),
  };
  const cause = readField(error, 'cause');
  if (cause !== undefined) fields.cause = causes >= MAX_CAUSES ? TOO_DEEP : cause;
  if (error instanceof AggregateError && Array.isArray(error.errors)) fields.errors = error.errors;
  return fields;
}

/** A key masked as a value is; a key that masks like one before it gets ` (2)`, ` (3)`…, so no value is lost. */
function uniqueKey(key: string, taken: Set<string>): string {
  const masked = redactText(key);
  let unique = masked;
  for (let n = 2; taken.has(unique); n += 1) unique = `${masked} (${n})`;
  taken.add(unique);
  return unique;
}

function toJson(value: { toJSON: () => unknown }): unknown {
  try {
    return value.toJSON();
  } catch {
    return '[unserialisable]';
  }
}

/** A field of `value`, or UNREADABLE when reading it throws. */
function readField(value: object, key: PropertyKey): unknown {
  try {
    return (value as Record<PropertyKey, unknown>)[key];
  } catch {
    return UNREADABLE;
  }
}

/** `Object.entries`, with each field read on its own: one throwing getter loses that field, not the others. */
function ownFields(value: object): [string, unknown][] {
  return Object.keys(value).map((key) => [key, readField(value, key)]);
}

function redact(value: unknown, depth: number, walk: Walk, causes = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  try {
    return redactObjectValue(value, depth, walk, causes);
  } catch {
    // what cannot be listed or tested at all (a revoked proxy) is marked whole: the entry is still logged
    return UNREADABLE;
  }
}

function redactObjectValue(value: object, depth: number, walk: Walk, causes: number): unknown {
  if (walk.ancestors.has(value)) return CIRCULAR;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  if (!isError(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // As JSON.stringify would: a Date becomes its ISO string, a URL its text (masked like any other).
    const json = toJson(value as { toJSON: () => unknown });
    return json !== null && typeof json === 'object'
      ? redactObject(json, depth, walk, 0)
      : redact(json, depth, walk);
  }
  walk.ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, walk));
    if (isError(value)) return redactObject(errorFields(value, causes), depth, walk, causes + 1);
    return redactObject(value, depth, walk, 0);
  } finally {
    walk.ancestors.delete(value);
  }
}

/**
 * An object's fields, keys and values masked; `causes` counts the errors above a serialised error's cause. Built
 * with Object.fromEntries, so that a `__proto__` key (JSON.parse makes one) stays a field.
 */
function redactObject(value: object, depth: number, walk: Walk, causes: number): Record<string, unknown> {
  const taken = new Set<string>();
  return Object.fromEntries(
    ownFields(value).map(([key, field]) => [
      uniqueKey(key, taken),
      redact(field, depth + 1, walk, key === 'cause' ? causes : 0),
    ]),
  );
}

/**
 * A copy of a log entry as JSON would write it, with every email address masked, in values and keys alike: an error
 * becomes its name, message, stack, cause and fields; a Date its ISO string; a cycle `[circular]`; anything nested
 * deeper than MAX_DEPTH `[nested too deep]`; a field whose read throws (a getter, a revoked proxy) `[unreadable]`,
 * so that logging never throws in the error path it reports on.
 * @example redactAddresses({ to: 'jane@example.org' }) // { to: 'j***@example.org' }
 * @example redactAddresses({ error: new Error('no jane@example.org') }) // { error: { name: 'Error', message: 'no j***@example.org', stack: '…' } }
 */
export function redactAddresses(entry: Record<string, unknown>): Record<string, unknown> {
  return redact(entry, 0, { ancestors: new Set() }) as Record<string, unknown>;
}

/**
 * A thrown value fit for the Lambda runtime, which writes an uncaught error's type, message and stack to the log
 * itself, past our logger: an Error whose message or stack names an address is replaced by an Error of the same
 * name with both masked and its own fields (Node's `code`, the SDK's `$fault`) copied masked; its cause is left
 * out (the handler's own log line has it, masked). A thrown string is masked; any other value, and an Error that
 * names no one, is returned as it is, so `instanceof` and identity still hold for those.
 */
export function maskedError(error: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redactText(error) : error;
  const message = readField(error, 'message');
  const stack = readField(error, 'stack');
  const maskedMessage = typeof message === 'string' ? redactText(message) : message;
  const maskedStack = typeof stack === 'string' ? redactText(stack) : stack;
  if (maskedMessage === message && maskedStack === stack) return error;
  const masked = new Error(String(maskedMessage));
  Object.assign(
    masked,
    redactAddresses(Object.fromEntries(ownFields(error).filter(([key]) => !SKIPPED_ERROR_FIELDS.has(key)))),
  );
  masked.name = String(readField(error, 'name'));
  masked.stack = typeof maskedStack === 'string' ? maskedStack : undefined;
  return masked;
}
