/**
 * Lists in the console: every list with its title and settings, subscriber counts by status,
 * growth over the last 30 days (an SVG drawn here, no script), the hosted subscribe page and the
 * embed snippet; creating a list and changing its settings where a list store is available.
 */
import { type GrowthPoint, listGrowth } from '../core/list-growth.js';
import { html, type RawHtml } from '../handlers/http/page.js';
import type { HttpResult } from '../handlers/http/types.js';
import type { Subscriber, SubscriberStatus } from '../ports/subscriber-store.js';
import type { AdminContext } from './admin-context.js';
import type { ConsoleList } from './admin-deps.js';
import { redirect } from './admin-http.js';
import { csrfField } from './layout.js';

const LIST_ID_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const GROWTH_DAYS = 30;

export async function listRoutes(ctx: AdminContext): Promise<HttpResult | null> {
  const [section, id] = ctx.path;
  if (section !== 'lists') return null;
  if (id === undefined) return ctx.method === 'POST' ? create(ctx) : index(ctx);
  if (ctx.method === 'POST') return update(ctx, id);
  return detail(ctx, id);
}

async function index(ctx: AdminContext, error: string | null = null, status = 200): Promise<HttpResult> {
  const lists = await ctx.deps.lists.list();
  const rows = await Promise.all(
    lists.map(async (l) => ({ list: l, counts: countByStatus(await everyone(ctx, l.id)) })),
  );
  const body = html`<h1>Lists</h1>
<table><thead><tr><th scope="col">List</th><th scope="col">Id</th><th scope="col" class="num">Confirmed</th><th scope="col" class="num">Pending</th><th scope="col" class="num">Unsubscribed</th></tr></thead>
<tbody>${rows.map(
    ({ list, counts }) =>
      html`<tr><td><a href="/admin/lists/${list.id}">${list.title}</a></td><td><code>${list.id}</code></td><td class="num">${counts.confirmed}</td><td class="num">${counts.pending}</td><td class="num">${counts.unsubscribed}</td></tr>`,
  )}</tbody></table>
${
  ctx.deps.lists.create
    ? html`<h2>Create a list</h2><form class="card" method="post" action="/admin/lists">${csrfField(ctx.csrf)}
<label for="new-id">Id <span class="muted">(lower-case letters, digits and dashes; used in links)</span></label>
<input id="new-id" name="id" type="text" required pattern="[a-z0-9][a-z0-9\\-]{0,62}" value="${ctx.form.fields.get('id') ?? ''}">
${settingsFields(null, ctx.form.fields)}
<p><button type="submit">Create list</button></p></form>`
    : html`<p class="muted">Lists are set in the deployment's configuration here.</p>`
}`;
  return ctx.page('Lists', 'lists', body, { status, flash: error ? { kind: 'error', text: error } : null });
}

async function create(ctx: AdminContext): Promise<HttpResult> {
  const id = (ctx.form.fields.get('id') ?? '').trim();
  if (!LIST_ID_RE.test(id)) return index(ctx, 'The id must be lower-case letters, digits and dashes.', 422);
  const settings = settingsFrom(ctx.form.fields);
  if (typeof settings === 'string') return index(ctx, settings, 422);
  if (!ctx.deps.lists.create) return index(ctx, 'Lists cannot be created here.', 409);
  const created = await ctx.deps.lists.create({ id, ...settings });
  if (!created) return index(ctx, `A list "${id}" exists already.`, 409);
  return redirect(`/admin/lists/${encodeURIComponent(id)}`);
}

async function update(ctx: AdminContext, id: string): Promise<HttpResult> {
  const settings = settingsFrom(ctx.form.fields);
  if (typeof settings === 'string') return detail(ctx, id, { kind: 'error', text: settings }, 422);
  if (!ctx.deps.lists.update)
    return detail(ctx, id, { kind: 'error', text: 'Lists cannot be changed here.' }, 409);
  const saved = await ctx.deps.lists.update(id, settings);
  if (!saved) return detail(ctx, id, { kind: 'error', text: 'That list no longer exists.' }, 404);
  return detail(ctx, id, { kind: 'ok', text: 'Saved.' });
}

async function detail(
  ctx: AdminContext,
  id: string,
  flash: { kind: 'ok' | 'error'; text: string } | null = null,
  status = 200,
): Promise<HttpResult> {
  const list = await ctx.deps.lists.get(id);
  if (!list)
    return ctx.page('Not found', 'lists', html`<h1>Not found</h1><p>There is no list ${id}.</p>`, {
      status: 404,
    });
  const people = await everyone(ctx, id);
  const counts = countByStatus(people);
  const growth = listGrowth(people, ctx.deps.now(), GROWTH_DAYS);
  const body = html`<h1>${list.title}</h1>
<p class="muted">List <code>${list.id}</code>${list.description ? html` · ${list.description}` : ''}</p>
<div class="grid">
<section class="card" aria-labelledby="counts-h"><h2 id="counts-h">Subscribers</h2>
<table><tbody>${(['confirmed', 'pending', 'unsubscribed'] as const).map(
    (s) => html`<tr><th scope="row">${s}</th><td class="num">${counts[s]}</td></tr>`,
  )}</tbody></table>
<p><a href="/admin/subscribers?list=${list.id}">See the subscribers</a></p></section>
<section class="card" aria-labelledby="growth-h"><h2 id="growth-h">Growth, last ${GROWTH_DAYS} days</h2>${growthChart(growth)}</section>
</div>
<section class="card" aria-labelledby="sub-h"><h2 id="sub-h">Subscribe page</h2>
<p><a href="${ctx.deps.lists.subscribePage(list.id)}">${ctx.deps.lists.subscribePage(list.id)}</a></p>
<label for="embed">Embed snippet (paste it into any web page)</label>
<pre class="snippet" id="embed" tabindex="0">${ctx.deps.lists.embedSnippet(list)}</pre></section>
<h2>Settings</h2>
${
  ctx.deps.lists.update
    ? html`<form class="card" method="post" action="/admin/lists/${list.id}">${csrfField(ctx.csrf)}${settingsFields(list, new Map())}
<p><button type="submit">Save settings</button></p></form>`
    : html`<div class="card">${settingsTable(list)}</div>`
}`;
  return ctx.page(list.title, 'lists', body, { flash, status });
}

const FIELDS: [keyof Omit<ConsoleList, 'id'>, string, string][] = [
  ['title', 'Title', 'text'],
  ['description', 'Description', 'text'],
  ['fromName', 'Sender name', 'text'],
  ['fromAddress', 'Sender address', 'email'],
  ['replyTo', 'Reply-to address', 'email'],
  ['postalAddress', 'Postal address (footer)', 'text'],
  ['timeZone', 'Time zone (IANA, e.g. Europe/Paris)', 'text'],
];

function settingsFields(list: ConsoleList | null, posted: Map<string, string>): RawHtml {
  return html`${FIELDS.map(([name, label, type]) => {
    const value = posted.get(name) ?? (list ? (list[name] ?? '') : name === 'timeZone' ? 'UTC' : '');
    return html`<label for="f-${name}">${label}</label><input id="f-${name}" name="${name}" type="${type}"${
      name === 'title' ? html` required` : ''
    } maxlength="200" value="${value}">`;
  })}`;
}

function settingsTable(list: ConsoleList): RawHtml {
  return html`<table><tbody>${FIELDS.map(
    ([name, label]) => html`<tr><th scope="row">${label}</th><td>${list[name] ?? '—'}</td></tr>`,
  )}</tbody></table>`;
}

function settingsFrom(fields: Map<string, string>): Omit<ConsoleList, 'id'> | string {
  const text = (name: string) => (fields.get(name) ?? '').replace(/\s+/g, ' ').trim();
  const optional = (name: string) => text(name) || null;
  const title = text('title');
  if (!title) return 'A list needs a title.';
  const timeZone = text('timeZone') || 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    return `"${timeZone}" is not an IANA time zone.`;
  }
  return {
    title,
    description: optional('description'),
    fromName: optional('fromName'),
    fromAddress: optional('fromAddress'),
    replyTo: optional('replyTo'),
    postalAddress: optional('postalAddress'),
    timeZone,
  };
}

async function everyone(ctx: AdminContext, list: string): Promise<Subscriber[]> {
  const rows: Subscriber[] = [];
  let cursor: string | null = null;
  do {
    const page = await ctx.deps.subscribers.pageAll(list, { cursor, limit: 1000 });
    rows.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return rows;
}

function countByStatus(people: readonly Subscriber[]): Record<SubscriberStatus, number> {
  const counts: Record<SubscriberStatus, number> = { confirmed: 0, pending: 0, unsubscribed: 0 };
  for (const p of people) counts[p.status]++;
  return counts;
}

/** A bar per day; the numbers are in the SVG's title and in a table for screen readers. */
export function growthChart(points: readonly GrowthPoint[]): RawHtml {
  const width = 600;
  const height = 160;
  const pad = 24;
  const max = Math.max(1, ...points.map((p) => p.subscribed));
  const bar = (width - pad * 2) / Math.max(1, points.length);
  const first = points[0];
  const last = points[points.length - 1];
  const label =
    first && last
      ? `Subscribed: ${first.subscribed} on ${first.day}, ${last.subscribed} on ${last.day}`
      : 'No data';
  return html`<svg class="chart" viewBox="0 0 ${String(width)} ${String(height)}" role="img" aria-label="${label}">
<title>${label}</title>
<line x1="${String(pad)}" y1="${String(height - pad)}" x2="${String(width - pad)}" y2="${String(height - pad)}" stroke="#4b5058"/>
${points.map((p, i) => {
  const h = ((height - pad * 2) * p.subscribed) / max;
  return html`<rect x="${(pad + i * bar + 1).toFixed(1)}" y="${(height - pad - h).toFixed(1)}" width="${Math.max(1, bar - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="#0b4fa0"><title>${p.day}: ${String(p.subscribed)}</title></rect>`;
})}
<text x="${String(pad)}" y="${String(height - 6)}" font-size="11" fill="#1b1d21">${first?.day ?? ''}</text>
<text x="${String(width - pad)}" y="${String(height - 6)}" font-size="11" text-anchor="end" fill="#1b1d21">${last?.day ?? ''}</text>
<text x="${String(pad)}" y="14" font-size="11" fill="#1b1d21">${String(max)}</text>
</svg>`;
}
