/**
 * IssueArchive on a private S3 bucket (ARCHIVE_BUCKET).
 *
 *   issues/<id>.json                          the issue and its rendering (placeholders unfilled)
 *   lists/<list>/<inverted ms>-<id>.json      a small summary, so that a prefix listing is newest first
 *
 * The summary key carries (9999999999999 − createdAt in ms), zero-padded: S3 lists keys in ascending
 * order, so the newest issue comes first without reading every issue.
 *
 * `lists/<list>/` is also where articles are dropped for a briefing (handlers/s3-drop.ts): a listing
 * reads only keys of the summary form and skips any object that does not hold a summary.
 * Summary objects never change once written, so each is read from S3 once per container and then kept
 * in memory: an anonymous archive page or feed request costs one ListObjectsV2 call, plus a read of
 * each summary this container has not seen yet (a few at a time, not one after the other).
 */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { pool } from '../core/pool.js';
import type { ArchivedIssue, IssueArchive, IssueSummary } from '../ports/issue-archive.js';
import { assertIssueId, ISSUE_ID_RE } from './file-issue-archive.js';

const MAX_TIME = 9_999_999_999_999;
const LIST_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const SUMMARY_KEY_RE = /^lists\/[^/]+\/\d{13}-[A-Za-z0-9_.-]{1,128}\.json$/;
/** Summaries kept per container; far more than any archive page shows. */
const MAX_CACHED_SUMMARIES = 5000;
const READ_CONCURRENCY = 8;

function summaryKey(summary: IssueSummary): string {
  const inverted = String(MAX_TIME - Date.parse(summary.createdAt)).padStart(13, '0');
  return `lists/${summary.list}/${inverted}-${summary.id}.json`;
}

export class S3IssueArchive implements IssueArchive {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(entry: ArchivedIssue): Promise<void> {
    const id = assertIssueId(entry.issue.id);
    if (!LIST_RE.test(entry.issue.list)) throw new Error(`not a valid list name: ${entry.issue.list}`);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `issues/${id}.json`,
        Body: JSON.stringify(entry),
        ContentType: 'application/json',
      }),
    );
    const summary: IssueSummary = {
      id,
      list: entry.issue.list,
      subject: entry.issue.subject,
      createdAt: entry.issue.createdAt,
    };
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: summaryKey(summary),
        Body: JSON.stringify(summary),
        ContentType: 'application/json',
      }),
    );
  }

  async get(issueId: string): Promise<ArchivedIssue | null> {
    if (issueId.length > 128 || !ISSUE_ID_RE.test(issueId)) return null;
    try {
      const { Body } = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: `issues/${issueId}.json` }),
      );
      return Body ? (JSON.parse(await Body.transformToString('utf8')) as ArchivedIssue) : null;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async listByList(list: string, limit = 50): Promise<IssueSummary[]> {
    if (!LIST_RE.test(list)) return [];
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: `lists/${list}/`,
          MaxKeys: Math.min(Math.max(limit, 1) * 2, 1000),
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key && SUMMARY_KEY_RE.test(object.Key) && keys.length < limit) keys.push(object.Key);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token && keys.length < limit);

    const missing = keys.filter((key) => !this.summaries.has(key));
    await pool(missing, READ_CONCURRENCY, async (key) => {
      const summary = await this.readSummary(key, list);
      if (summary) this.remember(key, summary);
    });
    return keys.flatMap((key) => {
      const summary = this.summaries.get(key);
      return summary ? [summary] : [];
    });
  }

  private readonly summaries = new Map<string, IssueSummary>();

  private remember(key: string, summary: IssueSummary): void {
    if (this.summaries.size >= MAX_CACHED_SUMMARIES) {
      const oldest = this.summaries.keys().next().value;
      if (oldest !== undefined) this.summaries.delete(oldest);
    }
    this.summaries.set(key, summary);
  }

  /** The summary stored under `key`, or null when the object is not one (a drop that looks like one). */
  private async readSummary(key: string, list: string): Promise<IssueSummary | null> {
    const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!Body) return null;
    try {
      const value = JSON.parse(await Body.transformToString('utf8')) as Partial<IssueSummary> | null;
      const fields = [value?.id, value?.subject, value?.createdAt];
      if (value?.list !== list || !fields.every((f) => typeof f === 'string')) return null;
      return { id: value.id!, list, subject: value.subject!, createdAt: value.createdAt! };
    } catch {
      return null;
    }
  }
}
