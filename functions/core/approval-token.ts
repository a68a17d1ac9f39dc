/**
 * The editor's approve link for a draft briefing: an HMAC token with its own purpose, bound to
 * one issue and one list and to the version of the issue the [Review] mail showed (core/issue-version.ts), expiring
 * at the draft's review deadline.
 *
 * Format: `ap1.<payload>.<signature>`, base64url without padding; payload
 * `{"i": issueId, "l": list, "v": version, "exp": seconds}`. The version is signed with the rest, so a link cannot be
 * made to approve another version than the one its mail showed; a token made before versions were signed has no
 * `v` and stands for version "0", the version of every draft when its [Review] mail went out. The MAC key is derived from the token secret with a
 * purpose label, so that neither a subscriber token nor any other HMAC made with the same secret
 * can pass for an approval. A subscriber token (`v1.…`) offered here is "wrong-purpose".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const APPROVE_RE = /^ap1\.([A-Za-z0-9_-]{1,600})\.([A-Za-z0-9_-]{43})$/;
const OTHER_TOKEN_RE = /^v1\.[A-Za-z0-9_-]{1,900}\.[A-Za-z0-9_-]{43}$/;
const MAX_LENGTH = 1024;

export type ApprovalFailure = 'malformed' | 'forged' | 'expired' | 'wrong-purpose';
export type ApprovalResult =
  | { ok: true; issueId: string; list: string; version: string; expiresAt: number }
  | { ok: false; error: ApprovalFailure };

function key(secret: string): Buffer {
  return createHmac('sha256', secret).update('newsletter-digest/approve-draft/v1').digest();
}

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', key(secret)).update(body).digest();
}

/** Signs an approve token for a draft that expires at `deadline`. */
export function signApproval(
  subject: { issueId: string; list: string; version: string },
  secret: string,
  deadline: Date,
): string {
  const payload = {
    i: subject.issueId,
    l: subject.list,
    v: subject.version,
    exp: Math.floor(deadline.getTime() / 1000),
  };
  const body = `ap1.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/** Verifies an approve token: shape (malformed), signature (forged), purpose, expiry. */
export function verifyApproval(token: unknown, options: { secret: string; now: Date }): ApprovalResult {
  if (typeof token !== 'string' || token.length > MAX_LENGTH) return { ok: false, error: 'malformed' };
  if (OTHER_TOKEN_RE.test(token)) return { ok: false, error: 'wrong-purpose' };
  const match = APPROVE_RE.exec(token);
  if (!match) return { ok: false, error: 'malformed' };
  const [, payload = '', signature = ''] = match;
  let parsed: { i?: unknown; l?: unknown; v?: unknown; exp?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    return { ok: false, error: 'malformed' };
  }
  if (typeof parsed.i !== 'string' || typeof parsed.l !== 'string' || typeof parsed.exp !== 'number') {
    return { ok: false, error: 'malformed' };
  }
  if (parsed.v !== undefined && typeof parsed.v !== 'string') return { ok: false, error: 'malformed' };
  // Compared as written: decoding would drop the last character's padding bits (four spellings).
  const expected = Buffer.from(mac(options.secret, `ap1.${payload}`).toString('base64url'), 'ascii');
  const given = Buffer.from(signature, 'ascii');
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, error: 'forged' };
  if (Math.floor(options.now.getTime() / 1000) >= parsed.exp) return { ok: false, error: 'expired' };
  return { ok: true, issueId: parsed.i, list: parsed.l, version: parsed.v ?? '0', expiresAt: parsed.exp };
}
