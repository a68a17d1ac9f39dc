/**
 * The admin console's session cookie and CSRF token.
 *
 * A session is `s1.<payload>.<signature>`: payload JSON `{"n": key name, "k": key id, "sid": random
 * id, "iat", "exp"}` in base64url, signed with HMAC-SHA256 under the token secret, with a purpose
 * prefix so that no mail token can ever pass for a session. It is signed, not encrypted: it
 * holds the key's name and id (core/api-keys.ts `keyId`, a digest), never the key. The id lets
 * every request check that the key is still in the key set, so that revoking or rotating a key
 * ends the sessions opened with it at once. The CSRF token is a second HMAC over the session id (a synchronizer
 * token tied to the session that needs no storage): a form from another session, or none, fails.
 * Signing out records the session id as ended until the session's own expiry (ports/ended-sessions.ts,
 * `endedUntil` below): a copy of the cookie is refused from then on, as an expired one is.
 * Pure: the time and the random session id come in.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Eight hours: a working day, after which the editor signs in again. */
export const SESSION_LIFETIME_SECONDS = 8 * 60 * 60;
/**
 * How long a signed-out session's record outlives the session's expiry: room for a server whose clock runs
 * behind the one that recorded the sign-out, which would still take the cookie for unexpired.
 */
export const ENDED_SESSION_MARGIN_SECONDS = 5 * 60;
/** A session id: base64url, 16 to 64 characters (a safe key, and a safe file name). */
export const SESSION_ID_RE = /^[A-Za-z0-9_-]{16,64}$/;
const SESSION_RE = /^s1\.([A-Za-z0-9_-]{1,600})\.([A-Za-z0-9_-]{43})$/;
const CSRF_RE = /^[A-Za-z0-9_-]{43}$/;
const KEY_ID_RE = /^k-[0-9a-f]{16}$/;

const payloadSchema = z
  .object({
    n: z.string().min(1).max(80),
    k: z.string().regex(KEY_ID_RE),
    sid: z.string().regex(SESSION_ID_RE),
    iat: z.number().int().nonnegative(),
    exp: z.number().int().nonnegative(),
  })
  .strict();

export interface AdminSession {
  /** The API key's name: who edits, in the audit trail. */
  name: string;
  /** The id of the key the session was opened with (`keyId`): the session lasts only while that key does. */
  keyId: string;
  sessionId: string;
  expiresAt: number;
}

export type SessionResult =
  | { ok: true; session: AdminSession }
  | { ok: false; error: 'missing' | 'forged' | 'expired' };

/**
 * Signs a session for the key `name` (id `keyId`), valid from `now` for SESSION_LIFETIME_SECONDS.
 * @example signSession({ name: 'newsroom', keyId: 'k-3f9a0c…', sessionId: 'k3J…' }, secret, new Date())
 */
export function signSession(
  subject: { name: string; keyId: string; sessionId: string },
  secret: string,
  now: Date,
  lifetimeSeconds = SESSION_LIFETIME_SECONDS,
): string {
  const iat = Math.floor(now.getTime() / 1000);
  const payload = {
    n: subject.name,
    k: subject.keyId,
    sid: subject.sessionId,
    iat,
    exp: iat + lifetimeSeconds,
  };
  const body = `s1.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
  return `${body}.${mac(secret, `session.${body}`)}`;
}

/**
 * Checks a session cookie's value: signature first (constant time), then its expiry. Whether its key
 * still exists is the caller's question (the key set is I/O). A cookie signed before sessions named
 * their key has no `k` and is refused as forged: its editor signs in again.
 */
export function verifySession(value: string | undefined, secret: string, now: Date): SessionResult {
  if (!value) return { ok: false, error: 'missing' };
  const match = SESSION_RE.exec(value);
  if (!match) return { ok: false, error: 'forged' };
  const body = `s1.${match[1]}`;
  if (!sameText(mac(secret, `session.${body}`), match[2] ?? '')) return { ok: false, error: 'forged' };
  let parsed: z.infer<typeof payloadSchema>;
  try {
    parsed = payloadSchema.parse(JSON.parse(Buffer.from(match[1] ?? '', 'base64url').toString('utf8')));
  } catch {
    return { ok: false, error: 'forged' };
  }
  if (parsed.exp <= Math.floor(now.getTime() / 1000)) return { ok: false, error: 'expired' };
  return {
    ok: true,
    session: { name: parsed.n, keyId: parsed.k, sessionId: parsed.sid, expiresAt: parsed.exp },
  };
}

/**
 * Until when (Unix seconds) a signed-out session must be remembered as ended: its own expiry, after which
 * the signature check refuses its cookie anyway, plus ENDED_SESSION_MARGIN_SECONDS.
 * @example endedUntil({ ..., expiresAt: 1_800_000_000 }) // 1_800_000_300
 */
export function endedUntil(session: AdminSession): number {
  return session.expiresAt + ENDED_SESSION_MARGIN_SECONDS;
}

/** The CSRF token of a session: every form of the console carries it. */
export function csrfToken(session: AdminSession, secret: string): string {
  return mac(secret, `csrf.${session.sessionId}`);
}

/** True when `given` is the CSRF token bound to the signed-in session (constant-time comparison). */
export function checkCsrf(session: AdminSession, secret: string, given: string | undefined): boolean {
  if (!given || !CSRF_RE.test(given)) return false;
  return sameText(csrfToken(session, secret), given);
}

function mac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
