/**
 * Delivering an issue: fan-out (who gets it, in fan-out.ts, re-exported here) and the send worker (one
 * recipient, exactly once).
 *
 * The same two functions run in AWS (fan-out Lambda → SQS → send-worker Lambda) and locally
 * (`digest send`: fan-out into memory, then an in-process pool of workers: deliverLocally).
 *
 * Exactly once per (issue, recipient) rests on the delivery ledger (ports/delivery-ledger.ts):
 * a recipient is sent to only by the worker that holds its `claimed` record, which it moves to
 * `sending` immediately before the SES call. What happens after a failure depends on whether SES
 * can have accepted the mail (see classifySendError in adapters/ses-mailer.ts):
 *   - certainly not (Throttling, 5xx answer, refused/reset before the request was written):
 *     back to `claimed` and retried with exponential backoff and full jitter;
 *   - permanent (MessageRejected, a bad address): `failed`, with the reason, never retried;
 *   - maybe (reset or timeout after the request went out): `unknown`, never resent by default;
 *   - fatal for the account (sending paused, bad credentials): back to `claimed`, run stops.
 *
 * Consent is read again right before the send (the fan-out's view of the list may be minutes or
 * hours old): a recipient who unsubscribed, dropped the issue's topic or was suppressed since is
 * not sent to, and their record becomes `skipped`, which no retry or resume touches again.
 */
import {
  type DeliveryOutcome,
  type DeliverySummary,
  deliveryIdFor,
  emptySummary,
  skipReason,
} from '../core/delivery.js';
import { addressKey } from '../core/email-address.js';
import { listHeaders } from '../core/mail-headers.js';
import { compilePersonalisation, type PersonalisationTemplate, slotsUsed } from '../core/personalise.js';
import { backoffDelay, type TokenBucket } from '../core/token-bucket.js';
import { signToken } from '../core/tokens.js';
import type { DeliveryLedger, DeliveryRecord, OwnedKey } from '../ports/delivery-ledger.js';
import { LedgerConflictError } from '../ports/delivery-ledger.js';
import type { RawOutgoingMessage, RawSendOptions, SentMessage } from '../ports/mailer.js';
import type { IssueMessage } from '../ports/message-builder.js';
import type { RecipientStanding, SubscriberStore } from '../ports/subscriber-store.js';
import {
  type FanOutInput,
  fanOut,
  fanOutAndSettle,
  SENDER_STOPPED,
  type SendJob,
  sendJobSchema,
  takeOverRecord,
} from './fan-out.js';

export {
  type FanOutInput,
  type FanOutResult,
  fanOut,
  fanOutAndSettle,
  type JobSink,
  SENDER_STOPPED,
  type SendJob,
  type SettleDeps,
  type SettledRecord,
  sendJobSchema,
  settledCounts,
  settleStranded,
} from './fan-out.js';

import { ledgerPages } from './ledger-pages.js';

// ---------------------------------------------------------------------------------------------

/** An issue made ready for many recipients: split at its slots, MIME composed once. */
export interface PreparedIssue {
  issueId: string;
  list: string;
  personalisation: PersonalisationTemplate;
  message: IssueMessage;
  /** Count opens and clicks: the list's `tracking`, read from its record when the issue was prepared. */
  tracking?: boolean;
  /**
   * The issue goes only to the list's subscribers of this topic and to those who picked no topic (`receivesTopic`;
   * the archived issue's `topic`).
   */
  topic?: string;
}

export class DeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}

/** A job that can never succeed (bad shape, unknown issue): it belongs in the dead-letter queue. */
export class PoisonJobError extends DeliveryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PoisonJobError';
  }
}

/** The account cannot send at all (paused, bad credentials, quota): stop the run. */
export class FatalSendError extends DeliveryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FatalSendError';
  }
}

/** Checks that the rendered issue can be personalised (it must carry an unsubscribe slot). */
export function preparePersonalisation(rendered: { html: string; text: string }): PersonalisationTemplate {
  const template = compilePersonalisation(rendered);
  const used = slotsUsed(template);
  if (!used.has('unsubscribeUrl')) throw new DeliveryError('the rendered issue has no unsubscribe link slot');
  return template;
}

export interface MailSettings {
  /** Public base URL for links (`/unsubscribe`, `/preferences`). */
  baseUrl: string;
  tokenSecret: string;
  /** Domain of List-Id values, e.g. the sender's domain. */
  listIdDomain: string;
  /** Mailbox that handles List-Unsubscribe mailto, if any. */
  unsubscribeMailbox?: string;
}

export interface DeadLetter {
  job: unknown;
  reason: string;
  at: string;
}

export interface DeadLetterSink {
  put(entry: DeadLetter): Promise<void>;
}

/** Waits for the send rate (a token bucket; for SES its rate follows GetSendQuota). */
export class RateGate {
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | null = null;
  constructor(
    private readonly bucket: TokenBucket,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number,
    private readonly maxRate?: () => Promise<number>,
    private readonly refreshMs = 60_000,
  ) {}

  async acquire(): Promise<void> {
    if (this.maxRate && this.now() - this.refreshedAt > this.refreshMs) {
      this.refreshedAt = this.now();
      const maxRate = this.maxRate;
      // every caller waits for the same refresh: nobody paces by a stale rate meanwhile
      this.refreshing = (async () => {
        const rate = await maxRate();
        if (rate !== this.bucket.ratePerSecond) this.bucket.setRate(rate);
      })()
        // the quota could not be read: keep pacing at the last known rate and ask again later
        .catch(() => undefined)
        .finally(() => {
          this.refreshing = null;
        });
    }
    if (this.refreshing) await this.refreshing;
    for (let wait = this.bucket.take(); wait > 0; wait = this.bucket.take()) await this.sleep(wait);
  }
}

export type FailureKind = 'retry' | 'permanent' | 'ambiguous' | 'fatal';

export interface SendWorkerDeps {
  ledger: DeliveryLedger;
  /** Consent at send time: the recipient's record on the list and their suppression. */
  store: Pick<SubscriberStore, 'standing'>;
  mailer: {
    sendRaw(
      message: RawOutgoingMessage,
      tags?: Record<string, string>,
      options?: RawSendOptions,
    ): Promise<SentMessage>;
  };
  classify: (error: unknown) => { kind: FailureKind; reason: string };
  issue: (issueId: string) => Promise<PreparedIssue | null>;
  settings: MailSettings;
  /** This sender's id in the ledger. */
  owner: string;
  /** How long a claim protects a record from takeover. */
  leaseMs: number;
  /** True when the holder of a claimed/sending record is gone (dead process, expired lease). */
  isOwnerGone: (record: DeliveryRecord, now: Date) => boolean;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  rate: RateGate | null;
  /** SES calls per recipient before giving up on retryable failures. Default 8. */
  maxAttempts?: number;
  backoff?: { baseMs?: number; capMs?: number };
  /** Send `unknown` recipients again: the user's explicit choice (--resend-unknown). */
  resendUnknown?: boolean;
  /** When retries run out: record `failed` (retryable) and dead-letter it (local), or throw (SQS redelivers, then its DLQ). */
  onExhausted: 'fail' | 'throw';
  deadLetter?: DeadLetterSink;
  /** Message id for our Message-ID header. */
  messageId: (deliveryId: string) => string;
}

export interface JobResult {
  outcome: DeliveryOutcome;
  reason?: string;
}

/** Retries ran out for a job that may still succeed later (SQS mode: rethrown so the queue redelivers it). */
export class RetryLaterError extends DeliveryError {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

async function acquireRecord(
  job: SendJob,
  deliveryId: string,
  deps: SendWorkerDeps,
): Promise<DeliveryRecord | JobResult> {
  const now = deps.now();
  const claim = await deps.ledger.claim({
    issueId: job.issueId,
    recipient: job.recipient,
    list: job.list,
    deliveryId,
    owner: deps.owner,
    leaseUntil: now.getTime() + deps.leaseMs,
    at: now,
  });
  if (claim.claimed) return claim.record;
  let existing = claim.existing;
  const takeOver = (record: DeliveryRecord) => takeOverRecord(deps, job.issueId, record, now);
  if (existing.status === 'sending' && existing.owner !== deps.owner && deps.isOwnerGone(existing, now)) {
    // the sender died with the request possibly out: that is exactly `unknown`
    try {
      await deps.ledger.markUnknown(
        { issueId: job.issueId, recipient: job.recipient, owner: existing.owner },
        SENDER_STOPPED,
        now,
      );
    } catch (error) {
      if (!(error instanceof LedgerConflictError)) throw error;
    }
    existing = (await deps.ledger.get(job.issueId, job.recipient)) ?? existing;
  }
  const verdict = recordVerdict(existing, {
    resendUnknown: deps.resendUnknown === true,
    owner: deps.owner,
    isOwnerGone: (record) => deps.isOwnerGone(record, now),
  });
  if (verdict !== 'send') return verdict;
  const taken = await takeOver(existing);
  return taken ?? { outcome: 'skipped', reason: 'taken by another sender' };
}

/**
 * What a send does with a recipient who already has a ledger record for the issue: `send` (take the record over
 * and send: a retryable failure, a claim its sender left, an unknown one with `--resend-unknown`), or the outcome
 * it reports without sending. A `sending` record whose sender is gone reads as `unknown` (the send worker marks
 * it so first). The one rule of the send worker and of a dry run of a resume (`resumePreview`).
 */
export function recordVerdict(
  existing: DeliveryRecord,
  options: { resendUnknown: boolean; owner: string; isOwnerGone: (record: DeliveryRecord) => boolean },
): JobResult | 'send' {
  switch (existing.status) {
    case 'sent':
      return { outcome: 'skipped', reason: 'already sent' };
    case 'skipped':
      return { outcome: 'skipped', reason: existing.reason ?? 'skipped' };
    case 'failed':
      if (!existing.retryable) return { outcome: 'failed', reason: existing.reason ?? 'failed' };
      return 'send';
    case 'unknown':
      if (!options.resendUnknown) return { outcome: 'unknown', reason: existing.reason ?? 'unknown' };
      return 'send';
    case 'claimed':
      if (existing.owner !== options.owner && !options.isOwnerGone(existing)) {
        return { outcome: 'skipped', reason: 'being sent by another sender' };
      }
      return 'send';
    case 'sending':
      if (existing.owner !== options.owner && options.isOwnerGone(existing))
        return recordVerdict({ ...existing, status: 'unknown', reason: SENDER_STOPPED }, options);
      return { outcome: 'skipped', reason: 'being sent by another sender' };
  }
}

/** What a resume of an issue would do for its audience, read from the ledger without writing to it. */
export interface ResumePreview {
  /** The issue's audience now: confirmed, unsuppressed subscribers of the list (and of its topic). */
  audience: number;
  /** Who would be mailed: no record yet, a retryable failure, a claim its sender left (or unknown, when resent). */
  wouldSend: number;
  alreadySent: number;
  /** Skipped by an earlier run (consent gone at send time): final. */
  skippedBefore: number;
  /** Unknown, and not resent without `--resend-unknown`. */
  unknown: number;
  /** Failed for good (a permanent refusal): not retried. */
  failed: number;
  /** Being sent by another sender that is still running. */
  inProgress: number;
  /** Suppressed at the fan-out. */
  suppressed: number;
}

/**
 * The dry run of `digest send --issue ID`: the audience the resume's fan-out would queue, each recipient judged by
 * their ledger record as the send worker judges it (`recordVerdict`). Reads only.
 */
export async function resumePreview(
  deps: {
    store: SubscriberStore;
    ledger: Pick<DeliveryLedger, 'page'>;
    isOwnerGone: (record: DeliveryRecord) => boolean;
  },
  input: FanOutInput & { resendUnknown: boolean },
): Promise<ResumePreview> {
  const records = new Map<string, DeliveryRecord>();
  for await (const page of ledgerPages(deps.ledger, input.issueId))
    for (const record of page) records.set(addressKey(record.recipient), record);
  const preview: ResumePreview = {
    audience: 0,
    wouldSend: 0,
    alreadySent: 0,
    skippedBefore: 0,
    unknown: 0,
    failed: 0,
    inProgress: 0,
    suppressed: 0,
  };
  const { suppressed } = await fanOut(
    {
      store: deps.store,
      sink: {
        put: async (jobs) => {
          for (const job of jobs) {
            preview.audience++;
            const record = records.get(addressKey(job.recipient));
            // (a run of this process holds nothing yet: no owner matches)
            const verdict = record
              ? recordVerdict(record, {
                  resendUnknown: input.resendUnknown,
                  owner: '',
                  isOwnerGone: deps.isOwnerGone,
                })
              : 'send';
            if (verdict === 'send') preview.wouldSend++;
            else if (verdict.outcome === 'unknown') preview.unknown++;
            else if (verdict.outcome === 'failed') preview.failed++;
            else if (verdict.reason === 'already sent') preview.alreadySent++;
            else if (record?.status === 'skipped') preview.skippedBefore++;
            else preview.inProgress++;
          }
        },
      },
    },
    { ...input, batchSize: 500 },
  );
  preview.suppressed = suppressed;
  return preview;
}

function recipientLinks(job: SendJob, settings: MailSettings, now: Date) {
  const token = (purpose: 'unsubscribe' | 'preferences') =>
    signToken({ email: job.recipient, list: job.list, purpose }, settings.tokenSecret, now);
  const unsubscribeToken = token('unsubscribe');
  return {
    unsubscribeToken,
    links: {
      unsubscribeUrl: `${settings.baseUrl}/unsubscribe?token=${unsubscribeToken}`,
      preferencesUrl: `${settings.baseUrl}/preferences?token=${token('preferences')}`,
    },
  };
}

/**
 * Sends one issue to one recipient, at most once, and records the outcome in the ledger.
 * Throws PoisonJobError (bad job), FatalSendError (stop everything) or, with onExhausted 'throw',
 * RetryLaterError.
 */
export async function processSendJob(rawJob: unknown, deps: SendWorkerDeps): Promise<JobResult> {
  const parsed = sendJobSchema.safeParse(rawJob);
  if (!parsed.success)
    throw new PoisonJobError(`malformed send job: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const job = parsed.data;
  const prepared = await deps.issue(job.issueId);
  if (!prepared) throw new PoisonJobError(`issue ${job.issueId} is not in the archive`);

  const acquired = await acquireRecord(job, deliveryIdFor(job.issueId, job.recipient), deps);
  if (!('deliveryId' in acquired)) return acquired;
  // The record's own id, which SES events are matched by: a record an earlier version created may carry
  // another id than the one this version would give it.
  const deliveryId = acquired.deliveryId;
  const key: OwnedKey = { issueId: job.issueId, recipient: job.recipient, owner: deps.owner };

  // Consent, read now that this worker holds the record. If it cannot be read (DynamoDB throttling, a network
  // error), nothing is sent: a late issue is better than mail to someone who left or complained. The job is
  // retried instead, as when SES throttles past the last attempt: with SQS the error goes back to the queue,
  // which redelivers the message after its visibility timeout (longer than the claim's lease, so the
  // redelivery takes the record over); locally the record becomes a retryable `failed` (and a dead letter),
  // which the next `digest send --issue` retries.
  let standing: RecipientStanding;
  try {
    standing = await deps.store.standing(job.list, job.recipient);
  } catch (error) {
    const reason = `cannot read consent: ${(error as Error).message}`;
    const now = deps.now();
    if (deps.onExhausted === 'throw') throw new RetryLaterError(reason);
    await deps.ledger.markFailed(key, reason, true, now);
    await deps.deadLetter?.put({ job, reason, at: now.toISOString() });
    return { outcome: 'failed', reason: 'cannot read consent' };
  }
  const skip = skipReason(standing, prepared.topic);
  if (skip) {
    await deps.ledger.markSkipped(key, skip, deps.now());
    return { outcome: 'skipped', reason: skip };
  }

  // everything that can fail without touching SES happens before `sending`
  let raw: Buffer;
  const messageId = deps.messageId(deliveryId);
  try {
    const { links, unsubscribeToken } = recipientLinks(job, deps.settings, deps.now());
    const recipientPart = {
      to: job.recipient,
      messageId,
      deliveryId,
      headers: listHeaders({
        unsubscribeUrl: links.unsubscribeUrl,
        ...(deps.settings.unsubscribeMailbox
          ? {
              unsubscribeMailbox: deps.settings.unsubscribeMailbox,
              unsubscribeMailtoSubject: `unsubscribe ${unsubscribeToken}`,
            }
          : {}),
        list: job.list,
        listIdDomain: deps.settings.listIdDomain,
      }),
    };
    // composed once per issue: a recipient costs the encoding of their few link values (< 0.2 ms), and the
    // dates are shown in the time zone of their record, read just now (the list's when it has none)
    raw = await prepared.message.forRecipient(recipientPart, links, standing.subscriber?.timezone);
  } catch (error) {
    const reason = `cannot compose: ${(error as Error).message}`;
    await deps.ledger.markFailed(key, reason, false, deps.now());
    return { outcome: 'failed', reason };
  }

  const maxAttempts = deps.maxAttempts ?? 8;
  for (let attempt = 0; ; attempt++) {
    await deps.rate?.acquire();
    // The copy's tracking is recorded with it: the issue's stats tell "not tracked" from "no opens".
    await deps.ledger.markSending(key, deps.now(), { tracked: prepared.tracking === true });
    let sent: SentMessage;
    try {
      sent = await deps.mailer.sendRaw(
        { to: job.recipient, raw, messageId, deliveryId },
        { 'digest-issue': job.issueId, 'digest-list': job.list },
        { tracking: prepared.tracking === true },
      );
    } catch (error) {
      const failure = deps.classify(error);
      const now = deps.now();
      if (failure.kind === 'ambiguous') {
        await deps.ledger.markUnknown(key, failure.reason, now);
        return { outcome: 'unknown', reason: failure.reason };
      }
      if (failure.kind === 'permanent') {
        await deps.ledger.markFailed(key, failure.reason, false, now);
        return { outcome: 'failed', reason: failure.reason };
      }
      if (failure.kind === 'fatal') {
        await deps.ledger.markRetry(key, failure.reason, now.getTime(), now);
        throw new FatalSendError(failure.reason, { cause: error });
      }
      if (attempt + 1 >= maxAttempts) {
        const reason = `gave up after ${attempt + 1} attempts: ${failure.reason}`;
        if (deps.onExhausted === 'throw') {
          // lease ends now: the redelivered message takes the record over
          await deps.ledger.markRetry(key, reason, now.getTime(), now);
          throw new RetryLaterError(reason);
        }
        await deps.ledger.markFailed(key, reason, true, now);
        await deps.deadLetter?.put({ job, reason, at: now.toISOString() });
        return { outcome: 'failed', reason };
      }
      await deps.ledger.markRetry(key, failure.reason, now.getTime() + deps.leaseMs, now);
      await deps.sleep(backoffDelay(attempt, deps.random, deps.backoff));
      continue;
    }
    await markSentPatiently(deps, key, sent.messageId);
    return { outcome: 'sent' };
  }
}

/** SES has the mail: the ledger must say so. A failing write is retried; if it never lands the record stays `sending` and resume calls it unknown, never resends it. */
async function markSentPatiently(deps: SendWorkerDeps, key: OwnedKey, sesMessageId: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.ledger.markSent(key, sesMessageId, deps.now());
      return;
    } catch (error) {
      if (error instanceof LedgerConflictError || attempt >= 5) throw error;
      await deps.sleep(backoffDelay(attempt, deps.random, { baseMs: 100, capMs: 2_000 }));
    }
  }
}

// ---------------------------------------------------------------------------------------------

export interface LocalDeliveryInput extends FanOutInput {
  concurrency: number;
  onProgress?: (done: number, total: number, summary: DeliverySummary) => void;
}

/** `digest send` without SQS: fan-out into memory, then a pool of the same worker. */
export async function deliverLocally(
  deps: SendWorkerDeps & { store: SubscriberStore },
  input: LocalDeliveryInput,
): Promise<DeliverySummary & { reasons: Record<string, number> }> {
  const jobs: SendJob[] = [];
  const { suppressed, settled } = await fanOutAndSettle(
    { ...deps, sink: { put: async (batch) => void jobs.push(...batch) } },
    { ...input, batchSize: 500 },
  );
  // how many were queued: what `digest stats --watch` and the console's progress count up to (none: done)
  await deps.ledger.recordFanOut(input.issueId, jobs.length, deps.now());
  const summary = { ...emptySummary(input.issueId), reasons: {} as Record<string, number> };
  summary.skipped += suppressed;
  // Records a dead run left in progress for people no longer in the audience: settled before the workers start.
  let settledApart = 0;
  for (const record of settled) {
    summary.reasons[record.reason] = (summary.reasons[record.reason] ?? 0) + 1;
    if (record.outcome === 'unknown') {
      summary.unknown++;
      if (record.suppressedAtFanOut) summary.skipped--;
    } else if (!record.suppressedAtFanOut) {
      summary.skipped++;
    }
    if (!record.suppressedAtFanOut) settledApart++;
  }
  const total = jobs.length + suppressed + settledApart;
  let done = suppressed + settledApart;
  input.onProgress?.(done, total, summary);
  let next = 0;
  let fatal: unknown = null;
  const worker = async () => {
    while (fatal === null && next < jobs.length) {
      const job = jobs[next++]!;
      try {
        const result = await processSendJob(job, deps);
        summary[result.outcome]++;
        if (result.reason && result.outcome !== 'sent') {
          summary.reasons[result.reason] = (summary.reasons[result.reason] ?? 0) + 1;
        }
      } catch (error) {
        if (error instanceof PoisonJobError) {
          summary.failed++;
          await deps.deadLetter?.put({ job, reason: error.message, at: deps.now().toISOString() });
        } else {
          fatal ??= error;
        }
      }
      done++;
      input.onProgress?.(done, total, summary);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency) }, worker));
  if (fatal !== null) throw fatal;
  return summary;
}
