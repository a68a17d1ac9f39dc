/**
 * The console's page shell: a skip link, the navigation, a flash message, the page, and the one
 * stylesheet and module (files, never inline). Every value goes through `html`, which escapes it.
 */
import { html, type RawHtml } from '../handlers/http/page.js';

export const ASSET_VERSION = '6';

export type Section = 'lists' | 'subscribers' | 'issues' | 'stats' | 'none';

export interface Shell {
  title: string;
  section: Section;
  /** The signed-in key's name; null on the sign-in page. */
  who: string | null;
  csrf: string | null;
  flash?: { kind: 'ok' | 'error'; text: string } | null;
}

const NAV: [Exclude<Section, 'none'>, string, string][] = [
  ['issues', '/admin/issues', 'Issues'],
  ['lists', '/admin/lists', 'Lists'],
  ['subscribers', '/admin/subscribers', 'Subscribers'],
  ['stats', '/admin/stats', 'Stats'],
];

export function layout(shell: Shell, body: RawHtml): string {
  const nav =
    shell.who === null
      ? html``
      : html`<nav aria-label="Console"><ul>${NAV.map(
          ([key, href, label]) =>
            html`<li><a href="${href}"${key === shell.section ? html` aria-current="page"` : ''}>${label}</a></li>`,
        )}</ul></nav>
<form class="inline" method="post" action="/admin/sign-out"><input type="hidden" name="_csrf" value="${shell.csrf ?? ''}">
<span class="small">Signed in as ${shell.who}</span> <button class="link" type="submit">Sign out</button></form>`;
  const flash = shell.flash
    ? html`<div class="flash ${shell.flash.kind}" role="${shell.flash.kind === 'error' ? 'alert' : 'status'}">${shell.flash.text}</div>`
    : '';
  return `<!doctype html>
${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${shell.title} · Digest console</title>
<link rel="stylesheet" href="/admin/assets/console.css?v=${ASSET_VERSION}">
<script type="module" src="/admin/assets/console.js?v=${ASSET_VERSION}"></script></head>
<body><a class="skip" href="#main">Skip to content</a>
<header class="bar"><a class="brand" href="/admin">Digest console</a>${nav}</header>
<main id="main">${flash}${body}</main></body></html>`}`;
}

/**
 * A wide table in a region of its own that scrolls sideways on a narrow screen, rather than the whole page: focusable,
 * so that it scrolls from the keyboard too, and named for a screen reader.
 */
export function scrollRegion(label: string, table: RawHtml): RawHtml {
  return html`<div class="scroll" tabindex="0" role="region" aria-label="${label}">${table}</div>`;
}

/** The hidden CSRF field every form carries. */
export function csrfField(csrf: string): RawHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}
