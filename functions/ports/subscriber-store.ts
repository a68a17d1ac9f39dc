/**
 * Subscriber persistence. The DynamoDB adapter implements it in AWS and on dynalite locally.
 * Addresses passed in are already normalised (see core/email-address).
 */

export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed';

export interface Consent {
  /** ISO 8601 time the consent event happened. */
  at: string;
  /** How consent was given: 'double-opt-in', 'import', 'cli', ... */
  method: string;
  ip: string | null;
  userAgent: string | null;
}

export interface Subscriber {
  email: string;
  list: string;
  status: SubscriberStatus;
  topics: string[];
  timezone: string | null;
  consent: Consent | null;
  createdAt: string;
  updatedAt: string;
  /** Last time a confirmation mail went out (rate limit of re-sends). */
  confirmationSentAt: string | null;
}

/** A record to write and the stored record it was decided from (null: there was none). */
export interface ConditionalWrite {
  subscriber: Subscriber;
  read: Subscriber | null;
}

export type SuppressionReason = 'bounce' | 'complaint' | 'manual';

/** A suppression entry, keyed by a hash of the address. `email` is null once the person was forgotten. */
export interface Suppression {
  email: string | null;
  reasons: SuppressionReason[];
  firstAt: string;
  lastAt: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, or null at the end. */
  next: string | null;
}

/** What the console's subscriber search filters on; a part left out matches every record. */
export interface SubscriberSearch {
  /** Part of the address, lower-cased: matched against the lower-cased address. */
  contains?: string;
  status?: SubscriberStatus;
  topic?: string;
}

/** One page of a search, in address order, with the cursors of the pages on either side. */
export interface SearchPage {
  items: Subscriber[];
  /** Cursor (`before`) of the page before this one, or null when it is the first. */
  previous: string | null;
  /** Cursor (`after`) of the page after this one, or null when it is the last. */
  next: string | null;
}

/** What the send worker reads right before a send: the address's record on the list and its suppression. */
export interface RecipientStanding {
  /** The record on the list, whatever its status; null when there is none (never subscribed, removed, forgotten). */
  subscriber: Subscriber | null;
  suppressed: boolean;
}

export interface SubscriberStore {
  get(list: string, email: string): Promise<Subscriber | null>;
  /** Creates or replaces the record. */
  put(subscriber: Subscriber): Promise<void>;
  /**
   * Writes the record only if the stored one is still as `read` found it (read-then-write without lost
   * updates): absent when `read` is null, otherwise with the same status, createdAt and updatedAt (every
   * lifecycle write sets updatedAt). Returns false, and writes nothing, when it changed meanwhile; the caller
   * reads again and decides again. The condition uses only attributes every record has always carried, so
   * records written before it existed are updated the same way.
   */
  putIfUnchanged(subscriber: Subscriber, read: Subscriber | null): Promise<boolean>;
  remove(list: string, email: string): Promise<void>;
  /**
   * Confirmed subscribers of a list, a page at a time. With a topic, the audience of an issue sent to it: those
   * who receive it by `receivesTopic` (core/topic-audience.ts), the records carrying the topic and those with none.
   */
  pageConfirmed(
    list: string,
    options: { topic?: string; cursor?: string | null; limit?: number },
  ): Promise<Page<Subscriber>>;
  /**
   * How many records of a list have each status (the console's Lists page), without returning the records: one
   * pass over the list's records, however many lists are shown (docs/subscribers.md, "Counting a list").
   */
  countByStatus(list: string): Promise<Record<SubscriberStatus, number>>;
  /** Every subscriber record of a list, whatever the status (export, list). */
  pageAll(list: string, options: { cursor?: string | null; limit?: number }): Promise<Page<Subscriber>>;
  /**
   * The records of a list that match `search`, `limit` at a time in address order: from the start, after the
   * record a cursor names (`after`: the page after), or before it (`before`: the page before). Keyset paging:
   * while the list is not changed, walking the pages either way shows every match once; a record added or
   * removed meanwhile moves no other record to another page. Reads only as far as the page needs (and one match
   * more, to know whether there is a next page). Throws SearchCursorError for a cursor it did not make.
   */
  searchPage(
    list: string,
    search: SubscriberSearch,
    options: { after?: string | null; before?: string | null; limit: number },
  ): Promise<SearchPage>;
  /** Every list a person is on (preferences, forget). */
  listsOf(email: string): Promise<Subscriber[]>;
  suppress(email: string, reason: SuppressionReason, at: string): Promise<void>;
  isSuppressed(email: string): Promise<boolean>;
  /** Writes many records at once; creates or replaces each, whatever is stored (seeding, restores). */
  putMany(subscribers: Subscriber[]): Promise<void>;
  /**
   * `putIfUnchanged` for many records at once (import): each record is written only if its stored record is
   * still as `read` found it, independently of the others. Returns the writes that were refused because their
   * record changed meanwhile (every other one is written); the caller reads those again and decides again.
   */
  putManyIfUnchanged(writes: readonly ConditionalWrite[]): Promise<ConditionalWrite[]>;
  /** The subset of the given addresses that is suppressed (import, fan-out pages). */
  suppressedAmong(emails: string[]): Promise<Set<string>>;
  /**
   * The suppression reasons of those of the given addresses that are suppressed, read in the same batches as
   * `suppressedAmong` (export: the reasons travel with each row).
   */
  suppressionReasonsAmong(emails: string[]): Promise<Map<string, SuppressionReason[]>>;
  getSuppression(email: string): Promise<Suppression | null>;
  /**
   * The address's record on the list and whether it is suppressed, both read strongly consistent in
   * one request where the store can (DynamoDB: one BatchGetItem of the two items). Throws when it
   * cannot read them.
   */
  standing(list: string, email: string): Promise<RecipientStanding>;
  /** Keeps the suppression (its hash, reasons and times) but drops the address itself (forget). */
  anonymiseSuppression(email: string): Promise<void>;
  removeSuppression(email: string): Promise<void>;
  /**
   * The per-address send slot of the double opt-in (one confirmation mail per `windowMs`, all
   * lists together). Atomically records `at` as the last send and returns true when no send is
   * recorded or the last one is at least `windowMs` before `at`; otherwise changes nothing and
   * returns false. Of concurrent callers for one address, at most one gets true.
   */
  claimConfirmationSlot(email: string, at: string, windowMs: number): Promise<boolean>;
  /**
   * Deletes the address's send slot. With `claimedAt`, only if the slot still holds that claim
   * (giving back a claim whose mail could not be sent); without it, unconditionally (forget).
   */
  removeConfirmationSlot(email: string, claimedAt?: string): Promise<void>;
}
