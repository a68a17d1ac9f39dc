/**
 * `digest briefing` and `digest forward` against the deployed service (--stack-outputs): the same use cases as
 * the schedule and forward Lambdas, on the deployed tables, bucket, queue and SES configuration set.
 *
 * A briefing is composed here (the feeds are read from this machine, as the schedule function reads them from
 * its own), archived in the bucket, and delivered the way the schedule delivers it: the list's recipients go to
 * the send queue as jobs and the send worker sends them. The command returns once they are queued; `digest stats
 * ID --watch` follows the delivery. Nothing is written to a local data dir.
 */
import { randomBytes } from 'node:crypto';
import { liveSourceDeps } from '../adapters/feed-reader.js';
import { renderForward } from '../adapters/render-issue.js';
import { sesRefusalReason } from '../adapters/ses-mailer.js';
import type { BriefingDeps } from '../use-cases/briefing.js';
import { fanOutAndSettle, settledCounts } from '../use-cases/deliver-issue.js';
import type { ForwardDeps } from '../use-cases/forward.js';
import { requireList } from '../use-cases/require-list.js';
import type { CommandDeps } from './data-deps.js';
import { renderForList } from './list-issue.js';
import { resumeOwner } from './resume-owner.js';

export interface DeployedBriefing {
  briefing: BriefingDeps;
  /** Recipients put on the send queue by this run (the send worker has not sent them yet). */
  queued(): number;
}

/** A new briefing issue id: UTC date and 12 random hex digits (the schedule function's rule). */
function newIssueId(now: Date): string {
  return `${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(6).toString('hex')}`;
}

export async function openDeployedBriefing(
  deps: CommandDeps,
  options: { log?: (line: string) => void; allowLoopback?: boolean } = {},
): Promise<DeployedBriefing> {
  const now = () => deps.clock.now();
  const baseUrl = deps.baseUrl();
  const store = await deps.briefingStore();
  let queued = 0;
  const briefing: BriefingDeps = {
    store,
    archive: deps.archive,
    sources: liveSourceDeps({ allowLoopback: options.allowLoopback === true, now }),
    render: async (issue, options = {}) => {
      const list = await requireList(deps.lists, issue.list);
      return renderForList(issue, list, { baseUrl, mail: deps.mail }, options);
    },
    // As the schedule function does: jobs onto the send queue; `sent` counts nothing until the worker sends. A run
    // that resumes an archived issue settles the records a dead sender left in progress for people no longer queued.
    deliver: async (issue) => {
      const ledger = await deps.ledger();
      const out = await fanOutAndSettle(
        { store: deps.subscribers, sink: deps.sendQueue(), ledger, ...(await resumeOwner()), now },
        {
          issueId: issue.id,
          list: issue.list,
          ...(issue.topic ? { topic: issue.topic } : {}),
          batchSize: 10,
        },
      );
      await ledger.recordFanOut(issue.id, out.queued, now());
      queued += out.queued;
      const settled = settledCounts(out.settled);
      return {
        sent: 0,
        skipped: out.suppressed + settled.skipped - settled.unknownSuppressed,
        failed: 0,
        unknown: settled.unknown,
      };
    },
    subscribers: deps.subscribers,
    mailer: deps.mailer,
    from: deps.mail.from,
    baseUrl,
    secret: deps.secret,
    now,
    newIssueId: () => newIssueId(now()),
    log: options.log,
    maxItemAgeDays: async (list) => (await deps.lists.get(list))?.maxItemAgeDays,
    listTitle: async (list) => (await deps.lists.get(list))?.title,
  };
  return { briefing, queued: () => queued };
}

/** Forwarding an archived issue through the deployed SES configuration set (the forward route's rules). */
export async function deployedForwardDeps(deps: CommandDeps): Promise<ForwardDeps> {
  return {
    archive: deps.archive,
    limits: await deps.windowLimits(),
    mailer: deps.mailer,
    refusalReason: sesRefusalReason,
    renderForward,
    from: deps.mail.from,
    baseUrl: deps.baseUrl(),
    postalAddress: deps.mail.postalAddress,
    lists: deps.lists,
    now: () => deps.clock.now(),
    suppressedAmong: (emails) => deps.subscribers.suppressedAmong(emails),
  };
}
