// Fan-out: the cost of paging through a list's confirmed subscribers in dynalite, the way the
// fan-out handler does before it writes send jobs (100,000 subscribers; --tiny: 500).
import {
  DynamoSubscriberStore,
  subscribersTableDefinition,
} from '../functions/adapters/dynamo-subscriber-store.js';
import { ensureTable, openLocalDynamo } from '../functions/adapters/local-runtime.js';
import type { Subscriber } from '../functions/ports/subscriber-store.js';
import type { BenchOptions } from './bench.js';
import { measured } from './bench-results.js';
import { fmt, median, table, timeRuns } from './bench-util.js';

function subscriber(i: number): Subscriber {
  const at = '2026-11-01T00:00:00.000Z';
  return {
    email: `reader${i}@example.org`,
    list: 'bench',
    status: i % 10 === 0 ? 'pending' : 'confirmed',
    topics: i % 3 === 0 ? ['politics'] : ['business'],
    timezone: 'Europe/London',
    consent: { at, method: 'import', ip: null, userAgent: null },
    createdAt: at,
    updatedAt: at,
    confirmationSentAt: null,
  };
}

export async function run({ tiny }: BenchOptions): Promise<string> {
  const total = tiny ? 500 : 100_000;
  const dynamo = await openLocalDynamo('', { inMemory: true });
  try {
    const table_ = 'bench-subscribers';
    await ensureTable(dynamo.client, subscribersTableDefinition(table_));
    const store = new DynamoSubscriberStore(dynamo.client, table_);
    const loadStarted = performance.now();
    for (let i = 0; i < total; i += 5_000) {
      await store.putMany(Array.from({ length: Math.min(5_000, total - i) }, (_, k) => subscriber(i + k)));
    }
    const loadMs = performance.now() - loadStarted;

    let pages = 0;
    let seen = 0;
    const passes = await timeRuns(tiny ? 1 : 3, async () => {
      pages = 0;
      seen = 0;
      let cursor: string | null = null;
      do {
        const page = await store.pageConfirmed('bench', { cursor, limit: 500 });
        pages++;
        seen += page.items.length;
        cursor = page.next;
      } while (cursor);
    });
    const perSubscriber = median(passes) / seen;
    measured.fanOutMsPerSubscriber = perSubscriber;
    return [
      '## Fan-out paging',
      '',
      `${total.toLocaleString('en-US')} subscribers (90% confirmed) in in-memory dynalite, paged 500 at a time through the sparse \`confirmedByList\` index, median of ${passes.length} passes. dynalite is far slower than DynamoDB; this is an upper bound on our side of the cost.`,
      '',
      table(
        ['measure', 'value'],
        [
          ['load (BatchWriteItem, 25 per batch), s', fmt(loadMs / 1000, 1)],
          ['one full pass, s', fmt(median(passes) / 1000, 2)],
          ['pages / confirmed subscribers seen', `${pages} / ${seen.toLocaleString('en-US')}`],
          ['per subscriber, ms', fmt(perSubscriber, 4)],
        ],
      ),
    ].join('\n');
  } finally {
    await dynamo.close();
  }
}
