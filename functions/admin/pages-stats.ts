/**
 * Stats in the console: one issue (every number `digest stats` knows, and its top links) and the
 * last issues of a list side by side.
 */
import { html } from '../handlers/http/page.js';
import type { HttpResult } from '../handlers/http/types.js';
import type { AdminContext } from './admin-context.js';
import type { IssueStats } from './admin-deps.js';

const SIDE_BY_SIDE = 10;

export async function statsRoutes(ctx: AdminContext): Promise<HttpResult | null> {
  const [section, id] = ctx.path;
  if (section !== 'stats' || ctx.method !== 'GET') return null;
  return id === undefined ? lastIssues(ctx) : oneIssue(ctx, id);
}

async function oneIssue(ctx: AdminContext, id: string): Promise<HttpResult> {
  const stats = await ctx.deps.stats(id);
  if (!stats)
    return ctx.page('Not found', 'stats', html`<h1>Not found</h1><p>No issue ${id}.</p>`, { status: 404 });
  const body = html`<h1>${stats.subject ?? stats.issueId}</h1>
<p class="muted">Issue <code>${stats.issueId}</code>${stats.list ? html` · list ${stats.list}` : ''}</p>
<table class="card"><caption class="muted">What became of this issue</caption><tbody>${stats.counts.map(
    ([name, value]) => html`<tr><th scope="row">${name}</th><td class="num">${String(value)}</td></tr>`,
  )}</tbody></table>
${
  stats.links.length
    ? html`<h2>Top links</h2><table><thead><tr><th scope="col">Link</th><th scope="col" class="num">Clicks</th></tr></thead><tbody>${stats.links.map(
        (l) => html`<tr><td>${l.url}</td><td class="num">${String(l.clicks)}</td></tr>`,
      )}</tbody></table>`
    : ''
}
<p><a href="/admin/stats${stats.list ? `?list=${encodeURIComponent(stats.list)}` : ''}">Last issues side by side</a></p>`;
  return ctx.page('Stats', 'stats', body);
}

async function lastIssues(ctx: AdminContext): Promise<HttpResult> {
  const lists = await ctx.deps.lists.store.list();
  const list = ctx.query.get('list') ?? lists[0]?.id ?? 'default';
  const recent = await ctx.deps.recentIssues(list, SIDE_BY_SIDE);
  const all = (await Promise.all(recent.map((r) => ctx.deps.stats(r.id)))).filter(
    (s): s is IssueStats => s !== null,
  );
  const names = all[0]?.counts.map(([name]) => name) ?? [];
  const body = html`<h1>Last issues side by side</h1>
<form method="get" action="/admin/stats" class="row"><div><label for="st-list">List</label><select id="st-list" name="list">${lists.map(
    (l) => html`<option value="${l.id}"${l.id === list ? html` selected` : ''}>${l.title}</option>`,
  )}</select></div><div><button type="submit">Show</button></div></form>
${
  all.length === 0
    ? html`<p class="muted">No issue of this list was sent yet.</p>`
    : html`<div class="card"><table><thead><tr><th scope="col">Issue</th>${names.map((n) => html`<th scope="col" class="num">${n}</th>`)}</tr></thead><tbody>
${all.map(
  (s) =>
    html`<tr><th scope="row"><a href="/admin/stats/${s.issueId}">${s.subject ?? s.issueId}</a><br><span class="small muted">${s.createdAt?.slice(0, 10) ?? ''}</span></th>${s.counts.map(
      ([, v]) => html`<td class="num">${String(v)}</td>`,
    )}</tr>`,
)}</tbody></table></div>`
}`;
  return ctx.page('Stats', 'stats', body);
}
