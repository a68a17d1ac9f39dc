/** POST /subscribe: JSON `{email, list?, topics?, timezone?}` or a form → 202, the same for everyone. */
import { isListId } from '../core/list-id.js';
import {
  CONFIRMATION_RESEND_MS,
  checkSubscribeInput,
  DEFAULT_LIST,
  readerTopics,
  subscribe,
} from '../core/subscription.js';
import type { NewsletterList } from '../ports/list-store.js';
import { archiveUrl } from '../use-cases/public-links.js';
import { requirePublicList } from '../use-cases/require-list.js';
import type { SubscriberHandlerDeps } from './dependencies.js';
import { withHttpErrors } from './http/errors.js';
import { parseBody } from './http/form-body.js';
import { html, page, type RawHtml } from './http/page.js';
import { BadRequestError, type FormFields, requestContext, wantsJson } from './http/request.js';
import { errorResponse, htmlResponse, jsonResponse } from './http/responses.js';
import { withThrottle } from './http/throttle.js';
import type { HttpHandler, HttpResult } from './http/types.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext } from './runtime/logger.js';
import { subscribePage } from './subscribe-page.js';

export const SUBSCRIBE_MAX_BODY_BYTES = 8 * 1024;
const RESEND_MINUTES = CONFIRMATION_RESEND_MS / 60_000;
/**
 * The one answer to every accepted request, whatever became of the address. A confirmation mail goes to an address
 * at most once every 10 minutes (core/subscription.ts), so someone who asks again sooner (who unsubscribed a moment
 * ago and changed their mind, or lost the first mail) gets no mail now; the page cannot say so to them alone without
 * telling anyone whether that address is known, so it says to everyone when a link may not come and what to do.
 */
export const ACCEPTED_MESSAGE =
  'Thanks. If this address can receive mail, a confirmation link is on its way. ' +
  `We send an address at most one link every ${RESEND_MINUTES} minutes: if none arrives within a few minutes, ` +
  `look in your spam folder, or ask again after ${RESEND_MINUTES} minutes.`;

export function createHandler(deps: SubscriberHandlerDeps): HttpHandler {
  return withThrottle(
    'subscribe',
    deps.throttle,
    withHttpErrors(
      async (event) => {
        const body = await parseBody(event, SUBSCRIBE_MAX_BODY_BYTES);
        const input =
          body.kind === 'json'
            ? fromJson(body.value)
            : body.kind === 'form'
              ? fromForm(body.fields)
              : fromJson(null);
        // A made-up list gets 404 and creates nothing (a malformed id is the 400 below).
        const listId = (input.list ?? DEFAULT_LIST).trim();
        const found = isListId(listId) ? await requirePublicList(deps.lists, listId) : null;
        const started = performance.now();
        const checked = checkSubscribeInput({ ...input, ...requestContext(event) });
        // A browser's form is shown again, with why and what was typed; an API caller gets the error.
        const refuse = (field: string, message: string) =>
          body.kind === 'form' && found && !wantsJson(event)
            ? formAgain(found, deps.baseUrl(), input, field, message)
            : errorResponse(400, `${field}: ${message}`, wantsJson(event));
        if (checked.kind === 'invalid') return refuse(checked.field, checked.message);
        // Only the topics the list offers (dropped on a list that offers none); decided by the request alone.
        const topics = readerTopics(found?.topics ?? [], checked.topics);
        if (!topics.ok) return refuse('topics', topics.message);
        const request = { ...input, topics: topics.topics, ...requestContext(event) };
        // From here on the answer is the same for every address: a failure (SES down) is logged, not shown,
        // because only an address that needs a mail could fail, and the store's send slot is given back so
        // that the person's retry sends it.
        const work = async () => {
          try {
            const result = await subscribe(deps, request, deps.clock.now());
            const action = result.kind === 'accepted' ? result.action : result.kind;
            deps.log?.({ level: 'info', event: 'subscribe', action, list: checked.list });
          } catch (error) {
            // An SES message can name the address: the logger masks it.
            deps.log?.({ level: 'error', event: 'subscribe-failed', list: checked.list, error });
          }
        };
        if (deps.afterResponse) deps.afterResponse(work);
        else await work();
        const wait = (deps.minSubscribeResponseMs ?? 0) - (performance.now() - started);
        if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
        // Identical for every accepted outcome: no way to learn whether an address is known.
        if (wantsJson(event)) return jsonResponse(202, { status: 'accepted', message: ACCEPTED_MESSAGE });
        return htmlResponse(202, page('Check your inbox', checkYourInbox(found, deps.baseUrl())));
      },
      deps.log,
      deps.baseUrl,
    ),
  );
}

/**
 * The page after a form is accepted: the one message, and the way back to the list's archive (past issues, and
 * its form for another address). Only the list decides it, never the address, so it stays the same for everyone.
 */
function checkYourInbox(list: NewsletterList | null, baseUrl: string): RawHtml {
  const back = list ? html`<p><a href="${archiveUrl(baseUrl, list.id)}">Back to ${list.title}</a></p>` : '';
  return html`<h1>Check your inbox</h1><p>${ACCEPTED_MESSAGE}</p>
${back}`;
}

/** A refused form: the list's subscribe form again, with why and what was typed (400, decided by the request alone). */
function formAgain(
  list: NewsletterList,
  baseUrl: string,
  input: SubscribeFields,
  field: string,
  message: string,
): HttpResult {
  const error =
    field === 'email' ? `Please check the address: ${message}.` : `${capitalise(field)}: ${message}.`;
  const typed = { email: input.email, topics: input.topics ?? [], error };
  return htmlResponse(
    400,
    page(`Please check the form: subscribe to ${list.title}`, subscribePage(list, baseUrl, typed)),
  );
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

interface SubscribeFields {
  email: string;
  list?: string;
  topics?: string[];
  timezone?: string | null;
}

function fromJson(value: unknown): SubscribeFields {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new BadRequestError('send a JSON object');
  const { email, list, topics, timezone } = value as Record<string, unknown>;
  if (typeof email !== 'string') throw new BadRequestError('email: a string is required');
  if (list !== undefined && typeof list !== 'string') throw new BadRequestError('list: must be a string');
  if (topics !== undefined && !(Array.isArray(topics) && topics.every((t) => typeof t === 'string')))
    throw new BadRequestError('topics: must be an array of strings');
  if (timezone !== undefined && timezone !== null && typeof timezone !== 'string')
    throw new BadRequestError('timezone: must be a string');
  return {
    email,
    list,
    topics: topics as string[] | undefined,
    timezone: timezone as string | null | undefined,
  };
}

function fromForm(fields: FormFields): SubscribeFields {
  const one = (name: string) => fields.get(name)?.[0];
  const email = one('email');
  if (email === undefined) throw new BadRequestError('email: a value is required');
  const topics = (fields.get('topics') ?? [])
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    email,
    list: one('list') || undefined,
    topics: fields.has('topics') ? topics : undefined,
    timezone: one('timezone') || undefined,
  };
}

/** The Lambda entry point: dependencies built once per container, on first use. */
export const handler = lazyHandler(
  async () => createHandler(await (await import('./runtime/subscribers.js')).subscriberHandlerDeps()),
  attachLambdaContext,
);
