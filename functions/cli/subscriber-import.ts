/**
 * CSV import of subscribers: validate every row first (rejections reported with their line), then
 * write in batches with a progress bar on stderr. Nobody who unsubscribed or is suppressed is added
 * back by an import.
 */
import { describeEmailRejection, maskEmail, normalizeEmail } from '../core/email-address.js';
import { subscribe, topicsSchema } from '../core/subscription.js';
import { canonicalTimeZone } from '../core/time-zone.js';
import type { Subscriber } from '../ports/subscriber-store.js';
import { CliError } from './cli-error.js';
import { parseCsv } from './csv.js';
import type { LocalDeps } from './local-deps.js';
import { noProgress, type Progress } from './progress.js';

const WRITE_CHUNK = 250;
const PRINTABLE_RE = /[^\x20-\x7e]/g;

export interface ImportOptions {
  text: string;
  list: string;
  confirmed: boolean;
  /** Rows written so far (cli/progress.ts); false or absent for none. */
  progress?: Progress | false;
  onRejected(line: number, reason: string): void;
}

export interface ImportReport {
  rows: number;
  imported: number;
  skipped: number;
  skippedExisting: number;
  skippedUnsubscribed: number;
  skippedSuppressed: number;
  rejected: number;
}

interface ValidRow {
  line: number;
  email: string;
  topics: string[];
  timezone: string | null;
}

export async function importSubscribers(
  deps: Pick<LocalDeps, 'subscribers' | 'clock' | 'subscriberHandlerDeps'>,
  options: ImportOptions,
): Promise<ImportReport> {
  const records = parseCsv(options.text);
  const header = records.shift();
  if (!header) throw new CliError('the file is empty: a header row with an email column is required');
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const emailAt = names.indexOf('email');
  if (emailAt < 0) throw new CliError(`line ${header.line}: the header row has no "email" column`);
  const topicsAt = names.indexOf('topics');
  const timezoneAt = names.indexOf('timezone');

  const report: ImportReport = {
    rows: records.length,
    imported: 0,
    skipped: 0,
    skippedExisting: 0,
    skippedUnsubscribed: 0,
    skippedSuppressed: 0,
    rejected: 0,
  };
  const reject = (line: number, reason: string) => {
    report.rejected++;
    options.onRejected(line, reason);
  };

  const valid: ValidRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of records) {
    if (cells.length > names.length) {
      reject(line, `${cells.length} cells, but the header has ${names.length}`);
      continue;
    }
    const rawEmail = cells[emailAt] ?? '';
    const address = normalizeEmail(rawEmail);
    if (!address.ok) {
      reject(
        line,
        `invalid email ${printable(maskEmail(rawEmail.trim()))}: ${describeEmailRejection(address.reason)}`,
      );
      continue;
    }
    const email = address.email;
    const first = seen.get(email.toLowerCase());
    if (first !== undefined) {
      reject(line, `duplicate of line ${first} (${maskEmail(email)})`);
      continue;
    }
    const rawTopics =
      topicsAt >= 0
        ? (cells[topicsAt] ?? '')
            .split(';')
            .map((t) => t.trim())
            .filter(Boolean)
        : [];
    const topics = topicsSchema.safeParse(rawTopics);
    if (!topics.success) {
      reject(line, `invalid topics: ${topics.error.issues[0]?.message}`);
      continue;
    }
    const rawZone = timezoneAt >= 0 ? (cells[timezoneAt] ?? '').trim() : '';
    const timezone = rawZone ? canonicalTimeZone(rawZone) : null;
    if (rawZone && !timezone) {
      reject(
        line,
        `unknown time zone ${JSON.stringify(printable(rawZone.slice(0, 64)))} (expected an IANA name like Europe/Paris)`,
      );
      continue;
    }
    seen.set(email.toLowerCase(), line);
    valid.push({ line, email, topics: topics.data, timezone });
  }

  // What the list already holds, and who must never be mailed.
  const existing = new Map<string, Subscriber>();
  let cursor: string | null = null;
  do {
    const page = await deps.subscribers.pageAll(options.list, { cursor, limit: 1000 });
    for (const s of page.items) existing.set(s.email, s);
    cursor = page.next;
  } while (cursor);
  const suppressed = await deps.subscribers.suppressedAmong(valid.map((r) => r.email));

  const todo: ValidRow[] = [];
  for (const row of valid) {
    const current = existing.get(row.email);
    if (suppressed.has(row.email)) report.skippedSuppressed++;
    else if (current?.status === 'unsubscribed') report.skippedUnsubscribed++;
    else if (current && (current.status === 'confirmed' || !options.confirmed)) report.skippedExisting++;
    else todo.push(row);
  }
  report.skipped = report.skippedExisting + report.skippedUnsubscribed + report.skippedSuppressed;

  const bar = options.progress || noProgress;
  // Rows refused here count as failed in the progress line; those refused while parsing do not.
  const rejectedBefore = report.rejected;
  const tick = () => {
    const failed = report.rejected - rejectedBefore;
    bar.update(report.imported + failed, todo.length, failed);
  };
  tick();
  try {
    const now = deps.clock.now();
    const at = now.toISOString();
    if (options.confirmed) {
      for (let i = 0; i < todo.length; i += WRITE_CHUNK) {
        const chunk = todo.slice(i, i + WRITE_CHUNK).map(
          (row): Subscriber => ({
            email: row.email,
            list: options.list,
            status: 'confirmed',
            topics: row.topics,
            timezone: row.timezone,
            consent: { at, method: 'import', ip: null, userAgent: null },
            createdAt: existing.get(row.email)?.createdAt ?? at,
            updatedAt: at,
            confirmationSentAt: existing.get(row.email)?.confirmationSentAt ?? null,
          }),
        );
        await deps.subscribers.putMany(chunk);
        report.imported += chunk.length;
        tick();
      }
    } else {
      // Without --confirmed every new address gets the double opt-in mail, one at a time.
      const subscriberDeps = deps.subscriberHandlerDeps();
      for (const row of todo) {
        const result = await subscribe(
          subscriberDeps,
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
        if (result.kind === 'accepted') report.imported++;
        else reject(row.line, result.message);
        tick();
      }
    }
  } finally {
    bar.stop();
  }
  return report;
}

function printable(text: string): string {
  return text.replace(PRINTABLE_RE, '?');
}
