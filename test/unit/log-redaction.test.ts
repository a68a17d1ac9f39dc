import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { maskEmail, redactAddresses, redactText } from '../../functions/core/log-redaction.js';

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

describe('redactText: an address inside a URL or beside punctuation is masked, and nothing around it', () => {
  it.each([
    // the query parameter that names a reader: the rest of the URL stays readable
    [
      'https://island-post.invalid/letters?from=reader@example.org',
      'https://island-post.invalid/letters?from=r***@example.org',
    ],
    [
      'https://island-post.invalid/letters?page=2&from=reader@example.org&sort=new#top',
      'https://island-post.invalid/letters?page=2&from=r***@example.org&sort=new#top',
    ],
    [
      'item skipped: https://h.example/u/jane.doe@example.org/feed: no article',
      'item skipped: https://h.example/u/j***@example.org/feed: no article',
    ],
    // percent-encoded at sign, as a browser or a form encodes it
    [
      'https://h.example/s?email=jane%40example.org&list=x',
      'https://h.example/s?email=j***%40example.org&list=x',
    ],
    ['https://h.example/s?email=Jane%2Bnews%40Example.org', 'https://h.example/s?email=J***%40Example.org'],
    ['email=jane%40example.org&list=default', 'email=j***%40example.org&list=default'],
    // a query value holding a VERP address: the whole value is the address
    [
      'https://h.example/b?rcpt=list-bounces+jane=example.com@lists.example.org',
      'https://h.example/b?rcpt=l***@lists.example.org',
    ],
    // mailto
    ['mailto:jane@example.org', 'mailto:j***@example.org'],
    [
      'mailto:jane@example.org,bob@example.net?subject=Hello',
      'mailto:j***@example.org,b***@example.net?subject=Hello',
    ],
    // userinfo is a credential: all of it goes, the host stays
    ['https://user:pass@host.example/feed.xml', 'https://***@host.example/feed.xml'],
    ['fetch https://user:pass@host/ failed', 'fetch https://***@host/ failed'],
    ['https://jane%40example.org:s3cret@feeds.example/rss', 'https://***@feeds.example/rss'],
    ['ftp://token@files.example:2121/a', 'ftp://***@files.example:2121/a'],
    // several addresses, punctuation around them
    ['to a@x.example, b@y.example; c@z.example.', 'to a***@x.example, b***@y.example; c***@z.example.'],
    ['(jane@example.org)', '(j***@example.org)'],
    ["'jane@example.org'", "'j***@example.org'"],
    ['"jane@example.org",', '"j***@example.org",'],
    ['Jane <jane.doe+news@mail.example.co.uk>:', 'Jane <j***@mail.example.co.uk>:'],
    ['recipient=jane@example.org', 'recipient=j***@example.org'],
    ['to=`jane@example.org`', 'to=`j***@example.org`'],
    ['see...jane@example.org', 'see...j***@example.org'],
    // internationalised addresses and domains (and their punycode form)
    ['jörg@bücher.example', 'j***@bücher.example'],
    ['jane@xn--bcher-kva.example', 'j***@xn--bcher-kva.example'],
    ['用户@例子.广告', '用***@例子.广告'],
    [
      'https://h.example/?from=jörg%40b%C3%BCcher.example',
      'https://h.example/?from=j***%40b%C3%BCcher.example',
    ],
    // a quoted local part is an address too
    ['"jane doe"@example.org', '"j***"@example.org'],
    // an SRS address shows its tag only; an IP-literal domain is a domain
    ['SRS0=HHH=TT=example.com=jane@fwd.example', 'SRS0=H***@fwd.example'],
    ['jane@[192.0.2.1]', 'j***@[192.0.2.1]'],
    // what is no address stays as it is
    ['https://medium.example/@jane.doe', 'https://medium.example/@jane.doe'],
    [
      '@handle and a@b and https://host.example/path?q=1',
      '@handle and a@b and https://host.example/path?q=1',
    ],
  ])('%s → %s', (text, out) => {
    expect(redactText(text)).toBe(out);
    // a line masked once (a ledger reason logged again) comes out the same
    expect(redactText(text)).toBe(redactText(redactText(text)));
  });
});

/** `{ a: { a: … { leaf } } }` with `levels` objects around the leaf (the entry itself is the first). */
function nestedIn(levels: number, leaf: unknown): Record<string, unknown> {
  let value: unknown = leaf;
  for (let i = 1; i < levels; i += 1) value = { a: value };
  return { a: value };
}

describe('redactAddresses: nothing deep passes unmasked', () => {
  // Depth 6 and more used to come out as given: the address under it reached the log.
  it.each([2, 5, 6, 7, 8, 12, 50])('an address under %i levels of objects is masked or cut', (levels) => {
    const logged = JSON.stringify(redactAddresses(nestedIn(levels, { email: 'jane@example.org' })));
    expect(logged).not.toContain('jane@example.org');
    expect(logged).toMatch(/j\*\*\*@example\.org|\[nested too deep\]/);
  });

  it.each([2, 5, 6, 7, 12])('an address under %i levels of arrays is masked or cut', (levels) => {
    let value: unknown = ['jane@example.org'];
    for (let i = 1; i < levels; i += 1) value = [value];
    const logged = JSON.stringify(redactAddresses({ to: value }));
    expect(logged).not.toContain('jane@example.org');
    expect(logged).toMatch(/j\*\*\*@example\.org|\[nested too deep\]/);
  });

  it('what lies past the depth limit is replaced by a marker, what lies above it is kept', () => {
    expect(redactAddresses(nestedIn(8, { email: 'jane@example.org', n: 1 }))).toEqual(
      nestedIn(6, '[nested too deep]'),
    );
    expect(redactAddresses(nestedIn(4, { email: 'jane@example.org', n: 1 }))).toEqual(
      nestedIn(4, { email: 'j***@example.org', n: 1 }),
    );
  });

  it('a cycle (through an object or an array) is marked, neither followed nor thrown on', () => {
    const reader: Record<string, unknown> = { email: 'jane@example.org' };
    reader.self = reader;
    reader.friends = [reader];
    const out = redactAddresses({ reader });
    expect(out).toEqual({
      reader: { email: 'j***@example.org', self: '[circular]', friends: ['[circular]'] },
    });
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('one object met twice, not in a cycle, is logged both times', () => {
    const shared = { email: 'jane@example.org' };
    expect(redactAddresses({ from: shared, replyTo: shared })).toEqual({
      from: { email: 'j***@example.org' },
      replyTo: { email: 'j***@example.org' },
    });
  });

  it('a value with toJSON (a Date, a URL) is logged as JSON would write it, masked', () => {
    expect(
      redactAddresses({ at: new Date(0), page: new URL('https://h.example/u?from=jane@example.org') }),
    ).toEqual({ at: '1970-01-01T00:00:00.000Z', page: 'https://h.example/u?from=j***@example.org' });
  });
});

describe('redactAddresses: keys are masked as values are', () => {
  it.each([
    [{ 'jane@example.org': 3 }, { 'j***@example.org': 3 }],
    [{ counts: { 'jane@example.org': 3, other: 1 } }, { counts: { 'j***@example.org': 3, other: 1 } }],
    [{ 'https://user:pw@h.example/feed': 'ok' }, { 'https://***@h.example/feed': 'ok' }],
    // a key JSON.parse made from untrusted input stays a field
    [
      JSON.parse('{"__proto__": {"to": "jane@example.org"}}'),
      JSON.parse('{"__proto__": {"to": "j***@example.org"}}'),
    ],
    // two addresses that mask alike: both counts stay
    [
      { byAddress: { 'jane@example.org': 3, 'john@example.org': 5 } },
      { byAddress: { 'j***@example.org': 3, 'j***@example.org (2)': 5 } },
    ],
  ])('%j → %j', (entry, out) => {
    expect(redactAddresses(entry)).toEqual(out);
  });
});

describe('redactAddresses: an error is logged with its name, message, stack and cause, masked', () => {
  class SendRefusedError extends Error {
    override readonly name = 'SendRefusedError';
  }

  it('an Error field keeps its name, message and stack (JSON of an Error is {})', () => {
    const error = new SendRefusedError('could not send to jane@example.org: throttled');
    const { error: out } = redactAddresses({ error }) as { error: Record<string, unknown> };
    expect(out).toMatchObject({
      name: 'SendRefusedError',
      message: 'could not send to j***@example.org: throttled',
    });
    expect(out.stack).toEqual(expect.stringContaining('could not send to j***@example.org: throttled'));
    expect(out.stack).toEqual(expect.stringMatching(/\n\s+at /));
    expect(JSON.stringify(out)).not.toContain('jane@example.org');
  });

  it('the cause chain is kept to a small depth, then marked', () => {
    let error = new Error('level 0 for jane@example.org');
    for (let i = 1; i <= 6; i += 1) error = new Error(`level ${i}`, { cause: error });
    const out = redactAddresses({ error }) as { error: Record<string, unknown> };
    const messages: unknown[] = [];
    let at: unknown = out.error;
    while (at && typeof at === 'object') {
      messages.push((at as Record<string, unknown>).message);
      at = (at as Record<string, unknown>).cause;
    }
    expect(messages).toEqual(['level 6', 'level 5', 'level 4', 'level 3']);
    expect(at).toBe('[nested too deep]');
  });

  it('a cause that is no Error, and an error that is its own cause', () => {
    const error = new Error('outer', { cause: { status: 503, to: 'jane@example.org' } });
    expect(redactAddresses({ error })).toMatchObject({
      error: { message: 'outer', cause: { status: 503, to: 'j***@example.org' } },
    });
    const loop = new Error('loop');
    loop.cause = loop;
    expect(redactAddresses({ error: loop })).toMatchObject({
      error: { message: 'loop', cause: '[circular]' },
    });
  });

  it('an AWS SDK error keeps its HTTP status, fault, request id and code', () => {
    const error = new ConditionalCheckFailedException({
      message: 'The conditional request failed for jane@example.org',
      $metadata: { httpStatusCode: 400, requestId: 'R1', attempts: 1 },
    });
    Object.assign(error, { code: 'ConditionalCheckFailedException' });
    expect(redactAddresses({ error })).toMatchObject({
      error: {
        name: 'ConditionalCheckFailedException',
        message: 'The conditional request failed for j***@example.org',
        code: 'ConditionalCheckFailedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400, requestId: 'R1', attempts: 1 },
      },
    });
  });

  it('a Node system error keeps its code; an error in an array is serialised too', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
    });
    expect(redactAddresses({ errors: [error] })).toMatchObject({
      errors: [{ name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:9', code: 'ECONNREFUSED' }],
    });
  });
});

describe('redactAddresses: a value that throws when read is marked, and the rest of the entry is kept', () => {
  const throwing = (message: string) => () => {
    throw new Error(message);
  };

  it('a getter that throws gives `[unreadable]` for its field only', () => {
    const request = { to: 'jane@example.org' };
    Object.defineProperty(request, 'body', { enumerable: true, get: throwing('stream already read') });
    expect(redactAddresses({ event: 'send-failed', request })).toEqual({
      event: 'send-failed',
      request: { to: 'j***@example.org', body: '[unreadable]' },
    });
  });

  it('an error whose message or name getter throws keeps what can be read', () => {
    const error = new Error('not delivered to jane@example.org');
    Object.defineProperty(error, 'name', { get: throwing('no name') });
    const out = redactAddresses({ error }) as { error: Record<string, unknown> };
    expect(out.error.name).toBe('[unreadable]');
    expect(out.error.message).toBe('not delivered to j***@example.org');
  });

  it('a revoked proxy (every read throws) is marked whole, not thrown on', () => {
    const { proxy, revoke } = Proxy.revocable({ to: 'jane@example.org' }, {});
    revoke();
    expect(redactAddresses({ event: 'x', request: proxy, n: 1 })).toEqual({
      event: 'x',
      request: '[unreadable]',
      n: 1,
    });
  });
});
