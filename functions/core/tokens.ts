/**
 * Signed, purpose-bound tokens for the links in mail: confirm, unsubscribe, preferences.
 *
 * Format: `v1.<payload>.<signature>`, both parts base64url without padding.
 * - payload: JSON `{"e": email, "l": list, "p": purpose, "iat": seconds, "exp"?: seconds}`;
 * - signature: HMAC-SHA256 over `v1.<payload>` with the token secret, compared with
 *   `crypto.timingSafeEqual`.
 *
 * Lifetimes: a confirm token expires 7 days after it was issued (an old opt-in link should not
 * subscribe anybody). Unsubscribe and preferences tokens carry no expiry: they must work for as long
 * as the mail can be read (RFC 8058 one-click from a years-old digest). They are revoked all at once
 * by rotating the secret; `verifyToken` accepts several secrets (new first) for a rotation window.
 *
 * The payload is signed, not encrypted: whoever holds the link sees the address it was sent to,
 * which is that address's owner. Keep query strings out of access logs (see docs/subscribers.md).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const TOKEN_PURPOSES = ['confirm', 'unsubscribe', 'preferences'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** How long a token of each purpose lives, in seconds; null means it does not expire. */
export const TOKEN_LIFETIME_SECONDS: Record<TokenPurpose, number | null> = {
  confirm: 7 * 24 * 60 * 60,
  unsubscribe: null,
  preferences: null,
};

/** Longer input is malformed before any decoding work is done. */
export const MAX_TOKEN_LENGTH = 1024;

const VERSION = 'v1';
const TOKEN_RE = /^v1\.([A-Za-z0-9_-]{1,900})\.([A-Za-z0-9_-]{43})$/;

export interface TokenClaims {
  email: string;
  list: string;
  purpose: TokenPurpose;
  /** Issue time, whole seconds since the epoch. */
  issuedAt: number;
  /** Expiry, whole seconds since the epoch, or null for long-lived tokens. */
  expiresAt: number | null;
}

export type TokenFailure = 'malformed' | 'forged' | 'expired' | 'wrong-purpose';
/**
 * An expired token still carries its claims (its signature and purpose checked): the page can then say which
 * list the old link was for and how to ask again. Nothing may be changed with them.
 */
export type TokenResult =
  | { ok: true; claims: TokenClaims }
  | { ok: false; error: 'expired'; claims: TokenClaims }
  | { ok: false; error: Exclude<TokenFailure, 'expired'> };

const payloadSchema = z
  .object({
    e: z.string().min(3).max(254),
    l: z.string().min(1).max(100),
    p: z.enum(TOKEN_PURPOSES),
    iat: z.number().int().nonnegative(),
    exp: z.number().int().nonnegative().optional(),
  })
  .strict();

/**
 * Signs a token for one purpose. `now` is the issue time.
 *
 * @example signToken({ email: 'j@x.org', list: 'default', purpose: 'unsubscribe' }, secret, new Date())
 */
export function signToken(
  subject: { email: string; list: string; purpose: TokenPurpose },
  secret: string,
  now: Date,
): string {
  const iat = Math.floor(now.getTime() / 1000);
  const lifetime = TOKEN_LIFETIME_SECONDS[subject.purpose];
  const payload = {
    e: subject.email,
    l: subject.list,
    p: subject.purpose,
    iat,
    ...(lifetime ? { exp: iat + lifetime } : {}),
  };
  const body = `${VERSION}.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/**
 * Verifies a token for the purpose the caller serves. Checks, in order: shape (→ malformed),
 * signature (→ forged), purpose (→ wrong-purpose), expiry (→ expired).
 * `secret` may be a list during a key rotation: the token is valid under any of them.
 */
export function verifyToken(
  token: unknown,
  options: { secret: string | readonly string[]; purpose: TokenPurpose; now: Date },
): TokenResult {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, error: 'malformed' };
  const match = TOKEN_RE.exec(token);
  if (!match) return { ok: false, error: 'malformed' };
  const [, encodedPayload = '', encodedSignature = ''] = match;

  let parsed: z.infer<typeof payloadSchema>;
  try {
    const result = payloadSchema.safeParse(
      JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8')),
    );
    if (!result.success) return { ok: false, error: 'malformed' };
    parsed = result.data;
  } catch {
    return { ok: false, error: 'malformed' };
  }

  // Compare the signature as written, not as decoded: the last of its 43 characters carries two
  // padding bits that decoding drops, so four spellings would otherwise verify.
  const signature = Buffer.from(encodedSignature, 'ascii');
  const body = `${VERSION}.${encodedPayload}`;
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  let valid = false;
  for (const secret of secrets) {
    const expected = Buffer.from(mac(secret, body).toString('base64url'), 'ascii');
    // Both are 43 bytes (the regex fixes the signature length); no early exit between secrets either.
    if (expected.length === signature.length && timingSafeEqual(expected, signature)) valid = true;
  }
  if (!valid) return { ok: false, error: 'forged' };

  if (parsed.p !== options.purpose) return { ok: false, error: 'wrong-purpose' };
  const claims: TokenClaims = {
    email: parsed.e,
    list: parsed.l,
    purpose: parsed.p,
    issuedAt: parsed.iat,
    expiresAt: parsed.exp ?? null,
  };
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  if (parsed.exp !== undefined && nowSeconds >= parsed.exp) return { ok: false, error: 'expired', claims };

  return { ok: true, claims };
}

/** The HTTP status for a token failure: malformed → 400, anything else → 403. */
export function tokenFailureStatus(error: TokenFailure): 400 | 403 {
  return error === 'malformed' ? 400 : 403;
}

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body, 'utf8').digest();
}
