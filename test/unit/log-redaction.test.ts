import { describe, expect, it } from 'vitest';
import { maskEmail, redactAddresses } from '../../functions/core/log-redaction.js';

describe('redactAddresses', () => {
  it.each([
    [{ recipient: 'jane@example.org' }, { recipient: 'j***@example.org' }],
    [
      { message: 'could not send to Jane <jane.doe+news@mail.example.co.uk>: throttled' },
      { message: 'could not send to Jane <j***@mail.example.co.uk>: throttled' },
    ],
    [
      { to: ['a@x.example', 'b@y.example'], n: 2 },
      { to: ['a***@x.example', 'b***@y.example'], n: 2 },
    ],
    [{ nested: { deeper: { email: 'x@z.example' } } }, { nested: { deeper: { email: 'x***@z.example' } } }],
    [
      { list: 'default', at: '@handle', sent: 3, ok: true, none: null },
      { list: 'default', at: '@handle', sent: 3, ok: true, none: null },
    ],
  ])('%j → %j', (entry, out) => {
    expect(redactAddresses(entry)).toEqual(out);
  });

  it('leaves the entry it was given unchanged', () => {
    const entry = { to: 'jane@example.org' };
    redactAddresses(entry);
    expect(entry.to).toBe('jane@example.org');
  });
});

describe('maskEmail', () => {
  it.each([
    ['jane@example.org', 'j***@example.org'],
    ['j@example.org', 'j***@example.org'],
    ['not-an-address', '***'],
  ])('%s → %s', (email, out) => {
    expect(maskEmail(email)).toBe(out);
  });
});
