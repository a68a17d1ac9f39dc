// DIGEST_LISTS: parsing at cold start, and the table-first fallback of settings and feeds, on in-memory dynalite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONFIGURED_FEED_ADDED_AT,
  ConfiguredBriefingStore,
  type ListDefaults,
  listDefaultsFromEnv,
  parseListDefaults,
} from '../../functions/adapters/configured-lists.js';
import { briefingsTableDefinition } from '../../functions/adapters/dynamo-briefing-store.js';
import { ensureTable, type LocalDynamo, openLocalDynamo } from '../../functions/adapters/local-runtime.js';
import { ConfigError } from '../../functions/config.js';
import { DEFAULT_LIST_SETTINGS } from '../../functions/ports/briefing-store.js';

const LISTS: ListDefaults[] = [
  {
    name: 'morning',
    mode: 'auto',
    timezone: 'Europe/London',
    editor: null,
    feeds: ['https://news.example.org/feed.xml'],
  },
  {
    name: 'weekly',
    mode: 'review',
    timezone: 'America/New_York',
    editor: 'editor@news.example.org',
    feeds: [],
  },
];

let dynamo: LocalDynamo;
let tables = 0;

async function freshStore(lists: ListDefaults[] = LISTS): Promise<ConfiguredBriefingStore> {
  const name = `briefings-${++tables}`;
  await ensureTable(dynamo.client, briefingsTableDefinition(name));
  return new ConfiguredBriefingStore(dynamo.client, name, parseListDefaults(JSON.stringify(lists)));
}

beforeAll(async () => {
  dynamo = await openLocalDynamo('/nonexistent', { inMemory: true });
});
afterAll(async () => {
  await dynamo.close();
});

describe('parseListDefaults', () => {
  it('reads the JSON array keyed by list name; unset means no configured lists', () => {
    const lists = listDefaultsFromEnv({ DIGEST_LISTS: JSON.stringify(LISTS) });
    expect([...lists.keys()]).toEqual(['morning', 'weekly']);
    expect(lists.get('weekly')).toEqual(LISTS[1]);
    expect(listDefaultsFromEnv({}).size).toBe(0);
    expect(parseListDefaults('  ').size).toBe(0);
  });

  it('rejects bad JSON with an error naming DIGEST_LISTS', () => {
    expect(() => listDefaultsFromEnv({ DIGEST_LISTS: '[{"name":' })).toThrow(ConfigError);
    expect(() => listDefaultsFromEnv({ DIGEST_LISTS: '[{"name":' })).toThrow(
      /environment variable DIGEST_LISTS is not valid JSON/,
    );
  });

  it('rejects values the runtime does not know, naming the variable and the field', () => {
    const bad = (patch: Record<string, unknown>) => () =>
      parseListDefaults(JSON.stringify([{ ...LISTS[0], ...patch }]));
    // The deploy config's `send` must have been mapped to the runtime's `auto`.
    expect(bad({ mode: 'send' })).toThrow(/DIGEST_LISTS is invalid: 0\.mode/);
    expect(bad({ timezone: 'Europe/Lndon' })).toThrow(
      /DIGEST_LISTS is invalid: 0\.timezone: "Europe\/Lndon"/,
    );
    expect(bad({ editor: 'not-an-address' })).toThrow(/DIGEST_LISTS is invalid: 0\.editor/);
    expect(bad({ feeds: ['not a url'] })).toThrow(/DIGEST_LISTS is invalid: 0\.feeds\.0/);
    expect(() => parseListDefaults('{"name":"morning"}')).toThrow(/DIGEST_LISTS is invalid: \(root\)/);
    expect(() => parseListDefaults(JSON.stringify([LISTS[0], LISTS[0]]))).toThrow(/duplicate list "morning"/);
  });
});

describe('ConfiguredBriefingStore', () => {
  it('uses the configured settings while the table has no record for the list', async () => {
    const store = await freshStore();
    expect(await store.findSettings('weekly')).toBeNull();
    expect(await store.getSettings('weekly')).toEqual({
      ...DEFAULT_LIST_SETTINGS,
      list: 'weekly',
      mode: 'review',
      timezone: 'America/New_York',
      editor: 'editor@news.example.org',
    });
    expect(await store.getSettings('morning')).toMatchObject({ mode: 'auto', timezone: 'Europe/London' });
  });

  it('lets a settings record in the table win over the configuration', async () => {
    const store = await freshStore();
    const written = {
      ...DEFAULT_LIST_SETTINGS,
      list: 'weekly',
      mode: 'auto' as const,
      timezone: 'Asia/Tokyo',
      maxStories: 8,
    };
    await store.putSettings(written);
    expect(await store.getSettings('weekly')).toEqual(written);
    // Other lists still fall back to their configuration.
    expect(await store.getSettings('morning')).toMatchObject({ timezone: 'Europe/London' });
  });

  it('gives an unconfigured list with no record the store defaults', async () => {
    const store = await freshStore();
    expect(await store.getSettings('other')).toEqual({ ...DEFAULT_LIST_SETTINGS, list: 'other' });
    expect(await store.listSources('other')).toEqual([]);
  });

  it("uses the configured feeds until the table has feeds of the list's own", async () => {
    const store = await freshStore();
    expect(await store.listSources('morning')).toEqual([
      { url: 'https://news.example.org/feed.xml', addedAt: CONFIGURED_FEED_ADDED_AT },
    ]);
    expect(await store.listSources('weekly')).toEqual([]);
    await store.addSource('morning', 'https://other.example.org/atom.xml', '2026-11-27T00:00:00.000Z');
    expect(await store.listSources('morning')).toEqual([
      { url: 'https://other.example.org/atom.xml', addedAt: '2026-11-27T00:00:00.000Z' },
    ]);
  });
});
