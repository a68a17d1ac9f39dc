/**
 * Mail header values as the product writes them: what may go into a header (no line breaks or other control
 * characters, an allow-list of extra header names, one bare address, https links or http on loopback), and the
 * RFC 2369 / 2919 / 8058 list headers of one recipient. Pure; the MIME adapter (adapters/mime.ts) applies them to
 * every message it assembles.
 */
/** C0 controls, DEL, C1 NEL and the Unicode line/paragraph separators: anything a reader could treat as a break. */
const CONTROL_RE = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;
/** Printable ASCII: the only thing allowed in the prepared (machine-made) list headers. */
const PRINTABLE_ASCII_RE = /^[\u0020-\u007e]*$/;
/** A bare address: one `@`, no spaces, brackets, quotes, commas or semicolons (those could add recipients). */
const BARE_ADDRESS_RE = /^[^\s<>()[\]\\,;:"@]+@[^\s<>()[\]\\,;:"@]+\.[^\s<>()[\]\\,;:"@]+$/u;
/** `Display Name <address>` or a bare address. */
const NAMED_ADDRESS_RE = /^\s*(?:(.*?)\s*<([^<>]*)>|([^<>]*))\s*$/su;
const LOOPBACK_HOST_RE = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
/** RFC 5322 hard limit for a header line, less room for the name. */
const MAX_HEADER_VALUE = 900;
/**
 * The longest display name (From, Reply-To). With the longest address (320) it fits one header line of
 * RFC 5322's 998 characters even when the name has no space to fold at; list settings allow 120.
 */
export const MAX_DISPLAY_NAME = 200;
/**
 * A Subject with a run of more characters than this without a space cannot be folded into lines of
 * RFC 5322's recommended 78 (`Subject: ` plus the run); the MIME adapter then writes it as RFC 2047
 * encoded-words, which fold anywhere and decode to the same text.
 */
export const MAX_FOLDABLE_SUBJECT_RUN = 78 - 'Subject: '.length;
const UNFOLDABLE_SUBJECT_RE = new RegExp(`\\S{${MAX_FOLDABLE_SUBJECT_RUN + 1},}`, 'u');

/** True when the subject holds a run without spaces too long for a folded header line. */
export function needsEncodedSubject(subject: string): boolean {
  return UNFOLDABLE_SUBJECT_RE.test(subject);
}

/** Extra header names a caller may set (canonical spelling). Anything else is refused. */
export const ALLOWED_HEADER_NAMES = [
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
  'List-Id',
  'List-Archive',
  'List-Help',
  'List-Owner',
  'Precedence',
  'Auto-Submitted',
  'Feedback-ID',
  'X-Entity-Ref-ID',
] as const;
export type AllowedHeaderName = (typeof ALLOWED_HEADER_NAMES)[number];

/** A header value would have carried a line break or other control character. */
export class HeaderInjectionError extends Error {
  readonly field: string;
  constructor(field: string) {
    super(`header ${field} contains a line break or control character`);
    this.name = 'HeaderInjectionError';
    this.field = field;
  }
}

/** A caller asked for a header that is not on the allow-list. */
export class HeaderNotAllowedError extends Error {
  readonly header: string;
  constructor(header: string) {
    super(`header ${JSON.stringify(header.slice(0, 60))} is not allowed`);
    this.name = 'HeaderNotAllowedError';
    this.header = header;
  }
}

/** An address is malformed or would smuggle extra recipients. */
export class InvalidAddressError extends Error {
  readonly field: string;
  constructor(field: string, options?: { cause?: unknown; problem?: string }) {
    super(`${field} ${options?.problem ?? 'is not a single valid email address'}`, options);
    this.name = 'InvalidAddressError';
    this.field = field;
  }
}

/** A link placed in a header is not https (or http on a loopback host) / mailto. */
export class UnsafeUrlError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnsafeUrlError';
  }
}

/** Throws HeaderInjectionError when `value` holds a control character. */
export function assertHeaderSafe(field: string, value: string): void {
  if (CONTROL_RE.test(value)) throw new HeaderInjectionError(field);
}

/** Throws HeaderInjectionError unless `value` is printable ASCII of a header's length. */
export function assertPrintable(field: string, value: string): void {
  assertHeaderSafe(field, value);
  if (!PRINTABLE_ASCII_RE.test(value) || value.length > MAX_HEADER_VALUE)
    throw new HeaderInjectionError(field);
}

/** Validates one bare address (no display name). */
export function assertAddress(field: string, value: string): string {
  assertHeaderSafe(field, value);
  const address = value.trim();
  if (!BARE_ADDRESS_RE.test(address) || address.length > 320) throw new InvalidAddressError(field);
  return address;
}

/** Parses `Name <address>` or `address` into parts, refusing anything that is not exactly one mailbox. */
export function parseMailbox(field: string, value: string): { name: string; address: string } {
  assertHeaderSafe(field, value);
  const match = NAMED_ADDRESS_RE.exec(value);
  if (!match) throw new InvalidAddressError(field);
  const name = (match[1] ?? '').trim().replace(/^"(.*)"$/s, '$1');
  if (name.length > MAX_DISPLAY_NAME)
    throw new InvalidAddressError(field, {
      problem: `has a display name of ${name.length} characters; at most ${MAX_DISPLAY_NAME} fit a header`,
    });
  const address = assertAddress(field, match[2] ?? match[3] ?? '');
  return { name, address };
}

/**
 * A loopback host name as a URL spells it: localhost, 127.x.x.x or [::1].
 * @example isLoopbackHost(new URL('http://127.0.0.1:8787/').hostname) // true
 */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOST_RE.test(hostname);
}

/** https anywhere, plain http only for loopback hosts (local development). */
export function assertWebUrl(field: string, value: string): URL {
  assertPrintable(field, value);
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new UnsafeUrlError(`${field} is not a URL`, { cause });
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK_HOST_RE.test(url.hostname)) return url;
  throw new UnsafeUrlError(`${field} must be https (http only on a loopback host)`);
}

export interface ListHeaderInput {
  /** One-click unsubscribe URL (RFC 8058): https, or http on loopback. */
  unsubscribeUrl: string;
  /** Mailbox that really handles unsubscribe mail, e.g. `unsubscribe@example.org`. */
  unsubscribeMailbox?: string;
  /** Subject of the mailto (identifies the subscription, e.g. the token). */
  unsubscribeMailtoSubject?: string;
  /** List name, e.g. `default`. */
  list: string;
  /** Domain under which list ids live, e.g. `digest.example.org`. */
  listIdDomain: string;
  /** Human description for List-Id. */
  listDescription?: string;
  archiveUrl?: string;
}

const LIST_LABEL_RE = /[^a-z0-9-]+/g;

/**
 * The RFC 2369 / 2919 / 8058 list headers for one recipient.
 * @example listHeaders({ unsubscribeUrl: 'https://x.org/unsubscribe?token=t', list: 'default', listIdDomain: 'x.org' })
 */
export function listHeaders(input: ListHeaderInput): Partial<Record<AllowedHeaderName, string>> {
  const url = assertWebUrl('List-Unsubscribe', input.unsubscribeUrl);
  const targets = [`<${url.href}>`];
  if (input.unsubscribeMailbox) {
    const mailbox = assertAddress('List-Unsubscribe', input.unsubscribeMailbox);
    const subject = input.unsubscribeMailtoSubject
      ? `?subject=${encodeURIComponent(input.unsubscribeMailtoSubject)}`
      : '';
    targets.push(`<mailto:${mailbox}${subject}>`);
  }
  const label =
    input.list
      .toLowerCase()
      .replace(LIST_LABEL_RE, '-')
      .replace(/^-+|-+$/g, '') || 'list';
  const domain = input.listIdDomain.toLowerCase();
  assertPrintable('List-Id', domain);
  const description = (input.listDescription ?? input.list).replace(/["\\]/g, '');
  assertHeaderSafe('List-Id', description);
  const headers: Partial<Record<AllowedHeaderName, string>> = {
    'List-Unsubscribe': targets.join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    // a non-ASCII description cannot go into a prepared header: fall back to the bare id
    'List-Id': PRINTABLE_ASCII_RE.test(description)
      ? `"${description}" <${label}.${domain}>`
      : `<${label}.${domain}>`,
  };
  if (input.archiveUrl) headers['List-Archive'] = `<${assertWebUrl('List-Archive', input.archiveUrl).href}>`;
  return headers;
}
