/**
 * The schedule function's dependencies: the draft workflow's (drafts.ts) plus the sources, i.e. the feed reader
 * and article extraction, which only composing an issue needs. Drops (`s3://…`) are read from ARCHIVE_BUCKET with
 * S3, everything else over the SSRF-safe fetcher. Each list's settings and feeds come from the briefings table,
 * falling back to the deploy configuration in DIGEST_LISTS (configured-lists.ts); its maximum item age, like its title
 * and time zone, from the lists table (runtime/lists.ts).
 */
import { randomBytes } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { liveSourceDeps } from '../../adapters/feed-reader.js';
import { decodeDocument } from '../../core/text-decoding.js';
import type { BriefingDeps } from '../../use-cases/briefing.js';
import { settledCounts } from '../../use-cases/deliver-issue.js';
import { archiveBucket } from './archive.js';
import { draftDeps } from './drafts.js';
import { listStore } from './lists.js';
import { lambdaLog } from './logger.js';
import { queueIssue } from './queue-delivery.js';

const S3_URL_RE = /^s3:\/\/([^/]+)\/(.+)$/;

export async function scheduleDeps(): Promise<BriefingDeps> {
  const { s3, bucket } = archiveBucket();
  const drafts = await draftDeps();
  const web = liveSourceDeps({ quoteLog: lambdaLog });
  return {
    ...drafts,
    // A retried window whose issue was archived resumes its delivery: the records a dead sender left in progress
    // for recipients no longer queued are settled (queue-delivery.ts).
    deliver: async (issue) => {
      const { queued, suppressed, settled } = await queueIssue(issue);
      const counts = settledCounts(settled);
      return {
        sent: queued,
        skipped: suppressed + counts.skipped - counts.unknownSuppressed,
        failed: 0,
        unknown: counts.unknown,
      };
    },
    sources: {
      ...web,
      fetchText: async (url, options) => {
        const m = S3_URL_RE.exec(url);
        if (!m) return web.fetchText(url, options);
        if (m[1] !== bucket) throw new Error('drops are only read from the archive bucket');
        const out = await s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
        if ((out.ContentLength ?? 0) > options.maxBytes) throw new Error('the dropped object is too large');
        // The object's type as uploaded (the AWS CLI and console guess it from the file name); S3's default,
        // binary/octet-stream, says nothing and leaves the body to be sniffed.
        const contentType = out.ContentType?.split(';')[0]?.trim().toLowerCase() || null;
        // Read as a fetched page is: a byte-order mark, the type's charset, the document's own declaration
        // (`<meta charset>`, the XML prolog of a feed), else UTF-8 or Windows-1252.
        const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
        return { url, contentType, body: decodeDocument(bytes, out.ContentType ?? null) };
      },
    },
    // The list's own maximum item age (lists table, then configuration), as `digest briefing` reads it.
    maxItemAgeDays: async (list) => (await listStore().get(list))?.maxItemAgeDays,
    listTitle: async (list) => (await listStore().get(list))?.title,
    newIssueId: () =>
      `${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(6).toString('hex')}`,
  };
}
