import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoSubscriberStore,
  InvalidCursorError,
  subscribersTableDefinition,
} from '../../functions/adapters/dynamo-subscriber-store.js';
import { ensureTable, type LocalDynamo, openLocalDynamo } from '../../functions/adapters/local-runtime.js';
import { MemorySubscriberStore } from '../../functions/adapters/memory-subscriber-store.js';
import { SearchCursorError } from '../../functions/core/subscriber-search.js';
import {
  CONFIRMATION_RESEND_MS,
  type ConfirmationSender,
  forget,
  subscribe,
} from '../../functions/core/subscription.js';
import type {
  SearchPage,
  Subscriber,
  SubscriberSearch,
  SubscriberStore,
} from '../../functions/ports/subscriber-store.js';
import { mailableSubscribers } from '../../functions/use-cases/mailable-subscribers.js';

let dynamo: LocalDynamo;
let store: DynamoSubscriberStore;
let tableCount = 0;

async function freshStore(): Promise<DynamoSubscriberStore> {
  return (await freshTable()).store;
}

async function freshTable(): Promise<{ store: DynamoSubscriberStore; name: string }> {
  const name = `subscribers-${++tableCount}`;
  await ensureTable(dynamo.client, subscribersTableDefinition(name));
  return { store: new DynamoSubscriberStore(dynamo.client, name), name };
}

/** Stands in for the mail transport: records what would have been sent, optionally failing. */
class RecordingConfirmations implements ConfirmationSender {
  readonly sent: Array<{ email: string; list: string; at: string }> = [];
  failuresLeft = 0;
  async sendConfirmation(s: Subscriber, now: Date): Promise<void> {
    // A real transport answers later: let the other concurrent requests run meanwhile.
    await new Promise((ok) => setImmediate(ok));
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('transport unavailable');
    }
    this.sent.push({ email: s.email, list: s.list, at: now.toISOString() });
  }
}

const T0 = Date.parse('2026-06-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const ctx = { ip: '192.0.2.1', userAgent: 'UA/1' };

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
    // One person whatever the case: the record is found by any variant and keeps the address as typed.
    expect(await store.get('default', 'JANE@example.org')).toEqual(s);
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
          topics: i % 3 === 0 ? ['tech'] : i % 3 === 1 ? ['sport'] : [],
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
    // A topic's readers, and the readers with no topics (who get every issue); not those with only another topic.
    expect(await collect('tech')).toEqual(
      all
        .filter(
          (x) =>
            x.list === 'default' &&
            x.status === 'confirmed' &&
            (x.topics.includes('tech') || x.topics.length === 0),
        )
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

  it("standing reads a recipient's record on the list and the suppression together, as the memory store does", async () => {
    const s = await freshStore();
    const memory = new MemorySubscriberStore();
    for (const target of [s, memory]) {
      await target.put(subscriber({ email: 'Reader@example.org', topics: ['rail'] }));
      await target.put(subscriber({ email: 'left@example.org', status: 'unsubscribed' }));
      await target.put(subscriber({ email: 'banned@example.org' }));
      await target.suppress('BANNED@example.org', 'complaint', '2026-06-01T00:00:00.000Z');
    }
    for (const target of [s, memory]) {
      const reader = await target.standing('default', 'reader@example.org');
      expect(reader.suppressed).toBe(false);
      expect(reader.subscriber).toMatchObject({
        email: 'Reader@example.org',
        status: 'confirmed',
        topics: ['rail'],
      });
      expect(await target.standing('default', 'left@example.org')).toMatchObject({
        suppressed: false,
        subscriber: { status: 'unsubscribed' },
      });
      expect(await target.standing('default', 'banned@example.org')).toMatchObject({
        suppressed: true,
        subscriber: { status: 'confirmed' },
      });
      expect(await target.standing('other-list', 'reader@example.org')).toEqual({
        subscriber: null,
        suppressed: false,
      });
      expect(await target.standing('default', 'nobody@example.org')).toEqual({
        subscriber: null,
        suppressed: false,
      });
    }
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

  it('grants the confirmation send slot to exactly one of many concurrent claims per window', async () => {
    const { store: s, name } = await freshTable();
    const claims = (at: number, email = 'slot@example.org') =>
      Promise.all(
        Array.from({ length: 10 }, () => s.claimConfirmationSlot(email, iso(at), CONFIRMATION_RESEND_MS)),
      );
    const wins = (results: boolean[]) => results.filter(Boolean).length;

    expect(wins(await claims(T0))).toBe(1);
    // Inside the window nobody gets it, however many ask.
    expect(wins(await claims(T0 + 1))).toBe(0);
    expect(wins(await claims(T0 + CONFIRMATION_RESEND_MS - 1))).toBe(0);
    // Another address has its own slot.
    expect(wins(await claims(T0 + 1, 'other@example.org'))).toBe(1);
    // Once the window has passed (the same boundary as before: exactly 10 minutes), one gets it again,
    // and the new send starts a new window.
    expect(wins(await claims(T0 + CONFIRMATION_RESEND_MS))).toBe(1);
    expect(
      await s.claimConfirmationSlot(
        'slot@example.org',
        iso(T0 + CONFIRMATION_RESEND_MS + 60_000),
        CONFIRMATION_RESEND_MS,
      ),
    ).toBe(false);
    expect(wins(await claims(T0 + 2 * CONFIRMATION_RESEND_MS))).toBe(1);
    // A clock that went backwards does not reopen the slot.
    expect(await s.claimConfirmationSlot('slot@example.org', iso(T0), CONFIRMATION_RESEND_MS)).toBe(false);

    // The slot is one item per address, and it shows up in no listing: not in listsOf, pageAll or
    // either index (it carries no GSI keys).
    await s.put(subscriber({ email: 'slot@example.org', list: 'default' }));
    const { Items: all = [] } = await dynamo.client.send(new ScanCommand({ TableName: name }));
    const slots = all.filter((item) => item.sk === 'CONFIRM-SLOT');
    expect(slots.map((item) => item.pk).sort()).toEqual([
      'EMAIL#other@example.org',
      'EMAIL#slot@example.org',
    ]);
    for (const slot of slots) expect(Object.keys(slot).filter((k) => k.startsWith('gsi'))).toEqual([]);
    expect((await s.listsOf('slot@example.org')).map((x) => x.list)).toEqual(['default']);
    expect((await s.pageAll('default', { limit: 100 })).items.map((x) => x.email)).toEqual([
      'slot@example.org',
    ]);
    expect((await s.pageConfirmed('default', { limit: 100 })).items).toHaveLength(1);
    const { Items: byEmail = [] } = await dynamo.client.send(
      new QueryCommand({
        TableName: name,
        IndexName: 'byEmail',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'EMAIL#slot@example.org' },
      }),
    );
    expect(byEmail.map((item) => item.sk)).toEqual(['EMAIL#slot@example.org']);

    // Giving a claim back only works while the slot still holds that claim.
    const held = iso(T0 + 2 * CONFIRMATION_RESEND_MS);
    await s.removeConfirmationSlot('slot@example.org', iso(T0));
    expect(await s.claimConfirmationSlot('slot@example.org', held, CONFIRMATION_RESEND_MS)).toBe(false);
    await s.removeConfirmationSlot('slot@example.org', held);
    expect(await s.claimConfirmationSlot('slot@example.org', held, CONFIRMATION_RESEND_MS)).toBe(true);
    // Unconditional removal (forget); removing a missing slot is no error.
    await s.removeConfirmationSlot('slot@example.org');
    await s.removeConfirmationSlot('never@example.org');
    const { Item } = await dynamo.client.send(
      new GetCommand({ TableName: name, Key: { pk: 'EMAIL#slot@example.org', sk: 'CONFIRM-SLOT' } }),
    );
    expect(Item).toBeUndefined();
  });

  it('concurrent subscribes for one address on several lists send one confirmation mail', async () => {
    const { store: s, name } = await freshTable();
    const confirmations = new RecordingConfirmations();
    const deps = { store: s, confirmations };
    const lists = ['l0', 'l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7'];
    const burst = (at: number) =>
      Promise.all(
        lists.map((list) => subscribe(deps, { email: 'target@example.org', list, ...ctx }, new Date(at))),
      );
    const actions = (results: Awaited<ReturnType<typeof burst>>) =>
      results.map((r) => (r.kind === 'accepted' ? r.action : r.kind)).sort();

    const first = await burst(T0);
    expect(actions(first)).toEqual(['confirmation-sent', ...Array(7).fill('rate-limited')]);
    expect(confirmations.sent).toHaveLength(1);
    // Every list still got its pending record.
    expect((await s.listsOf('target@example.org')).map((x) => `${x.list}:${x.status}`).sort()).toEqual(
      lists.map((l) => `${l}:pending`),
    );

    // Within the window: nothing more.
    expect(actions(await burst(T0 + 5 * 60_000))).toEqual(Array(8).fill('rate-limited'));
    expect(confirmations.sent).toHaveLength(1);
    // After it: again exactly one.
    expect(actions(await burst(T0 + CONFIRMATION_RESEND_MS))).toEqual([
      'confirmation-sent',
      ...Array(7).fill('rate-limited'),
    ]);
    expect(confirmations.sent).toHaveLength(2);

    // A failed send gives the slot back: the retry sends, and only one of a concurrent retry burst.
    const tFail = T0 + 3 * CONFIRMATION_RESEND_MS;
    confirmations.failuresLeft = 1;
    await expect(
      subscribe(deps, { email: 'target@example.org', list: 'l0', ...ctx }, new Date(tFail)),
    ).rejects.toThrow('transport unavailable');
    expect(confirmations.sent).toHaveLength(2);
    expect(actions(await burst(tFail + 1000))).toEqual([
      'confirmation-sent',
      ...Array(7).fill('rate-limited'),
    ]);
    expect(confirmations.sent).toHaveLength(3);

    // Forget erases the slot with the records: a new opt-in right after is not rate-limited.
    expect(await forget(deps, 'target@example.org')).toEqual({ removedRecords: 8, suppression: 'none' });
    const { Items = [] } = await dynamo.client.send(new ScanCommand({ TableName: name }));
    expect(Items.filter((item) => JSON.stringify(item).includes('target@example.org'))).toEqual([]);
    const again = await subscribe(
      deps,
      { email: 'target@example.org', list: 'l0', ...ctx },
      new Date(tFail + 2000),
    );
    expect(again).toMatchObject({ kind: 'accepted', action: 'confirmation-sent' });
    expect(confirmations.sent).toHaveLength(4);
  });

  it('rejects a tampered cursor', async () => {
    await expect(store.pageAll('default', { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});

describe.each([
  ['dynalite', () => freshStore() as Promise<SubscriberStore>],
  ['memory', async () => new MemorySubscriberStore() as SubscriberStore],
])('searchPage on the %s store', (_name, makeStore) => {
  const LIMIT = 3;
  // Mixed case, statuses and topics; an address with `#` in it, and one on another list.
  const records = [
    subscriber({ email: 'Ann@Harbour.example', topics: ['tides'] }),
    subscriber({ email: 'bob@harbour.example', status: 'pending' }),
    subscriber({ email: 'cal#desk@harbour.example', topics: ['tides'] }),
    subscriber({ email: 'dee@ferry.example' }),
    ...Array.from({ length: 2 * LIMIT + 1 }, (_, i) =>
      subscriber({ email: `reader${i}@harbour.example`, topics: i % 2 ? ['tides'] : [] }),
    ),
    subscriber({ email: 'zed@harbour.example', status: 'unsubscribed', topics: ['tides'] }),
    subscriber({ email: 'ann@harbour.example', list: 'other' }),
  ];
  const expected = (search: SubscriberSearch) =>
    records
      .filter((r) => r.list === 'default')
      .filter((r) => !search.contains || r.email.toLowerCase().includes(search.contains))
      .filter((r) => !search.status || r.status === search.status)
      .filter((r) => !search.topic || r.topics.includes(search.topic))
      .map((r) => r.email)
      .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));

  /** Every page forward from the start, then every page back from the last one. */
  async function walk(store: SubscriberStore, search: SubscriberSearch) {
    const forward: SearchPage[] = [await store.searchPage('default', search, { limit: LIMIT })];
    while (forward.at(-1)?.next && forward.length < 20)
      forward.push(await store.searchPage('default', search, { after: forward.at(-1)?.next, limit: LIMIT }));
    const backward: SearchPage[] = [forward.at(-1) as SearchPage];
    while (backward[0]?.previous && backward.length < 20)
      backward.unshift(
        await store.searchPage('default', search, { before: backward[0]?.previous, limit: LIMIT }),
      );
    return { forward, backward };
  }

  it.each<[string, SubscriberSearch]>([
    ['everything', {}],
    ['an address part', { contains: 'harbour' }],
    ['a status', { status: 'confirmed' }],
    ['a topic and a status', { topic: 'tides', status: 'confirmed' }],
    ['a part that is also in the key prefix', { contains: 'l#' }],
    ['a part nobody has', { contains: 'nobody' }],
  ])('walks %s a page at a time both ways, every match once and in order', async (_case, search) => {
    const store = await makeStore();
    await store.putMany(records);
    const { forward, backward } = await walk(store, search);
    const emails = (pages: SearchPage[]) => pages.map((p) => p.items.map((s) => s.email));
    expect(emails(forward).flat()).toEqual(expected(search));
    expect(emails(backward)).toEqual(emails(forward));
    expect(forward.slice(0, -1).every((p) => p.items.length === LIMIT)).toBe(true);
    expect(forward[0]?.previous).toBeNull();
    expect(forward.at(-1)?.next).toBeNull();
  });

  it('a record added or removed between two pages moves no other record to another page', async () => {
    const store = await makeStore();
    await store.putMany(records);
    const first = await store.searchPage('default', { contains: 'reader' }, { limit: LIMIT });
    await store.put(subscriber({ email: 'reader0a@harbour.example' }));
    await store.remove('default', 'reader4@harbour.example');
    const second = await store.searchPage(
      'default',
      { contains: 'reader' },
      { after: first.next, limit: LIMIT },
    );
    expect(first.items.map((s) => s.email)).toEqual([
      'reader0@harbour.example',
      'reader1@harbour.example',
      'reader2@harbour.example',
    ]);
    expect(second.items.map((s) => s.email)).toEqual([
      'reader3@harbour.example',
      'reader5@harbour.example',
      'reader6@harbour.example',
    ]);
  });

  it('refuses a cursor it did not make', async () => {
    const store = await makeStore();
    for (const cursor of ['not a cursor', 'QQ', 'QUJD', '=='])
      await expect(
        store.searchPage('default', {}, { after: cursor, limit: LIMIT }),
        cursor,
      ).rejects.toBeInstanceOf(SearchCursorError);
  });
});

describe.each([
  ['dynalite', () => freshTable()],
  ['memory', async () => ({ store: new MemorySubscriberStore() as SubscriberStore, name: null })],
])('pageConfirmed for a topic on the %s store', (name, makeStore) => {
  // In address order, as both stores page them.
  const records = [
    subscriber({ email: 'a-rail@example.org', topics: ['rail'] }),
    subscriber({ email: 'b-none@example.org' }),
    subscriber({ email: 'c-harbour@example.org', topics: ['harbour'] }),
    subscriber({ email: 'd-both@example.org', topics: ['harbour', 'rail'] }),
    subscriber({ email: 'e-none-pending@example.org', status: 'pending' }),
    subscriber({ email: 'f-rail-unsubscribed@example.org', status: 'unsubscribed', topics: ['rail'] }),
    subscriber({ email: 'g-none@example.org' }),
    subscriber({ email: 'h-railway@example.org', topics: ['railway'] }),
    subscriber({ email: 'i-none-other-list@example.org', list: 'weekly' }),
  ];

  async function collect(store: SubscriberStore, topic: string | undefined, limit: number) {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page = await store.pageConfirmed('default', { ...(topic ? { topic } : {}), cursor, limit });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items.map((x) => x.email));
      cursor = page.next;
      if (!cursor) break;
    }
    return seen;
  }

  it.each([1, 2, 100])(
    'gives the readers of the topic and those with no topics, not those with other topics only (pages of %i)',
    async (limit) => {
      const { store } = await makeStore();
      await store.putMany(records);
      expect(await collect(store, 'rail', limit)).toEqual([
        'a-rail@example.org',
        'b-none@example.org',
        'd-both@example.org',
        'g-none@example.org',
      ]);
      expect(await collect(store, 'harbour', limit)).toEqual([
        'b-none@example.org',
        'c-harbour@example.org',
        'd-both@example.org',
        'g-none@example.org',
      ]);
      // A topic nobody picked still goes to the readers who picked none.
      expect(await collect(store, 'sport', limit)).toEqual(['b-none@example.org', 'g-none@example.org']);
      // Without a topic: every confirmed reader of the list.
      expect(await collect(store, undefined, limit)).toEqual([
        'a-rail@example.org',
        'b-none@example.org',
        'c-harbour@example.org',
        'd-both@example.org',
        'g-none@example.org',
        'h-railway@example.org',
      ]);
    },
  );

  it('the count before a topic send (mailableSubscribers) is the same audience, the suppressed apart', async () => {
    const { store } = await makeStore();
    await store.putMany(records);
    await store.suppress('g-none@example.org', 'bounce', '2026-01-02T00:00:00.000Z');
    expect(await mailableSubscribers(store, 'default', { topic: 'rail' })).toEqual({
      mailable: 3,
      suppressed: 1,
    });
    expect(await mailableSubscribers(store, 'default', { topic: 'sport' })).toEqual({
      mailable: 1,
      suppressed: 1,
    });
    expect(await mailableSubscribers(store, 'default')).toEqual({ mailable: 5, suppressed: 1 });
  });

  it.runIf(name === 'dynalite')(
    'stores no topics as an empty list, and takes a record without the attribute as one with no topics',
    async () => {
      const { store, name: table } = await makeStore();
      await store.putMany([...records, subscriber({ email: 'b-legacy@example.org' })]);
      const key = { pk: 'LIST#default', sk: 'EMAIL#b-legacy@example.org' };
      const stored = await dynamo.client.send(new GetCommand({ TableName: table!, Key: key }));
      expect(stored.Item?.topics).toEqual([]);
      // A record written before topics existed (or by hand) has no `topics` attribute at all.
      const { topics: _dropped, ...withoutTopics } = stored.Item!;
      await dynamo.client.send(new PutCommand({ TableName: table!, Item: withoutTopics }));
      expect((await store.get('default', 'b-legacy@example.org'))?.topics).toEqual([]);
      expect(await collect(store, 'rail', 2)).toEqual([
        'a-rail@example.org',
        'b-legacy@example.org',
        'b-none@example.org',
        'd-both@example.org',
        'g-none@example.org',
      ]);
    },
  );
});
