/**
 * GET /lists/<list>/archive: the list's past issues, newest first, with a subscribe form.
 * GET /lists/<list>/feed.xml: the same as RSS 2.0, for readers who prefer feeds.
 * GET /lists/<list>/subscribe: the hosted subscribe page (title, description, topics, consent line), which
 * posts to POST /subscribe. All three carry the list's title and description; an unknown list is 404, naming the lists that exist (nothing is published for a misspelt id). Every value
 * is escaped (HTML or XML); the archive only ever holds published issues, never drafts.
 */
import { escapeXml } from '../core/html-escape.js';
import { subscribePageUrl } from '../core/subscribe-form.js';
import { requirePublicList } from '../use-cases/require-list.js';
import type { ArchiveReadDeps } from './dependencies.js';
import { withHttpErrors } from './http/errors.js';
import { html, page } from './http/page.js';
import { allowedMethod, htmlResponse } from './http/responses.js';
import type { HttpHandler } from './http/types.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext } from './runtime/logger.js';
import { subscribeForm, subscribePage } from './subscribe-page.js';

const ARCHIVE_PATH_RE = /^\/lists\/([^/]{1,64})\/(archive|feed\.xml|subscribe)\/?$/;
const FEED_ITEMS = 20;
const PAGE_ITEMS = 100;

export function createHandler(deps: ArchiveReadDeps): HttpHandler {
  return withHttpErrors(
    async (event) => {
      const method = allowedMethod(event, 'GET');
      if (typeof method !== 'string') return method;
      const match = ARCHIVE_PATH_RE.exec(event.rawPath ?? '');
      const list = event.pathParameters?.list ?? (match ? decodeURIComponent(match[1]!) : '');
      const kind = match?.[2] ?? (event.rawPath?.endsWith('feed.xml') ? 'feed.xml' : 'archive');
      const found = await requirePublicList(deps.lists, list);
      const { title, description } = found;
      if (kind === 'subscribe') {
        return htmlResponse(200, page(`Subscribe to ${title}`, subscribePage(found, deps.briefing.baseUrl)), {
          'cache-control': 'public, max-age=300',
        });
      }
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
        const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escapeXml(title)}</title><link>${escapeXml(`${listPath}/archive`)}</link><description>${escapeXml(description ?? `Past issues of ${title}`)}</description>${items.join('')}</channel></rss>\n`;
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
      const body = html`<h1>${title}</h1>
${description ? html`<p>${description}</p>` : ''}
<p><a href="${subscribePageUrl(base, list)}">Subscribe to ${title}</a></p>
<h2>Past issues</h2>
${rows.length ? html`<ul>${rows}</ul>` : html`<p>No issues yet.</p>`}
<p class="muted"><a href="${`${listPath}/feed.xml`}">RSS feed of this archive</a></p>
<h2 id="subscribe">Subscribe</h2>
${subscribeForm(found, base)}`;
      return htmlResponse(200, page(`${title}: past issues`, body), cache);
    },
    deps.log,
    () => deps.briefing.baseUrl,
  );
}

export const handler = lazyHandler(
  async () => createHandler((await import('./runtime/archive.js')).archiveReadDeps()),
  attachLambdaContext,
);
