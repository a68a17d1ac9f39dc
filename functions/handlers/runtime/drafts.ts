/**
 * The draft workflow's dependencies (the approve route, and the schedule function, which adds the sources): the
 * briefings table, the S3 archive, rendering, the fan-out onto the send queue, SES and the token secret. No feed
 * reading or article extraction. In AWS "deliver" is the fan-out: jobs go to SQS and the send worker delivers
 * them, so the counts reported are `sent` = queued and `skipped` = suppressed.
 */
import { renderIssue } from '../../adapters/render-issue.js';
import type { DraftDeps } from '../../use-cases/briefing-drafts.js';
import { fanOut } from '../../use-cases/deliver-issue.js';
import { archiveBucket } from './archive.js';
import { briefingStore } from './briefings.js';
import { subscriberStore } from './dynamo.js';
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
    render: (issue) => renderIssue(issue, { baseUrl, postalAddress }),
    // The same fan-out as the fan-out Lambda: jobs onto the send queue, the send worker delivers.
    deliver: async (issue) => {
      const { queued, suppressed } = await fanOut(fanOutDeps, {
        issueId: issue.id,
        list: issue.list,
        batchSize: 10,
      });
      return { sent: queued, skipped: suppressed, failed: 0, unknown: 0 };
    },
    mailer: sesMailer(),
    from,
    baseUrl,
    secret: secret!,
    now: () => new Date(),
    log: (line) => lambdaLog({ level: 'info', event: 'briefing', message: line }),
  };
}
