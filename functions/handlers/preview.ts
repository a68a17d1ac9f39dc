/**
 * The `digest dev` preview (local only, never deployed): at `/`, the latest issue rendered with
 * the templates as they are on disk (and its list's title, logo and accent), side by side at 600 px, 375 px and
 * 375 px dark, its plain-text part, every list with links to its subscribe page, archive and feed, and the outbox; `/outbox/<file>` shows one sent message (headers, HTML, text, raw source).
 * The page polls `/preview/version` and reloads when a template, the latest issue or the outbox
 * changes. Emails are shown in sandboxed `srcdoc` iframes: no script in them ever runs.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { LiveTemplates } from '../adapters/live-templates.js';
import type { OutboxEntry, OutboxMessage } from '../adapters/outbox-reader.js';
import { escapeHtml } from '../core/html-escape.js';
import { presentList } from '../core/newsletter-list.js';
import type { Issue } from '../core/types.js';
import type { NewsletterList } from '../ports/list-store.js';
import { html, type RawHtml, raw } from './http/page.js';
import { htmlResponse, jsonResponse, textResponse } from './http/responses.js';
import type { HttpEvent, HttpHandler, HttpResult } from './http/types.js';

const DARK_QUERY_RE = /\(\s*prefers-color-scheme\s*:\s*dark\s*\)/gi;
const LIGHT_QUERY_RE = /\(\s*prefers-color-scheme\s*:\s*light\s*\)/gi;
const COLOR_SCHEME_META_RE = /<meta\s+name=["']color-scheme["'][^>]*>/i;
const HEAD_OPEN_RE = /<head[^>]*>/i;
const POLL_MS = 1000;

export interface PreviewDeps {
  /** The newest archived issue and a stamp that changes when it does, or null when there is none. */
  latestIssue(): Promise<{ issue: Issue; stamp: string } | null>;
  /** What to show before any issue exists: the built-in sample article as an issue. */
  sampleIssue(): Promise<Issue>;
  templates: LiveTemplates;
  outbox: {
    list(limit: number): Promise<{ total: number; entries: OutboxEntry[] }>;
    read(name: string): Promise<OutboxMessage | null>;
  };
  baseUrl(): string;
  postalAddress: string;
  /** The deployment's sender, behind a list's own (presentList). */
  from: string;
  /** Every list, for the links to its pages and for the issue's title, logo and accent. */
  lists(): Promise<NewsletterList[]>;
}

/**
 * The email as a client in one colour scheme shows it: `prefers-color-scheme` queries become
 * always / never true, and the color-scheme meta says the same.
 * @example forceColorScheme('@media (prefers-color-scheme: dark) {…}', 'dark') // '@media all {…}'
 */
export function forceColorScheme(email: string, scheme: 'light' | 'dark'): string {
  const on = 'all';
  const off = 'not all';
  const meta = `<meta name="color-scheme" content="${scheme}">`;
  let out = email
    .replace(DARK_QUERY_RE, scheme === 'dark' ? on : off)
    .replace(LIGHT_QUERY_RE, scheme === 'light' ? on : off);
  out = COLOR_SCHEME_META_RE.test(out)
    ? out.replace(COLOR_SCHEME_META_RE, meta)
    : out.replace(HEAD_OPEN_RE, (head) => `${head}${meta}`);
  return out;
}

const STYLE = `
:root{color-scheme:light dark}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#e9e7e2;color:#1d1f23}
header{padding:14px 24px;background:#1d1f23;color:#f3f2ef;display:flex;flex-wrap:wrap;gap:6px 18px;align-items:baseline}
header b{font-size:16px}header a{color:#9cc9ff}
main{padding:20px 24px}
.meta{color:#4d525b}.error{background:#fde8e8;color:#7a1010;border:1px solid #e8a5a5;padding:10px 14px;border-radius:6px;white-space:pre-wrap}
.frames{display:flex;gap:20px;align-items:flex-start;overflow-x:auto;padding-bottom:8px}
figure{margin:0;flex:none}figcaption{font-size:13px;font-weight:600;margin:0 0 6px;color:#3d424a}
iframe{border:1px solid #c9c6bf;border-radius:6px;background:#fff;height:1100px;display:block}
.dark iframe{background:#101216}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #d6d3cc;border-radius:6px;padding:14px;max-width:76ch;font-size:13px}
table{border-collapse:collapse;background:#fff;min-width:60%}th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e1ded7;vertical-align:top}
td.h{font-family:ui-monospace,monospace;font-size:12px;color:#4d525b;white-space:nowrap}
a{color:#0b57a4}
@media (prefers-color-scheme:dark){body{background:#17191d;color:#e9e8e5}.meta,figcaption,td.h{color:#b3b8c2}
pre,table{background:#22252b;border-color:#343a44;color:#e9e8e5}th,td{border-color:#343a44}a{color:#8fc3ff}}`;

function previewPage(title: string, body: RawHtml, nonce: string | null, version: string | null): string {
  const reload =
    nonce && version
      ? `<script nonce="${nonce}">
const version = ${JSON.stringify(version)};
setInterval(async () => {
  try {
    const r = await fetch('/preview/version', { cache: 'no-store' });
    if ((await r.json()).version !== version) location.reload();
  } catch {}
}, ${POLL_MS});
</script>`
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body.value}${reload}</body></html>`;
}

function previewResponse(page: string, nonce: string | null, imageOrigin: string | null = null): HttpResult {
  const script = nonce ? `script-src 'nonce-${nonce}'; connect-src 'self'; ` : '';
  // srcdoc frames inherit this policy: the emails get inline styles and data: images, nothing remote, except the
  // list's logo on the preview of an issue (never on a sent message, whose images may count an open).
  const images = imageOrigin ? `data: ${imageOrigin}` : 'data:';
  return htmlResponse(200, page, {
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; img-src ${images}; ${script}frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  });
}

/** The origin of a list's logo, as a CSP source, or null. */
function logoOrigin(list: NewsletterList | undefined): string | null {
  if (!list?.logoUrl) return null;
  try {
    const url = new URL(list.logoUrl);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

function frame(label: string, email: string, width: number, className = ''): RawHtml {
  return html`<figure class="${className}"><figcaption>${label}</figcaption><iframe sandbox="" title="${label}" width="${width}" style="width:${width}px" srcdoc="${email}"></iframe></figure>`;
}

function outboxTable(list: { total: number; entries: OutboxEntry[] }): RawHtml {
  if (list.total === 0)
    return html`<p class="meta">The outbox is empty. Mail sent by <code>digest</code> commands on this data dir lands here.</p>`;
  const rows = list.entries.map(
    (e) =>
      html`<tr><td class="h">${e.date ? e.date.replace('T', ' ').slice(0, 19) : ''}</td><td>${e.to}</td><td><a href="/outbox/${encodeURIComponent(e.name)}">${e.subject || '(no subject)'}</a></td></tr>`,
  );
  const more =
    list.total > list.entries.length
      ? html`<p class="meta">Showing the newest ${list.entries.length} of ${list.total}.</p>`
      : '';
  return html`<table><thead><tr><th>Sent (UTC)</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

/** Each list with the pages a reader reaches: the hosted subscribe page, the archive and the feed. */
function listsTable(lists: readonly NewsletterList[]): RawHtml {
  if (lists.length === 0)
    return html`<p class="meta">No lists yet: <code>digest lists create ID --title TEXT</code>.</p>`;
  const rows = lists.map((l) => {
    const base = `/lists/${encodeURIComponent(l.id)}`;
    return html`<tr><td>${l.title}</td><td class="h">${l.id}</td><td><a href="${base}/subscribe">Subscribe page</a> · <a href="${base}/archive">Archive</a> · <a href="${base}/feed.xml">Feed</a></td></tr>`;
  });
  return html`<table><thead><tr><th>List</th><th>Id</th><th>Pages</th></tr></thead><tbody>${rows}</tbody></table>`;
}

async function version(deps: PreviewDeps): Promise<string> {
  const [templates, latest, outbox] = await Promise.all([
    deps.templates.fingerprint(),
    deps.latestIssue(),
    deps.outbox.list(1),
  ]);
  const state = `${templates}#${latest?.stamp ?? 'sample'}#${outbox.total}:${outbox.entries[0]?.name ?? ''}`;
  return createHash('sha256').update(state).digest('hex').slice(0, 16);
}

export interface PreviewHandlers {
  index: HttpHandler;
  version: HttpHandler;
  message: HttpHandler;
  raw: HttpHandler;
}

export function createPreviewHandlers(deps: PreviewDeps): PreviewHandlers {
  return {
    async index() {
      const nonce = randomBytes(16).toString('base64');
      const [latest, templates, outbox, stamp, lists] = await Promise.all([
        deps.latestIssue(),
        deps.templates.current(),
        deps.outbox.list(50),
        version(deps),
        deps.lists(),
      ]);
      const issue = latest?.issue ?? (await deps.sampleIssue());
      // The issue as its list shows it: title, sender, footer, time zone, logo and accent.
      const list = lists.find((l) => l.id === issue.list);
      let rendered: { subject: string; html: string; text: string } | null = null;
      let renderError: string | null = null;
      try {
        rendered = templates.renderer.renderIssue(issue, {
          baseUrl: deps.baseUrl(),
          postalAddress: deps.postalAddress,
          ...(list ? presentList(list, { from: deps.from, postalAddress: deps.postalAddress }) : {}),
        });
      } catch (e) {
        renderError = e instanceof Error ? e.message : String(e);
      }
      const what = latest
        ? html`Latest issue <b>${issue.id}</b> on list <b>${issue.list}</b>, ${issue.createdAt}`
        : html`No issue yet: showing the built-in sample article. Issues sent or composed on this data dir replace it.`;
      const errors = [templates.error, renderError]
        .filter((e): e is string => Boolean(e))
        .map((e) => html`<p class="error">Template error (showing the last good templates): ${e}</p>`);
      const body = html`<header><b>digest dev</b><span>preview</span><span>${rendered?.subject ?? issue.subject}</span>
<span class="meta" style="color:#b3b8c2">${templates.live ? 'templates live from disk' : 'built-in templates'}, reloads on change</span></header>
<main>
<p class="meta">${what}</p>${errors}
${
  rendered
    ? html`<div class="frames">${frame('Desktop · 600 px', forceColorScheme(rendered.html, 'light'), 600)}${frame('Mobile · 375 px', forceColorScheme(rendered.html, 'light'), 375)}${frame('Dark · 375 px', forceColorScheme(rendered.html, 'dark'), 375, 'dark')}</div>
<details><summary>Plain-text part</summary><pre>${rendered.text}</pre></details>`
    : ''
}
<h2>Lists</h2>
${listsTable(lists)}
<h2>Outbox</h2>
${outboxTable(outbox)}
</main>`;
      return previewResponse(
        previewPage(`Preview · ${issue.subject}`, body, nonce, stamp),
        nonce,
        logoOrigin(list),
      );
    },

    async version() {
      return jsonResponse(200, { version: await version(deps) });
    },

    async message(event: HttpEvent) {
      const name = event.pathParameters?.name ?? '';
      const message = await deps.outbox.read(name);
      if (!message) return textResponse(404, 'no such message in the outbox');
      const rows = message.headers.map(([k, v]) => html`<tr><td class="h">${k}</td><td>${v}</td></tr>`);
      const body = html`<header><b>digest dev</b><a href="/">← preview</a><span>${message.subject}</span></header>
<main>
<table>${rows}</table>
${
  message.html
    ? html`<h2>HTML part</h2><div class="frames">${frame('Light · 600 px', forceColorScheme(message.html, 'light'), 600)}${frame('Dark · 375 px', forceColorScheme(message.html, 'dark'), 375, 'dark')}</div>`
    : html`<p class="meta">No HTML part.</p>`
}
<h2>Plain-text part</h2>
${message.text ? html`<pre>${message.text}</pre>` : html`<p class="meta">No text part.</p>`}
<p><a href="/outbox/${encodeURIComponent(message.name)}/raw">Raw source</a> (${raw(String(Math.round(message.raw.length / 102.4) / 10))} KB)</p>
</main>`;
      return previewResponse(previewPage(message.subject || message.name, body, null, null), null);
    },

    async raw(event: HttpEvent) {
      const message = await deps.outbox.read(event.pathParameters?.name ?? '');
      if (!message) return textResponse(404, 'no such message in the outbox');
      return textResponse(200, message.raw);
    },
  };
}
