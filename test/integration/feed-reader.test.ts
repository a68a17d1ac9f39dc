import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedParseError, liveSourceDeps, parseFeed } from '../../functions/adapters/feed-reader.js';
import { composeIssue, fingerprintOf } from '../../functions/core/compose.js';
import {
  checkFeed,
  NotAFeedError,
  readFeed,
  readFeedSource,
  readQueuedArticles,
} from '../../functions/use-cases/read-sources.js';
import { FEED_FIXTURES, type FeedServer, startFeedServer } from '../support/feed-server.js';

let server: FeedServer;
const deps = liveSourceDeps({ allowLoopback: true, now: () => new Date('2026-03-10T07:00:00Z') });

/**
 * A feed served as HTTP/1.0 servers send a body they do not know the length of (no Content-Length, not chunked: it
 * ends when the connection closes), one item every 50 ms, never finishing.
 */
async function startTrickleServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const tcp = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      socket.write('HTTP/1.0 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n');
      socket.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>');
      const timer = setInterval(() => socket.write('<item><title>Still coming</title></item>'), 50);
      socket.on('close', () => {
        clearInterval(timer);
        sockets.delete(socket);
      });
    });
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(tcp.address() as AddressInfo).port}/feeds/trickle.rss`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});

describe('readFeedSource over real HTTP', () => {
  it('reads RSS 2.0: items fetched and extracted, a dead link reported, the source still ok', async () => {
    const { candidates, report } = await readFeedSource(server.feed('courier.rss'), deps);
    expect(report).toMatchObject({ ok: true, error: null, items: 4, candidates: 3, truncated: false });
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({ url: `${server.origin}/articles/missing.html` });
    expect(report.failures[0]!.error).toMatch(/404/);
    const harbour = candidates[0]!;
    expect(harbour.guid).toBe('courier-2026-0310-harbour');
    expect(harbour.origin).toBe('feed');
    expect(harbour.story.title).toMatch(/Northern harbour reopens/);
    expect(harbour.story.published).toBe('2026-03-10T05:30:00.000Z');
    expect(harbour.story.siteName).toBe('Lindqvist Courier — City'); // the channel title, not the host
    expect(harbour.story.source).toContain('Harbour master Ilse Varga said the channel');
    expect(harbour.story.source).not.toContain('fictional newspaper'); // the footer is not the article
    expect(harbour.story.quotes.length + harbour.story.allQuotes.length).toBeGreaterThan(0);
    expect(candidates.map((c) => c.guid)).toEqual([
      'courier-2026-0310-harbour',
      'courier-2026-0309-library',
      'courier-2026-0310-bridge',
    ]);
  });

  it('reads Atom: the alternate link (relative) is resolved, the enclosure ignored', async () => {
    const { candidates, report } = await readFeedSource(server.feed('port.atom'), deps);
    expect(report).toMatchObject({ ok: true, items: 2, candidates: 2 });
    // the feed's own name is the publication shown above each story
    expect(candidates.map((c) => c.story.siteName)).toEqual([
      'Port of Lindqvist news',
      'Port of Lindqvist news',
    ]);
    expect(candidates[0]!.story.url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/articles\/harbour-reopens-syndicated\.html$/,
    );
    expect(candidates[0]!.guid).toBe('tag:port.example,2026:harbour-open');
    // no <published>: <updated> stands in
    expect(candidates[1]!.story.published).toBe('2026-03-09T10:00:00.000Z');
  });

  it('reads a feed with no dates: published is null, the items still come', async () => {
    const { candidates, report } = await readFeedSource(server.feed('no-dates.rss'), deps, {
      notBefore: '2026-03-09T00:00:00Z',
    });
    expect(report).toMatchObject({ ok: true, items: 2, skipped: 0, candidates: 2 });
    expect(candidates[0]!.story.title).toMatch(/tram line/i);
    // the unparseable feed date is dropped; the page's own date may stand in
    expect(
      candidates[1]!.story.published === null || !candidates[1]!.story.published.includes('last week'),
    ).toBe(true);
  });

  it('skips what an earlier issue carried, even when the GUIDs changed since', async () => {
    const first = await readFeedSource(server.feed('courier.rss'), deps);
    const seen = first.candidates.map(fingerprintOf);
    const hitsBefore = server.hits('/articles/harbour-reopens.html');
    const second = await readFeedSource(server.feed('courier-guid-changed.rss'), deps, { seen });
    expect(second.report).toMatchObject({ skipped: 3, alreadySent: 3, tooOld: 0 });
    expect(second.candidates).toHaveLength(0);
    expect(server.hits('/articles/harbour-reopens.html')).toBe(hitsBefore); // not even fetched
  });

  it('reads feed dates as written: RFC 822 zones, a zone-less time as UTC, a date it cannot place as none', async () => {
    const item = (title: string, date: string) =>
      `<item><title>${title}</title><link>${server.origin}/articles/tram-line.html?d=${encodeURIComponent(title)}</link>` +
      `<pubDate>${date}</pubDate></item>`;
    server.set('/feeds/odd-dates.rss', {
      type: 'application/rss+xml',
      body:
        '<rss version="2.0"><channel><title>Campus notes</title>' +
        item('no year', 'March 10') +
        item('a bare number', '5') +
        item('day and month unclear', '10/03/2026') +
        item('british summer time', 'Tue, 10 Mar 2026 09:00:00 BST') +
        item('central european summer time', 'Tue, 10 Mar 2026 09:00:00 CEST') +
        item('no zone', '2026-03-10 06:15:00') +
        item('two-digit year', 'Tue, 10 Mar 26 06:00:00 -0500') +
        item('the day alone', 'Tue, 10 Mar 2026') +
        '</channel></rss>',
    });
    const tz = process.env.TZ;
    process.env.TZ = 'America/New_York'; // the machine's zone must not move a feed's dates
    let result: Awaited<ReturnType<typeof readFeedSource>>;
    try {
      result = await readFeedSource(server.feed('odd-dates.rss'), deps, {
        notBefore: '2026-03-09T00:00:00Z',
      });
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    const { candidates, report } = result;
    // "March 10" is not 10 March 2001, and "5" is not 1 May 2001: neither is skipped as too old
    expect(report).toMatchObject({ ok: true, items: 8, tooOld: 0, candidates: 8 });
    const dates = Object.fromEntries(
      parseFeed(await (await fetch(server.feed('odd-dates.rss'))).text()).items.map((i) => [
        i.title,
        i.published,
      ]),
    );
    expect(dates).toEqual({
      'no year': null,
      'a bare number': null,
      'day and month unclear': null,
      'british summer time': '2026-03-10T08:00:00.000Z',
      'central european summer time': '2026-03-10T07:00:00.000Z',
      'no zone': '2026-03-10T06:15:00.000Z',
      'two-digit year': '2026-03-10T11:00:00.000Z',
      // some feeds write the day without a time: its start, in UTC
      'the day alone': '2026-03-10T00:00:00.000Z',
    });
    expect(candidates.map((c) => c.story.published)).toContain('2026-03-10T08:00:00.000Z');
  });

  it("reads an undated item's page date without guessing: no year is no date, not 2001", async () => {
    const page = (title: string, meta: string) =>
      `<!doctype html><html><head><title>${title}</title>${meta}</head><body><article><h1>${title}</h1>` +
      `<p>The ${title.toLowerCase()} on the quay opened on Tuesday after two years of repairs, and the harbour office said the first ferries would call there next week.</p>` +
      '<p>Traders on the quay said the works had cost them customers all winter, and that they hoped the spring timetable would bring the visitors back.</p>' +
      '</article></body></html>';
    const pages: Record<string, string> = {
      '/articles/no-year.html': page('North landing', '<meta name="date" content="March 10">'),
      '/articles/day-month-unclear.html': page('South landing', '<meta name="date" content="10/03/2026">'),
      '/articles/zone-less.html': page(
        'East landing',
        '<meta property="article:published_time" content="2026-03-10T06:00">',
      ),
      '/articles/date-only.html': page('West landing', '<meta name="date" content="2026-03-10">'),
      '/articles/for-people.html': page('Old landing', '<meta name="date" content="10 March 2026">'),
    };
    for (const [path, body] of Object.entries(pages)) server.set(path, { type: 'text/html', body });
    server.set('/feeds/undated.rss', {
      type: 'application/rss+xml',
      body:
        '<rss version="2.0"><channel><title>Quay notes</title>' +
        Object.keys(pages)
          .map((path) => `<item><title>${path}</title><link>${server.origin}${path}</link></item>`)
          .join('') +
        '</channel></rss>',
    });
    const tz = process.env.TZ;
    process.env.TZ = 'America/New_York'; // the machine's zone must not move a page's date
    let result: Awaited<ReturnType<typeof readFeedSource>>;
    try {
      result = await readFeedSource(server.feed('undated.rss'), deps);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    const { candidates, report } = result;
    expect(report).toMatchObject({ ok: true, items: 5, candidates: 5 });
    expect(candidates.map((c) => c.story.published)).toEqual([
      null,
      null,
      '2026-03-10T06:00:00.000Z',
      '2026-03-10',
      '10 March 2026',
    ]);
    const now = new Date('2026-03-10T07:00:00Z');
    const composed = composeIssue(candidates, {
      list: 'default',
      issueId: 'issue-1',
      now,
      notBefore: '2026-03-03T07:00:00Z',
      seen: [],
    });
    // a page dated "March 10" is not an item from 2001, too old to send
    expect(composed.dropped.filter((d) => d.reason === 'too-old')).toEqual([]);
  });

  it('a date more than a day ahead of the reading time is not believed: the item reads as undated, and the report says why', async () => {
    // deps read at 2026-03-10T07:00Z
    const datedPage = (title: string, date: string) =>
      `<!doctype html><html><head><title>${title}</title><meta property="article:published_time" content="${date}"></head>` +
      `<body><article><h1>${title}</h1><p>The ${title.toLowerCase()} on the east quay reopened on Tuesday after two years of repairs, and the harbour office said the first ferries would call there next week.</p>` +
      '<p>Traders on the quay said the works had cost them customers all winter, and that they hoped the spring timetable would bring the visitors back.</p></article></body></html>';
    server.set('/articles/future-page.html', {
      type: 'text/html',
      body: datedPage('Ferry landing', '2099-06-01T00:00:00Z'),
    });
    server.set('/articles/skewed-page.html', {
      type: 'text/html',
      body: datedPage('Fish market', '2026-03-10T06:30:00Z'),
    });
    const item = (title: string, path: string, date: string | null) =>
      `<item><title>${title}</title><link>{{BASE}}${path}</link>${date ? `<pubDate>${date}</pubDate>` : ''}</item>`;
    server.set('/feeds/future-dates.rss', {
      type: 'application/rss+xml',
      body:
        '<rss version="2.0"><channel><title>Quay notes</title>' +
        item(
          'far future, undated page',
          '/articles/tram-line.html?d=future',
          'Thu, 01 Jan 2099 00:00:00 GMT',
        ) +
        item('far future, dated page', '/articles/skewed-page.html', 'Thu, 01 Jan 2099 00:00:00 GMT') +
        item('two hours ahead', '/articles/bridge-lorries.html?d=skew', 'Tue, 10 Mar 2026 09:00:00 GMT') +
        item('undated, future page', '/articles/future-page.html', null) +
        '</channel></rss>',
    });
    const { candidates, report } = await readFeedSource(server.feed('future-dates.rss'), deps, {
      notBefore: '2026-03-03T07:00:00Z',
    });
    expect(report).toMatchObject({ ok: true, items: 4, candidates: 4, failures: [] });
    expect(candidates.map((c) => c.story.published)).toEqual([
      null, // read as undated, and its page has no date
      '2026-03-10T06:30:00Z', // read as undated: the page's own date stands in, as for any undated item
      '2026-03-10T09:00:00.000Z', // within a day: clock skew, a zone written wrong
      null, // the page's own 2099 is not believed either
    ]);
    expect(report.notes.map((n) => n.title)).toEqual([
      'far future, undated page',
      'far future, dated page',
      'undated, future page',
    ]);
    for (const n of report.notes)
      expect(n.note).toMatch(
        /^dated 2099-0[16]-01T00:00:00(\.000)?Z, more than 1 day ahead of the reading time \(2026-03-10T07:00:00\.000Z\): read as undated$/,
      );
    expect(report.notes[0]!.url).toBe(`${server.origin}/articles/tram-line.html?d=future`);
  });

  it('skips dated items older than the maximum age without fetching them', async () => {
    const { report } = await readFeedSource(server.feed('courier.rss'), deps, {
      notBefore: '2026-03-10T05:00:00Z',
    });
    expect(report).toMatchObject({ skipped: 3, tooOld: 3, alreadySent: 0 });
    expect(report.candidates).toBe(1);
  });

  it.each([
    ['malformed.rss', /FeedParseError: feed is not well-formed XML/],
    ['no-channel.rss', /FeedParseError: RSS feed has no channel/],
    ['external-entity.rss', /FeedParseError/],
    ['not-a-feed.html', /FeedFetchError/],
    ['absent.rss', /FeedFetchError: could not fetch feed: .*404/],
  ])('a broken source (%s) is reported, never thrown', async (name, error) => {
    const { candidates, report } = await readFeedSource(server.feed(name), deps);
    expect(candidates).toEqual([]);
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(error);
  });

  describe('a feed served under a generic type (text/plain, octet-stream) is read when it is one', () => {
    const fixture = (name: string) => readFileSync(join(FEED_FIXTURES, name), 'utf8');
    const RDF =
      '<?xml version="1.0"?><!-- mislabelled --><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">' +
      '<channel rdf:about="{{BASE}}/"><title>Quay notes</title><link>{{BASE}}/</link></channel>' +
      '<item rdf:about="{{BASE}}/articles/tram-line.html"><title>Tram line</title><link>{{BASE}}/articles/tram-line.html</link></item></rdf:RDF>';

    it.each([
      {
        name: 'RSS as text/plain',
        type: 'text/plain; charset=utf-8',
        body: () => fixture('courier.rss'),
        items: 4,
      },
      { name: 'Atom as text/plain', type: 'text/plain', body: () => fixture('port.atom'), items: 2 },
      {
        name: 'RSS as application/octet-stream',
        type: 'application/octet-stream',
        body: () => fixture('courier.rss'),
        items: 4,
      },
      { name: 'RDF as binary/octet-stream', type: 'binary/octet-stream', body: () => RDF, items: 1 },
      { name: 'Atom with no Content-Type', type: '', body: () => fixture('port.atom'), items: 2 },
    ])('$name', async ({ type, body, items }) => {
      const path = `/feeds/generic-${items}-${type.replace(/\W+/g, '-')}.xml`;
      server.set(path, { type, body: body() });
      const { report } = await readFeedSource(`${server.origin}${path}`, deps);
      expect(report).toMatchObject({ ok: true, error: null, items });
    });

    it.each([
      { name: 'an HTML page as text/plain', type: 'text/plain', body: () => fixture('not-a-feed.html') },
      {
        name: 'plain text as application/octet-stream',
        type: 'application/octet-stream',
        body: () => 'The harbour office said the night ferry would run late all week.\n',
      },
      {
        name: 'an HTML page as application/octet-stream',
        type: 'application/octet-stream',
        body: () => fixture('not-a-feed.html'),
      },
      { name: 'an HTML page with no Content-Type', type: '', body: () => fixture('not-a-feed.html') },
    ])('$name is still refused, with the error it always had', async ({ type, body }) => {
      const path = `/feeds/generic-refused-${type.replace(/\W+/g, '-')}-${body().length}`;
      server.set(path, { type, body: body() });
      const { report } = await readFeedSource(`${server.origin}${path}`, deps);
      expect(report.ok).toBe(false);
      expect(report.error).toBe(
        `FeedFetchError: could not fetch feed: unsupported content type ${type.split(';')[0] || '(none)'} at ${server.origin}${path}`,
      );
    });
  });

  it("a feed cut off in transit is named as such, not with the parser's internal list", async () => {
    const whole = await (await fetch(server.feed('courier.rss'))).text();
    server.set('/feeds/cut-off.rss', {
      type: 'application/rss+xml',
      body: whole.slice(0, whole.indexOf('</item>') + 20),
    });
    const { report } = await readFeedSource(server.feed('cut-off.rss'), deps);
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(
      /^FeedParseError: feed is not well-formed XML: it ends before <rss>, <channel>, <item>(, <\w+>)? are closed \(cut off\?\)$/,
    );
  });

  it('a source that hangs is cut off by its time budget', async () => {
    const started = Date.now();
    const { report } = await readFeedSource(server.feed('slow.rss?ms=30000'), deps, { timeoutMs: 400 });
    expect(Date.now() - started).toBeLessThan(8000); // the feed answers after 30 s
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/timed out|time/i);
  });

  it('a feed still sending when its budget ends is a timeout naming the budget, not XML "cut off"', async () => {
    // A body that ends with the connection (HTTP/1.0: no length, not chunked), trickled out for longer than the
    // budget: the deadline closes the socket, which used to read as the end of a whole body.
    const trickle = await startTrickleServer();
    try {
      const started = Date.now();
      const { report } = await readFeedSource(trickle.url, deps, { timeoutMs: 400 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(report.ok).toBe(false);
      expect(report.error).toBe(
        `FeedFetchError: could not fetch feed: timed out after 0.4 s: ${trickle.url}`,
      );
      // `digest sources add` reads it the same way
      await expect(checkFeed(trickle.url, deps, { timeoutMs: 400 })).rejects.toThrow(
        /^could not fetch feed: timed out after 0\.4 s: /,
      );
    } finally {
      await trickle.close();
    }
  });

  it('an item whose link is not http(s) is reported as such, not as having no link', async () => {
    server.set('/feeds/odd-links.rss', {
      type: 'application/rss+xml',
      body:
        '<rss version="2.0"><channel><title>t</title>' +
        '<item><title>Script</title><link>javascript:alert(document.cookie)</link></item>' +
        '<item><title>Mail</title><link>mailto:desk@example.org</link></item>' +
        '<item><title>Nothing</title><description>No link at all.</description></item>' +
        '<item><title>Bridge</title><link>{{BASE}}/articles/bridge-lorries.html</link></item>' +
        '</channel></rss>',
    });
    const { candidates, report } = await readFeedSource(server.feed('odd-links.rss'), deps);
    expect(candidates.map((c) => c.story.url)).toEqual([`${server.origin}/articles/bridge-lorries.html`]);
    expect(report.failures.map((f) => [f.title, f.error])).toEqual([
      ['Script', 'item link is not http(s) (javascript:)'],
      ['Mail', 'item link is not http(s) (mailto:)'],
      ['Nothing', 'item has no link'],
    ]);
  });

  it('a link with a user name and password is read and published without them, and the report says so', async () => {
    const withCredentials = server.origin.replace('http://', 'http://editor:s3cret@');
    const page = readFileSync(join(FEED_FIXTURES, 'articles/harbour-reopens.html'), 'utf8').replace(
      /<link rel="canonical" href="[^"]*">/,
      `<link rel="canonical" href="${withCredentials}/articles/harbour-canonical.html">`,
    );
    expect(page).toContain('editor:s3cret@');
    server.set('/articles/harbour-canonical.html', { type: 'text/html', body: page });
    server.set('/feeds/credentials.rss', {
      type: 'application/rss+xml',
      body:
        '<rss version="2.0"><channel><title>t</title>' +
        `<item><title>Tram</title><link>${withCredentials}/articles/tram-line.html</link></item>` +
        '<item><title>Harbour</title><link>{{BASE}}/articles/harbour-canonical.html</link></item>' +
        '</channel></rss>',
    });
    const { candidates, report } = await readFeedSource(server.feed('credentials.rss'), deps);
    expect(report.failures).toEqual([]);
    expect(candidates.map((c) => c.story.url)).toEqual([
      `${server.origin}/articles/tram-line.html`,
      `${server.origin}/articles/harbour-canonical.html`,
    ]);
    // nothing a mail or the archive prints from a story carries them
    expect(JSON.stringify(candidates)).not.toContain('s3cret');
    expect(report.notes).toEqual([
      {
        url: `${server.origin}/articles/tram-line.html`,
        title: 'Tram',
        note: 'its link carried a user name or password, removed before the link was used',
      },
    ]);
  });

  it('an item page that hangs fails that item only', async () => {
    server.set('/feeds/one-slow-item.rss', {
      type: 'application/rss+xml',
      body:
        '<rss version="2.0"><channel><title>t</title>' +
        '<item><title>slow</title><link>{{BASE}}/articles/slow.html?ms=30000</link></item>' +
        '<item><title>ok</title><link>{{BASE}}/articles/bridge-lorries.html</link></item></channel></rss>',
    });
    const started = Date.now();
    const { candidates, report } = await readFeedSource(server.feed('one-slow-item.rss'), deps, {
      timeoutMs: 1500,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(candidates.map((c) => c.story.title)).toEqual([expect.stringMatching(/Veldt bridge/)]);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]!.error).toMatch(/timed out|time/i);
  });

  it('keeps feed order when items have no guid and pages name a canonical URL other than the link', async () => {
    server.set('/feeds/no-guids.rss', {
      type: 'application/rss+xml',
      body:
        '<rss version="2.0"><channel><title>t</title>' +
        '<item><title>Harbour</title><link>{{BASE}}/articles/harbour-reopens.html?utm_source=rss</link></item>' +
        '<item><title>Tram</title><link>{{BASE}}/articles/tram-line.html</link></item>' +
        '<item><title>Bridge</title><link>{{BASE}}/articles/bridge-lorries.html?utm_source=rss</link></item>' +
        '</channel></rss>',
    });
    const { candidates, report } = await readFeedSource(server.feed('no-guids.rss'), deps);
    expect(report).toMatchObject({ ok: true, items: 3, candidates: 3 });
    expect(candidates.map((c) => c.story.url)).toEqual([
      `${server.origin}/articles/harbour-reopens.html`,
      `${server.origin}/articles/tram-line.html`,
      `${server.origin}/articles/bridge-lorries.html`,
    ]);
  });

  it('a huge feed is capped by item count', async () => {
    const feed = await readFeed(server.feed('huge.rss?items=5000'), deps, { maxItems: 100 });
    expect(feed.items).toHaveLength(100);
    expect(feed.truncated).toBe(true);
    // with everything older than the maximum age, nothing is fetched
    const { report } = await readFeedSource(server.feed('huge.rss?items=5000'), deps, {
      maxItems: 100,
      notBefore: '2027-01-01T00:00:00Z',
    });
    expect(report).toMatchObject({ ok: true, items: 100, skipped: 100, truncated: true });
  });

  it('a huge feed is refused by size', async () => {
    const { report } = await readFeedSource(server.feed('huge-bytes.rss'), deps, {
      maxFeedBytes: 1024 * 1024,
    });
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/FeedFetchError|larger/);
  });

  it('queued article URLs become candidates; a dead one is reported', async () => {
    const { candidates, report, queuedUrls } = await readQueuedArticles(
      [
        {
          url: `${server.origin}/articles/market-centenary.html?utm_source=mail`,
          queuedAt: '2026-03-10T06:00:00Z',
          origin: 'queue',
        },
        { url: `${server.origin}/articles/nope.html`, queuedAt: '2026-03-10T06:01:00Z', origin: 'queue' },
      ],
      deps,
    );
    expect(report).toMatchObject({ ok: true, items: 2, candidates: 1 });
    expect(report.failures[0]!.url).toMatch(/nope\.html$/);
    expect(candidates[0]!.origin).toBe('queue');
    expect(queuedUrls!.get(candidates[0]!)).toMatch(/utm_source=mail$/);
  });
});

describe('checkFeed (digest sources add) reads a URL as the briefing will', () => {
  const fixture = (name: string) => readFileSync(join(FEED_FIXTURES, name), 'utf8');
  const PAGE = () => fixture('not-a-feed.html');
  const cases = [
    { name: 'RSS', type: 'application/rss+xml', body: () => fixture('courier.rss') },
    { name: 'Atom', type: 'application/atom+xml', body: () => fixture('port.atom') },
    { name: 'RSS as application/xml', type: 'application/xml', body: () => fixture('courier.rss') },
    { name: 'Atom as text/plain', type: 'text/plain', body: () => fixture('port.atom') },
    { name: 'RSS with no Content-Type', type: '', body: () => fixture('courier.rss') },
    { name: 'a web page', type: 'text/html; charset=utf-8', body: PAGE },
    { name: 'a web page as text/plain', type: 'text/plain', body: PAGE },
    { name: 'a web page as XHTML', type: 'application/xhtml+xml', body: PAGE },
    {
      name: 'XML that is no feed',
      type: 'application/xml',
      body: () => '<?xml version="1.0"?><note>hi</note>',
    },
    { name: 'a malformed feed', type: 'application/rss+xml', body: () => fixture('malformed.rss') },
    { name: 'a PDF', type: 'application/pdf', body: () => '%PDF-1.7' },
  ];

  it.each(cases)('$name: accepted exactly when a briefing reads it', async ({ name, type, body }) => {
    const path = `/feeds/check-${name.replace(/\W+/g, '-')}`;
    server.set(path, { type, body: body() });
    const url = `${server.origin}${path}`;
    const briefing = await readFeed(url, deps).then(
      (feed) => feed.items.length,
      () => null,
    );
    const check = await checkFeed(url, deps).then(
      (feed) => feed.items.length,
      () => null,
    );
    expect(check).toBe(briefing);
  });

  it.each([
    ['a web page', 'text/html', PAGE, 'it answers with a web page (text/html)'],
    ['a web page as text/plain', 'text/plain', PAGE, 'it answers with a web page (text/plain)'],
    [
      'XML that is no feed',
      'text/xml',
      () => '<?xml version="1.0"?><note>hi</note>',
      'it answers with an XML document (<note>, text/xml)',
    ],
    [
      'plain text',
      'application/octet-stream',
      () => 'The harbour office said the night ferry would run late.',
      'it answers with application/octet-stream, and the body is not a feed',
    ],
  ])('%s is refused as not a feed, saying what it is', async (name, type, body, why) => {
    const path = `/feeds/refused-${name.replace(/\W+/g, '-')}`;
    server.set(path, { type, body: body() });
    const url = `${server.origin}${path}`;
    const error = await checkFeed(url, deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAFeedError);
    expect((error as Error).message).toBe(`${url} is not an RSS or Atom feed: ${why}`);
  });

  it('a URL that cannot be fetched is a fetch error, not "not a feed"', async () => {
    const error = await checkFeed(server.feed('absent.rss'), deps).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(NotAFeedError);
    expect((error as Error).message).toBe(
      `could not fetch feed: ${server.feed('absent.rss')} returned 404 Not Found`,
    );
  });
});

describe('the declared content type decides how a fetched page is read', () => {
  // A real page with little markup: no doctype, four tags. By its text alone it would pass for plain
  // text, and its markup would end up in the digest.
  const SPARSE_PAGE = [
    '<title>Tram depot plans approved</title>',
    '<p>The city council approved plans for a new tram depot on the eastern edge of Lindqvist on Monday evening, ending two years of argument over where the vehicles for the extended line should be kept and serviced.',
    '<p>Councillor Marta Oyelaran said the depot would bring eighty jobs to the district and let the operator run trams every six minutes at peak times. Work on the site is due to begin in the autumn and to finish before the line opens.',
  ].join('\n');

  it('reads a text/html page with few tags as HTML in a queued article', async () => {
    server.set('/articles/sparse-depot.html', { type: 'text/html; charset=utf-8', body: SPARSE_PAGE });
    const { candidates, report } = await readQueuedArticles(
      [
        {
          url: `${server.origin}/articles/sparse-depot.html`,
          queuedAt: '2026-03-10T06:00:00Z',
          origin: 'queue',
        },
      ],
      deps,
    );
    expect(report).toMatchObject({ ok: true, candidates: 1 });
    const story = candidates[0]!.story;
    expect(story.title).toBe('Tram depot plans approved');
    expect(story.source).toMatch(/^The city council approved plans/);
    expect(story.source).toContain('Councillor Marta Oyelaran said');
    expect(story.source).not.toMatch(/<\/?(?:title|p)>/);
  });

  it('reads a text/plain article (a statement published as .txt) as text, as summarize URL does', async () => {
    const statement = [
      'Tram depot plans approved',
      '',
      'The city council approved plans for a new tram depot on the eastern edge of Lindqvist on Monday evening, ending two years of argument.',
      '',
      '<p> and <b> in this statement are written about, not markup: "The depot is not a <b>bold</b> idea, it is overdue," Councillor Marta Oyelaran said.',
    ].join('\n');
    server.set('/statements/depot.txt', { type: 'text/plain; charset=utf-8', body: statement });
    const { candidates, report } = await readQueuedArticles(
      [{ url: `${server.origin}/statements/depot.txt`, queuedAt: '2026-03-10T06:00:00Z', origin: 'queue' }],
      deps,
    );
    expect(report).toMatchObject({ ok: true, candidates: 1, failures: [] });
    // plain text keeps its bytes: the angle brackets are words of the statement
    expect(candidates[0]!.story.source).toBe(statement);
  });

  it('reads a text/html page with few tags as HTML in a feed item', async () => {
    server.set('/articles/sparse-depot.html', { type: 'text/html', body: SPARSE_PAGE });
    server.set('/feeds/sparse.rss', {
      type: 'application/rss+xml',
      body:
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Lindqvist Courier</title><link>{{BASE}}/</link>' +
        '<item><title>Depot approved</title><link>{{BASE}}/articles/sparse-depot.html</link>' +
        '<guid isPermaLink="false">sparse-depot</guid></item></channel></rss>',
    });
    const { candidates, report } = await readFeedSource(server.feed('sparse.rss'), deps);
    expect(report).toMatchObject({ ok: true, candidates: 1, failures: [] });
    expect(candidates[0]!.story.title).toBe('Tram depot plans approved');
    expect(candidates[0]!.story.source).not.toContain('<');
  });
});

describe('Atom and RSS details', () => {
  const XHTML_PARAS =
    '<p>The night ferry to Skarholm ran <em>forty minutes</em> late on Tuesday, after a cable snagged on the quay.</p>' +
    '<p>Passengers waited in the terminal while crews freed the ramp, and the operator said the &amp; timetable would hold for the rest of the week.</p>';

  it('resolves relative links against xml:base, level by level (Atom and RSS)', () => {
    const atom = parseFeed(
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://port.example.org/news/">' +
        '<title>Port</title><link href="./"/>' +
        '<entry xml:base="2026/"><title>Ferry</title><id>urn:port:1</id><link href="ferry.html"/></entry>' +
        '<entry><title>Quay</title><id>urn:port:2</id><link xml:base="/archive/" href="quay.html"/></entry>' +
        '</feed>',
      { feedUrl: 'https://feeds.example.net/port.atom' },
    );
    expect(atom.link).toBe('https://port.example.org/news/');
    expect(atom.items.map((i) => i.link)).toEqual([
      'https://port.example.org/news/2026/ferry.html',
      'https://port.example.org/archive/quay.html',
    ]);
    const rss = parseFeed(
      '<rss version="2.0" xml:base="https://courier.example.org/"><channel><title>Courier</title>' +
        '<item><title>Tram</title><link>node/12</link></item></channel></rss>',
      { feedUrl: 'https://feeds.example.net/courier.rss' },
    );
    expect(rss.items[0]!.link).toBe('https://courier.example.org/node/12');
  });

  it('drops a user name and password from every link, Atom and RSS, and marks the item', () => {
    const atom = parseFeed(
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://ed:pw@port.example.org/news/">' +
        '<title>Port</title><link href="./"/>' +
        '<entry><title>Ferry</title><id>urn:port:1</id><link href="ferry.html"/></entry>' +
        '<entry><title>Quay</title><id>urn:port:2</id><link href="https://port.example.org/quay.html"/></entry>' +
        '</feed>',
    );
    expect(atom.link).toBe('https://port.example.org/news/');
    expect(atom.items.map((i) => [i.link, i.linkIssue])).toEqual([
      ['https://port.example.org/news/ferry.html', { kind: 'credentials-removed' }],
      ['https://port.example.org/quay.html', undefined],
    ]);
    const rss = parseFeed(
      '<rss version="2.0"><channel><title>Courier</title>' +
        '<item><title>Token</title><link>https://token@courier.example.org/a</link></item>' +
        '<item><title>Guid</title><guid>https://ed:pw@courier.example.org/b</guid></item>' +
        '</channel></rss>',
    );
    expect(rss.items.map((i) => [i.link, i.linkIssue])).toEqual([
      ['https://courier.example.org/a', { kind: 'credentials-removed' }],
      ['https://courier.example.org/b', { kind: 'credentials-removed' }],
    ]);
  });

  it('takes a permalink guid as the link only when it is an absolute URL', () => {
    const feed = parseFeed(
      '<rss version="2.0"><channel><title>Courier</title>' +
        '<item><title>Numbered</title><guid>48213</guid><description>The quay reopens.</description></item>' +
        '<item><title>Permalink</title><guid>https://courier.example.org/2026/quay</guid></item>' +
        '</channel></rss>',
      { feedUrl: 'https://feeds.example.net/courier.rss' },
    );
    expect(feed.items.map((i) => [i.guid, i.link])).toEqual([
      ['48213', null],
      ['https://courier.example.org/2026/quay', 'https://courier.example.org/2026/quay'],
    ]);
  });

  it('reads type="xhtml" and type="html" text constructs: titles as text, content as markup', () => {
    const feed = parseFeed(
      '<feed xmlns="http://www.w3.org/2005/Atom">' +
        '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Harbour <b>news</b></div></title>' +
        '<entry><title type="html">&lt;em&gt;Ferry&lt;/em&gt; late &amp;amp; crowded</title><id>urn:port:1</id>' +
        `<link href="https://port.example.org/ferry"/><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${XHTML_PARAS}</div></content></entry>` +
        '<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Quay <i>repairs</i> begin</div></title><id>urn:port:2</id>' +
        '<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Work starts <b>Monday</b>.</p></div></summary></entry>' +
        '</feed>',
    );
    expect(feed.title).toBe('Harbour news');
    expect(feed.items.map((i) => i.title)).toEqual(['Ferry late & crowded', 'Quay repairs begin']);
    expect(feed.items[0]!.content).toContain(
      '<p>The night ferry to Skarholm ran <em>forty minutes</em> late',
    );
    expect(feed.items[1]!.summary).toContain('<p>Work starts <b>Monday</b>.</p>');
  });

  it('reads RSS titles as plain text: markup in CDATA or escaped is dropped, white space folded', async () => {
    const paras = XHTML_PARAS.repeat(2).replace(/</g, '&lt;').replace(/>/g, '&gt;');
    server.set('/feeds/marked-titles.rss', {
      type: 'application/rss+xml',
      body:
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>' +
        '<title><![CDATA[Port <b>desk</b>]]></title>' +
        '<item><title><![CDATA[Night ferry <em>late</em> & crowded]]></title><guid>urn:port:ferry</guid>' +
        `<link>${server.origin}/articles/gone.html</link><content:encoded>${paras}</content:encoded></item>` +
        '<item><title>Q&amp;A: what &lt;i&gt;the levy&lt;/i&gt; means for a &lt; b</title><guid>urn:port:levy</guid>' +
        `<link>${server.origin}/articles/gone-too.html</link></item>` +
        '<item><title>\n   Quay repairs\n   begin   </title><guid>urn:port:quay</guid>' +
        `<link>${server.origin}/articles/gone-three.html</link></item>` +
        '</channel></rss>',
    });
    const feed = parseFeed(await (await fetch(server.feed('marked-titles.rss'))).text());
    expect(feed.title).toBe('Port desk');
    expect(feed.items.map((i) => i.title)).toEqual([
      'Night ferry late & crowded',
      'Q&A: what the levy means for a < b',
      'Quay repairs begin',
    ]);
    // the page is gone: the feed's content stands in, under the feed's title as the reader should see it
    const { candidates, report } = await readFeedSource(server.feed('marked-titles.rss'), deps);
    expect(candidates.map((c) => c.story.title)).toEqual(['Night ferry late & crowded']);
    expect(report.failures.map((f) => f.title)).toEqual([
      'Q&A: what the levy means for a < b',
      'Quay repairs begin',
    ]);
  });

  it('keeps every word of RSS fields written with raw markup, and the fallback reads them whole', async () => {
    server.set('/feeds/raw-markup.rss', {
      type: 'application/rss+xml',
      body:
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Port desk</title>' +
        `<item><title>Night ferry <em>forty minutes</em> late</title><guid>urn:port:raw</guid><link>${server.origin}/articles/gone.html</link>` +
        `<description>${XHTML_PARAS.repeat(2)}</description></item>` +
        '<item><title>Quay repairs</title><guid>urn:port:plain</guid><description>Work starts &lt;b&gt;Monday&lt;/b&gt;.</description></item>' +
        '</channel></rss>',
    });
    const feed = parseFeed(await (await fetch(server.feed('raw-markup.rss'))).text());
    expect(feed.items.map((i) => i.title)).toEqual(['Night ferry forty minutes late', 'Quay repairs']);
    expect(feed.items[0]!.summary).toContain(
      '<p>The night ferry to Skarholm ran <em>forty minutes</em> late on Tuesday',
    );
    expect(feed.items[1]!.summary).toBe('Work starts <b>Monday</b>.');
    const { candidates } = await readFeedSource(server.feed('raw-markup.rss'), deps);
    expect(candidates.map((c) => c.story.title)).toEqual(['Night ferry forty minutes late']);
    expect(candidates[0]!.story.source).toContain(
      'The night ferry to Skarholm ran forty minutes late on Tuesday, after a cable snagged on the quay.',
    );
  });

  it('a briefing follows xml:base to the page, and falls back to xhtml content when the page is gone', async () => {
    server.set('/feeds/based.atom', {
      type: 'application/atom+xml',
      body:
        `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${server.origin}/elsewhere/"><title>Port desk</title>` +
        '<entry xml:base="../articles/"><title>Market</title><id>urn:port:market</id><link href="market-centenary.html"/>' +
        '<updated>2026-03-10T06:00:00Z</updated></entry>' +
        '<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Night ferry <em>late</em></div></title>' +
        '<id>urn:port:ferry</id><link href="/articles/gone.html"/><updated>2026-03-10T05:00:00Z</updated>' +
        `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${XHTML_PARAS.repeat(2)}</div></content></entry>` +
        '</feed>',
    });
    const { candidates, report } = await readFeedSource(server.feed('based.atom'), deps);
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ ok: true, items: 2, candidates: 2 });
    const [market, ferry] = candidates;
    expect(market!.story.url).toBe(`${server.origin}/articles/market-centenary.html`);
    expect(market!.story.title).toMatch(/Grain Street market/);
    expect(ferry!.story.title).toBe('Night ferry late');
    expect(ferry!.story.source).toContain('The night ferry to Skarholm ran forty minutes late on Tuesday');
  });
});

describe('parseFeed safety', () => {
  it('does not expand an entity bomb', async () => {
    const xml = await (await fetch(server.feed('entity-bomb.rss'))).text();
    const started = Date.now();
    let titleLength = 0;
    try {
      titleLength = parseFeed(xml).items[0]?.title?.length ?? 0;
    } catch (error) {
      expect(error).toBeInstanceOf(FeedParseError);
    }
    expect(Date.now() - started).toBeLessThan(1000);
    expect(titleLength).toBeLessThan(10_000);
  });

  it.each([
    '',
    '   ',
    'plain text',
    '<html><body>x</body></html>',
    '<rss version="2.0"></rss>',
    '<?xml version="1.0"?><foo/>',
  ])('rejects %j with FeedParseError', (input) => {
    expect(() => parseFeed(input)).toThrow(FeedParseError);
  });
});
