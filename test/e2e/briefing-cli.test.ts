// `digest briefing` as cron runs it: the built CLI on a fresh data dir, feeds on loopback, the
// exit code and the stdout/stderr lines a log keeps.
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';

let dataDir: string;
let feeds: FeedServer;
// DIGEST_ALLOW_LOOPBACK is test-only: the feeds and article pages are served on 127.0.0.1.
const ENV = { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '', DIGEST_ALLOW_LOOPBACK: '1' };
// Nothing listens on port 9 (discard) on a test machine: a connection there is refused.
const UNREACHABLE = 'http://127.0.0.1:9/feed.rss';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-briefing-'));
  feeds = await startFeedServer();
  // The CLI runs on the real clock: date the items an hour ago, inside the 7-day maximum age.
  const hourAgo = new Date(Date.now() - 3_600_000).toUTCString();
  const item = (page: string) =>
    `<item><title>${page}</title><link>{{BASE}}/articles/${page}</link><pubDate>${hourAgo}</pubDate></item>`;
  feeds.set('/feeds/today.rss', {
    type: 'application/rss+xml',
    body: `<rss version="2.0"><channel><title>Today</title>${item('harbour-reopens.html')}${item('tram-line.html')}</channel></rss>`,
  });
});
afterAll(async () => {
  await feeds?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

// The lists these runs name do not exist yet: `--create` makes each on first use (an unknown list is an error).
const briefing = (...args: string[]) =>
  runCli(['briefing', '--create', '--data-dir', dataDir, ...args], { env: ENV });

/** A confirmed reader on the list (created when it does not exist): an issue that goes out needs one. */
async function reader(list: string, email = `reader@${list}.example.org`): Promise<void> {
  const add = await runCli(
    ['subscribers', 'add', email, '--confirmed', '--create', '--list', list, '--data-dir', dataDir],
    { env: ENV },
  );
  expect(add.code).toBe(0);
}

describe('digest briefing outcomes', { timeout: 120_000 }, () => {
  it('a briefing whose only feed is unreachable exits 3 and names it (never "nothing new" with exit 0)', async () => {
    const run = await briefing('--list', 'solo', '--feed', UNREACHABLE);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`source failed: ${UNREACHABLE}: FeedFetchError`);
    expect(run.stderr).toMatch(/^1 source of 1 failed \(exit 3\): http:\/\/127\.0\.0\.1:9\/feed\.rss$/m);
    expect(run.stdout).toMatch(/^nothing new for solo: 0 items read: 1 source of 1 failed/m);

    const json = await briefing('--list', 'solo', '--feed', UNREACHABLE, '--json');
    expect(json.code).toBe(3);
    const line = JSON.parse(json.stdout.trim());
    expect(line).toMatchObject({
      kind: 'empty',
      issueId: null,
      sent: 0,
      failedSources: 1,
      sources: [{ url: UNREACHABLE, ok: false, items: 0, error: expect.stringMatching(/FeedFetchError/) }],
    });
  });

  it('one good feed and one failing: what could be read is sent, the exit is still 3', async () => {
    const add = await runCli(
      [
        'subscribers',
        'add',
        'reader@example.org',
        '--confirmed',
        '--create',
        '--list',
        'mixed',
        '--data-dir',
        dataDir,
      ],
      { env: ENV },
    );
    expect(add.code).toBe(0);
    const run = await briefing(
      '--list',
      'mixed',
      '--feed',
      feeds.feed('today.rss'),
      '--feed',
      feeds.feed('malformed.rss'),
      '--json',
    );
    expect(run.code).toBe(3);
    const line = JSON.parse(run.stdout.trim());
    expect(line).toMatchObject({ kind: 'sent', sent: 1, failedSources: 1 });
    expect(line.sources).toEqual([
      { url: feeds.feed('today.rss'), ok: true, items: 2 },
      {
        url: feeds.feed('malformed.rss'),
        ok: false,
        items: 0,
        error: expect.stringMatching(/FeedParseError/),
      },
    ]);
    expect(run.stderr).toMatch(/^source failed: .*malformed\.rss: FeedParseError/m);
  });

  it('nothing new exits 0 with the counts; an empty first issue says what its window was', async () => {
    const again = await briefing('--list', 'mixed', '--feed', feeds.feed('today.rss'));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^nothing new for mixed: 2 items read: 2 already sent; nothing sent$/m);

    const none = await briefing('--list', 'fresh');
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(
      /^nothing new for fresh: no sources \(add a feed with `digest sources add URL --list fresh`.*\(first issue: items published since \d{4}-\d\d-\d\d \d\d:\d\d UTC \(the last 7 days\)\); nothing sent$/m,
    );
  });

  it('an item dated 2099 is read as undated, and stderr says so beside the other item lines', async () => {
    feeds.set('/feeds/ahead.rss', {
      type: 'application/rss+xml',
      body:
        '<rss version="2.0"><channel><title>Ahead</title>' +
        '<item><title>Dated ahead</title><link>{{BASE}}/articles/tram-line.html?ahead</link><pubDate>Thu, 01 Jan 2099 00:00:00 GMT</pubDate></item>' +
        '</channel></rss>',
    });
    await reader('ahead');
    const run = await briefing('--list', 'ahead', '--feed', feeds.feed('ahead.rss'));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^item note: http:\/\/127\.0\.0\.1:\d+\/articles\/tram-line\.html\?ahead: dated 2099-01-01T00:00:00\.000Z, more than 1 day ahead of the reading time \(.*\): read as undated$/m,
    );
  });

  it('a list nobody can be mailed on sends nothing and keeps its stories for a reader: one stderr line, exit 0 (every source was read)', async () => {
    const run = await briefing('--list', 'unread', '--feed', feeds.feed('today.rss'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^nothing sent for unread: no confirmed subscriber can be mailed \(the list has none\); its stories wait for a briefing with a reader$/m,
    );
    expect(run.stderr).not.toMatch(/^issue: /m);
    const json = await briefing('--list', 'unread', '--feed', feeds.feed('today.rss'), '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout.trim())).toMatchObject({
      kind: 'no-recipients',
      issueId: null,
      sent: 0,
      suppressed: 0,
      // Nothing was recorded as sent by the run before: both stories are still new.
      read: { items: 2, alreadySent: 0 },
      failedSources: 0,
    });

    // A reader arrives: the stories that waited go out to them.
    await reader('unread');
    const sent = await briefing('--list', 'unread', '--feed', feeds.feed('today.rss'));
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^sent issue \S+ "[^"]+ \+1 more": 1 sent, 0 skipped, 0 failed, 0 unknown$/m);
  });

  it('a story with no key point and no quote is left out of an auto briefing, named on stderr and recorded as dropped; the rest goes out, exit 0', async () => {
    const hourAgo = new Date(Date.now() - 3_600_000).toUTCString();
    // Every sentence of this page leans on a pronoun with nobody named: the summary keeps none, and it has no quote.
    feeds.set('/articles/quiet.txt', {
      type: 'text/plain; charset=utf-8',
      body: 'Quiet day at the harbour\n\nHe said it was fine. She agreed with him. They left after that. It was over then. He went home. She stayed there. They talked about it later. It was not much.\n',
    });
    const item = (page: string, title: string) =>
      `<item><title>${title}</title><link>{{BASE}}/articles/${page}</link><pubDate>${hourAgo}</pubDate></item>`;
    feeds.set('/feeds/hollow.rss', {
      type: 'application/rss+xml',
      body: `<rss version="2.0"><channel><title>Hollow</title>${item('quiet.txt', 'Quiet day at the harbour')}${item('tram-line.html', 'Tram')}</channel></rss>`,
    });
    feeds.set('/feeds/only-hollow.rss', {
      type: 'application/rss+xml',
      body: `<rss version="2.0"><channel><title>Only hollow</title>${item('quiet.txt', 'Quiet day at the harbour')}</channel></rss>`,
    });
    const quiet = `${feeds.origin}/articles/quiet.txt`;
    await reader('hollow');
    const run = await briefing('--list', 'hollow', '--feed', feeds.feed('hollow.rss'));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      new RegExp(
        `^story left out: story \\d \\(“Quiet day at the harbour”\\) <${quiet.replace(/[.]/g, '\\.')}> has no key point and no quote to send; recorded as dropped$`,
        'm',
      ),
    );
    // The issue is the other story alone: its subject no longer counts the one left out.
    const sent = /^sent issue (\S+) "([^"]+)": 1 sent, 0 skipped, 0 failed, 0 unknown$/m.exec(run.stdout);
    expect(sent?.[2]).toMatch(/tram/i);
    expect(sent?.[2]).not.toMatch(/\+1 more/);
    const outbox = join(dataDir, 'outbox');
    const mails = await Promise.all((await readdir(outbox)).map((n) => readFile(join(outbox, n), 'utf8')));
    const mine = mails.filter((m) => m.includes('To: reader@hollow.example.org'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).not.toContain('Quiet day at the harbour');

    // Dropped, not sent: the next run leaves it out before reading its page, as an editor's drop.
    const again = await briefing('--list', 'hollow', '--feed', feeds.feed('hollow.rss'));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^nothing new for hollow: 2 items read: 1 already sent, 1 dropped from an earlier issue; nothing sent$/m,
    );

    // A run whose every story is empty sends nothing, says why, and exits 0.
    await reader('hollow-only');
    const none = await briefing('--list', 'hollow-only', '--feed', feeds.feed('only-hollow.rss'), '--json');
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/^story left out: story 1 \(“Quiet day at the harbour”\)/m);
    expect(JSON.parse(none.stdout.trim())).toMatchObject({
      kind: 'empty',
      issueId: null,
      sent: 0,
      reason: '1 item read; its one story has no key point and no quote',
    });
  });

  it('--window auto on a window that found nothing new says so, and names no issue, since none was made', async () => {
    await reader('weekly-quiet');
    const settings = await runCli(
      ['sources', 'settings', '--list', 'weekly-quiet', '--cadence', 'weekly', '--data-dir', dataDir],
      { env: ENV },
    );
    expect(settings.code).toBe(0);
    const first = await briefing('--list', 'weekly-quiet', '--window', 'auto', '--json');
    expect(first.code).toBe(0);
    const { window } = JSON.parse(first.stdout.trim()) as { window: string };
    expect(window).toMatch(/^\d{4}-W\d{2}$/);

    const again = await briefing('--list', 'weekly-quiet', '--window', 'auto');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      `window ${window} of weekly-quiet was run already and found nothing new (0 items read); nothing sent: ` +
        'one window, one issue, so what arrived since goes out in the next window (a run without --window sends it now)\n',
    );
    const json = await briefing('--list', 'weekly-quiet', '--window', 'auto', '--json');
    expect(JSON.parse(json.stdout.trim())).toMatchObject({ kind: 'duplicate', window, status: 'empty' });
  });

  it('an item with neither a title nor a link is counted and named by its place in the feed, never lost unsaid', async () => {
    const hourAgo = new Date(Date.now() - 3_600_000).toUTCString();
    feeds.set('/feeds/untitled.rss', {
      type: 'application/rss+xml',
      // RSS 2.0 asks only for a title or a description: a status update has a description alone
      body:
        `<rss version="2.0"><channel><title>Port notices</title>` +
        `<item><title>Harbour</title><link>{{BASE}}/articles/harbour-reopens.html</link><pubDate>${hourAgo}</pubDate></item>` +
        `<item><description>The ferry office closes early on Friday for the staff party.</description><pubDate>${hourAgo}</pubDate></item>` +
        `<item><description>Tide tables for March.</description><link>javascript:void(0)</link></item>` +
        `</channel></rss>`,
    });
    const run = await briefing('--list', 'untitled', '--feed', feeds.feed('untitled.rss'), '--json');
    expect(run.code).toBe(0);
    const line = JSON.parse(run.stdout.trim());
    expect(line.read).toMatchObject({ items: 3, unreadable: 2 });
    expect(line.sources).toEqual([
      {
        url: feeds.feed('untitled.rss'),
        ok: true,
        items: 3,
        unreadable: [
          { url: null, error: 'item has no link' },
          { url: null, error: 'item link is not http(s) (javascript:)' },
        ],
      },
    ]);
    expect(run.stderr).toContain(
      `item skipped: untitled item 2 of ${feeds.feed('untitled.rss')}: item has no link\n`,
    );
    expect(run.stderr).toContain(
      `item skipped: untitled item 3 of ${feeds.feed('untitled.rss')}: item link is not http(s) (javascript:)\n`,
    );
  });

  it('a feed title with HTML entities written out (CDATA, or escaped twice) reaches the subject as the characters', async () => {
    await reader('entities');
    const hourAgo = new Date(Date.now() - 3_600_000).toUTCString();
    // the page is gone: the item's own content stands in, under the feed's title
    const content =
      '<p>The harbour board approved a new ferry on Tuesday after months of talks with the island council about the timetable and the fares.</p>' +
      '<p>"We waited years for this boat," said Ines Calder, the chair of the harbour board, at the meeting in the town hall.</p>';
    const TIDES =
      '<p>The port authority published the tide tables for March and April on Friday, with two spring tides higher than any since the storm of last winter.</p>' +
      '<p>Fishing crews were told to moor in the inner basin on both nights, and the lock gates will close an hour before high water.</p>';
    feeds.set('/feeds/entities.rss', {
      type: 'application/rss+xml',
      body:
        `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Quay</title>` +
        `<item><title><![CDATA[Caf&eacute; owners&rsquo; ferry &mdash; at last&hellip;]]></title>` +
        `<link>{{BASE}}/articles/gone-ferry.html</link><pubDate>${hourAgo}</pubDate>` +
        `<content:encoded><![CDATA[${content}]]></content:encoded></item>` +
        `<item><title>Tide tables &amp;ndash; March &amp;amp; April</title>` +
        `<link>{{BASE}}/articles/gone-tides.html</link><pubDate>${hourAgo}</pubDate>` +
        `<content:encoded><![CDATA[${TIDES}]]></content:encoded></item>` +
        `</channel></rss>`,
    });
    const run = await briefing('--list', 'entities', '--feed', feeds.feed('entities.rss'), '--json');
    expect(run.code, run.stderr).toBe(0);
    const line = JSON.parse(run.stdout.trim());
    const archived = JSON.parse(await readFile(join(dataDir, 'issues', `${line.issueId}.json`), 'utf8')) as {
      issue: { stories: { title: string }[] };
    };
    const titles = archived.issue.stories.map((s) => s.title);
    expect(titles.toSorted()).toEqual(['Café owners’ ferry — at last…', 'Tide tables – March & April']);
    expect(line.subject).toBe(`${titles[0]} +1 more`);
  });

  it('an empty --window, or one with a line break, is a bad option: nothing read, nothing recorded under it', async () => {
    await reader('windows');
    const before = feeds.hits('/feeds/today.rss');
    for (const [window, why] of [
      ['', 'must not be empty (give a key, or auto)'],
      ['  ', 'must not be empty (give a key, or auto)'],
      ['week\n12', 'must be one line without control characters (give a key, or auto)'],
    ]) {
      const run = await briefing('--list', 'windows', '--feed', feeds.feed('today.rss'), '--window', window!);
      expect(run.stderr).toBe(`digest: --window ${why}\n`);
      expect(run.stdout).toBe('');
      expect(run.code).toBe(1);
    }
    expect(feeds.hits('/feeds/today.rss')).toBe(before);
  });

  it('a bad option exits 1, never 2 (which says a delivery is incomplete), with one clear line', async () => {
    const progress = await briefing('--list', 'opts', '--progress', 'loud');
    expect(progress.code).toBe(1);
    expect(progress.stderr).toBe('digest: --progress must be one of bar, plain, none (got "loud")\n');

    const both = await runCli(
      ['briefing', '--stack-outputs', join(dataDir, 'outputs.json'), '--data-dir', dataDir],
      { env: ENV },
    );
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/^digest: give either --stack-outputs .* or --data-dir, not both\n$/);
  });
});
