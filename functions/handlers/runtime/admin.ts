/**
 * The console's dependencies in AWS (the admin function behind `ANY /admin` and `ANY /admin/{proxy+}`):
 * admin/console-deps.ts over the deployed tables, the archive bucket (issues, and the drafts under
 * `drafts/`), the send queue, SES, the token secret (sessions and CSRF tokens) and the API key set
 * (sign-in). An issue sent from here is fanned out onto the send queue, as the schedule and
 * `digest send --stack-outputs` do, and the send worker delivers it; the progress page follows the
 * ledger. Nothing runs after an answer (`backgroundWork: false`): a confirmed CSV import runs within its request,
 * its record (progress, report, Stop) kept under `imports/` in the bucket for every container to read.
 */
import { secretsManagerKeys } from '../../adapters/api-key-store.js';
import { DynamoEndedSessions } from '../../adapters/dynamo-ended-sessions.js';
import { DynamoLeaseLock } from '../../adapters/dynamo-lease-lock.js';
import { compileIssueMessage, senderDomain } from '../../adapters/mime.js';
import { newMessageId } from '../../adapters/outbox-mailer.js';
import { S3ImportJobStore } from '../../adapters/s3-import-jobs.js';
import { S3IssueDraftStore } from '../../adapters/s3-issue-draft-store.js';
import type { AdminDeps } from '../../admin/admin-deps.js';
import { consoleDeps, storyBuilder } from '../../admin/console-deps.js';
import { runBriefing } from '../../use-cases/briefing.js';
import { startApproval } from '../../use-cases/briefing-drafts.js';
import { consoleWindow } from '../../use-cases/console-issues.js';
import { issueProgress } from '../../use-cases/undelivered.js';
import { archiveBucket } from './archive.js';
import { documentClient, subscriberStore } from './dynamo.js';
import { env } from './env.js';
import { deliveryLedger } from './ledger.js';
import { listStore } from './lists.js';
import { lambdaLog } from './logger.js';
import { sesMailer } from './mail.js';
import { queueIssue } from './queue-delivery.js';
import { scheduleDeps } from './schedule.js';
import { tokenSecrets } from './secrets.js';
import { subscriberHandlerDeps } from './subscribers.js';
import { windowLimits } from './window-limits.js';

/** A send claim outlives any retry of the send by far; then the table's TTL removes it. */
const CLAIM_DAYS = 30;
const claimExpiry = (at: Date) => new Date(at.getTime() + CLAIM_DAYS * 86_400_000).toISOString();

export async function adminDeps(): Promise<AdminDeps> {
  const [secret] = await tokenSecrets();
  // The schedule's dependencies: the draft workflow, and the feed reader and extraction for "from the sources".
  const drafts = await scheduleDeps();
  const { s3, bucket, archive } = archiveBucket();
  const ledger = deliveryLedger();
  const subscribers = subscriberStore();
  const from = env('DIGEST_FROM');
  const baseUrl = env('DIGEST_BASE_URL');
  const domain = senderDomain(from);
  const now = () => new Date();
  return consoleDeps({
    secret: secret!,
    now,
    keys: secretsManagerKeys(env('API_KEY_SECRET_ARN')),
    // In the briefings table, which every instance of this function reads: a sign-out holds in all of them at once.
    endedSessions: new DynamoEndedSessions(documentClient(), env('BRIEFINGS_TABLE')),
    limits: windowLimits(),
    // In the archive bucket (imports/): the upload, its Confirm, the running import and its Stop may each reach
    // another container of this function.
    importJobs: new S3ImportJobStore(s3, bucket),
    briefings: drafts.store,
    // The schedule's feed reader (no loopback in AWS), to check a feed before the console adds it.
    feedReader: drafts.sources,
    baseUrl: () => baseUrl,
    lists: listStore(),
    subscribers,
    subscription: await subscriberHandlerDeps(),
    ledger,
    archive,
    issues: {
      // Each write of a draft under a lease in the briefings table: two editors' saves never both land.
      drafts: new S3IssueDraftStore(
        s3,
        bucket,
        new DynamoLeaseLock(documentClient(), env('BRIEFINGS_TABLE')),
      ),
      archive,
      // No loopback in AWS: the fetcher refuses private and link-local addresses.
      buildStories: storyBuilder({ allowLoopback: false, quoteLog: lambdaLog }),
      render: drafts.render,
      testCopy: {
        mailer: sesMailer(),
        compileMessage: compileIssueMessage,
        ledger,
        settings: () => ({ baseUrl, tokenSecret: secret!, listIdDomain: domain }),
        from,
        messageId: (deliveryId) => newMessageId(deliveryId, domain),
        now,
      },
      // Jobs onto the send queue; records a dead sender left in progress for people no longer queued are settled.
      deliver: async (issue) => {
        await queueIssue(issue);
      },
      // A resume is the same fan-out (`digest send --issue ID --stack-outputs`): the send worker skips who was sent.
      redeliver: async (issue) => {
        await queueIssue(issue);
      },
      // The configuration set's Send events settle unknown deliveries here.
      resendsUnknown: false,
      subscribers,
      progress: async (issueId) => {
        const { counts, undelivered } = await issueProgress(ledger, issueId, { now: now() });
        return { ...counts, undelivered, queued: await ledger.queued(issueId) };
      },
      now,
      // A Scheduler schedule invokes this function every minute to send the due drafts (handlers/admin.ts).
      sendsScheduled: true,
      // A conditional write in the briefings table: Send now and a due schedule never both send a draft's version.
      claimSend: (issueId, version) =>
        drafts.store.takeRate(`console-send#${issueId}#${version}`, 1, 1, claimExpiry(now())),
      briefings: {
        store: drafts.store,
        approve: (issueId, guard) => startApproval(issueId, drafts, guard),
        fromSources: (list, at) =>
          runBriefing({ list, scheduledAt: at, window: consoleWindow(at), hold: true }, drafts),
      },
      log: lambdaLog,
    },
    backgroundWork: false,
  });
}
