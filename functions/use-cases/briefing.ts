/**
 * Briefings: compose what arrived since a list's last issue and deliver it, once per schedule
 * window; in review mode, hold it as a draft until the editor approves it (or the deadline
 * passes). Used by the schedule handler, the approve route and `digest briefing`. The draft workflow and
 * publishing live in briefing-drafts.ts (re-exported here), which the approve route imports directly.
 * See docs/briefings.md.
 */

import { describeCounts, notBeforeOf, type ReadCounts, tallyRead } from '../core/briefing-outcome.js';
import { windowKey } from '../core/briefing-window.js';
import {
  type Candidate,
  composeIssue,
  DEFAULT_MAX_ITEM_AGE_DAYS,
  type Dropped,
  preheaderFor,
  subjectFor,
} from '../core/compose.js';
import { emptyStories, nameOfStory } from '../core/empty-stories.js';
import type { Issue } from '../core/types.js';
import type { SourceDeps, SourceReport, SourceResult } from '../ports/article-sources.js';
import type { Draft, WindowClaim } from '../ports/briefing-store.js';
import {
  type DeliveryCounts,
  type DraftDeps,
  type PublishExtra,
  publish,
  sendPreview,
} from './briefing-drafts.js';
import { mailableSubscribers, nobodyToMail } from './mailable-subscribers.js';
import { readFeedSource, readQueuedArticles } from './read-sources.js';
import { carriedStories, describeConflict, renewStoryClaims, type StoryConflict } from './story-claims.js';

export type { DeliveryCounts } from './briefing-drafts.js';
export {
  type ApproveOutcome,
  type ApproveStart,
  approveDraft,
  approveUrl,
  type DraftDeps,
  type ExpiryReport,
  expireOverdueDrafts,
  expiryLines,
  startApproval,
} from './briefing-drafts.js';

export interface BriefingDeps extends DraftDeps {
  sources: SourceDeps;
  newIssueId: () => string;
  sourceTimeoutMs?: number;
  /**
   * The list's maximum item age in days (its record's `maxItemAgeDays`); DEFAULT_MAX_ITEM_AGE_DAYS when the list
   * has no record. Required, so that every composition root (CLI, schedule Lambda) reads the list's own setting.
   */
  maxItemAgeDays: (list: string) => Promise<number | undefined>;
  /**
   * The list's title (its record's): an issue whose lead story has no title takes it as its subject, since the
   * title is what readers know the list by (`The <list> briefing` for a list with no record). Required, like
   * `maxItemAgeDays`, so that every composition root reads it.
   */
  listTitle: (list: string) => Promise<string | undefined>;
}

export interface BriefingRequest {
  list: string;
  /** The schedule's time; the window key is computed from it in the list's time zone. */
  scheduledAt: Date;
  /** Overrides the computed window (the CLI uses one window per run). */
  window?: string;
  extraFeeds?: readonly string[];
  /**
   * Hold the issue as a draft awaiting approval whatever the list's mode, without the preview mail: the console's
   * "compose from the list's sources", where the editor is already looking at it. Its expiry notice goes to the
   * list's editor; a list without one gets no notice (there is nobody to mail it to).
   */
  hold?: boolean;
  /**
   * Each source's report (its skipped items and notes) as soon as that source has been read, in the order the
   * reads end: the schedule function logs them then, so that a run that throws later still shows them.
   */
  onReport?: (report: SourceReport) => void;
}

/** What a run read and what it considered eligible. */
export interface ReadSummary {
  counts: ReadCounts;
  maxItemAgeDays: number;
  /** The oldest publication time an item could have (now minus the maximum age). */
  notBefore: string;
  /** The list had no issue before this run. */
  firstIssue: boolean;
}

export type BriefingOutcome =
  | {
      kind: 'sent';
      issueId: string;
      window: string;
      subject: string;
      delivery: DeliveryCounts;
      reports: SourceReport[];
      /** Null when the run resumed the delivery of an issue composed earlier. */
      read: ReadSummary | null;
    }
  | {
      kind: 'draft';
      issueId: string;
      window: string;
      subject: string;
      deadline: string;
      reports: SourceReport[];
      read: ReadSummary;
    }
  | {
      kind: 'empty';
      window: string;
      /** The counts in words: `4 items read: 3 already sent, 1 older than 7 days`. */
      reason: string;
      reports: SourceReport[];
      dropped: Dropped[];
      read: ReadSummary;
    }
  | {
      /**
       * Nothing was sent: another issue holds one of the stories (another run at the same time sent it, or is
       * sending it). Not a failure: the other stories are still eligible and go out with the next briefing.
       */
      kind: 'conflict';
      window: string;
      subject: string;
      conflict: StoryConflict;
      reports: SourceReport[];
      read: ReadSummary;
    }
  | {
      /**
       * Nothing was sent, and nothing of the issue kept: nobody on the list can be mailed (no confirmed subscriber, or
       * only suppressed ones), as the console's Send now and the approve link refuse it. No issue was archived, no
       * story claimed or recorded, no queued article used up: the stories wait for a briefing with a reader. Only an
       * issue that would go out by itself (auto mode) is stopped so: a draft for review is kept, and its approval
       * refuses it.
       */
      kind: 'no-recipients';
      window: string;
      /** Confirmed subscribers whose address is suppressed (a hard bounce or a complaint). */
      suppressed: number;
      /** In words, after `nothing sent for <list>: ` (mailable-subscribers.ts `nobodyToMail`). */
      reason: string;
      reports: SourceReport[];
      read: ReadSummary;
    }
  | { kind: 'duplicate'; window: string; existing: WindowClaim };

const FEED_CONCURRENCY = 4;
const QUEUE_GIVE_UP_MS = 7 * 24 * 3_600_000;

async function mapPool<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!);
      }
    }),
  );
  return out;
}

function uniq(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}

/** Runs one briefing for one list and window. Never sends two issues for one window. */
export async function runBriefing(request: BriefingRequest, deps: BriefingDeps): Promise<BriefingOutcome> {
  const log = deps.log ?? (() => {});
  const { list } = request;
  const settings = await deps.store.getSettings(list);
  const window = request.window ?? windowKey(request.scheduledAt, settings.timezone, settings.cadence);
  const held = (settings.mode === 'review' && Boolean(settings.editor)) || request.hold === true;
  const startedAt = deps.now();
  const claim = await deps.store.claimWindow(list, window, deps.newIssueId(), startedAt.toISOString());
  if (!claim.claimed) return { kind: 'duplicate', window, existing: claim.existing };
  const issueId = claim.claim.issueId;

  // A stale claim taken over: its issue may already be archived (the process died delivering it).
  const archived = await deps.archive.get(issueId);
  if (archived) {
    log(`resuming delivery of issue ${issueId}`);
    const delivery = await deps.deliver(archived.issue, archived.rendered);
    await deps.store.settleWindow(list, window, 'sent', deps.now().toISOString());
    return {
      kind: 'sent',
      issueId,
      window,
      subject: archived.issue.subject,
      delivery,
      reports: [],
      read: null,
    };
  }

  try {
    const last = await deps.store.getLastIssue(list);
    const maxItemAgeDays = (await deps.maxItemAgeDays(list)) ?? DEFAULT_MAX_ITEM_AGE_DAYS;
    const notBefore = notBeforeOf(startedAt, maxItemAgeDays);
    // Stories in a draft still awaiting approval are not offered again in the next draft (counted apart, "in a
    // pending draft"); if that draft expires unsent, they were never recorded as sent and come back in a later issue.
    // (A list in auto mode has pending drafts only when the console held one.) Feed items an editor dropped from an
    // issue stay out; a queued article is kept out only by a story that was sent.
    const waiting = await deps.store.pendingDrafts(list);
    const seen = await deps.store.recentlySent(list);
    const inDrafts = waiting.flatMap((d) => d.fingerprints);
    const editorDropped = await deps.store.recentlyDropped(list);
    const feeds = uniq([
      ...(await deps.store.listSources(list)).map((s) => s.url),
      ...(request.extraFeeds ?? []),
    ]);
    const queued = await deps.store.listQueued(list);
    const options = { seen, inDrafts, editorDropped, notBefore, timeoutMs: deps.sourceTimeoutMs };
    const reported = (result: SourceResult): SourceResult => {
      request.onReport?.(result.report);
      return result;
    };
    const results: SourceResult[] = await mapPool(feeds, FEED_CONCURRENCY, async (url) => {
      log(`reading ${url}`);
      return reported(await readFeedSource(url, deps.sources, options));
    });
    if (queued.length > 0) {
      log(`reading ${queued.length} queued article${queued.length === 1 ? '' : 's'}`);
      results.push(
        reported(
          await readQueuedArticles(
            queued.map((q) => ({ url: q.url, queuedAt: q.queuedAt, origin: q.origin })),
            deps.sources,
            options,
          ),
        ),
      );
    }
    const reports = results.map((r) => r.report);
    for (const r of reports) {
      if (!r.ok) log(`source failed: ${r.source}: ${r.error}`);
      for (const f of r.failures) {
        const untitled = f.position ? `untitled item ${f.position} of ${r.source}` : '?';
        log(`item skipped: ${f.url ?? f.title ?? untitled}: ${f.error}`);
      }
      for (const n of r.notes) log(`item note: ${n.url ?? n.title ?? '?'}: ${n.note}`);
    }
    // A queued page that still fails a week after it was queued is given up on (and said so).
    const giveUpBefore = new Date(deps.now().getTime() - QUEUE_GIVE_UP_MS).toISOString();
    const failedQueued = new Set(
      results.flatMap((r) => (r.report.kind === 'queue' ? r.report.failures : [])).map((f) => f.url),
    );
    const stale = queued
      .filter((q) => failedQueued.has(q.url) && q.queuedAt < giveUpBefore)
      .map((q) => q.url);
    if (stale.length > 0) {
      await deps.store.dequeue(list, stale);
      for (const url of stale) log(`gave up on queued article (failing for a week): ${url}`);
    }
    const queuedUrlOf = new Map<Candidate, string>();
    for (const r of results) for (const [c, u] of r.queuedUrls ?? []) queuedUrlOf.set(c, u);
    const candidates = results.flatMap((r) => r.candidates);
    const now = deps.now();
    const listTitle = (await deps.listTitle(list)) ?? null;
    const composed = composeIssue(candidates, {
      list,
      listTitle,
      issueId,
      now,
      notBefore,
      seen,
      inDrafts,
      editorDropped,
      maxStories: settings.maxStories,
    });
    // Queued articles leave the queue once used or found redundant; over-cap ones wait for the next issue, as do
    // those whose story waits in a pending draft. A pending draft's queued articles stay queued until it is approved
    // or expires.
    const heldByDraft = new Set(waiting.flatMap((d) => d.queuedUrls));
    const spent = (dropped: Dropped[]) =>
      dropped
        .filter((d) => d.reason !== 'over-cap' && d.reason !== 'in-draft')
        .flatMap((d) => queuedUrlOf.get(d.candidate) ?? [])
        .filter((url) => !heldByDraft.has(url));
    // The sent stories this run met again (skipped before reading, or composed and found sent), but for those too
    // old to be sent anyway: their claims last STORY_MEMORY_DAYS from now, so a story a feed keeps offering stays
    // claimed once it has left the history read above (use-cases/story-claims.ts).
    const notBeforeMs = Date.parse(notBefore);
    await renewStoryClaims(
      deps.store,
      list,
      [
        ...results.flatMap((r) => r.met ?? []),
        ...composed.dropped.flatMap((d) => {
          const published = d.candidate.story.published
            ? Date.parse(d.candidate.story.published)
            : Number.NaN;
          const tooOld = d.candidate.origin === 'feed' && published < notBeforeMs;
          return d.matched && !tooOld ? [d.matched] : [];
        }),
      ],
      now,
    );
    const counts = tallyRead(
      reports,
      composed.dropped.map((d) => d.reason),
    );
    const read: ReadSummary = { counts, maxItemAgeDays, notBefore, firstIssue: last === null };
    if (composed.kind === 'empty') {
      const reason = describeCounts(counts, maxItemAgeDays);
      await deps.store.dequeue(list, spent(composed.dropped));
      await deps.store.settleWindow(list, window, 'empty', now.toISOString(), reason);
      return { kind: 'empty', window, reason, reports, dropped: composed.dropped, read };
    }
    let issue = composed.issue;
    const queuedUrls = [
      ...composed.included.flatMap((c) => queuedUrlOf.get(c) ?? []),
      ...spent(composed.dropped),
    ];
    let extra: PublishExtra = {
      window,
      windowEnd: now.toISOString(),
      fingerprints: composed.fingerprints,
      queuedUrls,
      storyQueuedUrls: composed.included.map((c) => queuedUrlOf.get(c) ?? null),
    };

    if (held) {
      const deadline = new Date(now.getTime() + settings.reviewHours * 3_600_000).toISOString();
      const draft: Draft = {
        issueId,
        list,
        issue,
        // A list without an editor (a draft held for the console): nobody to send its notices to.
        editor: settings.editor,
        createdAt: now.toISOString(),
        deadline,
        status: 'pending',
        ...extra,
      };
      await deps.store.putDraft(draft);
      await deps.store.settleWindow(list, window, 'draft', now.toISOString());
      if (!request.hold) await sendPreview(draft, deps);
      return { kind: 'draft', issueId, window, subject: issue.subject, deadline, reports, read };
    }
    // An issue that goes out by itself needs someone to go to: sent to nobody, its stories would be recorded as sent
    // and lost for the readers who come. As the console's Send now and the approve link refuse it, nothing is made of
    // it: no issue archived, no story claimed or recorded, no queued article used up. The window is settled
    // `no-recipients`, which a later run of it takes over (as `conflict`), once the list has a reader.
    const audience = await mailableSubscribers(deps.subscribers, list);
    if (audience.mailable === 0) {
      const reason = nobodyToMail(audience.suppressed);
      await deps.store.settleWindow(list, window, 'no-recipients', deps.now().toISOString(), reason);
      return { kind: 'no-recipients', window, suppressed: audience.suppressed, reason, reports, read };
    }
    // An issue that goes out by itself gets the check an editor's send gets (core/empty-stories.ts): a story with no
    // key point and no quote has nothing to send. Nobody is there to drop it, so it is left out here, said so, and
    // recorded as dropped, not sent, as an editor's drop is.
    const emptied = leaveOutEmptyStories(issue, extra, listTitle);
    for (const line of emptied.lines) log(line);
    issue = emptied.issue;
    extra = emptied.extra;
    if (issue.stories.length === 0) {
      const { dropped, dequeue } = carriedStories(issue, extra);
      await deps.store.recordDropped(list, issueId, dropped, now.toISOString());
      await deps.store.dequeue(list, dequeue);
      const reason = `${describeCounts(counts, maxItemAgeDays)}; ${emptied.lines.length === 1 ? 'its one story has' : `its ${emptied.lines.length} stories have`} no key point and no quote`;
      await deps.store.settleWindow(list, window, 'empty', deps.now().toISOString(), reason);
      return { kind: 'empty', window, reason, reports, dropped: composed.dropped, read };
    }
    const published = await publish(deps, issue, extra);
    if (published.kind === 'claimed') {
      // Another issue holds a story (a run at the same time): nothing sent, nothing recorded, the claims this run
      // took given back. The window is `conflict`: a later run of it composes again, without what went out.
      const note = describeConflict(published.conflict);
      log(`not sent: ${note}`);
      await deps.store.settleWindow(list, window, 'conflict', deps.now().toISOString(), note);
      const { conflict } = published;
      return { kind: 'conflict', window, subject: issue.subject, conflict, reports, read };
    }
    await deps.store.settleWindow(list, window, 'sent', deps.now().toISOString());
    const { delivery } = published;
    return { kind: 'sent', issueId, window, subject: issue.subject, delivery, reports, read };
  } catch (error) {
    // Leave the claim `composing` only if the issue was archived (a retry resumes it). A draft that was stored
    // stands (the editor approves it, or it expires): the window is the draft's. Else the window is `failed`,
    // and the Scheduler's retry of the same window takes it over and composes again under the same issue id.
    if (!(await deps.archive.get(issueId))) {
      const note = error instanceof Error ? error.message.slice(0, 500) : String(error);
      const draft = await deps.store.getDraft(issueId).catch(() => null);
      const status = draft?.status === 'pending' ? 'draft' : 'failed';
      await deps.store.settleWindow(list, window, status, deps.now().toISOString(), note).catch(() => {});
    }
    throw error;
  }
}

/**
 * Leaves out of an issue that goes out by itself every story with no key point and no quote (core/empty-stories.ts),
 * each named in a line for the run's log; the subject and preheader are made again from what is left. The composed
 * fingerprints stay, so publishing records such a story as dropped, not sent (use-cases/story-claims.ts
 * `carriedStories`): a feed item stays out of later briefings. A queued article leaves the queue (its null entry in
 * `storyQueuedUrls`): its page would give the same nothing at every run; queuing it again asks for it again.
 */
function leaveOutEmptyStories(
  issue: Issue,
  extra: PublishExtra,
  listTitle: string | null,
): { issue: Issue; extra: PublishExtra; lines: string[] } {
  const empty = emptyStories(issue);
  if (empty.length === 0) return { issue, extra, lines: [] };
  const out = new Set(empty.map((e) => e.story));
  const stories = issue.stories.filter((_, i) => !out.has(i));
  const queuedOf = extra.storyQueuedUrls ?? [];
  const lines = empty.map((e) => {
    const queued = queuedOf[e.story];
    return `story left out: ${nameOfStory(e)}${e.title?.trim() && e.url ? ` <${e.url}>` : ''} has no key point and no quote to send; recorded as dropped${queued ? ', and taken off the queue' : ''}`;
  });
  return {
    issue: {
      ...issue,
      stories,
      subject: subjectFor(stories, issue.list, listTitle),
      preheader: preheaderFor(stories),
    },
    extra: { ...extra, storyQueuedUrls: queuedOf.map((url, i) => (out.has(i) ? null : url)) },
    lines,
  };
}
