/**
 * ImportJobStore on the local data dir, `<data-dir>/imports/`:
 *
 *   <id>.json   the import's record, written whole (temp file, then rename)
 *   <id>.csv    the uploaded file, until it is imported, cancelled or expired
 *   <id>.stop   an empty mark: the editor asked the running import to stop
 *
 * Every file is private (0600, as the rest of the data dir): an upload and a report hold addresses. Another
 * `digest dev` on the same data dir, or one restarted, sees the same imports.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ImportJob, type ImportJobStore, isImportId, newestImports } from '../ports/import-jobs.js';

/** Tells apart the temp files of two writes in one millisecond (a progress write and a heartbeat). */
let sequence = 0;

export class FileImportJobStore implements ImportJobStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'imports');
  }

  async create(job: ImportJob, csv: string): Promise<void> {
    await this.write(`${checked(job.id)}.csv`, csv);
    await this.put(job);
  }

  async get(id: string): Promise<ImportJob | null> {
    if (!isImportId(id)) return null;
    const text = await this.read(`${id}.json`);
    return text === null ? null : (JSON.parse(text) as ImportJob);
  }

  async put(job: ImportJob): Promise<void> {
    await this.write(`${checked(job.id)}.json`, JSON.stringify(job));
  }

  async upload(id: string): Promise<string | null> {
    return isImportId(id) ? this.read(`${id}.csv`) : null;
  }

  async dropUpload(id: string): Promise<void> {
    await rm(join(this.dir, `${checked(id)}.csv`), { force: true });
  }

  async requestStop(id: string, at: string): Promise<void> {
    await this.write(`${checked(id)}.stop`, at);
  }

  async stopRequested(id: string): Promise<boolean> {
    if (!isImportId(id)) return false;
    try {
      await stat(join(this.dir, `${id}.stop`));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async recent(limit: number): Promise<ImportJob[]> {
    return newestImports(await this.ids(), (id) => this.get(id), limit);
  }

  async ids(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    // Ids begin with their UTC time, so the names sort by age.
    return names
      .filter((n) => n.endsWith('.json') && isImportId(n.slice(0, -5)))
      .map((n) => n.slice(0, -5))
      .sort();
  }

  async remove(id: string): Promise<void> {
    for (const ext of ['json', 'csv', 'stop'])
      await rm(join(this.dir, `${checked(id)}.${ext}`), { force: true });
  }

  private async read(name: string): Promise<string | null> {
    try {
      return await readFile(join(this.dir, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private async write(name: string, content: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, name);
    const tmp = `${path}.${process.pid}.${Date.now()}.${++sequence}.tmp`;
    await writeFile(tmp, content, { mode: 0o600 });
    await rename(tmp, path);
  }
}

function checked(id: string): string {
  if (!isImportId(id)) throw new Error(`not an import id: ${JSON.stringify(id.slice(0, 80))}`);
  return id;
}
