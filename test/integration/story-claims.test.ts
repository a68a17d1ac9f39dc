/**
 * From a list's sources to a sent issue, a story reaches the readers once and is lost nowhere, on the real local
 * pieces (in-memory dynalite, the file archive and drafts, the outbox and the delivery workers, feeds over loopback
 * HTTP), the console's use cases and the approve route driven as the console and a mail client drive them:
 * - two compositions from the sources at once make two drafts of the same stories; sending the second is refused,
 *   naming the story and the issue that carried it, the draft kept, and it sends once the editor drops them;
 * - a story an editor drops is recorded as dropped, not sent: a feed item stays out of later briefings, a queued
 *   article stays queued, and an article queued again goes out;
 * - the approve link of a [Review] mail refuses, the draft kept, a list nobody on which can be mailed, and a draft
 *   edited after the mail went out;
 * - a story claimed by an issue that never went out holds others off only while it is fresh.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox, outboxDir } from '../../functions/adapters/outbox-mailer.js';
import type { AdminDeps } from '../../functions/admin/admin-deps.js';
import { openAdminLocalDeps } from '../../functions/cli/admin-local-deps.js';
import { type LocalBriefing, openLocalBriefing } from '../../functions/cli/local-briefing.js';
import { type LocalDeps, openLocalDeps } from '../../functions/cli/local-deps.js';
import { newList } from '../../functions/core/newsletter-list.js';
import { addConfirmed } from '../../functions/core/subscription.js';
import { createHandler as approveHandler } from '../../functions/handlers/approve.js';
import { createHandler as scheduleHandler } from '../../functions/handlers/schedule.js';
import { runBriefing } from '../../functions/use-cases/briefing.js';
import {
  composeDraft,
  composeFromSources,
  editIssue,
  issueVersion,
  sendNow,
} from '../../functions/use-cases/console-issues.js';
import { settableClock } from '../support/clock.js';
import { FEED_FIXTURES, type FeedServer, startFeedServer } from '../support/feed-server.js';
import { httpEvent as event } from '../support/http-event.js';

const clock = settableClock('2026-03-10T07:00:00Z');
let dataDir: string;
let deps: LocalDeps;
let admin: AdminDeps;
let local: LocalBriefing;
let feeds: FeedServer;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'digest-story-claims-'));
  deps = await openLocalDeps({
    dataDir,
    inMemory: true,
    clock,
    env: {
      ...process.env,
      DIGEST_TRANSPORT: 'outbox',
      DIGEST_ALLOW_LOOPBACK: '1',
      DIGEST_BASE_URL: 'http://127.0.0.1:8787',
    },
  });
  admin = await openAdminLocalDeps(deps);
  local = await openLocalBriefing(deps);
  feeds = await startFeedServer();
}, 60_000);

afterAll(async () => {
  await deps?.close();
  await feeds?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function mails(): Promise<string[]> {
  const names = await listOutbox(dataDir);
  return Promise.all(
    names.map(async (n) => (await readFile(join(outboxDir(dataDir), n), 'utf8')).replace(/=\r?\n/g, '')),
  );
}

async function mailsTo(address: string): Promise<string[]> {
  return (await mails()).filter((m) => m.includes(`To: ${address}`));
}

async function newListWith(list: string, reader: string | null): Promise<void> {
  await deps.lists.create(newList(list, `The ${list} briefing`, {}, clock.now().toISOString()));
  if (reader)
    await addConfirmed(deps.subscriberHandlerDeps(), { email: reader, list, method: 'cli' }, clock.now());
}

/**
 * A feed at /feeds/<name>.rss whose items link to /articles/<name>-<page>, each serving the fixture page (whose
 * canonical URL is the fixture's own); `barrier`: each page answers once that many requests for it have come.
 */
function serveFeed(name: string, pages: Record<string, string>, barrier?: number): string {
  const items = Object.keys(pages).map(
    (page) =>
      `<item><title>${page}</title><link>{{BASE}}/articles/${name}-${page}</link><guid>${name}-${page}</guid>` +
      `<pubDate>${new Date('2026-03-10T05:00:00Z').toUTCString()}</pubDate></item>`,
  );
  feeds.set(`/feeds/${name}.rss`, {
    type: 'application/rss+xml',
    body: `<rss version="2.0"><channel><title>${name}</title>${items.join('')}</channel></rss>`,
  });
  for (const [page, fixture] of Object.entries(pages))
    feeds.set(`/articles/${name}-${page}`, {
      type: 'text/html',
      body: readFileSync(join(FEED_FIXTURES, 'articles', fixture), 'utf8'),
      ...(barrier ? { barrier } : {}),
    });
  return feeds.feed(`${name}.rss`);
}

const canonical = (fixture: string) => `${feeds.origin}/articles/${fixture}`;

async function storyUrls(issueId: string): Promise<string[]> {
  const draft = await admin.issues.briefings!.store.getDraft(issueId);
  return (draft?.issue.stories ?? []).map((s) => s.url ?? '');
}

/** The story URLs of an archived (sent) issue; none when nothing was archived under that id. */
async function archivedUrls(issueId: string): Promise<(string | null)[]> {
  return (await admin.issues.archive.get(issueId))?.issue.stories.map((s) => s.url) ?? [];
}

/** Drops from a briefing draft every story whose URL `drop` accepts (from the last, so the indices hold). */
async function dropStories(issueId: string, drop: (url: string) => boolean, by: string): Promise<void> {
  const urls = await storyUrls(issueId);
  const edits = urls
    .map((url, story) => ({ url, story }))
    .filter(({ url }) => drop(url))
    .reverse()
    .map(({ story }) => ({ op: 'drop-story' as const, story }));
  await editIssue(admin.issues, issueId, edits, by);
}

describe('one story, one issue', { timeout: 90_000 }, () => {
  it('two compositions from the sources at once: the second send is refused naming the story and the issue, and goes out once those are dropped', async () => {
    const list = 'twin';
    const reader = 'ana@example.org';
    clock.at = new Date('2026-03-10T07:00:01Z');
    await newListWith(list, reader);
    const feed = serveFeed(
      list,
      {
        'harbour.html': 'harbour-reopens.html',
        'library.html': 'library-sundays.html',
        'bridge.html': 'bridge-lorries.html',
      },
      2,
    );
    await admin.issues.briefings!.store.addSource(list, feed, clock.now().toISOString());

    // Two editors press "Compose from the sources" at once (a millisecond apart: each its own window). Each page
    // answers once both compositions have asked for it, so neither sees the other's draft.
    const first = composeFromSources(admin.issues, { list, by: 'ana' });
    clock.at = new Date('2026-03-10T07:00:01.001Z');
    const second = composeFromSources(admin.issues, { list, by: 'bo' });
    const [a, b] = await Promise.all([first, second]);
    expect((await storyUrls(a.issueId)).sort()).toEqual((await storyUrls(b.issueId)).sort());
    expect(await storyUrls(a.issueId)).toHaveLength(3);

    // The first editor drops the library story and sends the other two.
    await dropStories(a.issueId, (url) => url === canonical('library-sundays.html'), 'ana');
    await (await sendNow(admin.issues, a.issueId, 'ana')).finished;
    expect(await mailsTo(reader)).toHaveLength(1);

    // The second draft carries the two stories that went out: refused (409), naming a story and the issue.
    await expect(sendNow(admin.issues, b.issueId, 'bo')).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(
        new RegExp(
          `the story "[^"]+" \\(${feeds.origin}/articles/(harbour-reopens|bridge-lorries)\\.html\\) already went out in issue ${a.issueId}`,
        ),
      ),
    });
    expect(await mailsTo(reader)).toHaveLength(1);
    expect((await admin.issues.briefings!.store.getDraft(b.issueId))?.status).toBe('pending');
    expect(await admin.issues.archive.get(b.issueId)).toBeNull();

    // The editor drops them: the library story, dropped from the first issue and so never claimed, goes out.
    await dropStories(b.issueId, (url) => url !== canonical('library-sundays.html'), 'bo');
    await (await sendNow(admin.issues, b.issueId, 'bo')).finished;
    expect(await archivedUrls(b.issueId)).toEqual([canonical('library-sundays.html')]);
    expect(await mailsTo(reader)).toHaveLength(2);
  });

  it('a story an editor drops is not recorded as sent: a feed item stays out, a queued article stays queued, one queued again goes out', async () => {
    const list = 'dropped';
    const reader = 'cy@example.org';
    clock.at = new Date('2026-03-10T07:10:00Z');
    await newListWith(list, reader);
    const store = admin.issues.briefings!.store;
    const feed = serveFeed(list, {
      'harbour.html': 'harbour-reopens.html',
      'bridge.html': 'bridge-lorries.html',
    });
    await store.addSource(list, feed, clock.now().toISOString());
    const queued = `${feeds.origin}/articles/tram-line.html`;
    await store.queueArticle(list, { url: queued, queuedAt: clock.now().toISOString(), origin: 'queue' });

    const { issueId } = await composeFromSources(admin.issues, { list, by: 'desk' });
    expect((await storyUrls(issueId)).sort()).toEqual(
      [
        canonical('bridge-lorries.html'),
        canonical('harbour-reopens.html'),
        canonical('tram-line.html'),
      ].sort(),
    );
    // The editor drops the harbour feed item and the queued tram article, and sends the bridge story.
    await dropStories(
      issueId,
      (url) => url === canonical('harbour-reopens.html') || url === canonical('tram-line.html'),
      'desk',
    );
    await (await sendNow(admin.issues, issueId, 'desk')).finished;
    expect(await archivedUrls(issueId)).toEqual([canonical('bridge-lorries.html')]);
    // Only the stories sent leave the queue.
    expect((await store.listQueued(list)).map((q) => q.url)).toEqual([queued]);

    // The list's next briefing: the queued article goes out (it was not sent); the dropped feed item stays out.
    clock.at = new Date('2026-03-10T07:20:00Z');
    const next = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-2' }, local.briefing);
    expect(next.kind).toBe('sent');
    if (next.kind !== 'sent') return;
    expect(await archivedUrls(next.issueId)).toEqual([canonical('tram-line.html')]);
    expect(next.read?.counts).toMatchObject({ items: 3, alreadySent: 1, droppedByEditor: 1 });

    // An editor queues the dropped story's article: it is eligible again (only a story that was sent keeps a queued
    // article out), and goes out.
    await store.queueArticle(list, {
      url: `${feeds.origin}/articles/${list}-harbour.html`,
      queuedAt: clock.now().toISOString(),
      origin: 'queue',
    });
    clock.at = new Date('2026-03-10T07:30:00Z');
    const third = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-3' }, local.briefing);
    expect(third.kind).toBe('sent');
    if (third.kind !== 'sent') return;
    expect(await archivedUrls(third.issueId)).toEqual([canonical('harbour-reopens.html')]);
    expect(await mailsTo(reader)).toHaveLength(3);
  });
});

describe("the console's issues composed from URLs", { timeout: 90_000 }, () => {
  it('claim their stories: a briefing after one leaves its story out, and one composing a story a briefing sent is refused (409), the draft kept', async () => {
    const list = 'desk-first';
    const reader = 'hal@example.org';
    clock.at = new Date('2026-03-10T11:00:00Z');
    await newListWith(list, reader);
    const store = admin.issues.briefings!.store;

    // An editor composes an issue from the harbour article's URL and sends it.
    const byHand = await composeDraft(admin.issues, {
      list,
      inputs: [{ kind: 'url', url: canonical('harbour-reopens.html') }],
      subject: null,
      by: 'desk',
    });
    await (await sendNow(admin.issues, byHand.issue.id, 'desk')).finished;
    expect(await mailsTo(reader)).toHaveLength(1);

    // The list's feed carries the same article and another: the briefing sends the other one only.
    await store.addSource(
      list,
      serveFeed(list, { 'harbour.html': 'harbour-reopens.html', 'bridge.html': 'bridge-lorries.html' }),
      clock.now().toISOString(),
    );
    clock.at = new Date('2026-03-10T11:10:00Z');
    const briefing = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-1' }, local.briefing);
    expect(briefing.kind).toBe('sent');
    if (briefing.kind !== 'sent') return;
    expect(await archivedUrls(briefing.issueId)).toEqual([canonical('bridge-lorries.html')]);
    expect(await mailsTo(reader)).toHaveLength(2);

    // An editor composes the bridge story the briefing sent: the send is refused, naming it, and the draft is kept.
    clock.at = new Date('2026-03-10T11:20:00Z');
    const again = await composeDraft(admin.issues, {
      list,
      inputs: [{ kind: 'url', url: canonical('bridge-lorries.html') }],
      subject: null,
      by: 'desk',
    });
    const version = issueVersion(again.issue);
    await expect(sendNow(admin.issues, again.issue.id, 'desk', { version })).rejects.toMatchObject({
      name: 'StoryClaimedError',
      status: 409,
      message: expect.stringMatching(
        new RegExp(`\\(${canonical('bridge-lorries.html')}\\) already went out in issue ${briefing.issueId}`),
      ),
    });
    expect(await admin.issues.drafts.get(again.issue.id)).toMatchObject({ status: 'editing' });
    expect(issueVersion((await admin.issues.drafts.get(again.issue.id))!.issue)).toBe(version);
    expect(await admin.issues.archive.get(again.issue.id)).toBeNull();
    expect(await mailsTo(reader)).toHaveLength(2);
  });
});

describe('the approve link of a [Review] mail', { timeout: 90_000 }, () => {
  /** Puts the list in review mode, queues the articles and runs its schedule: the draft and its approve token. */
  async function reviewDraft(list: string, articles: string[]): Promise<{ issueId: string; token: string }> {
    const store = local.briefing.store;
    await store.putSettings({
      ...(await store.getSettings(list)),
      mode: 'review',
      editor: 'editor@example.org',
      reviewHours: 6,
    });
    for (const page of articles)
      await store.queueArticle(list, {
        url: `${feeds.origin}/articles/${page}`,
        queuedAt: clock.now().toISOString(),
        origin: 'queue',
      });
    const before = await listOutbox(dataDir);
    const r = await scheduleHandler(local.briefing, () => {})({
      list,
      scheduledTime: clock.now().toISOString(),
    });
    expect(r.outcome).toBe('draft');
    const added = (await listOutbox(dataDir)).filter((n) => !before.includes(n));
    const preview = (await readFile(join(outboxDir(dataDir), added[0]!), 'utf8')).replace(/=\r?\n/g, '');
    const token = decodeURIComponent(/drafts\/approve\?token=3D([A-Za-z0-9._%-]+)/.exec(preview)![1]!);
    return { issueId: r.issueId!, token };
  }

  it('refuses a list nobody on which can be mailed, the draft kept and its stories not used up', async () => {
    const list = 'nobody';
    clock.at = new Date('2026-03-10T08:00:00Z');
    await newListWith(list, null);
    const { issueId, token } = await reviewDraft(list, ['market-centenary.html']);
    const approve = approveHandler(local.http);

    const refused = await approve(event('POST', '/drafts/approve', { token }));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/no confirmed subscriber/);
    expect(refused.body).toMatch(/Nothing was sent and the draft is kept/);
    expect((await local.briefing.store.getDraft(issueId))?.status).toBe('pending');
    expect(await local.briefing.archive.get(issueId)).toBeNull();
    expect(await local.briefing.store.recentlySent(list)).toEqual([]);
    expect((await local.briefing.store.listQueued(list)).map((q) => q.url)).toEqual([
      `${feeds.origin}/articles/market-centenary.html`,
    ]);

    // Once the list has a reader, the same link sends it.
    await addConfirmed(
      deps.subscriberHandlerDeps(),
      { email: 'dee@example.org', list, method: 'cli' },
      clock.now(),
    );
    const sent = await approve(event('POST', '/drafts/approve', { token }));
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toMatch(
      /The briefing is sent: 1 handed to the mail service\. Its stats page says how many were delivered\./,
    );
    expect(await mailsTo('dee@example.org')).toHaveLength(1);
  });

  it('refuses a draft whose story another issue carried (409, naming both), the draft kept for the editor', async () => {
    const list = 'overlap';
    const reader = 'gus@example.org';
    clock.at = new Date('2026-03-10T08:30:00Z');
    await newListWith(list, reader);
    const store = local.briefing.store;
    await store.putSettings({
      ...(await store.getSettings(list)),
      mode: 'review',
      editor: 'editor@example.org',
      reviewHours: 6,
    });
    await store.addSource(
      list,
      serveFeed(list, { 'tram.html': 'tram-line.html' }, 2),
      clock.now().toISOString(),
    );
    // The scheduled review draft and a console composition at once: both carry the tram story.
    const before = await listOutbox(dataDir);
    const [scheduled, composed] = await Promise.all([
      scheduleHandler(local.briefing, () => {})({ list, scheduledTime: clock.now().toISOString() }),
      composeFromSources(admin.issues, { list, by: 'desk' }),
    ]);
    expect(scheduled.outcome).toBe('draft');
    const added = (await listOutbox(dataDir)).filter((n) => !before.includes(n));
    const preview = (await readFile(join(outboxDir(dataDir), added[0]!), 'utf8')).replace(/=\r?\n/g, '');
    const token = decodeURIComponent(/drafts\/approve\?token=3D([A-Za-z0-9._%-]+)/.exec(preview)![1]!);
    await (await sendNow(admin.issues, composed.issueId, 'desk')).finished;
    expect(await mailsTo(reader)).toHaveLength(1);

    const refused = await approveHandler(local.http)(event('POST', '/drafts/approve', { token }));
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toMatch(/The story (&quot;|")New tram line[\s\S]*already went out in issue/);
    expect(refused.body).toContain(composed.issueId);
    expect(await mailsTo(reader)).toHaveLength(1);
    expect((await store.getDraft(scheduled.issueId!))?.status).toBe('pending');
    expect(await local.briefing.archive.get(scheduled.issueId!)).toBeNull();
  });

  it('refuses a draft edited after the mail went out (GET and POST), and sends nothing it did not show', async () => {
    const list = 'edited';
    const reader = 'eve@example.org';
    clock.at = new Date('2026-03-10T09:00:00Z');
    await newListWith(list, reader);
    const { issueId, token } = await reviewDraft(list, ['library-sundays.html', 'bridge-lorries.html']);
    const reviews = (await mailsTo('editor@example.org')).length;

    // An editor changes the draft in the console after the [Review] mail went out.
    await editIssue(admin.issues, issueId, [{ op: 'set-subject', value: 'Edited after the review' }], 'desk');
    expect((await mailsTo('editor@example.org')).length).toBe(reviews); // no new review mail

    const approve = approveHandler(local.http);
    const page = await approve(event('GET', '/drafts/approve', { token }));
    expect(page.statusCode).toBe(409);
    expect(page.body).not.toMatch(/<form method="post"/);
    const refused = await approve(event('POST', '/drafts/approve', { token }));
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toMatch(/edited after this mail was sent/);
    expect(refused.body).toContain(`http://127.0.0.1:8787/admin/issues/${issueId}`);
    expect((await local.briefing.store.getDraft(issueId))?.status).toBe('pending');
    expect(await local.briefing.archive.get(issueId)).toBeNull();
    expect(await mailsTo(reader)).toHaveLength(0);

    // The version is a condition of the write that approves: an approval of the version the mail showed fails.
    const at = clock.now().toISOString();
    expect(await local.briefing.store.settleDraft(issueId, 'approved', at, { version: '0' })).toBe(false);

    // Reviewed in the console, as it is now, and sent from there.
    const draft = await local.briefing.store.getDraft(issueId);
    await (await sendNow(admin.issues, issueId, 'desk', { version: issueVersion(draft!.issue) })).finished;
    const sent = await mailsTo(reader);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^Subject: Edited after the review/m);
  });
});

describe('claims left behind', { timeout: 90_000 }, () => {
  it('a claim of an issue that never went out holds the story off while fresh, and is taken over once stale', async () => {
    const list = 'ghost';
    const reader = 'fay@example.org';
    clock.at = new Date('2026-03-10T10:00:00Z');
    await newListWith(list, reader);
    const store = local.briefing.store;
    await store.queueArticle(list, {
      url: `${feeds.origin}/articles/tram-line.html`,
      queuedAt: clock.now().toISOString(),
      origin: 'queue',
    });
    // A run that claimed the story for its issue and died before archiving it.
    const ghost = {
      key: `url ${canonical('tram-line.html')}`,
      issueId: '20260310-0123456789ab',
      claimedAt: new Date('2026-03-10T09:55:00Z').toISOString(),
      title: 'New tram line to the campus carries first passengers',
      url: canonical('tram-line.html'),
    };
    expect(await store.claimStory(list, ghost)).toEqual({ claimed: true, fresh: true });

    const held = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-1' }, local.briefing);
    expect(held).toMatchObject({ kind: 'conflict', conflict: { issueId: ghost.issueId, sent: false } });
    expect(await store.getWindow(list, 'run-1')).toMatchObject({
      status: 'conflict',
      note: expect.stringMatching(/is going out in issue 20260310-0123456789ab right now/),
    });
    expect(await mailsTo(reader)).toHaveLength(0);
    expect(await store.listQueued(list)).toHaveLength(1); // nothing used up

    // Fifteen minutes after that claim, its issue still not archived: taken over, and the story goes out.
    clock.at = new Date('2026-03-10T10:10:01Z');
    const sent = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-2' }, local.briefing);
    expect(sent.kind).toBe('sent');
    expect(await mailsTo(reader)).toHaveLength(1);
    expect(await store.listQueued(list)).toEqual([]);
    // The same issue claiming again passes (a retry or a resume); another one does not, naming the one that sent it.
    if (sent.kind !== 'sent') return;
    expect(await store.claimStory(list, { ...ghost, issueId: sent.issueId })).toEqual({
      claimed: true,
      fresh: false,
    });
    expect(await store.claimStory(list, ghost)).toMatchObject({
      claimed: false,
      holder: { issueId: sent.issueId },
    });
  });
});
