/**
 * The admin console over HTTP, as a browser without script talks to it: GETs and form POSTs that never follow a
 * redirect (the tests read the 303s), the session cookie passed along by hand, and sign-in through the form with
 * its nonce cookie and CSRF token.
 *
 * Each client connects from a loopback address of its own (127.0.0.2, 127.0.0.3, …; on Linux all of 127.0.0.0/8
 * is loopback, and the server listens on 127.0.0.1), and the console throttles sign-in per client address
 * (10 attempts in 15 minutes, the address the socket came from; no header is trusted for it). So the sign-ins of
 * one client never count against another: a test that makes its own client starts with the whole limit whatever
 * ran before it on the same server, and a throttle test holds one client to the limit while another still signs
 * in. Make one client per test, or per describe block when its tests share a session.
 */
import { Agent, fetch } from 'undici';

const CSRF_RE = /name="_csrf" value="([^"]+)"/;
const SESSION_COOKIE = 'digest_admin=';

/** The CSRF token of the first form in a page, or '' when it has none. */
export function csrfOf(html: string): string {
  return CSRF_RE.exec(html)?.[1] ?? '';
}

/** The `name=value` part of a Set-Cookie line. */
function cookiePair(setCookie: string): string {
  return setCookie.split(';')[0] as string;
}

export interface SignInAnswer {
  answer: Response;
  /** The whole Set-Cookie line of the session, attributes included, or null when none was set. */
  setCookie: string | null;
  /** What to send back as the Cookie header (`digest_admin=…`), or null when no session was opened. */
  cookie: string | null;
}

export interface ConsoleClient {
  /** The loopback address this client's requests come from: the client address the console sees. */
  address: string;
  get(path: string, cookie?: string, accept?: string): Promise<Response>;
  post(path: string, form: Record<string, string>, cookie?: string): Promise<Response>;
  /** Opens the sign-in form: its nonce cookie and its CSRF token. */
  signInForm(): Promise<{ nonce: string; csrf: string }>;
  /** Posts `key` through the sign-in form. */
  signIn(key: string): Promise<SignInAnswer>;
}

/** The clients made so far in this test file's process: the next one takes the next loopback address. */
let clients = 0;

/** The n-th loopback address after 127.0.0.1: 127.0.0.2, …, 127.0.0.255, 127.0.1.0, … */
function loopbackAddress(n: number): string {
  const host = n + 1;
  if (host >= 2 ** 24 - 1) throw new Error('out of loopback addresses');
  return `127.${(host >> 16) & 255}.${(host >> 8) & 255}.${host & 255}`;
}

/**
 * A client of the console at `origin` (a function when the server starts after the client is made), on a
 * loopback address no other client of this process has.
 */
export function consoleClient(origin: string | (() => string)): ConsoleClient {
  const address = loopbackAddress(++clients);
  // The address is the socket's (undici's Client `localAddress`; its `connect.localAddress` is overridden by it).
  const dispatcher = new Agent({ localAddress: address });
  const url = (path: string) => `${typeof origin === 'string' ? origin : origin()}${path}`;
  const get: ConsoleClient['get'] = (path, cookie, accept = 'text/html') =>
    fetch(url(path), { dispatcher, redirect: 'manual', headers: { accept, ...(cookie ? { cookie } : {}) } });
  const post: ConsoleClient['post'] = (path, form, cookie) =>
    fetch(url(path), {
      dispatcher,
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(form).toString(),
    });
  const signInForm: ConsoleClient['signInForm'] = async () => {
    const form = await get('/admin/sign-in');
    return { nonce: cookiePair(form.headers.get('set-cookie') ?? ''), csrf: csrfOf(await form.text()) };
  };
  const signIn: ConsoleClient['signIn'] = async (key) => {
    const { nonce, csrf } = await signInForm();
    const answer = await post('/admin/sign-in', { _csrf: csrf, key }, nonce);
    const setCookie = answer.headers.getSetCookie().find((c) => c.startsWith(SESSION_COOKIE)) ?? null;
    return { answer, setCookie, cookie: setCookie === null ? null : cookiePair(setCookie) };
  };
  return { address, get, post, signInForm, signIn };
}

/** What `/admin/subscribers/import/<id>.json` answers: the state of an import the console runs. */
export interface ImportState {
  status: string;
  done: number;
  total: number;
  finished: boolean;
  text: string;
}

/**
 * Uploads a CSV through the console's form (`text` pasted, as urlencoded): answered with a redirect to the import's
 * page, which asks for confirmation (nothing is written or sent yet). Returns that page's path and its HTML.
 */
export async function uploadThroughConsole(
  client: ConsoleClient,
  cookie: string,
  form: { _csrf: string; list: string; text: string; confirmed?: '1' },
): Promise<{ page: string; html: string }> {
  const started = await client.post('/admin/subscribers/import', form, cookie);
  if (started.status !== 303) throw new Error(`the upload was not taken: ${started.status}`);
  const page = started.headers.get('location') as string;
  return { page, html: await (await client.get(page, cookie)).text() };
}

/** Follows an import's state until it has finished (`digest dev` runs it after the answer); its last state and page. */
export async function followImport(
  client: ConsoleClient,
  cookie: string,
  page: string,
): Promise<{ state: ImportState; report: string }> {
  // Bounded: an import of a few hundred rows finishes long before this many polls.
  for (let poll = 0; poll < 600; poll++) {
    const state = (await (
      await client.get(`${page}.json`, cookie, 'application/json')
    ).json()) as ImportState;
    if (state.finished) return { state, report: await (await client.get(page, cookie)).text() };
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`the import at ${page} did not finish`);
}

/**
 * Imports a CSV through the console as an editor does: the upload, then Confirm on its page (with the same consent
 * choice), then its state followed until it has finished. Returns the last state, the report page, and the confirm
 * page that came before.
 */
export async function importThroughConsole(
  client: ConsoleClient,
  cookie: string,
  form: { _csrf: string; list: string; text: string; confirmed?: '1' },
): Promise<{ state: ImportState; report: string; confirmPage: string }> {
  const { page, html } = await uploadThroughConsole(client, cookie, form);
  const confirmed = await client.post(
    `${page}/confirm`,
    { _csrf: form._csrf, ...(form.confirmed ? { confirmed: form.confirmed } : {}) },
    cookie,
  );
  if (confirmed.status !== 303) throw new Error(`the import was not confirmed: ${confirmed.status}`);
  return { ...(await followImport(client, cookie, page)), confirmPage: html };
}
