import { describe, expect, it } from 'vitest';
import {
  SearchCursorError,
  searchCursorKey,
  searchCursorOf,
  searchPageOf,
  subscriberMatches,
} from '../../functions/core/subscriber-search.js';
import { importedSubscriber } from '../../functions/core/subscription.js';
import type { Subscriber, SubscriberSearch } from '../../functions/ports/subscriber-store.js';

const AT = '2026-03-01T09:00:00.000Z';
const record = (email: string, overrides: Partial<Subscriber> = {}): Subscriber => ({
  ...importedSubscriber(email, 'harbour', AT),
  ...overrides,
});

describe('subscriberMatches', () => {
  const ann = record('Ann.Dahl@Harbour.example', { topics: ['tides', 'ferries'] });
  it.each<[SubscriberSearch, boolean]>([
    [{}, true],
    [{ contains: 'ann.dahl@' }, true],
    [{ contains: 'harbour.example' }, true],
    [{ contains: 'Ann' }, false], // the part comes lower-cased, as the console sends it
    [{ contains: 'email#' }, false],
    [{ status: 'confirmed' }, true],
    [{ status: 'pending' }, false],
    [{ topic: 'tides' }, true],
    [{ topic: 'tide' }, false],
    [{ contains: 'dahl', status: 'confirmed', topic: 'ferries' }, true],
    [{ contains: 'dahl', status: 'unsubscribed', topic: 'ferries' }, false],
  ])('%o → %s', (search, out) => {
    expect(subscriberMatches(ann, search)).toBe(out);
  });
});

describe('search cursors', () => {
  it.each(['ann@harbour.example', 'josé@bücher.example', 'a+b#c@x.example'])(
    'the cursor of %s names its lower-cased address',
    (email) => {
      const cursor = searchCursorOf(record(email.toUpperCase()));
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(searchCursorKey(cursor)).toBe(email.toUpperCase().toLowerCase());
    },
  );

  it.each([null, undefined, ''])('%o is no cursor: the first page', (cursor) => {
    expect(searchCursorKey(cursor)).toBeNull();
  });

  it.each([
    'not a cursor', // not base64url
    'QQ', // "A": not a lower-cased address
    'YW5u=', // padding: not the form the stores write
    'YW5', // "an" cut short: decodes, but not to what it encodes
    '_w', // not UTF-8
  ])('refuses %s', (cursor) => {
    expect(() => searchCursorKey(cursor)).toThrow(SearchCursorError);
  });
});

describe('searchPageOf', () => {
  const read = ['a', 'b', 'c', 'd'].map((n) => record(`${n}@x.example`));
  const emails = (items: Subscriber[]) => items.map((s) => s.email);
  it('forward from the start: the page, and a next page when one more was read', () => {
    const page = searchPageOf(read, 3, 'forward', false);
    expect(emails(page.items)).toEqual(['a@x.example', 'b@x.example', 'c@x.example']);
    expect(page.previous).toBeNull();
    expect(searchCursorKey(page.next)).toBe('c@x.example');
  });
  it('backward from a cursor: the page in address order, a previous page when one more was read', () => {
    const page = searchPageOf([...read].reverse(), 3, 'backward', true);
    expect(emails(page.items)).toEqual(['b@x.example', 'c@x.example', 'd@x.example']);
    expect(searchCursorKey(page.previous)).toBe('b@x.example');
    expect(searchCursorKey(page.next)).toBe('d@x.example');
  });
  it('the last page has no next page, and an empty one no links at all', () => {
    expect(searchPageOf(read, 4, 'forward', true).next).toBeNull();
    expect(searchPageOf([], 4, 'forward', true)).toEqual({ items: [], previous: null, next: null });
  });
});
