import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoSubscriberStore,
  InvalidCursorError,
  subscribersTableDefinition,
} from '../../functions/adapters/dynamo-subscriber-store.js';
import { ensureTable, type LocalDynamo, openLocalDynamo } from '../../functions/adapters/local-runtime.js';
import type { Subscriber } from '../../functions/ports/subscriber-store.js';

let dynamo: LocalDynamo;
let store: DynamoSubscriberStore;
let tableCount = 0;

async function freshStore(): Promise<DynamoSubscriberStore> {
  const name = `subscribers-${++tableCount}`;
  await ensureTable(dynamo.client, subscribersTableDefinition(name));
  return new DynamoSubscriberStore(dynamo.client, name);
}

function subscriber(overrides: Partial<Subscriber> & { email: string }): Subscriber {
  return {
    list: 'default',
    status: 'confirmed',
    topics: [],
    timezone: null,
    consent: { at: '2026-01-01T00:00:00.000Z', method: 'cli', ip: null, userAgent: null },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    confirmationSentAt: null,
    ...overrides,
  };
}

beforeAll(async () => {
  dynamo = await openLocalDynamo('/nonexistent', { inMemory: true });
  store = await freshStore();
});
afterAll(async () => {
  await dynamo.close();
});

describe('DynamoSubscriberStore', () => {
  it('put, get and remove round-trip every field', async () => {
    const s = subscriber({
      email: 'Jane@example.org',
      topics: ['science', 'politics'],
      timezone: 'Europe/Paris',
      consent: {
        at: '2026-02-02T10:00:00.000Z',
        method: 'double-opt-in',
        ip: '192.0.2.4',
        userAgent: 'Mail/1.0',
      },
      confirmationSentAt: '2026-02-02T09:00:00.000Z',
    });
    await store.put(s);
    expect(await store.get('default', 'Jane@example.org')).toEqual(s);
    expect(await store.get('default', 'jane@example.org')).toBeNull(); // local parts keep their case
    expect(await store.get('other', 'Jane@example.org')).toBeNull();
    await store.remove('default', 'Jane@example.org');
    expect(await store.get('default', 'Jane@example.org')).toBeNull();
  });

  it('pages confirmed subscribers only, with a topic filter, without losing or repeating anyone', async () => {
    const s = await freshStore();
    const all: Subscriber[] = [];
    for (let i = 0; i < 57; i++) {
      const status = i % 5 === 0 ? 'pending' : i % 7 === 0 ? 'unsubscribed' : 'confirmed';
      all.push(
        subscriber({
          email: `p${String(i).padStart(2, '0')}@example.org`,
          status,
          topics: i % 3 === 0 ? ['tech'] : [],
        }),
      );
    }
    all.push(subscriber({ email: 'other-list@example.org', list: 'weekly' }));
    await s.putMany(all);

    const collect = async (topic?: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await s.pageConfirmed('default', { topic, cursor, limit: 10 });
        expect(page.items.length).toBeLessThanOrEqual(10);
        seen.push(...page.items.map((x) => x.email));
        cursor = page.next;
        pages++;
      } while (cursor && pages < 100);
      return seen;
    };
    const expected = all.filter((x) => x.list === 'default' && x.status === 'confirmed').map((x) => x.email);
    expect(await collect()).toEqual(expected);
    expect(await collect('tech')).toEqual(
      all
        .filter((x) => x.list === 'default' && x.status === 'confirmed' && x.topics.includes('tech'))
        .map((x) => x.email),
    );

    // Unsubscribing leaves the confirmed index (sparse GSI).
    await s.put({ ...all[1]!, status: 'unsubscribed' });
    expect(await collect()).not.toContain(all[1]!.email);

    const everyone = await s.pageAll('default', { limit: 1000 });
    expect(everyone.items).toHaveLength(57);
    expect(everyone.next).toBeNull();
  });

  it('listsOf finds a person on every list', async () => {
    const s = await freshStore();
    await s.put(subscriber({ email: 'multi@example.org', list: 'daily' }));
    await s.put(subscriber({ email: 'multi@example.org', list: 'weekly', status: 'pending' }));
    await s.put(subscriber({ email: 'someone@example.org', list: 'daily' }));
    const lists = await s.listsOf('multi@example.org');
    expect(lists.map((x) => `${x.list}:${x.status}`).sort()).toEqual(['daily:confirmed', 'weekly:pending']);
  });

  it('suppression is keyed by hash, case-insensitive, accumulates reasons, and can be anonymised', async () => {
    const s = await freshStore();
    expect(await s.isSuppressed('bounce@example.org')).toBe(false);
    await s.suppress('bounce@example.org', 'bounce', '2026-03-01T00:00:00.000Z');
    await s.suppress('BOUNCE@example.org', 'complaint', '2026-03-02T00:00:00.000Z');
    await s.suppress('bounce@example.org', 'bounce', '2026-03-03T00:00:00.000Z');
    expect(await s.getSuppression('Bounce@Example.org')).toEqual({
      email: 'bounce@example.org',
      reasons: ['bounce', 'complaint'],
      firstAt: '2026-03-01T00:00:00.000Z',
      lastAt: '2026-03-03T00:00:00.000Z',
    });
    expect([...(await s.suppressedAmong(['x@example.org', 'bounce@example.org', 'y@example.org']))]).toEqual([
      'bounce@example.org',
    ]);

    await s.anonymiseSuppression('bounce@example.org');
    const after = await s.getSuppression('bounce@example.org');
    expect(after?.email).toBeNull();
    expect(after?.reasons).toEqual(['bounce', 'complaint']);
    await s.anonymiseSuppression('never@example.org'); // no-op, no error
    expect(await s.getSuppression('never@example.org')).toBeNull();

    await s.removeSuppression('bounce@example.org');
    expect(await s.isSuppressed('bounce@example.org')).toBe(false);
  });

  it('putMany writes thousands in batches', async () => {
    const s = await freshStore();
    const many = Array.from({ length: 1200 }, (_, i) => subscriber({ email: `bulk${i}@example.org` }));
    await s.putMany(many);
    let count = 0;
    let cursor: string | null = null;
    do {
      const page = await s.pageAll('default', { cursor, limit: 500 });
      count += page.items.length;
      cursor = page.next;
    } while (cursor);
    expect(count).toBe(1200);
  });

  it('rejects a tampered cursor', async () => {
    await expect(store.pageAll('default', { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});
