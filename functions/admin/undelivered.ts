/**
 * Who did not get an issue, why, and what to do: the warning, the table of recipients who failed, are unknown or
 * stalled (address, outcome, the ledger's reason, time, what a resume does for them) and the two actions, Resume
 * (`digest send --issue ID`) and Resend to unknown (`--resend-unknown`). Shown on an issue's stats page and in the
 * final state of its progress page, both behind sign-in: the addresses are personal data, as on the subscriber
 * pages, and never go into the progress JSON or a URL of the console's own making other than a subscriber's history.
 */
import { html, type RawHtml } from '../handlers/http/page.js';
import type { Undelivered, UndeliveredRecipient } from '../use-cases/issue-stats.js';
import { csrfField } from './layout.js';

const ISO_SECONDS_RE = /:\d{2}(\.\d+)?Z$/;

export interface UndeliveredView {
  issueId: string;
  /** The issue's list (a recipient's history is per list), or null when the archive does not know the issue. */
  list: string | null;
  report: Undelivered;
  csrf: string;
  /** Resume and Resend to unknown can run: the issue is archived. */
  resumable: boolean;
  /** Unknown recipients can be resent here (locally; in AWS the SES Send events settle them). */
  resendsUnknown: boolean;
}

/** True when the report has anyone to warn about. */
export function anyUndelivered(report: Undelivered): boolean {
  return report.failed + report.unknown + report.stalled > 0;
}

/**
 * The Issues list's flag of an issue with anyone to warn about ("2 failed · 1 unknown"), a link to its stats page,
 * where the warning, the table and Resume and Resend to unknown are; empty when there is nobody. Words carry it,
 * not the colour alone: the column's header says what the numbers are.
 */
export function undeliveredFlag(issueId: string, report: Undelivered): RawHtml | '' {
  if (!anyUndelivered(report)) return '';
  const parts = [
    report.failed ? `${report.failed} failed` : '',
    report.unknown ? `${report.unknown} unknown` : '',
    report.stalled ? `${report.stalled} stalled` : '',
  ].filter(Boolean);
  return html`<a class="badge warning" href="/admin/stats/${encodeURIComponent(issueId)}#undelivered"><span aria-hidden="true">⚠ </span>${parts.join(' · ')}</a>`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function when(iso: string): string {
  return iso.replace('T', ' ').replace(ISO_SECONDS_RE, ' UTC');
}

/** What a resume does for this recipient, in the editor's words. */
function nextStep(r: UndeliveredRecipient, resendsUnknown: boolean): string {
  if (r.outcome === 'failed')
    return r.retryable
      ? 'Resume tries again.'
      : 'Not retried: a permanent failure. Check the address (an SES sandbox sends only to verified ones) or remove the subscriber.';
  if (r.outcome === 'unknown')
    return resendsUnknown
      ? 'It may have arrived. Resume leaves it; Resend to unknown sends it again (perhaps a second copy).'
      : "It may have arrived. SES's Send event settles it to sent when SES had the mail; it is never resent.";
  return r.inFlight
    ? 'The sender stopped during the send: Resume marks it unknown and does not resend it.'
    : 'The sender stopped before sending (or retries ran out and the job waits for a redelivery): Resume sends it.';
}

function summaryLine(report: Undelivered): string {
  const parts = [
    report.failed ? `${report.failed} failed` : '',
    report.unknown ? `${report.unknown} unknown (the send may or may not have reached SES)` : '',
    report.stalled ? `${report.stalled} stalled (their sender stopped)` : '',
  ].filter(Boolean);
  const total = report.failed + report.unknown + report.stalled;
  return `${plural(total, 'recipient has', 'recipients have')} not been sent this issue for certain: ${parts.join(', ')}.`;
}

export function undeliveredSection(view: UndeliveredView): RawHtml {
  const { report } = view;
  const total = report.failed + report.unknown + report.stalled;
  const base = `/admin/issues/${encodeURIComponent(view.issueId)}`;
  const shown = report.recipients.length;
  const address = (r: UndeliveredRecipient) =>
    view.list
      ? html`<a href="/admin/subscriber?list=${encodeURIComponent(view.list)}&amp;email=${encodeURIComponent(r.recipient)}">${r.recipient}</a>`
      : r.recipient;
  return html`<section class="card warning" id="undelivered" aria-labelledby="undelivered-h">
<h2 id="undelivered-h">Not everyone got this issue</h2>
<p role="alert">${summaryLine(report)}</p>
<div class="scroll" tabindex="0" role="region" aria-label="Recipients who did not get the issue"><table id="undelivered-recipients">
<caption class="small muted">${shown < total ? `The first ${shown} of ${total}, by address.` : 'By address.'} The reason is the one the delivery ledger recorded.</caption>
<thead><tr><th scope="col">Address</th><th scope="col">Outcome</th><th scope="col">Reason</th><th scope="col">Time</th><th scope="col">What next</th></tr></thead>
<tbody>${report.recipients.map(
    (r) =>
      html`<tr data-outcome="${r.outcome}"><td class="wrap">${address(r)}</td><td>${r.outcome}</td><td class="wrap">${r.reason ?? '—'}</td><td><time datetime="${r.at}">${when(r.at)}</time></td><td class="small">${nextStep(r, view.resendsUnknown)}</td></tr>`,
  )}</tbody></table></div>
${view.resumable ? actions(view, base) : ''}
</section>`;
}

function actions(view: UndeliveredView, base: string): RawHtml {
  const unknown = view.report.unknown;
  return html`<div class="grid">
<form method="post" action="${base}/resume">${csrfField(view.csrf)}
<h3>Resume</h3>
<p class="small" id="resume-help">Delivers the issue again, as <code>digest send --issue ${view.issueId}</code> does: to the recipients whose retries ran out or whose sender stopped, and to confirmed subscribers not sent it yet (people who joined since included). Nobody who was sent it gets it again; a permanent failure is not retried; unknown recipients are left alone.</p>
<p><button type="submit" aria-describedby="resume-help">Resume the delivery</button></p></form>
${
  unknown === 0
    ? ''
    : view.resendsUnknown
      ? html`<form method="post" action="${base}/resend-unknown">${csrfField(view.csrf)}
<h3>Resend to unknown</h3>
<p class="small" id="resend-help">Sends the issue again to the ${plural(unknown, 'recipient', 'recipients')} whose send may or may not have reached SES, as <code>digest send --issue ${view.issueId} --resend-unknown</code> does (and resumes for everyone else). Whoever got it already gets a second copy.</p>
<p><button type="submit" class="secondary" aria-describedby="resend-help">Resend to ${plural(unknown, 'unknown recipient', 'unknown recipients')}</button></p></form>`
      : html`<div><h3>Unknown recipients</h3><p class="small">They are not resent from here: SES's Send events settle each to sent when SES had the mail. One still unknown after that may not have arrived.</p></div>`
}
</div>`;
}
