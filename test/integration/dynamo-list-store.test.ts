import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builtInDefaultList,
  ConfiguredListError,
  ConfiguredListStore,
  defaultListTitle,
} from '../../functions/adapters/configured-list-store.js';
import { DynamoListStore, listsTableDefinition } from '../../functions/adapters/dynamo-list-store.js';
import { ensureTable, type LocalDynamo, openLocalDynamo } from '../../functions/adapters/local-runtime.js';
import { newList } from '../../functions/core/newsletter-list.js';
import { StaleListError, UnknownListError } from '../../functions/ports/list-store.js';
import { requireList } from '../../functions/use-cases/require-list.js';

let dynamo: LocalDynamo;
let tables = 0;

async function freshTable(): Promise<DynamoListStore> {
  const name = `lists-${++tables}`;
  await ensureTable(dynamo.client, listsTableDefinition(name));
  return new DynamoListStore(dynamo.client, name);
}

beforeAll(async () => {
  dynamo = await openLocalDynamo('', { inMemory: true });
});
afterAll(async () => {
  await dynamo.close();
});

const AT = '2026-12-01T08:00:00.000Z';
const LATER = '2026-12-02T08:00:00.000Z';

describe('DynamoListStore', () => {
  it('creates once, reads back every field, and refuses a second create of the same id', async () => {
    const store = await freshTable();
    const list = newList(
      'harbour',
      'The Harbour Brief',
      { description: 'Tides and trade', tracking: true },
      AT,
    );
    expect(await store.create(list)).toBe(true);
    expect(await store.create({ ...list, title: 'Other' })).toBe(false);
    expect(await store.get('harbour')).toEqual(list);
    expect(await store.get('missing')).toBeNull();
  });

  it('updates only the fields given, keeps createdAt, and answers null for a missing list', async () => {
    const store = await freshTable();
    await store.create(newList('harbour', 'The Harbour Brief', { replyTo: 'desk@example.org' }, AT));
    const updated = await store.update('harbour', { subjectPrefix: '[Harbour]', replyTo: null }, LATER);
    expect(updated).toMatchObject({
      title: 'The Harbour Brief',
      subjectPrefix: '[Harbour]',
      replyTo: null,
      createdAt: AT,
      updatedAt: LATER,
    });
    expect(await store.get('harbour')).toEqual(updated);
    expect(await store.update('missing', { title: 'x' }, LATER)).toBeNull();
  });

  it('with ifUpdatedAt, of two saves made from the same record exactly one lands; the other gets the record as it is', async () => {
    const store = await freshTable();
    await store.create(newList('harbour', 'The Harbour Brief', {}, AT));
    const saves = await Promise.allSettled([
      store.update('harbour', { title: 'Harbour weekly' }, LATER, { ifUpdatedAt: AT }),
      store.update('harbour', { description: 'Tides' }, '2026-12-02T08:00:00.001Z', { ifUpdatedAt: AT }),
    ]);
    const landed = saves.filter((s) => s.status === 'fulfilled');
    const refused = saves.filter((s) => s.status === 'rejected');
    expect(landed).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const error = (refused[0] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(StaleListError);
    const stored = await store.get('harbour');
    expect((error as StaleListError).current).toEqual(stored);
    expect(stored).toEqual((landed[0] as PromiseFulfilledResult<unknown>).value);
    // Neither field of the refused save was written.
    expect(stored?.title === 'Harbour weekly').not.toBe(stored?.description === 'Tides');
  });

  it('lists by id and deletes', async () => {
    const store = await freshTable();
    await store.create(newList('zeta', 'Zeta', {}, AT));
    await store.create(newList('alpha', 'Alpha', {}, AT));
    expect((await store.list()).map((l) => l.id)).toEqual(['alpha', 'zeta']);
    expect(await store.delete('zeta')).toBe(true);
    expect(await store.delete('zeta')).toBe(false);
    expect((await store.list()).map((l) => l.id)).toEqual(['alpha']);
  });
});

describe('ConfiguredListStore', () => {
  it('has the built-in default list on an empty table, titled from DIGEST_LIST_TITLE or the sender name', async () => {
    const titled = new ConfiguredListStore(await freshTable(), [
      builtInDefaultList(defaultListTitle({ DIGEST_LIST_TITLE: 'Harbour Digest' })),
    ]);
    expect((await titled.get('default'))?.title).toBe('Harbour Digest');
    const fromSender = builtInDefaultList(
      defaultListTitle({ DIGEST_FROM: '"Quay News" <news@example.org>' }),
    );
    expect(fromSender.title).toBe('Quay News');
    expect((await titled.list()).map((l) => l.id)).toEqual(['default']);
  });

  it('lets the table win over the configuration once the list is updated', async () => {
    const table = await freshTable();
    const store = new ConfiguredListStore(table, [
      builtInDefaultList(defaultListTitle({ DIGEST_LIST_TITLE: 'Harbour Digest' })),
    ]);
    const updated = await store.update('default', { title: 'The Morning Quay' }, LATER);
    expect(updated?.title).toBe('The Morning Quay');
    expect((await table.get('default'))?.title).toBe('The Morning Quay');
    expect((await store.get('default'))?.title).toBe('The Morning Quay');
    expect(await store.create(newList('default', 'Again', {}, LATER))).toBe(false);
    await expect(store.delete('default')).rejects.toBeInstanceOf(ConfiguredListError);
  });

  it('with ifUpdatedAt, a configured list with no record yet is saved from the configured one, and only from it', async () => {
    const store = new ConfiguredListStore(await freshTable(), [builtInDefaultList('Desk')]);
    const configured = (await store.get('default'))?.updatedAt ?? '';
    await expect(store.update('default', { title: 'Old page' }, LATER, { ifUpdatedAt: AT })).rejects.toThrow(
      StaleListError,
    );
    expect(
      await store.update('default', { title: 'Desk daily' }, LATER, { ifUpdatedAt: configured }),
    ).toMatchObject({ title: 'Desk daily', updatedAt: LATER });
    await expect(
      store.update('default', { title: 'Again' }, '2026-12-03T08:00:00.000Z', { ifUpdatedAt: configured }),
    ).rejects.toThrow(StaleListError);
    expect((await store.get('default'))?.title).toBe('Desk daily');
  });

  it('an unknown list is an error that names the lists that exist', async () => {
    const store = new ConfiguredListStore(await freshTable(), [builtInDefaultList(defaultListTitle({}))]);
    await store.create(newList('harbour', 'The Harbour Brief', {}, AT));
    const error = await requireList(store, 'nwes').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownListError);
    expect((error as Error).message).toBe(
      'no list "nwes"; lists: default, harbour (create one with `digest lists create`)',
    );
    // The id rule is not bent: an upper-case spelling is not the lower-case list.
    await expect(requireList(store, 'Harbour')).rejects.toBeInstanceOf(UnknownListError);
    expect((await requireList(store, 'harbour')).title).toBe('The Harbour Brief');
  });
});
