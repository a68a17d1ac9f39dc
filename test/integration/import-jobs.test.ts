/**
 * The console's imports where every server of the console reads them: the data dir's files
 * (adapters/file-import-jobs.ts) and the archive bucket on s3rver, a real local S3 (adapters/s3-import-jobs.ts),
 * each read back by a second store instance as another `digest dev` or another Lambda container would; and the
 * use case over each (use-cases/console-imports.ts) with the real import use case on the memory subscriber store:
 * an upload is kept, unwritten, until Confirm; one not confirmed within the hour is dropped; a Stop written by
 * another server stops the import at its next batch; old imports are removed, and one whose server stopped is shown
 * interrupted and its upload dropped.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileImportJobStore } from '../../functions/adapters/file-import-jobs.js';
import { MemorySubscriberStore } from '../../functions/adapters/memory-subscriber-store.js';
import { S3ImportJobStore } from '../../functions/adapters/s3-import-jobs.js';
import { type ImportJob, type ImportJobStore, importId } from '../../functions/ports/import-jobs.js';
import {
  type ConsoleImportDeps,
  confirmImport,
  IMPORT_CONFIRM_MS,
  IMPORT_KEPT_MS,
  IMPORT_STALE_MS,
  ImportJobError,
  importView,
  recentImports,
  stageImport,
} from '../../functions/use-cases/console-imports.js';
import { importSubscribers, previewImport } from '../../functions/use-cases/import-subscribers.js';
import { type S3Server, startS3Server } from '../support/s3-server.js';

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.close();
});

let bucketPrefix = 0;
/** Two stores over the same place: one server's and another's. */
const STORES: { name: string; pair: () => [ImportJobStore, ImportJobStore] }[] = [
  {
    name: 'data dir',
    pair: () => {
      const dir = mkdtempSync(join(tmpdir(), 'digest-import-jobs-'));
      return [new FileImportJobStore(dir), new FileImportJobStore(dir)];
    },
  },
  {
    name: 'archive bucket (s3rver)',
    pair: () => {
      // one bucket per store pair, so that listings see only this test's imports
      const bucket = `imports-${++bucketPrefix}`;
      const created = fetch(`${s3.endpoint}/${bucket}`, { method: 'PUT' });
      pendingBuckets.push(created);
      return [new S3ImportJobStore(s3.client(), bucket), new S3ImportJobStore(s3.client(), bucket)];
    },
  },
];
const pendingBuckets: Promise<Response>[] = [];
async function storesFor(name: string): Promise<[ImportJobStore, ImportJobStore]> {
  const pair = STORES.find((s) => s.name === name)!.pair();
  await Promise.all(pendingBuckets.splice(0));
  return pair;
}

function job(id: string, at: Date, overrides: Partial<ImportJob> = {}): ImportJob {
  const iso = at.toISOString();
  const counts = {
    confirmed: 0,
    pending: 0,
    unsubscribed: 0,
    invited: 2,
    suppressed: 0,
    skippedExisting: 0,
    skippedUnsubscribed: 0,
    skippedSuppressed: 0,
  };
  return {
    id,
    list: 'default',
    by: 'desk',
    confirmedBy: null,
    createdAt: iso,
    updatedAt: iso,
    confirmBy: new Date(at.getTime() + IMPORT_CONFIRM_MS).toISOString(),
    fileName: null,
    asConfirmed: false,
    status: 'awaiting',
    preview: {
      rows: 2,
      valid: 2,
      rejected: 0,
      rejections: [],
      withoutStatus: 2,
      optIn: counts,
      asConfirmed: counts,
    },
    progress: { rows: 2, imported: 0, settled: 0 },
    result: null,
    error: null,
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

/** The use case over a store, the real import use case and a memory subscriber store, at a clock the test moves. */
function useCase(jobs: ImportJobStore, clock: { now: Date }) {
  const subscribers = new MemorySubscriberStore();
  const claims = new Set<string>();
  let n = 0;
  const deps: ConsoleImportDeps = {
    jobs,
    claim: async (id) => !claims.has(id) && claims.add(id) !== undefined,
    preview: (request) => previewImport({ subscribers, clock: { now: () => clock.now } }, request),
    importCsv: async (request, onProgress, shouldStop) => {
      const report = await importSubscribers(
        {
          subscribers,
          clock: { now: () => clock.now },
          subscription: () => {
            throw new Error('these tests import as confirmed: no opt-in mail');
          },
        },
        {
          ...request,
          shouldStop,
          onRejected: () => undefined,
          progress: {
            update: (done) => onProgress({ rows: 0, imported: done, settled: done }),
            stop: () => undefined,
          },
        },
      );
      return { ...report, rejected: [], notInvited: [] };
    },
    now: () => clock.now,
    random: () => `random${String(++n).padStart(8, '0')}`,
  };
  return { deps, subscribers };
}

const CSV = `email\n${Array.from({ length: 600 }, (_, i) => `r${i}@example.org`).join('\n')}\n`;

describe.each(STORES.map((s) => s.name))('the import store: %s', (name) => {
  it('keeps a record and its upload, read back by another server; a stop mark; newest first; removed whole', async () => {
    const [here, there] = await storesFor(name);
    const at = new Date('2026-12-02T10:00:00.000Z');
    const older = job(importId(at, 'aaaaaaaaaaaa'), at);
    const newer = job(importId(new Date(at.getTime() + 1), 'bbbbbbbbbbbb'), at);
    await here.create(older, 'email\na@example.org\n');
    await here.create(newer, 'email\nb@example.org\n');
    expect(await there.get(older.id)).toEqual(older);
    expect(await there.upload(older.id)).toBe('email\na@example.org\n');
    expect((await there.recent(10)).map((j) => j.id)).toEqual([newer.id, older.id]);
    expect(await there.ids()).toEqual([older.id, newer.id]);

    await here.put({ ...older, status: 'running' });
    expect((await there.get(older.id))?.status).toBe('running');
    expect(await there.stopRequested(older.id)).toBe(false);
    await here.requestStop(older.id, at.toISOString());
    expect(await there.stopRequested(older.id)).toBe(true);
    // A record written after the stop mark leaves the mark alone.
    await here.put({ ...older, status: 'running', progress: { rows: 2, imported: 1, settled: 1 } });
    expect(await there.stopRequested(older.id)).toBe(true);

    await there.dropUpload(older.id);
    expect(await here.upload(older.id)).toBeNull();
    await there.remove(older.id);
    expect(await here.get(older.id)).toBeNull();
    expect(await here.stopRequested(older.id)).toBe(false);
    expect(await here.ids()).toEqual([newer.id]);
    // Not an import id: nothing read, nothing written.
    expect(await here.get('../secret')).toBeNull();
    await expect(here.put({ ...newer, id: '../x' })).rejects.toThrow(/not an import id/);
    if (here instanceof FileImportJobStore)
      expect(statSync(join(here.dir, `${newer.id}.csv`)).mode & 0o777).toBe(0o600);
  });

  it('an upload waits for Confirm with nothing written; one not confirmed within the hour is dropped', async () => {
    const [jobs] = await storesFor(name);
    const clock = { now: new Date('2026-12-02T10:00:00.000Z') };
    const { deps, subscribers } = useCase(jobs, clock);
    const staged = await stageImport(deps, {
      text: CSV,
      list: 'default',
      asConfirmed: true,
      by: 'desk',
      fileName: null,
    });
    expect(staged).toMatchObject({ status: 'awaiting', preview: { rows: 600, valid: 600 } });
    expect(staged.preview.asConfirmed.confirmed).toBe(600);
    expect(staged.preview.optIn.invited).toBe(600);
    expect((await subscribers.pageAll('default', {})).items).toEqual([]);
    expect(await jobs.upload(staged.id)).toBe(CSV);

    clock.now = new Date(clock.now.getTime() + IMPORT_CONFIRM_MS + 1);
    const refused = await confirmImport(deps, staged.id, { asConfirmed: true, by: 'desk' }).catch((e) => e);
    expect(refused).toBeInstanceOf(ImportJobError);
    expect((refused as Error).message).toContain('waited more than an hour');
    expect((await jobs.get(staged.id))?.status).toBe('expired');
    expect(await jobs.upload(staged.id)).toBeNull();
    expect((await subscribers.pageAll('default', {})).items).toEqual([]);
  });

  it('a Stop written by another server stops the import at its next batch: what is not done is never written', async () => {
    const [jobs, other] = await storesFor(name);
    const clock = { now: new Date('2026-12-02T10:00:00.000Z') };
    const { deps, subscribers } = useCase(jobs, clock);
    const staged = await stageImport(deps, {
      text: CSV,
      list: 'default',
      asConfirmed: true,
      by: 'desk',
      fileName: null,
    });
    // The mark another server writes when its editor presses Stop, there before the import's first batch.
    await other.requestStop(staged.id, clock.now.toISOString());
    const { finished } = await confirmImport(deps, staged.id, { asConfirmed: true, by: 'desk' });
    const done = await finished;
    expect(done.status).toBe('stopped');
    expect(done.result).toMatchObject({ stopped: true, imported: 0, notDone: 600 });
    expect((await subscribers.pageAll('default', {})).items).toEqual([]);
    expect((await other.get(staged.id))?.status).toBe('stopped');
    expect(await other.upload(staged.id)).toBeNull();
  });

  it('a confirmed import runs to its end; old imports are removed; one whose server stopped shows as interrupted', async () => {
    const [jobs] = await storesFor(name);
    const clock = { now: new Date('2026-12-02T10:00:00.000Z') };
    const { deps, subscribers } = useCase(jobs, clock);
    const staged = await stageImport(deps, {
      text: CSV,
      list: 'default',
      asConfirmed: true,
      by: 'desk',
      fileName: null,
    });
    const done = await (await confirmImport(deps, staged.id, { asConfirmed: true, by: 'night desk' }))
      .finished;
    expect(done).toMatchObject({
      status: 'done',
      confirmedBy: 'night desk',
      result: { imported: 600, stopped: false },
    });
    expect((await subscribers.pageAll('default', { limit: 1000 })).items).toHaveLength(600);

    // A running import last heard of three minutes ago, on a server that stopped.
    const lost = job(importId(new Date(clock.now.getTime() + 1_000), 'lostlostlost'), clock.now, {
      status: 'running',
      updatedAt: new Date(clock.now.getTime() - IMPORT_STALE_MS - 60_000).toISOString(),
    });
    await jobs.create(lost, CSV);
    expect((await importView(deps, lost.id))?.interrupted).toBe(true);

    // Eight days on, a new upload: the old ones are gone, the new one is listed.
    clock.now = new Date(clock.now.getTime() + IMPORT_KEPT_MS + 86_400_000);
    const fresh = await stageImport(deps, {
      text: CSV,
      list: 'default',
      asConfirmed: false,
      by: 'desk',
      fileName: null,
    });
    expect((await recentImports(deps, 10)).map((v) => v.job.id)).toEqual([fresh.id]);
    expect(await jobs.get(staged.id)).toBeNull();
    expect(await jobs.upload(lost.id)).toBeNull();
  });

  it('an interrupted import has its upload dropped while its record is still kept', async () => {
    const [jobs] = await storesFor(name);
    const clock = { now: new Date('2026-12-02T10:00:00.000Z') };
    const { deps } = useCase(jobs, clock);
    const lost = job(importId(clock.now, 'lostlostlost'), clock.now, {
      status: 'running',
      updatedAt: new Date(clock.now.getTime() - IMPORT_STALE_MS - 1).toISOString(),
    });
    await jobs.create(lost, CSV);
    const listed = await recentImports(deps, 10);
    expect(listed.map((v) => [v.job.id, v.interrupted])).toEqual([[lost.id, true]]);
    expect(await jobs.upload(lost.id)).toBeNull();
    expect(await jobs.get(lost.id)).not.toBeNull();
  });
});
