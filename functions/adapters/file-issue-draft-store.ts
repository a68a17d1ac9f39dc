/**
 * IssueDraftStore on the local data dir: `<data-dir>/drafts/<issue id>.json`, each written whole
 * (temp file, then rename) so that `digest dev` and a command on the same data dir never read half
 * a draft. Ids follow the archive's rule (no separators, no dot-dot). Every write holds the draft's lock file
 * (`<issue id>.lock`, adapters/file-lock.ts), so that `replace`'s version check and its write are one step for every
 * process on the data dir.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { issueVersion } from '../core/issue-version.js';
import type { IssueDraft, IssueDraftStore } from '../ports/issue-draft-store.js';
import { assertIssueId, ISSUE_ID_RE } from './file-issue-archive.js';
import { FileLock } from './file-lock.js';

export class FileIssueDraftStore implements IssueDraftStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'drafts');
  }

  async get(issueId: string): Promise<IssueDraft | null> {
    if (issueId.length > 128 || !ISSUE_ID_RE.test(issueId)) return null;
    try {
      return JSON.parse(await readFile(join(this.dir, `${issueId}.json`), 'utf8')) as IssueDraft;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async put(draft: IssueDraft): Promise<void> {
    await this.locked(draft.issue.id, () => this.write(draft));
  }

  async replace(draft: IssueDraft, expected: { version: string }): Promise<boolean> {
    return this.locked(draft.issue.id, async () => {
      const stored = await this.get(draft.issue.id);
      if (!stored || issueVersion(stored.issue) !== expected.version) return false;
      await this.write(draft);
      return true;
    });
  }

  /** One lock per draft, the same object for every caller of this process (FileLock queues them). */
  private readonly locks = new Map<string, FileLock>();

  private async locked<T>(issueId: string, work: () => Promise<T>): Promise<T> {
    const id = assertIssueId(issueId);
    await mkdir(this.dir, { recursive: true });
    let lock = this.locks.get(id);
    if (!lock) {
      lock = new FileLock(join(this.dir, `${id}.lock`));
      this.locks.set(id, lock);
    }
    return lock.run(work);
  }

  private async write(draft: IssueDraft): Promise<void> {
    const path = join(this.dir, `${assertIssueId(draft.issue.id)}.json`);
    const tmp = `${path}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, JSON.stringify(draft));
    await rename(tmp, path);
  }

  async list(limit = 50): Promise<IssueDraft[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const drafts = await Promise.all(
      names.map((n) => this.get(n.slice(0, -'.json'.length)).catch(() => null)),
    );
    return drafts
      .filter((d): d is IssueDraft => d !== null)
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))
      .slice(0, limit);
  }

  /** A data dir holds an editor's drafts, not an archive: reading them all is cheap here. */
  async listScheduled(): Promise<IssueDraft[]> {
    return (await this.list(Number.MAX_SAFE_INTEGER)).filter((d) => d.status === 'scheduled');
  }

  async delete(issueId: string): Promise<void> {
    await rm(join(this.dir, `${assertIssueId(issueId)}.json`), { force: true });
  }
}
