/**
 * Small pure pieces of a delivery: ids, outcomes and their tally.
 */
import { createHash } from 'node:crypto';
import type { DeliveryCounts, DeliveryRecord } from '../ports/delivery-ledger.js';
import type { RecipientStanding } from '../ports/subscriber-store.js';
import { addressKey } from './email-address.js';
import { redactText } from './log-redaction.js';
import { receivesTopic } from './topic-audience.js';

/** Control characters and line separators: a reason is one line of text. */
const REASON_BREAKS_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/gu;
/** How long a reason the ledger keeps: enough for SES's longest error messages, never a whole response body. */
export const MAX_REASON_CHARS = 300;

/** What became of one (issue, recipient) in one run. */
export type DeliveryOutcome = 'sent' | 'skipped' | 'failed' | 'unknown';

export interface DeliverySummary {
  issueId: string;
  sent: number;
  /**
   * Already sent or skipped before this run, suppressed at fan-out, consent gone at send time
   * (unsubscribed, topic dropped, suppressed), or being sent by another live sender.
   */
  skipped: number;
  failed: number;
  unknown: number;
}

export function emptySummary(issueId: string): DeliverySummary {
  return { issueId, sent: 0, skipped: 0, failed: 0, unknown: 0 };
}

/**
 * Our id for one (issue, recipient) delivery: deterministic (a resumed run and an SES event agree
 * on it), one per person whatever the case of their address (`addressKey`), and free of the address
 * (it travels in headers, tags and logs). A record keeps the id it was created with.
 * @example deliveryIdFor('2026-11-27-x1', 'jane@example.org') // '2026-11-27-x1.5b1c…' (16 hex)
 */
export function deliveryIdFor(issueId: string, recipient: string): string {
  const digest = createHash('sha256')
    .update(`${issueId}\u0000${addressKey(recipient)}`)
    .digest('hex');
  return `${issueId}.${digest.slice(0, 16)}`;
}

/** The issue id inside a delivery id (everything before the last dot). */
export function issueOfDelivery(deliveryId: string): string | null {
  const dot = deliveryId.lastIndexOf('.');
  return dot > 0 ? deliveryId.slice(0, dot) : null;
}

/** Why a queued recipient was not sent the issue after all (the ledger's `skipped` reason). */
export type SkipReason = 'unsubscribed' | 'topic-dropped' | 'suppressed';

/**
 * Whether a recipient the fan-out queued may still be sent the issue, from what the store says now:
 * null when yes, else why not. A suppressed address never is; otherwise the person must still be a
 * confirmed subscriber of the list (no record, pending or unsubscribed: `unsubscribed`) and, for an
 * issue sent to a topic, still receive that topic by the fan-out's rule (`receivesTopic`: no topics at all, or
 * that topic among theirs). `topic-dropped`: the reader has topics now and the issue's is not among them (they
 * unticked it after the fan-out); a reader who unticks every topic gets every issue again, this one included.
 * @example skipReason({ subscriber: { ...s, status: 'unsubscribed' }, suppressed: false }) // 'unsubscribed'
 */
export function skipReason(standing: RecipientStanding, topic?: string): SkipReason | null {
  if (standing.suppressed) return 'suppressed';
  if (standing.subscriber?.status !== 'confirmed') return 'unsubscribed';
  if (!receivesTopic(standing.subscriber.topics, topic)) return 'topic-dropped';
  return null;
}

/**
 * A failure reason as the delivery ledger keeps it and the console shows it: one line, at most MAX_REASON_CHARS
 * characters (cut with an ellipsis), every address masked and every URL credential replaced (`redactText`). An SES
 * error message may name the recipient and a composition error may quote anything; the ledger's `reason` is read
 * by editors and operators long after the send, so it holds what happened, never personal data or a secret.
 * @example ledgerReason('MessageRejected: Email address is not verified: jane@example.org') // 'MessageRejected: Email address is not verified: j***@example.org'
 */
export function ledgerReason(reason: string): string {
  const line = redactText(reason).replace(REASON_BREAKS_RE, ' ').trim();
  const chars = [...line];
  return chars.length <= MAX_REASON_CHARS ? line : `${chars.slice(0, MAX_REASON_CHARS - 1).join('')}…`;
}

/** Counts of no record: the start of a tally (`countRecord`). */
export function emptyCounts(): DeliveryCounts {
  return {
    claimed: 0,
    sending: 0,
    sent: 0,
    failed: 0,
    unknown: 0,
    skipped: 0,
    delivered: 0,
    bounced: 0,
    softBounced: 0,
    complained: 0,
    opened: 0,
    clicked: 0,
    tracked: 0,
    untracked: 0,
    total: 0,
  };
}

/** Adds one delivery record to the ledger's counts of its issue (a hard bounce is not counted soft too). */
export function countRecord(counts: DeliveryCounts, record: DeliveryRecord): void {
  counts[record.status]++;
  counts.total++;
  if (record.deliveredAt) counts.delivered++;
  if (record.bouncedAt) counts.bounced++;
  else if (record.softBouncedAt) counts.softBounced++;
  if (record.complainedAt) counts.complained++;
  if (record.openedAt) counts.opened++;
  if (record.clickedAt) counts.clicked++;
  if (record.tracked === true) counts.tracked++;
  else if (record.tracked === false) counts.untracked++;
}
