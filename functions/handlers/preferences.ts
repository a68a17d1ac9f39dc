/** GET /preferences?token=… shows lists, topics and time zone; POST changes them (a plain form). */

import { isListId } from '../core/list-id.js';
import {
  getPreferences,
  type PreferencesChange,
  type PreferencesView,
  timezoneSchema,
  topicsSchema,
  updatePreferences,
} from '../core/subscription.js';
import type { ListStore } from '../ports/list-store.js';
import { subscribeUrl } from '../use-cases/public-links.js';
import { listTitle } from '../use-cases/require-list.js';
import type { SubscriberHandlerDeps } from './dependencies.js';
import { withHttpErrors } from './http/errors.js';
import { parseBody } from './http/form-body.js';
import { html, page, type RawHtml } from './http/page.js';
import { BadRequestError, type FormFields, wantsJson } from './http/request.js';
import { allowedMethod, errorResponse, htmlResponse, jsonResponse } from './http/responses.js';
import { withThrottle } from './http/throttle.js';
import { tokenFromQuery } from './http/token.js';
import type { HttpHandler } from './http/types.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext } from './runtime/logger.js';

const MAX_BODY_BYTES = 8 * 1024;

export function createHandler(deps: SubscriberHandlerDeps): HttpHandler {
  return withThrottle(
    'preferences',
    deps.throttle,
    withHttpErrors(async (event) => {
      const method = allowedMethod(event, 'GET, POST');
      if (typeof method !== 'string') return method;
      const now = deps.clock.now();
      const token = tokenFromQuery(event, 'preferences', deps.secret, now);
      if (!token.ok) return token.response;
      const target = { email: token.claims.email, list: token.claims.list };
      // Relative to the page itself, so that it posts back under any base path the API is mapped at.
      const action = `preferences?token=${encodeURIComponent(token.token)}`;
      // The topics the token's list offers: a reader chooses among them (none for a list gone since).
      const list = isListId(target.list) ? await deps.lists.get(target.list) : null;
      const offered = list?.topics ?? [];
      // Where a reader who left the list can join it again (none for a list gone since).
      const again = list ? subscribeUrl(deps.baseUrl(), list.id) : null;
      const shown = (view: PreferencesView, notice: Notice | null, typed: Typed) =>
        titlesOf(deps.lists, view).then((titles) =>
          page('Preferences', form(view, action, notice, titles, typed, offered, again)),
        );

      if (method !== 'POST') {
        const view = await getPreferences(deps, target);
        if (wantsJson(event)) return jsonResponse(200, toJson(view));
        return htmlResponse(200, await shown(view, null, {}));
      }

      const body = await parseBody(event, MAX_BODY_BYTES);
      let change: PreferencesChange;
      // What the person typed, shown again in the form when it is refused.
      let typed: Typed = {};
      if (body.kind === 'json') {
        const value = body.value as Record<string, unknown> | null;
        if (!value || typeof value !== 'object' || Array.isArray(value))
          throw new BadRequestError('send a JSON object');
        change = value as typeof change;
      } else if (body.kind === 'form') {
        const topics = formTopics(body.fields);
        const timezone = body.fields.get('timezone')?.[0];
        typed = { topics, timezone };
        change = {
          topics,
          timezone: timezone === undefined ? undefined : timezone.trim() || null,
          leave: body.fields.get('leave') ?? [],
        };
      } else {
        throw new BadRequestError('nothing to change');
      }
      const result = await updatePreferences(deps, target, change, now, offered);
      if (result.kind === 'invalid') {
        const message =
          invalidField(change) ?? (result.field === 'topics' ? `Topics: ${result.message}` : result.message);
        if (wantsJson(event) || body.kind !== 'form') return errorResponse(400, message, wantsJson(event));
        // The form again, with the error and what was typed: nothing to type twice.
        const view = await getPreferences(deps, target);
        return htmlResponse(400, await shown(view, { kind: 'error', text: message }, typed));
      }
      if (result.kind === 'not-subscribed')
        return errorResponse(409, `not subscribed to ${target.list}`, wantsJson(event));
      deps.log?.({ level: 'info', event: 'preferences', list: target.list });
      if (wantsJson(event)) return jsonResponse(200, toJson(result.view));
      // The lists this request took the reader off (a list they were never on is not one they left).
      const left = (change.leave ?? []).filter(
        (id) => result.view.lists.some((s) => s.list === id) && !isOn(result.view, id),
      );
      if (left.length === 0)
        return htmlResponse(
          200,
          await shown(result.view, { kind: 'ok', text: 'Your preferences are saved.' }, {}),
        );
      const titles = await titlesOf(deps.lists, result.view);
      const notice = await leftNotice(deps.lists, deps.baseUrl(), result.view, left, titles);
      // The way back to the token's list is in the notice when it was just left: not twice on the page.
      const back = left.includes(target.list) ? null : again;
      return htmlResponse(
        200,
        page('Preferences', form(result.view, action, notice, titles, {}, offered, back)),
      );
    }, deps.log),
  );
}

/** Whether the reader still gets a list (subscribed, or pending confirmation). */
const isOn = (view: PreferencesView, id: string) =>
  view.lists.some((s) => s.list === id && s.status !== 'unsubscribed');

/**
 * What a reader who left lists is told, as the unsubscribe page tells it: which lists they left, that they will no
 * longer get them, and the way back to each (a list deleted since has none); the other preferences, when the
 * token's list is still theirs, are saved too.
 */
async function leftNotice(
  lists: ListStore,
  baseUrl: string,
  view: PreferencesView,
  left: readonly string[],
  titles: ReadonlyMap<string, string>,
): Promise<Notice> {
  const named = left.map((id) => titles.get(id) ?? id);
  const them = named.length === 1 ? 'it' : 'them';
  const saved = isOn(view, view.list) ? ' Your other preferences are saved.' : '';
  const existing = await Promise.all(left.map(async (id) => ((await lists.get(id)) ? id : null)));
  const links = existing.flatMap((id, i) =>
    id ? [html`<p><a href="${subscribeUrl(baseUrl, id)}">Subscribe to ${named[i]} again</a></p>`] : [],
  );
  return {
    kind: 'ok',
    text: `You left ${new Intl.ListFormat('en', { type: 'conjunction' }).format(named)}: you will no longer receive ${them}.${saved}`,
    after: html`<p class="muted">Left by mistake? You can subscribe again: we will send you a link to confirm.</p>
${links}`,
  };
}

/** Each list's title, for the lists the page names. */
async function titlesOf(lists: ListStore, view: PreferencesView): Promise<Map<string, string>> {
  const ids = [...new Set([view.list, ...view.lists.map((s) => s.list)])];
  return new Map(await Promise.all(ids.map(async (id) => [id, await listTitle(lists, id)] as const)));
}

function toJson(view: PreferencesView) {
  return {
    email: view.email,
    list: view.list,
    topics: view.current?.topics ?? [],
    timezone: view.current?.timezone ?? null,
    lists: view.lists.map((s) => ({ list: s.list, status: s.status })),
  };
}

interface Typed {
  topics?: readonly string[];
  timezone?: string;
}

/**
 * The topics a form chose: its ticked boxes (each a `topics` value; a value with commas, as the text field of
 * earlier pages sent, is split); none ticked means every topic, which the form tells by its `topics-shown` field;
 * undefined (unchanged) when the form had no topics.
 */
function formTopics(fields: FormFields): string[] | undefined {
  const values = fields.get('topics');
  if (!values) return fields.has('topics-shown') ? [] : undefined;
  return values
    .flatMap((value) => value.split(','))
    .map((topic) => topic.trim())
    .filter(Boolean);
}

/** One checkbox a topic, as on the subscribe page: the list's, and any the record keeps that the list dropped. */
function topicChoices(
  title: string,
  offered: readonly string[],
  kept: readonly string[],
  chosen: readonly string[],
) {
  const ticked = new Set(chosen);
  const choices = [...new Set([...offered, ...kept])];
  return html`<fieldset><legend>Topics of ${title} (leave all unticked for everything)</legend><input type="hidden" name="topics-shown" value="1">${choices.map(
    (topic) =>
      html`<label><input type="checkbox" name="topics" value="${topic}"${ticked.has(topic) ? html` checked` : ''}> ${topic}</label>`,
  )}</fieldset>`;
}

/** A line above the form, and what follows it (the way back after leaving a list). */
type Notice = { kind: 'ok' | 'error'; text: string; after?: RawHtml };

/** The field a refused change is wrong in, with why, as the page names it; null if none is found. */
function invalidField(change: PreferencesChange): string | null {
  const problem = (label: string, result: { success: boolean; error?: { issues: { message: string }[] } }) =>
    result.success ? null : `${label}: ${result.error?.issues[0]?.message ?? 'not valid'}`;
  return (
    (change.topics === undefined ? null : problem('Topics', topicsSchema.safeParse(change.topics))) ??
    (change.timezone === undefined ||
    change.timezone === null ||
    timezoneSchema.safeParse(change.timezone).success
      ? null
      : `Time zone: "${change.timezone}" is not a time zone name we know. Write the region and the city, as in Europe/Paris or America/New_York (the field suggests names as you type).`)
  );
}

/** The page. A list that offers no topics has none to choose: no topics field (what the record holds stays). */
function form(
  view: PreferencesView,
  action: string,
  notice: Notice | null,
  titles: ReadonlyMap<string, string>,
  typed: Typed,
  offered: readonly string[],
  again: string | null,
) {
  const current = view.current;
  const titleOf = (id: string) => titles.get(id) ?? id;
  const others = view.lists.filter((s) => s.status !== 'unsubscribed');
  const subscribed = current !== null && current !== undefined && current.status !== 'unsubscribed';
  const head = html`<h1>Preferences</h1>
${notice ? html`<p${notice.kind === 'error' ? html` role="alert"` : ''}><strong>${notice.text}</strong></p>${notice.after ?? ''}` : ''}
<p class="muted">For ${view.email}</p>`;
  const away = html`<p>You are not subscribed to ${titleOf(view.list)}.</p>${
    again ? html`<p><a href="${again}">Subscribe to ${titleOf(view.list)} again</a></p>` : ''
  }`;
  // (nothing to change here: no form, whose Save would do nothing)
  if (!subscribed && others.length === 0) return html`${head}${away}`;
  return html`${head}
<form method="post" action="${action}">
${
  subscribed
    ? html`${
        offered.length > 0
          ? topicChoices(titleOf(view.list), offered, current.topics, typed.topics ?? current.topics)
          : ''
      }
<label>Time zone (region/city, e.g. Europe/Paris; empty for the list's)
<input type="text" name="timezone" value="${typed.timezone ?? current.timezone ?? ''}" list="time-zones" autocomplete="off"></label>
<datalist id="time-zones">${timeZoneOptions()}</datalist>`
    : away
}
${
  others.length > 0
    ? html`<fieldset><legend>Leave a list</legend>${others.map(
        (s) =>
          html`<label><input type="checkbox" name="leave" value="${s.list}"> ${titleOf(s.list)} (${s.status})</label>`,
      )}</fieldset>`
    : ''
}
<p><button type="submit">Save</button></p>
</form>`;
}

let zoneOptions: RawHtml | undefined;

/** The zone names the runtime knows, as suggestions for the time zone field (built once). */
function timeZoneOptions(): RawHtml {
  zoneOptions ??= html`${Intl.supportedValuesOf('timeZone').map((zone) => html`<option value="${zone}">`)}`;
  return zoneOptions;
}

export const handler = lazyHandler(
  async () => createHandler(await (await import('./runtime/subscribers.js')).subscriberHandlerDeps()),
  attachLambdaContext,
);
