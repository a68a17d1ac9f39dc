/**
 * The ledger's reads that span several DynamoDB pages (dynalite): an issue's counts and its listing must
 * hold every record whatever the page size, with no record counted twice at a page boundary.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  DynamoDeliveryLedger,
  deliveriesTableDefinition,
} from '../../functions/adapters/dynamo-delivery-ledger.js';
import { ensureTable, type LocalDynamo, openLocalDynamo } from '../../functions/adapters/local-runtime.js';

const ISSUE = 'paged-1';
const RECIPIENTS = Array.from({ length: 7 }, (_, i) => `reader${i}@example.org`);
const SENT = new Set(RECIPIENTS.slice(0, 4));

let dataDir: string;
let dynamo: LocalDynamo;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ledger-pages-'));
  dynamo = await openLocalDynamo(dataDir, { inMemory: true });
  await ensureTable(dynamo.client, deliveriesTableDefinition('deliveries'));
  const ledger = new DynamoDeliveryLedger(dynamo.client, 'deliveries');
  const at = new Date('2026-12-01T08:00:00Z');
  for (const recipient of RECIPIENTS) {
    const owner = 'worker-1';
    await ledger.claim({
      issueId: ISSUE,
      recipient,
      list: 'default',
      deliveryId: `d-${recipient}`,
      owner,
      leaseUntil: 0,
      at,
    });
    if (!SENT.has(recipient)) continue;
    await ledger.markSending({ issueId: ISSUE, recipient, owner }, at);
    await ledger.markSent({ issueId: ISSUE, recipient, owner }, `ses-${recipient}`, at);
  }
  // another issue's records share the table and must not be counted
  await ledger.claim({
    issueId: 'other-issue',
    recipient: RECIPIENTS[0]!,
    list: 'default',
    deliveryId: 'd-other',
    owner: 'worker-1',
    leaseUntil: 0,
    at,
  });
});

afterAll(async () => {
  await dynamo?.close();
  await rm(dataDir, { recursive: true, force: true });
});

it.each([1, 2, 3, 7, 1000])('counts every record of an issue read %i to a page', async (pageSize) => {
  const ledger = new DynamoDeliveryLedger(dynamo.client, 'deliveries', { countsPageSize: pageSize });
  const counts = await ledger.counts(ISSUE);
  expect(counts.total).toBe(RECIPIENTS.length);
  expect(counts.sent).toBe(SENT.size);
  expect(counts.claimed).toBe(RECIPIENTS.length - SENT.size);
});

it('lists an issue page by page with a cursor, each recipient once', async () => {
  const ledger = new DynamoDeliveryLedger(dynamo.client, 'deliveries');
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<DynamoDeliveryLedger['page']>> = await ledger.page(ISSUE, {
      cursor,
      limit: 3,
    });
    expect(page.items.length).toBeLessThanOrEqual(3);
    seen.push(...page.items.map((r) => r.recipient));
    cursor = page.next;
  } while (cursor);
  expect([...seen].sort()).toEqual([...RECIPIENTS].sort());
});
