/**
 * What the console tells an editor, against the built `digest dev` over real HTTP (dynalite and the outbox on its
 * data dir, a local feed server for a list's feed):
 * - a list's Confirmed count is its mailable readers, the suppressed ones counted apart, on the Lists page, the
 *   list's page and Send now ("Send to N confirmed subscribers"), which refuses a list whose only readers are
 *   suppressed; the count is what the send really delivers;
 * - "Compose from the sources" on a list without any says so and how to add one, and the list's page adds and
 *   removes feeds as `digest sources add|remove` does (a URL that is no feed is refused, as the CLI refuses it);
 * - "Add a subscriber" without "consent was collected elsewhere" says what happened: the mail went, the address is
 *   suppressed (nothing written, no mail), it had a mail lately (none now), or it is already confirmed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { consoleClient, csrfOf } from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';
import { outboxFiles } from '../support/outbox.js';

const SECRET = 'admin-counts-messages-test-secret-0123456789';
const ENV = { DIGEST_SECRET: SECRET, DIGEST_ALLOW_LOOPBACK: '1' };
const ARTICLE = readFileSync(join(REPO_ROOT, 'test/fixtures/articles/ferry-timetable.txt'), 'utf8');

/** The page's text, without tags, one space between words. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/\s+/g, ' ');

describe('what the console tells an editor', { timeout: 180_000 }, () => {
  let server: DevServer;
  let feeds: FeedServer;
  let dataDir: string;
  let cookie: string;
  let csrf: string;
  const client = consoleClient(() => server.url);
  const cli = (args: string[]) => runCli([...args, '--data-dir', dataDir], { env: ENV });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-admin-messages-'));
    feeds = await startFeedServer();
    const key = (await cli(['keys'])).stdout.trim();
    for (const [id, title] of [
      ['quay', 'The Quay'],
      ['ghost', 'The Ghost Pier'],
      ['bare', 'The Bare Dock'],
    ] as const) {
      const created = await cli(['lists', 'create', id, '--title', title]);
      expect(created.code, created.stderr).toBe(0);
    }
    // Four confirmed readers of the quay, two of whom hard-bounced or complained; the ghost pier's only two readers
    // are suppressed too.
    const csv = join(dataDir, 'readers.csv');
    writeFileSync(
      csv,
      [
        'email,status,suppressed',
        'ann@example.org,confirmed,no',
        'bo@example.org,confirmed,no',
        'cy@example.org,confirmed,bounce',
        'dee@example.org,confirmed,complaint',
      ].join('\n'),
    );
    expect((await cli(['subscribers', 'import', csv, '--list', 'quay'])).code).toBe(0);
    writeFileSync(
      csv,
      'email,status,suppressed\ngil@example.org,confirmed,bounce\nhal@example.org,confirmed,complaint\n',
    );
    expect((await cli(['subscribers', 'import', csv, '--list', 'ghost'])).code).toBe(0);
    server = await startDevServer(dataDir, ENV);
    cookie = (await client.signIn(key)).cookie ?? '';
    csrf = csrfOf(await (await client.get('/admin/issues/new', cookie)).text());
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await feeds?.close();
  });

  async function compose(list: string): Promise<string> {
    const composed = await client.post('/admin/issues', { _csrf: csrf, list, text: ARTICLE }, cookie);
    expect(composed.status).toBe(303);
    return composed.headers.get('location') as string;
  }

  /** The hidden fields of the page's form that posts to a path ending in `/action`. */
  function formFields(page: string, action: string): Record<string, string> {
    const form = [...page.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].find((m) =>
      (m[1] as string).endsWith(`/${action}`),
    );
    expect(form, `a form posting to …/${action}`).toBeDefined();
    return Object.fromEntries(
      [...(form![2] as string).matchAll(/type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
  }

  it('counts only mailable readers as confirmed, the suppressed apart, on every page and in Send now', async () => {
    const lists = textOf(await (await client.get('/admin/lists', cookie)).text());
    expect(lists).toContain('Confirmed Suppressed Pending Unsubscribed');
    expect(lists).toMatch(/The Quay quay 2 2 0 0/);
    expect(lists).toMatch(/The Ghost Pier ghost 0 2 0 0/);
    const quay = textOf(await (await client.get('/admin/lists/quay', cookie)).text());
    expect(quay).toMatch(/confirmed 2 suppressed 2 pending 0 unsubscribed 0/);

    // Send now asks about the same two, and says the other two are left out.
    const editor = await compose('quay');
    const page = await (await client.get(editor, cookie)).text();
    expect(textOf(page)).toContain('Send to 2 confirmed subscribers of The Quay (quay)?');
    expect(textOf(page)).toContain('2 suppressed addresses are left out');
    const before = outboxFiles(dataDir).length;
    const sent = await client.post(`${editor}/send`, formFields(page, 'send'), cookie);
    expect(sent.status).toBe(303);
    for (let i = 0; i < 200 && outboxFiles(dataDir).length < before + 2; i++)
      await new Promise((ok) => setTimeout(ok, 100));
    await new Promise((ok) => setTimeout(ok, 500));
    expect(outboxFiles(dataDir)).toHaveLength(before + 2);

    // A list whose only readers are suppressed has no mailable subscriber: the button is disabled, a send refused.
    const ghost = await compose('ghost');
    const ghostPage = await (await client.get(ghost, cookie)).text();
    expect(textOf(ghostPage)).toContain(
      'The list The Ghost Pier (ghost) has no confirmed subscriber who can be mailed: all 2 of its confirmed addresses are suppressed',
    );
    expect(ghostPage).toMatch(/<button type="submit" aria-describedby="send-q" disabled>/);
    const refused = await client.post(`${ghost}/send`, formFields(ghostPage, 'send'), cookie);
    expect(refused.status).toBe(422);
    expect(textOf(await refused.text())).toContain(
      'the list "ghost" has no confirmed subscriber who can be mailed: all 2 of its confirmed addresses are suppressed',
    );
    expect(outboxFiles(dataDir)).toHaveLength(before + 2);
  });

  it('"Compose from the sources" on a list without sources says so and how to add one; the list page adds a feed', async () => {
    const composePage = await (await client.get('/admin/issues/new?list=bare', cookie)).text();
    expect(composePage).toContain('<a href="/admin/lists/bare#sources">Sources on its page</a>');
    const refused = await client.post(
      '/admin/issues',
      { _csrf: csrf, list: 'bare', from: 'sources' },
      cookie,
    );
    expect(refused.status).toBe(422);
    const said = textOf(await refused.text());
    expect(said).toContain('The list "bare" has no sources: no feed and no queued article');
    expect(said).toContain('Add a feed under "Sources" on the list\'s page in the console');
    expect(said).toContain('digest sources add URL --list bare');
    expect(said).not.toContain('0 items read');

    // The list's page: no feeds yet; a feed added there is the list's feed for the CLI too.
    const listPage = await (await client.get('/admin/lists/bare', cookie)).text();
    expect(listPage).toContain('id="sources"');
    expect(textOf(listPage)).toContain('This list has no feeds yet.');
    const bad = await client.post('/admin/lists/bare/sources', { _csrf: csrf, url: 'ftp://x' }, cookie);
    expect(bad.status).toBe(422);
    // A user name and password would be printed in every mail: refused, read or not, the password not repeated.
    const credentials = await client.post(
      '/admin/lists/bare/sources',
      { _csrf: csrf, url: 'https://editor:s3cret@news.example.org/feed.rss', nocheck: '1' },
      cookie,
    );
    expect(credentials.status).toBe(422);
    const credentialsText = textOf(await credentials.text());
    expect(credentialsText).toContain(
      'Not added: credentials in a URL are not accepted (a user name or password before the host): https://***@news.example.org/feed.rss',
    );
    expect(credentialsText).not.toContain('s3cret');
    // A web page is no feed: read first, as `digest sources add` reads it, and refused.
    const page = feeds.feed('not-a-feed.html');
    const notFeed = await client.post('/admin/lists/bare/sources', { _csrf: csrf, url: page }, cookie);
    expect(notFeed.status).toBe(422);
    expect(textOf(await notFeed.text())).toContain(`Not added: ${page} is not an RSS or Atom feed`);
    expect((await cli(['sources', 'list', '--list', 'bare'])).stdout).not.toContain(page);
    const feed = feeds.feed('courier.rss');
    const added = await client.post('/admin/lists/bare/sources', { _csrf: csrf, url: feed }, cookie);
    expect(added.status).toBe(200);
    expect(textOf(await added.text())).toContain(`Added the feed ${feed}`);
    expect((await cli(['sources', 'list', '--list', 'bare'])).stdout).toContain(feed);
    // Now it reads the feed: whatever it finds, it no longer says the list has no sources.
    const composed = await client.post(
      '/admin/issues',
      { _csrf: csrf, list: 'bare', from: 'sources' },
      cookie,
    );
    if (composed.status !== 303) expect(textOf(await composed.text())).not.toContain('has no sources');
    expect(feeds.hits('/feeds/courier.rss')).toBeGreaterThan(0);
    const removed = await client.post('/admin/lists/bare/sources/remove', { _csrf: csrf, url: feed }, cookie);
    expect(removed.status).toBe(200);
    expect((await cli(['sources', 'list', '--list', 'bare'])).stdout).not.toContain(feed);
  });

  it('the add-feed form keeps what was typed; "Add without reading it first" is --no-check; a known feed is not read again', async () => {
    const add = (fields: Record<string, string>) =>
      client.post('/admin/lists/quay/sources', { _csrf: csrf, ...fields }, cookie);
    const urlField = (page: string) => /id="feed-url"[^>]* value="([^"]*)"/.exec(page)?.[1];
    const boxTicked = (page: string) => /id="feed-nocheck"[^>]* checked/.test(page);
    const listed = async () => (await cli(['sources', 'list', '--list', 'quay'])).stdout;

    // A web page: refused with what it is, the URL kept in the form to be corrected.
    const page = feeds.feed('not-a-feed.html');
    const notFeed = await add({ url: page });
    expect(notFeed.status).toBe(422);
    const notFeedPage = await notFeed.text();
    expect(textOf(notFeedPage)).toContain(
      `Not added: ${page} is not an RSS or Atom feed: it answers with a web page (text/html)`,
    );
    expect(urlField(notFeedPage)).toBe(page);

    // A feed that is down right now: refused with the fetch error and the way to add it anyway.
    feeds.set('/feeds/harbour-watch.rss', { status: 503, body: 'down for maintenance' });
    const down = feeds.feed('harbour-watch.rss');
    const refused = await add({ url: down });
    expect(refused.status).toBe(422);
    const refusedPage = await refused.text();
    expect(textOf(refusedPage)).toContain(
      `Not added: could not fetch feed: ${down} returned 503 Service Unavailable.`,
    );
    expect(textOf(refusedPage)).toContain(
      'To add a feed that is down right now, tick "Add without reading it first".',
    );
    expect(urlField(refusedPage)).toBe(down);
    expect(boxTicked(refusedPage)).toBe(false);
    expect(await listed()).not.toContain(down);

    // Ticked, it is added without being read, as `digest sources add --no-check` adds it.
    const hits = feeds.hits('/feeds/harbour-watch.rss');
    const added = await add({ url: down, nocheck: '1' });
    expect(added.status).toBe(200);
    expect(textOf(await added.text())).toContain(`Added the feed ${down}`);
    expect(feeds.hits('/feeds/harbour-watch.rss')).toBe(hits);
    expect(await listed()).toContain(down);

    // Added again while still down: it is a feed of the list already, not read and not refused (as the CLI).
    const again = await add({ url: down });
    expect(again.status).toBe(200);
    expect(textOf(await again.text())).toContain(`${down} is already a feed of this list.`);
    expect(feeds.hits('/feeds/harbour-watch.rss')).toBe(hits);

    // A #fragment is no part of a feed's address (as `digest sources add`): the feed is known without it, and a new
    // one is stored without it; removing it with the fragment finds it.
    const withFragment = await add({ url: `${down}#latest`, nocheck: '1' });
    expect(textOf(await withFragment.text())).toContain(
      `${down} is already a feed of this list (without the #fragment of ${down}#latest: a feed is fetched without it).`,
    );
    const port = feeds.feed('port.atom');
    expect(textOf(await (await add({ url: `${port}#top` })).text())).toContain(
      `Added the feed ${port} (without`,
    );
    expect(await listed()).not.toContain('#top');
    const gone = await client.post(
      '/admin/lists/quay/sources/remove',
      { _csrf: csrf, url: `${port}#top` },
      cookie,
    );
    expect(gone.status).toBe(200);
    expect(await listed()).not.toContain(port);

    // A refused form keeps the box as ticked.
    const badUrl = await add({ url: 'ftp://harbour.example/feed', nocheck: '1' });
    expect(badUrl.status).toBe(422);
    const badPage = await badUrl.text();
    expect(urlField(badPage)).toBe('ftp://harbour.example/feed');
    expect(boxTicked(badPage)).toBe(true);
  });

  it('"Add a subscriber" without consent says what happened: sent, suppressed, held back, or already confirmed', async () => {
    const add = (email: string, list = 'bare') =>
      client.post('/admin/subscribers', { _csrf: csrf, list, email }, cookie);
    let mails = outboxFiles(dataDir).length;

    // A suppressed address: nothing written, no mail, and the page says so (it used to promise a mail).
    const suppressed = await add('cy@example.org');
    expect(suppressed.status).toBe(409);
    const suppressedText = textOf(await suppressed.text());
    expect(suppressedText).toContain(
      'Not added, and no mail went out: cy@example.org is suppressed (it hard-bounced or complained)',
    );
    expect(suppressedText).not.toContain('on its way');
    expect(outboxFiles(dataDir)).toHaveLength(mails);
    const listed = JSON.parse((await cli(['subscribers', 'list', '--json', '--list', 'bare'])).stdout);
    expect(listed).toEqual([]);

    // A new address: the mail went.
    const fresh = await add('eve@example.org');
    expect(fresh.status).toBe(200);
    expect(textOf(await fresh.text())).toContain('A confirmation mail went to eve@example.org.');
    expect(outboxFiles(dataDir)).toHaveLength(++mails);

    // The same address on another list a moment later: pending, but no mail (one per address every 10 minutes).
    const again = await add('eve@example.org', 'quay');
    expect(again.status).toBe(200);
    const againText = textOf(await again.text());
    expect(againText).toContain('No confirmation mail went to eve@example.org');
    expect(againText).toContain('Its record on this list: pending.');
    expect(outboxFiles(dataDir)).toHaveLength(mails);

    // Already confirmed: nothing changes and nothing is sent.
    const known = await add('ann@example.org', 'quay');
    expect(textOf(await known.text())).toContain(
      'ann@example.org is already a confirmed subscriber of this list: nothing changed, and no mail went out.',
    );
    expect(outboxFiles(dataDir)).toHaveLength(mails);
  });
});
