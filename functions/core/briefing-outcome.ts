/**
 * What a briefing read, in words an operator can check: how many items each source gave and
 * what became of them. "Nothing new" must never hide a failure, so a run that read nothing
 * because its sources failed says so, and every empty run gives its counts
 * (`4 items read: 3 already sent, 1 older than 7 days`); a story waiting in a draft awaiting approval is counted
 * apart ("in a pending draft"): it was not sent. Pure.
 */
import type { DropReason } from './compose.js';

/** The part of a source's report that the counts need (adapters/feed-reader's SourceReport). */
export interface SourceTally {
  ok: boolean;
  items: number;
  alreadySent: number;
  /** Items skipped because a pending draft carries them (absent: none). */
  inDraft?: number;
  /** Items skipped because an editor dropped them from an issue (absent: none). */
  droppedByEditor?: number;
  tooOld: number;
  failures: readonly unknown[];
}

export interface ReadCounts {
  sources: number;
  failedSources: number;
  items: number;
  alreadySent: number;
  /** Waiting in a draft awaiting approval: not sent yet, so not "already sent". */
  inDraft: number;
  /** Dropped from an earlier issue before it was sent: by an editor, or left out of an auto briefing as empty. */
  droppedByEditor: number;
  tooOld: number;
  duplicates: number;
  /** Items whose page could not be fetched or extracted (they stay eligible for the next run). */
  unreadable: number;
}

/**
 * "1 story", "3 stories".
 * @example countOf(1, 'story', 'stories') // '1 story'
 * @example countOf(0, 'item') // '0 items'
 */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Adds up what the sources reported (skipped before fetching) and what compose dropped. */
export function tallyRead(reports: readonly SourceTally[], dropped: readonly DropReason[]): ReadCounts {
  const sum = (f: (r: SourceTally) => number) => reports.reduce((n, r) => n + f(r), 0);
  const drops = (...reasons: DropReason[]) => dropped.filter((d) => reasons.includes(d)).length;
  return {
    sources: reports.length,
    failedSources: reports.filter((r) => !r.ok).length,
    items: sum((r) => r.items),
    alreadySent: sum((r) => r.alreadySent) + drops('already-sent'),
    inDraft: sum((r) => r.inDraft ?? 0) + drops('in-draft'),
    droppedByEditor: sum((r) => r.droppedByEditor ?? 0) + drops('dropped-by-editor'),
    tooOld: sum((r) => r.tooOld) + drops('too-old'),
    duplicates: drops('duplicate-url', 'duplicate-guid', 'near-duplicate'),
    unreadable: sum((r) => r.failures.length),
  };
}

/**
 * The counts as one phrase.
 * @example describeCounts({ sources: 1, failedSources: 0, items: 5, alreadySent: 3, inDraft: 1, droppedByEditor: 0, tooOld: 1, duplicates: 0, unreadable: 0 }, 7)
 * // '5 items read: 3 already sent, 1 in a pending draft, 1 older than 7 days'
 */
export function describeCounts(counts: ReadCounts, maxItemAgeDays: number): string {
  const parts = [
    counts.alreadySent > 0 ? `${counts.alreadySent} already sent` : '',
    counts.inDraft > 0 ? `${counts.inDraft} in a pending draft` : '',
    counts.droppedByEditor > 0 ? `${counts.droppedByEditor} dropped from an earlier issue` : '',
    counts.tooOld > 0 ? `${counts.tooOld} older than ${countOf(maxItemAgeDays, 'day')}` : '',
    counts.duplicates > 0 ? `${countOf(counts.duplicates, 'duplicate')}` : '',
    counts.unreadable > 0 ? `${counts.unreadable} could not be read` : '',
    counts.failedSources > 0 ? `${countOf(counts.failedSources, 'source')} of ${counts.sources} failed` : '',
  ].filter(Boolean);
  const read = `${countOf(counts.items, 'item')} read`;
  return parts.length > 0 ? `${read}: ${parts.join(', ')}` : read;
}

/**
 * The oldest publication time an item may have: now minus the list's maximum item age.
 * @example notBeforeOf(new Date('2026-03-10T07:00:00Z'), 7) // '2026-03-03T07:00:00.000Z'
 */
export function notBeforeOf(now: Date, maxItemAgeDays: number): string {
  return new Date(now.getTime() - maxItemAgeDays * 86_400_000).toISOString();
}

/**
 * What a run considered, for a first issue (which has no earlier issue to be "since").
 * @example describeWindow('2026-03-03T07:00:00.000Z', 7) // 'items published since 2026-03-03 07:00 UTC (the last 7 days)'
 */
export function describeWindow(notBefore: string, maxItemAgeDays: number): string {
  const at = `${notBefore.slice(0, 10)} ${notBefore.slice(11, 16)} UTC`;
  return `items published since ${at} (the last ${countOf(maxItemAgeDays, 'day')})`;
}
