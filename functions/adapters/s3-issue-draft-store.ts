/**
 * IssueDraftStore in the archive bucket, for the console served by the HTTP API:
 *
 *   drafts/<issue id>.json             one draft, written whole by each PutObject
 *   drafts/scheduled/<issue id>.json   an empty marker while that draft is `scheduled`
 *
 * Drafts sit apart from `issues/` and `lists/` (the archive and the drop folders), end in `.json`
 * (the drop rule ignores those), and are few: an editor's open drafts, not an archive. So `list`
 * reads them all and sorts by `updatedAt`, as the file store does. Sent drafts stay, though, and the
 * send-due check runs every minute: it lists the markers instead, which only scheduled drafts have.
 * A marker is written after its draft and removed after the draft leaves `scheduled`, so a crash in
 * between leaves at most a marker whose draft says otherwise, which `listScheduled` skips.
 *
 * `replace` (an editor's save) checks the stored version and writes under a lock (ports/keyed-lock.ts: a lease in the
 * briefings table in AWS), so that two saves from the same version cannot both pass the check; its PutObject also
 * carries `If-Match` with the ETag it read, which S3 enforces (a conditional write: 412 when the object changed), as
 * the last word should a lease run out under a stalled writer. The local S3 stand-in the tests use ignores `If-Match`,
 * hence the lock.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { issueVersion } from '../core/issue-version.js';
import { pool } from '../core/pool.js';
import type { IssueDraft, IssueDraftStore } from '../ports/issue-draft-store.js';
import type { KeyedLock } from '../ports/keyed-lock.js';
import { assertIssueId, ISSUE_ID_RE } from './file-issue-archive.js';

export const DRAFTS_PREFIX = 'drafts/';
const SCHEDULED_PREFIX = `${DRAFTS_PREFIX}scheduled/`;
const SCHEDULED_KEY_RE = /^drafts\/scheduled\/([A-Za-z0-9_.-]{1,128})\.json$/;
const DRAFT_KEY_RE = /^drafts\/([A-Za-z0-9_.-]{1,128})\.json$/;
const READ_CONCURRENCY = 8;
/** More drafts than this are not shown (the oldest by key are left out); far above an editor's desk. */
const MAX_LISTED = 1000;

export class S3IssueDraftStore implements IssueDraftStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    /** Held around every write of a draft: `replace`'s check and write are one step for every container. */
    private readonly lock: KeyedLock,
  ) {}

  async get(issueId: string): Promise<IssueDraft | null> {
    return (await this.read(issueId))?.draft ?? null;
  }

  private async read(issueId: string): Promise<{ draft: IssueDraft; etag: string | undefined } | null> {
    if (issueId.length > 128 || !ISSUE_ID_RE.test(issueId)) return null;
    try {
      const { Body, ETag } = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: `${DRAFTS_PREFIX}${issueId}.json` }),
      );
      return Body
        ? { draft: JSON.parse(await Body.transformToString('utf8')) as IssueDraft, etag: ETag }
        : null;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async put(draft: IssueDraft): Promise<void> {
    const id = assertIssueId(draft.issue.id);
    await this.lock.run(`draft#${id}`, () => this.write(draft));
  }

  async replace(draft: IssueDraft, expected: { version: string }): Promise<boolean> {
    const id = assertIssueId(draft.issue.id);
    return this.lock.run(`draft#${id}`, async () => {
      const stored = await this.read(id);
      if (!stored || issueVersion(stored.draft.issue) !== expected.version) return false;
      try {
        await this.write(draft, stored.etag);
      } catch (error) {
        // S3's answer to a conditional write whose object changed (412), or that raced another (409).
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status === 412 || status === 409) return false;
        throw error;
      }
      return true;
    });
  }

  private async write(draft: IssueDraft, ifMatch?: string): Promise<void> {
    const id = assertIssueId(draft.issue.id);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${DRAFTS_PREFIX}${id}.json`,
        Body: JSON.stringify(draft),
        ContentType: 'application/json',
        ...(ifMatch ? { IfMatch: ifMatch } : {}),
      }),
    );
    const marker = { Bucket: this.bucket, Key: `${SCHEDULED_PREFIX}${id}.json` };
    if (draft.status === 'scheduled')
      await this.client.send(
        new PutObjectCommand({ ...marker, Body: '{}', ContentType: 'application/json' }),
      );
    else await this.client.send(new DeleteObjectCommand(marker));
  }

  async listScheduled(): Promise<IssueDraft[]> {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: SCHEDULED_PREFIX, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const id = SCHEDULED_KEY_RE.exec(object.Key ?? '')?.[1];
        if (id) ids.push(id);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const drafts = await Promise.all(ids.map((id) => this.get(id)));
    return drafts.filter((d): d is IssueDraft => d?.status === 'scheduled');
  }

  async list(limit = 50): Promise<IssueDraft[]> {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: DRAFTS_PREFIX, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const id = DRAFT_KEY_RE.exec(object.Key ?? '')?.[1];
        if (id && ids.length < MAX_LISTED) ids.push(id);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token && ids.length < MAX_LISTED);

    const drafts: IssueDraft[] = [];
    await pool(ids, READ_CONCURRENCY, async (id) => {
      const draft = await this.get(id).catch(() => null);
      if (draft) drafts.push(draft);
    });
    return drafts
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))
      .slice(0, limit);
  }

  async delete(issueId: string): Promise<void> {
    const id = assertIssueId(issueId);
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.bucket, Key: `${DRAFTS_PREFIX}${id}.json` }),
    );
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.bucket, Key: `${SCHEDULED_PREFIX}${id}.json` }),
    );
  }
}
