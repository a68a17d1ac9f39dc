/**
 * Lists in the console: every list with its title and settings, subscriber counts by status,
 * growth over the last 30 days (an SVG drawn here, no script), the hosted subscribe page and the
 * embed snippet; creating a list and changing its settings where a list store is available.
 */

import { type ListChangeRules, parseListChanges } from '../core/list-changes.js';
import { type GrowthPoint, listGrowth } from '../core/list-growth.js';
import { isLoopbackHost } from '../core/mail-headers.js';
import { isListId, LIST_ID_RULE, newList } from '../core/newsletter-list.js';
import { html, type RawHtml } from '../handlers/http/page.js';
import type { HttpResult } from '../handlers/http/types.js';
import type { NewsletterList } from '../ports/list-store.js';
import type { Subscriber, SubscriberStatus } from '../ports/subscriber-store.js';
import type { AdminContext } from './admin-context.js';
import { redirect } from './admin-http.js';
import { csrfField } from './layout.js';

const GROWTH_DAYS = 30;

/** A plain-http logo on loopback only where the console itself is served there (`digest dev`). */
function changeRules(ctx: AdminContext): ListChangeRules {
  const url = new URL(ctx.deps.baseUrl());
  return { loopbackLogo: url.protocol === 'http:' && isLoopbackHost(url.hostname) };
}

export async function listRoutes(ctx: AdminContext): Promise<HttpResult | null> {
  const [section, id] = ctx.path;
  if (section !== 'lists') return null;
  if (id === undefined) return ctx.method === 'POST' ? create(ctx) : index(ctx);
  if (ctx.method === 'POST') return update(ctx, id);
  return detail(ctx, id);
}

async function index(ctx: AdminContext, error: string | null = null, status = 200): Promise<HttpResult> {
  const lists = await ctx.deps.lists.store.list();
  // The counts only, never the records: reading every record of every list on each view grew with the lists.
  const rows = await Promise.all(
    lists.map(async (l) => ({ list: l, counts: await ctx.deps.subscribers.countByStatus(l.id) })),
  );
  const body = html`<h1>Lists</h1>
<table><thead><tr><th scope="col">List</th><th scope="col">Id</th><th scope="col" class="num">Confirmed</th><th scope="col" class="num">Pending</th><th scope="col" class="num">Unsubscribed</th></tr></thead>
<tbody>${rows.map(
    ({ list, counts }) =>
      html`<tr><td><a href="/admin/lists/${list.id}">${list.title}</a></td><td><code>${list.id}</code></td><td class="num">${counts.confirmed}</td><td class="num">${counts.pending}</td><td class="num">${counts.unsubscribed}</td></tr>`,
  )}</tbody></table>
<h2>Create a list</h2><form class="card" method="post" action="/admin/lists">${csrfField(ctx.csrf)}
<label for="new-id">Id <span class="muted">(used in links: ${LIST_ID_RULE})</span></label>
<input id="new-id" name="id" type="text" required maxlength="64" value="${ctx.form.fields.get('id') ?? ''}">
${settingsFields(null, ctx.form.fields)}
<p><button type="submit">Create list</button></p></form>`;
  return ctx.page('Lists', 'lists', body, { status, flash: error ? { kind: 'error', text: error } : null });
}

async function create(ctx: AdminContext): Promise<HttpResult> {
  const id = (ctx.form.fields.get('id') ?? '').trim();
  if (!isListId(id)) return index(ctx, `Not created: ${LIST_ID_RULE}.`, 422);
  const parsed = parseListChanges(settingsInput(ctx.form.fields), changeRules(ctx));
  if (!parsed.ok) return index(ctx, `Not created: ${parsed.message}`, 422);
  const at = ctx.deps.now().toISOString();
  const { title } = parsed.changes;
  if (title === undefined) return index(ctx, 'Not created: title: the title is empty', 422);
  const created = await ctx.deps.lists.store.create(newList(id, title, parsed.changes, at));
  if (!created) return index(ctx, `A list "${id}" exists already.`, 409);
  return redirect(`/admin/lists/${encodeURIComponent(id)}`);
}

async function update(ctx: AdminContext, id: string): Promise<HttpResult> {
  const parsed = parseListChanges(settingsInput(ctx.form.fields), changeRules(ctx));
  if (!parsed.ok) return detail(ctx, id, { kind: 'error', text: `Not saved: ${parsed.message}` }, 422);
  let saved: NewsletterList | null;
  try {
    saved = await ctx.deps.lists.store.update(id, parsed.changes, ctx.deps.now().toISOString());
  } catch (error) {
    // A list that comes from the deployment's configuration only may refuse changes.
    return detail(ctx, id, { kind: 'error', text: `Not saved: ${(error as Error).message}` }, 409);
  }
  if (!saved) return detail(ctx, id, { kind: 'error', text: 'That list no longer exists.' }, 404);
  return detail(ctx, id, { kind: 'ok', text: 'Saved.' });
}

async function detail(
  ctx: AdminContext,
  id: string,
  flash: { kind: 'ok' | 'error'; text: string } | null = null,
  status = 200,
): Promise<HttpResult> {
  const list = await ctx.deps.lists.store.get(id);
  if (!list)
    return ctx.page('Not found', 'lists', html`<h1>Not found</h1><p>There is no list ${id}.</p>`, {
      status: 404,
    });
  // A refused change shows the form as it was posted, so that nothing typed is lost.
  const refused = ctx.method === 'POST' && status >= 400;
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
<form class="card" method="post" action="/admin/lists/${list.id}">${csrfField(ctx.csrf)}${settingsFields(list, refused ? ctx.form.fields : new Map())}
<p><button type="submit">Save settings</button></p></form>`;
  return ctx.page(list.title, 'lists', body, { flash, status });
}

type TextField =
  | 'title'
  | 'description'
  | 'fromName'
  | 'fromAddress'
  | 'replyTo'
  | 'postalAddress'
  | 'timeZone'
  | 'subjectPrefix'
  | 'logoUrl'
  | 'accentColor';

const FIELDS: [TextField, string, string][] = [
  ['title', 'Title', 'text'],
  ['description', 'Description', 'text'],
  ['fromName', 'Sender name', 'text'],
  ['fromAddress', 'Sender address', 'email'],
  ['replyTo', 'Reply-to address', 'email'],
  ['postalAddress', 'Postal address (footer)', 'text'],
  ['timeZone', 'Time zone (IANA, e.g. Europe/Paris)', 'text'],
  ['subjectPrefix', 'Subject prefix, e.g. [Harbour]', 'text'],
  ['logoUrl', 'Logo (https URL)', 'url'],
  ['accentColor', 'Accent colour (#rrggbb)', 'text'],
];

function settingsFields(list: NewsletterList | null, posted: Map<string, string>): RawHtml {
  const value = (name: string, fallback: string) => posted.get(name) ?? fallback;
  return html`${FIELDS.map(
    ([name, label, type]) =>
      html`<label for="f-${name}">${label}</label><input id="f-${name}" name="${name}" type="${type}"${
        name === 'title' ? html` required` : ''
      } maxlength="1000" value="${value(name, list ? (list[name] ?? '') : name === 'timeZone' ? 'UTC' : '')}">`,
  )}
<label for="f-maxItemAgeDays">Oldest feed item to send (days)</label><input id="f-maxItemAgeDays" name="maxItemAgeDays" type="text" inputmode="numeric" value="${value('maxItemAgeDays', String(list?.maxItemAgeDays ?? 7))}">
<p><input id="f-tracking" name="tracking" type="checkbox" value="1"${(posted.has('title') ? posted.get('tracking') === '1' : list?.tracking) ? html` checked` : ''}> <label class="inline" for="f-tracking">Count opens and clicks</label></p>`;
}

/**
 * The form as the list store's changes: empty optional fields clear the setting. The title is required, as in
 * `digest lists create|update`: an empty one is refused by the validation ("the title is empty"), never replaced.
 */
function settingsInput(fields: Map<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name] of FIELDS) {
    const value = (fields.get(name) ?? '').trim();
    input[name] = name === 'title' ? value : name === 'timeZone' ? value || undefined : value || null;
  }
  const days = (fields.get('maxItemAgeDays') ?? '').trim();
  if (days) input.maxItemAgeDays = /^\d{1,4}$/.test(days) ? Number(days) : Number.NaN;
  input.tracking = fields.get('tracking') === '1';
  return input;
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
