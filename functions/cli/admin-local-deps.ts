/**
 * The admin console's dependencies on a laptop (`digest dev`), from the same local pieces as the
 * CLI commands: the subscriber store, the briefings table, the file archive and drafts, the local
 * sender (ledger + outbox or SES) and `digest keys`' key. admin/console-deps.ts puts them together
 * as the deployed console does; here an issue is delivered in-process, and scheduled drafts go out
 * from this process while it runs.
 */
import { readLocalApiKeys } from '../adapters/api-key-store.js';
import { FileEndedSessions } from '../adapters/file-ended-sessions.js';
import { FileImportJobStore } from '../adapters/file-import-jobs.js';
import { FileIssueDraftStore } from '../adapters/file-issue-draft-store.js';
import { OutboxMailer } from '../adapters/outbox-mailer.js';
import type { AdminDeps } from '../admin/admin-deps.js';
import { consoleDeps, storyBuilder } from '../admin/console-deps.js';
import type { Issue, RenderedIssue } from '../core/types.js';
import type { Log } from '../handlers/http/errors.js';
import { runBriefing } from '../use-cases/briefing.js';
import { startApproval } from '../use-cases/briefing-drafts.js';
import { type ConsoleIssueDeps, consoleWindow, sendDueDrafts } from '../use-cases/console-issues.js';
import { issueProgress } from '../use-cases/undelivered.js';
import { loopbackAllowed, openLocalBriefing } from './local-briefing.js';
import type { LocalDeps } from './local-deps.js';
import { cliQuoteLog } from './quote-log.js';
import { openLocalSender } from './send-runtime.js';
import { testCopyDeps } from './test-send.js';

const SCHEDULE_CHECK_MS = 30_000;

export async function openAdminLocalDeps(deps: LocalDeps, log?: Log): Promise<AdminDeps> {
  const { briefing, forward } = await openLocalBriefing(deps, { httpLog: log });
  const store = briefing.store;
  const archive = briefing.archive;
  const sender = await openLocalSender(deps);
  const now = () => deps.clock.now();
  const deliverHere = async (issue: Issue, rendered: RenderedIssue, resendUnknown: boolean) => {
    await sender.deliver(await sender.prepare(rendered, issue.list), {
      resendUnknown,
      // the issue's audience, as `digest send --issue` resumes it: a topic issue never widens to the whole list
      ...(issue.topic ? { topic: issue.topic } : {}),
    });
  };

  const issues: ConsoleIssueDeps = {
    drafts: new FileIssueDraftStore(deps.dataDir),
    archive,
    buildStories: storyBuilder({ allowLoopback: loopbackAllowed(deps.env), quoteLog: cliQuoteLog }),
    // The briefing's renderer: the same list identity and footer as every other issue of the list.
    render: (issue: Issue, options?: { webVersion?: boolean }) => briefing.render(issue, options),
    // The same test copy as `digest send --test-to` (use-cases/test-copy.ts).
    testCopy: testCopyDeps(deps, sender.ledger),
    deliver: (issue, rendered) => deliverHere(issue, rendered, false),
    // `digest send --issue ID [--resend-unknown]`'s delivery: the same sender, ledger and dead-letter file.
    redeliver: (issue, rendered, { resendUnknown }) => deliverHere(issue, rendered, resendUnknown),
    resendsUnknown: true,
    subscribers: deps.subscribers,
    progress: async (issueId) => {
      const { counts, undelivered } = await issueProgress(sender.ledger, issueId, { now: now() });
      return { ...counts, undelivered, queued: await sender.ledger.queued(issueId) };
    },
    now,
    sendsScheduled: true,
    // The same claim as in AWS (runtime/admin.ts): Send now and a due schedule never both send a draft's version.
    claimSend: (issueId, version) =>
      store.takeRate(
        `console-send#${issueId}#${version}`,
        1,
        1,
        new Date(now().getTime() + 30 * 86_400_000).toISOString(),
      ),
    briefings: {
      store,
      approve: (issueId, guard) => startApproval(issueId, briefing, guard),
      fromSources: (list, at) =>
        runBriefing({ list, scheduledAt: at, window: consoleWindow(at), hold: true }, briefing),
    },
    ...(log ? { log } : {}),
  };
  // Scheduled drafts go out from this process while it runs (checked every 30 s).
  const due = setInterval(() => {
    sendDueDrafts(issues).catch((error: unknown) =>
      log?.({ level: 'error', route: 'admin-schedule', error }),
    );
  }, SCHEDULE_CHECK_MS);
  due.unref();

  return consoleDeps({
    secret: deps.secret,
    now,
    // Every key in the data dir's key set, read from the file on each request (nothing cached): a key
    // added by `digest keys --name` signs in, and one rotated away ends its sessions, without a restart.
    keys: async () => readLocalApiKeys(deps.dataDir),
    // Files under the data dir, so that every `digest dev` on it (and a restarted one) refuses a signed-out session.
    endedSessions: new FileEndedSessions(deps.dataDir, deps.clock),
    // The forward budget's limits: the same table, on this data dir's dynalite.
    limits: forward.limits,
    // Files under the data dir, so that another `digest dev` on it (or a restarted one) knows the imports too.
    importJobs: new FileImportJobStore(deps.dataDir),
    briefings: store,
    // The briefing's own reader (loopback only where this data dir allows it), as `digest sources add` checks a feed.
    feedReader: briefing.sources,
    baseUrl: () => deps.baseUrl(),
    lists: deps.lists,
    subscribers: deps.subscribers,
    subscription: deps.subscriberHandlerDeps(log),
    ledger: sender.ledger,
    archive,
    issues,
    backgroundWork: true,
    // Mail written to the outbox gets no delivery report: the stats page says so under its figures.
    deliveryReports: !(deps.mailer instanceof OutboxMailer),
  });
}
