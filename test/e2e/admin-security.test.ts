/**
 * The admin console's defences, over HTTP against `digest dev`: no session, forged and expired
 * sessions, forms without their CSRF token, throttled sign-in, stored markup that must stay
 * text, and the security headers on every page.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_ATTEMPTS } from '../../functions/admin/console-deps.js';
import { SESSION_LIFETIME_SECONDS, signSession } from '../../functions/core/admin-session.js';
import { keyId } from '../../functions/core/api-keys.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { consoleClient, csrfOf } from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';

const SECRET = 'admin-security-test-secret-0123456789';
// Our ferry article, its headline carrying markup.
const ARTICLE = readFileSync(join(REPO_ROOT, 'test/fixtures/articles/ferry-timetable.txt'), 'utf8').replace(
  /^[^\n]*/,
  'Island ferry <script>alert("title")</script> adds a late sailing',
);

describe('admin console security', () => {
  let dataDir: string;
  let server: DevServer;
  let key: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-admin-sec-'));
    key = (await runCli(['keys', '--data-dir', dataDir], { env: { DIGEST_SECRET: SECRET } })).stdout.trim();
    server = await startDevServer(dataDir, { DIGEST_SECRET: SECRET });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  const client = consoleClient(() => server.url);
  const { get, post } = client;

  async function signIn(): Promise<{ cookie: string; csrf: string }> {
    const { answer, setCookie, cookie } = await client.signIn(key);
    expect(answer.status).toBe(303);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(new RegExp(`Max-Age=${SESSION_LIFETIME_SECONDS}`));
    const csrf = csrfOf(await (await get('/admin/issues/new', cookie ?? '')).text());
    return { cookie: cookie ?? '', csrf };
  }

  it('without a session, pages send the browser to sign in and API callers get 401', async () => {
    // The sign-in page leads back to the page asked for (`next`), its query included; Issues is where it leads anyway.
    for (const [path, signIn] of [
      ['/admin', '/admin/sign-in'],
      ['/admin/issues', '/admin/sign-in'],
      [
        '/admin/subscribers?list=default&q=ann',
        '/admin/sign-in?next=%2Fadmin%2Fsubscribers%3Flist%3Ddefault%26q%3Dann',
      ],
      ['/admin/subscribers/export', '/admin/sign-in?next=%2Fadmin%2Fsubscribers%2Fexport'],
      ['/admin/stats', '/admin/sign-in?next=%2Fadmin%2Fstats'],
    ] as const) {
      const page = await get(path);
      expect(page.status, path).toBe(303);
      expect(page.headers.get('location')).toBe(signIn);
      expect((await get(path, undefined, 'application/json')).status).toBe(401);
    }
    expect((await post('/admin/subscribers', { email: 'x@example.org' })).status).toBe(401);
  });

  it('refuses a forged, a foreign and an expired session cookie', async () => {
    const now = new Date();
    const subject = { name: 'local editor', keyId: keyId(key), sessionId: 'abcdefghijklmnopqrst' };
    const cookies = [
      'digest_admin=s1.e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      `digest_admin=${signSession(subject, 'another-secret-0123456789', now)}`,
      `digest_admin=${signSession(subject, SECRET, new Date(now.getTime() - (SESSION_LIFETIME_SECONDS + 60) * 1000))}`,
    ];
    for (const cookie of cookies) {
      const page = await get('/admin/issues', cookie);
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/admin/sign-in');
    }
    // The same construction with the right secret and time is accepted: the refusals above are about the cookie.
    expect((await get('/admin/issues', `digest_admin=${signSession(subject, SECRET, now)}`)).status).toBe(
      200,
    );
  });

  it('a POST without the session’s CSRF token is refused with 403 and changes nothing', async () => {
    const { cookie, csrf } = await signIn();
    const other = await signIn();
    const attempts: Record<string, string>[] = [{}, { _csrf: 'A'.repeat(43) }, { _csrf: other.csrf }];
    for (const extra of attempts) {
      const answer = await post(
        '/admin/subscribers',
        { list: 'default', email: 'csrf@example.org', confirmed: '1', ...extra },
        cookie,
      );
      expect(answer.status).toBe(403);
    }
    const listed = await (await get('/admin/subscribers?q=csrf', cookie)).text();
    expect(listed).toContain('0 matches');
    const ok = await post(
      '/admin/subscribers',
      { list: 'default', email: 'csrf@example.org', confirmed: '1', _csrf: csrf },
      cookie,
    );
    expect(ok.status).toBe(200);
    expect(await (await get('/admin/subscribers?q=csrf', cookie)).text()).toContain('1 match');
    // The sign-in form is protected too: its token must match its own cookie.
    expect((await post('/admin/sign-in', { key, _csrf: csrf })).status).toBe(403);
  });

  it('stored markup in a title, a speaker and a CSV row renders as text', async () => {
    const { cookie, csrf } = await signIn();
    const composed = await post('/admin/issues', { _csrf: csrf, list: 'default', text: ARTICLE }, cookie);
    expect(composed.status).toBe(303);
    const editor = composed.headers.get('location') as string;
    const id = editor.split('/').pop() as string;
    const page = await (await get(editor, cookie)).text();
    const start = /value="correct-speaker">[\s\S]*?name="start" value="(\d+)"/.exec(page)?.[1];
    expect(start).toBeDefined();
    const edits: Record<string, string>[] = [
      { op: 'meta', subject: '<script>alert("subject")</script>', preheader: '<b>bold</b>' },
      {
        op: 'correct-speaker',
        story: '0',
        start: start as string,
        speaker: '<img src=x onerror=alert(1)>',
        role: '<script>x</script>',
      },
    ];
    for (const edit of edits) {
      // The version the editor shows now, as its forms carry it.
      const version =
        /name="version" value="(\d+)"/.exec(await (await get(editor, cookie)).text())?.[1] ?? '';
      expect((await post(`${editor}/edit`, { _csrf: csrf, version, ...edit }, cookie)).status).toBe(303);
    }
    const csv = 'email,topics\n"<script>alert(1)</script>@example.org",x\nok@example.org,"<script>"\n';
    const imported = await post(
      '/admin/subscribers/import',
      { _csrf: csrf, list: 'default', text: csv, confirmed: '1' },
      cookie,
    );
    // The upload's page asks for confirmation first (it shows the refused rows too), then the import runs.
    const report = imported.headers.get('location') as string;
    const confirmPage = await (await get(report, cookie)).text();
    expect((await post(`${report}/confirm`, { _csrf: csrf, confirmed: '1' }, cookie)).status).toBe(303);
    let reportPage = '';
    for (let i = 0; i < 50; i++) {
      reportPage = await (await get(report, cookie)).text();
      if (reportPage.includes('import-report')) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    const list = await post(
      '/admin/lists',
      { _csrf: csrf, id: 'pier', title: '<script>alert("list")</script>', timeZone: 'UTC' },
      cookie,
    );
    expect(list.status).toBe(303);
    const pages = [
      await (await get('/admin/lists', cookie)).text(),
      await (await get('/admin/lists/pier', cookie)).text(),
      await (await get(editor, cookie)).text(),
      await (await get(`${editor}/preview/desktop`, cookie)).text(),
      await (await get('/admin/issues', cookie)).text(),
      reportPage,
      confirmPage,
      await (await get('/admin/subscribers', cookie)).text(),
    ];
    for (const html of pages) {
      expect(html).not.toMatch(/<script>alert|<img src=x|<script>x<\/script>|<b>bold/);
    }
    expect(pages[0]).toContain('&lt;script&gt;alert(&quot;list&quot;)&lt;/script&gt;');
    expect(pages[2]).toContain('&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt;');
    expect(pages[2]).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(pages[3]).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(reportPage).toContain('rejected');
    expect(id).toMatch(/^\d{8}-[0-9a-f]{12}$/);
  });

  it('every console page carries the CSP and the other security headers', async () => {
    const { cookie, csrf } = await signIn();
    const composed = await post('/admin/issues', { _csrf: csrf, list: 'default', text: ARTICLE }, cookie);
    const editor = composed.headers.get('location') as string;
    const paths = [
      '/admin/sign-in',
      '/admin/issues',
      '/admin/issues/new',
      editor,
      '/admin/lists',
      '/admin/lists/default',
      '/admin/subscribers',
      '/admin/subscribers/import',
      '/admin/subscribers/forget?email=a%40example.org',
      '/admin/subscriber?list=default&email=a%40example.org',
      '/admin/stats',
      '/admin/nowhere',
      '/admin/assets/console.js',
    ];
    for (const path of paths) {
      const answer = await get(path, cookie);
      const csp = answer.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(answer.headers.get('x-content-type-options'), path).toBe('nosniff');
      const body = await answer.text();
      if (path !== '/admin/assets/console.js')
        expect(body, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son\w+=/i);
    }
    // The email preview keeps the email's own inline styles, runs no script, and only the console may frame it.
    const preview = await get(`${editor}/preview/dark`, cookie);
    expect(preview.headers.get('content-security-policy')).toContain('sandbox');
    expect(preview.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(preview.headers.get('content-security-policy')).not.toContain('script-src');
  });

  it('throttles sign-in attempts per client address, and only that address', async () => {
    // Clients of their own, each on its own loopback address: the sign-ins of the tests above count against the
    // describe's client, so this one starts with the whole limit, and the bystander shows what it does not touch.
    const throttled = consoleClient(() => server.url);
    const bystander = consoleClient(() => server.url);
    expect(bystander.address).not.toBe(throttled.address);
    const { nonce, csrf: token } = await throttled.signInForm();
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_ATTEMPTS + 2; i++)
      statuses.push(
        (await throttled.post('/admin/sign-in', { _csrf: token, key: `wrong-key-${i}-0123456789` }, nonce))
          .status,
      );
    expect(statuses.filter((s) => s === 403).length).toBeGreaterThan(0);
    // Every attempt of the limit is heard (and refused for its wrong key); the ones past it are not.
    expect(statuses.slice(0, SIGN_IN_ATTEMPTS)).toEqual(Array(SIGN_IN_ATTEMPTS).fill(403));
    expect(statuses.slice(SIGN_IN_ATTEMPTS)).toEqual([429, 429]);
    expect(statuses.at(-1)).toBe(429);
    // Even the right key waits out the window.
    expect((await throttled.post('/admin/sign-in', { _csrf: token, key }, nonce)).status).toBe(429);
    // Another client address is not held back: it signs in with the same key at the same moment.
    const other = await bystander.signIn(key);
    expect(other.answer.status).toBe(303);
    expect((await bystander.get('/admin/issues', other.cookie ?? '')).status).toBe(200);
  });
});
