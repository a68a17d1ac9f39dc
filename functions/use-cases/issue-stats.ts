/**
 * What became of an issue, as one typed object: the CLI (`digest stats`) and the web console both
 * call these functions. Everything comes from the delivery ledger (states, and the first delivery,
 * open, click, bounce and complaint of each recipient recorded from SES events), the archive
 * (subject, list, the list's next issue) and the subscriber store (unsubscribes, suppressions).
 *
 * Decisions, as a newsletter tool's users expect them:
 * - opens and clicks are unique per recipient; `links` counts every click (an event SES delivers
 *   twice counts once);
 * - rates are over `delivered` once SES has reported any delivery, else over `sent` (locally no
 *   Delivery events arrive);
 * - an unsubscribe belongs to this issue when the person was sent it and left the list after it went
 *   out and before the list's next issue was created; the person is matched by identity (`addressKey`),
 *   since the list's record may spell the address otherwise than the delivery did (signed up again in
 *   another case);
 * - a bounce or complaint recorded only as a suppression (locally, where no SES events reach the
 *   ledger) counts when it was recorded after this issue went out to that person and before the
 *   list's next issue was created, like an unsubscribe: one bounce is never counted in every issue
 *   the person received;
 * - `--test-to` copies are listed apart (`tests`) and never counted;
 * - `tracking` says whether opens and clicks were counted at all. The sender records, on each
 *   delivery, the list's tracking switch as it read it when the copy went out (ledger `tracked`):
 *   the issue is tracked when any copy went out tracked. An issue sent before the ledger kept that
 *   counts as tracked when an open or a click was recorded. Untracked, `opened` and `clicked` are 0
 *   and mean "not counted", `openRate` and `clickRate` are null, and the CLI and the console print
 *   "not tracked"; turning tracking on later does not make an issue already sent tracked.
 */
import { countRecord, emptyCounts } from '../core/delivery.js';
import { addressKey } from '../core/email-address.js';
import type { DeliveryLedger, TestSend } from '../ports/delivery-ledger.js';
import type { IssueArchive } from '../ports/issue-archive.js';
import type { SubscriberStore, Suppression } from '../ports/subscriber-store.js';
import { ledgerPages } from './ledger-pages.js';

export interface IssueStatsDeps {
  ledger: DeliveryLedger;
  archive: IssueArchive;
  subscribers: SubscriberStore;
}

/**
 * An issue that went out and of which the mail service has reported nothing: no delivery, bounce or complaint. So
 * reads every issue written to the local outbox, which gets no report; where SES sends, it is news.
 */
export const nothingReported = (
  s: Pick<IssueStats, 'sent' | 'delivered' | 'bounced' | 'complained'>,
): boolean => s.sent > 0 && s.delivered + s.bounced + s.complained === 0;

export interface IssueStats {
  issueId: string;
  subject: string | null;
  list: string | null;
  createdAt: string | null;
  /** Delivery records of the issue (every recipient a sender has claimed so far). */
  recipients: number;
  /** Recipients put on the send queue (deployed sends), or null when the issue was sent in one process. */
  queued: number | null;
  sent: number;
  delivered: number;
  /**
   * Whether opens and clicks were counted: the list had tracking on when the issue went out. When
   * false, `opened` and `clicked` are 0 (not measured) and the rates are null.
   */
  tracking: boolean;
  /** Unique opens (only lists with tracking on get Open events). */
  opened: number;
  openRate: number | null;
  /** Unique clickers. */
  clicked: number;
  clickRate: number | null;
  links: { url: string; clicks: number }[];
  /** Hard (permanent) bounces plus soft ones. */
  bounced: number;
  bouncedHard: number;
  bouncedSoft: number;
  complained: number;
  unsubscribed: number;
  unknown: number;
  failed: number;
  /**
   * Queued but not sent because consent was gone when the send came: the person unsubscribed, dropped
   * the issue's topic or was suppressed after the fan-out. Done, like sent and failed, but neither.
   */
  skipped: number;
  inProgress: number;
  /** `--test-to` copies of this issue: not in any number above. */
  tests: TestSend[];
}

export class IssueNotFoundError extends Error {
  constructor(issueId: string) {
    super(`no issue ${issueId} (not archived, nothing delivered)`);
    this.name = 'IssueNotFoundError';
  }
}

const rate = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

/** The numbers of one issue. Throws IssueNotFoundError when neither the archive nor the ledger knows it. */
export async function issueStats(deps: IssueStatsDeps, issueId: string): Promise<IssueStats> {
  return statsOf(deps, issueId, listReads(deps.subscribers));
}

/** Records a page of the walk over an issue's records reads (about 350 KB, under DynamoDB's 1 MB a Query). */
const WALK_PAGE = 1000;

async function statsOf(deps: IssueStatsDeps, issueId: string, reads: ListReads): Promise<IssueStats> {
  const [archived, links, tests, queued] = await Promise.all([
    deps.archive.get(issueId),
    deps.ledger.linkClicks(issueId),
    deps.ledger.testSends({ issueId }),
    deps.ledger.queued(issueId),
  ]);
  const list = archived?.issue.list ?? null;
  const createdAt = archived?.issue.createdAt ?? null;
  const nextIssueAt = list && createdAt ? await nextIssueCreatedAt(deps.archive, list, createdAt) : null;
  const unsubscribedAt = list ? await reads.unsubscribeTimes(list) : new Map<string, string>();

  // One walk over the records gives the ledger's counts and what the subscriber store adds to them.
  const counts = emptyCounts();
  let unsubscribed = 0;
  let bouncedAlone = 0;
  let complainedAlone = 0;
  for await (const page of ledgerPages(deps.ledger, issueId, WALK_PAGE)) {
    for (const record of page) countRecord(counts, record);
    const sent = page.filter((record) => record.status === 'sent');
    // One batched look-up per page finds the few recipients with a suppression; only those are read in full.
    const suppressed = await reads.suppressedAmong(
      sent.filter((r) => !(r.bouncedAt && r.complainedAt)).map((r) => r.recipient),
    );
    for (const record of sent) {
      const left = unsubscribedAt.get(addressKey(record.recipient));
      if (left && left >= record.updatedAt && (!nextIssueAt || left < nextIssueAt)) unsubscribed++;
      if ((record.bouncedAt && record.complainedAt) || !suppressed.has(record.recipient)) continue;
      const suppression = await reads.getSuppression(record.recipient);
      // Like an unsubscribe: the issue the person was sent last before the suppression, not every earlier one.
      if (!suppression || suppression.lastAt < record.updatedAt) continue;
      if (nextIssueAt && suppression.lastAt >= nextIssueAt) continue;
      if (!record.bouncedAt && suppression.reasons.includes('bounce')) bouncedAlone++;
      if (!record.complainedAt && suppression.reasons.includes('complaint')) complainedAlone++;
    }
  }
  if (!archived && counts.total === 0 && tests.length === 0) throw new IssueNotFoundError(issueId);

  const bouncedHard = counts.bounced + bouncedAlone;
  const base = counts.delivered > 0 ? counts.delivered : counts.sent;
  const tracking = counts.tracked > 0 || counts.opened > 0 || counts.clicked > 0;
  return {
    issueId,
    subject: archived?.issue.subject ?? null,
    list,
    createdAt,
    recipients: counts.total,
    queued,
    sent: counts.sent,
    delivered: counts.delivered,
    tracking,
    opened: counts.opened,
    openRate: tracking ? rate(counts.opened, base) : null,
    clicked: counts.clicked,
    clickRate: tracking ? rate(counts.clicked, base) : null,
    links,
    bounced: bouncedHard + counts.softBounced,
    bouncedHard,
    bouncedSoft: counts.softBounced,
    complained: counts.complained + complainedAlone,
    unsubscribed,
    unknown: counts.unknown,
    failed: counts.failed,
    skipped: counts.skipped,
    inProgress: counts.claimed + counts.sending,
    tests,
  };
}

/** What the stats read of the subscriber store: the same for every issue of a list, so read once for them all. */
interface ListReads {
  unsubscribeTimes(list: string): Promise<Map<string, string>>;
  suppressedAmong(emails: string[]): Promise<Set<string>>;
  getSuppression(email: string): Promise<Suppression | null>;
}

/**
 * The subscriber store's answers, each read once: the issues of a list side by side went to mostly the same people,
 * whose suppressions (a BatchGetItem per 100 recipients) and the list's unsubscribes (a pass over the list) were read
 * again for every issue.
 */
function listReads(store: SubscriberStore): ListReads {
  const left = new Map<string, Promise<Map<string, string>>>();
  const suppressed = new Map<string, boolean>();
  const suppressions = new Map<string, Promise<Suppression | null>>();
  return {
    unsubscribeTimes(list) {
      const times = left.get(list) ?? unsubscribeTimes(store, list);
      left.set(list, times);
      return times;
    },
    async suppressedAmong(emails) {
      const unknown = [...new Set(emails.filter((e) => !suppressed.has(e)))];
      if (unknown.length > 0) {
        const found = await store.suppressedAmong(unknown);
        for (const email of unknown) suppressed.set(email, found.has(email));
      }
      return new Set(emails.filter((e) => suppressed.get(e)));
    },
    getSuppression(email) {
      const suppression = suppressions.get(email) ?? store.getSuppression(email);
      suppressions.set(email, suppression);
      return suppression;
    },
  };
}

/** What following a delivery reads at each turn: the ledger's counts by status and how many the fan-out queued. */
export type DeliveryProgress = Pick<
  IssueStats,
  'recipients' | 'queued' | 'sent' | 'failed' | 'unknown' | 'skipped' | 'inProgress'
>;

/** The progress of an issue's delivery: one pass over its records (1,000 a Query) and the fan-out's count. */
export async function deliveryProgress(
  ledger: Pick<DeliveryLedger, 'counts' | 'queued'>,
  issueId: string,
): Promise<DeliveryProgress> {
  const [counts, queued] = await Promise.all([ledger.counts(issueId), ledger.queued(issueId)]);
  const { sent, failed, unknown, skipped } = counts;
  return {
    recipients: counts.total,
    queued,
    sent,
    failed,
    unknown,
    skipped,
    inProgress: counts.claimed + counts.sending,
  };
}

/**
 * Follows a delivery to its end (`digest stats --watch`): the issue's stats, then at each turn only its progress
 * (what the progress line and deliveryFinished read; the stats' opens, bounces and unsubscribes would read every
 * recipient's suppression and the whole list again at every turn), and its stats again once it is finished.
 */
export async function followDelivery(
  deps: IssueStatsDeps,
  issueId: string,
  options: { wait(): Promise<void>; onProgress(progress: DeliveryProgress): void },
): Promise<IssueStats> {
  const first = await issueStats(deps, issueId);
  let progress: DeliveryProgress = first;
  while (!deliveryFinished(progress)) {
    options.onProgress(progress);
    await options.wait();
    progress = await deliveryProgress(deps.ledger, issueId);
  }
  return progress === first ? first : issueStats(deps, issueId);
}

/** True once every queued (or claimed) recipient has an outcome: sent, failed, unknown or skipped. */
export function deliveryFinished(stats: DeliveryProgress): boolean {
  const settled = stats.sent + stats.failed + stats.unknown + stats.skipped;
  return stats.inProgress === 0 && settled >= (stats.queued ?? stats.recipients);
}

export interface ListStats {
  list: string;
  /** Newest first. */
  issues: IssueStats[];
  /** Recent `--test-to` copies on this list, newest first: never part of the issues' numbers. */
  tests: TestSend[];
}

/** The last `limit` issues of a list side by side. */
export async function listStats(deps: IssueStatsDeps, list: string, limit = 5): Promise<ListStats> {
  const summaries = await deps.archive.listByList(list, limit);
  const reads = listReads(deps.subscribers);
  const issues: IssueStats[] = [];
  for (const summary of summaries) issues.push(await statsOf(deps, summary.id, reads));
  const tests = await deps.ledger.testSends({ list, limit: 10 });
  return { list, issues, tests };
}

async function nextIssueCreatedAt(
  archive: IssueArchive,
  list: string,
  createdAt: string,
): Promise<string | null> {
  // newest first: the next issue is the oldest of those created after this one
  const recent = await archive.listByList(list, 50);
  let next: string | null = null;
  for (const summary of recent) if (summary.createdAt > createdAt) next = summary.createdAt;
  return next;
}

/** When each person who left the list left it, by identity (`addressKey`). */
async function unsubscribeTimes(store: SubscriberStore, list: string): Promise<Map<string, string>> {
  const times = new Map<string, string>();
  for (let cursor: string | null = null; ; ) {
    const page: Awaited<ReturnType<SubscriberStore['pageAll']>> = await store.pageAll(list, {
      cursor,
      limit: 1000,
    });
    for (const s of page.items) if (s.status === 'unsubscribed') times.set(addressKey(s.email), s.updatedAt);
    cursor = page.next;
    if (!cursor) break;
  }
  return times;
}

// Who did not get an issue, and its counts by status: use-cases/undelivered.ts.
export {
  issueProgress,
  type Undelivered,
  type UndeliveredOutcome,
  type UndeliveredRecipient,
  undeliveredCounts,
  undeliveredRecipients,
} from './undelivered.js';
