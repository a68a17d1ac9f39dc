/**
 * Lists in the console: every list with its title and settings, subscriber counts by status,
 * growth over the last 30 days (an SVG drawn here, no script), the hosted subscribe page and the
 * embed snippet; creating a list and changing its settings where a list store is available.
 */

import type { ZodIssue } from 'zod';
import {
  givenItem,
  type ListChangeRules,
  listChangesSchemaWith,
  MAX_ITEM_AGE_DAYS,
  topicsFromText,
} from '../core/list-changes.js';
import { type GrowthPoint, listGrowth } from '../core/list-growth.js';
import { isLoopbackHost } from '../core/mail-headers.js';
import { isListId, LIST_ID_RULE, newList } from '../core/newsletter-list.js';
import { feedIdentity, parseHttpUrl, sourceUrl } from '../core/source-url.js';
import { MAX_TOPICS } from '../core/subscription.js';
import { html, type RawHtml } from '../handlers/http/page.js';
import type { HttpResult } from '../handlers/http/types.js';
import type { FeedSource, QueuedItem } from '../ports/briefing-store.js';
import { type ListChanges, type NewsletterList, StaleListError } from '../ports/list-store.js';
import type { Subscriber, SubscriberStatus } from '../ports/subscriber-store.js';
import { mailableAmong, mailableSubscribers } from '../use-cases/mailable-subscribers.js';
import { FeedFetchError, NotAFeedError } from '../use-cases/read-sources.js';
import type { AdminContext } from './admin-context.js';
import { redirect } from './admin-http.js';
import { csrfField, scrollRegion } from './layout.js';

const GROWTH_DAYS = 30;
/** The fetcher's refusal of an address (private, loopback): not a feed that is down. */
const REFUSED_RE = /refusing to fetch/;
const COUNTS_HELP =
  'Confirmed: the readers the next issue goes to. Suppressed: confirmed, but the address hard-bounced or complained, so it is never mailed (counted apart from Confirmed).';

/** A plain-http logo on loopback only where the console itself is served there (`digest dev`). */
function changeRules(ctx: AdminContext): ListChangeRules {
  const url = new URL(ctx.deps.baseUrl());
  return { loopbackLogo: url.protocol === 'http:' && isLoopbackHost(url.hostname) };
}

export async function listRoutes(ctx: AdminContext): Promise<HttpResult | null> {
  const [section, id, part, action] = ctx.path;
  if (section !== 'lists') return null;
  if (id === undefined) return ctx.method === 'POST' ? create(ctx) : index(ctx);
  if (part === 'sources' && ctx.method === 'POST') return changeFeeds(ctx, id, action === 'remove');
  if (part === 'queue' && action === 'remove' && ctx.method === 'POST') return removeQueued(ctx, id);
  if (part !== undefined) return null;
  if (ctx.method === 'POST') return update(ctx, id);
  return detail(ctx, id);
}

/**
 * Adds or removes a feed of the list (what `digest sources add|remove URL --list ID` does): the feeds its briefing and
 * "Compose from the sources" read. A URL is stored as the CLI stores it (an absolute http(s) URL, normalised), and
 * read first as the briefing will read it, as the CLI reads it: a web page added as a feed would fail every briefing
 * after. "Add without reading it first" is `--no-check` (a feed that is down right now).
 */
async function changeFeeds(ctx: AdminContext, id: string, remove: boolean): Promise<HttpResult> {
  if (!(await ctx.deps.lists.store.get(id))) return detail(ctx, id);
  const raw = (ctx.form.fields.get('url') ?? '').trim();
  // Adding follows the rule of every source an operator gives (core/source-url.ts: no user name or password, which
  // every mail would print); removing takes any http(s) URL, so that one stored before that rule can go.
  const checked = sourceUrl(raw);
  if (!remove && !checked.ok && checked.reason === 'credentials')
    return detail(ctx, id, { kind: 'error', text: `Not added: ${checked.message.slice(0, 300)}.` }, 422);
  const url = checked.ok ? checked.url : remove ? (parseHttpUrl(raw)?.toString() ?? null) : null;
  if (!url)
    return detail(
      ctx,
      id,
      {
        kind: 'error',
        text: `Not a feed address: give an http(s) URL (${raw.slice(0, 200) || 'nothing given'}).`,
      },
      422,
    );
  if (remove) {
    // (a feed stored before a #fragment was left out of its address goes by the address as typed; one added since,
    // by the address without it: core/source-url.ts feedIdentity)
    const removed =
      (await ctx.deps.feeds.remove(id, url)) ||
      (feedIdentity(url) !== url && (await ctx.deps.feeds.remove(id, feedIdentity(url))));
    return detail(
      ctx,
      id,
      removed
        ? { kind: 'ok', text: `Removed the feed ${url}.` }
        : { kind: 'error', text: `${url} is not a feed of this list.` },
      removed ? 200 : 404,
    );
  }
  // As `digest sources add`: only a URL that is not a feed of the list yet is read first (one that is down now is
  // still "already a feed", not refused).
  return addFeed(ctx, id, feedIdentity(url), url);
}

/** Adds the feed `url` (typed as `typed`, which may carry a #fragment that a feed is fetched without). */
async function addFeed(ctx: AdminContext, id: string, url: string, typed: string): Promise<HttpResult> {
  const known = (await ctx.deps.sources(id).catch(() => [])).some((feed) => feed.url === url);
  if (!known && ctx.form.fields.get('nocheck') !== '1') {
    try {
      await ctx.deps.feeds.check(url);
    } catch (error) {
      if (!(error instanceof NotAFeedError || error instanceof FeedFetchError)) throw error;
      // A feed that is down now may be up at the next briefing; a refused address or a page never will be.
      const down =
        error instanceof FeedFetchError && !REFUSED_RE.test(error.message)
          ? ' To add a feed that is down right now, tick "Add without reading it first".'
          : '';
      return detail(ctx, id, { kind: 'error', text: `Not added: ${firstLine(error.message)}.${down}` }, 422);
    }
  }
  const added = !known && (await ctx.deps.feeds.add(id, url, ctx.deps.now().toISOString()));
  const dropped = typed === url ? '' : ` (without the #fragment of ${typed}: a feed is fetched without it)`;
  return detail(ctx, id, {
    kind: 'ok',
    text: added
      ? `Added the feed ${url}${dropped}: the next briefing and "Compose from the sources" read it.`
      : `${url} is already a feed of this list${dropped}.`,
  });
}

/**
 * Takes a queued article off the list's queue before a briefing reads it, as `digest sources remove URL --list ID`
 * does (use-cases/queued-articles.ts: the same matching of the URL to the stored one, the same words). The change
 * is logged with the editor's name: nothing else keeps a trace of an article that was meant to go out and did not.
 */
async function removeQueued(ctx: AdminContext, id: string): Promise<HttpResult> {
  if (!(await ctx.deps.lists.store.get(id))) return detail(ctx, id);
  const raw = (ctx.form.fields.get('url') ?? '').trim();
  if (!raw) return detail(ctx, id, { kind: 'error', text: 'No article given: nothing was removed.' }, 422);
  const removed = await ctx.deps.removeQueued(id, raw);
  // (as the CLI's "is not a source of": never queued, already gone out in an issue, or removed by someone else)
  if (removed === null)
    return detail(
      ctx,
      id,
      { kind: 'error', text: `${raw.slice(0, 300)} is not a queued article of ${id}.` },
      404,
    );
  ctx.deps.issues.log?.({
    level: 'info',
    event: 'queued-article-removed',
    list: id,
    url: removed,
    by: ctx.who,
  });
  return detail(ctx, id, {
    kind: 'ok',
    text: `Removed queued article ${removed} from ${id}: the next briefing does not read it.`,
  });
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).replace(/\.$/, '');
}

async function index(
  ctx: AdminContext,
  error: string | null = null,
  status = 200,
  problems: Problems = new Map(),
): Promise<HttpResult> {
  const lists = await ctx.deps.lists.store.list();
  // The counts only, never the records: reading every record of every list on each view grew with the lists. The
  // confirmed ones are counted as Send now counts them (mailableSubscribers): who can be mailed, and apart those
  // whose address is suppressed.
  const rows = await Promise.all(
    lists.map(async (l) => {
      const [counts, mailable] = await Promise.all([
        ctx.deps.subscribers.countByStatus(l.id),
        mailableSubscribers(ctx.deps.subscribers, l.id),
      ]);
      return { list: l, counts, mailable };
    }),
  );
  const body = html`<h1>Lists</h1>
${scrollRegion(
  'Lists and their subscribers',
  html`<table aria-describedby="counts-help"><thead><tr><th scope="col">List</th><th scope="col">Id</th><th scope="col" class="num">Confirmed</th><th scope="col" class="num">Suppressed</th><th scope="col" class="num">Pending</th><th scope="col" class="num">Unsubscribed</th></tr></thead>
<tbody>${rows.map(
    ({ list, counts, mailable }) =>
      html`<tr><td><a href="/admin/lists/${list.id}">${list.title}</a></td><td><code>${list.id}</code></td><td class="num">${mailable.mailable}</td><td class="num">${mailable.suppressed}</td><td class="num">${counts.pending}</td><td class="num">${counts.unsubscribed}</td></tr>`,
  )}</tbody></table>`,
)}
<p class="small muted" id="counts-help">${COUNTS_HELP}</p>
<h2>Create a list</h2><form class="card" method="post" action="/admin/lists">${csrfField(ctx.csrf)}
<label for="new-id">Id <span class="muted">(used in links: ${LIST_ID_RULE})</span></label>
<input id="new-id" name="id" type="text" required maxlength="64" value="${ctx.form.fields.get('id') ?? ''}">
${settingsFields(null, ctx.form.fields, problems)}
<p><button type="submit">Create list</button></p></form>`;
  return ctx.page('Lists', 'lists', body, { status, flash: error ? { kind: 'error', text: error } : null });
}

async function create(ctx: AdminContext): Promise<HttpResult> {
  const id = (ctx.form.fields.get('id') ?? '').trim();
  if (!isListId(id)) return index(ctx, `Not created: ${LIST_ID_RULE}.`, 422);
  const parsed = checkSettings(ctx);
  if (!parsed.ok) return index(ctx, `Not created: ${problemsText(parsed.problems)}`, 422, parsed.problems);
  const at = ctx.deps.now().toISOString();
  const { title } = parsed.changes;
  if (title === undefined) {
    const problems = new Map([['title', EMPTY]]);
    return index(ctx, `Not created: ${problemsText(problems)}`, 422, problems);
  }
  const created = await ctx.deps.lists.store.create(newList(id, title, parsed.changes, at));
  if (!created) return index(ctx, `A list "${id}" exists already.`, 409);
  return redirect(`/admin/lists/${encodeURIComponent(id)}`);
}

async function update(ctx: AdminContext, id: string): Promise<HttpResult> {
  const parsed = checkSettings(ctx);
  if (!parsed.ok)
    return detail(
      ctx,
      id,
      { kind: 'error', text: `Not saved: ${problemsText(parsed.problems)}` },
      422,
      parsed.problems,
    );
  let saved: NewsletterList | null;
  try {
    // Over the record the form loaded (its `updatedAt`), or not at all: a form without one is as stale as an old one.
    saved = await ctx.deps.lists.store.update(id, parsed.changes, ctx.deps.now().toISOString(), {
      ifUpdatedAt: ctx.form.fields.get('version') ?? '',
    });
  } catch (error) {
    // Another editor (or tab) saved since this form was loaded: nothing is written over their change. The page shows
    // the settings as they are now, and the form what this editor typed, to save again over them once checked.
    if (error instanceof StaleListError)
      return detail(ctx, id, { kind: 'error', text: STALE_SETTINGS }, 409, new Map(), { stale: true });
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
  problems: Problems = new Map(),
  options: { stale?: boolean } = {},
): Promise<HttpResult> {
  const list = await ctx.deps.lists.store.get(id);
  if (!list)
    return ctx.page('Not found', 'lists', html`<h1>Not found</h1><p>There is no list ${id}.</p>`, {
      status: 404,
    });
  // A refused change shows the form as it was posted, so that nothing typed is lost.
  const refused = ctx.method === 'POST' && status >= 400;
  const settingsRefused = refused && ctx.path[2] === undefined;
  const feedRefused = refused && ctx.path[2] === 'sources' && ctx.path[3] === undefined;
  const [people, feeds, queued] = await Promise.all([
    everyone(ctx, id),
    ctx.deps.sources(id).catch(() => null),
    ctx.deps.queued(id).catch(() => []),
  ]);
  const counts = countByStatus(people);
  const mailable = await mailableAmong(ctx.deps.subscribers, people);
  const growth = listGrowth(people, ctx.deps.now(), GROWTH_DAYS);
  const body = html`<h1>${list.title}</h1>
<p class="muted">List <code>${list.id}</code>${list.description ? html` · ${list.description}` : ''}</p>
<div class="grid">
<section class="card" aria-labelledby="counts-h"><h2 id="counts-h">Subscribers</h2>
<table aria-describedby="counts-help"><tbody>${(
    [
      ['confirmed', mailable.mailable],
      ['suppressed', mailable.suppressed],
      ['pending', counts.pending],
      ['unsubscribed', counts.unsubscribed],
    ] as const
  ).map(([s, n]) => html`<tr><th scope="row">${s}</th><td class="num">${n}</td></tr>`)}</tbody></table>
<p class="small muted" id="counts-help">${COUNTS_HELP}</p>
<p><a href="/admin/subscribers?list=${list.id}">See the subscribers</a></p></section>
<section class="card" aria-labelledby="growth-h"><h2 id="growth-h">Growth, last ${GROWTH_DAYS} days</h2>${growthChart(growth)}</section>
</div>
<section class="card" aria-labelledby="sub-h"><h2 id="sub-h">Subscribe page</h2>
<p><a href="${ctx.deps.lists.subscribePage(list.id)}">${ctx.deps.lists.subscribePage(list.id)}</a></p>
<p id="list-topics">${
    list.topics.length
      ? html`Topics readers may choose: ${list.topics.map((t, i) => html`${i ? ', ' : ''}<strong>${t}</strong>`)}.`
      : 'No topics: readers choose none (set them under Settings).'
  }</p>
<label for="embed">Embed snippet (paste it into any web page)</label>
<pre class="snippet" id="embed" tabindex="0">${ctx.deps.lists.embedSnippet(list)}</pre></section>
${feeds === null ? '' : feedsSection(ctx, list.id, feeds, queued, feedRefused ? ctx.form.fields : new Map())}
<h2>Settings</h2>${options.stale ? savedSince(list, ctx.form.fields) : ''}
<form class="card" method="post" action="/admin/lists/${list.id}">${csrfField(ctx.csrf)}<input type="hidden" name="version" value="${list.updatedAt}">${settingsFields(list, settingsRefused ? ctx.form.fields : new Map(), problems)}
<p><button type="submit">Save settings</button></p></form>`;
  return ctx.page(list.title, 'lists', body, { flash, status });
}

const STALE_SETTINGS =
  'Not saved: these settings were changed since this page was loaded (by another editor, or in another tab). What you typed is still in the form; the settings as they are now are listed above it. Check them, then save again to put yours in their place.';

/**
 * The settings as they are now beside what the editor typed, for each setting on which they differ: shown when a
 * save was refused because the settings changed since its form was loaded.
 */
function savedSince(list: NewsletterList, posted: Map<string, string>): RawHtml {
  const rows = [
    ...FIELDS.map(([name]) => [name, list[name] ?? '', posted.get(name) ?? ''] as const),
    ['topics', list.topics.join(', '), posted.get('topics') ?? ''] as const,
    ['maxItemAgeDays', String(list.maxItemAgeDays), posted.get('maxItemAgeDays') ?? ''] as const,
    ['tracking', list.tracking ? 'on' : 'off', posted.get('tracking') === '1' ? 'on' : 'off'] as const,
  ].filter(([, now, typed]) => now.trim() !== typed.trim());
  return html`<section class="card warning" aria-labelledby="since-h"><h3 id="since-h">Saved since this page was loaded</h3>${
    rows.length === 0
      ? html`<p>The settings as they are now are the ones you typed.</p>`
      : html`<table><thead><tr><th scope="col">Setting</th><th scope="col">Now</th><th scope="col">You typed</th></tr></thead><tbody>${rows.map(
          ([name, now, typed]) =>
            html`<tr><th scope="row">${SETTING_LABELS[name] ?? name}</th><td>${now || html`<span class="muted">empty</span>`}</td><td>${typed || html`<span class="muted">empty</span>`}</td></tr>`,
        )}</tbody></table>`
  }</section>`;
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

function settingsFields(
  list: NewsletterList | null,
  posted: Map<string, string>,
  problems: Problems = new Map(),
): RawHtml {
  const value = (name: string, fallback: string) => posted.get(name) ?? fallback;
  // A refused field is marked and says, under it, what was wrong and what it takes.
  const invalid = (name: string, help: string | null = null) => {
    const ids = [help, problems.has(name) ? `f-${name}-error` : null].filter(Boolean).join(' ');
    return html`${problems.has(name) ? html` aria-invalid="true"` : ''}${ids ? html` aria-describedby="${ids}"` : ''}`;
  };
  const problem = (name: string) => {
    const text = problems.get(name);
    return text
      ? html`<p class="small" id="f-${name}-error"><strong>${SETTING_LABELS[name] ?? name}: ${text}</strong></p>`
      : '';
  };
  return html`${FIELDS.map(
    ([name, label, type]) =>
      html`<label for="f-${name}">${label}</label><input id="f-${name}" name="${name}" type="${type}"${
        name === 'title' ? html` required` : ''
      } maxlength="1000"${invalid(name)} value="${value(name, list ? (list[name] ?? '') : name === 'timeZone' ? 'UTC' : '')}">${problem(name)}`,
  )}
<label for="f-topics">Topics readers may choose <span class="muted">(comma-separated)</span></label><input id="f-topics" name="topics" type="text" maxlength="1000"${invalid('topics', 'f-topics-help')} value="${value('topics', list ? list.topics.join(', ') : '')}">${problem('topics')}
<p class="small muted" id="f-topics-help">Offered on the subscribe page and in readers' preferences; any other topic is refused. Each is 1–40 letters, digits, spaces or - _ &amp; ' . and is kept lower-case, at most ${String(MAX_TOPICS)}. Empty: the list offers no topics.</p>
<label for="f-maxItemAgeDays">Oldest feed item to send (days)</label><input id="f-maxItemAgeDays" name="maxItemAgeDays" type="text" inputmode="numeric"${invalid('maxItemAgeDays', 'f-maxItemAgeDays-help')} value="${value('maxItemAgeDays', String(list?.maxItemAgeDays ?? 7))}">${problem('maxItemAgeDays')}
<p class="small muted" id="f-maxItemAgeDays-help">A whole number of days, ${AGE_RULE}: older feed items are left out of the briefing.</p>
<p><input id="f-tracking" name="tracking" type="checkbox" value="1"${(posted.has('title') ? posted.get('tracking') === '1' : list?.tracking) ? html` checked` : ''}> <label class="inline" for="f-tracking">Count opens and clicks</label></p>`;
}

/** What was wrong with each refused field, by the form's field name, in the words the form shows. */
type Problems = Map<string, string>;

/** The fields as the settings form names them: what a refused field is called in its message, never the schema's name. */
const SETTING_LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  fromName: 'Sender name',
  fromAddress: 'Sender address',
  replyTo: 'Reply-to address',
  postalAddress: 'Postal address',
  timeZone: 'Time zone',
  subjectPrefix: 'Subject prefix',
  logoUrl: 'Logo',
  accentColor: 'Accent colour',
  topics: 'Topics',
  maxItemAgeDays: 'Oldest feed item to send',
  tracking: 'Count opens and clicks',
};

/** The maximum item age a list may have (core/list-changes.ts `maxItemAgeDays`), as the form says it. */
const AGE_RULE = `from 1 to ${MAX_ITEM_AGE_DAYS}`;
const EMPTY = 'it cannot be empty';

/**
 * The settings form checked by the schema `digest lists create|update` use (core/list-changes.ts), its refusals
 * said field by field in the form's words: the field's label and what it takes ("Oldest feed item to send: a whole
 * number of days from 1 to 365"), never the schema's field name or the validator's own text ("maxItemAgeDays:
 * Expected number, received nan"). A message of the product's own that says more than the rule (an accent colour
 * too light for links, a topic named) is kept. One message per field.
 */
function checkSettings(
  ctx: AdminContext,
): { ok: true; changes: ListChanges } | { ok: false; problems: Problems } {
  const input = settingsInput(ctx.form.fields);
  const rules = changeRules(ctx);
  const result = listChangesSchemaWith(rules).safeParse(input);
  if (result.success) return { ok: true, changes: result.data as ListChanges };
  const problems: Problems = new Map();
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (!problems.has(field)) problems.set(field, problemOf(field, issue, input, rules));
  }
  return { ok: false, problems };
}

function problemOf(
  field: string,
  issue: ZodIssue,
  input: Record<string, unknown>,
  rules: ListChangeRules,
): string {
  switch (field) {
    case 'maxItemAgeDays':
      return `give a whole number of days, ${AGE_RULE}`;
    case 'timeZone':
      return 'give a time zone by its IANA name, such as Europe/Paris, America/New_York or UTC';
    case 'accentColor':
      // "links in #ffee00 would be hard to read: …": the product's own words, and they say more than the rule.
      return issue.code === 'custom'
        ? issue.message
        : 'give # and six hexadecimal digits, such as #0b4fa0, or leave it empty for the default';
    case 'logoUrl':
      if (issue.code === 'too_big') return `at most ${String(issue.maximum)} characters`;
      return rules.loopbackLogo
        ? 'give the https address of the image (http is taken on 127.0.0.1 or localhost), or leave it empty'
        : 'give the https address of the image, or leave it empty';
    case 'fromAddress':
    case 'replyTo':
      return `${issue.message}: give one address, such as news@example.org, or leave it empty`;
    case 'topics': {
      const given = givenItem(input, issue);
      return given === undefined ? issue.message : `“${given}”: ${issue.message}`;
    }
  }
  // One line of text (title, description, sender name, postal address, subject prefix).
  if (issue.code === 'too_small') return EMPTY;
  if (issue.code === 'too_big') return `at most ${String(issue.maximum)} characters`;
  if (issue.code === 'custom') return 'one line, without line breaks or control characters';
  return issue.message;
}

/** The refused fields as one sentence for the top of the page: `Title: it cannot be empty; Logo: …`. */
function problemsText(problems: Problems): string {
  return `${[...problems].map(([field, text]) => `${SETTING_LABELS[field] ?? field}: ${text.replace(/\.$/, '')}`).join('; ')}.`;
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
  // As `--topics`: comma-separated, validated by the same schema (core/subscription.ts topicsSchema). A form without
  // the field leaves the topics as they are rather than take them away from the subscribe page.
  if (fields.has('topics')) input.topics = topicsFromText(fields.get('topics') ?? '');
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

/**
 * The list's feeds, with a form to add one and a button to remove each, and the articles queued for its next
 * briefing, each with a button to take it off the queue: what its briefing and "Compose from the sources" read,
 * beside the command line's way (`digest sources add|queue|remove`).
 */
function feedsSection(
  ctx: AdminContext,
  id: string,
  feeds: readonly FeedSource[],
  queued: readonly QueuedItem[],
  posted: Map<string, string>,
): RawHtml {
  const action = `/admin/lists/${encodeURIComponent(id)}/sources`;
  const option = id === 'default' ? '' : ` --list ${id}`;
  return html`<section class="card" id="sources" aria-labelledby="sources-h"><h2 id="sources-h">Sources</h2>
<p>The RSS or Atom feeds this list's briefing and "Compose from the sources" read (what is new since the last issue).</p>
${
  feeds.length === 0
    ? html`<p role="status">This list has no feeds yet.</p>`
    : scrollRegion(
        'Feeds',
        html`<table><thead><tr><th scope="col">Feed</th><th scope="col">Added</th><th scope="col">Actions</th></tr></thead><tbody>${feeds.map(
          (f) =>
            html`<tr><td class="wrap"><code>${f.url}</code></td><td>${f.addedAt.slice(0, 10)}</td><td><form class="inline" method="post" action="${action}/remove">${csrfField(ctx.csrf)}<input type="hidden" name="url" value="${f.url}"><button type="submit" class="secondary" aria-label="Remove the feed ${f.url}">Remove</button></form></td></tr>`,
        )}</tbody></table>`,
      )
}
<form method="post" action="${action}">${csrfField(ctx.csrf)}
<label for="feed-url">Add a feed (its URL)</label><input id="feed-url" name="url" type="url" required placeholder="https://example.org/feed.xml" value="${posted.get('url') ?? ''}" aria-describedby="feed-help">
<p class="small muted" id="feed-help">It is read first, as the briefing will read it: a web page or anything else that is no RSS or Atom feed is refused.</p>
<p><input id="feed-nocheck" name="nocheck" type="checkbox" value="1"${posted.get('nocheck') === '1' ? html` checked` : ''}> <label class="inline" for="feed-nocheck">Add without reading it first (the feed is down right now)</label></p>
<p><button type="submit">Add feed</button></p></form>
${queuedTable(ctx, id, queued)}
<p class="small muted">From the command line: <code>digest sources add URL${option}</code>; one article for the next issue: <code>digest sources queue URL${option}</code> (or <code>POST /articles</code>).</p></section>`;
}

const QUEUE_ORIGINS: Record<QueuedItem['origin'], string> = {
  queue: 'queued (CLI or POST /articles)',
  s3: 'S3 drop',
};

/** The articles queued for the next briefing, oldest first, each with a Remove button (POST, CSRF token). */
function queuedTable(ctx: AdminContext, id: string, queued: readonly QueuedItem[]): RawHtml {
  const action = `/admin/lists/${encodeURIComponent(id)}/queue/remove`;
  const rows = [...queued].sort((a, b) => (a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : 0));
  return html`<h3 id="queued-h">Queued articles</h3>
${
  rows.length === 0
    ? html`<p role="status">No article is queued for the next briefing.</p>`
    : scrollRegion(
        'Queued articles',
        html`<table aria-labelledby="queued-h"><thead><tr><th scope="col">Article</th><th scope="col">Queued</th><th scope="col">From</th><th scope="col">Actions</th></tr></thead><tbody>${rows.map(
          (q) =>
            html`<tr><td class="wrap"><code>${q.url}</code></td><td>${q.queuedAt.slice(0, 10)}</td><td>${QUEUE_ORIGINS[q.origin] ?? q.origin}</td><td><form class="inline" method="post" action="${action}">${csrfField(ctx.csrf)}<input type="hidden" name="url" value="${q.url}"><button type="submit" class="secondary" aria-label="Remove the queued article ${q.url}">Remove</button></form></td></tr>`,
        )}</tbody></table>`,
      )
}`;
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
