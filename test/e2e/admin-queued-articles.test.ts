/**
 * A list's queued articles in the console, against the built `digest dev` over real HTTP (dynalite on its data dir),
 * the articles queued with `digest sources queue`:
 * - the list's page shows each queued article with a Remove button (a form that posts the session's CSRF token);
 * - Remove takes it off the queue as `digest sources remove URL` does (the same matching of the URL to the stored
 *   one), says so, and the CLI no longer lists it; an article that is not queued on that list is refused, naming it;
 * - a post without the CSRF token removes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { consoleClient, csrfOf } from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';

const SECRET = 'admin-queued-articles-test-secret-0123456789';
const ENV = { DIGEST_SECRET: SECRET };
const FERRY = 'https://news.example.org/harbour/ferry-timetable';
const TRAM = 'https://news.example.org/city/tram-line';
const ELSEWHERE = 'https://news.example.org/city/market';

/** The page's text, without tags, one space between words. */
const textOf = (page: string) =>
  page
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

/** The fields of the form of the page that posts `url` to `action`. */
function removeForm(page: string, action: string, url: string): Record<string, string> | null {
  for (const m of page.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)) {
    if (m[1] !== action) continue;
    const fields = Object.fromEntries(
      [...(m[2] as string).matchAll(/type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((f) => [
        f[1],
        f[2],
      ]),
    );
    if (fields.url === url) return fields;
  }
  return null;
}

describe('removing a queued article in the console', { timeout: 180_000 }, () => {
  let server: DevServer;
  let dataDir: string;
  let cookie: string;
  const client = consoleClient(() => server.url);
  const cli = (args: string[]) => runCli([...args, '--data-dir', dataDir], { env: ENV });
  const queuedOf = async (list: string) =>
    (
      JSON.parse((await cli(['sources', 'list', '--list', list, '--json'])).stdout) as {
        queued: { url: string }[];
      }
    ).queued.map((q) => q.url);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-admin-queued-'));
    const key = (await cli(['keys'])).stdout.trim();
    expect((await cli(['lists', 'create', 'quay', '--title', 'The Quay'])).code).toBe(0);
    const queued = await cli(['sources', 'queue', FERRY, TRAM, '--list', 'quay']);
    expect(queued.code, queued.stderr).toBe(0);
    expect((await cli(['sources', 'queue', ELSEWHERE])).code).toBe(0);
    server = await startDevServer(dataDir, ENV);
    cookie = (await client.signIn(key)).cookie ?? '';
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists each queued article with a Remove form that carries the CSRF token', async () => {
    const page = await (await client.get('/admin/lists/quay', cookie)).text();
    expect(textOf(page)).toContain('Queued articles');
    for (const url of [FERRY, TRAM]) {
      const form = removeForm(page, '/admin/lists/quay/queue/remove', url);
      expect(form, `a Remove form for ${url}`).not.toBeNull();
      expect(form?._csrf).toBe(csrfOf(page));
    }
    expect(page).toContain(`aria-label="Remove the queued article ${FERRY}"`);
    // another list's queued article is not on this list's page
    expect(page).not.toContain(ELSEWHERE);
  });

  it('Remove takes the article off the queue as `digest sources remove` does, and says so', async () => {
    const page = await (await client.get('/admin/lists/quay', cookie)).text();
    // without the session's CSRF token: refused, nothing removed
    const forged = await client.post('/admin/lists/quay/queue/remove', { url: FERRY }, cookie);
    expect(forged.status).toBe(403);
    expect(await queuedOf('quay')).toEqual(expect.arrayContaining([FERRY, TRAM]));

    const removed = await client.post(
      '/admin/lists/quay/queue/remove',
      removeForm(page, '/admin/lists/quay/queue/remove', FERRY)!,
      cookie,
    );
    expect(removed.status).toBe(200);
    const after = await removed.text();
    expect(textOf(after)).toContain(
      `Removed queued article ${FERRY} from quay: the next briefing does not read it.`,
    );
    expect(removeForm(after, '/admin/lists/quay/queue/remove', FERRY)).toBeNull();
    expect(removeForm(after, '/admin/lists/quay/queue/remove', TRAM)).not.toBeNull();
    expect(await queuedOf('quay')).toEqual([TRAM]);

    // The second click of the same button (or a URL never queued): refused, naming it, nothing else changes.
    const again = await client.post(
      '/admin/lists/quay/queue/remove',
      { _csrf: csrfOf(page), url: FERRY },
      cookie,
    );
    expect(again.status).toBe(404);
    expect(textOf(await again.text())).toContain(`${FERRY} is not a queued article of quay.`);
    // Another list's queued article is not this list's to remove.
    const other = await client.post(
      '/admin/lists/quay/queue/remove',
      { _csrf: csrfOf(page), url: ELSEWHERE },
      cookie,
    );
    expect(other.status).toBe(404);
    expect(await queuedOf('default')).toEqual([ELSEWHERE]);
    expect(await queuedOf('quay')).toEqual([TRAM]);
  });

  it('matches the URL as the CLI does (the stored, normalised form), and says when nothing is left', async () => {
    const page = await (await client.get('/admin/lists/quay', cookie)).text();
    const typed = TRAM.replace('news.example.org', 'NEWS.Example.org');
    const removed = await client.post(
      '/admin/lists/quay/queue/remove',
      { _csrf: csrfOf(page), url: typed },
      cookie,
    );
    expect(removed.status).toBe(200);
    const after = textOf(await removed.text());
    expect(after).toContain(`Removed queued article ${TRAM} from quay`);
    expect(after).toContain('No article is queued for the next briefing.');
    expect(await queuedOf('quay')).toEqual([]);
  });
});
