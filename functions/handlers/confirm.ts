/**
 * GET (and HEAD) /confirm?token=… shows a page with a confirm button and changes nothing, because mail
 * scanners prefetch links and would otherwise complete an opt-in that someone else started. It reads where the
 * reader stands first: a link that can no longer confirm (already subscribed, left the list) says so instead.
 * POST /confirm?token=… (the button) confirms a pending subscription (200 page). Idempotent.
 */
import { confirm, readStanding } from '../core/subscription.js';
import { TOKEN_LIFETIME_SECONDS } from '../core/tokens.js';
import { subscribeUrl } from '../use-cases/public-links.js';
import { listTitle } from '../use-cases/require-list.js';
import { askPage, type ConfirmPageContext, standingPage } from './confirm-pages.js';
import type { SubscriberHandlerDeps } from './dependencies.js';
import { withHttpErrors } from './http/errors.js';
import { html, page } from './http/page.js';
import { requestContext, wantsJson } from './http/request.js';
import { allowedMethod, htmlResponse, jsonResponse } from './http/responses.js';
import { withThrottle } from './http/throttle.js';
import { tokenFromQuery } from './http/token.js';
import type { HttpHandler } from './http/types.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext } from './runtime/logger.js';

const CONFIRM_LINK_DAYS = Math.round((TOKEN_LIFETIME_SECONDS.confirm ?? 0) / 86_400);

export function createHandler(deps: SubscriberHandlerDeps): HttpHandler {
  return withThrottle(
    'confirm',
    deps.throttle,
    withHttpErrors(async (event) => {
      const method = allowedMethod(event, 'GET, POST');
      if (typeof method !== 'string') return method;
      const now = deps.clock.now();
      const token = tokenFromQuery(event, 'confirm', deps.secret, now);
      if (!token.ok) {
        // An old opt-in link: say what happened and where to ask again, instead of only "not valid".
        if (!token.expired || wantsJson(event)) return token.response;
        const list = token.expired.list;
        const title = await listTitle(deps.lists, list);
        return htmlResponse(
          403,
          page(
            'Confirmation link expired',
            html`<h1>This confirmation link has expired</h1><p>Confirmation links work for ${CONFIRM_LINK_DAYS} days, and nothing was changed. To receive <strong>${title}</strong>, subscribe again: we will send you a new link.</p>
<p><a href="${subscribeUrl(deps.baseUrl(), list)}">Subscribe to ${title}</a></p>`,
          ),
        );
      }
      const { email, list } = token.claims;
      const context: ConfirmPageContext = {
        email,
        list,
        title: await listTitle(deps.lists, list),
        baseUrl: deps.baseUrl(),
        secret: deps.secret,
        now,
      };
      if (method !== 'POST') {
        const standing = await readStanding(deps, { email, list });
        return standing === 'pending'
          ? askPage(context, token.token)
          : standingPage(context, standing, false);
      }
      const result = await confirm(deps, { email, list }, requestContext(event), now);
      deps.log?.({ level: 'info', event: 'confirm', result: result.kind, list });
      const ok = result.kind !== 'not-pending';
      if (wantsJson(event))
        return jsonResponse(ok ? 200 : 409, { status: ok ? 'confirmed' : result.status, list });
      return standingPage(context, ok ? 'confirmed' : result.status, true);
    }, deps.log),
  );
}

export const handler = lazyHandler(
  async () => createHandler(await (await import('./runtime/subscribers.js')).subscriberHandlerDeps()),
  attachLambdaContext,
);
