/**
 * Issues in the console: compose, edit as data, preview (600 px, 375 px, dark), test, send or
 * schedule, approve or reject a briefing, follow a running send, and resume one that left
 * recipients failed, unknown or stalled.
 *
 * The Send now form says whom it sends to (the list's mailable confirmed subscribers, counted) and carries the
 * version of the issue the page showed: a change saved since refuses the send (409), as it refuses an edit. The
 * Schedule form carries it too, and is refused the same way.
 */

import { emptyStories, nameOfStory } from '../core/empty-stories.js';
import {
  cleanSubject,
  type IssueEdit,
  IssueEditError,
  issueEditSchema,
  mayDescribeDropped,
  sameSpeaker,
} from '../core/issue-edits.js';
import { PLACEHOLDERS } from '../core/placeholders.js';
import { sourceUrl } from '../core/source-url.js';
import type { Issue, Story } from '../core/types.js';
import { html, type RawHtml } from '../handlers/http/page.js';
import type { HttpResult } from '../handlers/http/types.js';
import { forceColorScheme } from '../handlers/preview.js';
import {
  audienceSize,
  type ComposeInput,
  ConsoleIssueError,
  composeDraft,
  composeFromSources,
  type EditableIssue,
  editIssue,
  issueVersion,
  listEditable,
  loadEditable,
  noMailableSubscriber,
  rejectBriefing,
  reopenStoppedSend,
  resumeDelivery,
  SendStoppedError,
  StaleIssueError,
  StoryClaimedError,
  scheduleDraft,
  sendNow,
  sendStoppedText,
  TestCopyNotSentError,
  testSend,
  unscheduleDraft,
} from '../use-cases/console-issues.js';
import { type Undelivered, undeliveredCounts } from '../use-cases/issue-stats.js';
import type { MailableCount } from '../use-cases/mailable-subscribers.js';
import type { AdminContext } from './admin-context.js';
import { jsonResult, PREVIEW_CSP, redirect, SECURITY_HEADERS } from './admin-http.js';
import { csrfField, scrollRegion } from './layout.js';
import { anyUndelivered, undeliveredFlag, undeliveredSection } from './undelivered.js';

const URL_LINE_RE = /^https?:\/\/\S+$/i;
const MAX_INPUTS = 10;
/** The newest issues of each list under Sent on the Issues page. */
const SENT_PER_LIST = 10;
/** Where an edit form returns to: one of the editor's own anchors (`story-2`), never text for the Location header. */
const ANCHOR_RE = /^[a-z][a-z0-9-]{0,40}$/;

/**
 * Resumes this process runs after its answer (`digest dev`), by issue: their progress page is not finished while
 * one runs, though the ledger may look settled until its workers take the first record over. In a Lambda the
 * resume (queueing) ends before the answer, so nothing stays here.
 */
const resuming = new Map<string, number>();

function track(id: string, work: Promise<void>): Promise<void> {
  resuming.set(id, (resuming.get(id) ?? 0) + 1);
  return work.finally(() => {
    const left = (resuming.get(id) ?? 1) - 1;
    if (left > 0) resuming.set(id, left);
    else resuming.delete(id);
  });
}

export async function issueRoutes(ctx: AdminContext): Promise<HttpResult | null> {
  const [section, id, action, mode] = ctx.path;
  if (section !== 'issues') return null;
  if (id === undefined) return ctx.method === 'POST' ? compose(ctx) : index(ctx);
  if (id === 'new' && ctx.method === 'GET') return composePage(ctx);
  if (action === undefined && ctx.method === 'GET') return editor(ctx, id, await notice(ctx, id));
  if (action === 'preview' && ctx.method === 'GET') return preview(ctx, id, mode);
  if (action === 'progress' && ctx.method === 'GET') return progress(ctx, id);
  if (action === 'progress.json' && ctx.method === 'GET') {
    const found = await progressState(ctx, id);
    return found ? jsonResult(200, found.state) : jsonResult(404, { error: 'no such issue' });
  }
  if (ctx.method !== 'POST') return null;
  if (action === 'edit') {
    // Every edit form carries the version its page showed (versionField): a post without one could not be checked
    // against a change saved since, and would apply twice when posted twice. Refused, nothing changed.
    const version = ctx.form.fields.get('version');
    if (version === undefined || version === '')
      return editor(
        ctx,
        id,
        {
          kind: 'error',
          text: 'Not changed: the form did not say which version of the issue it was made from, so it could not be checked against changes saved since. Here is the issue as it is now: make the change again from this page.',
        },
        400,
      );
    try {
      // editIssue checks the version before it applies the edits (a stale page's offsets may name other points), and
      // again as part of the save: two editors posting from the same page at once, one lands.
      await editIssue(ctx.deps.issues, id, editsFrom(ctx), ctx.who, { version });
    } catch (error) {
      if (error instanceof StaleIssueError)
        return editor(ctx, id, { kind: 'error', text: error.message }, 409);
      // A refused edit: the editor again, the reason above it and the form as it was posted.
      if (!(error instanceof IssueEditError)) throw error;
      return editor(ctx, id, { kind: 'error', text: `Not changed: ${error.message}` }, 422);
    }
    const back = ctx.form.fields.get('return') ?? '';
    return redirect(`/admin/issues/${encodeURIComponent(id)}#${ANCHOR_RE.test(back) ? back : 'top'}`);
  }
  if (action === 'test') {
    const to = (ctx.form.fields.get('to') ?? '').trim();
    if (!to) throw new ConsoleIssueError('give the address the test copy goes to');
    let refused: HttpResult | null;
    try {
      refused = await refusal(ctx, id, () => testSend(ctx.deps.issues, id, to, ctx.who));
    } catch (error) {
      // The mail service refused it (or could not be reached): logged, and the editor again with why and the address.
      if (!(error instanceof TestCopyNotSentError)) throw error;
      ctx.deps.issues.log?.({ level: 'error', route: 'admin-test-send', issueId: id, error });
      return editor(ctx, id, { kind: 'error', text: error.message }, 502);
    }
    if (refused) return refused;
    // Post/redirect/get: reloading the page that says so must not send another copy.
    return redirect(`/admin/issues/${encodeURIComponent(id)}?done=test`);
  }
  if (action === 'send') {
    let started: Awaited<ReturnType<typeof sendNow>>;
    try {
      // The version the page showed: a form without one is as stale as one from an older page.
      started = await sendNow(ctx.deps.issues, id, ctx.who, {
        version: ctx.form.fields.get('version') ?? '',
      });
    } catch (error) {
      // Changed since the page was loaded, or a story another issue carries: the editor again, the draft kept.
      if (error instanceof StaleIssueError || error instanceof StoryClaimedError)
        return editor(ctx, id, { kind: 'error', text: error.message }, 409);
      // Nobody to send to: the editor again, the draft as it was.
      if (error instanceof ConsoleIssueError && error.status === 422)
        return editor(ctx, id, { kind: 'error', text: `Not sent: ${error.message}` }, 422);
      // The service failed before any mail went out, and the draft is the editor's again: logged, and said on its page.
      if (!(error instanceof SendStoppedError)) throw error;
      ctx.deps.issues.log?.({ level: 'error', route: 'admin-send', issueId: id, error });
      const text = sendStoppedText(error.cause, error.scheduledFor, formatTime);
      return editor(ctx, id, { kind: 'error', text }, 500);
    }
    const watched = started.finished.catch((error: unknown) =>
      ctx.deps.issues.log?.({ level: 'error', issueId: id, error }),
    );
    if (!ctx.deps.backgroundWork) await watched;
    return redirect(`/admin/issues/${encodeURIComponent(id)}/progress`);
  }
  if (action === 'resume' || action === 'resend-unknown') {
    const { finished } = await resumeDelivery(ctx.deps.issues, id, ctx.who, {
      resendUnknown: action === 'resend-unknown',
    });
    const watched = track(
      id,
      finished.catch((error: unknown) => ctx.deps.issues.log?.({ level: 'error', issueId: id, error })),
    );
    if (!ctx.deps.backgroundWork) await watched;
    return redirect(`/admin/issues/${encodeURIComponent(id)}/progress`);
  }
  if (action === 'schedule') {
    const when = parseLocalTime(ctx.form.fields.get('at') ?? '');
    let refused: HttpResult | null;
    try {
      refused = await refusal(ctx, id, async () => {
        if (!when) throw new ConsoleIssueError('give the date and time (UTC) to send at');
        // The version the page showed, as Send now's: a form without one is as stale as one from an older page.
        await scheduleDraft(ctx.deps.issues, id, when, ctx.who, {
          version: ctx.form.fields.get('version') ?? '',
        });
      });
    } catch (error) {
      // Changed since the page was loaded: the editor again, the draft as it is now and the time as typed.
      if (!(error instanceof StaleIssueError)) throw error;
      return editor(ctx, id, { kind: 'error', text: error.message }, 409);
    }
    if (refused) return refused;
    return redirect(`/admin/issues/${encodeURIComponent(id)}?done=scheduled`);
  }
  if (action === 'unschedule') {
    await unscheduleDraft(ctx.deps.issues, id, ctx.who);
    return redirect(`/admin/issues/${encodeURIComponent(id)}?done=unscheduled`);
  }
  if (action === 'reopen') {
    await reopenStoppedSend(ctx.deps.issues, id, ctx.who);
    return redirect(`/admin/issues/${encodeURIComponent(id)}`);
  }
  if (action === 'reject') return reject(ctx, id);
  return null;
}

/** What each issue form that can be refused asked for, as the heading of its refusal. */
const REFUSAL_HEADINGS = new Map([
  ['edit', 'Not changed'],
  ['test', 'Test copy not sent'],
  ['send', 'Not sent'],
  ['schedule', 'Not scheduled'],
  ['unschedule', 'Not unscheduled'],
  ['resume', 'Not resumed'],
  ['resend-unknown', 'Not resent'],
  ['reopen', 'Not reopened'],
  ['reject', 'Not rejected'],
]);

/**
 * The heading of the router's page for a refusal no route answered itself (admin/router.ts): what the form asked for,
 * not done ("Not sent" for a Send now refused as already being sent, "Not unscheduled"), else "Not done".
 */
export function issueRefusalHeading(method: 'GET' | 'POST', path: readonly string[]): string {
  const [section, id, action] = path;
  if (method !== 'POST' || section !== 'issues') return 'Not done';
  if (id === undefined) return 'Not composed';
  return REFUSAL_HEADINGS.get(action ?? '') ?? 'Not done';
}

/**
 * Rejects a briefing awaiting approval. Rejecting is final (it is never sent, and the edits made here do not carry
 * over to the next briefing), so the form asks for it twice over: a box the editor ticks to say they understand
 * (`confirm`, required by the form and checked here, so that it holds without script and for a hand-made post), and
 * the version its page showed, a condition of the write, so that a reject posted from a page loaded before another
 * change is refused (409) with the briefing as it is now. Done, the briefing's page says it was rejected.
 */
async function reject(ctx: AdminContext, id: string): Promise<HttpResult> {
  const version = ctx.form.fields.get('version') ?? '';
  if (version === '')
    return editor(
      ctx,
      id,
      {
        kind: 'error',
        text: 'Not rejected: the form did not say which version of the briefing it was made from, so it could not be checked against changes saved since. It still awaits approval; reject it again from this page.',
      },
      400,
    );
  if (ctx.form.fields.get('confirm') !== '1')
    return editor(
      ctx,
      id,
      {
        kind: 'error',
        text: 'Not rejected: tick "I understand" to say that this briefing is never sent and that the edits made to it are lost. It still awaits approval.',
      },
      422,
    );
  try {
    await rejectBriefing(ctx.deps.issues, id, ctx.who, { version });
  } catch (error) {
    if (error instanceof StaleIssueError) return editor(ctx, id, { kind: 'error', text: error.message }, 409);
    throw error;
  }
  return redirect(`/admin/issues/${encodeURIComponent(id)}?done=rejected`);
}

/**
 * What the editor says after a test copy or a schedule went through (`?done=` of the redirect). The address is
 * not in the URL (it would sit in the browser's history and the access logs); the schedule is read from the draft.
 */
async function notice(ctx: AdminContext, id: string): Promise<{ kind: 'ok'; text: string } | null> {
  const done = ctx.query.get('done');
  if (done === 'test') return { kind: 'ok', text: 'A test copy went out. Nobody was marked as delivered.' };
  if (done === 'rejected')
    return {
      kind: 'ok',
      text: 'Briefing rejected: it will never be sent. Its queued articles stay queued for the next briefing.',
    };
  if (done === 'unscheduled')
    return {
      kind: 'ok',
      text: 'Schedule taken off: this is a draft again, and it goes out only when you send it or schedule it again.',
    };
  if (done !== 'scheduled') return null;
  const at = (await loadEditable(ctx.deps.issues, id))?.deadline;
  // In the words the rest of the page gives it ("goes out 2027-05-04 06:15 UTC"), not the stored ISO string.
  return at ? { kind: 'ok', text: `Scheduled: it goes out ${formatTime(at)}.` } : null;
}

/**
 * Runs a send form's work; when it is refused for what was typed (422: a bad address, a time gone by), the editor
 * comes back with the reason and the form as posted. Other refusals go to the router's "Not done" page.
 */
async function refusal(ctx: AdminContext, id: string, work: () => Promise<void>): Promise<HttpResult | null> {
  try {
    await work();
    return null;
  } catch (error) {
    if (!(error instanceof ConsoleIssueError) || error.status !== 422) throw error;
    return editor(ctx, id, { kind: 'error', text: `Not done: ${error.message}` }, 422);
  }
}

async function index(ctx: AdminContext): Promise<HttpResult> {
  const lists = await ctx.deps.lists.store.list();
  // A console draft that went out is in the archive, so under Sent; it is no longer a draft.
  const editable = (
    await listEditable(
      ctx.deps.issues,
      lists.map((l) => l.id),
    )
  ).filter((e) => !(e.origin === 'console' && (e.status === 'sending' || e.status === 'sent')));
  const sent = (await Promise.all(lists.map((l) => ctx.deps.recentIssues(l.id, SENT_PER_LIST)))).flat();
  sent.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const draftIds = new Set(editable.filter((e) => e.editable).map((e) => e.issue.id));
  const shown = sent.filter((s) => !draftIds.has(s.id));
  // Who did not get each issue shown, counted as its stats page counts them (undeliveredRecipients, counts only),
  // from the counts the ledger keeps for an issue no sender is at work on: one BatchGetItem for the issues shown,
  // whatever the size of the list. An issue without them (a sender at work, or no view since the last change) is
  // counted by a pass over its records, once (docs/delivery.md, "Counts kept for settled issues").
  const undelivered = await undeliveredCounts(
    ctx.deps.stats.ledger,
    shown.map((s) => s.id),
    { now: ctx.deps.now() },
  );
  const body = html`<h1>Issues</h1>
<p><a class="button" href="/admin/issues/new">Compose an issue</a></p>
<h2>Drafts and briefings awaiting approval</h2>
${
  editable.length === 0
    ? html`<p class="muted">No drafts.</p>`
    : scrollRegion(
        'Drafts and briefings awaiting approval',
        html`<table><thead><tr><th scope="col">Subject</th><th scope="col">List</th><th scope="col">Status</th><th scope="col">Deadline or send time</th></tr></thead><tbody>
${editable.map(
  (e) =>
    html`<tr><td><a href="/admin/issues/${e.issue.id}">${e.issue.subject}</a></td><td>${e.issue.list}</td><td>${statusText(e)}</td><td>${e.deadline ? formatTime(e.deadline) : '—'}</td></tr>`,
)}</tbody></table>`,
      )
}
<h2>Sent</h2>
${
  shown.length === 0
    ? html`<p class="muted">Nothing sent yet.</p>`
    : html`${scrollRegion(
        'Sent issues',
        html`<table aria-describedby="undelivered-help"><thead><tr><th scope="col">Subject</th><th scope="col">List</th><th scope="col">Created</th><th scope="col">Not delivered</th><th scope="col">Numbers</th></tr></thead><tbody>
${shown.map((s) => {
  const report = undelivered.get(s.id);
  const flag = report ? undeliveredFlag(s.id, report) : '';
  return html`<tr><td><a href="/admin/issues/${s.id}/progress">${s.subject}</a></td><td>${s.list}</td><td>${formatTime(s.createdAt)}</td><td>${flag || html`<span class="muted">none</span>`}</td><td><a href="/admin/stats/${s.id}">Stats</a></td></tr>`;
})}</tbody></table>`,
      )}
<p class="small muted" id="undelivered-help">Not delivered: the recipients who failed, are unknown (the send may or may not have reached SES) or stalled (their sender stopped). Each count links to who they are, why, and Resume.</p>`
}`;
  return ctx.page('Issues', 'issues', body);
}

async function composePage(
  ctx: AdminContext,
  error: string | null = null,
  status = 200,
): Promise<HttpResult> {
  const lists = await ctx.deps.lists.store.list();
  const chosen = ctx.form.fields.get('list') ?? ctx.query.get('list') ?? lists[0]?.id ?? 'default';
  const sources = await ctx.deps.sources(chosen).catch(() => []);
  const listOptions = lists.map(
    (l) =>
      html`<option value="${l.id}"${l.id === chosen ? html` selected` : ''}>${l.title} (${l.id})</option>`,
  );
  const body = html`<h1>Compose an issue</h1>
<form class="card" method="post" action="/admin/issues" aria-labelledby="from-sources-h">${csrfField(ctx.csrf)}
<input type="hidden" name="from" value="sources">
<h2 id="from-sources-h">From the list's sources</h2>
<label for="src-list">List</label>
<select id="src-list" name="list">${listOptions}</select>
<p class="small muted" id="src-help">What is new in the list's feeds and queued articles since its last issue, read as its briefing reads them${
    sources.length ? html` (${sources.map((s, i) => html`${i ? ', ' : ''}<code>${s.url}</code>`)})` : ''
  }. The issue waits for approval like a briefing in review mode: edit it, then approve or reject it.</p>
${
  sources.length === 0
    ? html`<p class="small" id="src-none">The list <code>${chosen}</code> has no feeds: add one under <a href="/admin/lists/${encodeURIComponent(chosen)}#sources">Sources on its page</a>, or with <code>digest sources add URL --list ${chosen}</code>.</p>`
    : ''
}
<p><button type="submit" aria-describedby="src-help">Compose from the sources</button></p></form>
<h2>From article URLs or a pasted article</h2>
<form class="card" id="compose-form" method="post" action="/admin/issues">${csrfField(ctx.csrf)}
<label for="list">List</label>
<select id="list" name="list">${listOptions}</select>
<label for="subject">Subject <span class="muted">(optional: made from the stories)</span></label>
<input id="subject" name="subject" type="text" maxlength="200" value="${ctx.form.fields.get('subject') ?? ''}">
<label for="urls">Article URLs, one per line</label>
<textarea id="urls" name="urls" aria-describedby="urls-help">${ctx.form.fields.get('urls') ?? ''}</textarea>
<p id="urls-help" class="small muted">Each URL becomes one story, in this order.</p>
<label for="text">Or paste an article</label>
<textarea id="text" name="text" aria-describedby="text-help">${ctx.form.fields.get('text') ?? ''}</textarea>
<p id="text-help" class="small muted">The first line is the headline when it looks like one.</p>
<p><button type="submit">Compose</button></p></form>`;
  return ctx.page('Compose', 'issues', body, {
    status,
    flash: error ? { kind: 'error', text: error } : null,
  });
}

async function compose(ctx: AdminContext): Promise<HttpResult> {
  const list = ctx.form.fields.get('list') ?? 'default';
  if (!(await ctx.deps.lists.store.get(list))) return composePage(ctx, `There is no list "${list}".`, 404);
  if (ctx.form.fields.get('from') === 'sources') {
    try {
      const { issueId } = await composeFromSources(ctx.deps.issues, { list, by: ctx.who });
      return redirect(`/admin/issues/${encodeURIComponent(issueId)}`);
    } catch (error) {
      if (!(error instanceof ConsoleIssueError)) throw error;
      return composePage(ctx, error.message, error.status);
    }
  }
  const inputs: ComposeInput[] = [];
  for (const line of (ctx.form.fields.get('urls') ?? '').split(/\r?\n/).map((l) => l.trim())) {
    if (!line) continue;
    if (!URL_LINE_RE.test(line)) return composePage(ctx, `Not a web address: ${line.slice(0, 200)}`, 422);
    // The rule of every source an operator gives (core/source-url.ts): the story's URL is printed in the mail.
    const checked = sourceUrl(line);
    if (!checked.ok && checked.reason === 'credentials')
      return composePage(ctx, `Not composed: ${checked.message.slice(0, 300)}`, 422);
    inputs.push({ kind: 'url', url: line });
  }
  const text = ctx.form.fields.get('text') ?? '';
  if (text.trim()) inputs.push({ kind: 'text', text: text.replace(/\r\n/g, '\n'), title: null });
  if (inputs.length === 0) return composePage(ctx, 'Give at least one article URL or paste an article.', 422);
  if (inputs.length > MAX_INPUTS) return composePage(ctx, `At most ${MAX_INPUTS} stories in one issue.`, 422);
  // The subject's rules are the editor's (core/issue-edits): a subject composed here can be saved there too.
  let subject: string;
  try {
    subject = cleanSubject(ctx.form.fields.get('subject') ?? '');
  } catch (error) {
    if (!(error instanceof IssueEditError)) throw error;
    return composePage(ctx, `Not composed: ${error.message}.`, 422);
  }
  let draft: Awaited<ReturnType<typeof composeDraft>>;
  try {
    draft = await composeDraft(ctx.deps.issues, {
      list,
      inputs,
      subject: subject || null,
      by: ctx.who,
    });
  } catch (error) {
    // A page that cannot be read or is no article: say which and keep what was typed.
    return composePage(ctx, `Could not compose: ${(error as Error).message}`, 422);
  }
  return redirect(`/admin/issues/${encodeURIComponent(draft.issue.id)}`);
}

async function editor(
  ctx: AdminContext,
  id: string,
  flash: { kind: 'ok' | 'error'; text: string } | null = null,
  status = 200,
): Promise<HttpResult> {
  const current = await loadEditable(ctx.deps.issues, id);
  if (!current) {
    const archived = await ctx.deps.issues.archive.get(id);
    if (archived) return redirect(`/admin/issues/${encodeURIComponent(id)}/progress`);
    return ctx.page('Not found', 'issues', html`<h1>Not found</h1><p>There is no issue ${id}.</p>`, {
      status: 404,
    });
  }
  const { issue } = current;
  const can = current.editable;
  const base = `/admin/issues/${encodeURIComponent(issue.id)}`;
  const audience = can
    ? {
        ...(await audienceSize(ctx.deps.issues, issue.list, issue.topic)),
        title: (await ctx.deps.lists.store.get(issue.list))?.title ?? issue.list,
      }
    : null;
  const body = html`<h1 id="top">${issue.subject}</h1>
<p class="muted">Issue <code>${issue.id}</code> for the list <strong>${issue.list}</strong> · ${statusText(current)}${deadlineText(current)}</p>
${can ? html`${droppedNote(issue)}${metaForm(ctx, base, issue)}` : ''}
<h2>Stories</h2>
${issue.stories.map((story, s) => storyCard(ctx, base, issue, story, s, can))}
<h2 id="preview">Preview</h2>
<div class="frames" tabindex="0" role="region" aria-label="Previews of the email">
<figure><figcaption>Desktop, 600 px</figcaption><iframe class="w600" sandbox title="Preview at 600 pixels" src="${base}/preview/desktop"></iframe></figure>
<figure><figcaption>Phone, 375 px</figcaption><iframe class="w375" sandbox title="Preview at 375 pixels" src="${base}/preview/mobile"></iframe></figure>
<figure><figcaption>Phone, dark</figcaption><iframe class="w375 dark" sandbox title="Preview in dark mode" src="${base}/preview/dark"></iframe></figure>
</div>
${audience ? sendForms(ctx, base, current, audience) : current.status === 'stopped' ? reopenForm(ctx, base) : html`<p><a href="${base}/progress">Delivery progress</a></p>`}
<h2>Audit trail</h2>
${
  issue.audit?.length
    ? html`<ol class="audit small">${issue.audit.map((a) => html`<li><time datetime="${a.at}">${formatTime(a.at)}</time> · ${a.by}: ${a.summary}</li>`)}</ol>`
    : html`<p class="muted">No edits.</p>`
}`;
  return ctx.page(issue.subject, 'issues', body, { flash, status });
}

/** A send that stopped before anything was archived or queued (use-cases `stoppedSend`): the draft back, to send again. */
function reopenForm(ctx: AdminContext, base: string): RawHtml {
  return html`<form class="card" method="post" action="${base}/reopen" aria-labelledby="stopped-h">${csrfField(ctx.csrf)}
<h2 id="stopped-h">This send stopped</h2>
<p>Its send stopped before any mail went out: nothing was archived or queued, so there is no delivery to resume.</p>
<p><button type="submit">Back to draft</button></p></form>`;
}

function metaForm(ctx: AdminContext, base: string, issue: Issue): RawHtml {
  const posted = postedOp(ctx) === 'meta' ? ctx.form.fields : new Map<string, string>();
  return html`<form class="card" method="post" action="${base}/edit">${csrfField(ctx.csrf)}${versionField(issue)}
<input type="hidden" name="op" value="meta">
<label for="subject">Subject</label><input id="subject" name="subject" type="text" maxlength="200" required value="${posted.get('subject') ?? issue.subject}">
<label for="preheader">Preheader</label><input id="preheader" name="preheader" type="text" maxlength="300" value="${posted.get('preheader') ?? issue.preheader}">
<p><button type="submit">Save subject and preheader</button></p></form>`;
}

function storyCard(
  ctx: AdminContext,
  base: string,
  issue: Issue,
  story: Story,
  s: number,
  can: boolean,
): RawHtml {
  const name = story.title ?? story.url ?? `Story ${s + 1}`;
  const anchor = `story-${s}`;
  const button = (fields: Record<string, string | number>, label: string, aria: string, cls = 'secondary') =>
    html`<form class="inline" method="post" action="${base}/edit">${csrfField(ctx.csrf)}${versionField(issue)}${Object.entries(
      fields,
    ).map(
      ([k, v]) => html`<input type="hidden" name="${k}" value="${String(v)}">`,
    )}<input type="hidden" name="return" value="${anchor}"><button class="${cls}" type="submit" aria-label="${aria}">${label}</button></form>`;
  return html`<section class="card" id="${anchor}" aria-labelledby="${anchor}-h">
<h3 id="${anchor}-h">${s + 1}. ${name}</h3>
${
  can
    ? html`<p class="actions">${s > 0 ? button({ op: 'move-story', story: s, to: s - 1 }, 'Move up', `Move story ${s + 1} up`) : ''}${
        s < issue.stories.length - 1
          ? button({ op: 'move-story', story: s, to: s + 1 }, 'Move down', `Move story ${s + 1} down`)
          : ''
      }${issue.stories.length > 1 ? button({ op: 'drop-story', story: s }, 'Drop story', `Drop story ${s + 1}`, 'danger') : ''}</p>`
    : ''
}
${story.url ? html`<p class="small"><a href="${story.url}" rel="noreferrer">${story.url}</a></p>` : ''}
${
  can && story.keyPoints.length === 0 && story.quotes.length === 0
    ? html`<p class="card warning" role="status">This story has no key point and no quote left: there is nothing of it to send, and the issue is not sent while it is here. ${issue.stories.length > 1 ? 'Drop the story.' : 'It is the only story: compose the issue again.'}</p>`
    : ''
}
<h4>Key points</h4>
${
  story.keyPoints.length
    ? html`<ol class="points">${story.keyPoints.map(
        (p, i) =>
          html`<li>${p.text}${
            can
              ? html`<span class="actions">${
                  i > 0
                    ? button(
                        { op: 'move-key-point', story: s, start: p.start, by: -1 },
                        '↑',
                        `Move key point ${i + 1} up`,
                      )
                    : ''
                }${
                  i < story.keyPoints.length - 1
                    ? button(
                        { op: 'move-key-point', story: s, start: p.start, by: 1 },
                        '↓',
                        `Move key point ${i + 1} down`,
                      )
                    : ''
                }${button({ op: 'drop-key-point', story: s, start: p.start }, 'Drop', `Drop key point ${i + 1}`, 'danger')}</span>`
              : ''
          }</li>`,
      )}</ol>`
    : html`<p class="muted">No key points.</p>`
}
<h4>Quotes</h4>
${
  story.quotes.length
    ? html`<ul class="quotes">${story.quotes.map((q, i) => {
        const fid = `q-${s}-${q.start}`;
        const f = ctx.form.fields;
        const typed =
          postedOp(ctx) === 'correct-speaker' &&
          f.get('story') === String(s) &&
          f.get('start') === String(q.start);
        // The story's other quotes given the same speaker name: the correction changes them too, unless "only this".
        const others = can ? sameSpeaker(story, q.start).length : 0;
        return html`<li><blockquote>“${q.text}”</blockquote>
<p class="small">— ${q.speaker ?? html`<em>no speaker</em>`}${q.role ? html`, ${q.role}` : ''}${
          q.correction ? html` <span class="badge corrected">corrected by ${q.correction.by}</span>` : ''
        }</p>
${
  can
    ? html`<details${typed ? html` open` : ''}><summary>Correct the speaker or drop quote ${i + 1}</summary>
<form method="post" action="${base}/edit">${csrfField(ctx.csrf)}${versionField(issue)}<input type="hidden" name="op" value="correct-speaker">
<input type="hidden" name="story" value="${String(s)}"><input type="hidden" name="start" value="${String(q.start)}"><input type="hidden" name="return" value="${anchor}">
<div class="row"><div><label for="${fid}-speaker">Speaker</label><input id="${fid}-speaker" name="speaker" type="text" maxlength="120" value="${typed ? (f.get('speaker') ?? '') : (q.speaker ?? '')}"></div>
<div><label for="${fid}-role">Role</label><input id="${fid}-role" name="role" type="text" maxlength="160" value="${typed ? (f.get('role') ?? '') : (q.role ?? '')}"></div>
<div><button type="submit"${others ? html` aria-describedby="${fid}-same"` : ''}>Save speaker</button></div></div>${
        others
          ? html`<p class="small" id="${fid}-same">Saving corrects this quote and the ${others === 1 ? 'other quote' : `${others} other quotes`} of this story by “${q.speaker ?? ''}”, in one edit, so that the email names the speaker one way.</p>
<p><input id="${fid}-only" name="only" type="checkbox" value="1"${typed && f.get('only') === '1' ? html` checked` : ''}> <label class="inline" for="${fid}-only">Only this quote (the ${others === 1 ? 'other keeps' : 'others keep'} “${q.speaker ?? ''}”)</label></p>`
          : ''
      }</form>
<p>${button({ op: 'drop-quote', story: s, start: q.start }, 'Drop this quote', `Drop quote ${i + 1}`, 'danger')}</p></details>`
    : ''
}</li>`;
      })}</ul>`
    : html`<p class="muted">No quotes.</p>`
}
</section>`;
}

/** `story 2 (“…”)` as a sentence opens: `Story 2 (“…”)`. */
function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** What the editor does about `count` stories with nothing to send: drop them, or compose again when none would be left. */
function emptyFix(issue: Issue, count: number): string {
  if (issue.stories.length === 1) return 'it is the only story, so compose the issue again';
  const drop = `drop ${count === 1 ? 'that story' : 'those stories'} above`;
  return count === issue.stories.length ? `${drop}, or compose the issue again` : drop;
}

function sendForms(
  ctx: AdminContext,
  base: string,
  current: EditableIssue,
  audience: MailableCount & { title: string },
): RawHtml {
  const briefing = current.origin === 'briefing';
  const { issue } = current;
  // The mailable ones only (use-cases/mailable-subscribers.ts): the Lists page's Confirmed column gives the same number.
  const who = `${audience.mailable} confirmed ${audience.mailable === 1 ? 'subscriber' : 'subscribers'}${issue.topic ? ` of the topic “${issue.topic}”` : ''}`;
  const leftOut =
    audience.suppressed === 0
      ? 'Suppressed addresses (bounces, complaints) are left out.'
      : `${audience.suppressed} suppressed ${audience.suppressed === 1 ? 'address is' : 'addresses are'} left out (a hard bounce or a complaint): ${audience.suppressed === 1 ? 'it is' : 'they are'} never mailed.`;
  // What a refused test or schedule form posted, shown again.
  const typed = (action: string, field: string) =>
    ctx.method === 'POST' && ctx.path[2] === action ? (ctx.form.fields.get(field) ?? '') : '';
  // A story with nothing left to send stops the send (use-cases/console-issues.ts): said here, before the press.
  const empty = emptyStories(issue);
  const button = briefing ? 'Approve and send' : 'Send now';
  return html`<h2>Send</h2>
<div class="grid">
<form class="card" method="post" action="${base}/test">${csrfField(ctx.csrf)}
<h3>Test copy</h3><label for="test-to">Send one copy to</label><input id="test-to" name="to" type="email" required autocomplete="email" value="${typed('test', 'to')}">
<p class="small muted">Marks nobody as delivered.</p><p><button type="submit" class="secondary">Send test</button></p></form>
<form class="card" method="post" action="${base}/send">${csrfField(ctx.csrf)}${versionField(issue)}
<h3>${briefing ? 'Approve' : 'Send now'}</h3>${
    empty.length > 0
      ? html`<p id="send-q" class="card warning" role="status">${empty.map((e) => `${capitalised(nameOfStory(e))} has no key point and no quote left. `)}There is nothing of ${empty.length === 1 ? 'it' : 'them'} to send, so the issue is not sent while ${empty.length === 1 ? 'it is' : 'they are'} here: ${emptyFix(issue, empty.length)}.</p>
<p><button type="submit" aria-describedby="send-q" disabled>${button}</button></p>`
      : audience.mailable === 0
        ? html`<p id="send-q" role="status">The list <strong>${audience.title}</strong> (${issue.list}) has ${noMailableSubscriber(audience.suppressed, issue.topic)}: nobody would get this issue. Add or import subscribers first; the draft stays as it is.</p>
<p><button type="submit" aria-describedby="send-q" disabled>${button}</button></p>`
        : html`<p id="send-q">${briefing ? 'Approve this briefing and send it to' : 'Send to'} <strong>${who}</strong> of <strong>${audience.title}</strong> (${issue.list})?</p>
<p class="small muted" id="send-help">${leftOut} It goes out as this page shows it: a change saved after the page was loaded stops the send.</p>
<p><button type="submit" aria-describedby="send-q send-help">${briefing ? 'Approve and send' : 'Send now'} to ${who}</button></p>`
  }</form>
${
  briefing
    ? rejectForm(ctx, base, issue)
    : ctx.deps.issues.sendsScheduled
      ? scheduleCard(ctx, base, current, typed('schedule', 'at'), empty.length > 0)
      : ''
}
</div>`;
}

/**
 * Reject, for a briefing awaiting approval: final, so the button works only with the "I understand" box ticked (the
 * browser asks for it; the server checks it too), and the form carries the version the page showed (a change saved
 * since refuses it).
 */
function rejectForm(ctx: AdminContext, base: string, issue: Issue): RawHtml {
  const refused = ctx.method === 'POST' && ctx.path[2] === 'reject';
  return html`<form class="card" id="reject" method="post" action="${base}/reject" aria-labelledby="reject-h">${csrfField(ctx.csrf)}${versionField(issue)}
<h3 id="reject-h">Reject</h3><p id="reject-help">Rejecting is final: this briefing is never sent, and the edits made to it here are lost (the next briefing is composed afresh). Its queued articles stay queued for the next briefing.</p>
<p><input id="reject-confirm" name="confirm" type="checkbox" value="1" required aria-describedby="reject-help"${refused ? html` aria-invalid="true"` : ''}> <label class="inline" for="reject-confirm">I understand: reject this briefing, never send it, and lose its edits</label></p>
<p><button type="submit" class="danger" aria-describedby="reject-help">Reject this briefing</button></p></form>`;
}

/**
 * Schedule, or for a scheduled draft its time (in the field, to change it) and a form that takes the schedule off
 * (`POST …/unschedule`): a draft is never left to go out at a time the editor can no longer cancel.
 */
function scheduleCard(
  ctx: AdminContext,
  base: string,
  current: EditableIssue,
  typed: string,
  empty: boolean,
): RawHtml {
  const at = current.status === 'scheduled' ? current.deadline : null;
  return html`<div class="card"><form method="post" action="${base}/schedule">${csrfField(ctx.csrf)}${versionField(current.issue)}
<h3>Schedule</h3>${at ? html`<p id="scheduled-at" role="status">Scheduled: goes out <strong>${formatTime(at)}</strong>.</p>` : ''}<label for="at">${at ? 'Change the time (UTC)' : 'Send at (UTC)'}</label><input id="at" name="at" type="datetime-local" required aria-describedby="at-help" value="${typed || (at ? at.slice(0, 16) : '')}">
<p id="at-help" class="small muted">It goes out within a minute of that time; until then it stays editable here.</p>
<p><button type="submit" class="secondary"${empty ? html` aria-describedby="send-q" disabled` : ''}>${at ? 'Reschedule' : 'Schedule'}</button></p></form>${
    at
      ? html`<form method="post" action="${base}/unschedule">${csrfField(ctx.csrf)}
<p><button type="submit" class="secondary" aria-describedby="scheduled-at">Unschedule</button> <span class="small muted">It stays a draft, sent only when you send it or schedule it again.</span></p></form>`
      : ''
  }</div>`;
}

async function preview(ctx: AdminContext, id: string, mode: string | undefined): Promise<HttpResult> {
  const current = await loadEditable(ctx.deps.issues, id);
  const issue = current?.issue ?? (await ctx.deps.issues.archive.get(id))?.issue;
  if (!issue || !['desktop', 'mobile', 'dark'].includes(mode ?? ''))
    return ctx.page('Not found', 'issues', html`<h1>Not found</h1>`, { status: 404 });
  const rendered = await ctx.deps.issues.render(issue);
  // Personal links have no token in a preview: they lead nowhere.
  let email = rendered.html
    .replaceAll(PLACEHOLDERS.unsubscribeUrl, '#')
    .replaceAll(PLACEHOLDERS.preferencesUrl, '#');
  email = forceColorScheme(email, mode === 'dark' ? 'dark' : 'light');
  return {
    statusCode: 200,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': PREVIEW_CSP,
      'x-frame-options': 'SAMEORIGIN',
    },
    body: email,
  };
}

interface ProgressState {
  done: number;
  total: number;
  finished: boolean;
  text: string;
}

/**
 * Null for an issue the console never heard of: no draft, nothing archived, no delivery. The report (who did not get
 * it, with addresses) comes from the same read of the ledger, and never goes into the progress JSON.
 */
async function progressState(
  ctx: AdminContext,
  id: string,
): Promise<{ state: ProgressState; report: Undelivered } | null> {
  const counts = await ctx.deps.issues.progress(id);
  const current = await loadEditable(ctx.deps.issues, id);
  if (!current && counts.total === 0 && !(await ctx.deps.issues.archive.get(id))) return null;
  // skipped (consent gone at send time) is done too, though neither sent nor failed
  const settled = counts.sent + counts.failed + counts.unknown + counts.skipped;
  const running = counts.claimed + counts.sending;
  // Done when every recipient its fan-out queued is settled (none queued: done at once); without that count (an
  // issue queued before it was recorded), when something settled and nothing is in progress. A console draft is
  // done once its send has handed everything over (locally, the workers have ended; in AWS, it is queued) and the
  // ledger agrees; an issue this process is resuming is not done until the resume ends.
  const queuedAll = counts.queued === null ? settled > 0 : settled >= counts.queued;
  const ledgerDone = running === 0 && queuedAll;
  const finished =
    !resuming.has(id) &&
    (current?.origin === 'console' ? current.status === 'sent' && ledgerDone : ledgerDone);
  const state = {
    done: settled,
    total: counts.total,
    finished,
    text: `${finished ? 'Done' : 'Sending'}: sent ${counts.sent}, failed ${counts.failed}, unknown ${counts.unknown}${counts.skipped ? `, skipped ${counts.skipped}` : ''}${running ? `, in progress ${running}` : ''}`,
  };
  return { state, report: counts.undelivered };
}

async function progress(ctx: AdminContext, id: string): Promise<HttpResult> {
  const found = await progressState(ctx, id);
  if (!found)
    return ctx.page('Not found', 'issues', html`<h1>Not found</h1><p>There is no issue ${id}.</p>`, {
      status: 404,
    });
  const { state } = found;
  const archived = await ctx.deps.issues.archive.get(id);
  // The final state names who did not get it (and a stalled record, which keeps a delivery from ending, at once).
  const report = state.finished || state.done < state.total ? found.report : null;
  const warn =
    report && anyUndelivered(report) && (state.finished || report.stalled > 0)
      ? undeliveredSection({
          issueId: id,
          list: archived?.issue.list ?? null,
          report,
          csrf: ctx.csrf,
          resumable: archived !== null,
          resendsUnknown: ctx.deps.issues.resendsUnknown,
        })
      : '';
  const subject = archived?.issue.subject ?? id;
  const base = `/admin/issues/${encodeURIComponent(id)}`;
  const body = html`<h1>${subject}</h1>
<section class="card" data-progress="${base}/progress.json" data-progress-done="${state.finished ? '' : `${base}/progress`}" aria-labelledby="progress-h">
<h2 id="progress-h">Delivery</h2>
<progress max="${String(Math.max(state.total, 1))}" value="${String(state.done)}" aria-label="Delivery progress"></progress>
<p data-progress-text role="status" aria-live="polite">${state.text}</p>
<p class="small"><a href="${base}/progress">Refresh</a> · <a href="/admin/stats/${id}">Stats</a></p></section>
${warn}
${archived ? html`<h2>Web version</h2><p><a href="/issues/${id}">View in browser</a></p>` : ''}`;
  return ctx.page(subject, 'issues', body);
}

/** The issue's version (use-cases/console-issues.ts `issueVersion`), which every edit and send form carries. */
function versionField(issue: Issue): RawHtml {
  return html`<input type="hidden" name="version" value="${issueVersion(issue)}">`;
}

/** The edit operation a refused form posted, if this request is one. */
function postedOp(ctx: AdminContext): string | null {
  return ctx.method === 'POST' && ctx.path[2] === 'edit' ? (ctx.form.fields.get('op') ?? null) : null;
}

/** The edits a form posts: one operation, or the subject and preheader form's two. */
function editsFrom(ctx: AdminContext): IssueEdit[] {
  const f = ctx.form.fields;
  const op = f.get('op') ?? '';
  if (op === 'meta')
    return [
      { op: 'set-subject', value: f.get('subject') ?? '' },
      { op: 'set-preheader', value: f.get('preheader') ?? '' },
    ];
  const number = (name: string) =>
    f.has(name) && /^-?\d{1,9}$/.test(f.get(name) ?? '') ? Number(f.get(name)) : undefined;
  const parsed = issueEditSchema.safeParse({
    op,
    story: number('story'),
    start: number('start'),
    to: number('to'),
    by: number('by'),
    value: f.get('value'),
    speaker: f.get('speaker'),
    role: f.get('role'),
    ...(op === 'correct-speaker' && f.get('only') === '1' ? { only: true } : {}),
  });
  if (!parsed.success) throw new ConsoleIssueError('that change is not one the console knows');
  return [parsed.data];
}

function statusText(e: EditableIssue): string {
  if (e.origin === 'briefing')
    return e.status === 'pending'
      ? e.editable
        ? 'briefing awaiting approval'
        : 'briefing past its deadline'
      : e.status === 'rejected'
        ? 'briefing rejected: never sent'
        : e.status === 'expired'
          ? 'briefing expired: not approved in time, never sent'
          : `briefing ${e.status}`;
  if (e.status === 'stopped') return 'send stopped: nothing went out';
  return e.status === 'editing' ? 'draft' : e.status;
}

/** The deadline as the issue's state makes it mean something: to approve before, gone by, or a send time. */
function deadlineText(e: EditableIssue): RawHtml | string {
  if (!e.deadline) return '';
  if (e.origin !== 'briefing') return html` · goes out ${formatTime(e.deadline)}`;
  if (e.status === 'pending' && e.editable)
    return html` · <strong>approve before ${formatTime(e.deadline)}</strong>`;
  if (e.status === 'pending' || e.status === 'expired')
    return html` · its deadline was ${formatTime(e.deadline)}`;
  // Approved or rejected: the deadline no longer says anything.
  return '';
}

/**
 * The subject or preheader was set by hand and kept when a story was dropped since (core/issue-edits.ts
 * `mayDescribeDropped`): it may still describe that story. One that is the stories' own was made again from them.
 */
function droppedNote(issue: Issue): RawHtml | string {
  const fields = mayDescribeDropped(issue);
  if (fields.length === 0) return '';
  const what = fields.length === 2 ? 'The subject and the preheader were' : `The ${fields[0]} was`;
  return html`<p class="card warning" id="dropped-note" role="status">${what} written by hand, so ${fields.length === 2 ? 'they were' : 'it was'} kept when a story was dropped: ${fields.length === 2 ? 'they' : 'it'} may still describe a story that is no longer in the issue. Check ${fields.length === 2 ? 'them' : 'it'} below, and save (changed or not) to clear this note.</p>`;
}

/** `2026-12-02T08:00` from a datetime-local field, read as UTC. */
function parseLocalTime(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(`${value}Z`);
  if (Number.isNaN(date.getTime())) return null;
  // Date rolls a day that is not in the calendar (30 February) over into the next month: refused instead.
  return date.toISOString().slice(0, value.length) === value ? date : null;
}

export function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d{2}(\.\d+)?Z$/, ' UTC');
}
