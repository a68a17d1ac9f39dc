/**
 * IssueArchive on a private S3 bucket (ARCHIVE_BUCKET).
 *
 *   issues/<id>.json                          the issue and its rendering (placeholders unfilled)
 *   lists/<list>/<inverted ms>-<id>.json      a small summary, so that a prefix listing is newest first
 *
 * The summary key carries (9999999999999 − createdAt in ms), zero-padded: S3 lists keys in ascending
 * order, so the newest issue comes first without reading every issue.
 */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ArchivedIssue, IssueArchive, IssueSummary } from '../ports/issue-archive.js';
import { assertIssueId, ISSUE_ID_RE } from './file-issue-archive.js';

const MAX_TIME = 9_999_999_999_999;
const LIST_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

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
    const { Contents } = await this.client.send(
      new ListObjectsV2Command({
        Bucket: this.bucket,
        Prefix: `lists/${list}/`,
        MaxKeys: Math.min(limit, 1000),
      }),
    );
    const summaries: IssueSummary[] = [];
    for (const object of Contents ?? []) {
      if (!object.Key) continue;
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: object.Key }));
      if (Body) summaries.push(JSON.parse(await Body.transformToString('utf8')) as IssueSummary);
    }
    return summaries;
  }
}
