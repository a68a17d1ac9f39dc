/**
 * The delivery ledger keeps why a send failed, is unknown, waits for a retry or was skipped, in the same DynamoDB
 * table locally (dynalite) and deployed: one line, bounded, with every address masked and every URL credential
 * replaced, whatever the error said. And the console's list of who did not get an issue
 * (use-cases/issue-stats.ts `undeliveredRecipients`) reads those reasons back: failed, unknown, and stalled records
 * (a claim or a send whose lease ran out), never a record still held by a live sender or one that went out.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoDeliveryLedger,
  deliveriesTableDefinition,
} from '../../functions/adapters/dynamo-delivery-ledger.js';
import { ensureTable, type LocalDynamo, openLocalDynamo } from '../../functions/adapters/local-runtime.js';
import { MAX_REASON_CHARS } from '../../functions/core/delivery.js';
import type { OwnedKey } from '../../functions/ports/delivery-ledger.js';
import { undeliveredRecipients } from '../../functions/use-cases/issue-stats.js';

const AT = new Date('2026-12-02T08:00:00Z');
const OWNER = 'local:host:1:run';

let dataDir: string;
let dynamo: LocalDynamo;
let ledger: DynamoDeliveryLedger;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ledger-reason-'));
  dynamo = await openLocalDynamo(dataDir, { inMemory: true });
  await ensureTable(dynamo.client, deliveriesTableDefinition('deliveries'));
  ledger = new DynamoDeliveryLedger(dynamo.client, 'deliveries');
});

afterAll(async () => {
  await dynamo?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function claimed(
  issueId: string,
  recipient: string,
  leaseUntil = AT.getTime() + 60_000,
): Promise<OwnedKey> {
  await ledger.claim({
    issueId,
    recipient,
    list: 'default',
    deliveryId: `${issueId}.${recipient}`,
    owner: OWNER,
    leaseUntil,
    at: AT,
  });
  return { issueId, recipient, owner: OWNER };
}

// An error message as a misbehaving endpoint might word it: a line break, the recipient, a URL with credentials,
// and far more text than anyone reads in a table cell.
const WORDY = `MessageRejected: Email address is not verified.\nThe following identities failed the check: reader.one@example.org (see https://ops:s3cret@status.example.net/case?id=1) ${'and more detail '.repeat(400)}`;

describe('the reason the ledger keeps', () => {
  const transitions: [string, (key: OwnedKey) => Promise<void>, string][] = [
    ['failed', (key) => ledger.markFailed(key, WORDY, false, AT), 'failed'],
    [
      'unknown',
      async (key) => {
        await ledger.markSending(key, AT);
        await ledger.markUnknown(key, WORDY, AT);
      },
      'unknown',
    ],
    [
      'a retry',
      async (key) => {
        await ledger.markSending(key, AT);
        await ledger.markRetry(key, WORDY, AT.getTime(), AT);
      },
      'claimed',
    ],
    ['skipped', (key) => ledger.markSkipped(key, WORDY, AT), 'skipped'],
  ];

  it.each(transitions)('%s: one line, bounded, no address, no credential', async (name, move, status) => {
    const key = await claimed(`reason-${name.replace(' ', '-')}`, 'reader.one@example.org');
    await move(key);
    const record = await ledger.get(key.issueId, key.recipient);
    expect(record?.status).toBe(status);
    const reason = record?.reason ?? '';
    expect(
      reason.startsWith('MessageRejected: Email address is not verified. The following identities'),
    ).toBe(true);
    expect([...reason].length).toBeLessThanOrEqual(MAX_REASON_CHARS);
    expect(reason.endsWith('…')).toBe(true);
    expect(reason).not.toMatch(/[\r\n]/);
    expect(reason).toContain('r***@example.org');
    expect(reason).not.toContain('reader.one@');
    expect(reason).not.toContain('s3cret');
    expect(reason).toContain('https://***@status.example.net/case?id=1');
  });

  it('keeps a short reason as it is', async () => {
    const key = await claimed('reason-short', 'reader.two@example.org');
    await ledger.markSending(key, AT);
    await ledger.markUnknown(key, 'ECONNRESET after the request was sent', AT);
    expect((await ledger.get(key.issueId, key.recipient))?.reason).toBe(
      'ECONNRESET after the request was sent',
    );
  });
});

describe('who did not get an issue', () => {
  const ISSUE = 'undelivered-1';
  const now = new Date(AT.getTime() + 5 * 60_000);

  beforeAll(async () => {
    const sent = await claimed(ISSUE, 'a-sent@example.org');
    await ledger.markSending(sent, AT);
    await ledger.markSent(sent, 'ses-1', AT);
    await ledger.markFailed(
      await claimed(ISSUE, 'b-rejected@example.org'),
      'MessageRejected: not verified',
      false,
      AT,
    );
    const lost = await claimed(ISSUE, 'c-lost@example.org');
    await ledger.markSending(lost, AT);
    await ledger.markUnknown(lost, 'ECONNRESET after the request was sent', AT);
    await ledger.markFailed(
      await claimed(ISSUE, 'd-down@example.org'),
      'gave up after 8 attempts: HTTP 503 ServiceUnavailable',
      true,
      AT,
    );
    // retries ran out in a Lambda: back to `claimed`, its lease ended, the job waits for SQS (or its DLQ)
    const waiting = await claimed(ISSUE, 'e-waiting@example.org');
    await ledger.markSending(waiting, AT);
    await ledger.markRetry(waiting, 'gave up after 4 attempts: Throttling', AT.getTime(), AT);
    // a sender that stopped with its request out
    const stopped = await claimed(ISSUE, 'f-stopped@example.org', AT.getTime() + 1_000);
    await ledger.markSending(stopped, AT);
    // a live sender's claim, in its backoff: not stalled
    const live = await claimed(ISSUE, 'g-live@example.org', now.getTime() + 60_000);
    await ledger.markSending(live, AT);
    await ledger.markRetry(live, 'Throttling', now.getTime() + 60_000, AT);
    await ledger.markSkipped(await claimed(ISSUE, 'h-left@example.org'), 'unsubscribed', AT);
  });

  it('names each with its outcome, the reason recorded, and the time', async () => {
    const report = await undeliveredRecipients(ledger, ISSUE, { now });
    expect(report).toMatchObject({ failed: 2, unknown: 1, stalled: 2 });
    expect(report.recipients).toEqual([
      {
        recipient: 'b-rejected@example.org',
        outcome: 'failed',
        reason: 'MessageRejected: not verified',
        retryable: false,
        inFlight: false,
        at: AT.toISOString(),
      },
      expect.objectContaining({
        recipient: 'c-lost@example.org',
        outcome: 'unknown',
        reason: 'ECONNRESET after the request was sent',
      }),
      expect.objectContaining({
        recipient: 'd-down@example.org',
        outcome: 'failed',
        reason: 'gave up after 8 attempts: HTTP 503 ServiceUnavailable',
        retryable: true,
      }),
      expect.objectContaining({
        recipient: 'e-waiting@example.org',
        outcome: 'stalled',
        reason: 'gave up after 4 attempts: Throttling',
        inFlight: false,
      }),
      expect.objectContaining({ recipient: 'f-stopped@example.org', outcome: 'stalled', inFlight: true }),
    ]);
  });

  it('lists the first ones only, and still counts them all', async () => {
    const report = await undeliveredRecipients(ledger, ISSUE, { now, limit: 2 });
    expect(report).toMatchObject({ failed: 2, unknown: 1, stalled: 2 });
    expect(report.recipients.map((r) => r.recipient)).toEqual([
      'b-rejected@example.org',
      'c-lost@example.org',
    ]);
  });
});
