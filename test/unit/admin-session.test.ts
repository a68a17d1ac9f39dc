import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkCsrf,
  csrfToken,
  ENDED_SESSION_MARGIN_SECONDS,
  endedUntil,
  SESSION_LIFETIME_SECONDS,
  signSession,
  verifySession,
} from '../../functions/core/admin-session.js';
import { signToken } from '../../functions/core/tokens.js';

const SECRET = 'session-secret-0123456789';
const T0 = new Date('2026-12-02T08:00:00Z');
const SUBJECT = { name: 'night desk', keyId: 'k-0123456789abcdef', sessionId: 'abcdefghijklmnop0123' };
const later = (s: number) => new Date(T0.getTime() + s * 1000);

describe('admin session', () => {
  it('a signed session verifies until it expires', () => {
    const cookie = signSession(SUBJECT, SECRET, T0);
    expect(verifySession(cookie, SECRET, later(60))).toEqual({
      ok: true,
      session: {
        name: 'night desk',
        keyId: SUBJECT.keyId,
        sessionId: SUBJECT.sessionId,
        expiresAt: T0.getTime() / 1000 + SESSION_LIFETIME_SECONDS,
      },
    });
    expect(verifySession(cookie, SECRET, later(SESSION_LIFETIME_SECONDS))).toEqual({
      ok: false,
      error: 'expired',
    });
  });

  it.each([
    { name: 'missing', value: undefined, error: 'missing' },
    { name: 'garbage', value: 'hello', error: 'forged' },
    { name: 'another secret', value: signSession(SUBJECT, 'other-secret-0123456789', T0), error: 'forged' },
    {
      name: 'a changed name',
      value: (() => {
        const [v, , sig] = signSession(SUBJECT, SECRET, T0).split('.');
        const body = Buffer.from(
          JSON.stringify({ n: 'admin', k: SUBJECT.keyId, sid: SUBJECT.sessionId, iat: 1, exp: 9e9 }),
        ).toString('base64url');
        return `${v}.${body}.${sig}`;
      })(),
      error: 'forged',
    },
    {
      // Before sessions named their key: no `k`, so nothing says which key must still stand.
      name: 'a session that names no key',
      value: (() => {
        const body = `s1.${Buffer.from(
          JSON.stringify({ n: 'night desk', sid: SUBJECT.sessionId, iat: 1, exp: 9e9 }),
        ).toString('base64url')}`;
        return `${body}.${createHmac('sha256', SECRET).update(`session.${body}`).digest('base64url')}`;
      })(),
      error: 'forged',
    },
    {
      name: 'an unsubscribe token signed with the same secret',
      value: signToken({ email: 'a@example.org', list: 'default', purpose: 'unsubscribe' }, SECRET, T0),
      error: 'forged',
    },
  ])('refuses $name', ({ value, error }) => {
    expect(verifySession(value, SECRET, later(1))).toEqual({ ok: false, error });
  });

  it('the CSRF token belongs to one session', () => {
    const mine = verifySession(signSession(SUBJECT, SECRET, T0), SECRET, T0);
    const theirs = verifySession(
      signSession({ ...SUBJECT, sessionId: 'zyxwvutsrqponmlk9876' }, SECRET, T0),
      SECRET,
      T0,
    );
    if (!mine.ok || !theirs.ok) throw new Error('sessions should verify');
    const token = csrfToken(mine.session, SECRET);
    expect(checkCsrf(mine.session, SECRET, token)).toBe(true);
    expect(checkCsrf(theirs.session, SECRET, token)).toBe(false);
    expect(checkCsrf(mine.session, SECRET, undefined)).toBe(false);
    expect(checkCsrf(mine.session, SECRET, `${token.slice(0, -1)}A`)).toBe(token.endsWith('A'));
  });

  it('a signed-out session is remembered as ended until its expiry and a margin for clocks that run behind', () => {
    const session = verifySession(signSession(SUBJECT, SECRET, T0), SECRET, T0);
    if (!session.ok) throw new Error('the session should verify');
    const until = endedUntil(session.session);
    expect(until).toBeGreaterThan(session.session.expiresAt);
    expect(until - session.session.expiresAt).toBe(ENDED_SESSION_MARGIN_SECONDS);
  });
});
