/**
 * How `digest briefing` reports its outcome: the stdout line a person or cron log reads, notes on
 * stderr, and the one `--json` line scripts read. A source that failed is never folded into
 * "nothing new": it is named here and sets exit 3 (exit-codes.ts).
 */

import { countOf, describeCounts, describeWindow } from '../core/briefing-outcome.js';
import type { SourceReport } from '../ports/article-sources.js';
import type { WindowClaim } from '../ports/briefing-store.js';
import type { BriefingOutcome, ReadSummary } from '../use-cases/briefing.js';
import { describeConflict } from '../use-cases/story-claims.js';

/** An item of a source that could not be read (its page unreachable, binary, not an article): named, with why. */
export interface UnreadableItemJson {
  url: string | null;
  title?: string;
  error: string;
}

/**
 * One source in `--json`: `{url, ok, items, error?, unreadable?}` (the queue is `url: "queue"`); `unreadable` lists
 * the items it gave that could not be read, when there are any (`item skipped:` on stderr).
 */
export interface SourceJson {
  url: string;
  ok: boolean;
  items: number;
  error?: string;
  unreadable?: UnreadableItemJson[];
}

function reportsOf(outcome: BriefingOutcome): SourceReport[] {
  return outcome.kind === 'duplicate' ? [] : outcome.reports;
}

function readOf(outcome: BriefingOutcome): ReadSummary | null {
  return outcome.kind === 'duplicate' ? null : outcome.read;
}

/** The sources that could not be read at all (unreachable, malformed, out of time). */
export function failedSources(outcome: BriefingOutcome): SourceReport[] {
  return reportsOf(outcome).filter((r) => !r.ok);
}

function windowNote(read: ReadSummary): string {
  return `first issue: ${describeWindow(read.notBefore, read.maxItemAgeDays)}`;
}

export function outcomeLines(outcome: BriefingOutcome, list: string): { stdout: string[]; stderr: string[] } {
  const stderr: string[] = [];
  const read = readOf(outcome);
  const failed = failedSources(outcome);
  if (read && outcome.kind !== 'empty') {
    stderr.push(describeCounts(read.counts, read.maxItemAgeDays));
    if (read.firstIssue) stderr.push(windowNote(read));
  }
  if (failed.length > 0) {
    const of = read ? ` of ${read.counts.sources}` : '';
    stderr.push(
      `${countOf(failed.length, 'source')}${of} failed (exit 3): ${failed.map((r) => r.source).join(', ')}`,
    );
  }
  switch (outcome.kind) {
    case 'no-recipients':
      // Nothing sent, and someone has to act (a warning, exit-codes.ts): on stderr, as `digest forward` says whom it did
      // not send to; stdout stays for what went out.
      return { stdout: [], stderr: [...stderr, `nothing sent for ${list}: ${outcome.reason}`] };
    case 'empty': {
      const counts =
        outcome.read.counts.sources === 0
          ? `no sources (add a feed with \`digest sources add URL --list ${list}\`, pass --feed, or queue articles)`
          : outcome.reason;
      const first = outcome.read.firstIssue ? ` (${windowNote(outcome.read)})` : '';
      return { stdout: [`nothing new for ${list}: ${counts}${first}; nothing sent`], stderr };
    }
    case 'duplicate':
      return { stdout: [duplicateLine(outcome.window, outcome.existing, list)], stderr };
    case 'conflict':
      // Another run sent (or is sending) a story of this one: nothing for anyone to do, so exit 0 (exit-codes.ts).
      return {
        stdout: [
          `nothing sent for ${list}: ${describeConflict(outcome.conflict)} (another run at the same time); its other stories wait for the next briefing`,
        ],
        stderr,
      };
    case 'draft':
      return {
        stdout: [
          `draft ${outcome.issueId} "${outcome.subject}" is waiting for the editor's approval until ${outcome.deadline}`,
        ],
        stderr,
      };
    case 'sent': {
      const d = outcome.delivery;
      return {
        stdout: [
          `sent issue ${outcome.issueId} "${outcome.subject}": ${d.sent} sent, ${d.skipped} skipped, ${d.failed} failed, ${d.unknown} unknown`,
        ],
        stderr,
      };
    }
  }
}

/**
 * A window run already (one window, one issue). A window that found nothing new holds the id it would have given
 * an issue, and no issue has it: it is not named, and the line says what the run found and where what arrived
 * since goes.
 */
function duplicateLine(window: string, existing: WindowClaim, list: string): string {
  if (existing.status === 'empty') {
    const found = existing.note ? ` (${existing.note})` : '';
    return (
      `window ${window} of ${list} was run already and found nothing new${found}; nothing sent: ` +
      'one window, one issue, so what arrived since goes out in the next window (a run without --window sends it now)'
    );
  }
  return `window ${window} of ${list} already has issue ${existing.issueId} (${existing.status}); nothing sent`;
}

/** The `--json` line. */
export function outcomeJson(outcome: BriefingOutcome): Record<string, unknown> {
  const delivery =
    outcome.kind === 'sent' ? outcome.delivery : { sent: 0, skipped: 0, failed: 0, unknown: 0 };
  const read = readOf(outcome);
  const issueId =
    outcome.kind === 'sent' || outcome.kind === 'draft'
      ? outcome.issueId
      : outcome.kind === 'duplicate'
        ? outcome.existing.issueId
        : null;
  const sources: SourceJson[] = reportsOf(outcome).map((r) => ({
    url: r.source,
    ok: r.ok,
    items: r.items,
    ...(r.error ? { error: r.error } : {}),
    ...(r.failures.length > 0
      ? {
          unreadable: r.failures.map((f) => ({
            url: f.url,
            ...(f.title ? { title: f.title } : {}),
            error: f.error,
          })),
        }
      : {}),
  }));
  return {
    kind: outcome.kind,
    issueId,
    window: outcome.window,
    ...(outcome.kind === 'sent' || outcome.kind === 'draft' || outcome.kind === 'conflict'
      ? { subject: outcome.subject }
      : {}),
    ...(outcome.kind === 'draft' ? { deadline: outcome.deadline } : {}),
    ...(outcome.kind === 'empty' || outcome.kind === 'no-recipients' ? { reason: outcome.reason } : {}),
    ...(outcome.kind === 'no-recipients' ? { suppressed: outcome.suppressed } : {}),
    ...(outcome.kind === 'duplicate' ? { status: outcome.existing.status } : {}),
    ...(outcome.kind === 'conflict'
      ? {
          conflict: {
            issueId: outcome.conflict.issueId,
            sent: outcome.conflict.sent,
            title: outcome.conflict.title,
            url: outcome.conflict.url,
          },
        }
      : {}),
    ...delivery,
    ...(read
      ? {
          read: {
            items: read.counts.items,
            alreadySent: read.counts.alreadySent,
            inDraft: read.counts.inDraft,
            droppedByEditor: read.counts.droppedByEditor,
            tooOld: read.counts.tooOld,
            duplicates: read.counts.duplicates,
            unreadable: read.counts.unreadable,
          },
          maxItemAgeDays: read.maxItemAgeDays,
          notBefore: read.notBefore,
          firstIssue: read.firstIssue,
        }
      : {}),
    failedSources: sources.filter((s) => !s.ok).length,
    sources,
  };
}
