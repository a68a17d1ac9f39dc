import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkBearer, keyId, parseKeySet } from '../../functions/core/api-keys.js';
import { signApproval, verifyApproval } from '../../functions/core/approval-token.js';
import { windowKey } from '../../functions/core/briefing-window.js';
import { signToken } from '../../functions/core/tokens.js';
import { createHandler as authorizer } from '../../functions/handlers/authorizer.js';
import { listOfKey } from '../../functions/handlers/s3-drop.js';

const SECRET = 'unit-test-secret-0123456789';
const NOW = new Date('2026-03-10T07:00:00Z');
const DEADLINE = new Date('2026-03-10T19:00:00Z');

/** The same 32 signature bytes with the last character's two unused bits set differently. */
function paddingVariant(token: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const index = alphabet.indexOf(token.at(-1)!);
  return `${token.slice(0, -1)}${alphabet[index ^ 1]}`;
}

describe('approval tokens', () => {
  const good = signApproval(
    { issueId: '20260310-abcdef012345', list: 'city', version: '0' },
    SECRET,
    DEADLINE,
  );
  const edited = signApproval(
    { issueId: '20260310-abcdef012345', list: 'city', version: '3' },
    SECRET,
    DEADLINE,
  );
  /** A token as signed before the version was part of it: the same MAC over a payload without `v`. */
  const unversioned = (() => {
    const body = `ap1.${Buffer.from(JSON.stringify({ i: 'x', l: 'city', exp: DEADLINE.getTime() / 1000 })).toString('base64url')}`;
    const key = createHmac('sha256', SECRET).update('newsletter-digest/approve-draft/v1').digest();
    return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
  })();
  const subscriberToken = signToken(
    { email: 'a@example.org', list: 'city', purpose: 'preferences' },
    SECRET,
    NOW,
  );
  it.each([
    {
      name: 'valid',
      token: good,
      now: NOW,
      out: { ok: true, issueId: '20260310-abcdef012345', list: 'city', version: '0' },
    },
    // The version the [Review] mail showed is signed with the rest (an edit made after the mail refuses its link).
    { name: 'a later version', token: edited, now: NOW, out: { ok: true, version: '3' } },
    {
      name: 'the version changed by hand',
      token: edited.replace(
        /^ap1\.[^.]+/,
        `ap1.${Buffer.from(JSON.stringify({ i: '20260310-abcdef012345', l: 'city', v: '4', exp: DEADLINE.getTime() / 1000 })).toString('base64url')}`,
      ),
      now: NOW,
      out: { ok: false, error: 'forged' },
    },
    { name: 'signed before versions were', token: unversioned, now: NOW, out: { ok: true, version: '0' } },
    { name: 'at the deadline', token: good, now: DEADLINE, out: { ok: false, error: 'expired' } },
    {
      name: 'other secret',
      token: signApproval({ issueId: 'x', list: 'city', version: '0' }, 'another-secret-xxxxxxxx', DEADLINE),
      now: NOW,
      out: { ok: false, error: 'forged' },
    },
    {
      name: 'tampered payload',
      token: good.replace(
        /^ap1\.[^.]+/,
        `ap1.${Buffer.from('{"i":"evil","l":"city","exp":9999999999}').toString('base64url')}`,
      ),
      now: NOW,
      out: { ok: false, error: 'forged' },
    },
    {
      name: 'a subscriber token',
      token: subscriberToken,
      now: NOW,
      out: { ok: false, error: 'wrong-purpose' },
    },
    {
      name: 'a signature spelled with other padding bits',
      token: paddingVariant(good),
      now: NOW,
      out: { ok: false, error: 'forged' },
    },
    { name: 'garbage', token: 'ap1.x.y', now: NOW, out: { ok: false, error: 'malformed' } },
    { name: 'not a string', token: 42, now: NOW, out: { ok: false, error: 'malformed' } },
    { name: 'huge', token: `ap1.${'a'.repeat(2000)}.x`, now: NOW, out: { ok: false, error: 'malformed' } },
  ])('$name', ({ token, now, out }) => {
    expect(verifyApproval(token, { secret: SECRET, now })).toMatchObject(out);
  });
});

describe('bearer keys', () => {
  const keys = parseKeySet(
    JSON.stringify({
      keys: [
        { name: 'newsroom', key: 'k'.repeat(32) },
        { name: 'ops', key: 'o'.repeat(32) },
      ],
    }),
  );
  it.each([
    { header: undefined, out: { ok: false, status: 401 } },
    { header: 'Basic abc', out: { ok: false, status: 401 } },
    { header: `Bearer ${'k'.repeat(32)}`, out: { ok: true, name: 'newsroom' } },
    { header: `bearer ${'o'.repeat(32)}`, out: { ok: true, name: 'ops' } },
    { header: `Bearer ${'k'.repeat(31)}x`, out: { ok: false, status: 403 } },
    { header: `Bearer ${'k'.repeat(32)}\r\nX: y`, out: { ok: false, status: 401 } },
  ])('$header', ({ header, out }) => {
    expect(checkBearer(header, keys)).toMatchObject(out);
  });

  it('a key keeps its id when it is renamed, and the id does not reveal the key', () => {
    const renamed = parseKeySet(JSON.stringify({ keys: [{ name: 'desk', key: 'k'.repeat(32) }] }));
    const before = checkBearer(`Bearer ${'k'.repeat(32)}`, keys);
    const after = checkBearer(`Bearer ${'k'.repeat(32)}`, renamed);
    expect(before.ok && after.ok && before.id === after.id && before.name !== after.name).toBe(true);
    expect(JSON.stringify(after)).not.toContain('k'.repeat(16));
  });

  it('parses a bare key and refuses short ones', () => {
    expect(parseKeySet(` ${'z'.repeat(20)}\n`)).toEqual([{ name: 'api', key: 'z'.repeat(20) }]);
    expect(() => parseKeySet('short')).toThrow();
    expect(() => parseKeySet('{"keys":[{"name":"a","key":"short"}]}')).toThrow();
  });

  it('the Lambda authorizer answers with simple responses', async () => {
    const handle = authorizer({ keys: async () => keys });
    const event = (authorization?: string) =>
      ({ headers: authorization ? { authorization } : {} }) as unknown as Parameters<typeof handle>[0];
    expect(await handle(event(`Bearer ${'o'.repeat(32)}`))).toEqual({
      isAuthorized: true,
      context: { keyName: 'ops', keyId: keyId('o'.repeat(32)) },
    });
    expect((await handle(event('Bearer nope-nope-nope-nope'))).isAuthorized).toBe(false);
    expect((await handle(event())).isAuthorized).toBe(false);
  });
});

describe('schedule windows', () => {
  it.each([
    { at: '2026-03-09T23:30:00Z', zone: 'Europe/Oslo', cadence: 'daily', out: '2026-03-10' },
    { at: '2026-03-09T23:30:00Z', zone: 'America/New_York', cadence: 'daily', out: '2026-03-09' },
    { at: '2026-03-10T20:00:00Z', zone: 'Asia/Tokyo', cadence: 'daily', out: '2026-03-11' },
    { at: '2026-03-10T07:59:59Z', zone: 'UTC', cadence: 'hourly', out: '2026-03-10T07' },
    { at: '2026-03-10T07:00:00Z', zone: 'UTC', cadence: 'weekly', out: '2026-W11' },
    { at: '2027-01-01T12:00:00Z', zone: 'UTC', cadence: 'weekly', out: '2026-W53' },
    // the night clocks go forward in Europe: 01:30 UTC is 03:30 local, still the same day
    { at: '2026-03-29T01:30:00Z', zone: 'Europe/Berlin', cadence: 'hourly', out: '2026-03-29T03' },
    // the night clocks go back: local 02:00–03:00 happens twice, and each pass is its own hourly window
    { at: '2026-10-25T00:00:00Z', zone: 'Europe/Oslo', cadence: 'hourly', out: '2026-10-25T02' },
    { at: '2026-10-25T00:59:00Z', zone: 'Europe/Oslo', cadence: 'hourly', out: '2026-10-25T02' },
    { at: '2026-10-25T01:00:00Z', zone: 'Europe/Oslo', cadence: 'hourly', out: '2026-10-25T02b' },
    { at: '2026-10-25T01:59:00Z', zone: 'Europe/Oslo', cadence: 'hourly', out: '2026-10-25T02b' },
    { at: '2026-10-25T02:00:00Z', zone: 'Europe/Oslo', cadence: 'hourly', out: '2026-10-25T03' },
    { at: '2026-11-01T06:00:00Z', zone: 'America/New_York', cadence: 'hourly', out: '2026-11-01T01b' },
    // a daily or weekly window does not care
    { at: '2026-10-25T01:00:00Z', zone: 'Europe/Oslo', cadence: 'daily', out: '2026-10-25' },
  ] as const)('$at in $zone ($cadence) → $out', ({ at, zone, cadence, out }) => {
    expect(windowKey(new Date(at), zone, cadence)).toBe(out);
  });

  it('refuses an unknown zone and an invalid date', () => {
    expect(() => windowKey(NOW, 'Mars/Olympus', 'daily')).toThrow(/unknown time zone/);
    expect(() => windowKey(new Date('x'), 'UTC', 'daily')).toThrow(/not a valid date/);
  });
});

describe('S3 drop keys', () => {
  it.each([
    ['lists/city/2026/harbour.html', 'city'],
    ['lists/city/note.txt', 'city'],
    ['lists/city/', null],
    ['lists/../x', null],
    ['other/city/a.html', null],
    ['lists/bad name/a.html', null],
  ])('%s → %s', (key, out) => {
    expect(listOfKey(key)).toBe(out);
  });
});
