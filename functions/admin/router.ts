/**
 * The `/admin` console as one HTTP handler (one Lambda behind `ANY /admin/{proxy+}`, and the same
 * handler in `digest dev`). Every page but sign-in needs a signed session cookie that was not signed
 * out; every POST needs the session's CSRF token; every answer carries the console's security headers.
 */

import {
  type AdminSession,
  checkCsrf,
  csrfToken,
  endedUntil,
  SESSION_LIFETIME_SECONDS,
  signSession,
  verifySession,
} from '../core/admin-session.js';
import { checkBearer, checkWithKeySet, KEY_MISS_REFRESH_MS, keyId } from '../core/api-keys.js';
import { IssueEditError } from '../core/issue-edits.js';
import { type Log, stderrLog } from '../handlers/http/errors.js';
import { html, type RawHtml } from '../handlers/http/page.js';
import {
  BadRequestError,
  BodyTooLargeError,
  header,
  UnsupportedMediaTypeError,
} from '../handlers/http/request.js';
import type { HttpEvent, HttpHandler, HttpResult } from '../handlers/http/types.js';
import { LockBusyError } from '../ports/keyed-lock.js';
import { ConsoleIssueError } from '../use-cases/console-issues.js';
import type { AdminContext, AdminRoute } from './admin-context.js';
import type { AdminDeps } from './admin-deps.js';
import {
  clientOf,
  cookie,
  type FormData,
  fileResult,
  jsonResult,
  pageResult,
  readForm,
  redirect,
  setCookie,
} from './admin-http.js';
import { CONSOLE_CSS, CONSOLE_JS } from './assets.js';
import { layout } from './layout.js';
import { issueRefusalHeading, issueRoutes } from './pages-issues.js';
import { listRoutes } from './pages-lists.js';
import { statsRoutes } from './pages-stats.js';
import { subscriberRoutes } from './pages-subscribers.js';

const SIGN_IN_NONCE_RE = /^[A-Za-z0-9_-]{16,64}$/;

export type { AdminContext, AdminRoute, PageOptions } from './admin-context.js';

export function createAdminHandler(deps: AdminDeps, log: Log = stderrLog): HttpHandler {
  const routes: AdminRoute[] = [issueRoutes, listRoutes, subscriberRoutes, statsRoutes];
  return async (event) => {
    try {
      return await serve(event);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return plainPage(413, 'That upload is too large.');
      if (error instanceof BadRequestError) return plainPage(400, error.message);
      if (error instanceof UnsupportedMediaTypeError) {
        const page = plainPage(415, `${error.message}.`);
        return { ...page, headers: { ...page.headers, 'accept-post': error.accepted.join(', ') } };
      }
      log({ level: 'error', route: 'admin', error });
      return plainPage(500, 'Something went wrong; please try again.');
    }
  };

  async function serve(event: HttpEvent): Promise<HttpResult> {
    const method = event.requestContext.http.method.toUpperCase();
    const path = segments(event.rawPath);
    if (path === null || (path[0] === undefined && event.rawPath !== '/admin' && event.rawPath !== '/admin/'))
      return plainPage(404, 'Not found.');
    if (method !== 'GET' && method !== 'HEAD' && method !== 'POST')
      return {
        ...plainPage(405, 'Method not allowed.'),
        headers: { ...plainPage(405, '').headers, allow: 'GET, POST' },
      };
    const verb = method === 'POST' ? 'POST' : 'GET';
    if (path[0] === 'assets') return asset(path[1]);
    if (path[0] === 'sign-in')
      return verb === 'POST'
        ? signIn(event)
        : signInPage(event, null, 200, { next: new URLSearchParams(event.rawQueryString ?? '').get('next') });

    const session = verifySession(cookie(event, sessionCookieName()), deps.secret, deps.now());
    // A session stands only while the key it was opened with is in the key set (revoking or rotating
    // that key ends it at the next request) and until it is signed out, wherever the cookie was copied.
    const [keyStands, signedOut] = session.ok
      ? await Promise.all([
          checkWithKeySet(
            deps.keys,
            (set) => ({ ok: set.some((k) => keyId(k.key) === session.session.keyId) }),
            KEY_MISS_REFRESH_MS,
          ).then((check) => check.ok),
          deps.endedSessions.isEnded(session.session.sessionId),
        ])
      : [false, false];
    if (!session.ok || !keyStands || signedOut) {
      // A browser goes to the sign-in page; a script asking for JSON gets a plain 401.
      if (wantsJsonAnswer(event)) return jsonResult(401, { error: 'sign in first' });
      // Signing out of a session that has ended already: it is ended; on to sign-in.
      if (verb === 'POST' && path[0] === 'sign-out')
        return redirect('/admin/sign-in', [clearSessionCookie()]);
      if (verb === 'POST') return sessionEnded(event, path);
      return redirect(
        signInFor(event, path),
        !session.ok && session.error === 'missing' ? [] : [clearSessionCookie()],
      );
    }
    const csrf = csrfToken(session.session, deps.secret);
    let form: FormData = { fields: new Map(), files: new Map() };
    if (verb === 'POST') {
      form = await readForm(event);
      const given = form.fields.get('_csrf') ?? header(event, 'x-csrf-token');
      if (!checkCsrf(session.session, deps.secret, given))
        return formOfAnotherSession(event, path, form, session.session.name, csrf);
    }
    if (path[0] === 'sign-out' && verb === 'POST') return signOut(event, session.session, csrf);
    if (path.length === 0) return redirect('/admin/issues');

    const who = session.session.name;
    const ctx: AdminContext = {
      event,
      deps,
      method: verb,
      path,
      query: new URLSearchParams(event.rawQueryString ?? ''),
      who,
      csrf,
      form,
      page: (title, section, body, options = {}) =>
        pageResult(
          options.status ?? 200,
          layout({ title, section, who, csrf, flash: options.flash ?? null }, body),
        ),
    };
    try {
      for (const route of routes) {
        const result = await route(ctx);
        if (result) return result;
      }
    } catch (error) {
      const status = refusalStatus(error);
      if (status === null) throw error;
      // Headed by what was asked ("Not sent", "Not unscheduled"), not "Not changed" for every refusal.
      const heading = issueRefusalHeading(verb, path);
      return ctx.page(heading, 'issues', refused(heading, (error as Error).message), { status });
    }
    return ctx.page(
      'Not found',
      'none',
      html`<h1>Not found</h1><p>There is no such page in the console.</p>`,
      {
        status: 404,
      },
    );
  }

  function signInPage(
    _event: HttpEvent,
    message: string | null = null,
    status = 200,
    options: { next?: string | null; typed?: RawHtml | string } = {},
  ): HttpResult {
    // Login CSRF: the form's token is tied to a short-lived random cookie (double submit).
    const nonce = deps.newSessionId();
    const token = signInToken(nonce);
    const next = safeNext(options.next ?? null);
    const body = html`<h1>Sign in</h1>
<div class="card"><form method="post" action="/admin/sign-in">
<input type="hidden" name="_csrf" value="${token}">${next ? html`<input type="hidden" name="next" value="${next}">` : ''}
<label for="key">API key</label>
<input id="key" name="key" type="password" autocomplete="current-password" required aria-describedby="key-help">
<p id="key-help" class="small muted">The key <code>digest keys</code> prints. It is exchanged for a session of ${SESSION_LIFETIME_SECONDS / 3600} hours.</p>
<button type="submit">Sign in</button></form></div>${options.typed ?? ''}`;
    return pageResult(
      status,
      layout(
        {
          title: 'Sign in',
          section: 'none',
          who: null,
          csrf: null,
          flash: message ? { kind: 'error', text: message } : null,
        },
        body,
      ),
      [setCookie(signInCookieName(), nonce, { ...cookieBase(), maxAgeSeconds: 3600 })],
    );
  }

  async function signIn(event: HttpEvent): Promise<HttpResult> {
    const form = await readForm(event);
    const nonce = cookie(event, signInCookieName());
    const given = form.fields.get('_csrf') ?? '';
    if (!nonce || !SIGN_IN_NONCE_RE.test(nonce) || given !== signInToken(nonce))
      return plainPage(403, 'This sign-in form has expired. Reload the page and try again.');
    const attempt = await deps.allowSignIn(clientOf(event));
    if (!attempt.allowed) return tooManySignIns(event, attempt.retryAfterSeconds);
    // Against the key set read now: a key added a moment ago signs in, a revoked one does not. The
    // throttle above bounds how often a client makes the key store read it.
    const check = checkBearer(
      `Bearer ${(form.fields.get('key') ?? '').trim()}`,
      await deps.keys({ fresh: true }),
    );
    const next = safeNext(form.fields.get('next') ?? null);
    if (!check.ok) return signInPage(event, 'That key is not valid.', 403, { next });
    const value = signSession(
      { name: check.name, keyId: check.id, sessionId: deps.newSessionId() },
      deps.secret,
      deps.now(),
    );
    return redirect(next ?? '/admin/issues', [
      setCookie(sessionCookieName(), value, { ...cookieBase(), maxAgeSeconds: SESSION_LIFETIME_SECONDS }),
      setCookie(signInCookieName(), '', { ...cookieBase(), maxAgeSeconds: 0 }),
    ]);
  }

  /**
   * A form posted from a page whose session has ended since (signed out here or in another tab, 8 hours gone by,
   * its key revoked or rotated): 401 and nothing changed, as before, but as the sign-in page, which leads back to
   * the page the form was on, with the text the editor typed shown to copy, rather than a bare "Sign in first" that
   * lost it (the form's page, sent `no-store`, comes back empty). The typed text is shown only to a form the
   * browser says was posted from the console itself (`Sec-Fetch-Site`, or else `Origin`): never text another site
   * posted.
   */
  async function sessionEnded(event: HttpEvent, path: string[]): Promise<HttpResult> {
    const fields = postedFromConsole(event) ? await readTypedFields(event) : [];
    const typed = typedSection(fields, 'Copy what you need, sign in, and make the change again.');
    const page = signInPage(
      event,
      `Your session has ended (signed out, over ${SESSION_LIFETIME_SECONDS / 3600} hours old, or its key was revoked or rotated), so that form was not sent and nothing changed. Sign in again to go back to the page you were on.`,
      401,
      { next: formPage(path), typed },
    );
    return page;
  }

  /**
   * A form whose CSRF token is not this session's, posted with a session that stands: 403, nothing changed. Most often
   * a page loaded in an earlier session (the editor signed out and in again, or signed in again after a session ended,
   * in this tab or another): its token is that session's. What the editor typed is shown to copy, as when the session
   * has ended (only for a form the browser says came from the console itself), with a link to the form's page, which
   * carries this session's token: a reload of the old page would empty the form.
   */
  function formOfAnotherSession(
    event: HttpEvent,
    path: string[],
    form: FormData,
    who: string,
    csrf: string,
  ): HttpResult {
    const typed = typedSection(
      postedFromConsole(event) ? typedFields(form) : [],
      'Copy what you need, open the page again, and make the change there.',
    );
    return pageResult(
      403,
      layout(
        { title: 'Not done', section: 'none', who, csrf },
        html`<h1>Not done</h1>
<p role="alert">That form was not sent, and nothing changed: it came from a page opened before you last signed in (or not from the console), so it did not carry this session's token.</p>
<p><a href="${formPage(path)}">Open the page again</a> to make the change from there.</p>${typed}`,
      ),
    );
  }

  /**
   * 429: the sign-in page again, saying how long until the client's oldest attempt leaves the window (rounded up
   * to the minute), and the same wait in seconds as `Retry-After`.
   */
  function tooManySignIns(event: HttpEvent, retryAfterSeconds: number): HttpResult {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    const wait = `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
    const page = signInPage(event, `Too many sign-in attempts from here. Wait ${wait} and try again.`, 429);
    return { ...page, headers: { ...page.headers, 'retry-after': String(retryAfterSeconds) } };
  }

  /**
   * Ends the session on the server before clearing the cookie, so that a copy of the cookie (a shared
   * computer, a log) is refused too. When that cannot be recorded the editor is told so, and the cookie is
   * kept: the session still stands wherever it was copied, and Sign out can be tried again from here.
   */
  async function signOut(event: HttpEvent, session: AdminSession, csrf: string): Promise<HttpResult> {
    try {
      await deps.endedSessions.end(session.sessionId, endedUntil(session));
    } catch (error) {
      log({ level: 'error', route: 'admin-sign-out', error });
      if (wantsJsonAnswer(event))
        return jsonResult(503, { error: 'sign-out did not complete: the session is still active' });
      return pageResult(
        503,
        layout(
          { title: 'Not signed out', section: 'none', who: session.name, csrf },
          html`<h1>Not signed out</h1>
<p role="alert">The session could not be ended: it is still active in this browser and anywhere else its cookie is used. Try signing out again.</p>
<form method="post" action="/admin/sign-out"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">Sign out</button></form>`,
        ),
      );
    }
    return redirect('/admin/sign-in', [clearSessionCookie()]);
  }

  function signInToken(nonce: string): string {
    return csrfToken({ name: 'sign-in', keyId: '', sessionId: `signin-${nonce}`, expiresAt: 0 }, deps.secret);
  }

  function secure(): boolean {
    return deps.baseUrl().startsWith('https:');
  }

  /** `__Host-` on https: the browser then refuses it without Secure, with a Domain, or off `/`. */
  function sessionCookieName(): string {
    return secure() ? '__Host-digest_admin' : 'digest_admin';
  }

  /**
   * The sign-in nonce, `__Host-` on https like the session: otherwise a page on a sibling subdomain could
   * set it for the whole domain and sign the editor's browser in with the attacker's key (login CSRF).
   */
  function signInCookieName(): string {
    return secure() ? `__Host-${SIGN_IN_COOKIE}` : SIGN_IN_COOKIE;
  }

  function cookieBase() {
    return { secure: secure(), path: '/' };
  }

  function clearSessionCookie(): string {
    return setCookie(sessionCookieName(), '', { ...cookieBase(), maxAgeSeconds: 0 });
  }
}

const SIGN_IN_COOKIE = 'digest_admin_signin';

function asset(name: string | undefined): HttpResult {
  if (name === 'console.css')
    return fileResult(CONSOLE_CSS, 'text/css; charset=utf-8', { 'cache-control': 'max-age=300' });
  if (name === 'console.js')
    return fileResult(CONSOLE_JS, 'text/javascript; charset=utf-8', { 'cache-control': 'max-age=300' });
  return plainPage(404, 'Not found.');
}

function segments(rawPath: string): string[] | null {
  if (rawPath !== '/admin' && !rawPath.startsWith('/admin/')) return null;
  try {
    return rawPath
      .slice('/admin'.length)
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

/** The page a console form is on, from the path it posts to: where sign-in leads back to after a session ended. */
function formPage(path: string[]): string {
  const [section, id, part] = path.map((p) => encodeURIComponent(p));
  if (section === 'issues') return id === undefined ? '/admin/issues/new' : `/admin/issues/${id}`;
  if (section === 'lists') return id === undefined ? '/admin/lists' : `/admin/lists/${id}`;
  if (section === 'subscribers' && id === 'import')
    return part === undefined ? '/admin/subscribers/import' : `/admin/subscribers/import/${part}`;
  if (section === 'subscribers') return '/admin/subscribers';
  return '/admin/issues';
}

/**
 * Where the sign-in page sends a browser that asked for a page without a session (none, expired, signed out): back
 * to that page, with its query (a search, a list), once signed in (`next`). The Issues page, where sign-in leads
 * anyway, needs none. An editor whose session ran out on a stats page or a search comes back to it.
 */
function signInFor(event: HttpEvent, path: string[]): string {
  if (path.length === 0 || (path.length === 1 && path[0] === 'issues')) return '/admin/sign-in';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const next = safeNext(`${event.rawPath}${query}`) ?? safeNext(event.rawPath);
  return next ? `/admin/sign-in?${new URLSearchParams({ next }).toString()}` : '/admin/sign-in';
}

/**
 * A console page to go to after sign-in: a path of our own under /admin/ with its query, never another site or
 * sign-in itself.
 */
function safeNext(value: string | null): string | null {
  if (!value || value.length > 500 || !NEXT_RE.test(value) || /\/\.{1,2}(\/|\?|$)/.test(value)) return null;
  return /^\/admin\/sign-(in|out)\b/.test(value) ? null : value;
}

const NEXT_RE = /^\/admin\/[A-Za-z0-9._~%-]+(\/[A-Za-z0-9._~%-]+)*(\?[A-Za-z0-9._~%&=+-]*)?$/;

/** The fields of a form that hold what an editor typed, not the form's own workings (tokens, versions, offsets). */
const FORM_WORKINGS = new Set([
  '_csrf',
  'version',
  'op',
  'story',
  'start',
  'by',
  'return',
  'from',
  'list',
  'nocheck',
  'confirmed',
  'tracking',
  'next',
  'confirm',
  'only',
]);

const TYPED_LABELS: Record<string, string> = {
  text: 'Text',
  urls: 'Article URLs',
  subject: 'Subject',
  preheader: 'Preheader',
  speaker: 'Speaker',
  role: 'Role',
  email: 'Address',
  to: 'Test copy to',
  at: 'Send at (UTC)',
  url: 'URL',
  title: 'Title',
  description: 'Description',
  topics: 'Topics',
};

async function readTypedFields(event: HttpEvent): Promise<[string, string][]> {
  try {
    return typedFields(await readForm(event));
  } catch {
    return [];
  }
}

function typedFields(form: FormData): [string, string][] {
  return [...form.fields].filter(
    ([name, value]) =>
      !FORM_WORKINGS.has(name) && value.trim() !== '' && !(name === 'to' && /^\d+$/.test(value)),
  );
}

/** What the editor typed in a form that was not sent, read-only, to copy; `next` says what to do with it. */
function typedSection(fields: [string, string][], next: string): RawHtml | string {
  if (fields.length === 0) return '';
  return html`<section class="card" aria-labelledby="typed-h"><h2 id="typed-h">What you typed</h2>
<p>It was not saved. ${next}</p>
${fields.map(
  ([name, value], i) =>
    html`<label for="typed-${String(i)}">${TYPED_LABELS[name] ?? name}</label><textarea id="typed-${String(i)}" readonly>${value}</textarea>`,
)}</section>`;
}

/** Did the browser post this from a console page (same origin)? Without either header, no. */
function postedFromConsole(event: HttpEvent): boolean {
  const site = header(event, 'sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = header(event, 'origin');
  const host = header(event, 'host');
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function wantsJsonAnswer(event: HttpEvent): boolean {
  return (header(event, 'accept') ?? '').includes('application/json');
}

/** A refusal no route answered itself, as the editor's request, its status, or null for an error that is no refusal. */
function refusalStatus(error: unknown): number | null {
  if (error instanceof IssueEditError) return 422;
  if (error instanceof ConsoleIssueError) return error.status;
  if (error instanceof LockBusyError) return 409;
  return null;
}

function refused(heading: string, message: string) {
  return html`<h1>${heading}</h1><p role="alert">${message}</p><p><a href="/admin/issues">Back to the issues</a></p>`;
}

function plainPage(status: number, message: string): HttpResult {
  return pageResult(
    status,
    layout(
      { title: status >= 500 ? 'Error' : 'Not done', section: 'none', who: null, csrf: null },
      html`<h1>${status === 404 ? 'Not found' : 'Not done'}</h1><p>${message}</p><p><a href="/admin">Back to the console</a></p>`,
    ),
  );
}
