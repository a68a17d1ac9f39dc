/**
 * Concurrent lifecycle requests for one address, on both subscriber stores (dynalite and memory): each race is
 * made deterministic by holding the first request's first write until the second request has completed, so the
 * first one writes over a record that changed after it read it. The outcome must be that of the two requests
 * run one after the other, the second one first.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { confirm, subscribe, unsubscribe, updatePreferences } from '../../functions/core/subscription.js';
import type { SubscriberStore } from '../../functions/ports/subscriber-store.js';
import { at, ctx, holdFirstWrite, raceStores, recordingDeps } from '../support/subscriber-races.js';

const person = { email: 'p@example.org', list: 'default' };
const WRITES = new Set(['put', 'putIfUnchanged']);
const stores = raceStores('subscribers-race');
afterAll(() => stores.close());

/** Runs `first` until its first write, then `second` to completion, then lets `first` finish. */
async function race<A, B>(
  store: SubscriberStore,
  first: (store: SubscriberStore) => Promise<A>,
  second: (store: SubscriberStore) => Promise<B>,
): Promise<[A, B]> {
  const held = holdFirstWrite(store, WRITES);
  const firstDone = first(held.store);
  await Promise.race([held.writeReached, firstDone]);
  const secondResult = await second(store);
  held.release();
  return [await firstDone, secondResult];
}

describe.each(stores.kinds)('lifecycle races on the %s store', (_name, makeStore) => {
  it('a subscribe racing the confirm leaves the subscriber confirmed and sends no second mail', async () => {
    const store = await makeStore();
    const deps = recordingDeps(store);
    await subscribe(deps, { ...person, ...ctx }, at(0));
    expect(deps.sent).toHaveLength(1);

    // 20 minutes later (a re-send is allowed) the person asks again while clicking the first mail's link.
    const [again, confirmed] = await race(
      store,
      (s) => subscribe({ ...deps, store: s }, { ...person, ...ctx }, at(20)),
      (s) => confirm({ store: s }, person, ctx, at(20)),
    );
    expect(confirmed.kind).toBe('confirmed');
    expect(again).toMatchObject({ kind: 'accepted', action: 'already-confirmed' });
    const record = await store.get(person.list, person.email);
    expect(record?.status).toBe('confirmed');
    expect(record?.consent?.method).toBe('double-opt-in');
    expect(deps.sent).toHaveLength(1);
    // The send slot claimed by the request that then sent nothing is given back.
    expect(await store.claimConfirmationSlot(person.email, at(21).toISOString(), 10 * 60_000)).toBe(true);
  });

  it('a confirm racing an unsubscribe does not subscribe the person again', async () => {
    const store = await makeStore();
    const deps = recordingDeps(store);
    await subscribe(deps, { ...person, ...ctx }, at(0));

    const [confirmed, left] = await race(
      store,
      (s) => confirm({ store: s }, person, ctx, at(5)),
      (s) => unsubscribe({ store: s }, person, at(5)),
    );
    expect(left.kind).toBe('unsubscribed');
    expect(confirmed).toEqual({ kind: 'not-pending', status: 'unsubscribed' });
    expect((await store.get(person.list, person.email))?.status).toBe('unsubscribed');
  });

  it('a preferences change racing the confirm keeps both', async () => {
    const store = await makeStore();
    const deps = recordingDeps(store);
    await subscribe(deps, { ...person, ...ctx }, at(0));

    const [changed, confirmed] = await race(
      store,
      (s) => updatePreferences({ store: s }, person, { topics: ['science'] }, at(5)),
      (s) => confirm({ store: s }, person, ctx, at(5)),
    );
    expect(confirmed.kind).toBe('confirmed');
    expect(changed.kind).toBe('updated');
    const record = await store.get(person.list, person.email);
    expect(record?.status).toBe('confirmed');
    expect(record?.topics).toEqual(['science']);
  });

  it('an unsubscribe racing the confirm unsubscribes the confirmed record, not the pending one it read', async () => {
    const store = await makeStore();
    const deps = recordingDeps(store);
    await subscribe(deps, { ...person, ...ctx }, at(0));

    const [left, confirmed] = await race(
      store,
      (s) => unsubscribe({ store: s }, person, at(5)),
      (s) => confirm({ store: s }, person, ctx, at(5)),
    );
    expect(confirmed.kind).toBe('confirmed');
    expect(left.kind).toBe('unsubscribed');
    const record = await store.get(person.list, person.email);
    expect(record?.status).toBe('unsubscribed');
    // The consent on file is the confirmation's, which happened before the unsubscribe took effect.
    expect(record?.consent?.method).toBe('double-opt-in');
  });

  it('a conditional write refuses a record that changed since it was read', async () => {
    const store = await makeStore();
    const deps = recordingDeps(store);
    await subscribe(deps, { ...person, ...ctx }, at(0));
    const read = await store.get(person.list, person.email);
    if (!read) throw new Error('no record');
    await confirm({ store }, person, ctx, at(1));
    expect(await store.putIfUnchanged({ ...read, topics: ['x'] }, read)).toBe(false);
    expect(await store.putIfUnchanged({ ...read, email: 'new@example.org' }, null)).toBe(true);
    expect(await store.putIfUnchanged({ ...read, email: 'new@example.org' }, null)).toBe(false);
    const current = await store.get(person.list, person.email);
    if (!current) throw new Error('no record');
    expect(await store.putIfUnchanged({ ...current, topics: ['x'] }, current)).toBe(true);
    expect((await store.get(person.list, person.email))?.topics).toEqual(['x']);
  });
});
