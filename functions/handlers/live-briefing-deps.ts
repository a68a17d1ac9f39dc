/**
 * The schedule function's dependencies in AWS, built once per Lambda container from the environment: the
 * draft workflow's (live-draft-deps.ts: the briefings table, the S3 archive, SES, the token secret, the fan-out
 * onto the send queue) plus the sources, i.e. the feed reader and article extraction, which only composing an
 * issue needs. Drops (`s3://…`) are read from ARCHIVE_BUCKET's `lists/` prefix. Each list's settings and feeds
 * come from the briefings table, falling back to the deploy configuration in DIGEST_LISTS (configured-lists.ts).
 * Imported lazily by the handler.
 */
import { randomBytes } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { liveSourceDeps } from '../adapters/feed-reader.js';
import type { BriefingDeps } from '../use-cases/briefing.js';
import { liveDraftDeps } from './live-draft-deps.js';
import { archiveBucketFromEnv } from './live-issue-archive.js';

const S3_URL_RE = /^s3:\/\/([^/]+)\/(.+)$/;

export async function liveBriefingDeps(env: NodeJS.ProcessEnv = process.env): Promise<BriefingDeps> {
  const archive = archiveBucketFromEnv(env);
  const { s3, bucket } = archive;
  const drafts = await liveDraftDeps(env, archive);
  const web = liveSourceDeps();
  return {
    ...drafts,
    sources: {
      ...web,
      // Drops live in our own bucket: read them with S3, everything else over the SSRF-safe fetcher.
      fetchText: async (url, options) => {
        const m = S3_URL_RE.exec(url);
        if (!m) return web.fetchText(url, options);
        if (m[1] !== bucket) throw new Error('drops are only read from the archive bucket');
        const out = await s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
        if ((out.ContentLength ?? 0) > options.maxBytes) throw new Error('the dropped object is too large');
        return { url, body: (await out.Body?.transformToString('utf-8')) ?? '' };
      },
    },
    newIssueId: () =>
      `${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(6).toString('hex')}`,
  };
}
