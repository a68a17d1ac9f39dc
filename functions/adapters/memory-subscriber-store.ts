/**
 * SubscriberStore in process memory: the same contract as the DynamoDB adapter (see its
 * integration test), for fast table-driven tests of the lifecycle and for throwaway runs.
 */
import { addressKey, emailHash } from '../core/email-address.js';
import { searchCursorKey, searchPageOf, subscriberMatches } from '../core/subscriber-search.js';
import { receivesTopic } from '../core/topic-audience.js';
import type {
  ConditionalWrite,
  Page,
  RecipientStanding,
  SearchPage,
  Subscriber,
  SubscriberSearch,
  SubscriberStatus,
  SubscriberStore,
  Suppression,
  SuppressionReason,
} from '../ports/subscriber-store.js';

export class MemorySubscriberStore implements SubscriberStore {
  private readonly records = new Map<string, Subscriber>();
  private readonly suppressions = new Map<string, Suppression>();
  /** Address → epoch ms of the last confirmation send (the send slot). */
  private readonly confirmSlots = new Map<string, number>();

  async get(list: string, email: string): Promise<Subscriber | null> {
    const found = this.records.get(key(list, email));
    return found ? structuredClone(found) : null;
  }

  async put(subscriber: Subscriber): Promise<void> {
    this.records.set(key(subscriber.list, subscriber.email), structuredClone(subscriber));
  }

  async putIfUnchanged(subscriber: Subscriber, read: Subscriber | null): Promise<boolean> {
    if (read && key(read.list, read.email) !== key(subscriber.list, subscriber.email))
      throw new RangeError('putIfUnchanged: the record read is another address');
    // Check and set with no await in between: atomic within the process, as the conditional put is.
    const stored = this.records.get(key(subscriber.list, subscriber.email));
    const unchanged = read
      ? stored !== undefined &&
        stored.status === read.status &&
        stored.createdAt === read.createdAt &&
        stored.updatedAt === read.updatedAt
      : stored === undefined;
    if (!unchanged) return false;
    this.records.set(key(subscriber.list, subscriber.email), structuredClone(subscriber));
    return true;
  }

  async putMany(subscribers: Subscriber[]): Promise<void> {
    for (const s of subscribers) await this.put(s);
  }

  async putManyIfUnchanged(writes: readonly ConditionalWrite[]): Promise<ConditionalWrite[]> {
    const refused: ConditionalWrite[] = [];
    for (const write of writes)
      if (!(await this.putIfUnchanged(write.subscriber, write.read))) refused.push(write);
    return refused;
  }

  async remove(list: string, email: string): Promise<void> {
    this.records.delete(key(list, email));
  }

  async pageConfirmed(
    list: string,
    options: { topic?: string; cursor?: string | null; limit?: number },
  ): Promise<Page<Subscriber>> {
    return this.page(
      (s) => s.list === list && s.status === 'confirmed' && receivesTopic(s.topics, options.topic),
      options,
    );
  }

  async countByStatus(list: string): Promise<Record<SubscriberStatus, number>> {
    const counts: Record<SubscriberStatus, number> = { confirmed: 0, pending: 0, unsubscribed: 0 };
    for (const s of this.records.values()) if (s.list === list) counts[s.status]++;
    return counts;
  }

  async pageAll(
    list: string,
    options: { cursor?: string | null; limit?: number },
  ): Promise<Page<Subscriber>> {
    return this.page((s) => s.list === list, options);
  }

  async searchPage(
    list: string,
    search: SubscriberSearch,
    options: { after?: string | null; before?: string | null; limit: number },
  ): Promise<SearchPage> {
    const limit = Math.max(1, Math.floor(options.limit));
    const direction = options.before ? 'backward' : 'forward';
    const from = searchCursorKey(options.before || options.after);
    const inOrder = [...this.records.values()]
      .filter((s) => s.list === list)
      .map((s) => [addressKey(s.email), s] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const read = (direction === 'forward' ? inOrder : inOrder.reverse())
      .filter(([k]) => from === null || (direction === 'forward' ? k > from : k < from))
      .map(([, s]) => s)
      .filter((s) => subscriberMatches(s, search))
      .slice(0, limit + 1)
      .map((s) => structuredClone(s));
    return searchPageOf(read, limit, direction, from !== null);
  }

  async listsOf(email: string): Promise<Subscriber[]> {
    return [...this.records.values()]
      .filter((s) => addressKey(s.email) === addressKey(email))
      .map((s) => structuredClone(s));
  }

  async suppress(email: string, reason: SuppressionReason, at: string): Promise<void> {
    const hash = emailHash(email);
    const current = this.suppressions.get(hash);
    const reasons = new Set([...(current?.reasons ?? []), reason]);
    this.suppressions.set(hash, {
      email,
      reasons: [...reasons].sort(),
      firstAt: current?.firstAt ?? at,
      lastAt: at,
    });
  }

  async isSuppressed(email: string): Promise<boolean> {
    return this.suppressions.has(emailHash(email));
  }

  async suppressedAmong(emails: string[]): Promise<Set<string>> {
    return new Set(emails.filter((e) => this.suppressions.has(emailHash(e))));
  }

  async suppressionReasonsAmong(emails: string[]): Promise<Map<string, SuppressionReason[]>> {
    const found = new Map<string, SuppressionReason[]>();
    for (const email of emails) {
      const suppression = this.suppressions.get(emailHash(email));
      if (suppression) found.set(email, [...suppression.reasons]);
    }
    return found;
  }

  async getSuppression(email: string): Promise<Suppression | null> {
    const found = this.suppressions.get(emailHash(email));
    return found ? structuredClone(found) : null;
  }

  async standing(list: string, email: string): Promise<RecipientStanding> {
    return { subscriber: await this.get(list, email), suppressed: await this.isSuppressed(email) };
  }

  async anonymiseSuppression(email: string): Promise<void> {
    const found = this.suppressions.get(emailHash(email));
    if (found) found.email = null;
  }

  async removeSuppression(email: string): Promise<void> {
    this.suppressions.delete(emailHash(email));
  }

  async claimConfirmationSlot(email: string, at: string, windowMs: number): Promise<boolean> {
    const sentAt = epochMs(at);
    if (!Number.isFinite(windowMs) || windowMs < 0) throw new RangeError(`bad window: ${windowMs}`);
    // Check and set with no await in between: atomic within the process, as the conditional put is.
    const last = this.confirmSlots.get(addressKey(email));
    if (last !== undefined && last > sentAt - windowMs) return false;
    this.confirmSlots.set(addressKey(email), sentAt);
    return true;
  }

  async removeConfirmationSlot(email: string, claimedAt?: string): Promise<void> {
    if (claimedAt === undefined || this.confirmSlots.get(addressKey(email)) === epochMs(claimedAt)) {
      this.confirmSlots.delete(addressKey(email));
    }
  }

  private async page(
    match: (s: Subscriber) => boolean,
    options: { cursor?: string | null; limit?: number },
  ): Promise<Page<Subscriber>> {
    const all = [...this.records.entries()]
      .filter(([, s]) => match(s))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const start = options.cursor ? all.findIndex(([k]) => k > (options.cursor as string)) : 0;
    const limit = options.limit ?? 100;
    const slice = start < 0 ? [] : all.slice(start, start + limit);
    const last = slice[slice.length - 1];
    const more = start >= 0 && start + limit < all.length;
    return { items: slice.map(([, s]) => structuredClone(s)), next: more && last ? last[0] : null };
  }
}

function epochMs(at: string): number {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`not a time: ${at}`);
  return ms;
}

function key(list: string, email: string): string {
  return `${list}\u0000${addressKey(email)}`;
}
