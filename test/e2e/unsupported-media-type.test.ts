/**
 * A body in a format a route does not read is a 415 Unsupported Media Type that names the formats it reads (in the
 * message and in `Accept-Post`), not a 400 that blames the content: `POST /subscribe` with `text/plain`, and every
 * other route that reads a body (preferences, the console's forms, the authenticated JSON routes). What the
 * contract says stays: JSON and forms get the 202 of `/subscribe`, and the one-click unsubscribe still takes any
 * Content-Type (RFC 8058 mail clients send what they send; the signed token is the authority). Against the built
 * `digest dev`, over real HTTP.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../functions/core/tokens.js';
import { runCli } from '../support/cli.js';
import { consoleClient } from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';

const SECRET = 'unsupported-media-type-test-secret-0123456789';
const ENV = { DIGEST_SECRET: SECRET };
const FORM_TYPES = 'application/json, application/x-www-form-urlencoded, multipart/form-data';

describe('a body in a format the route does not read', { timeout: 120_000 }, () => {
  let server: DevServer;
  let dataDir: string;
  let key: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-415-'));
    key = (await runCli(['keys', '--data-dir', dataDir], { env: ENV })).stdout.trim();
    const added = await runCli(
      ['subscribers', 'add', 'reader@example.org', '--confirmed', '--data-dir', dataDir],
      { env: ENV },
    );
    expect(added.code, added.stderr).toBe(0);
    server = await startDevServer(dataDir, ENV);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  const post = (path: string, type: string | null, body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...(type ? { 'content-type': type } : {}), ...headers },
      body,
    });
  const token = (purpose: 'preferences' | 'unsubscribe') =>
    signToken({ email: 'reader@example.org', list: 'default', purpose }, SECRET, new Date());

  it('POST /subscribe with text/plain is 415, naming the formats it reads, as a page or as JSON', async () => {
    const page = await post('/subscribe', 'text/plain', 'email=new@example.org');
    expect(page.status).toBe(415);
    expect(page.headers.get('accept-post')).toBe(FORM_TYPES);
    const text = await page.text();
    expect(text).toContain('a body of type text/plain is not read here');
    expect(text).toContain('send application/json, application/x-www-form-urlencoded or multipart/form-data');
    const json = await post('/subscribe', 'text/plain', '{"email":"new@example.org"}', {
      accept: 'application/json',
    });
    expect(json.status).toBe(415);
    expect(((await json.json()) as { error: string }).error).toContain('send application/json');
    // A body without any Content-Type is no format either.
    expect((await post('/subscribe', null, 'email=new@example.org')).status).toBe(415);
  });

  it('keeps the contract: JSON and forms get 202 on /subscribe', async () => {
    const json = await post('/subscribe', 'application/json', JSON.stringify({ email: 'json@example.org' }));
    expect(json.status).toBe(202);
    const form = await post('/subscribe', 'application/x-www-form-urlencoded', 'email=form%40example.org');
    expect(form.status).toBe(202);
    const multipart = new FormData();
    multipart.set('email', 'multi@example.org');
    const parts = await fetch(`${server.url}/subscribe`, { method: 'POST', body: multipart });
    expect(parts.status).toBe(202);
  });

  it('the other routes that read a body answer 415 the same way; the one-click unsubscribe takes any type', async () => {
    const preferences = await post(
      `/preferences?token=${token('preferences')}`,
      'text/plain',
      'timezone=UTC',
    );
    expect(preferences.status).toBe(415);
    expect(preferences.headers.get('accept-post')).toBe(FORM_TYPES);

    const auth = { authorization: `Bearer ${key}`, accept: 'application/json' };
    const articles = await post('/articles', 'text/plain', '{"urls":["https://example.org/a"]}', auth);
    expect(articles.status).toBe(415);
    expect(articles.headers.get('accept-post')).toBe('application/json');
    expect(((await articles.json()) as { error: string }).error).toContain('send application/json');
    const forward = await post('/issues/20261202-abcdefabcdef/forward', 'text/plain', '{"to":[]}', auth);
    expect(forward.status).toBe(415);
    // JSON is read as before (here it is refused for what it says, not for its format).
    const read = await post('/issues/20261202-abcdefabcdef/forward', 'application/json', '{"to":[]}', auth);
    expect([400, 404]).toContain(read.status);

    // The console's forms: urlencoded or multipart, else 415.
    const client = consoleClient(server.url);
    const { cookie } = await client.signIn(key);
    const console = await post('/admin/subscribers', 'text/plain', 'email=x@example.org', {
      cookie: cookie!,
    });
    expect(console.status).toBe(415);
    expect(console.headers.get('accept-post')).toBe('application/x-www-form-urlencoded, multipart/form-data');

    // RFC 8058: whatever the mail client sends, the one-click unsubscribe works.
    const unsubscribe = await post(
      `/unsubscribe?token=${token('unsubscribe')}`,
      'text/plain',
      'List-Unsubscribe=One-Click',
    );
    expect(unsubscribe.status).toBe(200);
  });
});
