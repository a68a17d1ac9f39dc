/**
 * GET /issues/<id>: the issue's web version ("view in browser"), from the archive. It is the same
 * HTML as the mail, but no recipient's link can be in it, and a web reader has nothing to unsubscribe
 * from: the footer's personal lines ("You are receiving…", Preferences · Unsubscribe) become one
 * "Subscribe" link to the list's hosted subscribe page. Any slot left over points there too.
 */

import { escapeHtml } from '../core/html-escape.js';
import { PLACEHOLDERS } from '../core/placeholders.js';
import type { Issue, Quote } from '../core/types.js';
import { subscribeUrl } from '../use-cases/public-links.js';
import { listTitle } from '../use-cases/require-list.js';
import type { ArchiveReadDeps } from './dependencies.js';
import { withHttpErrors } from './http/errors.js';
import { wantsJson } from './http/request.js';
import { allowedMethod, archiveLinks, errorResponse, htmlResponse, jsonResponse } from './http/responses.js';
import type { HttpEvent, HttpHandler, HttpResult } from './http/types.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext } from './runtime/logger.js';

const ISSUE_PATH_RE = /^\/issues\/([A-Za-z0-9_.-]{1,128})(?:\/|\.json)?$/;
const ISSUE_ID_RE = /^[A-Za-z0-9_.-]{1,128}$/;

/** The issue id from the route's path parameter or the raw path. */
export function issueIdOf(event: HttpEvent): string | null {
  const param = event.pathParameters?.id?.replace(/\.json$/, '');
  if (param !== undefined) return ISSUE_ID_RE.test(param) ? param : null;
  return ISSUE_PATH_RE.exec(event.rawPath ?? '')?.[1] ?? null;
}

// The digest template's footer paragraphs that only make sense in a subscriber's own copy.
const PERSONAL_NOTE_RE = /<p class="personal-note"[^>]*>[\s\S]*?<\/p>\s*/;
const PERSONAL_LINKS_RE =
  /<p class="personal-links"([^>]*)>[\s\S]*?(<a class="link" href="[^"]*"[^>]*>View in browser<\/a>)?<\/p>/;
const BODY_OPEN_RE = /<body\b[^>]*>/;
const BODY_CLOSE_RE = /<\/body>/;

/**
 * The issue as readers got it, for the public JSON: without the newsroom's record of how it was made.
 * The audit trail names the editors (their API key's name) and each change; a speaker correction names
 * who made it and the attribution found before. Both stay in the archive and the console.
 */
export function publicIssue(issue: Issue): Issue {
  const { audit: _audit, ...rest } = issue;
  const plain = (quote: Quote): Quote => {
    const { correction: _correction, ...kept } = quote;
    return kept;
  };
  return {
    ...rest,
    stories: rest.stories.map((story) => ({
      ...story,
      quotes: story.quotes.map(plain),
      allQuotes: story.allQuotes.map(plain),
    })),
  };
}

/** Fills the per-recipient slots with the generic subscribe link. */
export function genericLinks(text: string, link: string): string {
  return text.replaceAll(PLACEHOLDERS.unsubscribeUrl, link).replaceAll(PLACEHOLDERS.preferencesUrl, link);
}

/**
 * The page's content in one `<main>` landmark, so a screen reader can jump to it. Only the web copy gets it:
 * mail clients drop or restyle landmarks, and the mail's HTML stays as sent.
 */
export function withMainLandmark(html: string): string {
  return html.replace(BODY_OPEN_RE, '$&<main>').replace(BODY_CLOSE_RE, '</main>$&');
}

/** The web copy: personal footer lines replaced by a Subscribe link, then any slot filled with that link. */
export function webCopy(html: string, link: string, title: string): string {
  const subscribe = `<a class="link" href="${escapeHtml(link)}" style="color:#0b57a4;">Subscribe</a> to receive ${escapeHtml(title)} by email.`;
  const web = html
    .replace(PERSONAL_NOTE_RE, '')
    .replace(PERSONAL_LINKS_RE, (_m, attrs: string) => `<p class="subscribe-links"${attrs}>${subscribe}</p>`);
  return genericLinks(withMainLandmark(web), link);
}

export function createHandler(deps: ArchiveReadDeps): HttpHandler {
  return withHttpErrors(async (event) => {
    const method = allowedMethod(event, 'GET');
    if (typeof method !== 'string') return method;
    const id = issueIdOf(event);
    const archived = id ? await deps.briefing.archive.get(id) : null;
    // `/issues/<id>.json` is JSON whatever the Accept header says, its 404 too.
    const json = wantsJson(event) || event.rawPath?.endsWith('.json') === true;
    if (!archived) return noSuchIssue(deps, json);
    const link = subscribeUrl(deps.briefing.baseUrl, archived.issue.list);
    if (json)
      return jsonResponse(200, publicIssue(archived.issue), { 'cache-control': 'public, max-age=300' });
    const title = await listTitle(deps.lists, archived.issue.list);
    return htmlResponse(200, webCopy(archived.rendered.html, link, title), {
      // The mail's own markup: inline styles and remote images (article hosts) are expected.
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'",
      'cache-control': 'public, max-age=300',
    });
  }, deps.log);
}

/** 404: JSON callers get `no such issue`; a reader is told what may have happened, and where past issues are. */
async function noSuchIssue(deps: ArchiveReadDeps, json: boolean): Promise<HttpResult> {
  if (json) return errorResponse(404, 'no such issue', true);
  const lists = await deps.lists.list();
  return errorResponse(
    404,
    'There is no issue at this address: the link may be cut short, or the issue was never published (test copies have no web version).',
    false,
    lists.length > 0 ? archiveLinks(deps.briefing.baseUrl, lists) : undefined,
  );
}

export const handler = lazyHandler(
  async () => createHandler((await import('./runtime/archive.js')).archiveReadDeps()),
  attachLambdaContext,
);
