/**
 * The draft workflow's dependencies in AWS (the approve route, and the schedule function on top of which it
 * adds the sources): the briefings table, the S3 archive, rendering, the fan-out onto the send queue, SES and
 * the token secret. No feed reading or article extraction. In AWS "deliver" is the fan-out: jobs go to SQS
 * (SEND_QUEUE_URL) and the send worker delivers them, so the counts reported are `sent` = queued and
 * `skipped` = suppressed. Imported lazily by the handlers.
 */
import { renderIssue } from '../adapters/render-issue.js';
import { presentList } from '../core/newsletter-list.js';
import type { DraftDeps } from '../use-cases/briefing-drafts.js';
import { fanOut } from '../use-cases/deliver-issue.js';
import { requireList } from '../use-cases/require-list.js';
import type { ApproveHttpDeps } from './briefing-deps.js';
import { stderrLog } from './http/errors.js';
import { briefingMailFromEnv } from './live-briefing-mail.js';
import { briefingStoreFromEnv } from './live-briefing-store.js';
import { fanOutDepsFromEnv } from './live-delivery-deps.js';
import { type ArchiveBucket, archiveBucketFromEnv } from './live-issue-archive.js';
import { listStoreFromEnv } from './live-list-store.js';
import { loadSecret } from './live-subscriber-store.js';

export async function liveDraftDeps(
  env: NodeJS.ProcessEnv = process.env,
  bucket: ArchiveBucket = archiveBucketFromEnv(env),
): Promise<DraftDeps> {
  const { mailer, from, baseUrl, postalAddress } = briefingMailFromEnv(env);
  const store = briefingStoreFromEnv(env);
  const lists = listStoreFromEnv(env);
  const fanOutDeps = fanOutDepsFromEnv(env);
  const [secret] = await loadSecret(env);
  return {
    store,
    archive: bucket.archive,
    // The list's title, sender and footer (lists table, then configuration), read when the issue is rendered.
    render: async (issue) => {
      const list = await requireList(lists, issue.list);
      return renderIssue(issue, { baseUrl, ...presentList(list, { from, postalAddress }) });
    },
    // The same fan-out as the fan-out Lambda: jobs onto the send queue, the send worker delivers.
    deliver: async (issue) => {
      const { queued, suppressed } = await fanOut(fanOutDeps, {
        issueId: issue.id,
        list: issue.list,
        batchSize: 10,
      });
      return { sent: queued, skipped: suppressed, failed: 0, unknown: 0 };
    },
    mailer,
    from,
    baseUrl,
    secret: secret!,
    now: () => new Date(),
    log: (line) => stderrLog({ level: 'info', event: 'briefing', message: line }),
  };
}

export async function liveApproveHttpDeps(env: NodeJS.ProcessEnv = process.env): Promise<ApproveHttpDeps> {
  return { briefing: await liveDraftDeps(env), log: stderrLog };
}
