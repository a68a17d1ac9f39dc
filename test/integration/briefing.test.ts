/**
 * Briefings end to end below the CLI: real feeds over loopback HTTP, dynalite, the file archive,
 * the outbox and the real delivery workers; the schedule and approve handlers driven with
 * API-Gateway-shaped events.
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listOutbox, outboxDir } from '../../functions/adapters/outbox-mailer.js';
import type { LocalBriefing } from '../../functions/cli/local-briefing.js';
import type { LocalDeps } from '../../functions/cli/local-deps.js';
import { newList } from '../../functions/core/newsletter-list.js';
import { importedSubscriber } from '../../functions/core/subscription.js';
import { createHandler as approveHandler } from '../../functions/handlers/approve.js';
import { createHandler as archiveHandler } from '../../functions/handlers/archive.js';
import { createHandler as issuePageHandler } from '../../functions/handlers/issue-page.js';
import { createHandler as s3DropHandler } from '../../functions/handlers/s3-drop.js';
import { createHandler as scheduleHandler } from '../../functions/handlers/schedule.js';
import { expireOverdueDrafts, runBriefing } from '../../functions/use-cases/briefing.js';
import { consoleWindow } from '../../functions/use-cases/console-issues.js';
import { settableClock } from '../support/clock.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';
import { httpEvent as event } from '../support/http-event.js';
import { type LocalBriefingWorld, openLocalBriefingWorld } from '../support/local-briefing-world.js';

const silentLog = () => {};

let server: FeedServer;
let world: LocalBriefingWorld;
let dataDir: string;
let deps: LocalDeps;
let local: LocalBriefing;
const clock = settableClock('2026-03-10T07:00:00Z');

async function mails(): Promise<string[]> {
  const names = await listOutbox(dataDir);
  return Promise.all(names.map((n) => readFile(join(outboxDir(dataDir), n), 'utf8')));
}

async function subscribe(list: string, ...emails: string[]) {
  const at = clock.now().toISOString();
  for (const email of emails) {
    await deps.subscribers.put(importedSubscriber(email, list, at));
  }
}

beforeAll(async () => {
  server = await startFeedServer();
  world = await openLocalBriefingWorld('digest-briefing-', {
    clock,
    env: { DIGEST_ALLOW_LOOPBACK: '1', DIGEST_BASE_URL: 'http://127.0.0.1:8787' },
  });
  ({ dataDir, deps, local } = world);
  for (const id of [
    'city',
    'tokyo',
    'reviewed',
    'hostile',
    'drops',
    'late',
    'aged',
    'unedited',
    'readerless',
  ])
    await deps.lists.create(newList(id, `The ${id} briefing`, {}, clock.now().toISOString()));
});

afterAll(async () => {
  await world?.close();
  await server?.close();
});

beforeEach(() => {
  clock.at = new Date('2026-03-10T07:00:00Z');
});

describe('drafts held for the console', { timeout: 90_000 }, () => {
  it('one that expires on a list with no editor mails nobody, and a draft whose expiry fails never stops the run', async () => {
    const list = 'unedited';
    const store = local.briefing.store;
    await subscribe(list, 'ida@example.org');
    const article = `${server.origin}/articles/library-sundays.html`;
    await store.queueArticle(list, { url: article, queuedAt: clock.now().toISOString(), origin: 'queue' });
    // "Compose from the sources" in the console, on a list in auto mode without an editor (the default).
    const held = await runBriefing(
      { list, scheduledAt: clock.now(), window: consoleWindow(clock.now()), hold: true },
      local.briefing,
    );
    expect(held.kind).toBe('draft');
    if (held.kind !== 'draft') return;
    const draft = (await store.getDraft(held.issueId))!;
    // Overdue through the store (its deadline an hour ago), not by moving the clock.
    const past = new Date(clock.now().getTime() - 3_600_000).toISOString();
    await store.putDraft({ ...draft, deadline: past });
    // And another draft of the list, whose editor's address no mail can go to: its notice fails.
    const broken = { ...draft, issueId: '20260310-0000000b0b0b', window: 'w-broken', deadline: past };
    await store.claimWindow(list, broken.window, broken.issueId, clock.now().toISOString());
    await store.settleWindow(list, broken.window, 'draft', clock.now().toISOString());
    await store.putDraft({ ...broken, editor: 'desk@example.org, night@example.org' });
    const before = await listOutbox(dataDir);

    const logged: Record<string, unknown>[] = [];
    const r = await scheduleHandler(local.briefing, (entry) => logged.push(entry))({
      list,
      scheduledTime: '2026-03-10T07:00:00Z',
    });
    expect(r.expiredDrafts).toEqual([draft.issueId]);
    expect(logged).toContainEqual(
      expect.objectContaining({ event: 'draft-expired-without-notice', list, issueId: draft.issueId }),
    );
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'error',
        event: 'draft-expiry-failed',
        list,
        issueId: broken.issueId,
        error: expect.stringMatching(/To is not a single valid email address/),
      }),
    );
    // The draft named no editor: the list has none, and the sender address is nobody's inbox.
    expect(draft.editor).toBeNull();
    expect((await store.getDraft(draft.issueId))?.status).toBe('expired');
    expect(await store.getWindow(list, draft.window)).toMatchObject({ status: 'expired' });
    // The run went on: the expired draft's article, never sent, went out to the list's reader.
    expect(r.outcome).toBe('sent');
    const issue = await local.briefing.archive.get(r.issueId!);
    expect(issue?.issue.stories.map((s) => s.url)).toEqual([article]);
    const added = (await listOutbox(dataDir)).filter((n) => !before.includes(n));
    const sent = await Promise.all(added.map((n) => readFile(join(outboxDir(dataDir), n), 'utf8')));
    expect(sent.map((m) => /^To: (.*)$/m.exec(m)?.[1]?.trim())).toEqual(['ida@example.org']);
  });
});

describe('scheduled briefings', { timeout: 90_000 }, () => {
  const schedule = () => scheduleHandler(local.briefing, silentLog);

  it('two runs for the same window create one issue; a later window with nothing new sends nothing', async () => {
    const list = 'city';
    await subscribe(list, 'ana@example.org', 'ben@example.org');
    await local.briefing.store.addSource(list, server.feed('courier.rss'), clock.now().toISOString());
    await local.briefing.store.addSource(list, server.feed('port.atom'), clock.now().toISOString());
    await local.briefing.store.addSource(list, server.feed('malformed.rss'), clock.now().toISOString());
    const before = (await mails()).length;

    // Two invocations of the same scheduled time, at once (a Scheduler retry racing the first).
    const input = { list, scheduledTime: '2026-03-10T07:00:00Z' };
    const [a, b] = await Promise.all([schedule()(input), schedule()(input)]);
    const outcomes = [a.outcome, b.outcome].sort();
    expect(outcomes).toEqual(['duplicate', 'sent']);
    expect(a.issueId).toBe(b.issueId);
    // The malformed feed is named, whichever of the two runs composed the issue.
    expect([...a.failedSources, ...b.failedSources]).toEqual([
      { url: server.feed('malformed.rss'), error: expect.stringMatching(/FeedParseError/) },
    ]);
    // And once more, later, for the same window.
    clock.at = new Date('2026-03-10T09:00:00Z');
    const c = await schedule()({ list, scheduledTime: '2026-03-10T07:00:00Z' });
    expect(c).toMatchObject({ outcome: 'duplicate', issueId: a.issueId });

    const sent = (await mails()).slice(before);
    expect(sent).toHaveLength(2); // one issue × two subscribers
    const issue = await local.briefing.archive.get(a.issueId!);
    expect(issue).not.toBeNull();
    const titles = issue!.issue.stories.map((s) => s.title);
    // The syndicated copy of the harbour story (another URL, same text) is one story.
    expect(titles.filter((t) => /harbour/i.test(t ?? ''))).toHaveLength(1);
    expect(titles.length).toBeGreaterThanOrEqual(4);
    expect(issue!.issue.subject).toMatch(/\+\d more$/);
    expect(await local.briefing.archive.listByList(list)).toHaveLength(1);

    // Next day: the publisher re-keyed every GUID, nothing else changed → nothing new, nothing sent.
    await local.briefing.store.removeSource(list, server.feed('courier.rss'));
    await local.briefing.store.addSource(
      list,
      server.feed('courier-guid-changed.rss'),
      clock.now().toISOString(),
    );
    clock.at = new Date('2026-03-11T07:00:00Z');
    const next = await schedule()({ list, scheduledTime: '2026-03-11T07:00:00Z' });
    expect(next.outcome).toBe('empty');
    expect(next.detail).toMatch(/nothing/);
    expect((await mails()).length - before).toBe(2);
    expect(await local.briefing.store.getWindow(list, '2026-03-11')).toMatchObject({ status: 'empty' });
  });

  it('the window follows the list time zone', async () => {
    const list = 'tokyo';
    await subscribe(list, 'kei@example.org');
    const settings = await local.briefing.store.getSettings(list);
    await local.briefing.store.putSettings({ ...settings, timezone: 'Asia/Tokyo' });
    await local.briefing.store.queueArticle(list, {
      url: `${server.origin}/articles/tram-line.html`,
      queuedAt: clock.now().toISOString(),
      origin: 'queue',
    });
    // 2026-03-10T20:00Z is already the 11th in Tokyo.
    const r = await schedule()({ list, scheduledTime: '2026-03-10T20:00:00Z' });
    expect(r).toMatchObject({ outcome: 'sent', window: '2026-03-11' });
    expect(await local.briefing.store.listQueued(list)).toEqual([]); // used, so dequeued
  });

  it('a feed item never sent, dated 3 hours before the last issue, goes out in the next briefing', async () => {
    const list = 'late';
    await subscribe(list, 'dee@example.org');
    const item = (page: string, guid: string, at: string) =>
      `<item><title>${guid}</title><link>{{BASE}}/articles/${page}</link><guid>${guid}</guid><pubDate>${new Date(at).toUTCString()}</pubDate></item>`;
    const feed = (...items: string[]) => ({
      type: 'application/rss+xml',
      body: `<rss version="2.0"><channel><title>Late Desk</title><link>{{BASE}}/</link>${items.join('')}</channel></rss>`,
    });
    server.set('/feeds/late.rss', feed(item('harbour-reopens.html', 'harbour', '2026-03-10T06:00:00Z')));
    await local.briefing.store.addSource(list, server.feed('late.rss'), clock.now().toISOString());
    const first = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-1' }, local.briefing);
    expect(first.kind).toBe('sent');
    // The publisher adds a story it dated 04:00, three hours before that issue went out at 07:00.
    server.set(
      '/feeds/late.rss',
      feed(
        item('harbour-reopens.html', 'harbour', '2026-03-10T06:00:00Z'),
        item('tram-line.html', 'tram', '2026-03-10T04:00:00Z'),
      ),
    );
    clock.at = new Date('2026-03-10T09:00:00Z');
    const next = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-2' }, local.briefing);
    expect(next.kind).toBe('sent');
    if (next.kind !== 'sent') return;
    const issue = await local.briefing.archive.get(next.issueId);
    expect(issue!.issue.stories.map((s) => s.url)).toEqual([`${server.origin}/articles/tram-line.html`]);
    expect(next.read?.counts).toMatchObject({ items: 2, alreadySent: 1, tooOld: 0 });
  });

  it('nothing new gives the counts: already sent and older than the maximum age', async () => {
    const list = 'aged';
    await subscribe(list, 'fay@example.org');
    server.set('/feeds/aged.rss', {
      type: 'application/rss+xml',
      body:
        '<rss version="2.0"><channel><title>Aged</title>' +
        `<item><title>old</title><link>{{BASE}}/articles/bridge-lorries.html</link><pubDate>${new Date('2026-03-02T06:00:00Z').toUTCString()}</pubDate></item>` +
        '</channel></rss>',
    });
    await local.briefing.store.addSource(list, server.feed('aged.rss'), clock.now().toISOString());
    const r = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-1' }, local.briefing);
    expect(r).toMatchObject({ kind: 'empty', reason: '1 item read: 1 older than 7 days' });
    expect(r.kind === 'empty' && r.read).toMatchObject({
      firstIssue: true,
      maxItemAgeDays: 7,
      notBefore: '2026-03-03T07:00:00.000Z',
    });
    // The maximum age is the list's: with 10 days the same item goes out.
    const longer = { ...local.briefing, maxItemAgeDays: async () => 10 };
    expect(await runBriefing({ list, scheduledAt: clock.now(), window: 'run-2' }, longer)).toMatchObject({
      kind: 'sent',
    });
  });

  it('an issue for a list nobody can be mailed on is not sent, claimed or recorded: its stories wait for a reader', async () => {
    const list = 'readerless';
    const store = local.briefing.store;
    const queued = `${server.origin}/articles/harbour-reopens.html`;
    await store.queueArticle(list, { url: queued, queuedAt: clock.now().toISOString(), origin: 'queue' });
    // An address on the list that is confirmed but suppressed counts for nobody.
    await subscribe(list, 'gone@example.org');
    await deps.subscribers.suppress('gone@example.org', 'bounce', clock.now().toISOString());
    const before = await listOutbox(dataDir);

    const r = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-1' }, local.briefing);
    const reason =
      'no confirmed subscriber can be mailed (its only confirmed address is suppressed: a hard bounce or a complaint); its stories wait for a briefing with a reader';
    expect(r).toMatchObject({ kind: 'no-recipients', window: 'run-1', suppressed: 1, reason });
    expect(await store.getWindow(list, 'run-1')).toMatchObject({ status: 'no-recipients', note: reason });
    expect(await store.recentlySent(list)).toEqual([]);
    expect(await store.getLastIssue(list)).toBeNull();
    expect((await store.listQueued(list)).map((q) => q.url)).toEqual([queued]);
    expect(await local.briefing.archive.listByList(list)).toEqual([]);
    expect((await listOutbox(dataDir)).filter((n) => !before.includes(n))).toEqual([]);

    // A reader arrives: the story that waited goes out to them, in a run of the same window (taken over).
    await subscribe(list, 'hal@example.org');
    const sent = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-1' }, local.briefing);
    expect(sent.kind).toBe('sent');
    if (sent.kind !== 'sent') return;
    expect(sent.delivery.sent).toBe(1);
    const issue = await local.briefing.archive.get(sent.issueId);
    expect(issue?.issue.stories.map((s) => s.url)).toEqual([queued]);
  });

  it('rejects a bad schedule input (so Scheduler retries and dead-letters it)', async () => {
    await expect(schedule()({ scheduledTime: 'x' })).rejects.toThrow(/bad schedule input/);
  });
});

describe('review mode', { timeout: 90_000 }, () => {
  const list = 'reviewed';

  async function draft(scheduledTime: string): Promise<{ issueId: string; approveUrl: URL }> {
    const settings = await local.briefing.store.getSettings(list);
    await local.briefing.store.putSettings({
      ...settings,
      mode: 'review',
      editor: 'editor@example.org',
      reviewHours: 6,
    });
    const before = await listOutbox(dataDir);
    const r = await scheduleHandler(local.briefing, silentLog)({ list, scheduledTime });
    expect(r.outcome).toBe('draft');
    const added = (await listOutbox(dataDir)).filter((n) => !before.includes(n));
    expect(added).toHaveLength(1); // the preview, to the editor only
    const preview = await readFile(join(outboxDir(dataDir), added[0]!), 'utf8');
    expect(preview).toMatch(/^To: editor@example\.org/m);
    expect(preview).toMatch(/Subject: \[Review\]/);
    const link = /http:\/\/127\.0\.0\.1:8787\/drafts\/approve\?token=([A-Za-z0-9._%-]+)/.exec(
      preview.replace(/=\r?\n/g, ''),
    );
    expect(link).not.toBeNull();
    return { issueId: r.issueId!, approveUrl: new URL(link![0].replace(/=3D/g, '=')) };
  }

  it('a draft goes out only after the editor approves it (GET never approves)', async () => {
    await subscribe(list, 'cy@example.org');
    await local.briefing.store.queueArticle(list, {
      url: `${server.origin}/articles/library-sundays.html`,
      queuedAt: clock.now().toISOString(),
      origin: 'queue',
    });
    const { issueId, approveUrl } = await draft('2026-03-10T07:00:00Z');
    const token = decodeURIComponent(approveUrl.searchParams.get('token')!);
    expect(await local.briefing.archive.get(issueId)).toBeNull(); // a draft is not public

    // The next window, while the draft waits: its story is not offered again, and stays queued. It was not sent:
    // it is counted apart, as waiting in a pending draft.
    const next = await scheduleHandler(
      local.briefing,
      silentLog,
    )({
      list,
      scheduledTime: '2026-03-11T07:00:00Z',
    });
    expect(next).toMatchObject({ outcome: 'empty', detail: expect.stringMatching(/1 in a pending draft/) });
    expect(next.detail).not.toMatch(/already sent/);
    expect((await local.briefing.store.listQueued(list)).map((q) => q.url)).toContain(
      `${server.origin}/articles/library-sundays.html`,
    );

    const approve = approveHandler(local.http);
    const before = (await listOutbox(dataDir)).length;
    const page = await approve(event('GET', '/drafts/approve', { token }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<form method="post"/);
    // the button posts to the page's own path, also when the API sits under a base path
    const action = /<form method="post" action="([^"]+)"/
      .exec(page.body ?? '')?.[1]
      ?.replaceAll('&amp;', '&');
    expect(new URL(action ?? '', 'https://news.example.org/digest/drafts/approve?token=x').pathname).toBe(
      '/digest/drafts/approve',
    );
    expect(page.body).toMatch(/, 1 story\.<\/p>/); // not "1 stories"
    expect((await listOutbox(dataDir)).length).toBe(before); // nothing sent by GET

    expect(
      (await approve(event('POST', '/drafts/approve', { token: `${token.slice(0, -2)}xx` }))).statusCode,
    ).toBe(403);
    expect((await approve(event('POST', '/drafts/approve', { token: 'nonsense' }))).statusCode).toBe(400);

    const done = await approve(event('POST', '/drafts/approve', { token }));
    expect(done.statusCode).toBe(200);
    expect(done.body).toMatch(/sent/);
    expect((await listOutbox(dataDir)).length).toBe(before + 1);
    expect(await local.briefing.archive.get(issueId)).not.toBeNull();
    const again = await approve(event('POST', '/drafts/approve', { token }));
    expect(again.body).toMatch(/already|approved/i);
    expect((await listOutbox(dataDir)).length).toBe(before + 1);
  });

  it('a draft nobody approves by the deadline is not sent, and the editor is told', async () => {
    await local.briefing.store.queueArticle(list, {
      url: `${server.origin}/articles/bridge-lorries.html`,
      queuedAt: clock.now().toISOString(),
      origin: 'queue',
    });
    clock.at = new Date('2026-03-12T07:00:00Z');
    const { issueId, approveUrl } = await draft('2026-03-12T07:00:00Z');
    const token = decodeURIComponent(approveUrl.searchParams.get('token')!);
    clock.at = new Date('2026-03-12T13:00:01Z'); // 6 h later
    const before = await listOutbox(dataDir);
    expect(await expireOverdueDrafts(local.briefing)).toEqual({
      expired: [{ issueId, list, notice: 'mailed' }],
      failed: [],
    });
    const added = (await listOutbox(dataDir)).filter((n) => !before.includes(n));
    expect(added).toHaveLength(1);
    const notice = await readFile(join(outboxDir(dataDir), added[0]!), 'utf8');
    expect(notice).toMatch(/^To: editor@example\.org/m);
    expect(notice).toMatch(/Subject: Not sent:/);
    const late = await approveHandler(local.http)(event('POST', '/drafts/approve', { token }));
    expect(late.statusCode).toBe(403);
    expect(await local.briefing.archive.get(issueId)).toBeNull();
    expect(await local.briefing.store.getWindow(list, '2026-03-12')).toMatchObject({ status: 'expired' });
    // its article stays queued for the next briefing
    expect((await local.briefing.store.listQueued(list)).map((q) => q.url)).toContain(
      `${server.origin}/articles/bridge-lorries.html`,
    );
  });
});

describe('archive routes', () => {
  it('serves the web version without personal links, the archive page and an escaped RSS feed', async () => {
    const [summary] = await local.briefing.archive.listByList('city');
    expect(summary).toBeDefined();
    const page = await issuePageHandler(local.http)(event('GET', `/issues/${summary!.id}`));
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('%%{');
    expect(page.body).not.toMatch(/unsubscribe\?token=/);
    // A web reader has no subscription: no Preferences or Unsubscribe link, a Subscribe link instead.
    expect(page.body).not.toMatch(/>Preferences<|>Unsubscribe<|You are receiving/);
    expect(page.body).toContain('href="http://127.0.0.1:8787/lists/city/subscribe"');
    expect(page.body).toMatch(/>Subscribe<\/a> to receive The city briefing by email\./);
    expect((await issuePageHandler(local.http)(event('GET', '/issues/nope'))).statusCode).toBe(404);

    const archive = await archiveHandler(local.http)(event('GET', '/lists/city/archive'));
    expect(archive.statusCode).toBe(200);
    expect(archive.body).toContain(`/issues/${summary!.id}`);
    expect(archive.body).toContain('<h1>The city briefing</h1>');
    expect(archive.body).toContain('href="http://127.0.0.1:8787/lists/city/subscribe"');
    expect(archive.body).toContain('id="subscribe"');

    const subscribePage = await archiveHandler(local.http)(event('GET', '/lists/city/subscribe'));
    expect(subscribePage.statusCode).toBe(200);
    expect(subscribePage.body).toContain('<h1>The city briefing</h1>');
    expect(subscribePage.body).toContain('<input type="hidden" name="list" value="city">');
    expect(subscribePage.body).toContain('By subscribing you agree to receive The city briefing by email.');

    // An unknown list publishes nothing: archive, feed and subscribe page are a plain 404 that names no list
    // (an anonymous visitor learns neither the real lists nor how one is made).
    for (const path of [
      '/lists/nwes/archive',
      '/lists/nwes/feed.xml',
      '/lists/nwes/subscribe',
      '/lists/City/archive',
    ]) {
      const missing = await archiveHandler(local.http)(event('GET', path));
      expect(missing.statusCode, path).toBe(404);
      expect(String(missing.body), path).toMatch(/There is no list &quot;[A-Za-z]+&quot; here\./);
      expect(String(missing.body), path).toContain(
        '<a href="http://127.0.0.1:8787/lists/city/archive">city</a>',
      );
      expect(String(missing.body), path).not.toContain('lists create');
    }

    const feed = await archiveHandler(local.http)(event('GET', '/lists/city/feed.xml'));
    expect(feed.statusCode).toBe(200);
    expect(String(feed.headers?.['content-type'])).toMatch(/rss\+xml/);
    const { parseFeed } = await import('../../functions/adapters/feed-parser.js');
    const parsed = parseFeed(String(feed.body));
    expect(parsed.items[0]?.link).toBe(`http://127.0.0.1:8787/issues/${summary!.id}`);
    expect(parsed.items[0]?.title).toBe(summary!.subject);
    expect(String(feed.body)).toContain('<channel><title>The city briefing</title>');
  });
});

describe('S3 drops', () => {
  it('queue objects under lists/<list>/ for that list, from EventBridge or S3 notifications, once', async () => {
    const drop = s3DropHandler({ store: local.briefing.store, now: () => clock.now() });
    const bridge = (key: string) => ({
      'detail-type': 'Object Created',
      time: '2026-03-10T06:00:00Z',
      detail: { bucket: { name: 'archive-bucket' }, object: { key } },
    });
    expect(await drop(bridge('lists/drops/harbour%20notes.html'))).toEqual({ queued: 1, ignored: 0 });
    expect(await drop(bridge('lists/drops/harbour%20notes.html'))).toEqual({ queued: 0, ignored: 0 }); // redelivered
    expect(await drop(bridge('lists/drops/3-20260310-abc.json'))).toEqual({ queued: 0, ignored: 1 }); // the archive's own
    expect(await drop(bridge('issues/20260310-abc.html'))).toEqual({ queued: 0, ignored: 1 });
    const notification = {
      Records: [
        {
          eventTime: '2026-03-10T06:05:00Z',
          s3: { bucket: { name: 'archive-bucket' }, object: { key: 'lists/drops/market+day.txt' } },
        },
      ],
    } as unknown as Parameters<typeof drop>[0];
    expect(await drop(notification)).toEqual({ queued: 1, ignored: 0 });
    const queued = await local.briefing.store.listQueued('drops');
    expect(queued).toEqual([
      {
        url: 's3://archive-bucket/lists/drops/harbour notes.html',
        queuedAt: '2026-03-10T06:00:00Z',
        origin: 's3',
      },
      {
        url: 's3://archive-bucket/lists/drops/market day.txt',
        queuedAt: '2026-03-10T06:05:00Z',
        origin: 's3',
      },
    ]);
  });
});

describe('archive escaping', () => {
  it('hostile subjects and preheaders are escaped in the page and the feed', async () => {
    const subject = 'Council & port </title><script>alert(1)</script> "deal" \u0001';
    const issue = {
      id: '20260310-0123456789ab',
      list: 'hostile',
      subject,
      preheader: 'Also: <b>bold</b> & ]]> end',
      createdAt: '2026-03-10T07:00:00.000Z',
      stories: [],
    };
    await local.briefing.archive.put({
      issue,
      rendered: { issueId: issue.id, subject, html: '<html><body>x</body></html>', text: 'x' },
    });
    const page = await archiveHandler(local.http)(event('GET', '/lists/hostile/archive'));
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('Council &amp; port &lt;/title&gt;&lt;script&gt;');
    const feed = await archiveHandler(local.http)(event('GET', '/lists/hostile/feed.xml'));
    const body = String(feed.body);
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('\u0001');
    const { parseFeed } = await import('../../functions/adapters/feed-parser.js');
    const parsed = parseFeed(body);
    expect(parsed.items[0]?.title).toBe(subject.replace('\u0001', '').trim());
    expect(parsed.items[0]?.summary).toBe('Also: <b>bold</b> & ]]> end');
  });
});
