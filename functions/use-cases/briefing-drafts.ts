/**
 * Briefing drafts and publishing: approve a draft (and send it), expire overdue drafts, mail the editor's
 * preview, and publish an issue (claim its stories, archive, record, deliver). Split from briefing.ts so that the
 * approve route bundles none of the feed reading and article extraction that composing an issue needs; briefing.ts
 * re-exports all of it. See docs/briefings.md.
 */

import { signApproval } from '../core/approval-token.js';
import type { SeenFingerprint } from '../core/compose.js';
import { emptyStories, nameOfStory } from '../core/empty-stories.js';
import { escapeHtml } from '../core/html-escape.js';
import { issueVersion } from '../core/issue-version.js';
import { PLACEHOLDERS } from '../core/placeholders.js';
import type { Issue, RenderedIssue } from '../core/types.js';
import type { BriefingStore, Draft } from '../ports/briefing-store.js';
import type { IssueArchive } from '../ports/issue-archive.js';
import type { Mailer } from '../ports/mailer.js';
import type { SubscriberStore } from '../ports/subscriber-store.js';
import { mailableSubscribers } from './mailable-subscribers.js';
import { carriedStories, claimStories, type StoryConflict } from './story-claims.js';

/** What a delivery reports back (the delivery use case's counts). */
export interface DeliveryCounts {
  sent: number;
  skipped: number;
  failed: number;
  unknown: number;
}

/** What publishing and the draft workflow need (briefing.ts's BriefingDeps adds the sources and new issue ids). */
export interface DraftDeps {
  store: BriefingStore;
  archive: IssueArchive;
  /**
   * Renders an issue once (placeholders left in). `webVersion: false`: a copy that is not on the web (the console's
   * test copy), without the "view in browser" link (core/render-model.ts RenderOptions).
   */
  // May read the list (title, sender) first: a promise is awaited.
  render: (issue: Issue, options?: { webVersion?: boolean }) => RenderedIssue | Promise<RenderedIssue>;
  /** Delivers an archived issue to the list's subscribers (idempotent per recipient). */
  deliver: (issue: Issue, rendered: RenderedIssue) => Promise<DeliveryCounts>;
  /**
   * Who an issue of a list can be mailed to (use-cases/mailable-subscribers.ts): an approval of a draft for a list
   * nobody on which can be mailed is refused, the draft kept, as the console's Send now refuses it.
   */
  subscribers: Pick<SubscriberStore, 'pageConfirmed' | 'suppressedAmong'>;
  /** For the editor's preview and expiry notices. */
  mailer: Mailer;
  from: string;
  baseUrl: string;
  secret: string;
  now: () => Date;
  /** Progress lines (`digest briefing` prints them on stderr). */
  log?: (line: string) => void;
}

/** What an issue composed from the list's sources carries with it to publishing (a Draft holds the same fields). */
export interface PublishExtra {
  window: string;
  windowEnd: string;
  /** The fingerprints of the stories as composed, in the composition's order. */
  fingerprints: SeenFingerprint[];
  /** The queued URLs the composition used up (its stories' and the redundant ones). */
  queuedUrls: string[];
  /** For each fingerprint, the queued URL its story came from (null: a feed item). */
  storyQueuedUrls?: (string | null)[];
}

export type PublishStart =
  | { kind: 'started'; delivery: Promise<DeliveryCounts> }
  | { kind: 'claimed'; conflict: StoryConflict };

/**
 * Claims the issue's stories, archives, records and starts delivering it; resolves once the delivery has started.
 *
 * One issue per story (use-cases/story-claims.ts): when another issue holds one of its stories, nothing is archived,
 * recorded or sent (`claimed`). Only the stories the issue carries are recorded as sent, and only their queued URLs
 * (and those the composition found redundant) leave the queue; a composed story an editor dropped is recorded as
 * dropped, and its queued URL stays queued.
 *
 * Recording what was sent (and moving the list's window) happens before delivery: a delivery that dies half-way is
 * resumed under the same issue id (the delivery ledger sends nobody the issue twice), never recomposed into a second
 * issue.
 */
export async function startPublish(
  deps: DraftDeps,
  issue: Issue,
  extra: PublishExtra,
): Promise<PublishStart> {
  const stories = carriedStories(issue, extra);
  const claim = await claimStories(deps, issue, stories.carried);
  if (!claim.ok) return { kind: 'claimed', conflict: claim.conflict };
  const rendered = await deps.render(issue);
  await deps.archive.put({ issue, rendered });
  await deps.store.recordSent(
    issue.list,
    issue.id,
    stories.carried.map((c) => c.fingerprint),
    issue.createdAt,
  );
  if (stories.dropped.length > 0)
    await deps.store.recordDropped(issue.list, issue.id, stories.dropped, issue.createdAt);
  await deps.store.dequeue(issue.list, stories.dequeue);
  await deps.store.setLastIssue(issue.list, {
    issueId: issue.id,
    window: extra.window,
    windowEnd: extra.windowEnd,
  });
  // The same line as `digest send`: an interrupted delivery can be resumed with `digest send --issue`.
  deps.log?.(`issue: ${issue.id}`);
  return { kind: 'started', delivery: deps.deliver(issue, rendered) };
}

export type PublishOutcome =
  | { kind: 'sent'; delivery: DeliveryCounts }
  | { kind: 'claimed'; conflict: StoryConflict };

/** startPublish, and the delivery awaited. */
export async function publish(deps: DraftDeps, issue: Issue, extra: PublishExtra): Promise<PublishOutcome> {
  const started = await startPublish(deps, issue, extra);
  if (started.kind === 'claimed') return started;
  return { kind: 'sent', delivery: await started.delivery };
}

export function approveUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/drafts/approve?token=${encodeURIComponent(token)}`;
}

/** The editor's preview: the issue as subscribers will see it, under a banner with the approve link. */
export async function sendPreview(draft: Draft, deps: DraftDeps): Promise<void> {
  const to = noticeAddress(draft, deps);
  if (!to) return;
  const rendered = await deps.render(draft.issue);
  // The version the mail shows: an edit saved after it makes the link refuse (approveDraft, `stale`).
  const token = signApproval(
    { issueId: draft.issueId, list: draft.list, version: issueVersion(draft.issue) },
    deps.secret,
    new Date(draft.deadline),
  );
  const url = approveUrl(deps.baseUrl, token);
  const archive = `${deps.baseUrl}/lists/${encodeURIComponent(draft.list)}/archive`;
  const fill = (s: string) =>
    s.replaceAll(PLACEHOLDERS.unsubscribeUrl, archive).replaceAll(PLACEHOLDERS.preferencesUrl, archive);
  // A story with nothing left to send makes the approval refused: said here, before anyone presses.
  const empty = emptyStories(draft.issue).map(
    (e) =>
      `${nameOfStory(e)} has no key point and no quote left, so the briefing cannot be approved as it is: drop that story in the console (${deps.baseUrl}/admin/issues/${encodeURIComponent(draft.issueId)}) and send it from there.`,
  );
  const banner =
    `<div style="background:#fff4ce;border:1px solid #c9a400;padding:16px;margin:0 0 16px;font-family:Arial,sans-serif;color:#222">` +
    `<p style="margin:0 0 8px"><strong>Draft for review.</strong> This briefing for the list ${escapeHtml(draft.list)} ` +
    `is not sent until you approve it. If nobody approves it by ${escapeHtml(draft.deadline)}, it is not sent.</p>` +
    empty
      .map((line) => `<p style="margin:0 0 8px"><strong>Not ready:</strong> ${escapeHtml(line)}</p>`)
      .join('') +
    `<p style="margin:0"><a href="${escapeHtml(url)}" style="background:#0b57d0;color:#fff;padding:8px 16px;text-decoration:none;border-radius:4px">Review and approve</a></p></div>`;
  const html = fill(rendered.html).replace(/<body[^>]*>/i, (m) => `${m}${banner}`);
  const text =
    `DRAFT FOR REVIEW: this briefing for the list ${draft.list} is not sent until you approve it.\n` +
    `Approve it here before ${draft.deadline}: ${url}\n` +
    empty.map((line) => `Not ready: ${line}\n`).join('') +
    `\n${fill(rendered.text)}`;
  await deps.mailer.send({
    to,
    from: deps.from,
    subject: `[Review] ${draft.issue.subject}`,
    html,
    text,
  });
}

export type ApproveOutcome =
  | { kind: 'sent'; issueId: string; delivery: DeliveryCounts }
  | { kind: 'not-found' }
  | { kind: 'already'; status: Draft['status'] }
  | { kind: 'expired' }
  /** The draft changed since the version the approver saw (`version`: what it is now); it stays pending. */
  | { kind: 'stale'; version: string }
  /** Nobody on the list (of the issue's topic) can be mailed; the draft stays pending. */
  | { kind: 'no-recipients'; list: string; topic?: string; suppressed: number }
  /**
   * A story has no key point and no quote left (an editor dropped them all): nothing to send of it. The draft stays
   * pending, for the editor to drop that story (core/empty-stories.ts; `story` is its index).
   */
  | { kind: 'empty-story'; story: number; title: string | null; url: string | null }
  /** Another issue holds one of its stories; nothing was sent, the draft stays pending. */
  | { kind: 'claimed'; conflict: StoryConflict };

/** As ApproveOutcome, but `sent` once the delivery has started: `delivery` settles when it is over. */
export type ApproveStart =
  | Exclude<ApproveOutcome, { kind: 'sent' }>
  | { kind: 'sent'; issueId: string; delivery: Promise<DeliveryCounts> };

export interface ApproveGuard {
  /**
   * The issue's version the approver saw (core/issue-version.ts): the approve link's, or the console form's. A draft
   * edited since is not approved (`stale`): the link approves what its mail showed, nothing else.
   */
  version?: string;
}

/**
 * True when an approval was recorded but its publishing failed before the issue was archived (the archive
 * or the store was unavailable): the next approval finishes it. Publishing again is harmless (the same
 * issue id, idempotent writes), and the delivery ledger sends nobody the issue twice.
 */
export async function approvalUnfinished(draft: Draft, deps: Pick<DraftDeps, 'archive'>): Promise<boolean> {
  return draft.status === 'approved' && !(await deps.archive.get(draft.issueId));
}

/**
 * Approves a draft (the token or the console's session is checked by the caller) and starts sending it; resolves
 * once the delivery has started. Idempotent: a second approval does nothing. Refused, the draft left pending: a
 * version that is not the draft's any more (`stale`), a story with no key point and no quote left (`empty-story`), a
 * list nobody on which can be mailed (`no-recipients`), a story that another issue carries (`claimed`). The version
 * is also a condition of the write that approves the draft, so that an edit saved between the check and the approval
 * is not sent unseen.
 */
export async function startApproval(
  issueId: string,
  deps: DraftDeps,
  guard: ApproveGuard = {},
): Promise<ApproveStart> {
  const draft = await deps.store.getDraft(issueId);
  if (!draft) return { kind: 'not-found' };
  // An approval recorded earlier whose publishing failed: finished as it was approved (no edit can follow one).
  if (!(await approvalUnfinished(draft, deps))) {
    if (draft.status !== 'pending') return { kind: 'already', status: draft.status };
    const now = deps.now();
    if (now.toISOString() >= draft.deadline) {
      // Refused whatever the notice does: a mail that fails is logged, and the draft is expired all the same.
      await expireDraft(draft, deps).catch((error: unknown) =>
        deps.log?.(`draft ${draft.issueId} of the list ${draft.list}: ${String(error)}`),
      );
      return { kind: 'expired' };
    }
    const version = issueVersion(draft.issue);
    if (guard.version !== undefined && guard.version !== version) return { kind: 'stale', version };
    const [empty] = emptyStories(draft.issue);
    if (empty) return { kind: 'empty-story', ...empty };
    const topic = draft.issue.topic;
    const audience = await mailableSubscribers(deps.subscribers, draft.list, topic ? { topic } : {});
    if (audience.mailable === 0)
      return {
        kind: 'no-recipients',
        list: draft.list,
        ...(topic ? { topic } : {}),
        suppressed: audience.suppressed,
      };
    if (!(await deps.store.settleDraft(issueId, 'approved', now.toISOString(), { version }))) {
      const current = await deps.store.getDraft(issueId);
      if (current?.status === 'pending') return { kind: 'stale', version: issueVersion(current.issue) };
      return { kind: 'already', status: current?.status ?? 'approved' };
    }
  }
  return publishApproved(draft, deps);
}

/** Approves a draft and sends it (startApproval, and the delivery awaited). */
export async function approveDraft(
  issueId: string,
  deps: DraftDeps,
  guard: ApproveGuard = {},
): Promise<ApproveOutcome> {
  const started = await startApproval(issueId, deps, guard);
  if (started.kind !== 'sent') return started;
  return { kind: 'sent', issueId: started.issueId, delivery: await started.delivery };
}

async function publishApproved(draft: Draft, deps: DraftDeps): Promise<ApproveStart> {
  const { issueId } = draft;
  const started = await startPublish(deps, draft.issue, draft);
  if (started.kind === 'claimed') {
    // Nothing was sent: the draft waits again, so that the editor can drop that story and send the rest.
    await deps.store.putDraft({ ...draft, status: 'pending' });
    return started;
  }
  const delivery = started.delivery.then(async (counts) => {
    await deps.store.settleWindow(draft.list, draft.window, 'sent', deps.now().toISOString());
    return counts;
  });
  return { kind: 'sent', issueId, delivery };
}

/**
 * Where the editor's mails about a draft go: the list's editor. Null when there is none: a draft held for the console
 * on a list without an editor, or one stored before such drafts kept none, which holds the sender address (a From
 * header, often with a display name: no mailbox anyone reads, and no valid To).
 */
function noticeAddress(draft: Draft, deps: Pick<DraftDeps, 'from'>): string | null {
  const editor = draft.editor?.trim();
  return editor && editor !== deps.from.trim() ? editor : null;
}

/** How a draft's expiry went: `mailed` the editor, or no notice at all (`no-editor`); null when it was not pending. */
type Expiry = 'mailed' | 'no-editor' | null;

async function expireDraft(draft: Draft, deps: DraftDeps): Promise<Expiry> {
  const at = deps.now().toISOString();
  if (!(await deps.store.settleDraft(draft.issueId, 'expired', at))) return null;
  await deps.store.settleWindow(draft.list, draft.window, 'expired', at, 'no approval before the deadline');
  const to = noticeAddress(draft, deps);
  // Nobody to tell: the draft is expired all the same (the sweep reports it), and no mail goes to nobody.
  if (!to) return 'no-editor';
  await deps.mailer.send({
    to,
    from: deps.from,
    subject: `Not sent: ${draft.issue.subject}`,
    text:
      `The briefing "${draft.issue.subject}" for the list ${draft.list} was not approved by ${draft.deadline}, ` +
      'so it was not sent. Its queued articles stay queued for the next briefing.\n',
    html:
      `<p>The briefing <strong>${escapeHtml(draft.issue.subject)}</strong> for the list ${escapeHtml(draft.list)} ` +
      `was not approved by ${escapeHtml(draft.deadline)}, so it was not sent.</p>` +
      '<p>Its queued articles stay queued for the next briefing.</p>',
  });
  return 'mailed';
}

/** What the sweep of overdue drafts did, draft by draft. */
export interface ExpiryReport {
  /** Drafts expired unsent: their editor was told (`mailed`), or the list has no editor (`no-editor`). */
  expired: { issueId: string; list: string; notice: 'mailed' | 'no-editor' }[];
  /**
   * Drafts whose expiry failed part-way (the store, or the notice's mail): the error, with the list and the draft.
   * A draft still pending is tried again by the next sweep; one expired whose notice failed stays expired.
   */
  failed: { issueId: string; list: string; error: string }[];
}

/**
 * The sweep: every pending draft past its deadline expires unsent, and its editor is told (no mail when the list has
 * no editor). One draft's failure never stops the sweep, nor the briefing run that starts with it: it is reported
 * with its list and id, and the others go on.
 */
export async function expireOverdueDrafts(deps: DraftDeps): Promise<ExpiryReport> {
  const overdue = await deps.store.overdueDrafts(deps.now().toISOString());
  const report: ExpiryReport = { expired: [], failed: [] };
  for (const draft of overdue) {
    const { issueId, list } = draft;
    try {
      const notice = await expireDraft(draft, deps);
      if (notice) report.expired.push({ issueId, list, notice });
    } catch (error) {
      report.failed.push({ issueId, list, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}

/** The sweep's report as lines for a person (`digest briefing` prints them on stderr). */
export function expiryLines(report: ExpiryReport): string[] {
  return [
    ...report.expired.map(({ issueId, list, notice }) =>
      notice === 'mailed'
        ? `draft ${issueId} expired unsent`
        : `draft ${issueId} expired unsent; no notice mailed: the list ${list} has no editor (digest sources settings --editor EMAIL --list ${list})`,
    ),
    ...report.failed.map(
      ({ issueId, list, error }) =>
        `draft ${issueId} of the list ${list} could not be expired: ${error}; the briefing goes on`,
    ),
  ];
}
