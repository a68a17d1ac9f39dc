/**
 * What the console and the export read from DynamoDB for a list of a few thousand subscribers, counted in
 * requests through the client's middleware (test/support/dynamo-request-log.ts), on in-process dynalite with the
 * console served by a real HTTP server: the Lists page's counts by status and of mailable readers, the export's
 * suppression reasons, and a search for confirmed subscribers. The lists are sized by the store's page (1,000 records a Query) and batch
 * (100 keys a BatchGetItem) sizes: two full pages and a partial one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRMED_INDEX } from '../../functions/adapters/dynamo-subscriber-store.js';
import type { startLocalHttpServer } from '../../functions/adapters/local-http-server.js';
import { MemorySubscriberStore } from '../../functions/adapters/memory-subscriber-store.js';
import { SEARCH_PAGE } from '../../functions/admin/pages-subscribers.js';
import { DEFAULT_SUBSCRIBERS_TABLE, type LocalDeps } from '../../functions/cli/local-deps.js';
import { newList } from '../../functions/core/newsletter-list.js';
import type {
  SearchPage,
  Subscriber,
  SubscriberStatus,
  SuppressionReason,
} from '../../functions/ports/subscriber-store.js';
import { exportSubscribersCsv } from '../../functions/use-cases/export-subscribers.js';
import { settableClock } from '../support/clock.js';
import { consoleClient } from '../support/console-client.js';
import { type DynamoRequestLog, logDynamoRequests } from '../support/dynamo-request-log.js';
import { startLocalConsole } from '../support/local-console.js';

const SECRET = 'subscriber-read-costs-secret-0123456789';
/** Two full Query pages of the store (1,000 records) and a partial one. */
const SIZE = 2_300;
const TABLE = DEFAULT_SUBSCRIBERS_TABLE;
const clock = settableClock('2026-12-02T08:00:00Z');

let dataDir: string;
let deps: LocalDeps;
let log: DynamoRequestLog;
let server: Awaited<ReturnType<typeof startLocalHttpServer>>;
let cookie: string;
const client = consoleClient(() => server.url);

/** The i-th record of a list: every status, in proportions that differ, a few topics, addresses in mixed case. */
function record(list: string, i: number, status: (i: number) => SubscriberStatus): Subscriber {
  const at = new Date(Date.parse('2026-10-01T00:00:00Z') + i * 60_000).toISOString();
  return {
    email: `${i % 11 === 0 ? 'Reader' : 'reader'}${String(i).padStart(5, '0')}@${list}.example`,
    list,
    status: status(i),
    topics: i % 3 === 0 ? ['ports'] : [],
    timezone: null,
    consent: { at, method: 'import', ip: null, userAgent: null },
    createdAt: at,
    updatedAt: at,
    confirmationSentAt: null,
  };
}

const mostlyConfirmed = (i: number): SubscriberStatus =>
  i % 7 === 0 ? 'unsubscribed' : i % 5 === 0 ? 'pending' : 'confirmed';
/** Confirmed records are rare: a page of them lies among many times as many others. */
const rarelyConfirmed = (i: number): SubscriberStatus =>
  i % 10 === 3 ? 'confirmed' : i % 2 === 0 ? 'pending' : 'unsubscribed';

const lists: Record<string, Subscriber[]> = {};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'digest-read-costs-'));
  const started = await startLocalConsole(dataDir, clock, SECRET);
  ({ deps, server } = started);
  const key = started.key;
  for (const id of ['harbour', 'rare']) {
    await deps.lists.create(newList(id, `The ${id} list`, {}, clock.now().toISOString()));
  }
  lists.default = Array.from({ length: 7 }, (_, i) => record('default', i, mostlyConfirmed));
  lists.harbour = Array.from({ length: SIZE }, (_, i) => record('harbour', i, mostlyConfirmed));
  lists.rare = Array.from({ length: SIZE }, (_, i) => record('rare', i, rarelyConfirmed));
  for (const records of Object.values(lists)) await deps.subscribers.putMany(records);
  cookie = (await client.signIn(key)).cookie ?? '';
  expect(cookie).not.toBe('');
  log = logDynamoRequests(deps.dynamo.client);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await deps?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const countsOf = (records: readonly Subscriber[]) => ({
  confirmed: records.filter((r) => r.status === 'confirmed').length,
  pending: records.filter((r) => r.status === 'pending').length,
  unsubscribed: records.filter((r) => r.status === 'unsubscribed').length,
});

describe('the Lists page', () => {
  it('counts each list by status in one request per list, and its mailable readers as Send now counts them', async () => {
    log.clear();
    const answer = await client.get('/admin/lists', cookie);
    expect(answer.status).toBe(200);
    const html = await answer.text();
    for (const [id, records] of Object.entries(lists)) {
      const row = new RegExp(`<code>${id}</code></td>((?:<td class="num">\\d+</td>){4})`).exec(html)?.[1];
      const shown = [...(row ?? '').matchAll(/\d+/g)].map((m) => Number(m[0]));
      const counts = countsOf(records);
      // Confirmed (mailable), Suppressed (none here), Pending, Unsubscribed.
      expect(shown, id).toEqual([counts.confirmed, 0, counts.pending, counts.unsubscribed]);
    }
    // Each list's records fit in one of DynamoDB's 1 MB query pages: one Query a list for the counts by status,
    // however many records (reading them a page of 1,000 records at a time took three for each list of SIZE).
    expect(log.count({ operation: 'Query', table: TABLE, index: null })).toBe(Object.keys(lists).length);
    // The confirmed ones, as Send now counts them (use-cases/mailable-subscribers.ts): the sparse index a page of
    // 1,000 at a time (one page more when a list's last page is full), their suppression in BatchGetItems of 100.
    const confirmed = Object.values(lists).map((records) => countsOf(records).confirmed);
    const indexQueries = log.count({ operation: 'Query', table: TABLE, index: CONFIRMED_INDEX });
    expect(indexQueries).toBeGreaterThanOrEqual(
      confirmed.reduce((n, c) => n + Math.max(1, Math.ceil(c / 1000)), 0),
    );
    expect(indexQueries).toBeLessThanOrEqual(confirmed.reduce((n, c) => n + Math.floor(c / 1000) + 1, 0));
    expect(log.count({ operation: 'BatchGetItem', table: TABLE })).toBe(
      confirmed.reduce((n, c) => n + Math.ceil(c / 100), 0),
    );
  });

  it('a status change shows in the counts at the next view', async () => {
    const someone = lists.harbour![1]!;
    expect(someone.status).toBe('confirmed');
    await deps.subscribers.put({ ...someone, status: 'unsubscribed', updatedAt: clock.now().toISOString() });
    try {
      const html = await (await client.get('/admin/lists', cookie)).text();
      const counts = countsOf(lists.harbour!);
      const row = /<code>harbour<\/code><\/td>((?:<td class="num">\d+<\/td>){4})/.exec(html)?.[1] ?? '';
      expect([...row.matchAll(/\d+/g)].map((m) => Number(m[0]))).toEqual([
        counts.confirmed - 1,
        0,
        counts.pending,
        counts.unsubscribed + 1,
      ]);
    } finally {
      await deps.subscribers.put(someone);
    }
  });
});

describe('the export', () => {
  it('reads the suppression reasons in its batches, with no read per suppressed address', async () => {
    const records = lists.harbour!;
    const reasons = new Map<string, SuppressionReason[]>();
    const kinds: SuppressionReason[][] = [['bounce'], ['complaint'], ['bounce', 'complaint'], ['manual']];
    records.forEach((r, i) => {
      if (i % 9 === 2) reasons.set(r.email, kinds[i % kinds.length]!);
    });
    for (const [email, list] of reasons)
      for (const reason of list) await deps.subscribers.suppress(email, reason, clock.now().toISOString());

    log.clear();
    const csv = await exportSubscribersCsv(deps.subscribers, 'harbour');
    expect(log.count({ operation: 'GetItem', table: TABLE })).toBe(0);
    expect(log.count({ operation: 'BatchGetItem', table: TABLE })).toBe(Math.ceil(records.length / 100));

    const rows = parse(csv, { columns: true }) as Array<{ email: string; suppressed: string }>;
    expect(rows.map((r) => r.email).sort()).toEqual(records.map((r) => r.email).sort());
    for (const row of rows) expect(row.suppressed, row.email).toBe(reasons.get(row.email)?.join(';') ?? 'no');
  });
});

describe('a search for confirmed subscribers', () => {
  const confirmed = () =>
    lists
      .rare!.filter((r) => r.status === 'confirmed')
      .map((r) => r.email)
      .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));

  it('reads the confirmedByList index, one query a page, both ways, in address order', async () => {
    const expected = confirmed();
    expect(expected.length).toBeGreaterThan(2 * SEARCH_PAGE);
    const forward: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let lastPage: SearchPage | null = null;
    log.clear();
    do {
      const page = await deps.subscribers.searchPage(
        'rare',
        { status: 'confirmed' },
        { after, limit: SEARCH_PAGE },
      );
      forward.push(...page.items.map((s) => s.email));
      after = page.next;
      lastPage = page;
      pages++;
    } while (after);
    expect(forward).toEqual(expected);
    // Among nine others for each match, a scan of the list's partition took several growing queries a page.
    expect(log.count({ operation: 'Query', table: TABLE, index: CONFIRMED_INDEX })).toBe(pages);
    expect(log.count({ operation: 'Query', table: TABLE })).toBe(pages);

    // From the last page back to the first, by the links on each page.
    const backward: string[] = [...(lastPage?.items.map((s) => s.email) ?? [])];
    let before = lastPage?.previous ?? null;
    while (before) {
      const earlier = await deps.subscribers.searchPage(
        'rare',
        { status: 'confirmed' },
        { before, limit: SEARCH_PAGE },
      );
      backward.unshift(...earlier.items.map((s) => s.email));
      before = earlier.previous;
    }
    expect(backward).toEqual(expected);
  });

  it('with an address part and a topic too, and after the record a cursor names left the index', async () => {
    const matches = lists
      .rare!.filter(
        (r) =>
          r.status === 'confirmed' &&
          r.topics.includes('ports') &&
          r.email.toLowerCase().includes('reader01'),
      )
      .map((r) => r.email)
      .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    const search = { status: 'confirmed' as const, topic: 'ports', contains: 'reader01' };
    const first = await deps.subscribers.searchPage('rare', search, { limit: 5 });
    expect(first.items.map((s) => s.email)).toEqual(matches.slice(0, 5));
    // The record the cursor names is unsubscribed meanwhile: the next page starts after its place all the same.
    const named = lists.rare!.find((r) => r.email === matches[4])!;
    await deps.subscribers.put({ ...named, status: 'unsubscribed', updatedAt: clock.now().toISOString() });
    try {
      const second = await deps.subscribers.searchPage('rare', search, { after: first.next, limit: 5 });
      expect(second.items.map((s) => s.email)).toEqual(matches.slice(5, 10));
      const back = await deps.subscribers.searchPage('rare', search, { before: second.previous, limit: 5 });
      expect(back.items.map((s) => s.email)).toEqual(matches.slice(0, 4));
    } finally {
      await deps.subscribers.put(named);
    }
  });
});

describe('the memory store', () => {
  it('counts by status and reads suppression reasons as the DynamoDB store does', async () => {
    const memory = new MemorySubscriberStore();
    for (const records of Object.values(lists)) await memory.putMany(records);
    for (const [id, records] of Object.entries(lists)) {
      expect(await memory.countByStatus(id), id).toEqual(countsOf(records));
      expect(await deps.subscribers.countByStatus(id), id).toEqual(countsOf(records));
    }
    const emails = lists.rare!.map((r) => r.email);
    const at = clock.now().toISOString();
    for (const [i, email] of emails.entries()) {
      if (i % 13 !== 5) continue;
      // A suppression reported in another case is the same person's.
      const reported = i % 2 === 0 ? email.toUpperCase() : email;
      for (const reason of i % 3 === 0 ? (['complaint', 'bounce'] as const) : (['manual'] as const)) {
        await memory.suppress(reported, reason, at);
        await deps.subscribers.suppress(reported, reason, at);
      }
    }
    const fromMemory = await memory.suppressionReasonsAmong(emails);
    expect(fromMemory.size).toBe(emails.filter((_, i) => i % 13 === 5).length);
    expect(await deps.subscribers.suppressionReasonsAmong(emails)).toEqual(fromMemory);
    expect(await memory.suppressedAmong(emails)).toEqual(new Set(fromMemory.keys()));
  });
});
