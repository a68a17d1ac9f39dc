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
