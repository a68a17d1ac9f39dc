/**
 * The editor's workflow in the admin console: compose an issue from URLs or pasted text, edit it
 * as data (core/issue-edits), preview it, send a test copy, then send it now or at a set time. A
 * briefing that waits for approval (a list in review mode) is edited, approved or rejected here
 * too, before its deadline. Every change lands in the issue's audit trail.
 *
 * An issue is rendered from its data each time (preview, test, send) by the same compiled
 * templates and escaping as every other issue: no edit ever reaches the HTML directly.
 *
 * Sending is guarded twice before anything is claimed or archived: the form names the version of the issue the
 * editor saw (a change saved since, by anyone, refuses the send: StaleIssueError), and a list without a mailable
 * subscriber (confirmed and not suppressed, of the issue's topic) refuses it (NoRecipientsError), so that the draft is
 * kept rather than used up on nobody. A story with a URL goes out in one issue only, as a briefing's does
 * (use-cases/story-claims.ts): Send now claims it, and a story another issue carries refuses the send, the draft kept
 * (StoryClaimedError). An archived issue whose delivery left recipients failed, unknown or stalled is delivered again as
 * `digest send --issue ID [--resend-unknown]` does (resumeDelivery).
 */
import { type EmptyStory, emptyStories, nameOfStory } from '../core/empty-stories.js';
import { applyIssueEdits, type IssueEdit } from '../core/issue-edits.js';
import { issueOfStories } from '../core/issue-of-stories.js';
import { issueVersion } from '../core/issue-version.js';
import type { Issue, IssueAuditEntry, RenderedIssue, Story } from '../core/types.js';
import type { BriefingStore, Draft } from '../ports/briefing-store.js';
import type { StatusCounts } from '../ports/delivery-ledger.js';
import type { IssueArchive } from '../ports/issue-archive.js';
import type { IssueDraft, IssueDraftStore } from '../ports/issue-draft-store.js';
import type { SubscriberStore } from '../ports/subscriber-store.js';
import type { BriefingOutcome } from './briefing.js';
import type { ApproveGuard, ApproveStart } from './briefing-drafts.js';
import { type MailableCount, mailableSubscribers, noMailableSubscriber } from './mailable-subscribers.js';
import { claimStories, describeConflict, type StoryConflict, storiesWithUrls } from './story-claims.js';
import { sendTestCopy, TestCopyAddressError, type TestCopyDeps } from './test-copy.js';
import type { Undelivered } from './undelivered.js';

export type ComposeInput =
  | { kind: 'url'; url: string }
  | { kind: 'text'; text: string; title: string | null };

export interface ConsoleIssueDeps {
  drafts: IssueDraftStore;
  archive: IssueArchive;
  /** One story per input, in order; throws with a message for the editor on a bad input. */
  buildStories(inputs: readonly ComposeInput[]): Promise<Story[]>;
  /** `webVersion: false`: the test copy's rendering, without the "view in browser" link (it is never archived). */
  render(issue: Issue, options?: { webVersion?: boolean }): RenderedIssue | Promise<RenderedIssue>;
  /** The test copy, the same as `digest send --test-to`'s: nobody is marked as delivered. */
  testCopy: TestCopyDeps;
  /** Delivers to the list; resolves when the work is done (locally) or handed to the queue (AWS). */
  deliver(issue: Issue, rendered: RenderedIssue): Promise<void>;
  /**
   * Delivers an archived issue again, as `digest send --issue ID` does: nobody who was sent it gets it again, a
   * retryable failure and a stalled claim are tried again, a permanent failure is not, and an unknown recipient is
   * sent again only with `resendUnknown` (`--resend-unknown`). Resolves as `deliver` does.
   */
  redeliver(issue: Issue, rendered: RenderedIssue, options: { resendUnknown: boolean }): Promise<void>;
  /**
   * Whether `redeliver` can resend unknown recipients: locally yes; in AWS no, since the configuration set's Send
   * events settle them (as `digest send --resend-unknown --stack-outputs` is refused).
   */
  resendsUnknown: boolean;
  /**
   * Who an issue goes to: the mailable confirmed subscribers of its list (of its topic), counted before a send
   * (use-cases/mailable-subscribers.ts).
   */
  subscribers: Pick<SubscriberStore, 'pageConfirmed' | 'suppressedAmong'>;
  /**
   * The issue's counts by status and who did not get it (use-cases/issue-stats.ts `issueProgress`: the counts the
   * ledger keeps, else one pass over its records), and how many recipients the fan-out queued (null when it recorded
   * none).
   */
  progress(issueId: string): Promise<StatusCounts & { queued: number | null; undelivered: Undelivered }>;
  now(): Date;
  /**
   * Something calls `sendDueDrafts` (`digest dev` every 30 seconds; in AWS a Scheduler schedule every minute, see
   * handlers/admin.ts). Where nothing does, scheduling is refused rather than accepted and never sent.
   */
  sendsScheduled: boolean;
  /**
   * Takes the one right to send a console draft (a conditional write): false when another request or check took it
   * first, so an editor's Send now and a due schedule, or two overlapping checks, never send one issue twice.
   */
  claimSend?(issueId: string, version: string): Promise<boolean>;
  /** Briefings awaiting approval; absent where the console runs without the briefings table. */
  briefings?: {
    store: BriefingStore;
    /**
     * Approves a briefing and starts sending it (use-cases/briefing-drafts.ts `startApproval`): refused, the draft
     * kept, when its version is not `guard.version`, when nobody on its list can be mailed, or when another issue
     * carries one of its stories.
     */
    approve(issueId: string, guard?: ApproveGuard): Promise<ApproveStart>;
    /**
     * Runs the list's briefing now (its feeds and queued articles, what is new since its last issue) and holds the
     * result as a draft awaiting approval (use-cases/briefing.ts `hold`).
     */
    fromSources(list: string, at: Date): Promise<BriefingOutcome>;
  };
  log?: (entry: Record<string, unknown>) => void;
}

/** Something the editor asked for that cannot be done; the message is shown to them. */
export class ConsoleIssueError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409 | 422 = 422,
  ) {
    super(message);
    this.name = 'ConsoleIssueError';
  }
}

/**
 * A send that stopped before any mail went out (the archive or the renderer failing), its draft given back to the editor
 * with the failure in its trail (`giveBack`). Not a ConsoleIssueError: the service failed, not the editor's request, so
 * whoever meets it logs it (`cause` is the failure).
 */
export class SendStoppedError extends Error {
  /** `scheduledFor`: the draft was scheduled, and the Send now that stopped left it so, for that time. */
  constructor(
    cause: unknown,
    readonly scheduledFor: string | null = null,
  ) {
    super(sendStoppedText(cause, scheduledFor), { cause });
    this.name = 'SendStoppedError';
  }
}

/** What the editor is told of a send that stopped; `time` words the schedule's time (ISO 8601 as it is by default). */
export function sendStoppedText(
  cause: unknown,
  scheduledFor: string | null,
  time: (iso: string) => string = (iso) => iso,
): string {
  const name = cause instanceof Error ? cause.name : 'Error';
  const draft = scheduledFor
    ? `The draft is as it was, still scheduled for ${time(scheduledFor)}: send it again, or leave it to go out then.`
    : 'The draft is as it was: send it again.';
  return `Not sent: the send stopped before any mail went out (${name}). ${draft}`;
}

/**
 * The mail service refused a test copy, or could not be reached (an SES sandbox refuses an address nobody verified):
 * nothing went out and nothing was recorded. Not a ConsoleIssueError: the service failed, so whoever meets it logs it;
 * the message says why, for the editor, from the error's name and first line (`cause` is the failure).
 */
export class TestCopyNotSentError extends Error {
  constructor(cause: unknown) {
    const name = cause instanceof Error ? cause.name : 'Error';
    const first = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0] ?? '';
    const why = first ? `${name}: ${first.length > 300 ? `${first.slice(0, 299)}…` : first}` : name;
    super(
      `Not sent: the mail service refused the test copy (${why}). Nothing went out and nothing was recorded: check the address (an SES account in its sandbox sends only to verified addresses), then send it again.`,
      { cause },
    );
    this.name = 'TestCopyNotSentError';
  }
}

/**
 * The issue changed since the form that sends it was loaded (another editor saved a change, another tab, the same
 * form posted twice): nothing is sent, the editor shows the issue as it is now.
 */
export class StaleIssueError extends ConsoleIssueError {
  /**
   * `sent`: a send was refused; `scheduled`: a schedule was; `changed`: an edit (or an unschedule) was; `rejected`: a
   * briefing's rejection was.
   */
  constructor(refused: 'sent' | 'scheduled' | 'changed' | 'rejected' = 'sent') {
    super(
      refused === 'sent'
        ? 'Not sent: this issue was changed since the page was loaded (by another editor, in another tab, or by the same form sent twice). Here it is as it is now: check it, then send again.'
        : refused === 'scheduled'
          ? 'Not scheduled: this issue was changed since the page was loaded (by another editor, in another tab, or by the same form sent twice). Here it is as it is now: check it, then schedule it again.'
          : refused === 'rejected'
            ? 'Not rejected: this briefing was changed since the page was loaded (by another editor, or in another tab). It still awaits approval; here it is as it is now: check it, then reject it again if you still mean to.'
            : 'Not changed: this issue was changed since the page was loaded (by another editor, in another tab, or by the same form sent twice). Here it is as it is now: make the change again if it still applies.',
      409,
    );
    this.name = 'StaleIssueError';
  }
}

/**
 * The list has no mailable subscriber (of the issue's topic): no confirmed one, or only confirmed addresses that are
 * suppressed. Nothing is sent, archived or claimed; the draft stays.
 */
export class NoRecipientsError extends ConsoleIssueError {
  constructor(list: string, topic?: string, suppressed = 0) {
    super(
      `the list "${list}" has ${noMailableSubscriber(suppressed, topic)}, so nobody would get it. Nothing was sent and the draft is kept: add or import subscribers, then send it.`,
      422,
    );
    this.name = 'NoRecipientsError';
  }
}

// The words for a list nobody on which can be mailed: use-cases/mailable-subscribers.ts, shared with the approve link.
export { noMailableSubscriber };

/**
 * Another issue carries one of the briefing's stories (use-cases/story-claims.ts): nothing is sent, and the draft is
 * kept, so that the editor can drop that story and send the rest.
 */
export class StoryClaimedError extends ConsoleIssueError {
  constructor(readonly conflict: StoryConflict) {
    super(
      `Not sent: ${describeConflict(conflict)}. A story goes out in one issue only, so nothing was sent and the draft is kept: drop that story, then send it again.`,
      409,
    );
    this.name = 'StoryClaimedError';
  }
}

/**
 * A story of the issue has no key point and no quote left (an editor dropped them all), so there is nothing of it to
 * send: nothing is sent, and the draft is kept for the editor to drop that story. Refused rather than dropped on the
 * way out, so that what goes out is what the editor saw and approved.
 */
export class EmptyStoryError extends ConsoleIssueError {
  constructor(readonly empty: EmptyStory) {
    super(
      `${nameOfStory(empty)} has no key point and no quote left, so there is nothing of it to send. Drop that story (or compose the issue again to get its points back), then send it.`,
      422,
    );
    this.name = 'EmptyStoryError';
  }
}

/** "Compose from the sources" on a list that has none: no feed and no queued article. */
export class NoSourcesError extends ConsoleIssueError {
  constructor(readonly list: string) {
    super(
      `The list "${list}" has no sources: no feed and no queued article, so there is nothing to compose from. Add a feed under "Sources" on the list's page in the console, or with \`digest sources add URL --list ${list}\`; queue an article with \`digest sources queue URL --list ${list}\` or POST /articles.`,
      422,
    );
    this.name = 'NoSourcesError';
  }
}

// The version of an issue as its forms carry it (how many changes its audit trail holds): core/issue-version.ts.
export { issueVersion };

/**
 * Whom an issue goes to: the mailable confirmed subscribers of its list (for an issue of a topic, those who receive
 * it: the topic among theirs, or no topics at all, `receivesTopic`), and apart the confirmed ones whose address is
 * suppressed, whom the fan-out leaves out. The Lists page counts with the same function
 * (use-cases/mailable-subscribers.ts), so the question "Send to N confirmed subscribers" and the list's Confirmed
 * column give the same N.
 */
export async function audienceSize(
  deps: ConsoleIssueDeps,
  list: string,
  topic?: string,
): Promise<MailableCount> {
  return mailableSubscribers(deps.subscribers, list, topic ? { topic } : {});
}

/** An issue the console can edit: a draft composed here, or a briefing awaiting approval. */
export interface EditableIssue {
  origin: 'console' | 'briefing';
  issue: Issue;
  /** `editing`, `scheduled`, `sending`, `sent` (console); `pending`, `approved`, `expired`, `rejected` (briefing). */
  status: string;
  /** A briefing's approval deadline, or a scheduled draft's send time. */
  deadline: string | null;
  editable: boolean;
}

export async function composeDraft(
  deps: ConsoleIssueDeps,
  request: { list: string; inputs: readonly ComposeInput[]; subject: string | null; by: string },
): Promise<IssueDraft> {
  if (request.inputs.length === 0) throw new ConsoleIssueError('give at least one URL or article text');
  const stories = await deps.buildStories(request.inputs);
  const now = deps.now();
  const issue = issueOfStories(stories, { list: request.list, now, subject: request.subject });
  // The id is a hash of the stories and the time: the same articles composed twice in one
  // millisecond would overwrite a draft, so the second is refused.
  if ((await deps.drafts.get(issue.id)) || (await deps.archive.get(issue.id)))
    throw new ConsoleIssueError(
      `an issue of these articles was composed at this very moment: ${issue.id}`,
      409,
    );
  const draft: IssueDraft = {
    issue: {
      ...issue,
      audit: [entry(request.by, now, 'compose', `composed from ${describe(request.inputs)}`)],
    },
    status: 'editing',
    createdBy: request.by,
    updatedAt: now.toISOString(),
    sendAt: null,
  };
  await deps.drafts.put(draft);
  return draft;
}

/** The briefing window of a console composition: its own, so that it never takes a scheduled window. */
export function consoleWindow(at: Date): string {
  return `console-${at.toISOString()}`;
}

/**
 * Composes from the list's sources, as its briefing does (the same reader, the same "new since the last issue",
 * the same queued articles), into a draft awaiting approval: it is edited, approved or rejected like any briefing
 * in review mode, and approving it records the stories it carries as sent, so the next briefing does not repeat them
 * (those an editor dropped from it as dropped: use-cases/story-claims.ts).
 */
export async function composeFromSources(
  deps: ConsoleIssueDeps,
  request: { list: string; by: string },
): Promise<{ issueId: string }> {
  const briefings = deps.briefings;
  if (!briefings) throw new ConsoleIssueError("the list's sources are not available here", 409);
  const outcome = await briefings.fromSources(request.list, deps.now());
  // No feed and no queued article: nothing was read because there is nothing to read; say so, and how to add one,
  // rather than "0 items read" (the CLI's briefing says the same: cli/briefing-report.ts).
  if (outcome.kind === 'empty' && outcome.read.counts.sources === 0) throw new NoSourcesError(request.list);
  if (outcome.kind === 'empty')
    throw new ConsoleIssueError(`Nothing new in the list's sources: ${outcome.reason}`);
  if (outcome.kind === 'duplicate')
    throw new ConsoleIssueError(
      'a briefing of this list is being composed right now; try again in a minute',
      409,
    );
  if (outcome.kind !== 'draft') throw new ConsoleIssueError('the sources could not be composed into a draft');
  const draft = await briefings.store.getDraft(outcome.issueId);
  if (draft)
    await briefings.store.putDraft({
      ...draft,
      issue: withAudit(
        draft.issue,
        entry(
          request.by,
          deps.now(),
          'compose',
          `composed from the list's sources (${draft.issue.stories.length})`,
        ),
      ),
    });
  return { issueId: outcome.issueId };
}

export async function loadEditable(deps: ConsoleIssueDeps, issueId: string): Promise<EditableIssue | null> {
  const draft = await deps.drafts.get(issueId);
  if (draft) return fromConsole(draft, await stoppedSend(deps, draft));
  const pending = await deps.briefings?.store.getDraft(issueId);
  if (pending) return fromBriefing(pending, deps.now());
  return null;
}

/** A console draft as the console shows it; a send that stopped before its issue was archived is `stopped`. */
function fromConsole(draft: IssueDraft, stopped: boolean): EditableIssue {
  return {
    origin: 'console',
    issue: draft.issue,
    status: stopped ? 'stopped' : draft.status,
    deadline: draft.sendAt,
    editable: draft.status === 'editing' || draft.status === 'scheduled',
  };
}

/**
 * How long a console draft stays `sending` with nothing archived before it counts as a send that stopped: the steps
 * before its mail goes out take seconds, and no admin function runs past 15 minutes (Lambda's limit).
 */
export const STOPPED_SEND_MS = 15 * 60_000;

/**
 * Did this draft's send stop between marking it `sending` and archiving the issue (the process died there)? A send
 * that fails there gives its draft back (giveBack); one that dies cannot, and nothing was archived or queued, so
 * there is no delivery to resume: the console offers the draft back instead (`sendStopped`).
 */
async function stoppedSend(deps: ConsoleIssueDeps, draft: IssueDraft): Promise<boolean> {
  if (draft.status !== 'sending') return false;
  if (deps.now().getTime() - Date.parse(draft.updatedAt) < STOPPED_SEND_MS) return false;
  return (await deps.archive.get(draft.issue.id)) === null;
}

/**
 * Gives a stopped send's draft back to the editor (see `stoppedSend`): editable again, as it was before the send, its
 * audit trail saying so. Nothing went out, so sending it again sends it once.
 */
export async function reopenStoppedSend(deps: ConsoleIssueDeps, issueId: string, by: string): Promise<void> {
  const draft = await deps.drafts.get(issueId);
  if (!draft) throw new ConsoleIssueError('no such issue', 404);
  if (!(await stoppedSend(deps, draft)))
    throw new ConsoleIssueError(
      draft.status === 'sending'
        ? 'this send may still be running or has already started its delivery; its progress page says which'
        : `this issue is ${draft.status}, not a send that stopped`,
      409,
    );
  const summary = 'back to a draft: its send stopped before any mail went out';
  const back = asEditing(draft, by, deps.now(), 'reopen', summary);
  if (!(await deps.drafts.replace(back, { version: issueVersion(draft.issue) })))
    throw new StaleIssueError('changed');
}

/**
 * Applies the edits in order and saves; the first edit that does not fit refuses the whole batch. `version` is the
 * issue's version the editor's page showed: when the issue is at another one, or another save lands first (two
 * editors saving at once from the same page), StaleIssueError and nothing changes. Without it, the edits apply to
 * the issue as read here, and a save landing between this read and the write refuses them just the same.
 */
export async function editIssue(
  deps: ConsoleIssueDeps,
  issueId: string,
  edits: readonly IssueEdit[],
  by: string,
  options: { version?: string } = {},
): Promise<EditableIssue> {
  const current = await requireEditable(deps, issueId);
  const version = issueVersion(current.issue);
  if (options.version !== undefined && options.version !== version) throw new StaleIssueError('changed');
  const at = deps.now();
  const issue = applyIssueEdits(current.issue, edits, { by, at: at.toISOString() });
  await save(deps, current, issue, at, version);
  return { ...current, issue };
}

export async function testSend(
  deps: ConsoleIssueDeps,
  issueId: string,
  to: string,
  by: string,
): Promise<void> {
  const current = await requireEditable(deps, issueId);
  try {
    // Not on the web until it is sent (and the copy is never archived): no "view in browser" link, a note instead.
    await sendTestCopy(
      deps.testCopy,
      current.issue,
      await deps.render(current.issue, { webVersion: false }),
      to,
    );
  } catch (error) {
    if (error instanceof TestCopyAddressError) throw new ConsoleIssueError(error.message);
    throw new TestCopyNotSentError(error);
  }
  await appendAudit(deps, issueId, (at) => entry(by, at, 'test-send', 'sent a test copy'));
}

/**
 * Adds an entry to an issue's audit trail, on top of whatever was saved since it was read: the entry records what
 * happened (a test copy went out) whatever changed meanwhile, so a save that lands first is read again, not refused.
 */
async function appendAudit(
  deps: ConsoleIssueDeps,
  issueId: string,
  item: (at: Date) => IssueAuditEntry,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await requireEditable(deps, issueId);
    const at = deps.now();
    try {
      await save(deps, current, withAudit(current.issue, item(at)), at, issueVersion(current.issue));
      return;
    } catch (error) {
      if (!(error instanceof StaleIssueError) || attempt >= 5) throw error;
    }
  }
}

/**
 * Schedules a console draft; it goes out with the first `sendDueDrafts` at or after `sendAt`. `version` is the issue's
 * version the editor saw, as for Send now: when it is given and the issue has changed since (or changes before the
 * write), StaleIssueError and nothing is scheduled, so that what goes out at its time is what the editor looked at.
 */
export async function scheduleDraft(
  deps: ConsoleIssueDeps,
  issueId: string,
  sendAt: Date,
  by: string,
  options: { version?: string } = {},
): Promise<void> {
  if (!deps.sendsScheduled)
    throw new ConsoleIssueError(
      'Scheduling is not available here: nothing would send the draft at its time. Send it now when it is due.',
      409,
    );
  const draft = await deps.drafts.get(issueId);
  if (!draft) throw new ConsoleIssueError('no such draft (briefings go out when approved)', 404);
  if (draft.status !== 'editing' && draft.status !== 'scheduled')
    throw new ConsoleIssueError(`this issue is already ${draft.status}`, 409);
  const version = options.version ?? issueVersion(draft.issue);
  if (version !== issueVersion(draft.issue)) throw new StaleIssueError('scheduled');
  const now = deps.now();
  if (sendAt.getTime() <= now.getTime()) throw new ConsoleIssueError('pick a time in the future');
  // refused now, as Send now refuses it, rather than handed back to the editor at its time
  const [empty] = emptyStories(draft.issue);
  if (empty) throw new EmptyStoryError(empty);
  const issue = withAudit(draft.issue, entry(by, now, 'schedule', `scheduled for ${sendAt.toISOString()}`));
  const scheduled: IssueDraft = {
    ...draft,
    issue,
    status: 'scheduled',
    sendAt: sendAt.toISOString(),
    updatedAt: now.toISOString(),
  };
  // Over the draft as read, or not at all: an edit saved meanwhile is never undone by the schedule's write.
  if (!(await deps.drafts.replace(scheduled, { version }))) throw new StaleIssueError('scheduled');
}

/**
 * Takes a scheduled console draft's schedule off at the editor's request: an editable draft again, sent only when
 * sent or scheduled again, its audit trail naming who. The write is conditional on the version read here, so of this
 * and a due send that marks the draft `sending` at the same moment exactly one lands; when the send wins, the editor
 * is told it is already going out (409).
 */
export async function unscheduleDraft(deps: ConsoleIssueDeps, issueId: string, by: string): Promise<void> {
  const draft = await deps.drafts.get(issueId);
  if (!draft) throw new ConsoleIssueError('no such draft', 404);
  if (draft.status !== 'scheduled')
    throw new ConsoleIssueError(
      draft.status === 'editing'
        ? 'this draft is not scheduled: nothing to take off'
        : `this issue is already ${draft.status}: too late to take its schedule off`,
      409,
    );
  const why = `schedule for ${draft.sendAt ?? '?'} taken off: stays a draft`;
  const back = asEditing(draft, by, deps.now(), 'unschedule', why);
  if (!(await deps.drafts.replace(back, { version: issueVersion(draft.issue) })))
    throw new StaleIssueError('changed');
}

/**
 * Sends a console draft now (archive, then deliver) or approves a briefing draft (which sends it).
 * Returns once the delivery has started; `finished` settles when it is over.
 *
 * `version` is the issue's version the editor saw (`issueVersion`): when it is given and the issue has changed
 * since, StaleIssueError. A list without a mailable subscriber: NoRecipientsError. Both are checked before the
 * one-time send claim is taken, so a refused send leaves the draft as it was, free to be sent later. A briefing's
 * approval checks both again as it approves (the version is a condition of that write), and claims its stories for
 * it: a story another issue carries refuses the send, the draft kept (StoryClaimedError, 409). `due`: the scheduled
 * check is sending it at its time (sendDueDrafts), so a failure before any mail went out takes its schedule off; an
 * editor's Send now that fails so leaves a scheduled draft scheduled (giveBack).
 */
export async function sendNow(
  deps: ConsoleIssueDeps,
  issueId: string,
  by: string,
  options: { version?: string; due?: boolean } = {},
): Promise<{ issueId: string; finished: Promise<void> }> {
  const current = await requireEditable(deps, issueId);
  if (options.version !== undefined && options.version !== issueVersion(current.issue))
    throw new StaleIssueError();
  const [empty] = emptyStories(current.issue);
  if (empty) throw new EmptyStoryError(empty);
  if (current.origin === 'briefing') {
    const briefings = deps.briefings;
    if (!briefings) throw new ConsoleIssueError('briefings are not available here', 409);
    // approve publishes the stored draft, which holds every edit made in the console.
    const outcome = await briefings.approve(issueId, { version: issueVersion(current.issue) });
    switch (outcome.kind) {
      case 'sent':
        return { issueId, finished: outcome.delivery.then(() => {}) };
      case 'stale':
        throw new StaleIssueError();
      case 'no-recipients':
        throw new NoRecipientsError(outcome.list, outcome.topic, outcome.suppressed);
      case 'empty-story':
        throw new EmptyStoryError(outcome);
      case 'claimed':
        throw new StoryClaimedError(outcome.conflict);
      case 'not-found':
        throw new ConsoleIssueError('no such issue', 404);
      case 'expired':
        throw new ConsoleIssueError(
          'this briefing was not approved before its deadline; it has expired',
          409,
        );
      default:
        throw new ConsoleIssueError(`this briefing is already ${outcome.status}`, 409);
    }
  }
  const audience = await audienceSize(deps, current.issue.list, current.issue.topic);
  if (audience.mailable === 0)
    throw new NoRecipientsError(current.issue.list, current.issue.topic, audience.suppressed);
  const now = deps.now();
  const draft = (await deps.drafts.get(issueId)) as IssueDraft;
  const issue = withAudit(current.issue, entry(by, now, 'send', 'sent to the list'));
  const sending: IssueDraft = {
    ...draft,
    issue,
    status: 'sending',
    sendAt: null,
    updatedAt: now.toISOString(),
  };
  // The version checked above is a condition of this write: a change saved since (an edit landing between that check
  // and now, another Send of the same page) refuses the send rather than being overwritten and never sent. Before the
  // one-time send claim, so that a refused send leaves the draft free to be sent later.
  const version = options.version ?? issueVersion(current.issue);
  if (!(await deps.drafts.replace(sending, { version }))) throw new StaleIssueError();
  let rendered: RenderedIssue;
  try {
    rendered = await startSend(deps, issue, version, now);
  } catch (error) {
    const back = await giveBack(deps, { draft, sending, by, due: options.due === true }, error);
    throw back ? new SendStoppedError(error, back.status === 'scheduled' ? back.sendAt : null) : error;
  }
  const finished = deps.deliver(issue, rendered).then(async () => {
    await deps.drafts.put({ ...sending, status: 'sent', updatedAt: deps.now().toISOString() });
  });
  return { issueId, finished };
}

/**
 * What a console send does before its mail goes out: claims its stories and the one right to send this version
 * (`claimSend`), renders the issue, archives it and records its stories as sent. Returns the rendering to deliver.
 */
async function startSend(
  deps: ConsoleIssueDeps,
  issue: Issue,
  version: string,
  now: Date,
): Promise<RenderedIssue> {
  // One story, one issue, as for a briefing (use-cases/story-claims.ts): a story another issue carries refuses the
  // send (giveBack puts the draft back as it was, for the editor to drop that story).
  const store = deps.briefings?.store;
  const carried = storiesWithUrls(issue);
  if (store && carried.length > 0) {
    const claim = await claimStories({ store, archive: deps.archive, now: deps.now }, issue, carried);
    if (!claim.ok) throw new StoryClaimedError(claim.conflict);
  }
  if (deps.claimSend && !(await deps.claimSend(issue.id, version)))
    throw new ConsoleIssueError('this issue is already being sent', 409);
  const rendered = await deps.render(issue);
  await deps.archive.put({ issue, rendered });
  // Recorded as sent, as a briefing's stories are: the list's next briefing leaves them out before reading them,
  // rather than composing them and running into their claims.
  if (store && carried.length > 0)
    await store.recordSent(
      issue.list,
      issue.id,
      carried.map((c) => c.fingerprint),
      now.toISOString(),
    );
  return rendered;
}

/**
 * A send that stopped before any mail went out gives its draft back to the editor, over the `sending` draft it wrote,
 * so that nothing is left in `sending` with no delivery to resume: editable, and scheduled as it was when the editor
 * pressed Send now (they asked to send it now, not to take its schedule off), but no longer scheduled when it was the
 * scheduled check that sent it (`due`: a failure that lasts would otherwise be tried, and written in the trail, every
 * minute). A story another issue carries gives it back unchanged, for the editor to drop that story (sendDueDrafts
 * unschedules it, saying so). Any other failure (the archive or the renderer refusing) is written in its audit trail
 * with the error's name; that entry is a new version of the draft, whose send takes a claim of its own (`claimSend` is
 * per version). A claim refused is left as it is: whoever holds it is sending. When the give-back itself fails, the
 * send's error is the one thrown, the draft stays `sending`, and the console offers it back once it counts as stopped
 * (`stoppedSend`). Returns the draft given back with the failure in its trail (the send then throws
 * SendStoppedError), or null.
 */
async function giveBack(
  deps: ConsoleIssueDeps,
  send: { draft: IssueDraft; sending: IssueDraft; by: string; due: boolean },
  error: unknown,
): Promise<IssueDraft | null> {
  const { draft, sending, by } = send;
  if (error instanceof ConsoleIssueError && error.status === 409 && !(error instanceof StoryClaimedError))
    return null;
  const name = error instanceof Error ? error.name : 'Error';
  const kept = draft.status === 'scheduled' && !send.due;
  const why =
    draft.status !== 'scheduled'
      ? 'not sent'
      : kept
        ? `not sent; still scheduled for ${draft.sendAt ?? '?'}`
        : 'not sent; no longer scheduled';
  const summary = `${why}: the send stopped before any mail went out (${name})`;
  const at = deps.now();
  const back =
    error instanceof StoryClaimedError
      ? draft
      : kept
        ? {
            ...draft,
            issue: withAudit(draft.issue, entry(by, at, 'send-failed', summary)),
            updatedAt: at.toISOString(),
          }
        : asEditing(draft, by, at, 'send-failed', summary);
  try {
    // (a story claimed by another issue is that refusal, not a failure of the send)
    const given = await deps.drafts.replace(back, { version: issueVersion(sending.issue) });
    return given && back !== draft ? back : null;
  } catch (failure) {
    deps.log?.({ level: 'error', issueId: draft.issue.id, givenBack: false, error: String(failure) });
    return null;
  }
}

/**
 * Sends every scheduled draft whose time has come, in the name of whoever scheduled it; returns their ids. A draft
 * that somebody is already sending (Send now, or an overlapping check) is left to them. One that fails does not keep
 * the others from going out: each is tried, and then the check throws (an AggregateError naming the failed and the
 * sent), so that the invocation counts as an error. A failure before any mail went out has given the draft back to the
 * editor, unscheduled (giveBack with `due`).
 */
export async function sendDueDrafts(deps: ConsoleIssueDeps): Promise<string[]> {
  const now = deps.now().toISOString();
  const due = (await deps.drafts.listScheduled())
    .filter((d) => d.sendAt && d.sendAt <= now)
    .sort((a, b) => ((a.sendAt ?? '') < (b.sendAt ?? '') ? -1 : 1));
  const sent: string[] = [];
  const failed: { id: string; error: unknown }[] = [];
  for (const draft of due) {
    const by =
      [...(draft.issue.audit ?? [])].reverse().find((a) => a.op === 'schedule')?.by ?? draft.createdBy;
    try {
      const { finished } = await sendNow(deps, draft.issue.id, by, { due: true });
      await finished;
      sent.push(draft.issue.id);
    } catch (error) {
      if (error instanceof NoRecipientsError) {
        // Kept, not used up: back to an editable draft that says why, rather than retried every minute.
        await unschedule(deps, draft, by, 'not sent at its time: the list had no mailable subscriber');
        deps.log?.({ level: 'warn', issueId: draft.issue.id, scheduled: 'no mailable subscriber' });
        continue;
      }
      if (error instanceof StoryClaimedError) {
        // Another issue carried one of its stories: back to the editor to drop it, rather than refused every minute.
        await unschedule(deps, draft, by, `not sent at its time: ${describeConflict(error.conflict)}`);
        deps.log?.({ level: 'warn', issueId: draft.issue.id, scheduled: 'a story another issue carries' });
        continue;
      }
      if (error instanceof EmptyStoryError) {
        // Edited after it was scheduled down to a story with nothing in it: back to the editor, as above.
        const why = `not sent at its time: ${nameOfStory(error.empty)} had no key point and no quote left`;
        await unschedule(deps, draft, by, why);
        deps.log?.({ level: 'warn', issueId: draft.issue.id, scheduled: 'a story with nothing left' });
        continue;
      }
      if (error instanceof ConsoleIssueError && error.status === 409) {
        deps.log?.({ level: 'info', issueId: draft.issue.id, scheduled: 'already being sent' });
        continue;
      }
      // Any other failure: the drafts due after it still go out, and the check fails once they have been tried.
      deps.log?.({ level: 'error', issueId: draft.issue.id, scheduled: 'not sent', error });
      failed.push({ id: draft.issue.id, error });
    }
  }
  if (failed.length > 0)
    throw new AggregateError(
      failed.map((f) => f.error),
      `due drafts not sent: ${failed.map((f) => f.id).join(', ')}; sent: ${sent.join(', ') || 'none'}`,
    );
  return sent;
}

async function unschedule(deps: ConsoleIssueDeps, draft: IssueDraft, by: string, why: string): Promise<void> {
  const current = await deps.drafts.get(draft.issue.id);
  if (current?.status !== 'scheduled') return;
  // A change saved meanwhile wins: the draft is the editor's again, and the next check finds it as they left it.
  const back = asEditing(current, by, deps.now(), 'unschedule', why);
  await deps.drafts.replace(back, { version: issueVersion(current.issue) });
}

/**
 * Delivers an archived issue again, as `digest send --issue ID` does (or with `resendUnknown`, as
 * `--resend-unknown` does): the editor's answer to a delivery that left recipients failed, unknown or stalled.
 * Nobody who was sent the issue gets it again (the delivery ledger decides, record by record). The issue's audit
 * trail records who asked. Returns once the delivery has started; `finished` settles when it is over.
 */
export async function resumeDelivery(
  deps: ConsoleIssueDeps,
  issueId: string,
  by: string,
  options: { resendUnknown: boolean },
): Promise<{ issueId: string; finished: Promise<void> }> {
  const archived = await deps.archive.get(issueId);
  if (!archived)
    throw new ConsoleIssueError('this issue was never sent: there is no delivery to resume', 404);
  if (options.resendUnknown && !deps.resendsUnknown)
    throw new ConsoleIssueError(
      "unknown deliveries are not resent here: SES's Send events settle them to sent when SES had the mail",
      409,
    );
  const now = deps.now();
  const summary = options.resendUnknown
    ? 'resent to the recipients whose send was unknown'
    : 'resumed the delivery';
  const issue = withAudit(
    archived.issue,
    entry(by, now, options.resendUnknown ? 'resend-unknown' : 'resume', summary),
  );
  await deps.archive.put({ issue, rendered: archived.rendered });
  const draft = await deps.drafts.get(issueId);
  if (draft) await deps.drafts.put({ ...draft, issue, updatedAt: now.toISOString() });
  const finished = deps.redeliver(issue, archived.rendered, options).then(async () => {
    // A console send whose first run never ended (the server stopped): this one did.
    const after = await deps.drafts.get(issueId);
    if (after?.status === 'sending')
      await deps.drafts.put({ ...after, status: 'sent', updatedAt: deps.now().toISOString() });
  });
  return { issueId, finished };
}

/**
 * Rejects a briefing awaiting approval: it is never sent, and its articles stay queued. Recorded as its own outcome,
 * `rejected` (the draft and its window), not as an expiry, and in its audit trail with who rejected it.
 *
 * Rejecting is final (a rejected briefing is never sent, and the edits made to it do not carry over to the next
 * briefing), so the editor's page asks for it to be confirmed and names the version it showed: with `version`, the
 * version is a condition of the write that settles the draft, so a reject posted from a page loaded before another
 * change (another editor's edit, another tab) is refused (StaleIssueError, 409) and the draft stays pending.
 */
export async function rejectBriefing(
  deps: ConsoleIssueDeps,
  issueId: string,
  by: string,
  options: { version?: string } = {},
): Promise<void> {
  const store = deps.briefings?.store;
  const draft = await store?.getDraft(issueId);
  if (!store || !draft) throw new ConsoleIssueError('no briefing awaits approval under that id', 404);
  const stale = () => new StaleIssueError('rejected');
  if (
    draft.status === 'pending' &&
    options.version !== undefined &&
    options.version !== issueVersion(draft.issue)
  )
    throw stale();
  const at = deps.now();
  const expect = options.version === undefined ? undefined : { version: options.version };
  if (!(await store.settleDraft(issueId, 'rejected', at.toISOString(), expect))) {
    const now = await store.getDraft(issueId);
    // Still pending: it was changed between the read above and the write (the version condition refused it).
    if (now?.status === 'pending') throw stale();
    throw new ConsoleIssueError(`this briefing was already ${now?.status ?? 'settled'}`, 409);
  }
  await store.settleWindow(draft.list, draft.window, 'rejected', at.toISOString(), `rejected by ${by}`);
  // Who rejected it, in the trail the editor's page shows (the draft is settled: nothing else writes it now).
  const settled = await store.getDraft(issueId);
  if (settled?.status === 'rejected')
    await store.putDraft({
      ...settled,
      issue: withAudit(
        settled.issue,
        entry(by, at, 'reject', 'rejected: never sent; its articles stay queued'),
      ),
    });
}

/** Everything an editor may look at: console drafts and briefings awaiting approval, newest first. */
export async function listEditable(
  deps: ConsoleIssueDeps,
  lists: readonly string[],
): Promise<EditableIssue[]> {
  const now = deps.now();
  const drafts: EditableIssue[] = [];
  for (const d of await deps.drafts.list(100)) drafts.push(fromConsole(d, await stoppedSend(deps, d)));
  const pending: EditableIssue[] = [];
  for (const list of lists)
    for (const draft of (await deps.briefings?.store.pendingDrafts(list)) ?? [])
      pending.push(fromBriefing(draft, now));
  return [...pending, ...drafts];
}

function fromBriefing(draft: Draft, now: Date): EditableIssue {
  return {
    origin: 'briefing',
    issue: draft.issue,
    status: draft.status,
    deadline: draft.deadline,
    editable: draft.status === 'pending' && draft.deadline > now.toISOString(),
  };
}

async function requireEditable(deps: ConsoleIssueDeps, issueId: string): Promise<EditableIssue> {
  const current = await loadEditable(deps, issueId);
  if (!current) throw new ConsoleIssueError('no such issue', 404);
  if (!current.editable)
    throw new ConsoleIssueError(`this issue is ${current.status} and can no longer change`, 409);
  return current;
}

/**
 * Saves a changed issue over the one at `version` (the version it was made from), or refuses: StaleIssueError when
 * another change was saved since. The version is checked as part of the write (the draft store's `replace`, the
 * briefing draft's conditional write), so that of two saves made from the same version exactly one lands.
 */
async function save(
  deps: ConsoleIssueDeps,
  current: EditableIssue,
  issue: Issue,
  at: Date,
  version: string,
): Promise<void> {
  if (current.origin === 'console') {
    const draft = await deps.drafts.get(issue.id);
    if (!draft || !(draft.status === 'editing' || draft.status === 'scheduled'))
      throw new ConsoleIssueError(`this issue is ${draft?.status ?? 'gone'} and can no longer change`, 409);
    if (!(await deps.drafts.replace({ ...draft, issue, updatedAt: at.toISOString() }, { version })))
      throw new StaleIssueError('changed');
    return;
  }
  const store = deps.briefings?.store;
  const draft = await store?.getDraft(issue.id);
  // Only while it is pending (an edit racing an approval never puts the approved draft back to pending), and only
  // over the version it was made from.
  if (
    store &&
    draft?.status === 'pending' &&
    (await store.updatePendingDraft({ ...draft, issue }, { version }))
  )
    return;
  const now = await store?.getDraft(issue.id);
  if (now?.status === 'pending') throw new StaleIssueError('changed');
  throw new ConsoleIssueError('this briefing was approved or expired meanwhile', 409);
}

function entry(by: string, at: Date, op: string, summary: string): IssueAuditEntry {
  return { at: at.toISOString(), by, op, summary };
}

function withAudit(issue: Issue, item: IssueAuditEntry): Issue {
  return { ...issue, audit: [...(issue.audit ?? []), item] };
}

/** The draft as the editor's again: editable, on no schedule, with why in its audit trail. */
function asEditing(draft: IssueDraft, by: string, at: Date, op: string, summary: string): IssueDraft {
  const issue = withAudit(draft.issue, entry(by, at, op, summary));
  return { ...draft, issue, status: 'editing', sendAt: null, updatedAt: at.toISOString() };
}

function describe(inputs: readonly ComposeInput[]): string {
  const urls = inputs.filter((i) => i.kind === 'url').length;
  const texts = inputs.length - urls;
  const parts = [];
  if (urls) parts.push(`${urls} URL${urls === 1 ? '' : 's'}`);
  if (texts) parts.push(`${texts} pasted text${texts === 1 ? '' : 's'}`);
  return parts.join(' and ');
}
