/**
 * EventBridge Scheduler target, one schedule per list. The schedule's input is
 * `{"list": "<list>", "scheduledTime": "<aws.scheduler.scheduled-time>"}`; the window key comes
 * from that time in the list's time zone, so a retried or duplicated invocation for the same window
 * finds the window claimed (`ISSUE#<list>#<window>`) and creates nothing. Each run first expires
 * overdue review drafts (and tells their editors; a draft whose expiry fails is logged with its list and id, and
 * the run goes on). Errors are rethrown so Scheduler retries, then its dead-letter queue gets the event. An issue
 * for a list nobody on which can be mailed is not sent, and nothing of it is kept: the run logs it at level `warn`.
 *
 * A source that fails (unreachable, malformed, out of time) is not an error of the run: what could
 * be read was sent, and a retry would only find the window claimed. So it is not thrown; it is
 * logged at level `error` with the source and its reason, and counted in the CloudWatch metric
 * `NewsletterDigest/FailedSources` (embedded metric format, dimension `list`) for an alarm to watch.
 *
 * Each item of a source read that was skipped (its page and the feed's own text gave no article) is logged at
 * level `warn` (`briefing-item-skipped`), and each item read with a note (a date far in the future read as
 * undated) at level `info` (`briefing-item-note`): one entry per item, with the list, the source, the item's URL
 * (its title when it has none) and the reason, as `digest briefing` prints them on stderr. They, and each failed
 * source (`briefing-source-failed`), are logged as soon as their source has been read, not after the run: a run
 * that throws later (the archive or the queue refusing the issue) still shows every problem it met. A feed carries
 * no subscriber's data; the logger masks any address all the same (runtime/logger.ts).
 */
import { z } from 'zod';
import type { SourceReport } from '../ports/article-sources.js';
import {
  type BriefingDeps,
  type BriefingOutcome,
  expireOverdueDrafts,
  runBriefing,
} from '../use-cases/briefing.js';
import { describeConflict } from '../use-cases/story-claims.js';
import { LIST_NAME_RE } from './dependencies.js';
import { type Log, stderrLog } from './http/errors.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext } from './runtime/logger.js';

export class ScheduleEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleEventError';
  }
}

const eventSchema = z.object({
  list: z.string().regex(LIST_NAME_RE),
  scheduledTime: z.string().datetime({ offset: true }).optional(),
  /** `{"sweep": true}` only expires overdue drafts (a frequent separate schedule). */
  sweep: z.boolean().optional(),
});

export interface ScheduleResult {
  list: string;
  expiredDrafts: string[];
  outcome: BriefingOutcome['kind'] | 'sweep-only';
  issueId: string | null;
  window: string | null;
  /**
   * Why nothing was sent (empty, duplicate, conflict: another run at the same time sent one of the stories, which is
   * no error; the other stories go out with the next run; no-recipients: nobody on the list can be mailed, and the
   * stories wait for a reader).
   */
  detail: string | null;
  /** Sources that could not be read; what the others gave was still sent. */
  failedSources: { url: string; error: string | null }[];
}

/**
 * One log entry that CloudWatch also reads as the FailedSources metric (embedded metric format: the logger writes
 * `_aws` and the metric at the top level of the JSON line).
 */
function failedSourcesMetric(list: string, count: number, at: Date): Record<string, unknown> {
  return {
    level: 'info',
    event: 'briefing-sources-metric',
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: 'NewsletterDigest',
          Dimensions: [['list']],
          Metrics: [{ Name: 'FailedSources', Unit: 'Count' }],
        },
      ],
    },
    list,
    FailedSources: count,
  };
}

/** One entry per skipped item and per item read with a note, of one source's report. */
function itemEntries(list: string, r: SourceReport): Record<string, unknown>[] {
  return [
    ...r.failures.map((f) => ({
      level: 'warn',
      event: 'briefing-item-skipped',
      list,
      source: r.source,
      item: f.url ?? f.title,
      reason: f.error,
    })),
    ...r.notes.map((n) => ({
      level: 'info',
      event: 'briefing-item-note',
      list,
      source: r.source,
      item: n.url ?? n.title,
      reason: n.note,
    })),
  ];
}

export function createHandler(d: BriefingDeps, log: Log = stderrLog) {
  return async (event: unknown): Promise<ScheduleResult> => {
    const parsed = eventSchema.safeParse(event);
    if (!parsed.success)
      throw new ScheduleEventError(`bad schedule input: ${parsed.error.issues[0]?.message}`);
    const { list, scheduledTime, sweep } = parsed.data;
    // One draft's expiry never stops the run: each problem is logged with its list and draft, and the run goes on.
    const expiry = await expireOverdueDrafts(d);
    for (const e of expiry.expired)
      if (e.notice === 'no-editor')
        log({
          level: 'info',
          event: 'draft-expired-without-notice',
          list: e.list,
          issueId: e.issueId,
          reason: 'the list has no editor address, so no notice was mailed',
        });
    for (const f of expiry.failed)
      log({ level: 'error', event: 'draft-expiry-failed', list: f.list, issueId: f.issueId, error: f.error });
    const expiredDrafts = expiry.expired.map((e) => e.issueId);
    if (sweep)
      return {
        list,
        expiredDrafts,
        outcome: 'sweep-only',
        issueId: null,
        window: null,
        detail: null,
        failedSources: [],
      };
    const outcome = await runBriefing(
      {
        list,
        scheduledAt: scheduledTime ? new Date(scheduledTime) : d.now(),
        onReport: (report) => {
          for (const entry of itemEntries(list, report)) log(entry);
          if (!report.ok)
            log({
              level: 'error',
              event: 'briefing-source-failed',
              list,
              source: report.source,
              error: report.error,
            });
        },
      },
      d,
    );
    const issueId =
      outcome.kind === 'sent' || outcome.kind === 'draft'
        ? outcome.issueId
        : outcome.kind === 'duplicate'
          ? outcome.existing.issueId
          : null;
    const detail =
      outcome.kind === 'empty'
        ? `nothing new: ${outcome.reason}`
        : outcome.kind === 'duplicate'
          ? `window already ${outcome.existing.status}`
          : outcome.kind === 'conflict'
            ? `nothing sent: ${describeConflict(outcome.conflict)}`
            : outcome.kind === 'no-recipients'
              ? `nothing sent for ${list}: ${outcome.reason}`
              : null;
    const result: ScheduleResult = {
      list,
      expiredDrafts,
      outcome: outcome.kind,
      issueId,
      window: outcome.window,
      detail,
      failedSources:
        outcome.kind === 'duplicate'
          ? []
          : outcome.reports.filter((r) => !r.ok).map((r) => ({ url: r.source, error: r.error })),
    };
    if (outcome.kind !== 'duplicate') log(failedSourcesMetric(list, result.failedSources.length, d.now()));
    // A list nobody on which can be mailed sends nothing until someone adds readers: a warning, not a failure (a
    // retry would find nobody either).
    log({ level: outcome.kind === 'no-recipients' ? 'warn' : 'info', event: 'briefing', ...result });
    return result;
  };
}

export const handler = lazyHandler(async () => {
  const { scheduleDeps } = await import('./runtime/schedule.js');
  const { lambdaLog } = await import('./runtime/logger.js');
  return createHandler(await scheduleDeps(), lambdaLog);
}, attachLambdaContext);
