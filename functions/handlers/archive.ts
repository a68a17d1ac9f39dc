/**
 * GET /lists/<list>/archive: the list's past issues, newest first, with a subscribe form.
 * GET /lists/<list>/feed.xml: the same as RSS 2.0, for readers who prefer feeds. Every value is
 * escaped (HTML or XML); the archive only ever holds published issues, never drafts.
 */
import type { ArchiveReadDeps } from './dependencies.js';
import { LIST_NAME_RE } from './dependencies.js';
import { withHttpErrors } from './http/errors.js';
import { html, page } from './http/page.js';
import { allowedMethod, htmlResponse, textResponse } from './http/responses.js';
import type { HttpHandler } from './http/types.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext } from './runtime/logger.js';

const ARCHIVE_PATH_RE = /^\/lists\/([^/]{1,64})\/(archive|feed\.xml)\/?$/;
const XML_SPECIAL_RE = /[&<>"']/g;
const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
// Characters XML 1.0 forbids even escaped.
const XML_FORBIDDEN_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const FEED_ITEMS = 20;
const PAGE_ITEMS = 100;

export function escapeXml(text: string): string {
  return text.replace(XML_FORBIDDEN_RE, '').replace(XML_SPECIAL_RE, (c) => XML_ESCAPES[c] ?? c);
}

export function createHandler(deps: ArchiveReadDeps): HttpHandler {
  return withHttpErrors(async (event) => {
    const method = allowedMethod(event, 'GET');
    if (typeof method !== 'string') return method;
    const match = ARCHIVE_PATH_RE.exec(event.rawPath ?? '');
    const list = event.pathParameters?.list ?? (match ? decodeURIComponent(match[1]!) : '');
    const kind = match?.[2] ?? (event.rawPath?.endsWith('feed.xml') ? 'feed.xml' : 'archive');
    if (!LIST_NAME_RE.test(list)) return textResponse(404, 'no such list');
    const base = deps.briefing.baseUrl;
    const listPath = `${base}/lists/${encodeURIComponent(list)}`;
    const cache = { 'cache-control': 'public, max-age=300' };

    if (kind === 'feed.xml') {
      const summaries = await deps.briefing.archive.listByList(list, FEED_ITEMS);
      const entries = await Promise.all(summaries.map((s) => deps.briefing.archive.get(s.id)));
      const items = summaries.map((s, i) => {
        const link = `${base}/issues/${encodeURIComponent(s.id)}`;
        const description = entries[i]?.issue.preheader ?? '';
        return `<item><title>${escapeXml(s.subject)}</title><link>${escapeXml(link)}</link><guid isPermaLink="true">${escapeXml(link)}</guid><pubDate>${new Date(s.createdAt).toUTCString()}</pubDate><description>${escapeXml(description)}</description></item>`;
      });
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escapeXml(`${list} briefings`)}</title><link>${escapeXml(`${listPath}/archive`)}</link><description>${escapeXml(`Past issues of the ${list} briefing`)}</description>${items.join('')}</channel></rss>\n`;
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/rss+xml; charset=utf-8', ...cache },
        body: xml,
      };
    }

    const summaries = await deps.briefing.archive.listByList(list, PAGE_ITEMS);
    const rows = summaries.map(
      (s) =>
        html`<li><a href="${`${base}/issues/${encodeURIComponent(s.id)}`}">${s.subject}</a> <span class="muted">${s.createdAt.slice(0, 10)}</span></li>`,
    );
    const body = html`<h1>${list}: past issues</h1>
${rows.length ? html`<ul>${rows}</ul>` : html`<p>No issues yet.</p>`}
<p class="muted"><a href="${`${listPath}/feed.xml`}">RSS feed of this archive</a></p>
<h2 id="subscribe">Subscribe</h2>
<form method="post" action="${`${base}/subscribe`}"><input type="hidden" name="list" value="${list}">
<label>Email <input type="text" name="email" autocomplete="email" inputmode="email"></label>
<button type="submit">Subscribe</button></form>`;
    return htmlResponse(200, page(`${list}: past issues`, body), cache);
  }, deps.log);
}

export const handler = lazyHandler(
  async () => createHandler((await import('./runtime/archive.js')).archiveReadDeps()),
  attachLambdaContext,
);
