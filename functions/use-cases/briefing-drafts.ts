/**
 * Briefing drafts and publishing: approve a draft (and send it), expire overdue drafts, mail the editor's
 * preview, and publish an issue (archive, record, deliver). Split from briefing.ts so that the approve route
 * bundles none of the feed reading and article extraction that composing an issue needs; briefing.ts
 * re-exports all of it. See docs/briefings.md.
 */

import { signApproval } from '../core/approval-token.js';
import { escapeHtml } from '../core/html-escape.js';
import { PLACEHOLDERS } from '../core/placeholders.js';
import type { Issue, RenderedIssue } from '../core/types.js';
import type { BriefingStore, Draft } from '../ports/briefing-store.js';
import type { IssueArchive } from '../ports/issue-archive.js';
import type { Mailer } from '../ports/mailer.js';

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
  /** For the editor's preview and expiry notices. */
  mailer: Mailer;
  from: string;
  baseUrl: string;
  secret: string;
  now: () => Date;
  /** Progress lines (`digest briefing` prints them on stderr). */
  log?: (line: string) => void;
}

/**
 * Archives, records and delivers an issue. Recording what was sent (and moving the list's window)
 * happens before delivery: a delivery that dies half-way is resumed under the same issue id (the
 * delivery ledger sends nobody the issue twice), never recomposed into a second issue.
 */
export async function publish(
  deps: DraftDeps,
  issue: Issue,
  extra: { window: string; windowEnd: string; fingerprints: Draft['fingerprints']; queuedUrls: string[] },
): Promise<DeliveryCounts> {
  const rendered = await deps.render(issue);
  await deps.archive.put({ issue, rendered });
  await deps.store.recordSent(issue.list, issue.id, extra.fingerprints, issue.createdAt);
  await deps.store.dequeue(issue.list, extra.queuedUrls);
  await deps.store.setLastIssue(issue.list, {
    issueId: issue.id,
    window: extra.window,
    windowEnd: extra.windowEnd,
  });
  // The same line as `digest send`: an interrupted delivery can be resumed with `digest send --issue`.
  deps.log?.(`issue: ${issue.id}`);
  return deps.deliver(issue, rendered);
}

export function approveUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/drafts/approve?token=${encodeURIComponent(token)}`;
}

/** The editor's preview: the issue as subscribers will see it, under a banner with the approve link. */
export async function sendPreview(draft: Draft, deps: DraftDeps): Promise<void> {
  const rendered = await deps.render(draft.issue);
  const token = signApproval(
    { issueId: draft.issueId, list: draft.list },
    deps.secret,
    new Date(draft.deadline),
  );
  const url = approveUrl(deps.baseUrl, token);
  const archive = `${deps.baseUrl}/lists/${encodeURIComponent(draft.list)}/archive`;
  const fill = (s: string) =>
    s.replaceAll(PLACEHOLDERS.unsubscribeUrl, archive).replaceAll(PLACEHOLDERS.preferencesUrl, archive);
  const banner =
    `<div style="background:#fff4ce;border:1px solid #c9a400;padding:16px;margin:0 0 16px;font-family:Arial,sans-serif;color:#222">` +
    `<p style="margin:0 0 8px"><strong>Draft for review.</strong> This briefing for the list ${escapeHtml(draft.list)} ` +
    `is not sent until you approve it. If nobody approves it by ${escapeHtml(draft.deadline)}, it is not sent.</p>` +
    `<p style="margin:0"><a href="${escapeHtml(url)}" style="background:#0b57d0;color:#fff;padding:8px 16px;text-decoration:none;border-radius:4px">Review and approve</a></p></div>`;
  const html = fill(rendered.html).replace(/<body[^>]*>/i, (m) => `${m}${banner}`);
  const text =
    `DRAFT FOR REVIEW: this briefing for the list ${draft.list} is not sent until you approve it.\n` +
    `Approve it here before ${draft.deadline}: ${url}\n\n${fill(rendered.text)}`;
  await deps.mailer.send({
    to: draft.editor,
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
  | { kind: 'expired' };

/**
 * True when an approval was recorded but its publishing failed before the issue was archived (the archive
 * or the store was unavailable): the next approval finishes it. Publishing again is harmless (the same
 * issue id, idempotent writes), and the delivery ledger sends nobody the issue twice.
 */
export async function approvalUnfinished(draft: Draft, deps: Pick<DraftDeps, 'archive'>): Promise<boolean> {
  return draft.status === 'approved' && !(await deps.archive.get(draft.issueId));
}

/** Approves a draft (the token is checked by the caller) and sends it. Idempotent: a second approval does nothing. */
export async function approveDraft(issueId: string, deps: DraftDeps): Promise<ApproveOutcome> {
  const draft = await deps.store.getDraft(issueId);
  if (!draft) return { kind: 'not-found' };
  if (await approvalUnfinished(draft, deps)) return publishApproved(draft, deps);
  if (draft.status !== 'pending') return { kind: 'already', status: draft.status };
  const now = deps.now();
  if (now.toISOString() >= draft.deadline) {
    await expireDraft(draft, deps);
    return { kind: 'expired' };
  }
  if (!(await deps.store.settleDraft(issueId, 'approved', now.toISOString()))) {
    const current = await deps.store.getDraft(issueId);
    return { kind: 'already', status: current?.status ?? 'approved' };
  }
  return publishApproved(draft, deps);
}

async function publishApproved(draft: Draft, deps: DraftDeps): Promise<ApproveOutcome> {
  const { issueId } = draft;
  const delivery = await publish(deps, draft.issue, draft);
  await deps.store.settleWindow(draft.list, draft.window, 'sent', deps.now().toISOString());
  return { kind: 'sent', issueId, delivery };
}

async function expireDraft(draft: Draft, deps: DraftDeps): Promise<boolean> {
  const at = deps.now().toISOString();
  if (!(await deps.store.settleDraft(draft.issueId, 'expired', at))) return false;
  await deps.store.settleWindow(draft.list, draft.window, 'expired', at, 'no approval before the deadline');
  await deps.mailer.send({
    to: draft.editor,
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
  return true;
}

/** The sweep: every pending draft past its deadline expires unsent, and its editor is told. */
export async function expireOverdueDrafts(deps: DraftDeps): Promise<string[]> {
  const overdue = await deps.store.overdueDrafts(deps.now().toISOString());
  const expired: string[] = [];
  for (const draft of overdue) if (await expireDraft(draft, deps)) expired.push(draft.issueId);
  return expired;
}
