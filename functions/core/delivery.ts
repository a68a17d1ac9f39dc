/**
 * Small pure pieces of a delivery: ids, outcomes and their tally.
 */
import { createHash } from 'node:crypto';

/** What became of one (issue, recipient) in one run. */
export type DeliveryOutcome = 'sent' | 'skipped' | 'failed' | 'unknown';

export interface DeliverySummary {
  issueId: string;
  sent: number;
  /** Already sent before this run, suppressed, or being sent by another live sender. */
  skipped: number;
  failed: number;
  unknown: number;
}

export function emptySummary(issueId: string): DeliverySummary {
  return { issueId, sent: 0, skipped: 0, failed: 0, unknown: 0 };
}

/**
 * Our id for one (issue, recipient) delivery: deterministic (a resumed run and an SES event agree
 * on it) and free of the address (it travels in headers, tags and logs).
 * @example deliveryIdFor('2026-11-27-x1', 'jane@example.org') // '2026-11-27-x1.5b1c…' (16 hex)
 */
export function deliveryIdFor(issueId: string, recipient: string): string {
  const digest = createHash('sha256').update(`${issueId}\u0000${recipient}`).digest('hex');
  return `${issueId}.${digest.slice(0, 16)}`;
}

/** The issue id inside a delivery id (everything before the last dot). */
export function issueOfDelivery(deliveryId: string): string | null {
  const dot = deliveryId.lastIndexOf('.');
  return dot > 0 ? deliveryId.slice(0, dot) : null;
}
