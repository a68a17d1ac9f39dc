/**
 * Email addresses as the product stores and sends to them.
 *
 * Normal form: surrounding whitespace trimmed, the domain lower-cased (and an internationalised
 * domain converted to its ASCII "punycode" form), the local part kept exactly as typed for display and
 * delivery. Identity is case-insensitive all the same (`addressKey`): one person, one record.
 *
 * Accepted is what SES sends without SMTPUTF8 and without surprises:
 * - a bare `local@domain` (no display name `Jane <j@x.org>`, no comments `j(x)@x.org`, no quoted
 *   local parts `"j x"@x.org`, no IP-literal domains `j@[10.0.0.1]`);
 * - no control characters at all: a CR or LF inside is a header-injection attempt, never an address;
 * - a dot-atom local part of at most 64 ASCII characters. Non-ASCII local parts (`jörg@x.de`) are
 *   refused: they need SMTPUTF8, which SES does not offer, so the mail would bounce anyway;
 * - a domain of at least two labels, each 1–63 of `a-z 0-9 -` (not starting or ending with `-`), a
 *   non-numeric top-level label, at most 253 characters. A Unicode domain (`bücher.de`) is accepted
 *   and stored as `xn--bcher-kva.de` (IDNA via WHATWG `domainToASCII`), which SES can send to;
 * - at most 254 characters in all (RFC 5321 path limit minus the angle brackets).
 */
import { createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { CONTROL_CHARACTER_RE } from './control-characters.js';

export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const MAX_DOMAIN_LENGTH = 253;

const NON_ASCII_RE = /[^\u0000-\u007f]/;
/** RFC 5322 dot-atom: atext runs separated by single dots. */
const DOT_ATOM_RE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL_RE = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const NUMERIC_RE = /^[0-9]+$/;
/** `Jane <jane@x.org>` or `<jane@x.org>`: an address as a mail program shows it, pasted where the address alone goes. */
const NAMED_ADDRESS_RE = /^[^<>@]*<[^<>]+@[^<>]+>$/;

export type EmailRejection =
  | 'empty'
  | 'too-long'
  | 'control-characters'
  | 'not-one-at-sign'
  | 'display-name'
  | 'invalid-local-part'
  | 'non-ascii-local-part'
  | 'invalid-domain';

export type EmailResult = { ok: true; email: string } | { ok: false; reason: EmailRejection };

const REASON_TEXT: Record<EmailRejection, string> = {
  empty: 'the address is empty',
  'too-long': `the address is longer than ${MAX_EMAIL_LENGTH} characters`,
  'control-characters': 'the address contains control characters (line breaks, tabs, ...)',
  'not-one-at-sign': 'the address must contain exactly one @',
  'display-name': 'write the address alone (jane@example.org), without a name or angle brackets around it',
  'invalid-local-part': 'the part before @ is not a plain mailbox name',
  'non-ascii-local-part':
    'the part before @ has letters beyond plain ASCII (such as é or ö), which our mail service cannot deliver to',
  'invalid-domain': 'the domain is not a valid host name',
};

/** A readable sentence for a rejection reason. */
export function describeEmailRejection(reason: EmailRejection): string {
  return REASON_TEXT[reason];
}

/**
 * Validates and normalises an address.
 *
 * @example
 *   normalizeEmail('  Jane.Doe@Example.ORG ') // { ok: true, email: 'Jane.Doe@example.org' }
 *   normalizeEmail('a@b.c\r\nBcc: x@y.z')     // { ok: false, reason: 'control-characters' }
 *   normalizeEmail('info@bücher.de')          // { ok: true, email: 'info@xn--bcher-kva.de' }
 */
export function normalizeEmail(input: string): EmailResult {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, reason: 'empty' };
  if (CONTROL_CHARACTER_RE.test(trimmed)) return { ok: false, reason: 'control-characters' };
  // Checked before the IDN conversion too, so that a huge input never reaches it.
  if (trimmed.length > MAX_EMAIL_LENGTH * 4) return { ok: false, reason: 'too-long' };
  if (NAMED_ADDRESS_RE.test(trimmed)) return { ok: false, reason: 'display-name' };
  const parts = trimmed.split('@');
  if (parts.length !== 2) return { ok: false, reason: 'not-one-at-sign' };
  const [local = '', rawDomain = ''] = parts;

  if (NON_ASCII_RE.test(local)) return { ok: false, reason: 'non-ascii-local-part' };
  if (local.length > MAX_LOCAL_LENGTH || !DOT_ATOM_RE.test(local))
    return { ok: false, reason: 'invalid-local-part' };

  const domain = asciiDomain(rawDomain);
  if (!domain) return { ok: false, reason: 'invalid-domain' };

  const email = `${local}@${domain}`;
  if (email.length > MAX_EMAIL_LENGTH) return { ok: false, reason: 'too-long' };
  return { ok: true, email };
}

function asciiDomain(raw: string): string | null {
  if (!raw || raw.startsWith('[') || raw.endsWith('.')) return null;
  // domainToASCII lower-cases, applies IDNA (UTS #46) and returns '' for what it cannot convert.
  const domain = NON_ASCII_RE.test(raw) ? domainToASCII(raw) : raw.toLowerCase();
  if (!domain || domain.length > MAX_DOMAIN_LENGTH) return null;
  const labels = domain.split('.');
  if (labels.length < 2) return null;
  if (!labels.every((label) => LABEL_RE.test(label))) return null;
  if (NUMERIC_RE.test(labels[labels.length - 1] ?? '')) return null;
  return domain;
}

/** A zod schema that validates and normalises an address (the output is the normal form). */
export const emailSchema = z.string().transform((value, ctx) => {
  const result = normalizeEmail(value);
  if (!result.ok) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: describeEmailRejection(result.reason) });
    return z.NEVER;
  }
  return result.email;
});

export { maskEmail } from './log-redaction.js';

/**
 * The identity of an address for every per-address key, limit and dedupe: the whole normal form
 * lower-cased. The address is still stored and mailed as typed; `Jane@x.org` and `JANE@x.org` are one
 * person (one record, one confirmation slot, one copy of each issue), as every common mail host treats them.
 *
 * @example addressKey('Jane.Doe@example.org') // 'jane.doe@example.org'
 */
export function addressKey(email: string): string {
  return email.toLowerCase();
}

/**
 * The key a suppression is stored under: SHA-256 (hex) of the whole address lower-cased, so that a
 * bounce reported as `JANE@example.org` suppresses `jane@example.org` too, and so that a forgotten
 * complainer leaves no readable address behind.
 */
export function emailHash(email: string): string {
  return createHash('sha256').update(addressKey(email), 'utf8').digest('hex');
}
