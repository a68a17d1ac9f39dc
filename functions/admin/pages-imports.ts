/**
 * Importing subscribers in the console (use-cases/console-imports.ts over the import use case): the upload form; the
 * confirm page, which says what the file holds and what the import will do (how many opt-in mails go out, or that
 * the rows are imported as confirmed) before anything is written or sent, with Confirm and Cancel; the running
 * import's page with its progress and a Stop button; the report; and the list of recent imports that the
 * Subscribers page shows, so that an import's page is never lost once the editor has navigated away.
 *
 *   GET  /admin/subscribers/import              the upload form
 *   POST /admin/subscribers/import              read and preview the file, keep it → 303 to its page
 *   GET  /admin/subscribers/import/<id>         confirm page, progress (with Stop) or report, by where it stands
 *   GET  /admin/subscribers/import/<id>.json    its progress, for the page's script
 *   POST /admin/subscribers/import/<id>/confirm, /cancel, /stop
 */
import { html, type RawHtml } from '../handlers/http/page.js';
import type { HttpResult } from '../handlers/http/types.js';
import type { ImportJob, PlannedCounts } from '../ports/import-jobs.js';
import {
  type ConsoleImportDeps,
  cancelImport,
  confirmImport,
  describeStatus,
  IMPORT_CONFIRM_MS,
  ImportJobError,
  type ImportView,
  importView,
  recentImports,
  stageImport,
  stopImport,
} from '../use-cases/console-imports.js';
import {
  decodeCsvBytes,
  OPT_IN_WAIT_MINUTES,
  SubscriberImportError,
} from '../use-cases/import-subscribers.js';
import type { AdminContext } from './admin-context.js';
import type { AdminDeps, ImportResult } from './admin-deps.js';
import { jsonResult, redirect } from './admin-http.js';
import { csrfField, scrollRegion } from './layout.js';

/** Imports the Subscribers page lists. */
export const RECENT_IMPORTS = 10;
const ACTIONS = new Set(['confirm', 'cancel', 'stop']);

/** The console's dependencies as the import use case takes them. */
export function importDeps(deps: AdminDeps): ConsoleImportDeps {
  return {
    jobs: deps.importJobs,
    claim: (id) => deps.claimImport(id),
    preview: (request) => deps.previewCsv(request),
    importCsv: (request, onProgress, shouldStop) => deps.importCsv(request, onProgress, shouldStop),
    now: () => deps.now(),
    random: () => deps.newSessionId(),
  };
}

/** `/admin/subscribers/import…`: null for any other path. */
export async function importRoutes(ctx: AdminContext): Promise<HttpResult | null> {
  const [section, action, id, verb] = ctx.path;
  if (section !== 'subscribers' || action !== 'import') return null;
  if (id === undefined) return ctx.method === 'POST' ? upload(ctx) : importForm(ctx);
  if (verb !== undefined) {
    if (ctx.method !== 'POST' || !ACTIONS.has(verb)) return null;
    return act(ctx, id, verb as 'confirm' | 'cancel' | 'stop');
  }
  if (id.endsWith('.json')) return importState(ctx, id.slice(0, -5));
  return importPage(ctx, id);
}

async function chosenList(ctx: AdminContext): Promise<string> {
  const wanted = ctx.form.fields.get('list') ?? ctx.query.get('list');
  if (wanted) return wanted;
  return (await ctx.deps.lists.store.list())[0]?.id ?? 'default';
}

async function importForm(ctx: AdminContext, error: string | null = null, status = 200): Promise<HttpResult> {
  const lists = await ctx.deps.lists.store.list();
  const list = await chosenList(ctx);
  // A refused upload shows the form as it was posted (list, pasted CSV, consent box); the file is chosen again.
  const posted = ctx.method === 'POST' ? ctx.form.fields : new Map<string, string>();
  const body = html`<h1>Import subscribers</h1>
<form class="card" method="post" action="/admin/subscribers/import" enctype="multipart/form-data" data-upload>${csrfField(ctx.csrf)}
<label for="i-list">List</label><select id="i-list" name="list">${lists.map((l) => html`<option value="${l.id}"${l.id === list ? html` selected` : ''}>${l.title}</option>`)}</select>
<label for="i-file">CSV file</label><input id="i-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="i-help">
<p id="i-help" class="small muted">A header row and an <code>email</code> column; optional <code>topics</code> (separated by <code>;</code>), <code>timezone</code>, and the <code>status</code>, <code>suppressed</code> and consent columns an export writes. A row's status is kept: a pending or unsubscribed row is never confirmed.</p>
<label for="i-text">Or paste the CSV</label><textarea id="i-text" name="text">${posted.get('text') ?? ''}</textarea>
<p><input id="i-confirmed" name="confirmed" type="checkbox" value="1"${posted.get('confirmed') === '1' ? html` checked` : ''}> <label class="inline" for="i-confirmed">Consent was collected elsewhere: import rows without a status as confirmed (otherwise each new address without a status gets a confirmation mail)</label></p>
<div data-upload-status hidden><progress aria-label="Upload progress"></progress><p data-progress-text role="status" aria-live="polite"></p></div>
<p><button type="submit">Upload and review</button></p>
<p class="small muted">Nothing is written or sent yet: the next page says what the file holds and how many confirmation mails would go out, with Confirm and Cancel. Recent imports are listed on the <a href="/admin/subscribers">Subscribers</a> page.</p></form>`;
  return ctx.page('Import', 'subscribers', body, {
    status,
    flash: error ? { kind: 'error', text: error } : null,
  });
}

/** Reads and previews the upload, keeps it awaiting Confirm, and shows its page: nothing is written or sent. */
async function upload(ctx: AdminContext): Promise<HttpResult> {
  const list = await chosenList(ctx);
  if (!(await ctx.deps.lists.store.get(list))) return importForm(ctx, `There is no list "${list}".`, 404);
  // An uploaded file is read as its bytes say (UTF-8, UTF-16, or a spreadsheet's Windows code page).
  const file = ctx.form.files.get('file');
  const fileText = file ? decodeCsvBytes(file) : '';
  const text = fileText.trim() ? fileText : (ctx.form.fields.get('text') ?? '');
  if (!text.trim()) return importForm(ctx, 'Choose a CSV file or paste the CSV.', 422);
  let job: ImportJob;
  try {
    job = await stageImport(importDeps(ctx.deps), {
      text,
      list,
      asConfirmed: ctx.form.fields.get('confirmed') === '1',
      by: ctx.who,
      fileName: fileText.trim() ? (ctx.form.fileNames?.get('file') ?? 'the uploaded file') : null,
    });
  } catch (error) {
    if (!(error instanceof SubscriberImportError)) throw error;
    return importForm(ctx, `Not imported: ${error.message}`, 422);
  }
  return redirect(pageOf(job.id));
}

async function act(ctx: AdminContext, id: string, verb: 'confirm' | 'cancel' | 'stop'): Promise<HttpResult> {
  const deps = importDeps(ctx.deps);
  try {
    if (verb === 'cancel') {
      await cancelImport(deps, id);
      return redirect(pageOf(id));
    }
    if (verb === 'stop') {
      await stopImport(deps, id);
      return redirect(pageOf(id));
    }
    const { finished } = await confirmImport(deps, id, {
      asConfirmed: ctx.form.fields.get('confirmed') === '1',
      by: ctx.who,
    });
    // Where nothing runs after the answer (a Lambda), the import runs in this request; its page is read from the
    // store, so the redirect may reach any server of the console.
    if (!ctx.deps.backgroundWork) await finished;
    return redirect(pageOf(id));
  } catch (error) {
    if (!(error instanceof ImportJobError)) throw error;
    return importPage(ctx, id, { kind: 'error', text: error.message }, error.status);
  }
}

function pageOf(id: string): string {
  return `/admin/subscribers/import/${encodeURIComponent(id)}`;
}

async function importState(ctx: AdminContext, id: string): Promise<HttpResult> {
  const view = await importView(importDeps(ctx.deps), id);
  if (!view) return jsonResult(404, { error: 'no such import' });
  const { job } = view;
  const { rows, imported, settled } = job.progress;
  const finished = !['awaiting', 'running'].includes(job.status) || view.interrupted;
  // The bar counts every row dealt with (written, skipped or refused), so that it ends full; the text says how many
  // were written.
  return jsonResult(200, {
    status: describeStatus(view),
    done: settled,
    total: rows,
    finished,
    text:
      job.error ??
      (finished
        ? 'Done'
        : view.stopping
          ? `Stopping: imported ${imported} of ${rows} rows so far`
          : `Imported ${imported} of ${rows} rows so far`),
  });
}

async function importPage(
  ctx: AdminContext,
  id: string,
  flash: { kind: 'ok' | 'error'; text: string } | null = null,
  status = 200,
): Promise<HttpResult> {
  const view = await importView(importDeps(ctx.deps), id);
  if (!view)
    return ctx.page(
      'Import',
      'subscribers',
      html`<h1>Import</h1><p>There is no such import: an import is kept for 7 days. See the <a href="/admin/subscribers">subscribers</a> and their recent imports.</p>`,
      { status: 404, flash },
    );
  const { job } = view;
  const title = (await ctx.deps.lists.store.get(job.list))?.title ?? job.list;
  const page = (name: string, body: RawHtml, code = status) =>
    ctx.page(name, 'subscribers', body, { flash, status: code });
  if (job.status === 'awaiting') return page('Confirm the import', confirmBody(ctx, job, title));
  if (job.status === 'running' && !view.interrupted) return page('Importing', runningBody(ctx, view, title));
  if (job.status === 'cancelled' || job.status === 'expired')
    return page(
      job.status === 'cancelled' ? 'Import cancelled' : 'Import expired',
      html`<h1>Import into ${title}: ${job.status}</h1>
<p role="status" id="import-report">${
        job.status === 'cancelled'
          ? 'Cancelled before it started: nothing was written and no mail went out. The uploaded file was dropped.'
          : 'The upload waited more than an hour for confirmation and was dropped: nothing was written and no mail went out.'
      }</p>
<p><a href="/admin/subscribers/import?list=${job.list}">Import a file</a> · <a href="/admin/subscribers?list=${job.list}">See the subscribers</a></p>`,
    );
  if (job.status === 'failed' || view.interrupted)
    return page(
      'Import failed',
      html`<h1>Import into ${title}: ${view.interrupted ? 'interrupted' : 'failed'}</h1>
<p role="alert" id="import-report">${
        view.interrupted
          ? `It stopped before the end: the server running it stopped (restarted, or in AWS the console's 30-second limit per request). ${job.progress.imported} of ${job.progress.rows} rows had been imported; those stay. Importing the same file again skips the addresses already on the list.`
          : job.error
      }</p>
<p><a href="/admin/subscribers/import?list=${job.list}">Try again</a> · <a href="/admin/subscribers?list=${job.list}">See the subscribers</a></p>`,
      status === 200 ? 422 : status,
    );
  return page(job.status === 'stopped' ? 'Import stopped' : 'Import done', reportBody(job, title));
}

function confirmBody(ctx: AdminContext, job: ImportJob, title: string): RawHtml {
  const p = job.preview;
  const self = pageOf(job.id);
  const chosen = job.asConfirmed ? p.asConfirmed : p.optIn;
  const mails = p.optIn.invited;
  const what = job.fileName ? html`<code>${job.fileName}</code>` : html`the pasted CSV`;
  const summary = job.asConfirmed
    ? html`As chosen, <strong>nobody is mailed</strong>: ${count(chosen.confirmed, 'row is', 'rows are')} imported as confirmed.`
    : mails > 0
      ? html`As chosen, <strong>${count(mails, 'opt-in mail goes', 'opt-in mails go')} out</strong>, one to each new address without a status; ${mails === 1 ? 'it is imported as pending and gets' : 'they are imported as pending and get'} no issue until the link in that mail is clicked.`
      : html`As chosen, <strong>no opt-in mail goes out</strong>.`;
  const rowsOf = (label: string, pick: (c: PlannedCounts) => number) =>
    html`<tr><th scope="row">${label}</th><td class="num">${String(pick(p.optIn))}</td><td class="num">${String(pick(p.asConfirmed))}</td></tr>`;
  return html`<h1>Import into ${title}?</h1>
<section class="card" id="import-preview" aria-labelledby="preview-h"><h2 id="preview-h">What the file holds</h2>
<p id="import-read">Read ${count(p.rows, 'row', 'rows')} from ${what}: ${String(p.valid)} valid, ${String(p.rejected)} refused${p.rejected > 0 ? ' (listed below)' : ''}. Nothing has been written to the list and no mail has gone out yet.</p>
<p id="import-plan" role="status">${summary}</p>
<form method="post" action="${self}/confirm">${csrfField(ctx.csrf)}
<p><input id="c-confirmed" name="confirmed" type="checkbox" value="1"${job.asConfirmed ? html` checked` : ''} aria-describedby="c-help"> <label class="inline" for="c-confirmed">Consent was collected elsewhere: import the ${count(p.withoutStatus, 'row', 'rows')} without a status as confirmed, and mail nobody</label></p>
<p class="small muted" id="c-help">Unticked, each new address without a status gets the opt-in mail (one per address every ${String(OPT_IN_WAIT_MINUTES)} minutes, whatever the list: an address mailed lately gets none, and the report names it). The table gives both.</p>
<div class="scroll"><table id="import-outcomes"><thead><tr><th scope="col">What the import does</th><th scope="col" class="num">Box unticked</th><th scope="col" class="num">Box ticked</th></tr></thead><tbody>
${rowsOf('Opt-in mails sent (new addresses without a status)', (c) => c.invited)}
${rowsOf('Imported as confirmed', (c) => c.confirmed)}
${rowsOf('Imported as pending, no mail (the file says pending)', (c) => c.pending)}
${rowsOf('Recorded as unsubscribed', (c) => c.unsubscribed)}
${rowsOf('Addresses suppressed (bounced, complained)', (c) => c.suppressed)}
${rowsOf('Skipped: already on the list', (c) => c.skippedExisting)}
${rowsOf('Skipped: unsubscribed from this list earlier', (c) => c.skippedUnsubscribed)}
${rowsOf('Skipped: suppressed', (c) => c.skippedSuppressed)}
</tbody></table></div>
<p><button type="submit">Confirm the import</button></p></form>
<form method="post" action="${self}/cancel">${csrfField(ctx.csrf)}<p><button type="submit" class="secondary">Cancel</button> <span class="small muted">Drops the file; nothing is written or sent.</span></p></form>
<p class="small muted">The file is kept until ${formatTime(job.confirmBy)} (${String(IMPORT_CONFIRM_MS / 60_000)} minutes after the upload); after that, upload it again. When it starts, the import reads the list again: if the list changed meanwhile, its report may count a little differently.</p></section>
${rejectedTable(p.rejections, p.rejected)}`;
}

function runningBody(ctx: AdminContext, view: ImportView, title: string): RawHtml {
  const { job } = view;
  const self = pageOf(job.id);
  const { rows, imported, settled } = job.progress;
  return html`<h1>Importing into ${title}</h1><section class="card" data-progress="${self}.json" data-progress-done="${self}">
<progress max="${String(Math.max(1, rows))}" value="${String(settled)}" aria-label="Import progress"></progress>
<p data-progress-text role="status" aria-live="polite">${view.stopping ? 'Stopping: imported' : 'Imported'} ${String(imported)} of ${String(rows)} rows so far</p>
<p class="small"><a href="${self}">Refresh</a></p></section>
${
  view.stopping
    ? html`<p class="card" id="import-stopping">Asked to stop: it stops before its next batch of rows and its next opt-in mail. The rows done stay done; the report will say how many were not.</p>`
    : html`<form class="card" method="post" action="${self}/stop" id="import-stop">${csrfField(ctx.csrf)}
<p><button type="submit" class="danger">Stop the import</button></p>
<p class="small muted">Stops before the next batch of rows and the next opt-in mail. The rows imported and the mails sent so far stay; the report says how many rows were not imported.</p></form>`
}`;
}

function reportBody(job: ImportJob, title: string): RawHtml {
  const r = job.result as ImportResult;
  const headline = r.stopped
    ? `Stopped by the editor: imported ${r.imported} of ${r.rows} rows before it stopped; ${count(r.notDone, 'row was', 'rows were')} not imported (neither written nor mailed); skipped ${r.skipped} (already there, unsubscribed earlier or suppressed); rejected ${r.rejected.length}.`
    : `Imported ${r.imported} of ${r.rows} rows; skipped ${r.skipped} (already there, unsubscribed earlier or suppressed); rejected ${r.rejected.length}.`;
  return html`<h1>Import into ${title}: ${r.stopped ? 'stopped' : 'done'}</h1>
<p role="status" id="import-report">${headline}</p>
${r.invited > 0 || r.notInvited.length > 0 || r.stopped ? html`<p id="import-mails">Sent the opt-in mail to ${rowCount(r.invited)}.</p>` : ''}
${notInvitedReport(job.list, r.notInvited)}
${rejectedTable(r.rejected, r.rejected.length)}
<p class="small muted">${job.confirmedBy ? `Confirmed by ${job.confirmedBy}` : ''}${job.startedAt ? ` at ${formatTime(job.startedAt)}` : ''}${job.asConfirmed ? '; rows without a status imported as confirmed (consent collected elsewhere)' : '; rows without a status sent the opt-in mail'}.</p>
<p><a href="/admin/subscribers?list=${job.list}">See the subscribers</a></p>`;
}

function rejectedTable(rows: readonly { line: number; reason: string }[], total: number): RawHtml | '' {
  if (rows.length === 0) return '';
  return html`<h2>Rejected rows</h2>${total > rows.length ? html`<p class="small muted">The first ${String(rows.length)} of ${String(total)}.</p>` : ''}<table><thead><tr><th scope="col" class="num">Line</th><th scope="col">Why</th></tr></thead><tbody>${rows.map(
    (x) => html`<tr><td class="num">${String(x.line)}</td><td>${x.reason}</td></tr>`,
  )}</tbody></table>`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function rowCount(n: number): string {
  return `${n} row${n === 1 ? '' : 's'}`;
}

function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d{2}(\.\d+)?Z$/, ' UTC');
}

/**
 * Rows the rate limit kept from the opt-in mail (use-cases/import-subscribers.ts): named, with what the editor can do.
 * Nothing sends that mail later; the console's add form (without "consent was collected elsewhere") sends it, as
 * `digest subscribers add` does, once the wait is over. Absent when there are none.
 */
function notInvitedReport(list: string, rows: ImportResult['notInvited']): RawHtml | '' {
  if (rows.length === 0) return '';
  return html`<section class="card" id="import-not-invited"><h2>Not sent the opt-in mail</h2>
<p>${rowCount(rows.length)} ${rows.length === 1 ? 'was' : 'were'} not sent the opt-in mail: the rate limit allows one confirmation mail per address every ${String(OPT_IN_WAIT_MINUTES)} minutes, whatever the list, and ${rows.length === 1 ? 'this address' : 'these addresses'} had one lately. ${rows.length === 1 ? 'Its record is' : 'Their records are'} pending without one, and nothing sends it later.</p>
<p>To send it: after ${String(OPT_IN_WAIT_MINUTES)} minutes, enter each address in <a href="/admin/subscribers?list=${encodeURIComponent(list)}#a-email">Add a subscriber</a> (leave "Consent was collected elsewhere" unticked). From the command line: <code>digest subscribers add EMAIL${list === 'default' ? '' : ` --list ${list}`}</code>.</p>
<table><thead><tr><th scope="col" class="num">Line</th><th scope="col">Address</th></tr></thead><tbody>${rows.map(
    (x) => html`<tr><td class="num">${String(x.line)}</td><td>${x.email}</td></tr>`,
  )}</tbody></table></section>`;
}

/** The Subscribers page's list of recent imports, running and finished, each with a link to its page. */
export async function recentImportsSection(ctx: AdminContext): Promise<RawHtml> {
  const views = await recentImports(importDeps(ctx.deps), RECENT_IMPORTS);
  const lists = new Map((await ctx.deps.lists.store.list()).map((l) => [l.id, l.title]));
  return html`<section aria-labelledby="imports-h"><h2 id="imports-h">Recent imports</h2>${
    views.length === 0
      ? html`<p class="muted">No imports in the last 7 days.</p>`
      : scrollRegion(
          'Recent imports',
          html`<table id="recent-imports"><thead><tr><th scope="col">Uploaded</th><th scope="col">List</th><th scope="col">By</th><th scope="col">Status</th><th scope="col" class="num">Rows</th><th scope="col" class="num">Imported</th></tr></thead><tbody>${views.map(
            (v) =>
              html`<tr><td><a href="${pageOf(v.job.id)}">${formatTime(v.job.createdAt)}</a></td><td>${lists.get(v.job.list) ?? v.job.list}</td><td>${v.job.by}</td><td>${describeStatus(v)}</td><td class="num">${String(v.job.progress.rows)}</td><td class="num">${String(v.job.result?.imported ?? v.job.progress.imported)}</td></tr>`,
          )}</tbody></table>`,
        )
  }</section>`;
}
