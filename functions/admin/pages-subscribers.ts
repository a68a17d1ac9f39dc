/**
 * Subscribers in the console: search by address, filter by status and topic, add, import a CSV
 * (pages-imports.ts: a confirm step, progress with Stop, the report; the recent imports listed here),
 * export, forget after a confirmation step, and one person's history. Adding and forgetting go through
 * core/subscription, as in the CLI.
 */
import { describeEmailRejection, normalizeEmail } from '../core/email-address.js';
import { SearchCursorError } from '../core/subscriber-search.js';
import { addConfirmed, forget, subscribe } from '../core/subscription.js';
import { html } from '../handlers/http/page.js';
import type { HttpResult } from '../handlers/http/types.js';
import type { SearchPage, SubscriberSearch, SubscriberStatus } from '../ports/subscriber-store.js';
import { OPT_IN_WAIT_MINUTES } from '../use-cases/import-subscribers.js';
import type { AdminContext } from './admin-context.js';
import { fileResult } from './admin-http.js';
import { csrfField, scrollRegion } from './layout.js';
import { importRoutes, recentImportsSection } from './pages-imports.js';

/** Matches on one page of the search. */
export const SEARCH_PAGE = 50;
const STATUSES: SubscriberStatus[] = ['confirmed', 'pending', 'unsubscribed'];

export async function subscriberRoutes(ctx: AdminContext): Promise<HttpResult | null> {
  const [section, action] = ctx.path;
  if (section === 'subscriber' && ctx.method === 'GET') return history(ctx);
  if (section !== 'subscribers') return null;
  if (action === undefined) return ctx.method === 'POST' ? add(ctx) : search(ctx);
  if (action === 'export' && ctx.method === 'GET') return exportCsv(ctx);
  if (action === 'import') return importRoutes(ctx);
  if (action === 'forget') return ctx.method === 'POST' ? forgetNow(ctx) : forgetConfirm(ctx);
  return null;
}

async function chosenList(ctx: AdminContext): Promise<string> {
  const wanted = ctx.form.fields.get('list') ?? ctx.query.get('list');
  if (wanted) return wanted;
  return (await ctx.deps.lists.store.list())[0]?.id ?? 'default';
}

async function search(
  ctx: AdminContext,
  flash: { kind: 'ok' | 'error'; text: string } | null = null,
  status = 200,
) {
  const lists = await ctx.deps.lists.store.list();
  const list = await chosenList(ctx);
  const q = (ctx.query.get('q') ?? '').trim().toLowerCase();
  const wantStatus = ctx.query.get('status') ?? '';
  const topic = (ctx.query.get('topic') ?? '').trim();
  const criteria: SubscriberSearch = {
    ...(q ? { contains: q } : {}),
    ...(isStatus(wantStatus) ? { status: wantStatus } : {}),
    ...(topic ? { topic } : {}),
  };
  // A page is named by the record it follows (`after`) or precedes (`before`), not by a number: a reload or a
  // bookmark shows the same records, and one added or removed meanwhile shifts nothing else between pages. Each
  // page reads only as far as it shows (SubscriberStore.searchPage); there is no total count, which would read
  // the whole list on every page (the list's page has its counts by status).
  let page: SearchPage;
  try {
    page = await ctx.deps.subscribers.searchPage(list, criteria, {
      after: ctx.query.get('after'),
      before: ctx.query.get('before'),
      limit: SEARCH_PAGE,
    });
  } catch (error) {
    if (!(error instanceof SearchCursorError)) throw error;
    page = await ctx.deps.subscribers.searchPage(list, criteria, { limit: SEARCH_PAGE });
    flash = { kind: 'error', text: 'The page link is not valid; this is the first page of the search.' };
    status = 400;
  }
  const paged = ctx.query.has('after') || ctx.query.has('before');
  const pageLink = (cursor: { after: string } | { before: string } | null) => {
    const params = new URLSearchParams({ list });
    if (ctx.query.get('q')) params.set('q', ctx.query.get('q') ?? '');
    if (wantStatus) params.set('status', wantStatus);
    if (topic) params.set('topic', topic);
    for (const [name, value] of Object.entries(cursor ?? {})) params.set(name, value);
    return `/admin/subscribers?${params.toString()}`;
  };
  const shown = page.items.length;
  const summary =
    !page.previous && !page.next
      ? `${shown} match${shown === 1 ? '' : 'es'}${paged ? ' on this page' : ''}.`
      : `${shown} match${shown === 1 ? '' : 'es'} on this page; more on the ${page.previous && page.next ? 'previous and next pages' : page.next ? 'next page' : 'previous page'}.`;
  const pager =
    page.previous || page.next || paged
      ? html`<nav class="pager" aria-label="Pages of matches"><p>${[
          paged ? html`<a href="${pageLink(null)}">First page</a>` : null,
          page.previous
            ? html`<a rel="prev" href="${pageLink({ before: page.previous })}">‹ Previous page</a>`
            : null,
          page.next ? html`<a rel="next" href="${pageLink({ after: page.next })}">Next page ›</a>` : null,
        ]
          .filter((link) => link !== null)
          .map((link, i) => html`${i ? ' · ' : ''}${link}`)}</p></nav>`
      : '';
  const matches = page.items;
  const listParam = encodeURIComponent(list);
  // Forget leads back to this search (its list, address, status and topic; the first page of it).
  const here = searchQuery(list, ctx.query);
  // An address the add form was refused for comes back in the form, to be corrected.
  const refused = ctx.method === 'POST' && ctx.path[1] === undefined && status >= 400;
  const body = html`<h1>Subscribers</h1>
<form class="card" method="get" action="/admin/subscribers" role="search"><div class="row">
<div><label for="s-list">List</label><select id="s-list" name="list">${lists.map((l) => html`<option value="${l.id}"${l.id === list ? html` selected` : ''}>${l.title}</option>`)}</select></div>
<div><label for="s-q">Address contains</label><input id="s-q" name="q" type="search" value="${ctx.query.get('q') ?? ''}"></div>
<div><label for="s-status">Status</label><select id="s-status" name="status"><option value="">any</option>${STATUSES.map((s) => html`<option${s === wantStatus ? html` selected` : ''}>${s}</option>`)}</select></div>
<div><label for="s-topic">Topic</label><input id="s-topic" name="topic" type="text" value="${topic}"></div>
<div><button type="submit">Search</button></div></div></form>
<p><a class="button secondary" href="/admin/subscribers/import?list=${listParam}">Import a CSV</a> <a class="button secondary" href="/admin/subscribers/export?list=${listParam}" download>Export as CSV</a> <a href="#imports-h">Recent imports</a></p>
<p role="status">${summary}</p>
${scrollRegion(
  'Matching subscribers',
  html`<table id="matches"><thead><tr><th scope="col">Address</th><th scope="col">Status</th><th scope="col">Topics</th><th scope="col">Since</th><th scope="col">Actions</th></tr></thead><tbody>
${matches.map(
  (s) =>
    html`<tr><td>${s.email}</td><td>${s.status}</td><td>${s.topics.join(', ')}</td><td>${s.createdAt.slice(0, 10)}</td><td><a href="/admin/subscriber?list=${listParam}&amp;email=${encodeURIComponent(s.email)}" aria-label="History of ${s.email}">History</a> · <a href="/admin/subscribers/forget?${here}&amp;email=${encodeURIComponent(s.email)}" aria-label="Forget ${s.email}">Forget</a></td></tr>`,
)}</tbody></table>`,
)}
${pager}
<h2 id="add-h">Add a subscriber to ${lists.find((l) => l.id === list)?.title ?? list}</h2>
<form class="card" method="post" action="/admin/subscribers" aria-labelledby="add-h">${csrfField(ctx.csrf)}<input type="hidden" name="list" value="${list}">
<label for="a-email">Address</label><input id="a-email" name="email" type="email" required autocomplete="off" value="${refused ? (ctx.form.fields.get('email') ?? '') : ''}">
<p><input id="a-confirmed" name="confirmed" type="checkbox" value="1"${refused && ctx.form.fields.get('confirmed') === '1' ? html` checked` : ''}> <label class="inline" for="a-confirmed">Consent was collected elsewhere: add as confirmed (otherwise a confirmation mail goes out)</label></p>
<p><button type="submit">Add</button></p></form>
${await recentImportsSection(ctx)}`;
  return ctx.page('Subscribers', 'subscribers', body, { flash, status });
}

function isStatus(value: string): value is SubscriberStatus {
  return (STATUSES as string[]).includes(value);
}

async function add(ctx: AdminContext): Promise<HttpResult> {
  const list = await chosenList(ctx);
  if (!(await ctx.deps.lists.store.get(list)))
    return search(ctx, { kind: 'error', text: `There is no list "${list}".` }, 404);
  const email = ctx.form.fields.get('email') ?? '';
  const now = ctx.deps.now();
  if (ctx.form.fields.get('confirmed') === '1') {
    const result = await addConfirmed(ctx.deps.subscription, { email, list, method: 'console' }, now);
    if (result.kind === 'invalid') return search(ctx, { kind: 'error', text: result.message }, 422);
    // Named, with the list: the add form's list is the page's, whatever the search form's list menu shows now.
    if (result.kind === 'added' || result.kind === 'already-confirmed') {
      const title = (await ctx.deps.lists.store.get(list))?.title ?? list;
      const who = normalizeEmail(email);
      const address = who.ok ? who.email : email.trim();
      return search(ctx, {
        kind: 'ok',
        text:
          result.kind === 'added'
            ? `Added ${address} to ${title} (${list}) as confirmed.`
            : `${address} is already a confirmed subscriber of ${title} (${list}): nothing changed.`,
      });
    }
    // Refused: consent collected elsewhere never overrides an opt-out given here (core/subscription optedOut).
    const refusal = {
      suppressed: 'That address is suppressed (bounce or complaint); not added.',
      unsubscribed:
        'That address unsubscribed from this list; not added as confirmed. Only its own opt-in puts it back: untick "Consent was collected elsewhere" to send it the confirmation mail.',
      removed: 'That address was removed from this list while it was being added; not added.',
    }[result.kind];
    return search(ctx, { kind: 'error', text: refusal }, 409);
  }
  const result = await subscribe(
    ctx.deps.subscription,
    { email, list, method: 'console', ip: null, userAgent: null },
    now,
  );
  if (result.kind === 'invalid') return search(ctx, { kind: 'error', text: result.message }, 422);
  return addOutcome(ctx, result.action, result.email, list);
}

/**
 * What the add without "consent was collected elsewhere" did, in words: a confirmation mail went out, or why none
 * did (core/subscription.ts `subscribe`). The public /subscribe answers the same to everyone (no enumeration); an
 * editor is told what really happened.
 */
async function addOutcome(
  ctx: AdminContext,
  action: 'confirmation-sent' | 'rate-limited' | 'already-confirmed' | 'suppressed',
  email: string,
  list: string,
): Promise<HttpResult> {
  switch (action) {
    case 'confirmation-sent':
      return search(ctx, {
        kind: 'ok',
        text: `A confirmation mail went to ${email}. The address is pending: it gets no issue until the link in that mail is clicked.`,
      });
    case 'already-confirmed':
      return search(ctx, {
        kind: 'ok',
        text: `${email} is already a confirmed subscriber of this list: nothing changed, and no mail went out.`,
      });
    case 'rate-limited': {
      // A new address is written pending without the mail; one already on the list is left as it was.
      const status = (await ctx.deps.subscribers.get(list, email))?.status ?? 'not on the list';
      return search(ctx, {
        kind: 'error',
        text: `No confirmation mail went to ${email}: one went to this address less than ${OPT_IN_WAIT_MINUTES} minutes ago, and the rate limit allows one per address every ${OPT_IN_WAIT_MINUTES} minutes, whatever the list. Its record on this list: ${status}. Add it again after ${OPT_IN_WAIT_MINUTES} minutes to send the mail.`,
      });
    }
    case 'suppressed':
      // 409, as the add as confirmed answers: nothing was written and nothing was sent.
      return search(
        ctx,
        {
          kind: 'error',
          text: `Not added, and no mail went out: ${email} is suppressed (it hard-bounced or complained), and a suppressed address is never mailed.`,
        },
        409,
      );
  }
}

async function exportCsv(ctx: AdminContext): Promise<HttpResult> {
  const list = await chosenList(ctx);
  if (!(await ctx.deps.lists.store.get(list)))
    return search(ctx, { kind: 'error', text: `There is no list "${list}".` }, 404);
  return fileResult(await ctx.deps.exportCsv(list), 'text/csv; charset=utf-8', {
    'content-disposition': `attachment; filename="${list}-subscribers.csv"`,
  });
}

/**
 * The search an editor was on (`list`, `q`, `status`, `topic`), as a query string: Forget's confirm page, its Cancel
 * and the page after it keep the editor on that list and search rather than on the first list. A page cursor is not
 * kept: the person forgotten may have been the record it names.
 */
function searchQuery(list: string, query: URLSearchParams): string {
  const params = new URLSearchParams({ list });
  for (const name of ['q', 'status', 'topic']) {
    const value = (query.get(name) ?? '').trim();
    if (value) params.set(name, value);
  }
  return params.toString();
}

async function forgetConfirm(ctx: AdminContext): Promise<HttpResult> {
  const address = normalizeEmail(ctx.query.get('email') ?? '');
  if (!address.ok) return search(ctx, { kind: 'error', text: describeEmailRejection(address.reason) }, 422);
  const lists = await ctx.deps.subscribers.listsOf(address.email);
  // Back to the search the editor came from: Cancel leads there, and so does the answer to the form (its address).
  const back = searchQuery(await chosenList(ctx), ctx.query);
  const body = html`<h1>Forget ${address.email}?</h1>
<div class="card"><p>This erases the address from every list (${lists.length ? lists.map((l, i) => html`${i ? ', ' : ''}${l.list}`) : 'it is on none'}) and cannot be undone. After a complaint only a hash stays, so that it is never mailed again.</p>
<form method="post" action="/admin/subscribers/forget?${back}">${csrfField(ctx.csrf)}<input type="hidden" name="email" value="${address.email}">
<button class="danger" type="submit">Forget this person</button> <a href="/admin/subscribers?${back}">Cancel</a></form></div>`;
  return ctx.page('Forget', 'subscribers', body);
}

async function forgetNow(ctx: AdminContext): Promise<HttpResult> {
  const address = normalizeEmail(ctx.form.fields.get('email') ?? '');
  if (!address.ok) return search(ctx, { kind: 'error', text: describeEmailRejection(address.reason) }, 422);
  const result = await forget(ctx.deps.subscription, address.email);
  // As `digest subscribers forget`: the ledger names the address too (each issue sent, each test copy).
  const deliveries = await ctx.deps.stats.ledger.forgetRecipient(address.email);
  return search(ctx, {
    kind: 'ok',
    text: `Forgotten: ${result.removedRecords} record${result.removedRecords === 1 ? '' : 's'} removed${deliveries > 0 ? `, ${deliveries} delivery record${deliveries === 1 ? '' : 's'}` : ''}${result.suppression === 'kept-hash' ? '; only a hash stays in the suppression list' : ''}.`,
  });
}

async function history(ctx: AdminContext): Promise<HttpResult> {
  const list = await chosenList(ctx);
  const address = normalizeEmail(ctx.query.get('email') ?? '');
  if (!address.ok) return search(ctx, { kind: 'error', text: describeEmailRejection(address.reason) }, 422);
  const events = await ctx.deps.history(list, address.email);
  const body = html`<h1>${address.email}</h1><p class="muted">On the list ${list}</p>
${
  events.length
    ? html`<ol class="card">${events.map((e) => html`<li><time datetime="${e.at}">${e.at.replace('T', ' ').slice(0, 16)} UTC</time>: ${e.what}</li>`)}</ol>`
    : html`<p>Nothing is known about this address on this list.</p>`
}
<p><a href="/admin/subscribers/forget?list=${encodeURIComponent(list)}&amp;email=${encodeURIComponent(address.email)}">Forget this person</a></p>`;
  return ctx.page('History', 'subscribers', body);
}
