/** A list's subscribers as the CSV `digest subscribers export` and the console's export write. */

import { subscribersCsv } from '../core/csv.js';
import type { SubscriberStore } from '../ports/subscriber-store.js';

export async function exportSubscribersCsv(
  store: Pick<SubscriberStore, 'pageAll' | 'suppressionReasonsAmong'>,
  list: string,
): Promise<string> {
  const rows = [];
  let cursor: string | null = null;
  do {
    const page = await store.pageAll(list, { cursor, limit: 1000 });
    rows.push(...page.items);
    cursor = page.next;
  } while (cursor);
  // The reasons travel with the row, so that re-importing the file suppresses the same addresses again. They are
  // read in the batches that find the suppressed addresses (100 addresses a request), not one request each.
  return subscribersCsv(rows, await store.suppressionReasonsAmong(rows.map((r) => r.email)));
}
