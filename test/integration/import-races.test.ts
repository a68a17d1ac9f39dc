/**
 * A CSV import racing lifecycle changes, on both subscriber stores (dynalite and memory). The import reads the
 * list once, decides every row, then writes; each race is made deterministic by holding the import's first
 * subscriber write until the concurrent change has completed. The import must never write over a change it did
 * not see: the row is read and decided again, and the report counts it where that decision puts it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addConfirmed, confirm, forget, subscribe, unsubscribe } from '../../functions/core/subscription.js';
import type { SubscriberStore } from '../../functions/ports/subscriber-store.js';
import {
  IMPORT_WRITE_CHUNK,
  type ImportReport,
  importSubscribers,
} from '../../functions/use-cases/import-subscribers.js';
import { at, ctx, holdFirstWrite, raceStores, recordingDeps } from '../support/subscriber-races.js';

const LIST = 'default';
const WRITES = new Set(['put', 'putMany', 'putIfUnchanged', 'putManyIfUnchanged']);
const stores = raceStores('subscribers-import-race');
afterAll(() => stores.close());

/** Runs an import of `text` until its first write, then `meanwhile` to completion, then lets the import finish. */
async function importRacing(
  store: SubscriberStore,
  options: { text: string; confirmed: boolean; now: Date },
  meanwhile: () => Promise<unknown>,
): Promise<{ report: ImportReport; rejected: string[]; sent: string[] }> {
  const held = holdFirstWrite(store, WRITES);
  const deps = recordingDeps(held.store);
  const rejected: string[] = [];
  const running = importSubscribers(
    { subscribers: held.store, clock: { now: () => options.now }, subscription: () => deps },
    {
      text: options.text,
      list: LIST,
      confirmed: options.confirmed,
      onRejected: (line, reason) => rejected.push(`${line}: ${reason}`),
    },
  );
  await Promise.race([held.writeReached, running]);
  await meanwhile();
  held.release();
  return { report: await running, rejected, sent: deps.sent };
}

describe.each(stores.kinds)('an import racing lifecycle changes on the %s store', (_name, makeStore) => {
  it('a pending subscriber who unsubscribes during an import with --confirmed stays unsubscribed', async () => {
    const store = await makeStore();
    const person = { email: 'p@example.org', list: LIST };
    await subscribe(recordingDeps(store), { ...person, ...ctx }, at(0));
    const { report, rejected } = await importRacing(
      store,
      { text: 'email\np@example.org\nq@example.org\n', confirmed: true, now: at(5) },
      () => unsubscribe({ store }, person, at(5)),
    );
    expect(rejected).toEqual([]);
    expect((await store.get(LIST, 'p@example.org'))?.status).toBe('unsubscribed');
    expect((await store.get(LIST, 'q@example.org'))?.status).toBe('confirmed');
    expect(report).toMatchObject({ imported: 1, confirmed: 1, skippedUnsubscribed: 1, skippedExisting: 0 });
    expect(report.skipped).toBe(1);
  });

  it('a pending subscriber forgotten during an import with --confirmed is not added back', async () => {
    const store = await makeStore();
    const person = { email: 'p@example.org', list: LIST };
    await subscribe(recordingDeps(store), { ...person, ...ctx }, at(0));
    const { report } = await importRacing(
      store,
      { text: 'email\np@example.org\n', confirmed: true, now: at(5) },
      () => forget({ store }, person.email),
    );
    expect(await store.get(LIST, 'p@example.org')).toBeNull();
    expect(report).toMatchObject({ imported: 0, confirmed: 0, skipped: 1 });
  });

  it('an address that subscribes and confirms during the import is not set back', async () => {
    const store = await makeStore();
    const person = { email: 'new@example.org', list: LIST };
    const deps = recordingDeps(store);
    const { report } = await importRacing(
      store,
      {
        text: 'email,status,topics\nnew@example.org,pending,sport\n',
        confirmed: true,
        now: at(5),
      },
      async () => {
        await subscribe(deps, { ...person, topics: ['science'], ...ctx }, at(1));
        await confirm({ store }, person, ctx, at(2));
      },
    );
    const record = await store.get(LIST, person.email);
    expect(record?.status).toBe('confirmed');
    expect(record?.topics).toEqual(['science']);
    expect(record?.consent?.method).toBe('double-opt-in');
    expect(report).toMatchObject({ imported: 0, pending: 0, skippedExisting: 1 });
  });

  it('an address added confirmed during an import with --confirmed keeps its own record', async () => {
    const store = await makeStore();
    const { report } = await importRacing(
      store,
      { text: 'email,created_at\nnew@example.org,2020-01-01T00:00:00Z\n', confirmed: true, now: at(5) },
      () => addConfirmed({ store }, { email: 'new@example.org', list: LIST, method: 'cli' }, at(1)),
    );
    const record = await store.get(LIST, 'new@example.org');
    expect(record?.consent?.method).toBe('cli');
    expect(record?.createdAt).toBe(at(1).toISOString());
    expect(report).toMatchObject({ imported: 0, confirmed: 0, skippedExisting: 1 });
  });

  it('an address that subscribes and unsubscribes during the import stays unsubscribed', async () => {
    const store = await makeStore();
    const person = { email: 'new@example.org', list: LIST };
    const deps = recordingDeps(store);
    const { report } = await importRacing(
      store,
      { text: 'email\nnew@example.org\n', confirmed: true, now: at(5) },
      async () => {
        await subscribe(deps, { ...person, ...ctx }, at(1));
        await unsubscribe({ store }, person, at(2));
      },
    );
    expect((await store.get(LIST, person.email))?.status).toBe('unsubscribed');
    expect(report).toMatchObject({ imported: 0, confirmed: 0, skippedUnsubscribed: 1 });
  });

  it('an address that subscribes and unsubscribes before its opt-in mail is neither changed nor mailed', async () => {
    const store = await makeStore();
    const person = { email: 'new@example.org', list: LIST };
    const deps = recordingDeps(store);
    const { report, sent } = await importRacing(
      store,
      // Without --confirmed: the row gets the double opt-in mail, unless the address is on the list by then.
      { text: 'email\nnew@example.org\n', confirmed: false, now: at(30) },
      async () => {
        await subscribe(deps, { ...person, ...ctx }, at(1));
        await unsubscribe({ store }, person, at(2));
      },
    );
    expect((await store.get(LIST, person.email))?.status).toBe('unsubscribed');
    expect(sent).toEqual([]);
    expect(report).toMatchObject({ imported: 0, invited: 0, skippedUnsubscribed: 1 });
  });

  it('of many rows, one that changed meanwhile is decided again and every other is written', async () => {
    const store = await makeStore();
    const emails = Array.from({ length: 300 }, (_, i) => `u${String(i).padStart(3, '0')}@example.org`);
    const deps = recordingDeps(store);
    // Every tenth address is pending before the import; the one in the middle unsubscribes during it.
    for (const [i, email] of emails.entries())
      if (i % 10 === 0) await subscribe(deps, { email, list: LIST, ...ctx }, at(i));
    const middle = emails[150]!;
    const { report, rejected } = await importRacing(
      store,
      { text: `email\n${emails.join('\n')}\n`, confirmed: true, now: at(400) },
      () => unsubscribe({ store }, { email: middle, list: LIST }, at(400)),
    );
    expect(rejected).toEqual([]);
    expect(report).toMatchObject({
      rows: 300,
      imported: 299,
      confirmed: 299,
      skippedUnsubscribed: 1,
      skipped: 1,
    });
    expect((await store.get(LIST, middle))?.status).toBe('unsubscribed');
    const statuses = await Promise.all(emails.map(async (e) => (await store.get(LIST, e))?.status));
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(299);
  });

  it('an address suppressed while a long import runs is not written after its suppression', async () => {
    const store = await makeStore();
    // Two write batches: the first is held while a bounce suppresses an address of the second.
    const emails = Array.from(
      { length: IMPORT_WRITE_CHUNK + 10 },
      (_, i) => `s${String(i).padStart(4, '0')}@example.org`,
    );
    const bounced = emails.at(-1)!;
    const { report, rejected } = await importRacing(
      store,
      { text: `email\n${emails.join('\n')}\n`, confirmed: true, now: at(5) },
      () => store.suppress(bounced, 'bounce', at(5).toISOString()),
    );
    expect(rejected).toEqual([]);
    expect(await store.get(LIST, bounced)).toBeNull();
    expect(report).toMatchObject({
      imported: emails.length - 1,
      confirmed: emails.length - 1,
      skippedSuppressed: 1,
      skipped: 1,
    });
  });

  it('an address suppressed before its opt-in mail is neither mailed nor counted as invited', async () => {
    const store = await makeStore();
    const { report, sent } = await importRacing(
      store,
      { text: 'email\nfirst@example.org\nbounced@example.org\n', confirmed: false, now: at(5) },
      () => store.suppress('bounced@example.org', 'complaint', at(5).toISOString()),
    );
    expect(sent.map((line) => line.split(' ')[0])).toEqual(['first@example.org']);
    expect(await store.get(LIST, 'bounced@example.org')).toBeNull();
    expect(report).toMatchObject({ imported: 1, invited: 1, skippedSuppressed: 1, skipped: 1 });
  });

  it('an import with no concurrent change writes every row as before', async () => {
    const store = await makeStore();
    await subscribe(recordingDeps(store), { email: 'p@example.org', list: LIST, ...ctx }, at(0));
    const { report } = await importRacing(
      store,
      { text: 'email\np@example.org\nq@example.org\n', confirmed: true, now: at(5) },
      async () => undefined,
    );
    expect(report).toMatchObject({ imported: 2, confirmed: 2, skipped: 0 });
    expect((await store.get(LIST, 'p@example.org'))?.consent?.method).toBe('import');
  });
});
