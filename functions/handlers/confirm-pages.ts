/**
 * What the confirm route tells a reader about where they stand on a list: asked to confirm (pending), subscribed,
 * left the list, or not mailed at all (suppressed). The GET page and the answer to the button say the same thing,
 * so that a link that can no longer confirm anything never offers a button that does nothing.
 */
import { tokenUrl } from '../adapters/confirmation-mailer.js';
import type { Standing } from '../core/subscription.js';
import { signToken } from '../core/tokens.js';
import { subscribeUrl } from '../use-cases/public-links.js';
import { html, page, type RawHtml } from './http/page.js';
import { htmlResponse } from './http/responses.js';
import type { HttpResult } from './http/types.js';

export interface ConfirmPageContext {
  email: string;
  list: string;
  /** The list's title, as readers know it. */
  title: string;
  baseUrl: string;
  secret: string | readonly string[];
  now: Date;
}

/** The page for a pending subscription: one button, which posts back to the page itself (any base path). */
export function askPage(context: ConfirmPageContext, token: string): HttpResult {
  const action = `confirm?token=${encodeURIComponent(token)}`;
  return htmlResponse(
    200,
    page(
      `Confirm your subscription to ${context.title}`,
      html`<h1>Confirm your subscription</h1><p>Send <strong>${context.title}</strong> to ${context.email}?</p>
<form method="post" action="${action}"><button type="submit">Confirm subscription</button></form>`,
    ),
  );
}

/**
 * The page for every standing but pending: 200 for a subscribed reader, 409 for one this link can no longer
 * subscribe, with what to do instead. `clicked`: the answer to the button (a double click included), which says
 * "You are subscribed"; a later visit to the link says "already".
 */
export function standingPage(context: ConfirmPageContext, standing: Standing, clicked: boolean): HttpResult {
  const { email, title } = context;
  if (standing === 'confirmed') {
    const heading = clicked ? 'You are subscribed' : 'You are already subscribed';
    return htmlResponse(
      200,
      page(
        clicked ? 'Subscribed' : `Already subscribed to ${title}`,
        html`<h1>${heading}</h1><p>${email} ${clicked ? 'will receive' : 'receives'} <strong>${title}</strong>. You can leave at any time with the link at the bottom of every issue.</p>
<p class="muted"><a href="${personalLink(context, 'preferences')}">Preferences</a> · <a href="${personalLink(context, 'unsubscribe')}">Unsubscribe</a></p>`,
      ),
    );
  }
  const [pageTitle, body] = notSubscribable(context, standing);
  return htmlResponse(409, page(pageTitle, body));
}

function notSubscribable(context: ConfirmPageContext, standing: Standing): [string, RawHtml] {
  const { email, title } = context;
  const again = html`<p><a href="${subscribeUrl(context.baseUrl, context.list)}">Subscribe to ${title}</a></p>`;
  if (standing === 'unsubscribed')
    return [
      `You left ${title}`,
      html`<h1>You left this list</h1><p>${email} unsubscribed from <strong>${title}</strong>, so this link no longer subscribes it. To receive ${title} again, subscribe again: we will send you a new link.</p>
${again}`,
    ];
  if (standing === 'suppressed')
    return [
      'Nothing to confirm',
      html`<h1>We no longer send mail to this address</h1><p>Mail to ${email} bounced or was reported as spam, so we send it nothing, and this link cannot subscribe it to <strong>${title}</strong>. To receive ${title}, subscribe with another address.</p>
${again}`,
    ];
  return [
    'Nothing to confirm',
    html`<h1>Nothing to confirm</h1><p>${email} is not waiting to be subscribed to <strong>${title}</strong>, so there is nothing to confirm. To receive ${title}, please subscribe again.</p>
${again}`,
  ];
}

function personalLink(context: ConfirmPageContext, purpose: 'unsubscribe' | 'preferences'): string {
  const { email, list, secret, now } = context;
  const key = typeof secret === 'string' ? secret : secret[0]!;
  return tokenUrl(context.baseUrl, purpose, signToken({ email, list, purpose }, key, now));
}
