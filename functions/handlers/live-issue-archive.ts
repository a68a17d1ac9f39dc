/**
 * The S3 issue archive (ARCHIVE_BUCKET) and the public base URL, and the dependencies of the read-only archive
 * routes (issue page, archive page and feed), which need nothing else. Imported lazily by the handlers.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { S3IssueArchive } from '../adapters/s3-issue-archive.js';
import { requireEnv } from '../config.js';
import type { ArchiveReadDeps } from './briefing-deps.js';
import { stderrLog } from './http/errors.js';
import { listStoreFromEnv } from './live-list-store.js';

export interface ArchiveBucket {
  s3: S3Client;
  bucket: string;
  archive: S3IssueArchive;
}

export function archiveBucketFromEnv(env: NodeJS.ProcessEnv = process.env): ArchiveBucket {
  const s3 = new S3Client({});
  const bucket = requireEnv('ARCHIVE_BUCKET', env);
  return { s3, bucket, archive: new S3IssueArchive(s3, bucket) };
}

/** DIGEST_BASE_URL without trailing slashes. */
export function baseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return requireEnv('DIGEST_BASE_URL', env).replace(/\/+$/, '');
}

export function liveArchiveReadDeps(env: NodeJS.ProcessEnv = process.env): ArchiveReadDeps {
  return {
    briefing: { archive: archiveBucketFromEnv(env).archive, baseUrl: baseUrlFromEnv(env) },
    lists: listStoreFromEnv(env),
    log: stderrLog,
  };
}
