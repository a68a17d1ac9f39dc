/**
 * The delivery ledger: one record per (issue, recipient), written with conditional writes so that
 * every delivery goes out at most once, whatever crashes, retries or duplicate queue messages do.
 *
 *   (none) ──claim──► claimed ──markSending──► sending ──► sent      (SES answered with a MessageId)
 *                        ▲                         │   ──► failed    (permanent: rejected, bad address;
 *                        └────── markRetry ────────┘                  or retries exhausted: retryable)
 *                                (definitely not accepted)  ──► unknown (the request went out and no
 *                                                                 answer came, or the sender died)
 *
 *                     claimed ──markSkipped──► skipped (consent gone at send time: unsubscribed,
 *                                                        topic dropped or suppressed after the fan-out)
 *
 * `sending` is written immediately before the SES call, so only a send in flight can become
 * `unknown`. An unknown record is never sent again unless the user asks (`--resend-unknown`), and
 * in AWS it is settled to `sent` by the configuration set's Send event (matched by delivery id).
 * `skipped` is as final as `sent`: a redelivered job or a resumed send never tries it again, even
 * if the person has subscribed again since.
 */

export type DeliveryStatus = 'claimed' | 'sending' | 'sent' | 'failed' | 'unknown' | 'skipped';

export type FeedbackKind =
  | 'delivery'
  | 'bounce'
  | 'softBounce'
  | 'complaint'
  | 'reject'
  | 'delay'
  | 'open'
  | 'click';

export interface DeliveryRecord {
  issueId: string;
  /**
   * The address as typed (normalised), the one mailed. The record belongs to the person: every method that
   * takes a recipient finds it whatever the case of the address (`addressKey`).
   */
  recipient: string;
  list: string;
  /** Our id for this delivery: `X-Digest-Delivery` header and SES message tag. */
  deliveryId: string;
  status: DeliveryStatus;
  /** Who holds the claim: `local:<host>:<pid>:<run>` or `lambda:<request id>`. */
  owner: string;
  /** Epoch ms after which another sender may take over a `claimed` record. */
  leaseUntil: number;
  /** SES calls made so far. */
  attempts: number;
  sesMessageId: string | null;
  /** Why it failed, why it is unknown, or why it was skipped (`unsubscribed`, `suppressed`). */
  reason: string | null;
  /** A failure that may succeed later (retries exhausted), as opposed to a permanent rejection. */
  retryable: boolean;
  /** ISO time of the last change. */
  updatedAt: string;
  /** Feedback events seen for this delivery: the first of each kind (ISO times). */
  deliveredAt: string | null;
  bouncedAt: string | null;
  softBouncedAt: string | null;
  complainedAt: string | null;
  openedAt: string | null;
  clickedAt: string | null;
  /**
   * Whether the copy went out with open and click tracking (the list's switch when it was sent),
   * written with `sending`; null on a record never sent, or written before the ledger kept it.
   */
  tracked: boolean | null;
}

/** A `--test-to` copy: kept apart from the issue's deliveries, so it never counts in its stats. */
export interface TestSend {
  issueId: string;
  list: string;
  recipient: string;
  subject: string;
  at: string;
}

export interface ClaimInput {
  issueId: string;
  recipient: string;
  list: string;
  deliveryId: string;
  owner: string;
  leaseUntil: number;
  at: Date;
}

export type ClaimResult =
  | { claimed: true; record: DeliveryRecord }
  | { claimed: false; existing: DeliveryRecord };

export interface TakeOverInput {
  issueId: string;
  recipient: string;
  /** The record as read: the write succeeds only if it is still exactly in this state and owner. */
  expected: Pick<DeliveryRecord, 'status' | 'owner'>;
  owner: string;
  leaseUntil: number;
  at: Date;
}

export interface OwnedKey {
  issueId: string;
  recipient: string;
  owner: string;
}

export interface DeliveryCounts {
  claimed: number;
  sending: number;
  sent: number;
  failed: number;
  unknown: number;
  /** Not sent because consent was gone at send time (unsubscribed, topic dropped, suppressed). */
  skipped: number;
  delivered: number;
  bounced: number;
  softBounced: number;
  complained: number;
  opened: number;
  clicked: number;
  /** Records whose copy went out with tracking on, and with it off (records that say neither are in neither). */
  tracked: number;
  untracked: number;
  total: number;
}

/** An issue's records counted by status, and all of them (`total`). */
export type StatusCounts = Pick<
  DeliveryCounts,
  'claimed' | 'sending' | 'sent' | 'failed' | 'unknown' | 'skipped' | 'total'
>;

/**
 * What the ledger keeps of an issue's counts by status (`keptCounts`): the counts, kept once no sender was at work
 * on the issue, or none, with the `version` a reader passes to `keepCounts` for the counts it takes (null while a
 * sender may be at work on the issue: nothing is kept then).
 */
export type KeptCounts = { kept: StatusCounts } | { kept: null; version: string | null };

/** A conditional write lost: somebody else changed the record first. */
export class LedgerConflictError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LedgerConflictError';
  }
}

export interface DeliveryLedger {
  /** Creates the record as `claimed` if none exists; otherwise returns the existing one. */
  claim(input: ClaimInput): Promise<ClaimResult>;
  /** Moves a record (claimed by a dead/expired owner, retryable failure, or unknown on explicit resend) back to `claimed` for `owner`. Null when it changed meanwhile. */
  takeOver(input: TakeOverInput): Promise<DeliveryRecord | null>;
  /**
   * claimed → sending (owner must hold it); counts one attempt and records whether this copy is
   * tracked (`tracked`, the list's switch as the sender read it). Throws LedgerConflictError otherwise.
   */
  markSending(key: OwnedKey, at: Date, options?: { tracked?: boolean }): Promise<void>;
  /** sending → sent. */
  markSent(key: OwnedKey, sesMessageId: string, at: Date): Promise<void>;
  /** sending → claimed: the attempt definitely did not reach SES (throttled, 5xx, refused). */
  markRetry(key: OwnedKey, reason: string, leaseUntil: number, at: Date): Promise<void>;
  /** claimed|sending → failed. */
  markFailed(key: OwnedKey, reason: string, retryable: boolean, at: Date): Promise<void>;
  /** claimed → skipped (owner must hold it): consent was gone when the send came; never tried again. */
  markSkipped(key: OwnedKey, reason: string, at: Date): Promise<void>;
  /** sending → unknown (only a send in flight can be unknown). */
  markUnknown(key: OwnedKey, reason: string, at: Date): Promise<void>;
  /**
   * Settles a delivery from an SES event: Send settles `unknown`/`sending` to `sent`; the others record
   * the first time of their kind on the delivery, and a click also counts once for its link (by
   * `eventKey`, so a redelivered event changes nothing). Returns false when no record has that delivery id.
   */
  recordEvent(input: {
    issueId: string;
    recipient: string;
    deliveryId: string;
    kind: FeedbackKind | 'send';
    sesMessageId: string | null;
    at: Date;
    link?: string | null;
    eventKey?: string;
  }): Promise<boolean>;
  /** Clicks per link of an issue, most clicked first. */
  linkClicks(issueId: string): Promise<{ url: string; clicks: number }[]>;
  /** Records a `--test-to` copy (idempotent per issue and recipient). */
  recordTestSend(test: TestSend): Promise<void>;
  /** The test copies of an issue, or of a list (newest first). */
  testSends(of: { issueId: string } | { list: string; limit?: number }): Promise<TestSend[]>;
  /** Records how many recipients a fan-out queued for an issue (a resumed run's fan-out keeps the largest count). */
  recordFanOut(issueId: string, queued: number, at: Date): Promise<void>;
  /** How many recipients fan-outs queued for an issue, or null when none was recorded (local sends). */
  queued(issueId: string): Promise<number | null>;
  /** Deletes every item that names the address (forget): deliveries and test copies. Returns how many. */
  forgetRecipient(recipient: string): Promise<number>;
  get(issueId: string, recipient: string): Promise<DeliveryRecord | null>;
  /** Every record of an issue, a page at a time. */
  page(
    issueId: string,
    options: { cursor?: string | null; limit?: number },
  ): Promise<{
    items: DeliveryRecord[];
    next: string | null;
  }>;
  counts(issueId: string): Promise<DeliveryCounts>;
  /**
   * The counts by status kept for each issue (one read for up to 100 issues). Every write that may change a record's
   * status drops them first, so kept counts are never older than the records (docs/delivery.md, "Counts kept for
   * settled issues").
   */
  keptCounts(issueIds: readonly string[]): Promise<Map<string, KeptCounts>>;
  /**
   * Keeps counts taken by a pass over the issue's records begun after `keptCounts` answered `version`, in which no
   * claim or send was live (each `claimed` or `sending` record's lease had run out). False, and nothing kept, when a
   * sender came to the issue meanwhile.
   */
  keepCounts(issueId: string, version: string, counts: StatusCounts): Promise<boolean>;
}
