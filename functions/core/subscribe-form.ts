/**
 * The subscribe form a list's owner pastes into their own site (`digest lists embed`). It posts the
 * same fields as the hosted page at `/lists/<id>/subscribe` to `POST /subscribe`, which answers a form
 * with a "check your inbox" page. No script and no style beyond class names, so it fits any site.
 */
import type { NewsletterList } from '../ports/list-store.js';
import { escapeHtml } from './html-escape.js';
import { normalizeBaseUrl } from './render-model.js';

/** The hosted subscribe page of a list. */
export function subscribePageUrl(baseUrl: string, listId: string): string {
  return `${normalizeBaseUrl(baseUrl)}/lists/${encodeURIComponent(listId)}/subscribe`;
}

/** The consent line under every subscribe form: what the reader agrees to, and how to leave. */
export function consentLine(title: string): string {
  return `By subscribing you agree to receive ${title} by email. Every issue has a one-click unsubscribe link.`;
}

/**
 * An HTML form snippet that subscribes to `list`.
 * @example embedSnippet(list, 'https://news.example.org') // '<form class="digest-subscribe" action="https://news.example.org/subscribe" ...'
 */
export function embedSnippet(list: NewsletterList, baseUrl: string): string {
  const action = `${normalizeBaseUrl(baseUrl)}/subscribe`;
  const e = escapeHtml;
  return [
    `<form class="digest-subscribe" action="${e(action)}" method="post">`,
    `  <p class="digest-subscribe-title">${e(list.title)}</p>`,
    ...(list.description ? [`  <p class="digest-subscribe-description">${e(list.description)}</p>`] : []),
    `  <input type="hidden" name="list" value="${e(list.id)}">`,
    `  <label>Email <input type="text" name="email" required autocomplete="email" inputmode="email"></label>`,
    `  <button type="submit">Subscribe</button>`,
    `  <p class="digest-subscribe-consent">${e(consentLine(list.title))}</p>`,
    '</form>',
  ].join('\n');
}
