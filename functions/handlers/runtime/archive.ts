/** The S3 issue archive (ARCHIVE_BUCKET), one per container, and the read-only archive routes' dependencies. */
import { S3Client } from '@aws-sdk/client-s3';
import { S3IssueArchive } from '../../adapters/s3-issue-archive.js';
import type { ArchiveReadDeps } from '../dependencies.js';
import { edgeEnv } from './edge-env.js';
import { lambdaLog } from './logger.js';

let archive: { s3: S3Client; bucket: string; archive: S3IssueArchive } | undefined;

/** The S3 issue archive (ARCHIVE_BUCKET), with its client and bucket name for reading drops. */
export function archiveBucket(): { s3: S3Client; bucket: string; archive: S3IssueArchive } {
  if (!archive) {
    const s3 = new S3Client({});
    const bucket = edgeEnv('ARCHIVE_BUCKET');
    archive = { s3, bucket, archive: new S3IssueArchive(s3, bucket) };
  }
  return archive;
}

/** The issue page and the archive page and feed: the archive and the public base URL only. */
export function archiveReadDeps(): ArchiveReadDeps {
  return {
    briefing: { archive: archiveBucket().archive, baseUrl: edgeEnv('DIGEST_BASE_URL') },
    log: lambdaLog,
  };
}
