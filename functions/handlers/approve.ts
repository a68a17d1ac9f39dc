/**
 * GET /drafts/approve?token=… shows the draft's subject and a button; it never approves by itself
 * (mail scanners prefetch links). POST /drafts/approve?token=… approves and sends the briefing.
 * Malformed token → 400; forged, expired or cross-purpose → 403; a second approval changes nothing.
 *
 * The link approves what its [Review] mail showed, nothing else: the token carries the version of the issue the mail
 * was made of, and a draft edited since (in the console) is refused, 409, the draft kept, both by GET and by POST;
 * an edit sends no new review mail, so the page says to review it in the console and send it from there. Refused as
 * the console's Send now refuses, the draft kept pending: a story with no key point and no quote left (422), a list
 * nobody on which can be mailed (422), and a story that another issue carries (409: a story goes out in one issue
 * only). A draft no longer pending says what became of it: approved, expired, or rejected in the console. The page
 * says before the press what is known then: a story with nothing left to send is named on it, with the way to
 * the console, and its button is disabled.
 */
import { verifyApproval } from '../core/approval-token.js';
import { countOf } from '../core/briefing-outcome.js';
import { type EmptyStory, emptyStories, nameOfStory } from '../core/empty-stories.js';
import { issueVersion } from '../core/issue-version.js';
import type { Draft } from '../ports/briefing-store.js';
import { approvalUnfinished, approveDraft } from '../use-cases/briefing-drafts.js';
import { noMailableSubscriber } from '../use-cases/mailable-subscribers.js';
import { describeConflict } from '../use-cases/story-claims.js';
import type { ApproveHttpDeps } from './dependencies.js';
import { withHttpErrors } from './http/errors.js';
import { parseBody } from './http/form-body.js';
import { html, page } from './http/page.js';
import { queryParam } from './http/request.js';
import { allowedMethod, htmlResponse } from './http/responses.js';
import type { HttpHandler } from './http/types.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext, lambdaLog } from './runtime/logger.js';

const note = (title: string, text: string) => page(title, html`<h1>${title}</h1><p>${text}</p>`);
/** The warning's own colours (the shared page style has none), dark text on yellow in either colour scheme. */
const WARNING_STYLE =
  'background:#fff4ce;color:#222;border:1px solid #c9a400;border-radius:6px;padding:0 .8rem;margin:1rem 0';
const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** What became of a draft that is no longer pending, in words: a rejected one is not "expired". */
function settled(status: Draft['status']): string {
  switch (status) {
    case 'approved':
      return 'This briefing was approved already: it is sent, or being sent.';
    case 'rejected':
      return 'This briefing was rejected by an editor in the console, so it was not sent, and it will not be. Its queued articles stay queued for the next briefing.';
    case 'expired':
      return 'This briefing was not approved by its deadline, so it was not sent.';
    default:
      return `This draft is ${status}.`;
  }
}

/** The draft was edited after its [Review] mail: the page that says so, and where to review it now. */
function editedSince(consoleUrl: string) {
  return page(
    'Not approved',
    html`<h1>Not approved</h1><p>This draft was edited after this mail was sent, so this link no longer approves it: it approves only what the mail showed. Nothing was sent, and the draft still waits for approval.</p>
<p>Review it as it is now in the console, and send it from there: <a href="${consoleUrl}">${consoleUrl}</a>. An edit sends no new review mail.</p>`,
  );
}

/**
 * The approve page of a pending draft. A draft with a story that has no key point and no quote left would be refused
 * on the press (`empty-story`): the page names each such story and the way to the console instead, and its button is
 * disabled, so that the approver is not sent to a refusal.
 */
function approvePage(draft: Draft, action: string, consoleUrl: string): string {
  const empty = emptyStories(draft.issue);
  const blocked = empty.length > 0;
  return page(
    'Approve briefing',
    html`<h1>Approve this briefing?</h1><p><strong>${draft.issue.subject}</strong> for the list <strong>${draft.list}</strong>, ${countOf(draft.issue.stories.length, 'story', 'stories')}.</p>
${blocked ? emptyWarning(empty, draft.deadline, consoleUrl) : ''}<p class="muted">Approving sends it to every confirmed subscriber now. Without approval by ${draft.deadline} it is not sent.</p>
<form method="post" action="${action}"><button type="submit"${blocked ? html` disabled aria-describedby="empty-stories" style="background:#8a8a85;cursor:not-allowed"` : ''}>Approve and send</button></form>`,
  );
}

/** Why the draft cannot be approved as it is: each story with nothing to send, and what to do. */
function emptyWarning(empty: readonly EmptyStory[], deadline: string, consoleUrl: string) {
  return html`<div id="empty-stories" role="alert" style="${WARNING_STYLE}"><p><strong>This briefing cannot be approved as it is.</strong> ${empty.map(
    (e) => `${sentence(nameOfStory(e))} has no key point and no quote left: there is nothing of it to send. `,
  )}</p>
<p>Drop ${empty.length === 1 ? 'that story' : 'those stories'} from the draft in the console, then send it from there: <a href="${consoleUrl}">${consoleUrl}</a>. The draft waits for approval until ${deadline}.</p></div>
`;
}

export function createHandler(deps: ApproveHttpDeps): HttpHandler {
  return withHttpErrors(async (event) => {
    const method = allowedMethod(event, 'GET, POST');
    if (typeof method !== 'string') return method;
    const token = queryParam(event, 'token');
    const verdict = verifyApproval(token, { secret: deps.briefing.secret, now: deps.briefing.now() });
    if (!verdict.ok) {
      const status = verdict.error === 'malformed' ? 400 : 403;
      const why =
        verdict.error === 'expired'
          ? 'The review deadline has passed; this briefing was not sent.'
          : 'This approve link is not valid.';
      return htmlResponse(status, note('Cannot approve', why));
    }
    const draft = await deps.briefing.store.getDraft(verdict.issueId);
    if (!draft || draft.list !== verdict.list)
      return htmlResponse(404, note('Not found', 'There is no such draft.'));
    const consoleUrl = `${deps.briefing.baseUrl}/admin/issues/${encodeURIComponent(draft.issueId)}`;
    if (method !== 'POST') {
      if (draft.status !== 'pending' && !(await approvalUnfinished(draft, deps.briefing)))
        return htmlResponse(200, note('Already handled', settled(draft.status)));
      if (draft.status === 'pending' && issueVersion(draft.issue) !== verdict.version)
        return htmlResponse(409, editedSince(consoleUrl));
      // relative to the page (…/drafts/approve): the API may be mapped under a base path
      const action = `approve?token=${encodeURIComponent(token ?? '')}`;
      return htmlResponse(200, approvePage(draft, action, consoleUrl));
    }
    await parseBody(event, 8 * 1024);
    const outcome = await approveDraft(draft.issueId, deps.briefing, { version: verdict.version });
    deps.log?.({ level: 'info', event: 'draft-approval', issueId: draft.issueId, result: outcome.kind });
    switch (outcome.kind) {
      case 'sent':
        return htmlResponse(
          200,
          note(
            'Approved',
            `The briefing is sent: ${outcome.delivery.sent} handed to the mail service. Its stats page says how many were delivered.`,
          ),
        );
      case 'stale':
        return htmlResponse(409, editedSince(consoleUrl));
      case 'no-recipients':
        return htmlResponse(
          422,
          note(
            'Not sent',
            `The list "${outcome.list}" has ${noMailableSubscriber(outcome.suppressed, outcome.topic)}, so nobody would get this briefing. Nothing was sent and the draft is kept, waiting for approval until ${draft.deadline}: add or import subscribers, then approve it again with this link.`,
          ),
        );
      case 'empty-story':
        return htmlResponse(
          422,
          page(
            'Not sent',
            html`<h1>Not sent</h1><p>${sentence(nameOfStory(outcome))} has no key point and no quote left, so there is nothing of it to send. Nothing was sent and the draft is kept, waiting for approval until ${draft.deadline}.</p>
<p>Drop that story from the draft in the console, then send it from there: <a href="${consoleUrl}">${consoleUrl}</a>.</p>`,
          ),
        );
      case 'claimed':
        return htmlResponse(
          409,
          page(
            'Not sent',
            html`<h1>Not sent</h1><p>${sentence(describeConflict(outcome.conflict))}. A story goes out in one issue only, so nothing was sent and the draft is kept.</p>
<p>Drop that story from the draft in the console, then send it from there: <a href="${consoleUrl}">${consoleUrl}</a>.</p>`,
          ),
        );
      case 'already':
        return htmlResponse(200, note('Already handled', settled(outcome.status)));
      case 'expired':
        return htmlResponse(
          403,
          note('Cannot approve', 'The review deadline has passed; this briefing was not sent.'),
        );
      default:
        return htmlResponse(404, note('Not found', 'There is no such draft.'));
    }
  }, deps.log);
}

export const handler = lazyHandler(
  async () =>
    createHandler({
      briefing: await (await import('./runtime/drafts.js')).draftDeps(),
      log: lambdaLog,
    }),
  attachLambdaContext,
);
