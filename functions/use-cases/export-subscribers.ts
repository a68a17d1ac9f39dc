/** A list's subscribers as the CSV `digest subscribers export` and the console's export write. */

import { subscribersCsv } from '../core/csv.js';
import type { SubscriberStore, SuppressionReason } from '../ports/subscriber-store.js';

export async function exportSubscribersCsv(
  store: Pick<SubscriberStore, 'pageAll' | 'suppressedAmong' | 'getSuppression'>,
  list: string,
): Promise<string> {
  const rows = [];
  let cursor: string | null = null;
  do {
    const page = await store.pageAll(list, { cursor, limit: 1000 });
    rows.push(...page.items);
    cursor = page.next;
  } while (cursor);
  // The reasons travel with the row, so that re-importing the file suppresses the same addresses again.
  const reasons = new Map<string, SuppressionReason[]>();
  for (const email of await store.suppressedAmong(rows.map((r) => r.email)))
    reasons.set(email, (await store.getSuppression(email))?.reasons ?? ['manual']);
  return subscribersCsv(rows, reasons);
}
