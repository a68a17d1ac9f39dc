import { describe, expect, it } from 'vitest';
import { emailSchema, maskEmail, normalizeEmail } from '../../functions/core/email-address.js';

describe('normalizeEmail: accepted and normalised', () => {
  it.each([
    { input: 'jane@example.org', out: 'jane@example.org' },
    { input: '  Jane.Doe@Example.ORG \n', out: 'Jane.Doe@example.org' },
    { input: 'j+news@sub.example.co.uk', out: 'j+news@sub.example.co.uk' },
    { input: "o'brien@example.ie", out: "o'brien@example.ie" },
    { input: 'a_b-c.d@ex-ample.org', out: 'a_b-c.d@ex-ample.org' },
    { input: 'info@bücher.de', out: 'info@xn--bcher-kva.de' },
    { input: 'info@BÜCHER.de', out: 'info@xn--bcher-kva.de' },
    { input: 'user@xn--bcher-kva.de', out: 'user@xn--bcher-kva.de' },
    { input: `${'a'.repeat(64)}@example.org`, out: `${'a'.repeat(64)}@example.org` },
    {
      input: `x@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}`,
      out: `x@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}`,
    },
  ])('$input → $out', ({ input, out }) => {
    expect(normalizeEmail(input)).toEqual({ ok: true, email: out });
  });
});

describe('normalizeEmail: refused', () => {
  it.each([
    { input: '', reason: 'empty' },
    { input: '   ', reason: 'empty' },
    { input: 'a@b.c\r\nBcc: x@y.z', reason: 'control-characters' },
    { input: 'a@example.org\nBcc: x@y.z', reason: 'control-characters' },
    { input: 'a\t@example.org', reason: 'control-characters' },
    { input: 'a@exa\u0000mple.org', reason: 'control-characters' },
    { input: 'a\u2028b@example.org', reason: 'control-characters' },
    { input: 'a\u00a0b@example.org', reason: 'non-ascii-local-part' },
    { input: 'jane.example.org', reason: 'not-one-at-sign' },
    { input: 'a@b@example.org', reason: 'not-one-at-sign' },
    { input: 'Jane <jane@example.org>', reason: 'display-name' },
    { input: '<jane@example.org>', reason: 'display-name' },
    { input: '"Roe, Jane" <jane@example.org>', reason: 'display-name' },
    { input: 'jane<x>@example.org', reason: 'invalid-local-part' },
    { input: 'jane@example.org (Jane)', reason: 'invalid-domain' },
    { input: 'jane(comment)@example.org', reason: 'invalid-local-part' },
    { input: '"jane doe"@example.org', reason: 'invalid-local-part' },
    { input: '.jane@example.org', reason: 'invalid-local-part' },
    { input: 'jane.@example.org', reason: 'invalid-local-part' },
    { input: 'ja..ne@example.org', reason: 'invalid-local-part' },
    { input: '@example.org', reason: 'invalid-local-part' },
    { input: `${'a'.repeat(65)}@example.org`, reason: 'invalid-local-part' },
    { input: 'jörg@example.de', reason: 'non-ascii-local-part' },
    { input: '用户@例子.广告', reason: 'non-ascii-local-part' },
    { input: 'jane@', reason: 'invalid-domain' },
    { input: 'jane@localhost', reason: 'invalid-domain' },
    { input: 'jane@[192.0.2.1]', reason: 'invalid-domain' },
    { input: 'jane@192.0.2.1', reason: 'invalid-domain' },
    { input: 'jane@-example.org', reason: 'invalid-domain' },
    { input: 'jane@example-.org', reason: 'invalid-domain' },
    { input: 'jane@exa_mple.org', reason: 'invalid-domain' },
    { input: 'jane@example..org', reason: 'invalid-domain' },
    { input: 'jane@example.org.', reason: 'invalid-domain' },
    { input: `jane@${'a'.repeat(64)}.org`, reason: 'invalid-domain' },
    { input: 'jane@exa mple.org', reason: 'invalid-domain' },
    { input: `${'a'.repeat(64)}@${'abcdefghij.'.repeat(18)}org`, reason: 'too-long' },
    { input: `x@${'abcdefghij.'.repeat(24)}org`, reason: 'invalid-domain' },
    { input: `${'a'.repeat(2000)}@example.org`, reason: 'too-long' },
  ])('$input → $reason', ({ input, reason }) => {
    expect(normalizeEmail(input)).toEqual({ ok: false, reason });
  });
});

describe('emailSchema and maskEmail', () => {
  it('the schema outputs the normal form and explains a rejection', () => {
    expect(emailSchema.parse(' Jo@EXAMPLE.org')).toBe('Jo@example.org');
    const bad = emailSchema.safeParse('a@b.c\r\nBcc: x@y.z');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/control characters/);
  });

  it.each([
    { input: 'jane@example.org', out: 'j***@example.org' },
    { input: 'j@example.org', out: 'j***@example.org' },
    { input: 'nonsense', out: '***' },
  ])('maskEmail($input) = $out', ({ input, out }) => {
    expect(maskEmail(input)).toBe(out);
  });
});
