/**
 * Console sessions and the key set, over HTTP against `digest dev`: every key `digest keys` made signs
 * in (named ones too), and a session lasts only while the key it was opened with does: rotating that
 * key with `digest keys --rotate` sends its sessions to sign-in at the next request, and leaves the
 * sessions of the other keys alone. Signing out ends the session on the server: a copy of its cookie
 * is refused afterwards, also by another `digest dev` on the same data dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { consoleClient, csrfOf } from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';

const SECRET = 'admin-key-sessions-secret-0123456789';
const ENV = { DIGEST_SECRET: SECRET, DIGEST_BASE_URL: '', DIGEST_DATA_DIR: '' };

let dataDir: string;
let server: DevServer;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-admin-keys-'));
  server = await startDevServer(dataDir, ENV);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const keys = async (...args: string[]) => {
  const run = await runCli(['keys', '--data-dir', dataDir, ...args], { env: ENV });
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.trim();
};
/**
 * A client of the server, on a loopback address of its own (each test makes one, so that the sign-ins of one test
 * never count against another's under the console's sign-in throttle), whose `signIn(key)` answers with the
 * session cookie, or null with the status of the refusal.
 */
function sessionClient() {
  const client = consoleClient(() => server.url);
  const signIn = async (key: string): Promise<{ status: number; cookie: string | null }> => {
    const { answer, cookie } = await client.signIn(key);
    return { status: answer.status, cookie };
  };
  return { get: client.get, post: client.post, signIn };
}

describe('console sessions and the key set', { timeout: 120_000 }, () => {
  it('a named key signs in; rotating it ends its sessions at the next request, and only its own', async () => {
    const { get, post, signIn } = sessionClient();
    const editorKey = await keys();
    const deskKey = await keys('--name', 'night desk');

    const editor = await signIn(editorKey);
    const desk = await signIn(deskKey);
    expect(desk.status).toBe(303);
    expect(desk.cookie).not.toBeNull();
    expect(editor.cookie).not.toBeNull();
    const page = await get('/admin/issues', desk.cookie!);
    expect(page.status).toBe(200);
    // The console names the key that signed in.
    expect(await page.text()).toContain('night desk');
    const csrf = csrfOf(await (await get('/admin/subscribers', desk.cookie!)).text());

    const rotated = await keys('--rotate', '--name', 'night desk');
    expect(rotated).not.toBe(deskKey);

    // The very next request of the rotated key's session goes to sign-in, and the cookie is cleared.
    const after = await get('/admin/issues', desk.cookie!);
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/admin/sign-in');
    expect(after.headers.getSetCookie().some((c) => /^digest_admin=;.*Max-Age=0/.test(c))).toBe(true);
    expect((await get('/admin/issues', desk.cookie!, 'application/json')).status).toBe(401);
    // A form of that session, with its own CSRF token, changes nothing.
    const write = await post(
      '/admin/subscribers',
      { _csrf: csrf, list: 'default', email: 'late@example.org', confirmed: '1' },
      desk.cookie!,
    );
    expect(write.status).toBe(401);
    const list = await runCli(['subscribers', 'list', '--json', '--data-dir', dataDir], { env: ENV });
    expect(list.stdout).not.toContain('late@example.org');

    // The other key's session goes on; the old key no longer signs in, the new one does.
    expect((await get('/admin/issues', editor.cookie!)).status).toBe(200);
    expect((await signIn(deskKey)).status).toBe(403);
    const again = await signIn(rotated);
    expect(again.status).toBe(303);
    expect((await get('/admin/issues', again.cookie!)).status).toBe(200);
  });

  it('signing out ends the session: a copy of its cookie is refused on a page and on a form, here and in another `digest dev`', async () => {
    const { get, post, signIn } = sessionClient();
    const key = await keys('--name', 'harbour desk');
    const { cookie } = await signIn(key);
    expect(cookie).not.toBeNull();
    // What a shared computer or a proxy log keeps: the cookie, and a form's CSRF token of the session.
    const copy = cookie!;
    const page = await get('/admin/subscribers', copy);
    expect(page.status).toBe(200);
    const csrf = csrfOf(await page.text());
    const other = await signIn(key);

    const out = await post('/admin/sign-out', { _csrf: csrf }, cookie!);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/admin/sign-in');
    expect(out.headers.getSetCookie().some((c) => /^digest_admin=;.*Max-Age=0/.test(c))).toBe(true);

    const replayed = await get('/admin/issues', copy);
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('location')).toBe('/admin/sign-in');
    expect((await get('/admin/issues', copy, 'application/json')).status).toBe(401);
    const write = await post(
      '/admin/subscribers',
      { _csrf: csrf, list: 'default', email: 'after-sign-out@example.org', confirmed: '1' },
      copy,
    );
    expect(write.status).toBe(401);
    const list = await runCli(['subscribers', 'list', '--json', '--data-dir', dataDir], { env: ENV });
    expect(list.stdout).not.toContain('after-sign-out@example.org');
    // Only that session ended: another one of the same key goes on.
    expect((await get('/admin/issues', other.cookie!)).status).toBe(200);

    // The end is recorded in the data dir, not in the server's memory: another server refuses the copy too.
    const second = await startDevServer(dataDir, ENV);
    try {
      const elsewhere = consoleClient(second.url);
      expect((await elsewhere.get('/admin/issues', copy)).status).toBe(303);
      expect((await elsewhere.get('/admin/issues', other.cookie!)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});
