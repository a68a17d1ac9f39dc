/**
 * The console's subscriber search, the parts both stores share: which record matches a search, the cursor that
 * names a record's place in a list (its lower-cased address, base64url), and the page a store's read makes.
 */
import type { SearchPage, Subscriber, SubscriberSearch } from '../ports/subscriber-store.js';
import { addressKey } from './email-address.js';

const BASE64URL_RE = /^[A-Za-z0-9_-]+$/;

/** A paging cursor the stores did not make (a link edited by hand, or cut short). */
export class SearchCursorError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the page link is not valid', options);
    this.name = 'SearchCursorError';
  }
}

/**
 * Whether a record matches the search.
 * @example subscriberMatches({ email: 'Ann@Example.org', status: 'confirmed', topics: ['sport'], … }, { contains: 'ann@' }) // true
 */
export function subscriberMatches(subscriber: Subscriber, search: SubscriberSearch): boolean {
  if (search.contains && !addressKey(subscriber.email).includes(search.contains)) return false;
  if (search.status && subscriber.status !== search.status) return false;
  if (search.topic && !subscriber.topics.includes(search.topic)) return false;
  return true;
}

/** The cursor naming a record's place in its list. */
export function searchCursorOf(subscriber: Subscriber): string {
  return Buffer.from(addressKey(subscriber.email), 'utf8').toString('base64url');
}

/** The lower-cased address a cursor names; null for none. Throws SearchCursorError for one no store made. */
export function searchCursorKey(cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  const key = BASE64URL_RE.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  // Only the exact form searchCursorOf writes: base64url decoding forgives what it cannot read.
  if (!key || Buffer.from(key, 'utf8').toString('base64url') !== cursor || key !== addressKey(key))
    throw new SearchCursorError();
  return key;
}

/**
 * The page made of the matches a store read, in the order it read them (backward: from the cursor towards the
 * start), at most `limit` + 1 of them: the one past `limit` only says there is a page further on.
 * `fromCursor`: the read started at a cursor, so there is a page on the side it came from.
 */
export function searchPageOf(
  read: readonly Subscriber[],
  limit: number,
  direction: 'forward' | 'backward',
  fromCursor: boolean,
): SearchPage {
  const further = read.length > limit;
  const items = read.slice(0, limit);
  if (direction === 'backward') items.reverse();
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return { items, previous: null, next: null };
  const previous = direction === 'backward' ? further : fromCursor;
  const next = direction === 'backward' ? fromCursor : further;
  return {
    items,
    previous: previous ? searchCursorOf(first) : null,
    next: next ? searchCursorOf(last) : null,
  };
}
