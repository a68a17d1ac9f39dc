/**
 * GET /drafts/approve?token=… shows the draft's subject and a button; it never approves by itself
 * (mail scanners prefetch links). POST /drafts/approve?token=… approves and sends the briefing.
 * Malformed token → 400; forged, expired or cross-purpose → 403; a second approval changes nothing.
 */
import { verifyApproval } from '../core/approval-token.js';
import { countOf } from '../core/briefing-outcome.js';
import { approvalUnfinished, approveDraft } from '../use-cases/briefing-drafts.js';
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
    if (method !== 'POST') {
      if (draft.status !== 'pending' && !(await approvalUnfinished(draft, deps.briefing)))
        return htmlResponse(200, note('Already handled', `This draft is ${draft.status}.`));
      // relative to the page (…/drafts/approve): the API may be mapped under a base path
      const action = `approve?token=${encodeURIComponent(token ?? '')}`;
      return htmlResponse(
        200,
        page(
          'Approve briefing',
          html`<h1>Approve this briefing?</h1><p><strong>${draft.issue.subject}</strong> for the list <strong>${draft.list}</strong>, ${countOf(draft.issue.stories.length, 'story', 'stories')}.</p>
<p class="muted">Approving sends it to every confirmed subscriber now. Without approval by ${draft.deadline} it is not sent.</p>
<form method="post" action="${action}"><button type="submit">Approve and send</button></form>`,
        ),
      );
    }
    await parseBody(event, 8 * 1024);
    const outcome = await approveDraft(draft.issueId, deps.briefing);
    deps.log?.({ level: 'info', event: 'draft-approval', issueId: draft.issueId, result: outcome.kind });
    switch (outcome.kind) {
      case 'sent':
        return htmlResponse(
          200,
          note('Approved', `The briefing is sent: ${outcome.delivery.sent} delivered.`),
        );
      case 'already':
        return htmlResponse(200, note('Already handled', `This draft is ${outcome.status}.`));
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
