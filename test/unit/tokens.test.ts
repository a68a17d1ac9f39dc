import { describe, expect, it } from 'vitest';
import {
  signToken,
  type TokenPurpose,
  tokenFailureStatus,
  verifyToken,
} from '../../functions/core/tokens.js';

const SECRET = 'test-secret-0123456789';
const T0 = new Date('2026-03-01T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (ms: number) => new Date(T0.getTime() + ms);
const subject = (purpose: TokenPurpose) => ({ email: 'Jane@example.org', list: 'default', purpose });

function tamper(token: string, part: 1 | 2): string {
  const pieces = token.split('.');
  const target = pieces[part]!;
  const flipped = target.startsWith('A') ? `B${target.slice(1)}` : `A${target.slice(1)}`;
  pieces[part] = flipped;
  return pieces.join('.');
}

describe('tokens: valid', () => {
  it.each([
    { purpose: 'confirm' as const, when: at(0), expiresAt: T0.getTime() / 1000 + 7 * 86400 },
    { purpose: 'confirm' as const, when: at(7 * DAY - 1000), expiresAt: T0.getTime() / 1000 + 7 * 86400 },
    { purpose: 'unsubscribe' as const, when: at(5 * 365 * DAY), expiresAt: null },
    { purpose: 'preferences' as const, when: at(400 * DAY), expiresAt: null },
  ])('$purpose verified at $when', ({ purpose, when, expiresAt }) => {
    const token = signToken(subject(purpose), SECRET, T0);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyToken(token, { secret: SECRET, purpose, now: when })).toEqual({
      ok: true,
      claims: {
        email: 'Jane@example.org',
        list: 'default',
        purpose,
        issuedAt: T0.getTime() / 1000,
        expiresAt,
      },
    });
  });

  it('accepts an old secret during a rotation', () => {
    const token = signToken(subject('unsubscribe'), 'old-secret', T0);
    expect(
      verifyToken(token, { secret: ['new-secret', 'old-secret'], purpose: 'unsubscribe', now: T0 }).ok,
    ).toBe(true);
  });
});

describe('tokens: refused', () => {
  const confirm = signToken(subject('confirm'), SECRET, T0);
  const unsubscribe = signToken(subject('unsubscribe'), SECRET, T0);
  const forgedPayload = `v1.${Buffer.from(JSON.stringify({ e: 'x@example.org', l: 'default', p: 'unsubscribe', iat: 1 })).toString('base64url')}.${unsubscribe.split('.')[2]}`;
  const otherSecret = signToken(subject('unsubscribe'), 'another-secret', T0);
  const unsignedGarbage = `v1.${Buffer.from('not json').toString('base64url')}.${'A'.repeat(43)}`;
  const wrongShape = `v1.${Buffer.from(JSON.stringify({ e: 'x@example.org', p: 'nope' })).toString('base64url')}.${'A'.repeat(43)}`;

  it.each([
    { name: 'empty', token: '', purpose: 'unsubscribe' as const, error: 'malformed' },
    { name: 'not a string', token: 42, purpose: 'unsubscribe' as const, error: 'malformed' },
    { name: 'random text', token: 'hello world', purpose: 'unsubscribe' as const, error: 'malformed' },
    {
      name: 'wrong version',
      token: unsubscribe.replace(/^v1/, 'v2'),
      purpose: 'unsubscribe' as const,
      error: 'malformed',
    },
    {
      name: 'short signature',
      token: unsubscribe.slice(0, -1),
      purpose: 'unsubscribe' as const,
      error: 'malformed',
    },
    { name: 'payload not JSON', token: unsignedGarbage, purpose: 'unsubscribe' as const, error: 'malformed' },
    {
      name: 'payload of wrong shape',
      token: wrongShape,
      purpose: 'unsubscribe' as const,
      error: 'malformed',
    },
    {
      name: 'too long',
      token: `v1.${'A'.repeat(2000)}.${'A'.repeat(43)}`,
      purpose: 'unsubscribe' as const,
      error: 'malformed',
    },
    {
      name: 'tampered signature',
      token: tamper(unsubscribe, 2),
      purpose: 'unsubscribe' as const,
      error: 'forged',
    },
    { name: 'swapped payload', token: forgedPayload, purpose: 'unsubscribe' as const, error: 'forged' },
    { name: 'other secret', token: otherSecret, purpose: 'unsubscribe' as const, error: 'forged' },
    {
      name: 'confirm used to unsubscribe',
      token: confirm,
      purpose: 'unsubscribe' as const,
      error: 'wrong-purpose',
    },
    {
      name: 'unsubscribe used to confirm',
      token: unsubscribe,
      purpose: 'confirm' as const,
      error: 'wrong-purpose',
    },
    {
      name: 'unsubscribe used for preferences',
      token: unsubscribe,
      purpose: 'preferences' as const,
      error: 'wrong-purpose',
    },
  ])('$name → $error', ({ token, purpose, error }) => {
    expect(verifyToken(token, { secret: SECRET, purpose, now: T0 })).toEqual({ ok: false, error });
  });

  it('a confirm token expires after exactly 7 days', () => {
    expect(verifyToken(confirm, { secret: SECRET, purpose: 'confirm', now: at(7 * DAY) })).toMatchObject({
      ok: false,
      error: 'expired',
      claims: { email: 'Jane@example.org', list: 'default', purpose: 'confirm' },
    });
  });

  it.each([
    { error: 'malformed' as const, status: 400 },
    { error: 'forged' as const, status: 403 },
    { error: 'expired' as const, status: 403 },
    { error: 'wrong-purpose' as const, status: 403 },
  ])('$error → HTTP $status', ({ error, status }) => {
    expect(tokenFailureStatus(error)).toBe(status);
  });
});

describe('tokens: one spelling per signature', () => {
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  it('a signature whose last character differs only in the unused padding bits is forged', () => {
    const token = signToken(subject('unsubscribe'), SECRET, T0);
    const last = token.at(-1)!;
    const index = B64URL.indexOf(last);
    // 43 characters carry 258 bits for a 256-bit MAC: the last character's low two bits are padding.
    const variants = [0, 1, 2, 3]
      .map((low) => B64URL[(index & ~3) | low]!)
      .filter((c) => c !== last)
      .map((c) => `${token.slice(0, -1)}${c}`);
    expect(variants).toHaveLength(3);
    for (const variant of variants) {
      expect(Buffer.from(variant.split('.')[2]!, 'base64url')).toEqual(
        Buffer.from(token.split('.')[2]!, 'base64url'),
      );
      expect(verifyToken(variant, { secret: SECRET, purpose: 'unsubscribe', now: T0 })).toEqual({
        ok: false,
        error: 'forged',
      });
    }
    expect(verifyToken(token, { secret: SECRET, purpose: 'unsubscribe', now: T0 }).ok).toBe(true);
  });
});
