/**
 * Stats in the console, from use-cases/issue-stats.ts (the object `digest stats --json` prints):
 * one issue (delivered, opens, clicks, top links, bounces, complaints, unsubscribes, and its test
 * copies apart) and the last issues of a list side by side, with a bar chart drawn on the server
 * as SVG (no script). Every number in a chart is also in a table. When recipients failed, are unknown
 * or stalled, the issue's page warns first, names them with the ledger's reasons and offers Resume and
 * Resend to unknown (admin/undelivered.ts).
 */
import { html, type RawHtml } from '../handlers/http/page.js';
import type { HttpResult } from '../handlers/http/types.js';
import {
  IssueNotFoundError,
  type IssueStats,
  issueStats,
  listStats,
  nothingReported,
  undeliveredRecipients,
} from '../use-cases/issue-stats.js';
import type { AdminContext } from './admin-context.js';
import { anyUndelivered, undeliveredSection } from './undelivered.js';

const SIDE_BY_SIDE = 10;
const TOP_LINKS = 10;

export async function statsRoutes(ctx: AdminContext): Promise<HttpResult | null> {
  const [section, id] = ctx.path;
  if (section !== 'stats' || ctx.method !== 'GET') return null;
  return id === undefined ? lastIssues(ctx) : oneIssue(ctx, id);
}

/** `12.5%`, or a dash when there is nothing to divide by. */
function percent(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toString()}%`;
}

/** Opens or clicks with their rate, or "not tracked" for an issue sent while its list had tracking off (never "0"). */
function engagement(s: IssueStats, value: number, rate: number | null): string {
  return s.tracking ? `${value} (${percent(rate)})` : 'not tracked';
}

/** The rows of one issue's table: what `digest stats` prints, in its order. */
export function statsRows(s: IssueStats): [string, string][] {
  return [
    ['recipients', String(s.recipients)],
    ...(s.queued === null ? [] : [['queued', String(s.queued)] as [string, string]]),
    ['sent', String(s.sent)],
    ['delivered', String(s.delivered)],
    ['opened', engagement(s, s.opened, s.openRate)],
    ['clicked', engagement(s, s.clicked, s.clickRate)],
    ['bounced', `${s.bounced} (${s.bouncedHard} hard, ${s.bouncedSoft} soft)`],
    ['complained', String(s.complained)],
    ['unsubscribed', String(s.unsubscribed)],
    ['unknown', String(s.unknown)],
    ['failed', String(s.failed)],
    ['skipped', String(s.skipped)],
    ['in progress', String(s.inProgress)],
  ];
}

async function oneIssue(ctx: AdminContext, id: string): Promise<HttpResult> {
  let stats: IssueStats;
  try {
    stats = await issueStats(ctx.deps.stats, id);
  } catch (error) {
    if (!(error instanceof IssueNotFoundError)) throw error;
    return ctx.page('Not found', 'stats', html`<h1>Not found</h1><p>No issue ${id}.</p>`, { status: 404 });
  }
  const links = stats.links.slice(0, TOP_LINKS);
  // Only an issue with a failure, an unknown or a record still in progress has anyone to name: one more pass then.
  const report =
    stats.failed + stats.unknown + stats.inProgress > 0
      ? await undeliveredRecipients(ctx.deps.stats.ledger, id, { now: ctx.deps.now() })
      : null;
  const body = html`<h1>${stats.subject ?? stats.issueId}</h1>
<p class="muted">Issue <code>${stats.issueId}</code>${stats.list ? html` · list ${stats.list}` : ''}${
    stats.createdAt
      ? html` · <time datetime="${stats.createdAt}">${stats.createdAt.slice(0, 16).replace('T', ' ')} UTC</time>`
      : ''
  }</p>
${
  report && anyUndelivered(report)
    ? undeliveredSection({
        issueId: stats.issueId,
        list: stats.list,
        report,
        csrf: ctx.csrf,
        // the archive knows the issue (its list comes from there): there is something to deliver again
        resumable: stats.list !== null,
        resendsUnknown: ctx.deps.issues.resendsUnknown,
      })
    : ''
}
${funnelChart(stats)}
<table class="card" id="issue-stats"><caption class="muted">What became of this issue</caption><tbody>${statsRows(
    stats,
  ).map(
    ([name, value]) => html`<tr><th scope="row">${name}</th><td class="num">${value}</td></tr>`,
  )}</tbody></table>
<p class="small muted">${
    stats.tracking
      ? 'Opens and clicks are unique per recipient. Rates are over delivered once SES reports deliveries, else over sent.'
      : 'Opens and clicks were not tracked: the list had tracking off when this issue went out. Rates are over delivered once SES reports deliveries, else over sent.'
  }</p>
${noReportsNote(ctx, [stats])}
<h2>Top links</h2>
${
  links.length
    ? html`<table id="top-links"><thead><tr><th scope="col">Link</th><th scope="col" class="num">Clicks</th></tr></thead><tbody>${links.map(
        (l) => html`<tr><td class="wrap">${l.url}</td><td class="num">${String(l.clicks)}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="muted">No clicks recorded.</p>`
}
${
  stats.tests.length
    ? html`<h2>Test copies</h2><p class="small muted">Not counted above.</p><ul class="small">${stats.tests.map(
        (t) =>
          html`<li><time datetime="${t.at}">${t.at.slice(0, 16).replace('T', ' ')} UTC</time>: “${t.subject}”</li>`,
      )}</ul>`
    : ''
}
<p><a href="/admin/stats${stats.list ? `?list=${encodeURIComponent(stats.list)}` : ''}">Last issues side by side</a></p>`;
  return ctx.page('Stats', 'stats', body);
}

async function lastIssues(ctx: AdminContext): Promise<HttpResult> {
  const lists = await ctx.deps.lists.store.list();
  const list =
    ctx.query.get('list') ??
    (await listWithNewestIssue(
      ctx,
      lists.map((l) => l.id),
    ));
  // Oldest first across the page, so that the chart reads left to right in time.
  const issues = (await listStats(ctx.deps.stats, list, SIDE_BY_SIDE)).issues.slice().reverse();
  const columns: [string, (s: IssueStats) => string][] = [
    ['sent', (s) => String(s.sent)],
    ['delivered', (s) => String(s.delivered)],
    ['opened', (s) => engagement(s, s.opened, s.openRate)],
    ['clicked', (s) => engagement(s, s.clicked, s.clickRate)],
    ['bounced', (s) => String(s.bounced)],
    ['complained', (s) => String(s.complained)],
    ['unsubscribed', (s) => String(s.unsubscribed)],
    ['failed', (s) => String(s.failed)],
    ['unknown', (s) => String(s.unknown)],
  ];
  const body = html`<h1>Last issues side by side</h1>
<form method="get" action="/admin/stats" class="row"><div><label for="st-list">List</label><select id="st-list" name="list">${lists.map(
    (l) => html`<option value="${l.id}"${l.id === list ? html` selected` : ''}>${l.title}</option>`,
  )}</select></div><div><button type="submit">Show</button></div></form>
${
  issues.length === 0
    ? html`<p class="muted">No issue of this list was sent yet.</p>`
    : html`${ratesChart(issues)}<div class="card scroll" tabindex="0" role="region" aria-label="The last issues' numbers"><table id="side-by-side"><thead><tr><th scope="col">Issue</th>${columns.map(([n]) => html`<th scope="col" class="num">${n}</th>`)}</tr></thead><tbody>
${issues.map(
  (s) =>
    html`<tr><th scope="row"><a href="/admin/stats/${s.issueId}">${s.subject ?? s.issueId}</a><br><span class="small muted">${s.createdAt?.slice(0, 10) ?? ''}</span></th>${columns.map(
      ([, value]) => html`<td class="num">${value(s)}</td>`,
    )}</tr>`,
)}</tbody></table></div>${noReportsNote(ctx, issues)}`
}`;
  return ctx.page('Stats', 'stats', body);
}

/**
 * Why an issue sent here reads "delivered 0": delivered, bounced and complained count what the mail service reports
 * (SES events), and mail written to the local outbox gets no report. Said only where the transport gives none
 * (`deliveryReports`: the local outbox), for an issue that was sent and has no report at all, as `digest stats` says
 * it; never in AWS, where a missing report means something.
 */
function noReportsNote(ctx: AdminContext, shown: readonly IssueStats[]): RawHtml | string {
  if (ctx.deps.deliveryReports) return '';
  if (!shown.some(nothingReported)) return '';
  return html`<p class="card" id="no-reports" role="note"><strong>Delivered 0 is not a failure here.</strong> Delivered, bounced and complained count what the mail service reports (SES events). This console writes mail to the local outbox, which gets no such reports, so they stay at 0: sent counts the copies that went out.</p>`;
}

/**
 * The list Stats opens on when none is asked for: the one whose newest issue went out last (the issue an editor most
 * likely comes to look at), rather than the first list, which may have sent nothing yet while another has. The first
 * list when none has sent anything. One archive read of one issue per list.
 */
async function listWithNewestIssue(ctx: AdminContext, lists: readonly string[]): Promise<string> {
  const newest = await Promise.all(
    lists.map(async (id) => ({ id, at: (await ctx.deps.recentIssues(id, 1))[0]?.createdAt ?? '' })),
  );
  const latest = newest.reduce<{ id: string; at: string } | null>(
    (best, l) => (l.at && (!best || l.at > best.at) ? l : best),
    null,
  );
  return latest?.id ?? lists[0] ?? 'default';
}

const INK = '#1b1d21';
const BARS = { sent: '#4b5058', delivered: '#0b4fa0', opened: '#1d7a3a', clicked: '#8a4b00' } as const;

/** One issue's funnel: sent, delivered, opened, clicked as horizontal bars (no bar, "not tracked", for an untracked issue's opens and clicks). */
export function funnelChart(s: IssueStats): RawHtml {
  const rows = [
    ['sent', s.sent],
    ['delivered', s.delivered],
    ['opened', s.opened],
    ['clicked', s.clicked],
  ] as const;
  const width = 600;
  const rowHeight = 28;
  const left = 90;
  const right = 60;
  const height = rows.length * rowHeight + 12;
  const measured = (name: (typeof rows)[number][0]) => s.tracking || name === 'sent' || name === 'delivered';
  const shown = (name: (typeof rows)[number][0], value: number) =>
    measured(name) ? String(value) : 'not tracked';
  const max = Math.max(1, ...rows.map(([, v]) => v));
  const label = rows.map(([name, value]) => `${name} ${shown(name, value)}`).join(', ');
  return html`<svg class="chart" id="funnel" viewBox="0 0 ${String(width)} ${String(height)}" role="img" aria-label="${label}">
<title>${label}</title>
${rows.map(([name, value], i) => {
  const y = 6 + i * rowHeight;
  const w = measured(name) ? ((width - left - right) * value) / max : 0;
  return html`<text x="${String(left - 8)}" y="${String(y + 17)}" font-size="12" text-anchor="end" fill="${INK}">${name}</text>
<rect x="${String(left)}" y="${String(y + 4)}" width="${w.toFixed(1)}" height="${String(rowHeight - 10)}" fill="${BARS[name]}"/>
<text x="${(left + w + 6).toFixed(1)}" y="${String(y + 17)}" font-size="12" fill="${INK}">${shown(name, value)}</text>`;
})}
</svg>`;
}

/** Open and click rates of the last issues, oldest first: two bars per issue on a 0–100% scale. */
export function ratesChart(issues: readonly IssueStats[]): RawHtml {
  const width = 600;
  const height = 180;
  const pad = 28;
  const slot = (width - pad * 2) / Math.max(1, issues.length);
  const bar = Math.max(2, Math.min(24, slot / 2 - 3));
  const y = (rate: number | null) => (height - pad * 2) * (rate ?? 0);
  const which = issues.length === 1 ? 'the last issue' : `the last ${issues.length} issues, oldest first`;
  const label = `Open and click rates of ${which}: ${issues
    .map((s, i) =>
      s.tracking
        ? `${i + 1}: opens ${percent(s.openRate)}, clicks ${percent(s.clickRate)}`
        : `${i + 1}: opens and clicks not tracked`,
    )
    .join('; ')}`;
  return html`<svg class="chart" id="rates" viewBox="0 0 ${String(width)} ${String(height)}" role="img" aria-label="${label}">
<title>${label}</title>
<line x1="${String(pad)}" y1="${String(height - pad)}" x2="${String(width - pad)}" y2="${String(height - pad)}" stroke="#4b5058"/>
<text x="${String(pad)}" y="14" font-size="11" fill="${INK}">100%</text>
${issues.map((s, i) => {
  const x = pad + i * slot + (slot - bar * 2 - 2) / 2;
  const open = y(s.openRate);
  const click = y(s.clickRate);
  return html`<rect x="${x.toFixed(1)}" y="${(height - pad - open).toFixed(1)}" width="${bar.toFixed(1)}" height="${open.toFixed(1)}" fill="${BARS.opened}"><title>${s.subject ?? s.issueId}: opens ${s.tracking ? percent(s.openRate) : 'not tracked'}</title></rect>
<rect x="${(x + bar + 2).toFixed(1)}" y="${(height - pad - click).toFixed(1)}" width="${bar.toFixed(1)}" height="${click.toFixed(1)}" fill="${BARS.clicked}"><title>${s.subject ?? s.issueId}: clicks ${s.tracking ? percent(s.clickRate) : 'not tracked'}</title></rect>
<text x="${(pad + i * slot + slot / 2).toFixed(1)}" y="${String(height - 10)}" font-size="11" text-anchor="middle" fill="${INK}">${String(i + 1)}</text>`;
})}
<rect x="${String(width - pad - 150)}" y="6" width="10" height="10" fill="${BARS.opened}"/><text x="${String(width - pad - 136)}" y="15" font-size="11" fill="${INK}">opens</text>
<rect x="${String(width - pad - 80)}" y="6" width="10" height="10" fill="${BARS.clicked}"/><text x="${String(width - pad - 66)}" y="15" font-size="11" fill="${INK}">clicks</text>
</svg>`;
}
