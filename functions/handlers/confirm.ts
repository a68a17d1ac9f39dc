/**
 * GET (and HEAD) /confirm?token=… shows a page with a confirm button and changes nothing, because mail
 * scanners prefetch links and would otherwise complete an opt-in that someone else started.
 * POST /confirm?token=… (the button) confirms a pending subscription (200 page). Idempotent.
 */
import { tokenUrl } from '../adapters/confirmation-mailer.js';
import { confirm } from '../core/subscription.js';
import { signToken, TOKEN_LIFETIME_SECONDS } from '../core/tokens.js';
import { subscribeUrl } from '../use-cases/public-links.js';
import { listTitle } from '../use-cases/require-list.js';
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
      const title = await listTitle(deps.lists, list);
      if (method !== 'POST') {
        // Relative to the page itself, so that it posts back under any base path the API is mapped at.
        const action = `confirm?token=${encodeURIComponent(token.token)}`;
        return htmlResponse(
          200,
          page(
            `Confirm your subscription to ${title}`,
            html`<h1>Confirm your subscription</h1><p>Send <strong>${title}</strong> to ${email}?</p>
<form method="post" action="${action}"><button type="submit">Confirm subscription</button></form>`,
          ),
        );
      }
      const result = await confirm(deps, { email, list }, requestContext(event), now);
      deps.log?.({ level: 'info', event: 'confirm', result: result.kind, list });
      const ok = result.kind !== 'not-pending';
      const status = ok ? 200 : 409;
      if (wantsJson(event)) return jsonResponse(status, { status: ok ? 'confirmed' : result.status, list });
      const base = deps.baseUrl();
      const link = (purpose: 'unsubscribe' | 'preferences') =>
        tokenUrl(base, purpose, signToken({ email, list, purpose }, primarySecret(deps.secret), now));
      const body = ok
        ? html`<h1>You are subscribed</h1><p>${email} will receive <strong>${title}</strong>. You can leave at any time with the link at the bottom of every issue.</p>
<p class="muted"><a href="${link('preferences')}">Preferences</a> · <a href="${link('unsubscribe')}">Unsubscribe</a></p>`
        : html`<h1>Nothing to confirm</h1><p>This subscription is no longer waiting for confirmation. To receive <strong>${title}</strong>, please subscribe again.</p>
<p><a href="${subscribeUrl(base, list)}">Subscribe to ${title}</a></p>`;
      return htmlResponse(status, page(ok ? 'Subscribed' : 'Nothing to confirm', body));
    }, deps.log),
  );
}

function primarySecret(secret: string | readonly string[]): string {
  return typeof secret === 'string' ? secret : secret[0]!;
}

export const handler = lazyHandler(
  async () => createHandler(await (await import('./runtime/subscribers.js')).subscriberHandlerDeps()),
  attachLambdaContext,
);
