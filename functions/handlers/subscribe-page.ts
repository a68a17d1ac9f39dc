/**
 * The body of the hosted subscribe page, GET /lists/<list>/subscribe: the list's title and description,
 * its topics to choose (when it offers any), and the consent line. It posts the same fields as the
 * embed snippet (`digest lists embed`) to POST /subscribe, which answers a form with "check your inbox".
 * Every value is escaped by `html`.
 */
import { consentLine } from '../core/subscribe-form.js';
import type { NewsletterList } from '../ports/list-store.js';
import { archiveUrl } from '../use-cases/public-links.js';
import { html, type RawHtml } from './http/page.js';

/** What a reader typed into a refused form, and why it was refused: the form shows both again. */
export interface TypedSubscription {
  email: string;
  topics: readonly string[];
  error: string;
}

export function subscribePage(list: NewsletterList, baseUrl: string, typed?: TypedSubscription): RawHtml {
  const base = baseUrl.replace(/\/+$/, '');
  return html`<h1>${list.title}</h1>
${list.description ? html`<p>${list.description}</p>` : ''}
${subscribeForm(list, base, typed)}
<p class="muted"><a href="${archiveUrl(base, list.id)}">Past issues</a></p>`;
}

/**
 * The form itself, the same on the subscribe page and under the archive: address (required), topics, consent.
 * With `typed`, the refusal comes first and the fields hold what was typed, so that nothing is typed twice.
 */
export function subscribeForm(list: NewsletterList, baseUrl: string, typed?: TypedSubscription): RawHtml {
  const base = baseUrl.replace(/\/+$/, '');
  const ticked = new Set(typed?.topics ?? []);
  const topics =
    list.topics.length > 0
      ? html`<fieldset><legend>Topics (leave all unticked for everything)</legend>${list.topics.map(
          (topic) =>
            html`<label><input type="checkbox" name="topics" value="${topic}"${ticked.has(topic) ? html` checked` : ''}> ${topic}</label>`,
        )}</fieldset>`
      : '';
  const refused = typed
    ? html` value="${typed.email}" aria-invalid="true" aria-describedby="subscribe-error" autofocus`
    : '';
  return html`<form method="post" action="${`${base}/subscribe`}"><input type="hidden" name="list" value="${list.id}">
${typed ? html`<p role="alert" id="subscribe-error"><strong>${typed.error}</strong></p>` : ''}
<label>Email <input type="text" name="email" required autocomplete="email" inputmode="email"${refused}></label>
${topics}
<p><button type="submit">Subscribe</button></p>
<p class="muted">${consentLine(list.title)}</p>
</form>`;
}
