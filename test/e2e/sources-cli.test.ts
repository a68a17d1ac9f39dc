// `digest sources` as a user types it: URLs as written (no trailing slash, upper-case host), on a fresh data dir.
// `add` reads each feed first, as the briefing will: the feeds here are served on 127.0.0.1 (DIGEST_ALLOW_LOOPBACK,
// test-only); the example.org ones, which resolve nowhere, are added with --no-check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';

let dataDir: string;
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '' };
const sources = (...args: string[]) =>
  runCli(['sources', ...args, '--list', 'harbour', '--data-dir', dataDir], { env: ENV });

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-sources-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('digest sources', { timeout: 120_000 }, () => {
  it('removes a feed given in the same spelling it was added with', async () => {
    const add = await sources(
      'add',
      'HTTPS://News.Example.org',
      'https://news.example.org/feeds/port.atom',
      '--create',
      '--no-check',
    );
    expect(add.code).toBe(0);
    expect(add.stdout).toBe(
      'added https://news.example.org/ to harbour\nadded https://news.example.org/feeds/port.atom to harbour\n',
    );
    // The user repeats what they typed; the stored form is the normalised one.
    const again = await sources('add', 'https://NEWS.example.org', '--no-check');
    expect(again.stdout).toBe('https://news.example.org/ is already a source of harbour\n');
    const remove = await sources('remove', 'HTTPS://News.Example.org');
    expect(remove.stderr).toBe('');
    expect(remove.stdout).toBe('removed https://news.example.org/ from harbour\n');
    expect(remove.code).toBe(0);
    const list = await sources('list', '--json');
    expect(JSON.parse(list.stdout).feeds.map((f: { url: string }) => f.url)).toEqual([
      'https://news.example.org/feeds/port.atom',
    ]);
  });

  it('a feed that is not a source is an error: one `digest:` line on stderr, exit 1', async () => {
    const remove = await sources('remove', 'https://elsewhere.example.org/feed.rss');
    expect(remove.stderr).toBe('digest: https://elsewhere.example.org/feed.rss is not a source of harbour\n');
    expect(remove.stdout).toBe('');
    expect(remove.code).toBe(1);
  });

  it('removes the sources among several URLs, then names the others in one error line', async () => {
    const add = await sources('add', 'https://news.example.org/feeds/quay.rss', '--no-check');
    expect(add.code, add.stderr).toBe(0);
    const remove = await sources(
      'remove',
      'https://elsewhere.example.org/a.rss',
      'https://news.example.org/feeds/quay.rss',
      'https://elsewhere.example.org/b.rss',
    );
    expect(remove.stdout).toBe('removed https://news.example.org/feeds/quay.rss from harbour\n');
    expect(remove.stderr).toBe(
      'digest: https://elsewhere.example.org/a.rss, https://elsewhere.example.org/b.rss are not sources of harbour\n',
    );
    expect(remove.code).toBe(1);
  });

  it('remove takes a queued article off the queue too, and says that is what it removed', async () => {
    const queue = await sources(
      'queue',
      'https://News.example.org/2026/quay-reopens.html',
      'https://news.example.org/b',
    );
    expect(queue.code, queue.stderr).toBe(0);
    const listedBefore = await sources('list');
    expect(listedBefore.stdout).toContain('queued\thttps://news.example.org/2026/quay-reopens.html\t');
    const remove = await sources('remove', 'https://NEWS.example.org/2026/quay-reopens.html');
    expect(remove.stderr).toBe('');
    expect(remove.stdout).toBe(
      'removed queued article https://news.example.org/2026/quay-reopens.html from harbour\n',
    );
    expect(remove.code).toBe(0);
    const list = JSON.parse((await sources('list', '--json')).stdout) as { queued: { url: string }[] };
    expect(list.queued.map((q) => q.url)).toEqual(['https://news.example.org/b']);
    // gone now: removing it again is the error of any URL that is not a source
    const again = await sources('remove', 'https://news.example.org/2026/quay-reopens.html');
    expect(again.stderr).toBe(
      'digest: https://news.example.org/2026/quay-reopens.html is not a source of harbour\n',
    );
    expect(again.code).toBe(1);
    expect((await sources('remove', 'https://news.example.org/b')).code).toBe(0);
  });

  it('a URL with a user name or password is refused by queue and add: one line, the password not repeated', async () => {
    const queue = await sources(
      'queue',
      'https://news.example.org/a.html',
      'http://editor:s3cret@news.example.org/b.html',
    );
    expect(queue.stderr).toBe(
      'digest: credentials in a URL are not accepted (a user name or password before the host): ' +
        'http://***@news.example.org/b.html; none of the 2 URLs was queued\n',
    );
    expect(queue.stdout).toBe('');
    // a URL refused as typed is a usage error: exit 2, as every command's bad option (exit-codes.ts)
    expect(queue.code).toBe(2);
    const add = await sources('add', 'https://token@news.example.org/feed.rss', '--no-check');
    expect(add.stderr).toBe(
      'digest: credentials in a URL are not accepted (a user name or password before the host): ' +
        'https://***@news.example.org/feed.rss\n',
    );
    expect(add.code).toBe(2);
    const list = JSON.parse((await sources('list', '--json')).stdout) as {
      feeds: { url: string }[];
      queued: { url: string }[];
    };
    expect(list.queued).toEqual([]);
    expect(list.feeds.map((f) => f.url)).not.toContain('https://news.example.org/feed.rss');
    // and a feed given to one briefing: every briefing error exits 1, since cron reads its 2 as 'resume'
    const briefing = await runCli(
      ['briefing', '--feed', 'https://editor:s3cret@news.example.org/feed.rss', '--data-dir', dataDir],
      { env: ENV },
    );
    expect(briefing.stderr).toBe(
      'digest: --feed: credentials in a URL are not accepted (a user name or password before the host): ' +
        'https://***@news.example.org/feed.rss\n',
    );
    expect(briefing.code).toBe(1);
  });

  it('the other subcommands answer a bad option or argument the same way: one line, exit 2', async () => {
    // Usage errors exit 2, as for every command but briefing (exit-codes.ts); a list that does not exist is no
    // usage error (exit 1, below).
    const cases: [string[], string][] = [
      [
        ['add', 'ftp://news.example.org/feed.rss'],
        'digest: a feed must be an http(s) URL: ftp://news.example.org/feed.rss\n',
      ],
      [['queue', 'not a url'], 'digest: an article must be an http(s) URL: not a url\n'],
      [['settings', '--mode', 'sometimes'], 'digest: --mode must be auto or review\n'],
      [['settings', '--max-stories', '0'], 'digest: --max-stories must be 1..20\n'],
      [['settings', '--cadence', 'monthly'], 'digest: --cadence must be hourly, daily or weekly\n'],
    ];
    for (const [args, stderr] of cases) {
      const run = await sources(...args);
      expect(run.stderr, args.join(' ')).toBe(stderr);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.code, args.join(' ')).toBe(2);
    }
    const unknown = await runCli(['sources', 'list', '--list', 'nosuch', '--data-dir', dataDir], {
      env: ENV,
    });
    expect(unknown.stderr).toMatch(/^digest: no list "nosuch"; lists: .*harbour/);
    expect(unknown.stdout).toBe('');
    expect(unknown.code).toBe(1);
  });
});

describe('digest sources add reads each feed as the briefing will, and adds none when one is bad', {
  timeout: 120_000,
}, () => {
  let feeds: FeedServer;
  const env = { ...ENV, DIGEST_ALLOW_LOOPBACK: '1' };
  const sourcesOf = (list: string, ...args: string[]) =>
    runCli(['sources', ...args, '--list', list, '--data-dir', dataDir], { env });
  const listed = async (list: string) => {
    const out = await sourcesOf(list, 'list', '--json');
    expect(out.code, out.stderr).toBe(0);
    return JSON.parse(out.stdout) as { feeds: { url: string }[]; queued: { url: string }[] };
  };

  beforeAll(async () => {
    feeds = await startFeedServer();
    expect((await sourcesOf('checked', 'settings', '--create')).code).toBe(0);
  });
  afterAll(async () => {
    await feeds.close();
  });

  it('refuses a web page given as a feed: one line naming it, exit 1, nothing added', async () => {
    const page = feeds.feed('not-a-feed.html');
    const add = await sourcesOf('checked', 'add', page);
    expect(add.stderr).toBe(
      `digest: ${page} is not an RSS or Atom feed: it answers with a web page (text/html)\n`,
    );
    expect(add.stdout).toBe('');
    expect(add.code).toBe(1);
    expect((await listed('checked')).feeds).toEqual([]);
  });

  it('refuses a feed that does not parse, as every briefing would', async () => {
    const broken = feeds.feed('malformed.rss');
    const add = await sourcesOf('checked', 'add', broken);
    expect(add.stderr.split('\n')).toHaveLength(2);
    expect(add.stderr).toContain(`digest: ${broken} is not an RSS or Atom feed: feed is not well-formed XML`);
    expect(add.code).toBe(1);
    expect((await listed('checked')).feeds).toEqual([]);
  });

  it('a feed that cannot be fetched is refused with the fetch error, which says how to add it all the same', async () => {
    const down = feeds.feed('down.rss');
    const add = await sourcesOf('checked', 'add', down);
    expect(add.stderr).toBe(
      `digest: could not fetch feed: ${down} returned 404 Not Found (to add a feed that is down right now without reading it, give --no-check)\n`,
    );
    expect(add.code).toBe(1);
    expect((await listed('checked')).feeds).toEqual([]);
    const anyway = await sourcesOf('checked', 'add', down, '--no-check');
    expect(anyway.stdout).toBe(`added ${down} to checked\n`);
    expect(anyway.code).toBe(0);
    expect(feeds.hits('/feeds/down.rss')).toBe(1); // --no-check did not read it
  });

  it('a feed no briefing could ever read (too large, another type) is refused without the --no-check advice', async () => {
    feeds.set('/feeds/items.json', { type: 'application/json', body: '{"items": []}' });
    expect((await sourcesOf('unreadable', 'settings', '--create')).code).toBe(0);
    for (const [url, why] of [
      [feeds.feed('huge-bytes.rss'), `response exceeds 2 MB: ${feeds.feed('huge-bytes.rss')}`],
      [feeds.feed('items.json'), `unsupported content type application/json at ${feeds.feed('items.json')}`],
    ]) {
      const add = await sourcesOf('unreadable', 'add', url!);
      // --no-check would add a source that fails every briefing: the advice is for a feed that is down right now
      expect(add.stderr).toBe(`digest: could not fetch feed: ${why}\n`);
      expect(add.code).toBe(1);
    }
    expect((await listed('unreadable')).feeds).toEqual([]);
  });

  it('remove of a queued article a draft awaiting approval was composed with says the draft still holds it', async () => {
    const settings = await sourcesOf(
      'review',
      'settings',
      '--create',
      '--mode',
      'review',
      '--editor',
      'editor@example.org',
    );
    expect(settings.code, settings.stderr).toBe(0);
    const reader = await runCli(
      ['subscribers', 'add', 'reader@example.org', '--confirmed', '--list', 'review', '--data-dir', dataDir],
      { env },
    );
    expect(reader.code, reader.stderr).toBe(0);
    const [harbour, tram] = ['harbour-reopens.html', 'tram-line.html'].map(
      (p) => `${feeds.origin}/articles/${p}`,
    );
    expect((await sourcesOf('review', 'queue', harbour!, tram!)).code).toBe(0);
    const briefing = await runCli(['briefing', '--list', 'review', '--data-dir', dataDir, '--json'], { env });
    const draft = JSON.parse(briefing.stdout.trim()) as { kind: string; issueId: string };
    expect(draft.kind, briefing.stderr).toBe('draft');

    // the queue keeps them until the draft is approved or expires; taking one off leaves it in the draft
    const remove = await sourcesOf('review', 'remove', harbour!);
    expect(remove.stdout).toBe(
      `removed queued article ${harbour} from review\n` +
        `  draft ${draft.issueId} awaiting approval was composed with it and still holds it: drop it from that draft in the console, or reject the draft\n`,
    );
    expect(remove.code).toBe(0);
    expect((await listed('review')).queued.map((q) => q.url)).toEqual([tram]);
  });

  it('stats and forward given the id of that draft say it waits for approval, not that there is no issue', async () => {
    const drafts = await runCli(['briefing', '--list', 'review', '--data-dir', dataDir, '--json'], { env });
    // the tram article waits in the draft: the run counts it in a pending draft and makes none
    expect(JSON.parse(drafts.stdout.trim()).read.inDraft).toBe(1);
    const pending = /draft (\S+) awaiting approval/.exec(
      (await sourcesOf('review', 'remove', `${feeds.origin}/articles/tram-line.html`)).stdout,
    );
    const id = pending![1]!;
    const waits = new RegExp(
      `^digest: ${id} is a briefing draft waiting for the editor's approval until \\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z: not sent yet\n$`,
    );
    const stats = await runCli(['stats', id, '--data-dir', dataDir], { env });
    expect(stats.stderr).toMatch(waits);
    expect(stats.code).toBe(1);
    const forward = await runCli(['forward', id, '--to', 'board@example.org', '--data-dir', dataDir], {
      env,
    });
    expect(forward.stderr).toMatch(waits);
    expect(forward.code).toBe(1);
    // a mistyped id is still no issue
    const typo = await runCli(['stats', `${id}x`, '--data-dir', dataDir], { env });
    expect(typo.stderr).toBe(`digest: no issue ${id}x (not archived, nothing delivered)\n`);
  });

  it('adds RSS and Atom feeds once it has read them', async () => {
    const rss = feeds.feed('courier.rss');
    const atom = feeds.feed('port.atom');
    const add = await sourcesOf('checked', 'add', rss, atom);
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe(`added ${rss} to checked\nadded ${atom} to checked\n`);
    expect(add.code).toBe(0);
    expect(feeds.hits('/feeds/courier.rss')).toBe(1);
    expect(feeds.hits('/feeds/port.atom')).toBe(1);
    // a feed that is a source already is not read again
    const again = await sourcesOf('checked', 'add', rss);
    expect(again.stdout).toBe(`${rss} is already a source of checked\n`);
    expect(feeds.hits('/feeds/courier.rss')).toBe(1);
  });

  it('settings --timezone stores the zone as the runtime spells it', async () => {
    const set = await sourcesOf('checked', 'settings', '--timezone', 'europe/london');
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout).timezone).toBe('Europe/London');
    expect(JSON.parse((await sourcesOf('checked', 'settings')).stdout).timezone).toBe('Europe/London');
  });

  it('a #fragment is not part of a feed: dropped, said so, and the feed already a source is not added again', async () => {
    const rss = feeds.feed('courier.rss');
    const hits = feeds.hits('/feeds/courier.rss');
    const again = await sourcesOf('checked', 'add', `${rss}#latest`);
    expect(again.stderr).toBe(
      `dropped "#latest" from ${rss}#latest: a feed is fetched without its #fragment, so the source is ${rss}\n`,
    );
    expect(again.stdout).toBe(`${rss} is already a source of checked\n`);
    expect(again.code).toBe(0);
    expect(feeds.hits('/feeds/courier.rss')).toBe(hits);
    // a new feed given with a fragment is added, read and stored without it
    const atom = feeds.feed('port.atom');
    const added = await sourcesOf('fragments', 'add', `${atom}#top`, atom, '--create');
    expect(added.stdout).toBe(`added ${atom} to fragments\n`);
    expect(added.code, added.stderr).toBe(0);
    const listed = await sourcesOf('fragments', 'list', '--json');
    expect(JSON.parse(listed.stdout).feeds.map((f: { url: string }) => f.url)).toEqual([atom]);
    // and removed when given with the fragment again
    const removed = await sourcesOf('fragments', 'remove', `${atom}#top`);
    expect(removed.stdout).toBe(`removed ${atom} from fragments\n`);
    expect(removed.code, removed.stderr).toBe(0);
  });

  it('several URLs with a page among them: none is added, and the line says so', async () => {
    const good = feeds.feed('courier-guid-changed.rss');
    const page = feeds.feed('not-a-feed.html');
    const later = feeds.feed('no-dates.rss');
    const add = await sourcesOf('several', 'add', good, page, later, '--create');
    expect(add.stderr).toBe(
      `digest: ${page} is not an RSS or Atom feed: it answers with a web page (text/html); none of the 3 URLs was added\n`,
    );
    expect(add.stdout).toBe('');
    expect(add.code).toBe(1);
    // nothing was written: not even the list --create would have made
    const unknown = await sourcesOf('several', 'list');
    expect(unknown.stderr).toMatch(/^digest: no list "several"/);
  });

  it('several URLs with one that is no http(s) URL: refused before any is read or added', async () => {
    const before = feeds.hits('/feeds/no-dates.rss');
    const add = await sourcesOf(
      'checked',
      'add',
      feeds.feed('no-dates.rss'),
      'ftp://news.example.org/f.rss',
      feeds.feed('port.atom'),
    );
    expect(add.stderr).toBe(
      'digest: a feed must be an http(s) URL: ftp://news.example.org/f.rss; none of the 3 URLs was added\n',
    );
    expect(add.code).toBe(2);
    expect(feeds.hits('/feeds/no-dates.rss')).toBe(before);
    expect((await listed('checked')).feeds.map((f) => f.url)).not.toContain(feeds.feed('no-dates.rss'));
  });

  it('queue: several URLs with a bad one among them queues none, and the line says so', async () => {
    const queue = await sourcesOf(
      'checked',
      'queue',
      `${feeds.origin}/articles/harbour-reopens.html`,
      'not a url',
      `${feeds.origin}/articles/tram-line.html`,
    );
    expect(queue.stderr).toBe(
      'digest: an article must be an http(s) URL: not a url; none of the 3 URLs was queued\n',
    );
    expect(queue.stdout).toBe('');
    expect(queue.code).toBe(2);
    expect((await listed('checked')).queued).toEqual([]);
  });
});
