/**
 * The console's subscriber pages over HTTP against `digest dev` (dynalite on its data dir): searching a list
 * larger than a page, page by page in both directions, and an import's progress counted in CSV records.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_PAGE } from '../../functions/admin/pages-subscribers.js';
import { runCli } from '../support/cli.js';
import { consoleClient, csrfOf, importThroughConsole } from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { outboxFiles } from '../support/outbox.js';

const SECRET = 'admin-subscribers-test-secret-0123456789';

describe('the console subscriber pages', () => {
  let server: DevServer;
  let dataDir: string;
  let cookie: string;
  let csrf: string;
  const client = consoleClient(() => server.url);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-admin-subscribers-'));
    const key = (
      await runCli(['keys', '--data-dir', dataDir], { env: { DIGEST_SECRET: SECRET } })
    ).stdout.trim();
    server = await startDevServer(dataDir, { DIGEST_SECRET: SECRET });
    cookie = (await client.signIn(key)).cookie ?? '';
    csrf = csrfOf(await (await client.get('/admin/subscribers/import', cookie)).text());
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function createList(id: string): Promise<void> {
    const created = await client.post('/admin/lists', { _csrf: csrf, id, title: id }, cookie);
    expect(created.status).toBe(303);
  }

  /** The addresses a search page lists, and its links to the pages before and after it. */
  async function searchPage(path: string) {
    const answer = await client.get(path, cookie);
    expect(answer.status, path).toBe(200);
    const html = await answer.text();
    const link = (rel: string) => {
      const href = new RegExp(`<a [^>]*rel="${rel}"[^>]*href="([^"]+)"`).exec(html)?.[1];
      return href === undefined ? null : href.replaceAll('&amp;', '&');
    };
    const emails = [...html.matchAll(/<tr><td>([^<]+)<\/td>/g)].map((m) => m[1] as string);
    return { emails, previous: link('prev'), next: link('next'), html };
  }

  it('a search larger than a page is paged through, both ways, every match once, keeping the search', async () => {
    await createList('paging');
    // Two full pages of matches and a partial one, among addresses that do not match (another domain, or
    // pending), shuffled so that the file's order is not the list's.
    const matches = Array.from(
      { length: 2 * SEARCH_PAGE + 7 },
      (_, i) => `reader${String(i).padStart(4, '0')}@harbour.example`,
    );
    const others = [
      ...Array.from({ length: 40 }, (_, i) => `reader${String(i).padStart(4, '0')}@ferry.example,confirmed`),
      ...Array.from({ length: 30 }, (_, i) => `reader${String(i).padStart(4, '0')}x@harbour.example,pending`),
    ];
    const rows = [...matches.map((m) => `${m},confirmed`), ...others].sort((a, b) =>
      a.split('').reverse().join('') < b.split('').reverse().join('') ? -1 : 1,
    );
    const { report } = await importThroughConsole(client, cookie, {
      _csrf: csrf,
      list: 'paging',
      text: `email,status\n${rows.join('\n')}\n`,
    });
    expect(report).toContain(`Imported ${rows.length} of ${rows.length} rows`);

    const first = '/admin/subscribers?list=paging&q=%40HARBOUR&status=confirmed';
    const forward: string[][] = [];
    const visited: string[] = [];
    for (let path: string | null = first; path !== null && visited.length < 10; ) {
      const page = await searchPage(path);
      visited.push(path);
      forward.push(page.emails);
      if (page.next) {
        // The search goes along: list, address and status.
        const params = new URL(page.next, server.url).searchParams;
        expect([params.get('list'), params.get('q'), params.get('status')]).toEqual([
          'paging',
          '@HARBOUR',
          'confirmed',
        ]);
      }
      expect(page.previous === null).toBe(path === first);
      path = page.next;
    }
    expect(forward.map((p) => p.length)).toEqual([SEARCH_PAGE, SEARCH_PAGE, 7]);
    expect(forward.flat()).toEqual(matches);

    // Back from the last page: the same pages, the first one without a link further back.
    const backward: string[][] = [];
    let last = await searchPage(visited.at(-1) as string);
    for (let n = 0; last.previous !== null && n < 10; n++) {
      last = await searchPage(last.previous);
      backward.unshift(last.emails);
    }
    expect(backward).toEqual(forward.slice(0, -1));

    // A page's address is its own: loaded again (a reload, a bookmark), it shows the same records.
    expect((await searchPage(visited[1] as string)).emails).toEqual(forward[1]);
    // The whole list, unfiltered, is paged too.
    const all = await searchPage('/admin/subscribers?list=paging');
    expect(all.emails).toHaveLength(SEARCH_PAGE);
    expect(all.next).not.toBeNull();
  });

  it('"Add a subscriber" names the list it adds to, before and after, and the address it added', async () => {
    await createList('quayside');
    await createList('ferries');
    // The add form adds to the page's list, whatever the search form's list menu was changed to since: it says which.
    const page = await (await client.get('/admin/subscribers?list=quayside', cookie)).text();
    expect(page).toContain('<h2 id="add-h">Add a subscriber to quayside</h2>');
    const add = () =>
      client.post(
        '/admin/subscribers',
        { _csrf: csrf, list: 'quayside', email: ' Gwen@Example.org ', confirmed: '1' },
        cookie,
      );
    const added = await (await add()).text();
    expect(added).toContain('Added Gwen@example.org to quayside (quayside) as confirmed.');
    const again = await (await add()).text();
    expect(again).toContain(
      'Gwen@example.org is already a confirmed subscriber of quayside (quayside): nothing changed.',
    );
    const ferries = await (await client.get('/admin/subscribers?list=ferries', cookie)).text();
    expect(ferries.toLowerCase()).not.toContain('gwen@example.org');
  });

  it('a page link that was tampered with is refused, and the first page is shown', async () => {
    const page = await client.get('/admin/subscribers?after=not%20a%20cursor', cookie);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('The page link is not valid');
  });

  it('an import counts its progress in CSV records: a quoted line break in a cell starts no row', async () => {
    await createList('notes');
    // Each address comes with a postal address written over several lines (LF and CRLF) in a quoted cell.
    const rows = Array.from(
      { length: 7 },
      (_, i) => `resident${i}@example.org,"Flat ${i}\nHarbour Road ${i}\r\nPort Town"`,
    );
    const text = `email,notes\n${rows.join('\n')}\nnot-an-address,"refused\nover two lines"\n`;
    const { state, report } = await importThroughConsole(client, cookie, {
      _csrf: csrf,
      list: 'notes',
      text,
      confirmed: '1',
    });
    // Eight records: seven written, one refused; the bar ends full.
    expect(state).toMatchObject({ finished: true, total: 8, done: 8 });
    expect(report).toContain('Imported 7 of 8 rows');
  });

  it('an import names the rows the rate limit kept from the opt-in mail, and says how to send it', async () => {
    await createList('letters');
    await createList('ferry-news');
    const before = outboxFiles(dataDir).length;
    // Jane asked for another list a moment ago (the add form sends the confirmation mail): the next one must wait.
    const added = await client.post(
      '/admin/subscribers',
      { _csrf: csrf, list: 'ferry-news', email: 'jane@example.org' },
      cookie,
    );
    expect(added.status).toBe(200);
    expect(outboxFiles(dataDir)).toHaveLength(before + 1);

    const { report } = await importThroughConsole(client, cookie, {
      _csrf: csrf,
      list: 'letters',
      text: 'email\nnew@example.org\njane@example.org\n',
    });
    // Both written (pending), one mail: the new reader's.
    expect(outboxFiles(dataDir)).toHaveLength(before + 2);
    expect(report).toContain('Imported 2 of 2 rows');
    const text = report.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toMatch(/Sent the opt-in mail to 1 row\b/);
    expect(text).toMatch(/1 row was not sent the opt-in mail/);
    expect(text).toMatch(/nothing sends it later/i);
    // Which row, and what the editor can do about it: the console's add form (which sends the mail), after 10 minutes.
    expect(text).toMatch(/\b3 jane@example\.org\b/);
    expect(text).toMatch(/after 10 minutes/);
    expect(report).toMatch(
      /<a [^>]*href="\/admin\/subscribers\?list=letters#a-email"[^>]*>Add a subscriber<\/a>/,
    );
  });
});
