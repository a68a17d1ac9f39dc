/**
 * What the subscriber race tests share: both subscriber stores (the memory store and DynamoDB on an in-memory
 * dynalite), a store wrapper that holds the first write until the test lets it go (so that a concurrent change
 * lands between a read and its write, deterministically), and subscription deps that record the mails sent.
 */
import {
  DynamoSubscriberStore,
  subscribersTableDefinition,
} from '../../functions/adapters/dynamo-subscriber-store.js';
import { ensureTable, type LocalDynamo, openLocalDynamo } from '../../functions/adapters/local-runtime.js';
import { MemorySubscriberStore } from '../../functions/adapters/memory-subscriber-store.js';
import type { SubscriptionDeps } from '../../functions/core/subscription.js';
import type { Subscriber, SubscriberStore } from '../../functions/ports/subscriber-store.js';

export const RACE_T0 = Date.parse('2026-06-01T12:00:00.000Z');
/** The race tests' clock: `minutes` after RACE_T0. */
export const at = (minutes: number) => new Date(RACE_T0 + minutes * 60_000);
export const ctx = { ip: '192.0.2.1', userAgent: 'UA/1' };

/** Fresh stores of both kinds: each DynamoDB one is a new table on one in-memory dynalite. */
export interface RaceStores {
  kinds: [string, () => Promise<SubscriberStore>][];
  close(): Promise<void>;
}

/** Opens the dynalite the DynamoDB stores live on (call in `beforeAll`, close in `afterAll`). */
export function raceStores(tablePrefix: string): RaceStores {
  let dynamo: Promise<LocalDynamo> | null = null;
  let tableCount = 0;
  const dynamoStore = async (): Promise<SubscriberStore> => {
    dynamo ??= openLocalDynamo('/nonexistent', { inMemory: true });
    const { client } = await dynamo;
    const name = `${tablePrefix}-${++tableCount}`;
    await ensureTable(client, subscribersTableDefinition(name));
    return new DynamoSubscriberStore(client, name);
  };
  return {
    kinds: [
      ['memory', async () => new MemorySubscriberStore() as SubscriberStore],
      ['dynalite', dynamoStore],
    ],
    close: async () => {
      if (dynamo) await (await dynamo).close();
    },
  };
}

/**
 * The store as one request sees it: its first call to one of `writes` waits until `release()`. `writeReached`
 * resolves when that write is attempted (the request has read the record and decided).
 */
export function holdFirstWrite(
  inner: SubscriberStore,
  writes: ReadonlySet<string>,
): { store: SubscriberStore; writeReached: Promise<void>; release: () => void } {
  let reached: () => void = () => undefined;
  let release: () => void = () => undefined;
  const writeReached = new Promise<void>((ok) => {
    reached = ok;
  });
  const released = new Promise<void>((ok) => {
    release = ok;
  });
  let held = false;
  const store = new Proxy(inner, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      if (typeof property !== 'string' || !writes.has(property)) return method.bind(target);
      return async (...args: unknown[]) => {
        if (!held) {
          held = true;
          reached();
          await released;
        }
        return method.apply(target, args);
      };
    },
  });
  return { store, writeReached, release };
}

/** Subscription deps whose confirmation mails are recorded in `sent` ("email at"). */
export function recordingDeps(store: SubscriberStore): SubscriptionDeps & { sent: string[] } {
  const sent: string[] = [];
  return {
    store,
    sent,
    confirmations: {
      async sendConfirmation(s: Subscriber, now: Date) {
        sent.push(`${s.email} ${now.toISOString()}`);
      },
    },
  };
}
