/**
 * Fan-out: who gets an issue. The list's confirmed subscribers (for an issue sent to a topic, those who receive it:
 * the topic among theirs, or no topics at all, `receivesTopic`), less the suppressed, become send jobs (SQS in AWS,
 * an in-memory queue locally). A resume also settles the ledger records a dead sender left in progress for
 * recipients it no longer queues (fanOutAndSettle).
 */
import { z } from 'zod';
import { skipReason } from '../core/delivery.js';
import { addressKey } from '../core/email-address.js';
import { receivesTopic } from '../core/topic-audience.js';
import type { DeliveryLedger, DeliveryRecord } from '../ports/delivery-ledger.js';
import { LedgerConflictError } from '../ports/delivery-ledger.js';
import type { SubscriberStore } from '../ports/subscriber-store.js';
import { ledgerPages } from './ledger-pages.js';

export const sendJobSchema = z
  .object({
    issueId: z.string().min(1).max(200),
    list: z.string().min(1).max(100),
    recipient: z.string().min(3).max(320),
  })
  .strict();
export type SendJob = z.infer<typeof sendJobSchema>;

/** Where fan-out puts send jobs: SQS in AWS, an array locally. */
export interface JobSink {
  put(jobs: SendJob[]): Promise<void>;
}

export interface FanOutInput {
  issueId: string;
  list: string;
  topic?: string;
  pageSize?: number;
  /** Jobs per sink call (SQS SendMessageBatch takes 10). */
  batchSize?: number;
}

export interface FanOutResult {
  queued: number;
  suppressed: number;
}

/**
 * Pages the list's confirmed subscribers (those who receive the topic, for an issue sent to one: the store selects
 * them by `receivesTopic`, which is checked again here), drops suppressed ones, queues the rest.
 */
export async function fanOut(
  deps: { store: SubscriberStore; sink: JobSink; onSuppressed?: (email: string) => void },
  input: FanOutInput,
): Promise<FanOutResult> {
  const batchSize = input.batchSize ?? 10;
  let cursor: string | null = null;
  let queued = 0;
  let suppressed = 0;
  let batch: SendJob[] = [];
  const seen = new Set<string>();
  do {
    const page = await deps.store.pageConfirmed(input.list, {
      ...(input.topic ? { topic: input.topic } : {}),
      cursor,
      limit: input.pageSize ?? 100,
    });
    const flags = await Promise.all(page.items.map((s) => deps.store.isSuppressed(s.email)));
    for (const [i, subscriber] of page.items.entries()) {
      if (subscriber.status !== 'confirmed' || seen.has(subscriber.email)) continue;
      if (!receivesTopic(subscriber.topics, input.topic || undefined)) continue;
      seen.add(subscriber.email);
      if (flags[i]) {
        suppressed++;
        deps.onSuppressed?.(subscriber.email);
        continue;
      }
      batch.push({ issueId: input.issueId, list: input.list, recipient: subscriber.email });
      if (batch.length >= batchSize) {
        await deps.sink.put(batch);
        queued += batch.length;
        batch = [];
      }
    }
    cursor = page.next;
  } while (cursor);
  if (batch.length) {
    await deps.sink.put(batch);
    queued += batch.length;
  }
  return { queued, suppressed };
}

/**
 * Takes a record over from a sender that is gone, conditional on the status and owner read: this process holds it
 * for its lease. Null when another sender moved it first. The send worker and a resume's settling share it.
 */
export function takeOverRecord(
  deps: { ledger: DeliveryLedger; owner: string; leaseMs: number },
  issueId: string,
  record: DeliveryRecord,
  now: Date,
): Promise<DeliveryRecord | null> {
  return deps.ledger.takeOver({
    issueId,
    recipient: record.recipient,
    expected: { status: record.status, owner: record.owner },
    owner: deps.owner,
    leaseUntil: now.getTime() + deps.leaseMs,
    at: now,
  });
}

/** What a resume needs to settle the records a dead sender left in progress. */
export interface SettleDeps {
  ledger: DeliveryLedger;
  /** Consent now: why a recipient the fan-out no longer queues is off the audience. */
  store: Pick<SubscriberStore, 'standing'>;
  /** This process's id in the ledger (it holds a record only for the moment of settling it). */
  owner: string;
  leaseMs: number;
  isOwnerGone: (record: DeliveryRecord, now: Date) => boolean;
  now: () => Date;
}

/** A record a resume settled: its recipient is off the audience, and its sender is gone. */
export interface SettledRecord {
  recipient: string;
  outcome: 'skipped' | 'unknown';
  reason: string;
  /** The fan-out counted this recipient already (suppressed): a tally must not count them twice. */
  suppressedAtFanOut: boolean;
}

/** Why a `sending` record whose sender is gone is `unknown`: the same words as the send worker's takeover. */
export const SENDER_STOPPED = 'the sender stopped while the send was in flight';

/**
 * Settles the records of an issue that a dead sender left in progress (`claimed`, `sending`) and whose
 * recipient this fan-out did not queue: they left the list, were suppressed or dropped the issue's topic
 * between the crash and the resume, so no send job will ever come for them, and without this their records
 * would stay in progress for good (stats, `--watch` and the console's progress would never reach the end).
 *
 * - `claimed`: never handed to SES (or, after markRetry, certainly not accepted by it). The record is taken
 *   over (conditional on the exact status and owner read) and becomes `skipped` with the reason the send
 *   worker would give (`unsubscribed`, `suppressed`, `topic-dropped`). If the recipient's standing says they
 *   may be sent after all (they came back after the fan-out read the list), the record is left as it is: the
 *   next resume queues them and the worker sends as before.
 * - `sending`: the request may have reached SES. It is neither sent again nor counted sent: it becomes
 *   `unknown`, exactly as the send worker's crash recovery leaves a `sending` record whose sender is gone. In
 *   AWS the configuration set's Send event still settles it to `sent` when SES had the mail; locally it stays
 *   unknown, and `--resend-unknown` cannot resend it, because only queued recipients are ever sent.
 *
 * Records whose holder is alive (lease current, or a live local process) are left to that sender: its own
 * consent check settles them. Records of recipients the fan-out queued are the send worker's, as always.
 */
export async function settleStranded(
  deps: SettleDeps,
  input: {
    issueId: string;
    list: string;
    topic?: string;
    /** The identities (`addressKey`) of the recipients the fan-out queued, and of those it found suppressed. */
    queued: ReadonlySet<string>;
    suppressed?: ReadonlySet<string>;
  },
): Promise<SettledRecord[]> {
  const settled: SettledRecord[] = [];
  for await (const page of ledgerPages(deps.ledger, input.issueId)) {
    for (const record of page) {
      if (record.status !== 'claimed' && record.status !== 'sending') continue;
      // by identity: a record keeps the case its address had when it was written, the list may spell it otherwise now
      if (input.queued.has(addressKey(record.recipient)) || record.owner === deps.owner) continue;
      const now = deps.now();
      if (!deps.isOwnerGone(record, now)) continue;
      const suppressedAtFanOut = input.suppressed?.has(addressKey(record.recipient)) === true;
      try {
        if (record.status === 'sending') {
          await deps.ledger.markUnknown(
            { issueId: input.issueId, recipient: record.recipient, owner: record.owner },
            SENDER_STOPPED,
            now,
          );
          settled.push({
            recipient: record.recipient,
            outcome: 'unknown',
            reason: SENDER_STOPPED,
            suppressedAtFanOut,
          });
          continue;
        }
        const reason = skipReason(await deps.store.standing(input.list, record.recipient), input.topic);
        if (!reason) continue;
        if (!(await takeOverRecord(deps, input.issueId, record, now))) continue;
        await deps.ledger.markSkipped(
          { issueId: input.issueId, recipient: record.recipient, owner: deps.owner },
          reason,
          deps.now(),
        );
        settled.push({ recipient: record.recipient, outcome: 'skipped', reason, suppressedAtFanOut });
      } catch (error) {
        // another sender moved the record first: it is theirs to settle
        if (!(error instanceof LedgerConflictError)) throw error;
      }
    }
  }
  return settled;
}

/**
 * The fan-out of a resumed delivery: queues the audience as fanOut does, then settles the records a dead
 * sender left in progress for recipients it no longer queues (settleStranded).
 */
export async function fanOutAndSettle(
  deps: { store: SubscriberStore; sink: JobSink } & Omit<SettleDeps, 'store'>,
  input: FanOutInput,
): Promise<FanOutResult & { settled: SettledRecord[] }> {
  const queued = new Set<string>();
  const suppressed = new Set<string>();
  const result = await fanOut(
    {
      store: deps.store,
      sink: {
        put: async (jobs) => {
          await deps.sink.put(jobs);
          for (const job of jobs) queued.add(addressKey(job.recipient));
        },
      },
      onSuppressed: (email) => suppressed.add(addressKey(email)),
    },
    input,
  );
  const settled = await settleStranded(deps, {
    issueId: input.issueId,
    list: input.list,
    ...(input.topic ? { topic: input.topic } : {}),
    queued,
    suppressed,
  });
  return { ...result, settled };
}

/**
 * Records a fan-out settled, as a delivery's summary counts them: `skipped` (not counting recipients the fan-out
 * already counted as suppressed), `unknown`, and of those unknown the ones the fan-out counted as suppressed, which a
 * summary takes off its skipped (a recipient is counted once).
 */
export function settledCounts(settled: readonly SettledRecord[]): {
  skipped: number;
  unknown: number;
  unknownSuppressed: number;
} {
  let skipped = 0;
  let unknown = 0;
  let unknownSuppressed = 0;
  for (const record of settled) {
    if (record.outcome === 'unknown') {
      unknown++;
      if (record.suppressedAtFanOut) unknownSuppressed++;
    } else if (!record.suppressedAtFanOut) skipped++;
  }
  return { skipped, unknown, unknownSuppressed };
}
