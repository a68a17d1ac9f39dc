/**
 * The console's subscriber imports, kept where every server of the console reads them (files under the data dir
 * locally, the archive bucket under `imports/` in AWS): each import's record (what the upload holds, whether it was
 * confirmed, its progress and its report), the uploaded CSV until it is imported or dropped, and the request to stop
 * a running one. Written by use-cases/console-imports.ts; adapters/file-import-jobs.ts, adapters/s3-import-jobs.ts.
 */

/** What an import would do, one way of deciding the rows without a status (the consent box unticked or ticked). */
export interface PlannedCounts {
  /** Records to write, by the status they get (new ones, and changes to records on the list). */
  confirmed: number;
  pending: number;
  unsubscribed: number;
  /** New addresses to be sent the opt-in mail (the rate limit may hold a few back when it runs). */
  invited: number;
  /** Addresses the file suppresses (`bounced`, `complained`, a `suppressed` cell). */
  suppressed: number;
  skippedExisting: number;
  skippedUnsubscribed: number;
  skippedSuppressed: number;
}

/** What an import of a file would do, read before anything is written or sent (the console's confirm step). */
export interface ImportPreview {
  /** The file's data rows, as the CSV parser reads them. */
  rows: number;
  valid: number;
  rejected: number;
  /** The first rejected rows (at most 100: use-cases/import-subscribers.ts PREVIEW_REJECTIONS), in line order. */
  rejections: { line: number; reason: string }[];
  /** Valid rows without a status: the consent choice decides them. */
  withoutStatus: number;
  /** Without "consent was collected elsewhere": rows without a status get the opt-in mail. */
  optIn: PlannedCounts;
  /** With it: rows without a status are imported as confirmed, and nobody is mailed. */
  asConfirmed: PlannedCounts;
}

/**
 * - `awaiting`: uploaded and previewed, nothing written or sent; waits for Confirm or Cancel until `confirmBy`;
 * - `running`: confirmed, the rows are being written and mailed;
 * - `done`, `stopped` (the editor's Stop; the rows done stay done), `failed` (the file could not be imported);
 * - `cancelled` (before it started), `expired` (not confirmed in time): nothing was written or sent.
 */
export type ImportJobStatus =
  | 'awaiting'
  | 'running'
  | 'done'
  | 'stopped'
  | 'failed'
  | 'cancelled'
  | 'expired';

/** How far a running import has come. */
export interface ImportJobProgress {
  /** The file's data rows. */
  rows: number;
  /** Rows written so far. */
  imported: number;
  /** Rows dealt with so far (written, skipped or refused): `rows` once it has ended. */
  settled: number;
}

/** What an import did: use-cases/import-subscribers.ts's report, with the rows it names. */
export interface ImportJobResult {
  rows: number;
  imported: number;
  skipped: number;
  rejected: { line: number; reason: string }[];
  /** Rows sent the double opt-in mail. */
  invited: number;
  /** Rows written pending whose opt-in mail the rate limit held back: nothing sends it later. */
  notInvited: { line: number; email: string }[];
  /** Stopped by the editor before the end. */
  stopped: boolean;
  /** Rows neither written nor mailed because it was stopped. */
  notDone: number;
}

export interface ImportJob {
  /** Time-ordered and random: `20261202T100000250Z-<random>`. */
  id: string;
  list: string;
  /** The editor (the name of the key that signed in) who uploaded it, and who confirmed it. */
  by: string;
  confirmedBy: string | null;
  createdAt: string;
  /** Every write of the record; a running import writes it at least every few seconds (its heartbeat). */
  updatedAt: string;
  /** An `awaiting` upload may be confirmed until then; after that it is dropped. */
  confirmBy: string;
  fileName: string | null;
  /** "Consent was collected elsewhere": rows without a status imported as confirmed (as chosen, then as confirmed). */
  asConfirmed: boolean;
  status: ImportJobStatus;
  preview: ImportPreview;
  progress: ImportJobProgress;
  result: ImportJobResult | null;
  /** Why it failed, in words fit for the editor. */
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportJobStore {
  /** Stores a new import and its upload. */
  create(job: ImportJob, csv: string): Promise<void>;
  get(id: string): Promise<ImportJob | null>;
  /** Replaces the record (the upload and a stop request are kept apart and not touched). */
  put(job: ImportJob): Promise<void>;
  /** The uploaded CSV, or null once dropped. */
  upload(id: string): Promise<string | null>;
  /** Drops the upload (imported, cancelled, expired): the file's addresses are not kept longer than needed. */
  dropUpload(id: string): Promise<void>;
  /**
   * Asks a running import to stop: a mark apart from the record, which the import's own progress writes would
   * otherwise overwrite. Read by the import between batches and mails, on whatever server runs it.
   */
  requestStop(id: string, at: string): Promise<void>;
  stopRequested(id: string): Promise<boolean>;
  /** The most recent imports, newest first. */
  recent(limit: number): Promise<ImportJob[]>;
  /** Every import's id (oldest first: ids begin with their time). */
  ids(): Promise<string[]>;
  /** Removes an import whole: its record, upload and stop mark. */
  remove(id: string): Promise<void>;
}

const IMPORT_ID_RE = /^\d{8}T\d{9}Z-[A-Za-z0-9_-]{8,40}$/;

/** True for an id an import could have (keys and file names are built from it). */
export function isImportId(id: string): boolean {
  return IMPORT_ID_RE.test(id);
}

/**
 * A new import's id: its UTC time to the millisecond (so ids sort by time, as the listings want) and a random part.
 * @example importId(new Date('2026-12-02T10:00:00.250Z'), 'q7Rk2mZpXw4aLc9e') // '20261202T100000250Z-q7Rk2mZpXw4aLc9e'
 */
export function importId(at: Date, random: string): string {
  return `${at.toISOString().replace(/[-:.]/g, '')}-${random}`;
}

/**
 * The `limit` newest of a store's imports, newest first, from its ids (which sort oldest first) and a reader of one
 * record; a record that cannot be read (removed meanwhile, half written) is left out. Both adapters' `recent`.
 */
export async function newestImports(
  ids: readonly string[],
  get: (id: string) => Promise<ImportJob | null>,
  limit: number,
): Promise<ImportJob[]> {
  const jobs = await Promise.all(
    [...ids]
      .reverse()
      .slice(0, limit)
      .map((id) => get(id).catch(() => null)),
  );
  return jobs.filter((j): j is ImportJob => j !== null);
}
