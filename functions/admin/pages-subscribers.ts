/**
 * Subscribers in the console: search by address, filter by status and topic, add, import a CSV
 * (with progress and the rejected rows), export, forget after a confirmation step, and one
 * person's history. Adding and forgetting go through core/subscription, as in the CLI.
 */
import { describeEmailRejection, normalizeEmail } from '../core/email-address.js';
import { SearchCursorError } from '../core/subscriber-search.js';
import { addConfirmed, forget, subscribe } from '../core/subscription.js';
import { html } from '../handlers/http/page.js';
import type { HttpResult } from '../handlers/http/types.js';
import type { SearchPage, SubscriberSearch, SubscriberStatus } from '../ports/subscriber-store.js';
import {
  decodeCsvBytes,
  OPT_IN_WAIT_MINUTES,
  SubscriberImportError,
} from '../use-cases/import-subscribers.js';
import type { AdminContext } from './admin-context.js';
import type { ImportResult, ImportState } from './admin-deps.js';
import { fileResult, jsonResult, redirect } from './admin-http.js';
import { csrfField } from './layout.js';

/** Matches on one page of the search. */
export const SEARCH_PAGE = 50;
const STATUSES: SubscriberStatus[] = ['confirmed', 'pending', 'unsubscribed'];
const KEPT_JOBS = 20;

interface ImportJob {
  list: string;
  /** The progress so far (use-cases/import-subscribers counts the rows as the CSV parser reads them). */
  state: ImportState;
  result: ImportResult | null;
  error: string | null;
}

const jobs = new Map<string, ImportJob>();

export async function subscriberRoutes(ctx: AdminContext): Promise<HttpResult | null> {
  const [section, action, job] = ctx.path;
  if (section === 'subscriber' && ctx.method === 'GET') return history(ctx);
  if (section !== 'subscribers') return null;
  if (action === undefined) return ctx.method === 'POST' ? add(ctx) : search(ctx);
  if (action === 'export' && ctx.method === 'GET') return exportCsv(ctx);
  if (action === 'import') {
    if (job?.endsWith('.json')) return importState(ctx, job.slice(0, -5));
    if (job) return importPage(ctx, job);
    return ctx.method === 'POST' ? startImport(ctx) : importForm(ctx);
  }
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
  // An address the add form was refused for comes back in the form, to be corrected.
  const refused = ctx.method === 'POST' && ctx.path[1] === undefined && status >= 400;
  const body = html`<h1>Subscribers</h1>
<form class="card" method="get" action="/admin/subscribers" role="search"><div class="row">
<div><label for="s-list">List</label><select id="s-list" name="list">${lists.map((l) => html`<option value="${l.id}"${l.id === list ? html` selected` : ''}>${l.title}</option>`)}</select></div>
<div><label for="s-q">Address contains</label><input id="s-q" name="q" type="search" value="${ctx.query.get('q') ?? ''}"></div>
<div><label for="s-status">Status</label><select id="s-status" name="status"><option value="">any</option>${STATUSES.map((s) => html`<option${s === wantStatus ? html` selected` : ''}>${s}</option>`)}</select></div>
<div><label for="s-topic">Topic</label><input id="s-topic" name="topic" type="text" value="${topic}"></div>
<div><button type="submit">Search</button></div></div></form>
<p><a class="button secondary" href="/admin/subscribers/import?list=${listParam}">Import a CSV</a> <a class="button secondary" href="/admin/subscribers/export?list=${listParam}" download>Export as CSV</a></p>
<p role="status">${summary}</p>
<table><thead><tr><th scope="col">Address</th><th scope="col">Status</th><th scope="col">Topics</th><th scope="col">Since</th><th scope="col">Actions</th></tr></thead><tbody>
${matches.map(
  (s) =>
    html`<tr><td>${s.email}</td><td>${s.status}</td><td>${s.topics.join(', ')}</td><td>${s.createdAt.slice(0, 10)}</td><td><a href="/admin/subscriber?list=${listParam}&amp;email=${encodeURIComponent(s.email)}" aria-label="History of ${s.email}">History</a> · <a href="/admin/subscribers/forget?email=${encodeURIComponent(s.email)}" aria-label="Forget ${s.email}">Forget</a></td></tr>`,
)}</tbody></table>
${pager}
<h2>Add a subscriber</h2>
<form class="card" method="post" action="/admin/subscribers">${csrfField(ctx.csrf)}<input type="hidden" name="list" value="${list}">
<label for="a-email">Address</label><input id="a-email" name="email" type="email" required autocomplete="off" value="${refused ? (ctx.form.fields.get('email') ?? '') : ''}">
<p><input id="a-confirmed" name="confirmed" type="checkbox" value="1"${refused && ctx.form.fields.get('confirmed') === '1' ? html` checked` : ''}> <label class="inline" for="a-confirmed">Consent was collected elsewhere: add as confirmed (otherwise a confirmation mail goes out)</label></p>
<p><button type="submit">Add</button></p></form>`;
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
    if (result.kind === 'added' || result.kind === 'already-confirmed')
      return search(ctx, {
        kind: 'ok',
        text: result.kind === 'added' ? 'Added as confirmed.' : 'Already confirmed.',
      });
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
  return search(ctx, {
    kind: 'ok',
    text: 'A confirmation mail is on its way (unless the address is suppressed or already confirmed).',
  });
}

async function exportCsv(ctx: AdminContext): Promise<HttpResult> {
  const list = await chosenList(ctx);
  if (!(await ctx.deps.lists.store.get(list)))
    return search(ctx, { kind: 'error', text: `There is no list "${list}".` }, 404);
  return fileResult(await ctx.deps.exportCsv(list), 'text/csv; charset=utf-8', {
    'content-disposition': `attachment; filename="${list}-subscribers.csv"`,
  });
}

async function importForm(ctx: AdminContext, error: string | null = null, status = 200): Promise<HttpResult> {
  const lists = await ctx.deps.lists.store.list();
  const list = await chosenList(ctx);
  const body = html`<h1>Import subscribers</h1>
<form class="card" method="post" action="/admin/subscribers/import" enctype="multipart/form-data" data-upload>${csrfField(ctx.csrf)}
<label for="i-list">List</label><select id="i-list" name="list">${lists.map((l) => html`<option value="${l.id}"${l.id === list ? html` selected` : ''}>${l.title}</option>`)}</select>
<label for="i-file">CSV file</label><input id="i-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="i-help">
<p id="i-help" class="small muted">A header row and an <code>email</code> column; optional <code>topics</code> (separated by <code>;</code>), <code>timezone</code>, and the <code>status</code>, <code>suppressed</code> and consent columns an export writes. A row's status is kept: a pending or unsubscribed row is never confirmed.</p>
<label for="i-text">Or paste the CSV</label><textarea id="i-text" name="text"></textarea>
<p><input id="i-confirmed" name="confirmed" type="checkbox" value="1"> <label class="inline" for="i-confirmed">Consent was collected elsewhere: import rows without a status as confirmed (otherwise each new address without a status gets a confirmation mail)</label></p>
<div data-upload-status hidden><progress aria-label="Upload progress"></progress><p data-progress-text role="status" aria-live="polite"></p></div>
<p><button type="submit">Import</button></p></form>`;
  return ctx.page('Import', 'subscribers', body, {
    status,
    flash: error ? { kind: 'error', text: error } : null,
  });
}

async function startImport(ctx: AdminContext): Promise<HttpResult> {
  const list = await chosenList(ctx);
  if (!(await ctx.deps.lists.store.get(list))) return importForm(ctx, `There is no list "${list}".`, 404);
  // An uploaded file is read as its bytes say (UTF-8, UTF-16, or a spreadsheet's Windows code page).
  const upload = ctx.form.files.get('file');
  const fileText = upload ? decodeCsvBytes(upload) : '';
  const text = fileText.trim() ? fileText : (ctx.form.fields.get('text') ?? '');
  if (!text.trim()) return importForm(ctx, 'Choose a CSV file or paste the CSV.', 422);
  const id = ctx.deps.newSessionId();
  const job: ImportJob = { list, state: { rows: 0, imported: 0, settled: 0 }, result: null, error: null };
  jobs.set(id, job);
  while (jobs.size > KEPT_JOBS) jobs.delete(jobs.keys().next().value as string);
  const run = ctx.deps
    .importCsv({ text, list, confirmed: ctx.form.fields.get('confirmed') === '1' }, (state) => {
      job.state = state;
    })
    .then((result) => {
      job.result = result;
    })
    .catch((error: unknown) => {
      // Only the import's own refusals (no header, no email column, not CSV) are shown as they are.
      job.error =
        error instanceof SubscriberImportError ? error.message : 'The import failed; please try again.';
    });
  if (!ctx.deps.backgroundWork) {
    // Nothing runs after the answer here (a Lambda): the import ran in this request, and its report lives in
    // this container's memory only. A redirect to the report page may reach another container, which never
    // heard of it, so the report is the answer itself.
    await run;
    return importPage(ctx, id);
  }
  return redirect(`/admin/subscribers/import/${id}`);
}

function importState(ctx: AdminContext, id: string): HttpResult {
  const job = jobs.get(id);
  if (!job) return jsonResult(404, { error: 'no such import' });
  void ctx;
  const { rows, imported, settled } = job.state;
  // The bar counts every row dealt with (written, skipped or refused), so that it ends full; the text says how
  // many were written.
  return jsonResult(200, {
    done: settled,
    total: rows,
    finished: job.result !== null || job.error !== null,
    text: job.error ?? (job.result ? 'Done' : `Imported ${imported} of ${rows} rows so far`),
  });
}

function importPage(ctx: AdminContext, id: string): HttpResult {
  const job = jobs.get(id);
  if (!job)
    return ctx.page(
      'Import',
      'subscribers',
      html`<h1>Import</h1><p>This import is no longer known here; see the <a href="/admin/subscribers">subscribers</a>.</p>`,
      { status: 404 },
    );
  const self = `/admin/subscribers/import/${id}`;
  if (!job.result && !job.error) {
    return ctx.page(
      'Importing',
      'subscribers',
      html`<h1>Importing into ${job.list}</h1><section class="card" data-progress="${self}.json" data-progress-done="${self}">
<progress max="${String(Math.max(1, job.state.rows))}" value="${String(job.state.settled)}" aria-label="Import progress"></progress>
<p data-progress-text role="status" aria-live="polite">Imported ${String(job.state.imported)} of ${String(job.state.rows)} rows so far</p>
<p class="small"><a href="${self}">Refresh</a></p></section>`,
    );
  }
  if (job.error)
    return ctx.page(
      'Import failed',
      'subscribers',
      html`<h1>Import failed</h1><p role="alert">${job.error}</p><p><a href="/admin/subscribers/import?list=${job.list}">Try again</a></p>`,
      { status: 422 },
    );
  const r = job.result as ImportResult;
  const body = html`<h1>Import into ${job.list}: done</h1>
<p role="status" id="import-report">Imported ${String(r.imported)} of ${String(r.rows)} rows; skipped ${String(r.skipped)} (already there, unsubscribed earlier or suppressed); rejected ${String(r.rejected.length)}.</p>
${r.invited > 0 || r.notInvited.length > 0 ? html`<p>Sent the opt-in mail to ${rowCount(r.invited)}.</p>` : ''}
${notInvitedReport(job.list, r.notInvited)}
${
  r.rejected.length
    ? html`<h2>Rejected rows</h2><table><thead><tr><th scope="col" class="num">Line</th><th scope="col">Why</th></tr></thead><tbody>${r.rejected.map(
        (x) => html`<tr><td class="num">${String(x.line)}</td><td>${x.reason}</td></tr>`,
      )}</tbody></table>`
    : ''
}
<p><a href="/admin/subscribers?list=${job.list}">See the subscribers</a></p>`;
  return ctx.page('Import done', 'subscribers', body);
}

function rowCount(n: number): string {
  return `${n} row${n === 1 ? '' : 's'}`;
}

/**
 * Rows the rate limit kept from the opt-in mail (use-cases/import-subscribers.ts): named, with what the editor can do.
 * Nothing sends that mail later; the console's add form (without "consent was collected elsewhere") sends it, as
 * `digest subscribers add` does, once the wait is over. Absent when there are none.
 */
function notInvitedReport(list: string, rows: ImportResult['notInvited']) {
  if (rows.length === 0) return '';
  return html`<section class="card" id="import-not-invited"><h2>Not sent the opt-in mail</h2>
<p>${rowCount(rows.length)} ${rows.length === 1 ? 'was' : 'were'} not sent the opt-in mail: the rate limit allows one confirmation mail per address every ${String(OPT_IN_WAIT_MINUTES)} minutes, whatever the list, and ${rows.length === 1 ? 'this address' : 'these addresses'} had one lately. ${rows.length === 1 ? 'Its record is' : 'Their records are'} pending without one, and nothing sends it later.</p>
<p>To send it: after ${String(OPT_IN_WAIT_MINUTES)} minutes, enter each address in <a href="/admin/subscribers?list=${encodeURIComponent(list)}#a-email">Add a subscriber</a> (leave "Consent was collected elsewhere" unticked). From the command line: <code>digest subscribers add EMAIL${list === 'default' ? '' : ` --list ${list}`}</code>.</p>
<table><thead><tr><th scope="col" class="num">Line</th><th scope="col">Address</th></tr></thead><tbody>${rows.map(
    (x) => html`<tr><td class="num">${String(x.line)}</td><td>${x.email}</td></tr>`,
  )}</tbody></table></section>`;
}

async function forgetConfirm(ctx: AdminContext): Promise<HttpResult> {
  const address = normalizeEmail(ctx.query.get('email') ?? '');
  if (!address.ok) return search(ctx, { kind: 'error', text: describeEmailRejection(address.reason) }, 422);
  const lists = await ctx.deps.subscribers.listsOf(address.email);
  const body = html`<h1>Forget ${address.email}?</h1>
<div class="card"><p>This erases the address from every list (${lists.length ? lists.map((l, i) => html`${i ? ', ' : ''}${l.list}`) : 'it is on none'}) and cannot be undone. After a complaint only a hash stays, so that it is never mailed again.</p>
<form method="post" action="/admin/subscribers/forget">${csrfField(ctx.csrf)}<input type="hidden" name="email" value="${address.email}">
<button class="danger" type="submit">Forget this person</button> <a href="/admin/subscribers">Cancel</a></form></div>`;
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
<p><a href="/admin/subscribers/forget?email=${encodeURIComponent(address.email)}">Forget this person</a></p>`;
  return ctx.page('History', 'subscribers', body);
}
