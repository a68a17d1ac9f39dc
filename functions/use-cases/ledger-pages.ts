import type { DeliveryLedger, DeliveryRecord } from '../ports/delivery-ledger.js';

/** The records of a ledger page read at once: a Query of about a read unit per 8 records in AWS. */
const PAGE_SIZE = 500;

/**
 * Every delivery record of an issue, a page at a time, each page read when the one before has been handled (so that a
 * reader may write to the ledger between pages, as the settling of stranded records does).
 * @example for await (const records of ledgerPages(ledger, issueId)) count += records.length;
 */
export async function* ledgerPages(
  ledger: Pick<DeliveryLedger, 'page'>,
  issueId: string,
  pageSize = PAGE_SIZE,
): AsyncGenerator<DeliveryRecord[]> {
  for (let cursor: string | null = null; ; ) {
    const page: Awaited<ReturnType<DeliveryLedger['page']>> = await ledger.page(issueId, {
      cursor,
      limit: pageSize,
    });
    yield page.items;
    cursor = page.next;
    if (!cursor) return;
  }
}
