/**
 * Who did not get an issue (failed, unknown, stalled), and its counts by status, from the delivery ledger: the
 * console's Issues list, an issue's progress and stats pages, and `digest stats`. The ledger keeps the counts of an
 * issue no sender is at work on (`keptCounts`, docs/delivery.md "Counts kept for settled issues"); without them, one
 * pass over the issue's records gives them, and keeps them for the next reader when it can.
 */
import { pool } from '../core/pool.js';
import type { DeliveryLedger, KeptCounts, StatusCounts } from '../ports/delivery-ledger.js';
import { ledgerPages } from './ledger-pages.js';

/**
 * What became of a recipient who has not got the issue: `failed` (SES refused the address, or retries ran out),
 * `unknown` (the send may or may not have reached SES) or `stalled` (a claim or a send whose sender is gone: its
 * lease ran out, as when SES throttled past the last attempt in AWS and the job waits for a redelivery or sits in
 * the send queue's dead-letter queue, or when a run stopped).
 */
export type UndeliveredOutcome = 'failed' | 'unknown' | 'stalled';

export interface UndeliveredRecipient {
  /** The address as mailed: personal data, for signed-in editors only (the console's stats and progress pages). */
  recipient: string;
  outcome: UndeliveredOutcome;
  /** Why, as the ledger keeps it (bounded, addresses masked: core/delivery.ts `ledgerReason`); null when none was recorded. */
  reason: string | null;
  /** A failure that may succeed later (retries ran out): a resumed delivery tries it again. */
  retryable: boolean;
  /** A stalled record that was in flight (`sending`): a resume makes it unknown, never sends it again. */
  inFlight: boolean;
  /** When the record last changed (ISO). */
  at: string;
}

export interface Undelivered {
  failed: number;
  unknown: number;
  stalled: number;
  /** The first `limit` of them in the ledger's order (by address). */
  recipients: UndeliveredRecipient[];
}

/**
 * The recipients of an issue who failed, are unknown or stalled, with the reason the ledger recorded for each: the
 * console's answer to "who did not get it, why, and what now" (a table beside the Resume actions). One pass over
 * the issue's records; the counts cover every record, the list only the first `limit`.
 */
export async function undeliveredRecipients(
  ledger: Pick<DeliveryLedger, 'page'>,
  issueId: string,
  options: { now: Date; limit?: number },
): Promise<Undelivered> {
  return (await countRecords(ledger, issueId, options)).undelivered;
}

/** Records a Query of a counting pass reads, as the ledger's own counts do (about 350 KB, under DynamoDB's 1 MB). */
const COUNTING_PAGE = 1000;

/** One pass over an issue's records: who did not get it, the counts by status, and whether a claim is live. */
async function countRecords(
  ledger: Pick<DeliveryLedger, 'page'>,
  issueId: string,
  options: { now: Date; limit?: number },
): Promise<{ undelivered: Undelivered; statuses: StatusCounts; live: boolean }> {
  const limit = options.limit ?? 200;
  const out: Undelivered = { failed: 0, unknown: 0, stalled: 0, recipients: [] };
  const statuses: StatusCounts = {
    claimed: 0,
    sending: 0,
    sent: 0,
    failed: 0,
    unknown: 0,
    skipped: 0,
    total: 0,
  };
  let live = false;
  for await (const page of ledgerPages(ledger, issueId, COUNTING_PAGE)) {
    for (const record of page) {
      statuses[record.status]++;
      statuses.total++;
      const inProgress = record.status === 'claimed' || record.status === 'sending';
      const expired = record.leaseUntil < options.now.getTime();
      live ||= inProgress && !expired;
      const outcome: UndeliveredOutcome | null =
        record.status === 'failed' || record.status === 'unknown'
          ? record.status
          : inProgress && expired
            ? 'stalled'
            : null;
      if (!outcome) continue;
      out[outcome]++;
      if (out.recipients.length < limit)
        out.recipients.push({
          recipient: record.recipient,
          outcome,
          reason: record.reason,
          retryable: record.retryable,
          inFlight: record.status === 'sending',
          at: record.updatedAt,
        });
    }
  }
  return { undelivered: out, statuses, live };
}

/** Issues whose ledger is read at once for their counts (undeliveredCounts). */
const COUNTS_CONCURRENCY = 4;

type CountingLedger = Pick<DeliveryLedger, 'page' | 'keptCounts' | 'keepCounts'>;

/**
 * The counts of undeliveredRecipients (failed, unknown, stalled; nobody listed) for each of several issues: the
 * console's Issues list flags with them the issues its stats page would warn about. The ledger keeps the counts of
 * an issue no sender is at work on (`keptCounts`): those are read at once, one request for up to 100 issues; an
 * issue without them is counted by a pass over its records, as on its stats page (a few issues at a time), and its
 * counts kept for the next reader when no claim was live. A claim or send whose lease ran out is stalled, and stays
 * so until a sender takes it over, which drops the counts kept.
 */
export async function undeliveredCounts(
  ledger: CountingLedger,
  issueIds: readonly string[],
  options: { now: Date },
): Promise<Map<string, Undelivered>> {
  const ids = [...new Set(issueIds)];
  const kept = await ledger.keptCounts(ids);
  const counts = new Map<string, Undelivered>();
  const uncounted: string[] = [];
  for (const id of ids) {
    const known = kept.get(id);
    if (known?.kept) counts.set(id, fromStatuses(known.kept));
    else uncounted.push(id);
  }
  await pool(uncounted, COUNTS_CONCURRENCY, async (id) => {
    counts.set(
      id,
      (await countAndKeep(ledger, id, kept.get(id), { now: options.now, limit: 0 })).undelivered,
    );
  });
  return counts;
}

/**
 * An issue's counts by status and who did not get it (the first `limit`, as undeliveredRecipients lists them): its
 * progress page. The counts the ledger keeps answer it without reading a record when nobody is to be named; else one
 * pass over the records gives both, and keeps the counts when it can (undeliveredCounts).
 */
export async function issueProgress(
  ledger: CountingLedger,
  issueId: string,
  options: { now: Date; limit?: number },
): Promise<{ counts: StatusCounts; undelivered: Undelivered }> {
  const known = (await ledger.keptCounts([issueId])).get(issueId);
  if (known?.kept && anyoneToName(known.kept) === 0)
    return { counts: known.kept, undelivered: fromStatuses(known.kept) };
  const pass = await countAndKeep(ledger, issueId, known, options);
  return { counts: pass.statuses, undelivered: pass.undelivered };
}

const anyoneToName = (s: StatusCounts) => s.failed + s.unknown + s.claimed + s.sending;

async function countAndKeep(
  ledger: CountingLedger,
  issueId: string,
  known: KeptCounts | undefined,
  options: { now: Date; limit?: number },
): ReturnType<typeof countRecords> {
  const pass = await countRecords(ledger, issueId, options);
  const version = known && !known.kept ? known.version : null;
  if (version !== null && !pass.live) await ledger.keepCounts(issueId, version, pass.statuses);
  return pass;
}

/** Kept counts have no live claim: every claimed or sending record among them is stalled. */
const fromStatuses = (s: StatusCounts): Undelivered => ({
  failed: s.failed,
  unknown: s.unknown,
  stalled: s.claimed + s.sending,
  recipients: [],
});
