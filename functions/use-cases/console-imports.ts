/**
 * The console's CSV import as an editor drives it, around the import use case (import-subscribers.ts, the one
 * `digest subscribers import` runs):
 *
 * 1. upload: the file is read and previewed (rows read, valid, refused; how many opt-in mails would go out, or that
 *    the rows without a status would be imported as confirmed), and kept, with nothing written or sent, for an hour;
 * 2. Confirm (or Cancel): one of the two takes the import's one-time claim, so a double click never starts two
 *    imports and a Cancel never races a Confirm; Confirm imports the kept file, read and decided again from the list
 *    as it is then;
 * 3. while it runs, Stop: the import stops before its next batch of writes or its next opt-in mail (the rows done
 *    stay done; the report says how many were not);
 * 4. every import, running or finished, stays listed for 7 days with its page.
 *
 * Everything is kept in an ImportJobStore that every server of the console reads (the data dir; the archive bucket
 * in AWS), so the import's page, its Stop and the list of imports work from any of them.
 */
import type {
  ImportJob,
  ImportJobProgress,
  ImportJobResult,
  ImportJobStore,
  ImportPreview,
} from '../ports/import-jobs.js';
import { importId } from '../ports/import-jobs.js';
import { SubscriberImportError } from './import-subscribers.js';

/** An upload waits this long for Confirm; then it is dropped (upload it again). */
export const IMPORT_CONFIRM_MS = 60 * 60_000;
/** An import's record (its page, its report) is kept this long. */
export const IMPORT_KEPT_MS = 7 * 86_400_000;
/** A running import writes its record at least this often, so that a silent one is known to have stopped. */
const HEARTBEAT_MS = 5_000;
/** A running import not heard of for this long stopped with its server (restarted; in AWS, the 30-second limit). */
export const IMPORT_STALE_MS = 2 * 60_000;
/** How often a running import reads whether it was asked to stop (the mark may be written by another server). */
const STOP_CHECK_MS = 1_000;
/** Progress is written at most this often (the page polls; the record is also the heartbeat). */
const PROGRESS_WRITE_MS = 2_000;

export interface ConsoleImportDeps {
  jobs: ImportJobStore;
  /** The one-time claim of an awaiting import: Confirm or Cancel, whichever comes first (false: taken already). */
  claim(id: string): Promise<boolean>;
  preview(request: { text: string; list: string }): Promise<ImportPreview>;
  importCsv(
    request: { text: string; list: string; confirmed: boolean },
    onProgress: (progress: ImportJobProgress) => void,
    shouldStop: () => Promise<boolean>,
  ): Promise<ImportJobResult>;
  now(): Date;
  /** A random id part (base64url). */
  random(): string;
  log?: (entry: Record<string, unknown>) => void;
}

/** Something the editor asked of an import that cannot be done; the message says why, for them. */
export class ImportJobError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409 | 422 = 409,
  ) {
    super(message);
    this.name = 'ImportJobError';
  }
}

/** An import as its page shows it: the record, with what a running one looks like from here. */
export interface ImportView {
  job: ImportJob;
  /** Running, and the editor asked it to stop: it stops at its next batch or mail. */
  stopping: boolean;
  /** The record says running, but nothing has been heard of it for IMPORT_STALE_MS: its server stopped. */
  interrupted: boolean;
}

/** The imports running in this process, with their latest progress (fresher than the stored record). */
const runningHere = new Map<string, { job: ImportJob; stop: boolean }>();

/**
 * Reads and previews an upload and keeps it for IMPORT_CONFIRM_MS, awaiting Confirm: nothing is written to the list
 * and nothing is sent. Throws SubscriberImportError when the file cannot be imported at all (no header, no email
 * column, not CSV).
 */
export async function stageImport(
  deps: ConsoleImportDeps,
  request: { text: string; list: string; asConfirmed: boolean; by: string; fileName: string | null },
): Promise<ImportJob> {
  await pruneImports(deps).catch((error: unknown) =>
    deps.log?.({ level: 'warn', route: 'admin-imports-prune', error }),
  );
  const preview = await deps.preview({ text: request.text, list: request.list });
  const now = deps.now();
  const at = now.toISOString();
  const job: ImportJob = {
    id: importId(now, deps.random()),
    list: request.list,
    by: request.by,
    confirmedBy: null,
    createdAt: at,
    updatedAt: at,
    confirmBy: new Date(now.getTime() + IMPORT_CONFIRM_MS).toISOString(),
    fileName: request.fileName,
    asConfirmed: request.asConfirmed,
    status: 'awaiting',
    preview,
    progress: { rows: preview.rows, imported: 0, settled: 0 },
    result: null,
    error: null,
    startedAt: null,
    finishedAt: null,
  };
  await deps.jobs.create(job, request.text);
  return job;
}

/**
 * Starts an awaiting import (Confirm), with the consent choice of the confirm form. Returns the import as it starts
 * and `finished`, which settles with it once it has ended (never rejects: a failure is recorded on the import).
 * Refused (ImportJobError) when it is not awaiting, has expired, or a Confirm or Cancel took it first.
 */
export async function confirmImport(
  deps: ConsoleImportDeps,
  id: string,
  request: { asConfirmed: boolean; by: string },
): Promise<{ job: ImportJob; finished: Promise<ImportJob> }> {
  const job = await awaitingImport(deps, id);
  if (!(await deps.claim(id))) throw alreadyDecided(await deps.jobs.get(id));
  const text = await deps.jobs.upload(id);
  const at = deps.now().toISOString();
  if (text === null) {
    const failed: ImportJob = {
      ...job,
      status: 'failed',
      error: 'The uploaded file is gone; upload it again.',
      updatedAt: at,
      finishedAt: at,
    };
    await deps.jobs.put(failed);
    throw new ImportJobError(failed.error as string, 409);
  }
  const running: ImportJob = {
    ...job,
    status: 'running',
    asConfirmed: request.asConfirmed,
    confirmedBy: request.by,
    startedAt: at,
    updatedAt: at,
  };
  await deps.jobs.put(running);
  return { job: running, finished: runImport(deps, running, text) };
}

/** Cancels an awaiting import: its upload is dropped, nothing was written or sent. */
export async function cancelImport(deps: ConsoleImportDeps, id: string): Promise<ImportJob> {
  const job = await awaitingImport(deps, id);
  if (!(await deps.claim(id))) throw alreadyDecided(await deps.jobs.get(id));
  const at = deps.now().toISOString();
  const cancelled: ImportJob = { ...job, status: 'cancelled', updatedAt: at, finishedAt: at };
  await deps.jobs.put(cancelled);
  await deps.jobs.dropUpload(id);
  return cancelled;
}

/**
 * Asks a running import to stop: it stops before its next batch of writes or its next opt-in mail, wherever it
 * runs. The rows done stay done. Refused when it is not running.
 */
export async function stopImport(deps: ConsoleImportDeps, id: string): Promise<void> {
  const view = await importView(deps, id);
  if (!view) throw new ImportJobError('There is no such import.', 404);
  if (view.job.status !== 'running' || view.interrupted)
    throw new ImportJobError(
      `This import is not running (${describeStatus(view)}); there is nothing to stop.`,
      409,
    );
  const here = runningHere.get(id);
  if (here) here.stop = true;
  await deps.jobs.requestStop(id, deps.now().toISOString());
}

/** An import as its page shows it, or null when there is none (never was, or removed after IMPORT_KEPT_MS). */
export async function importView(deps: ConsoleImportDeps, id: string): Promise<ImportView | null> {
  const here = runningHere.get(id);
  const job = here?.job ?? (await deps.jobs.get(id));
  if (!job) return null;
  const current = await settleExpired(deps, job);
  const running = current.status === 'running';
  return {
    job: current,
    stopping: running && (here?.stop === true || (await deps.jobs.stopRequested(id))),
    interrupted: running && !here && deps.now().getTime() - Date.parse(current.updatedAt) > IMPORT_STALE_MS,
  };
}

/** The latest imports, newest first, as the Subscribers page lists them (old ones removed, stale ones settled). */
export async function recentImports(deps: ConsoleImportDeps, limit: number): Promise<ImportView[]> {
  await pruneImports(deps).catch((error: unknown) =>
    deps.log?.({ level: 'warn', route: 'admin-imports-prune', error }),
  );
  const jobs = await deps.jobs.recent(limit);
  const views: ImportView[] = [];
  for (const job of jobs) {
    const view = await importView(deps, job.id);
    if (view) views.push(view);
  }
  return views;
}

/** In words: where an import stands. */
export function describeStatus(view: ImportView): string {
  if (view.interrupted) return 'interrupted';
  if (view.stopping) return 'stopping';
  return {
    awaiting: 'awaiting confirmation',
    running: 'running',
    done: 'done',
    stopped: 'stopped',
    failed: 'failed',
    cancelled: 'cancelled',
    expired: 'expired',
  }[view.job.status];
}

/**
 * Removes the imports older than IMPORT_KEPT_MS (their records, uploads and stop marks) and drops the uploads of
 * those awaiting past their time and of those interrupted (no import will read them).
 */
export async function pruneImports(deps: ConsoleImportDeps): Promise<void> {
  const now = deps.now();
  const oldest = importId(new Date(now.getTime() - IMPORT_KEPT_MS), '');
  for (const id of await deps.jobs.ids()) {
    if (id < oldest) {
      if (!runningHere.has(id)) await deps.jobs.remove(id);
      continue;
    }
    if (runningHere.has(id)) continue;
    const job = await deps.jobs.get(id);
    if (!job) continue;
    if (job.status === 'awaiting') await settleExpired(deps, job);
    else if (job.status === 'running' && now.getTime() - Date.parse(job.updatedAt) > IMPORT_STALE_MS)
      await deps.jobs.dropUpload(id);
  }
}

async function awaitingImport(deps: ConsoleImportDeps, id: string): Promise<ImportJob> {
  const stored = await deps.jobs.get(id);
  if (!stored) throw new ImportJobError('There is no such import (an import is kept for 7 days).', 404);
  const job = await settleExpired(deps, stored);
  if (job.status === 'expired')
    throw new ImportJobError(
      'This upload waited more than an hour for confirmation and was dropped; nothing was written or sent. Upload the file again.',
      409,
    );
  if (job.status !== 'awaiting') throw alreadyDecided(job);
  return job;
}

/** An awaiting import past its time becomes `expired`, and its upload is dropped. */
async function settleExpired(deps: ConsoleImportDeps, job: ImportJob): Promise<ImportJob> {
  if (job.status !== 'awaiting' || deps.now().toISOString() <= job.confirmBy) return job;
  const at = deps.now().toISOString();
  const expired: ImportJob = { ...job, status: 'expired', updatedAt: at, finishedAt: at };
  await deps.jobs.put(expired);
  await deps.jobs.dropUpload(job.id);
  return expired;
}

function alreadyDecided(job: ImportJob | null): ImportJobError {
  const status = job?.status ?? 'gone';
  const what =
    status === 'cancelled'
      ? 'it was cancelled'
      : status === 'awaiting'
        ? 'it is being started or cancelled right now'
        : status === 'expired'
          ? 'it expired'
          : 'it was confirmed already';
  return new ImportJobError(`This import cannot be confirmed or cancelled now: ${what}.`, 409);
}

/**
 * Runs a confirmed import to its end: progress into the record (at most every PROGRESS_WRITE_MS, and a heartbeat
 * every HEARTBEAT_MS), Stop read between batches and mails, the report recorded, the upload dropped. Never rejects.
 */
async function runImport(deps: ConsoleImportDeps, job: ImportJob, text: string): Promise<ImportJob> {
  const here = { job, stop: false };
  runningHere.set(job.id, here);
  let writing: Promise<void> = Promise.resolve();
  let lastWrite = Date.now();
  const save = (): Promise<void> => {
    here.job = { ...here.job, updatedAt: deps.now().toISOString() };
    const snapshot = here.job;
    lastWrite = Date.now();
    writing = writing
      .then(() => deps.jobs.put(snapshot))
      .catch((error: unknown) => deps.log?.({ level: 'warn', route: 'admin-import-progress', error }));
    return writing;
  };
  const heartbeat = setInterval(() => void save(), HEARTBEAT_MS);
  heartbeat.unref?.();
  let lastStopCheck = 0;
  const shouldStop = async (): Promise<boolean> => {
    if (here.stop) return true;
    if (Date.now() - lastStopCheck < STOP_CHECK_MS) return false;
    lastStopCheck = Date.now();
    here.stop = await deps.jobs.stopRequested(job.id);
    return here.stop;
  };
  try {
    const result = await deps.importCsv(
      { text, list: job.list, confirmed: job.asConfirmed },
      (progress) => {
        here.job = { ...here.job, progress };
        if (Date.now() - lastWrite >= PROGRESS_WRITE_MS) void save();
      },
      shouldStop,
    );
    here.job = {
      ...here.job,
      status: result.stopped ? 'stopped' : 'done',
      result,
      progress: { rows: result.rows, imported: result.imported, settled: result.rows },
      finishedAt: deps.now().toISOString(),
    };
  } catch (error) {
    // Only the import's own refusals (no header, no email column, not CSV) are shown as they are.
    here.job = {
      ...here.job,
      status: 'failed',
      error:
        error instanceof SubscriberImportError
          ? error.message
          : 'The import failed; the rows done so far stay done.',
      finishedAt: deps.now().toISOString(),
    };
    if (!(error instanceof SubscriberImportError))
      deps.log?.({ level: 'error', route: 'admin-import', error });
  } finally {
    clearInterval(heartbeat);
  }
  await save();
  await deps.jobs
    .dropUpload(job.id)
    .catch((error: unknown) => deps.log?.({ level: 'warn', route: 'admin-import-upload', error }));
  runningHere.delete(job.id);
  return here.job;
}
