/**
 * The draft workflow's dependencies (the approve route, and the schedule function, which adds the sources): the
 * briefings table, the S3 archive, rendering, the fan-out onto the send queue, SES and the token secret. No feed
 * reading or article extraction. In AWS "deliver" is the fan-out: jobs go to SQS and the send worker delivers
 * them, so the counts reported are `sent` = queued and `skipped` = suppressed; the queued count is also recorded
 * in the delivery ledger, for `digest stats --watch` and the console's progress.
 */
import { renderIssue } from '../../adapters/render-issue.js';
import { presentList } from '../../core/newsletter-list.js';
import type { DraftDeps } from '../../use-cases/briefing-drafts.js';
import { fanOut } from '../../use-cases/deliver-issue.js';
import { requireList } from '../../use-cases/require-list.js';
import { archiveBucket } from './archive.js';
import { briefingStore } from './briefings.js';
import { subscriberStore } from './dynamo.js';
import { deliveryLedger } from './ledger.js';
import { listStore } from './lists.js';
import { lambdaLog } from './logger.js';
import { mailSettings, sesMailer } from './mail.js';
import { jobSink } from './queue.js';
import { tokenSecrets } from './secrets.js';

export async function draftDeps(): Promise<DraftDeps> {
  const { from, baseUrl, postalAddress } = mailSettings();
  const fanOutDeps = { store: subscriberStore(), sink: jobSink() };
  const [secret] = await tokenSecrets();
  return {
    store: briefingStore(),
    archive: archiveBucket().archive,
    // The list's title, sender and footer (lists table, then configuration), read when the issue is rendered.
    render: async (issue, options = {}) => {
      const list = await requireList(listStore(), issue.list);
      return renderIssue(issue, { baseUrl, ...presentList(list, { from, postalAddress }), ...options });
    },
    // The same fan-out as the fan-out Lambda: jobs onto the send queue, the send worker delivers. Here it serves
    // the approve route only, which only ever publishes an issue that has no delivery yet: approving archives the
    // issue before delivering it, and an approval is published again only while its issue is not archived, so no
    // ledger record of it can exist and there is nothing to settle. The schedule function, which resumes the
    // delivery of an archived issue when it retries a window, replaces this with the settling one (schedule.ts).
    deliver: async (issue) => {
      const { queued, suppressed } = await fanOut(fanOutDeps, {
        issueId: issue.id,
        list: issue.list,
        ...(issue.topic ? { topic: issue.topic } : {}),
        batchSize: 10,
      });
      // how many were queued: what `digest stats --watch` and the console's progress count up to (none: done)
      await deliveryLedger().recordFanOut(issue.id, queued, new Date());
      return { sent: queued, skipped: suppressed, failed: 0, unknown: 0 };
    },
    // The subscribers table: an approval for a list nobody on which can be mailed is refused, the draft kept.
    subscribers: fanOutDeps.store,
    mailer: sesMailer(),
    from,
    baseUrl,
    secret: secret!,
    now: () => new Date(),
    log: (line) => lambdaLog({ level: 'info', event: 'briefing', message: line }),
  };
}
