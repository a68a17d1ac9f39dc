/**
 * ImportJobStore in the archive bucket, for the console served by the HTTP API, where the upload, its Confirm,
 * the import and its Stop may each reach another container of the admin function:
 *
 *   imports/<id>.json   the import's record, written whole by each PutObject
 *   imports/<id>.csv    the uploaded file, until it is imported, cancelled or expired (DeleteObject)
 *   imports/<id>.stop   an empty mark: the editor asked the running import to stop
 *
 * Imports sit apart from `issues/`, `lists/` (the drop rule's folders) and `drafts/`, and are few: the listing reads
 * the keys under `imports/` and the newest records only (ids begin with their time, so keys sort by age).
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type ImportJob, type ImportJobStore, isImportId, newestImports } from '../ports/import-jobs.js';

export const IMPORTS_PREFIX = 'imports/';
const RECORD_KEY_RE = /^imports\/([^/]+)\.json$/;

export class S3ImportJobStore implements ImportJobStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async create(job: ImportJob, csv: string): Promise<void> {
    await this.write(`${checked(job.id)}.csv`, csv, 'text/csv; charset=utf-8');
    await this.put(job);
  }

  async get(id: string): Promise<ImportJob | null> {
    if (!isImportId(id)) return null;
    const text = await this.read(`${id}.json`);
    return text === null ? null : (JSON.parse(text) as ImportJob);
  }

  async put(job: ImportJob): Promise<void> {
    await this.write(`${checked(job.id)}.json`, JSON.stringify(job), 'application/json');
  }

  async upload(id: string): Promise<string | null> {
    return isImportId(id) ? this.read(`${id}.csv`) : null;
  }

  async dropUpload(id: string): Promise<void> {
    await this.delete(`${checked(id)}.csv`);
  }

  async requestStop(id: string, at: string): Promise<void> {
    await this.write(`${checked(id)}.stop`, at, 'text/plain');
  }

  async stopRequested(id: string): Promise<boolean> {
    if (!isImportId(id)) return false;
    try {
      await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: `${IMPORTS_PREFIX}${id}.stop` }),
      );
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async recent(limit: number): Promise<ImportJob[]> {
    return newestImports(await this.ids(), (id) => this.get(id), limit);
  }

  async ids(): Promise<string[]> {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: IMPORTS_PREFIX, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const id = RECORD_KEY_RE.exec(object.Key ?? '')?.[1];
        if (id && isImportId(id)) ids.push(id);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return ids.sort();
  }

  async remove(id: string): Promise<void> {
    for (const ext of ['json', 'csv', 'stop']) await this.delete(`${checked(id)}.${ext}`);
  }

  private async read(name: string): Promise<string | null> {
    try {
      const { Body } = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: `${IMPORTS_PREFIX}${name}` }),
      );
      return Body ? await Body.transformToString('utf8') : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  private async write(name: string, body: string, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${IMPORTS_PREFIX}${name}`,
        Body: body,
        ContentType: contentType,
      }),
    );
  }

  private async delete(name: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: `${IMPORTS_PREFIX}${name}` }));
  }
}

function isMissing(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return (
    error instanceof NoSuchKey ||
    name === 'NoSuchKey' ||
    name === 'NotFound' ||
    (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
  );
}

function checked(id: string): string {
  if (!isImportId(id)) throw new Error(`not an import id: ${JSON.stringify(id.slice(0, 80))}`);
  return id;
}
