/**
 * GET /unsubscribe?token=… shows a page with a button; it never unsubscribes by itself, because
 * mail scanners prefetch links. POST /unsubscribe?token=… is RFC 8058 one-click: the body
 * `List-Unsubscribe=One-Click` (form-urlencoded or multipart) → 200; again → 200, nothing changes.
 * No cookie, no script. A reader no longer on the list is told so on GET, with the way back, and no button.
 */
import { readStanding, unsubscribe } from '../core/subscription.js';
import { subscribeUrl } from '../use-cases/public-links.js';
import { listTitle } from '../use-cases/require-list.js';
import type { SubscriberHandlerDeps } from './dependencies.js';
import { withHttpErrors } from './http/errors.js';
import { html, page } from './http/page.js';
import { bodyBytes, wantsJson } from './http/request.js';
import { allowedMethod, htmlResponse, jsonResponse } from './http/responses.js';
import { withThrottle } from './http/throttle.js';
import { tokenFromQuery } from './http/token.js';
import type { HttpHandler } from './http/types.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext } from './runtime/logger.js';

const MAX_BODY_BYTES = 8 * 1024;

export function createHandler(deps: SubscriberHandlerDeps): HttpHandler {
  return withThrottle(
    'unsubscribe',
    deps.throttle,
    withHttpErrors(async (event) => {
      const method = allowedMethod(event, 'GET, POST');
      if (typeof method !== 'string') return method;
      const now = deps.clock.now();
      const token = tokenFromQuery(event, 'unsubscribe', deps.secret, now);
      if (!token.ok) return token.response;
      const { email, list } = token.claims;
      const title = await listTitle(deps.lists, list);

      const again = html`<p><a href="${subscribeUrl(deps.baseUrl(), list)}">Subscribe to ${title} again</a></p>`;
      if (method !== 'POST') {
        // A reader no longer on the list (an old issue's link): no button that would change nothing.
        const standing = await readStanding(deps, { email, list });
        if (standing === 'unsubscribed' || standing === 'missing')
          return htmlResponse(
            200,
            page(
              `Not subscribed to ${title}`,
              html`<h1>You are not subscribed</h1><p>${email} does not receive <strong>${title}</strong>: there is nothing to unsubscribe from.</p>
${again}`,
            ),
          );
        // Relative to the page itself, so that it posts back under any base path the API is mapped at.
        const action = `unsubscribe?token=${encodeURIComponent(token.token)}`;
        return htmlResponse(
          200,
          page(
            'Unsubscribe',
            html`<h1>Unsubscribe</h1><p>Stop sending <strong>${title}</strong> to ${email}?</p>
<form method="post" action="${action}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
          ),
        );
      }

      // The body is size-capped but not interpreted: the signed token is the authority, and a mail
      // client sending `List-Unsubscribe=One-Click` with an unusual Content-Type must still succeed.
      bodyBytes(event, MAX_BODY_BYTES);
      const result = await unsubscribe(deps, { email, list }, now);
      deps.log?.({ level: 'info', event: 'unsubscribe', result: result.kind, list });
      if (wantsJson(event)) return jsonResponse(200, { status: 'unsubscribed', list });
      return htmlResponse(
        200,
        page(
          'Unsubscribed',
          html`<h1>You are unsubscribed</h1><p>${email} will no longer receive <strong>${title}</strong>.</p>
<p class="muted">Unsubscribed by mistake? You can subscribe again: we will send you a link to confirm.</p>
${again}`,
        ),
      );
    }, deps.log),
  );
}

export const handler = lazyHandler(
  async () => createHandler(await (await import('./runtime/subscribers.js')).subscriberHandlerDeps()),
  attachLambdaContext,
);
