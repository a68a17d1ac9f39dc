/**
 * EventBridge Scheduler target, one schedule per list. The schedule's input is
 * `{"list": "<list>", "scheduledTime": "<aws.scheduler.scheduled-time>"}`; the window key comes
 * from that time in the list's time zone, so a retried or duplicated invocation for the same window
 * finds the window claimed (`ISSUE#<list>#<window>`) and creates nothing. Each run first expires
 * overdue review drafts (and tells their editors). Errors are rethrown so Scheduler retries, then
 * its dead-letter queue gets the event.
 */
import { z } from 'zod';
import {
  type BriefingDeps,
  type BriefingOutcome,
  expireOverdueDrafts,
  runBriefing,
} from '../use-cases/briefing.js';
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
  /** Why nothing was sent (empty, duplicate). */
  detail: string | null;
}

export function createHandler(d: BriefingDeps, log: Log = stderrLog) {
  return async (event: unknown): Promise<ScheduleResult> => {
    const parsed = eventSchema.safeParse(event);
    if (!parsed.success)
      throw new ScheduleEventError(`bad schedule input: ${parsed.error.issues[0]?.message}`);
    const { list, scheduledTime, sweep } = parsed.data;
    const expiredDrafts = await expireOverdueDrafts(d);
    if (sweep)
      return { list, expiredDrafts, outcome: 'sweep-only', issueId: null, window: null, detail: null };
    const outcome = await runBriefing(
      { list, scheduledAt: scheduledTime ? new Date(scheduledTime) : d.now() },
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
        ? outcome.reason
        : outcome.kind === 'duplicate'
          ? `window already ${outcome.existing.status}`
          : null;
    const result: ScheduleResult = {
      list,
      expiredDrafts,
      outcome: outcome.kind,
      issueId,
      window: outcome.window,
      detail,
    };
    log({ level: 'info', event: 'briefing', ...result });
    return result;
  };
}

export const handler = lazyHandler(async () => {
  const { scheduleDeps } = await import('./runtime/schedule.js');
  const { lambdaLog } = await import('./runtime/logger.js');
  return createHandler(await scheduleDeps(), lambdaLog);
}, attachLambdaContext);
