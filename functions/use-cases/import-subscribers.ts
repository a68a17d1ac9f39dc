/**
 * CSV import of subscribers: validate every row first (rejections reported with their line), then
 * write in batches with a progress bar on stderr.
 *
 * A `status` column is the file's own record of consent (our export writes it), and it wins:
 * - `confirmed` rows are imported confirmed, with the file's consent columns;
 * - `pending` rows stay pending and are not mailed (an import never starts an opt-in for someone who
 *   already has a status; `digest subscribers add` sends a new confirmation);
 * - `unsubscribed` rows are recorded as unsubscribed, and an opt-out in the file is applied to a
 *   subscriber already on the list;
 * - `bounced` and `complained` rows, and a `suppressed` cell naming reasons, suppress the address.
 * `--confirmed` applies only to rows without a status; without it such a row gets the double opt-in mail, unless
 * the rate limit (one confirmation mail per address per 10 minutes, whatever the list) holds it back: then the
 * record is written pending without a mail, and the row is counted `notInvited` and reported to `onNotInvited`,
 * never as invited. Nothing sends that mail later (no job looks for pending records without one, and importing
 * the row again finds it on the list): `digest subscribers add` sends it once the 10 minutes are over.
 * An import never adds back or changes anyone who unsubscribed from the list or is suppressed.
 *
 * One use case for `digest subscribers import` and the console's import: it reaches the store, the
 * clock and the confirmation mail through ports, and reports progress and rejected rows to its caller.
 */
import { isIP } from 'node:net';
import { CsvTooBrokenError, readCsv } from '../core/csv.js';
import { describeEmailRejection, maskEmail, normalizeEmail } from '../core/email-address.js';
import {
  CONFIRMATION_RESEND_MS,
  importConsent,
  importedSubscriber,
  MAX_WRITE_ATTEMPTS,
  optedOut,
  type SubscriptionDeps,
  subscribeIfNew,
  topicsSchema,
} from '../core/subscription.js';
import { decodeUndeclared } from '../core/text-decoding.js';
import { canonicalTimeZone } from '../core/time-zone.js';
import type { Clock } from '../ports/clock.js';
import type { ImportPreview, PlannedCounts } from '../ports/import-jobs.js';
import type {
  ConditionalWrite,
  Consent,
  Subscriber,
  SubscriberStatus,
  SubscriberStore,
  SuppressionReason,
} from '../ports/subscriber-store.js';

export type { ImportPreview, PlannedCounts } from '../ports/import-jobs.js';

/** Records written per batch (each batch is checked against the suppression list right before it is written). */
export const IMPORT_WRITE_CHUNK = 250;
const PRINTABLE_RE = /[^\x20-\x7e]/g;
const CONTROL_RE = /[\x00-\x1f\x7f]/;
/** A NUL character: no text file has one (a binary file, or UTF-16 without its byte-order mark). */
const NUL_RE = /\0/;
const CONTROL_CHARS_RE = /[\x00-\x1f\x7f]/g;
/** Header cells named in the refusal of a header without an email column, and how much of each. */
const HEADER_CELLS_SHOWN = 6;
const HEADER_CELL_CHARS = 40;
const ISO_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const MAX_CONSENT_METHOD = 64;
const MAX_USER_AGENT = 512;
/** How long the rate limit holds back a second opt-in mail to one address. */
export const OPT_IN_WAIT_MINUTES = CONFIRMATION_RESEND_MS / 60_000;
const NOT_INVITED_REASON =
  `not sent the opt-in mail: the rate limit allows one per address every ${OPT_IN_WAIT_MINUTES} minutes ` +
  'and one went to this address lately; the record is pending without one';

/** The statuses a row may carry, and what each means here. */
const ROW_STATUSES = {
  confirmed: { status: 'confirmed', suppress: null },
  pending: { status: 'pending', suppress: null },
  unsubscribed: { status: 'unsubscribed', suppress: null },
  bounced: { status: null, suppress: 'bounce' },
  complained: { status: null, suppress: 'complaint' },
} as const satisfies Record<string, { status: SubscriberStatus | null; suppress: SuppressionReason | null }>;
type RowStatus = keyof typeof ROW_STATUSES;
const SUPPRESSION_REASONS: readonly SuppressionReason[] = ['bounce', 'complaint', 'manual'];

/**
 * The text of an uploaded or read CSV file. Spreadsheets do not always write UTF-8: a byte-order mark
 * says UTF-16 (LE or BE; Excel's "Unicode Text", many exports); bytes that are not valid UTF-8 are the
 * Windows code page (Excel's "CSV (Comma delimited)" in western locales), read as Windows-1252 as
 * browsers do. Valid UTF-8 (with or without its byte-order mark, which reading skips) is UTF-8.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return decodeUndeclared(bytes);
}

/** A file that cannot be imported at all (no header, no email column, not CSV): its message is fit to show. */
export class SubscriberImportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SubscriberImportError';
  }
}

/** Rows written so far, for a progress bar (the CLI's) or a progress line (the console's). */
export interface ImportProgress {
  update(done: number, total: number, failed?: number): void;
  stop(): void;
}

const noProgress: ImportProgress = { update() {}, stop() {} };

export interface ImportSubscribersDeps {
  subscribers: SubscriberStore;
  clock: Clock;
  /** The store and the confirmation mail, for rows that get the double opt-in mail (read only when one does). */
  subscription(): SubscriptionDeps;
}

export interface ImportOptions {
  text: string;
  list: string;
  /** Consent collected elsewhere: rows without a status are imported confirmed. */
  confirmed: boolean;
  /** Rows written so far; false or absent for none. */
  progress?: ImportProgress | false;
  /**
   * The file's data rows, as soon as it is read: the records csv-parse reads (a quoted line break inside a cell
   * starts no row), malformed ones included. The report's `rows`; called before anything is written.
   */
  onRows?(rows: number): void;
  onRejected(line: number, reason: string): void;
  /**
   * A row written pending whose opt-in mail was not sent (the rate limit), with why and the row's address (the
   * console names it, for the editor to add again): counted in `notInvited`.
   */
  onNotInvited?(line: number, reason: string, email: string): void;
  /**
   * Asked before each batch of writes and before each opt-in mail (the console's Stop): true stops the import there.
   * The rows done stay done; the rest are neither written nor mailed (`notDone`), and the report says `stopped`.
   */
  shouldStop?(): boolean | Promise<boolean>;
}

export interface ImportReport {
  rows: number;
  /** Rows written: confirmed, pending, unsubscribed, or sent the opt-in mail. */
  imported: number;
  confirmed: number;
  /** Rows with status `pending`, kept pending without a mail. */
  pending: number;
  /** Rows without a status that were sent the double opt-in mail. */
  invited: number;
  /**
   * Rows without a status written pending but not sent the opt-in mail: one went to the address less than 10
   * minutes earlier (the rate limit). Counted in `imported`; nothing sends the mail later.
   */
  notInvited: number;
  /** Opt-outs recorded (new rows, or applied to a subscriber already on the list). */
  unsubscribed: number;
  /** Addresses the import added to the suppression list. */
  suppressedNow: number;
  skipped: number;
  skippedExisting: number;
  skippedUnsubscribed: number;
  skippedSuppressed: number;
  rejected: number;
  /** The import was stopped (`shouldStop`) before it had dealt with every row. */
  stopped: boolean;
  /** Rows it meant to write or mail and did not reach, because it was stopped: neither written nor mailed. */
  notDone: number;
}

interface ValidRow {
  line: number;
  email: string;
  /** The status the row gives its record; null when it gives none (no status, or bounced/complained). */
  status: SubscriberStatus | null;
  /** The row has a status cell: `--confirmed` does not apply to it. */
  statusGiven: boolean;
  suppress: SuppressionReason[];
  topics: string[];
  timezone: string | null;
  createdAt: string | null;
  consent: Consent | null;
}

type Columns = Record<
  | 'email'
  | 'status'
  | 'suppressed'
  | 'topics'
  | 'timezone'
  | 'created_at'
  | 'consent_at'
  | 'consent_method'
  | 'consent_ip'
  | 'consent_user_agent',
  number
>;

/** The file read and checked, and the list as it stands: what the preview and the import both start from. */
interface ReadImport {
  rows: number;
  valid: ValidRow[];
  /** Malformed records and invalid rows, in line order. */
  rejections: { line: number; reason: string }[];
  /** The list's records, by lower-cased address. */
  existing: Map<string, Subscriber>;
  /** The valid rows' addresses that are suppressed. */
  suppressed: Set<string>;
}

/**
 * Reads the file (throws SubscriberImportError when it cannot be read at all), checks every row, and reads the list
 * and the suppression list: reads only, nothing is written or sent.
 */
async function readImport(
  deps: Pick<ImportSubscribersDeps, 'subscribers'>,
  options: Pick<ImportOptions, 'text' | 'list' | 'onRows'>,
): Promise<ReadImport> {
  if (NUL_RE.test(options.text))
    throw new SubscriberImportError(
      'the file is not text (it contains NUL bytes): save it as CSV, in UTF-8 or in UTF-16 with its byte-order mark',
    );
  let reading: ReturnType<typeof readCsv>;
  try {
    reading = readCsv(options.text);
  } catch (error) {
    if (error instanceof CsvTooBrokenError) throw new SubscriberImportError(error.message, { cause: error });
    throw error;
  }
  const { records } = reading;
  const header = records.shift();
  const brokenHeader = reading.problems.find((p) => !header || p.line < header.line);
  if (brokenHeader)
    throw new SubscriberImportError(
      `line ${brokenHeader.line}: the header row is malformed: ${brokenHeader.reason}`,
    );
  if (!header)
    throw new SubscriberImportError('the file is empty: a header row with an email column is required');
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const at = (name: keyof Columns) => names.indexOf(name);
  const columns: Columns = {
    email: at('email'),
    status: at('status'),
    suppressed: at('suppressed'),
    topics: at('topics'),
    timezone: at('timezone'),
    created_at: at('created_at'),
    consent_at: at('consent_at'),
    consent_method: at('consent_method'),
    consent_ip: at('consent_ip'),
    consent_user_agent: at('consent_user_agent'),
  };
  if (columns.email < 0)
    throw new SubscriberImportError(
      `line ${header.line}: the header row has no "email" column (its columns: ${describeHeader(header.cells)})`,
    );

  const rows = records.length + reading.problems.length;
  options.onRows?.(rows);
  const rejections = [...reading.problems];
  const valid: ValidRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of records) {
    const row = validateRow(cells, names.length, columns);
    if (typeof row === 'string') {
      rejections.push({ line, reason: row });
      continue;
    }
    const key = row.email.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      rejections.push({ line, reason: `duplicate of line ${first} (${maskEmail(row.email)})` });
      continue;
    }
    seen.set(key, line);
    valid.push({ ...row, line });
  }
  rejections.sort((a, b) => a.line - b.line);

  // What the list already holds, and who must never be mailed.
  const existing = new Map<string, Subscriber>();
  let cursor: string | null = null;
  do {
    const page = await deps.subscribers.pageAll(options.list, { cursor, limit: 1000 });
    for (const s of page.items) existing.set(s.email.toLowerCase(), s);
    cursor = page.next;
  } while (cursor);
  const suppressed = await deps.subscribers.suppressedAmong(valid.map((r) => r.email));
  return { rows, valid, rejections, existing, suppressed };
}

/**
 * A header row's cells as the refusal names them, so that a file with its address column called something else
 * ("Email Address") says so: the first few, each cut short and with its control characters shown as `?`.
 */
function describeHeader(cells: readonly string[]): string {
  const shown = cells.slice(0, HEADER_CELLS_SHOWN).map((cell) => {
    const clean = cell.trim().replace(CONTROL_CHARS_RE, '?');
    return JSON.stringify(
      clean.length > HEADER_CELL_CHARS ? `${clean.slice(0, HEADER_CELL_CHARS - 1)}…` : clean,
    );
  });
  const more = cells.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** What the import will do with each valid row, decided from the file and the list as read. */
interface Plan {
  toSuppress: ValidRow[];
  toWrite: PlannedWrite[];
  toInvite: ValidRow[];
  skippedExisting: number;
  skippedUnsubscribed: number;
  skippedSuppressed: number;
}

function planImport(
  read: ReadImport,
  options: Pick<ImportOptions, 'confirmed' | 'list'>,
  stamp: string,
): Plan {
  const plan: Plan = {
    toSuppress: [],
    toWrite: [],
    toInvite: [],
    skippedExisting: 0,
    skippedUnsubscribed: 0,
    skippedSuppressed: 0,
  };
  for (const row of read.valid) {
    if (read.suppressed.has(row.email)) {
      plan.skippedSuppressed++;
      continue;
    }
    if (row.suppress.length > 0) plan.toSuppress.push(row);
    const current = read.existing.get(row.email.toLowerCase()) ?? null;
    const decision = decide(row, current, false, options, stamp);
    if (decision.kind === 'skip') plan[decision.counter]++;
    else if (decision.kind === 'write') plan.toWrite.push({ row, write: decision.write, attempts: 1 });
    else if (decision.kind === 'invite') plan.toInvite.push(row);
  }
  return plan;
}

/** Rejected rows a preview names; the count covers all of them. */
export const PREVIEW_REJECTIONS = 100;

/**
 * What importing `text` into the list would do, both ways of deciding the rows without a status: reads the file,
 * the list and the suppression list, and writes and sends nothing. Throws SubscriberImportError as the import does.
 * The import itself reads and decides everything again when it runs (the list may have changed meanwhile).
 */
export async function previewImport(
  deps: Pick<ImportSubscribersDeps, 'subscribers' | 'clock'>,
  options: Pick<ImportOptions, 'text' | 'list'>,
): Promise<ImportPreview> {
  const read = await readImport(deps, options);
  const stamp = deps.clock.now().toISOString();
  const counts = (confirmed: boolean): PlannedCounts => {
    const plan = planImport(read, { confirmed, list: options.list }, stamp);
    const by = (status: SubscriberStatus) =>
      plan.toWrite.filter((p) => p.write.subscriber.status === status).length;
    return {
      confirmed: by('confirmed'),
      pending: by('pending'),
      unsubscribed: by('unsubscribed'),
      invited: plan.toInvite.length,
      suppressed: plan.toSuppress.length,
      skippedExisting: plan.skippedExisting,
      skippedUnsubscribed: plan.skippedUnsubscribed,
      skippedSuppressed: plan.skippedSuppressed,
    };
  };
  return {
    rows: read.rows,
    valid: read.valid.length,
    rejected: read.rejections.length,
    rejections: read.rejections.slice(0, PREVIEW_REJECTIONS),
    withoutStatus: read.valid.filter((r) => !r.statusGiven).length,
    optIn: counts(false),
    asConfirmed: counts(true),
  };
}

/** Imports a CSV into a list. Throws SubscriberImportError when the file as a whole cannot be read. */
export async function importSubscribers(
  deps: ImportSubscribersDeps,
  options: ImportOptions,
): Promise<ImportReport> {
  const read = await readImport(deps, options);
  const report: ImportReport = {
    rows: read.rows,
    imported: 0,
    confirmed: 0,
    pending: 0,
    invited: 0,
    notInvited: 0,
    unsubscribed: 0,
    suppressedNow: 0,
    skipped: 0,
    skippedExisting: 0,
    skippedUnsubscribed: 0,
    skippedSuppressed: 0,
    rejected: 0,
    stopped: false,
    notDone: 0,
  };
  const reject = (line: number, reason: string) => {
    report.rejected++;
    options.onRejected(line, reason);
  };
  for (const { line, reason } of read.rejections) reject(line, reason);

  const now = deps.clock.now();
  const stamp = now.toISOString();
  const plan = planImport(read, options, stamp);
  report.skippedExisting = plan.skippedExisting;
  report.skippedUnsubscribed = plan.skippedUnsubscribed;
  report.skippedSuppressed = plan.skippedSuppressed;
  const { toSuppress, toInvite } = plan;
  let toWrite = plan.toWrite;

  const bar = options.progress || noProgress;
  // Rows refused here count as failed in the progress line; those refused while parsing do not.
  const rejectedBefore = report.rejected;
  let total = toWrite.length + toInvite.length;
  const tick = () => {
    const failed = report.rejected - rejectedBefore;
    bar.update(report.imported + failed, total, failed);
  };
  /** A row planned to be written or invited that is decided again, and now skipped. */
  const skipPlanned = (counter: SkipCounter | 'skippedSuppressed') => {
    report[counter]++;
    total--;
    tick();
  };
  /** Asked to stop (the console's Stop): the rows not reached yet are neither written nor mailed. */
  const stopNow = async (): Promise<boolean> => {
    if (report.stopped) return true;
    if (options.shouldStop && (await options.shouldStop())) report.stopped = true;
    return report.stopped;
  };
  tick();
  // The addresses this import suppresses itself: their records are written all the same (an export's
  // suppressed subscriber reads back as it was written).
  const suppressedByFile = new Set(toSuppress.map((row) => row.email));
  const written = new Set(toWrite.map((p) => p.row.email));
  try {
    // Suppressions first: an address that bounced is never mailed, whatever else the row says.
    for (const [k, row] of toSuppress.entries()) {
      if (await stopNow()) {
        // A row only suppressed is not done; one also to be written is counted with the writes below.
        report.notDone += toSuppress.slice(k).filter((r) => !written.has(r.email)).length;
        break;
      }
      for (const reason of row.suppress) await deps.subscribers.suppress(row.email, reason, stamp);
      report.suppressedNow++;
    }
    // Each record is written only if it is still as it was read: a row whose record changed meanwhile (the
    // person unsubscribed, confirmed, was forgotten) is read again and decided again, with the same rules.
    while (toWrite.length > 0) {
      const again: PlannedWrite[] = [];
      for (let i = 0; i < toWrite.length; i += IMPORT_WRITE_CHUNK) {
        if (await stopNow()) {
          report.notDone += toWrite.length - i + again.length;
          again.length = 0;
          break;
        }
        // The suppression list read at the start is minutes old by now in a long import: a bounce or a complaint
        // recorded since then is honoured by reading it again, one batched read per chunk, right before the chunk
        // is written. (DynamoDB cannot make one conditional write depend on another item without a transaction,
        // which costs twice and which dynalite lacks; the window left is one chunk's writes.)
        const unchecked = toWrite.slice(i, i + IMPORT_WRITE_CHUNK);
        const lately = await deps.subscribers.suppressedAmong(
          unchecked.map((p) => p.row.email).filter((email) => !suppressedByFile.has(email)),
        );
        const chunk = unchecked.filter((p) => !lately.has(p.row.email));
        for (let n = unchecked.length - chunk.length; n > 0; n--) skipPlanned('skippedSuppressed');
        const refused = new Set(await deps.subscribers.putManyIfUnchanged(chunk.map((p) => p.write)));
        for (const planned of chunk) {
          if (refused.has(planned.write)) continue;
          report[planned.write.subscriber.status]++;
          report.imported++;
        }
        tick();
        for (const planned of chunk) {
          if (!refused.has(planned.write)) continue;
          const { row } = planned;
          if (planned.attempts >= MAX_WRITE_ATTEMPTS) {
            total--;
            reject(row.line, `${maskEmail(row.email)} kept changing during the import; not imported`);
            tick();
            continue;
          }
          const current = await deps.subscribers.get(options.list, row.email);
          const decision = decide(row, current, true, options, stamp);
          if (decision.kind === 'write')
            again.push({ row, write: decision.write, attempts: planned.attempts + 1 });
          else if (decision.kind === 'skip') skipPlanned(decision.counter);
          // A planned write never becomes an invitation: the row's target status does not change.
        }
      }
      toWrite = again;
    }
    // Rows without a status, without --confirmed: the double opt-in mail, one at a time, only to an address
    // still not on the list (one that subscribed meanwhile is decided again).
    const subscriberDeps = toInvite.length > 0 && !report.stopped ? deps.subscription() : null;
    for (const [k, row] of toInvite.entries()) {
      if (await stopNow()) {
        report.notDone += toInvite.length - k;
        break;
      }
      const result = await subscribeIfNew(
        subscriberDeps!,
        {
          email: row.email,
          list: options.list,
          topics: row.topics,
          timezone: row.timezone,
          method: 'import',
          ip: null,
          userAgent: null,
        },
        deps.clock.now(),
      );
      if (result.kind === 'on-list') {
        const decision = decide(row, result.subscriber, true, options, stamp);
        // Without a status or --confirmed, a row never changes a record on the list.
        skipPlanned(decision.kind === 'skip' ? decision.counter : 'skippedExisting');
        continue;
      }
      if (result.kind === 'accepted' && result.action === 'suppressed') {
        // Suppressed since the import read the suppression list: no record and no mail.
        skipPlanned('skippedSuppressed');
        continue;
      }
      if (result.kind === 'accepted' && result.action === 'rate-limited') {
        // Written pending, but no mail went out.
        report.imported++;
        report.notInvited++;
        options.onNotInvited?.(row.line, NOT_INVITED_REASON, row.email);
      } else if (result.kind === 'accepted') {
        report.imported++;
        report.invited++;
      } else reject(row.line, result.message);
      tick();
    }
  } finally {
    bar.stop();
  }
  report.skipped = report.skippedExisting + report.skippedUnsubscribed + report.skippedSuppressed;
  return report;
}

type SkipCounter = 'skippedExisting' | 'skippedUnsubscribed';

/** A record the import means to write: its row, the conditional write, and how many times it was decided. */
interface PlannedWrite {
  row: ValidRow;
  write: ConditionalWrite;
  attempts: number;
}

type Decision =
  | { kind: 'write'; write: ConditionalWrite }
  | { kind: 'invite' }
  | { kind: 'skip'; counter: SkipCounter }
  | { kind: 'nothing' };

/**
 * What a (not suppressed) row does to the list, given the record it holds for the address (null: none).
 * `readAgain`: the record is a second read, after the first one found it changed; a record that was there and
 * is gone now was removed or forgotten meanwhile, and an import does not add it back.
 */
function decide(
  row: ValidRow,
  current: Subscriber | null,
  readAgain: boolean,
  options: Pick<ImportOptions, 'confirmed' | 'list'>,
  stamp: string,
): Decision {
  const target = row.statusGiven ? row.status : options.confirmed ? 'confirmed' : null;
  // Who unsubscribed, or was removed or forgotten while the import ran, is never added back: the rule of every
  // operator's add (core/subscription optedOut). A record gone since the first read counts for a row that would
  // write one; the others are read again only when a record is there.
  if (optedOut(current, readAgain && target !== null))
    return { kind: 'skip', counter: 'skippedUnsubscribed' };
  if (target === null) {
    if (row.statusGiven) return { kind: 'nothing' }; // bounced or complained: suppressed, nobody to invite
    return current ? { kind: 'skip', counter: 'skippedExisting' } : { kind: 'invite' };
  }
  // Only an opt-out changes a subscriber already on the list; a pending one may also be confirmed.
  const changes =
    !current || target === 'unsubscribed' || (target === 'confirmed' && current.status === 'pending');
  if (!changes) return { kind: 'skip', counter: 'skippedExisting' };
  return {
    kind: 'write',
    write: { subscriber: recordOf(row, target, current ?? undefined, options.list, stamp), read: current },
  };
}

function recordOf(
  row: ValidRow,
  status: SubscriberStatus,
  current: Subscriber | undefined,
  list: string,
  stamp: string,
): Subscriber {
  if (current) {
    // An opt-out or a confirmation applied to a subscriber already on the list: the rest of the record stays.
    const consent = status === 'confirmed' ? (row.consent ?? importConsent(stamp)) : current.consent;
    return { ...current, status, consent, updatedAt: stamp };
  }
  return importedSubscriber(row.email, list, stamp, {
    status,
    topics: row.topics,
    timezone: row.timezone,
    consent: row.consent,
    createdAt: row.createdAt,
  });
}

/** One data row: the fields it holds, or why it is refused. */
function validateRow(cells: string[], width: number, columns: Columns): Omit<ValidRow, 'line'> | string {
  if (cells.length > width) return `${cells.length} cells, but the header has ${width}`;
  const cell = (at: number) => (at >= 0 ? (cells[at] ?? '').trim() : '');

  const rawEmail = columns.email >= 0 ? (cells[columns.email] ?? '') : '';
  const address = normalizeEmail(rawEmail);
  if (!address.ok)
    return `invalid email ${printable(maskEmail(rawEmail.trim()))}: ${describeEmailRejection(address.reason)}`;

  const rawStatus = cell(columns.status).toLowerCase();
  let status: SubscriberStatus | null = null;
  const suppress = new Set<SuppressionReason>();
  if (rawStatus) {
    if (!Object.hasOwn(ROW_STATUSES, rawStatus))
      return `unknown status ${JSON.stringify(printable(rawStatus.slice(0, 32)))} (expected ${Object.keys(ROW_STATUSES).join(', ')} or empty)`;
    const meaning = ROW_STATUSES[rawStatus as RowStatus];
    status = meaning.status;
    if (meaning.suppress) suppress.add(meaning.suppress);
  }
  const rawSuppressed = cell(columns.suppressed).toLowerCase();
  if (rawSuppressed === 'yes' || rawSuppressed === 'true') suppress.add('manual');
  else if (rawSuppressed && rawSuppressed !== 'no' && rawSuppressed !== 'false') {
    for (const reason of rawSuppressed.split(';').map((r) => r.trim())) {
      if (!SUPPRESSION_REASONS.includes(reason as SuppressionReason))
        return `unknown suppression reason ${JSON.stringify(printable(reason.slice(0, 32)))} (expected no, yes, or ${SUPPRESSION_REASONS.join(';')})`;
      suppress.add(reason as SuppressionReason);
    }
  }

  const topics = topicsSchema.safeParse(
    cell(columns.topics)
      .split(';')
      .map((t) => t.trim())
      .filter(Boolean),
  );
  if (!topics.success) return `invalid topics: ${topics.error.issues[0]?.message}`;
  const rawZone = cell(columns.timezone);
  const timezone = rawZone ? canonicalTimeZone(rawZone) : null;
  if (rawZone && !timezone)
    return `unknown time zone ${JSON.stringify(printable(rawZone.slice(0, 64)))} (expected an IANA name like Europe/Paris)`;

  const createdAt = isoTime(cell(columns.created_at));
  if (createdAt === undefined)
    return `created_at: not an ISO 8601 time (${describeBadTime(cell(columns.created_at))})`;
  const consent = consentOf(cells, columns);
  if (typeof consent === 'string') return consent;
  return {
    email: address.email,
    status,
    statusGiven: rawStatus !== '',
    suppress: [...suppress],
    topics: topics.data,
    timezone,
    createdAt,
    consent,
  };
}

/** The row's consent columns; null when it has none. */
function consentOf(cells: string[], columns: Columns): Consent | null | string {
  const cell = (at: number) => (at >= 0 ? (cells[at] ?? '').trim() : '');
  const rawAt = cell(columns.consent_at);
  const method = cell(columns.consent_method);
  const ip = cell(columns.consent_ip);
  const userAgent = cell(columns.consent_user_agent);
  if (!rawAt && !method && !ip && !userAgent) return null;
  const consentAt = isoTime(rawAt);
  if (consentAt === undefined) return `consent_at: not an ISO 8601 time (${describeBadTime(rawAt)})`;
  if (consentAt === null) return 'consent_at: required when the row has other consent columns';
  if (method.length > MAX_CONSENT_METHOD || CONTROL_RE.test(method))
    return `consent_method: at most ${MAX_CONSENT_METHOD} characters, no control characters`;
  if (ip && isIP(ip) === 0) return `consent_ip: not an IP address (${printable(ip.slice(0, 45))})`;
  if (userAgent.length > MAX_USER_AGENT || CONTROL_RE.test(userAgent))
    return `consent_user_agent: at most ${MAX_USER_AGENT} characters, no control characters`;
  return { at: consentAt, method: method || 'import', ip: ip || null, userAgent: userAgent || null };
}

/** An ISO 8601 time normalised to UTC, null for an empty cell, undefined when it is not one. */
function isoTime(text: string): string | null | undefined {
  if (!text) return null;
  if (!ISO_TIME_RE.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function describeBadTime(text: string): string {
  return `${JSON.stringify(printable(text.slice(0, 40)))}; expected e.g. 2026-01-31T09:00:00Z`;
}

function printable(text: string): string {
  return text.replace(PRINTABLE_RE, '?');
}
