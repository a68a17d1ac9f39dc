/**
 * IssueArchive on the local data dir: `<data-dir>/issues/<issue id>.json` holds the issue and its
 * rendering (placeholders unfilled), with `<id>.html` and `<id>.txt` beside it for a quick look.
 * Each file is written whole (temp file, then rename), so `digest dev` never reads half an issue.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchivedIssue, IssueArchive, IssueSummary } from '../ports/issue-archive.js';

/** Issue ids are file names and S3 keys: no separators, no dot-dot. */
export const ISSUE_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;

export class InvalidIssueIdError extends Error {
  constructor(id: string) {
    super(`not a valid issue id: ${JSON.stringify(id.slice(0, 80))}`);
    this.name = 'InvalidIssueIdError';
  }
}

export function assertIssueId(id: string): string {
  if (id.length > 128 || !ISSUE_ID_RE.test(id)) throw new InvalidIssueIdError(id);
  return id;
}

async function writeWhole(path: string, data: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, data, { mode: 0o600 });
  await rename(tmp, path);
}

export class FileIssueArchive implements IssueArchive {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'issues');
  }

  async put(entry: ArchivedIssue): Promise<void> {
    const id = assertIssueId(entry.issue.id);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeWhole(join(this.dir, `${id}.html`), entry.rendered.html);
    await writeWhole(join(this.dir, `${id}.txt`), entry.rendered.text);
    // the JSON last: its presence means the issue is complete
    await writeWhole(join(this.dir, `${id}.json`), JSON.stringify(entry));
  }

  async get(issueId: string): Promise<ArchivedIssue | null> {
    if (issueId.length > 128 || !ISSUE_ID_RE.test(issueId)) return null;
    try {
      return JSON.parse(await readFile(join(this.dir, `${issueId}.json`), 'utf8')) as ArchivedIssue;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async listByList(list: string, limit = 50): Promise<IssueSummary[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const summaries: IssueSummary[] = [];
    for (const name of names) {
      const entry = await this.get(name.slice(0, -'.json'.length)).catch(() => null);
      if (!entry || entry.issue.list !== list) continue;
      summaries.push({
        id: entry.issue.id,
        list,
        subject: entry.issue.subject,
        createdAt: entry.issue.createdAt,
      });
    }
    summaries.sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id.localeCompare(a.id),
    );
    return summaries.slice(0, limit);
  }
}
