/**
 * A story's claim (`STORY#…`) and an editor's drop (`DROPPED#…`) are removed by the table's time to live 400 days
 * after they were written, or after the last briefing that met the story again, on the real local pieces (in-memory
 * dynalite, the file archive, the outbox, a feed over loopback HTTP). DynamoDB's TTL deletion, which dynalite lacks,
 * is done by sweepExpired at the moment the test chooses:
 * - a claim nobody meets again is removed; its story stays out by the list's history of what was sent;
 * - an undated item a feed keeps is met by every briefing, which renews its claim: when it has left the history (2,000
 *   stories sent since), the claim still holds it off, years on, and nobody gets it twice.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_BRIEFINGS_TABLE } from '../../functions/adapters/dynamo-briefing-store.js';
import { listOutbox, outboxDir } from '../../functions/adapters/outbox-mailer.js';
import { type LocalBriefing, openLocalBriefing } from '../../functions/cli/local-briefing.js';
import { type LocalDeps, openLocalDeps } from '../../functions/cli/local-deps.js';
import { newList } from '../../functions/core/newsletter-list.js';
import { addConfirmed } from '../../functions/core/subscription.js';
import { runBriefing } from '../../functions/use-cases/briefing.js';
import { settableClock } from '../support/clock.js';
import { FEED_FIXTURES, type FeedServer, startFeedServer } from '../support/feed-server.js';
import { sweepExpired } from '../support/ttl-sweep.js';

const DAY = 86_400_000;
const T0 = new Date('2026-03-10T07:00:00Z');
const clock = settableClock(T0.toISOString());
const days = (n: number) => new Date(T0.getTime() + n * DAY);
const seconds = (at: Date) => Math.ceil(at.getTime() / 1000);

let dataDir: string;
let deps: LocalDeps;
let local: LocalBriefing;
let feeds: FeedServer;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'digest-claim-expiry-'));
  deps = await openLocalDeps({
    dataDir,
    inMemory: true,
    clock,
    env: { ...process.env, DIGEST_TRANSPORT: 'outbox', DIGEST_ALLOW_LOOPBACK: '1' },
  });
  local = await openLocalBriefing(deps);
  feeds = await startFeedServer();
}, 60_000);

afterAll(async () => {
  await deps?.close();
  await feeds?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function mailsTo(address: string): Promise<string[]> {
  const names = await listOutbox(dataDir);
  const all = await Promise.all(names.map((n) => readFile(join(outboxDir(dataDir), n), 'utf8')));
  return all.filter((m) => m.includes(`To: ${address}`));
}

async function newListWith(list: string, reader: string): Promise<void> {
  await deps.lists.create(newList(list, `The ${list} briefing`, {}, clock.now().toISOString()));
  await addConfirmed(deps.subscriberHandlerDeps(), { email: reader, list, method: 'cli' }, clock.now());
}

/** The list's items whose sort key starts so, as the table holds them. */
async function items(list: string, prefix: string): Promise<Record<string, unknown>[]> {
  const out = await deps.dynamo.client.send(
    new QueryCommand({
      TableName: LOCAL_BRIEFINGS_TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': `LIST#${list}`, ':p': prefix },
    }),
  );
  return out.Items ?? [];
}

/** 2,000 other stories recorded as sent after `at`: the list's history, which briefings read, no longer has it. */
async function twoThousandSentSince(list: string, at: Date): Promise<void> {
  const stamp = new Date(at.getTime() + 1000).toISOString();
  for (let batch = 0; batch < 80; batch++) {
    const puts = Array.from({ length: 25 }, (_, i) => {
      const n = batch * 25 + i;
      return {
        PutRequest: {
          Item: {
            pk: `LIST#${list}`,
            sk: `SENT#${stamp}#filler#${String(n).padStart(4, '0')}`,
            issueId: 'filler',
            url: `https://other.example.org/story-${n}`,
            guid: null,
            minhash: null,
          },
        },
      };
    });
    await deps.dynamo.client.send(new BatchWriteCommand({ RequestItems: { [LOCAL_BRIEFINGS_TABLE]: puts } }));
  }
}

describe('claims and drops expire', { timeout: 120_000 }, () => {
  it("a story's claim and an editor's drop carry an expiry 400 days on; a claim nobody meets again is removed, and the history still keeps its story out", async () => {
    const list = 'once';
    const reader = 'ida@example.org';
    clock.at = T0;
    await newListWith(list, reader);
    const url = `${feeds.origin}/articles/harbour-reopens.html`;
    await local.briefing.store.queueArticle(list, { url, queuedAt: T0.toISOString(), origin: 'queue' });
    const sent = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-1' }, local.briefing);
    expect(sent.kind).toBe('sent');
    const [claim] = await items(list, 'STORY#');
    expect(claim).toMatchObject({ claimedAt: T0.toISOString(), expiresAt: seconds(days(400)) });

    await local.briefing.store.recordDropped(
      list,
      'dropped-issue',
      [{ url: 'https://other.example.org/dropped', guid: null, minhash: null }],
      T0.toISOString(),
    );
    expect(await items(list, 'DROPPED#')).toEqual([
      expect.objectContaining({ expiresAt: seconds(days(400)) }),
    ]);

    // Nobody met the story again: a day past its lifetime, the table's TTL removes both.
    await sweepExpired(deps.dynamo.client, LOCAL_BRIEFINGS_TABLE, days(399));
    expect(await items(list, 'STORY#')).toHaveLength(1);
    await sweepExpired(deps.dynamo.client, LOCAL_BRIEFINGS_TABLE, days(401));
    expect(await items(list, 'STORY#')).toEqual([]);
    expect(await items(list, 'DROPPED#')).toEqual([]);

    // Queued again: what was sent stays out by the list's history, claim or none.
    clock.at = days(401);
    await local.briefing.store.queueArticle(list, {
      url,
      queuedAt: clock.now().toISOString(),
      origin: 'queue',
    });
    const again = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-2' }, local.briefing);
    expect(again).toMatchObject({ kind: 'empty', read: { counts: { alreadySent: 1 } } });
    expect(await mailsTo(reader)).toHaveLength(1);
  });

  it('an undated item a feed keeps renews its claim at every briefing: out of the history, it is still held off years on', async () => {
    const list = 'evergreen';
    const reader = 'jo@example.org';
    clock.at = T0;
    await newListWith(list, reader);
    // An undated item (no date in the feed, none on its plain-text page, whose "Published" line is taken out): never
    // too old, eligible until sent.
    feeds.set('/articles/evergreen-ferry', {
      type: 'text/plain; charset=utf-8',
      body: readFileSync(join(FEED_FIXTURES, '../articles/ferry-timetable.txt'), 'utf8').replace(
        /^Published .*\n/m,
        '',
      ),
    });
    feeds.set('/feeds/evergreen.rss', {
      type: 'application/rss+xml',
      body: '<rss version="2.0"><channel><title>Evergreen</title><item><title>Ferry</title><link>{{BASE}}/articles/evergreen-ferry</link></item></channel></rss>',
    });
    await local.briefing.store.addSource(list, feeds.feed('evergreen.rss'), T0.toISOString());

    const first = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-1' }, local.briefing);
    expect(first.kind).toBe('sent');
    if (first.kind !== 'sent') return;
    const story = (await local.briefing.archive.get(first.issueId))?.issue.stories[0];
    expect(story?.published).toBeNull();
    expect(await items(list, 'STORY#')).toEqual([
      expect.objectContaining({ issueId: first.issueId, expiresAt: seconds(days(400)) }),
    ]);

    // 300 days on the feed still carries it: skipped as already sent, and its claim renewed from now.
    clock.at = days(300);
    const met = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-2' }, local.briefing);
    expect(met).toMatchObject({ kind: 'empty', read: { counts: { alreadySent: 1 } } });
    expect(await items(list, 'STORY#')).toEqual([
      expect.objectContaining({ issueId: first.issueId, expiresAt: seconds(days(700)) }),
    ]);

    // The list sends 2,000 other stories, and its first claim's lifetime passes: the renewed claim stays.
    await twoThousandSentSince(list, days(300));
    await sweepExpired(deps.dynamo.client, LOCAL_BRIEFINGS_TABLE, days(401));
    expect(await items(list, 'STORY#')).toHaveLength(1);

    // The history no longer has the story: it is read and composed again, and its claim holds it off.
    clock.at = days(402);
    const held = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-3' }, local.briefing);
    expect(held).toMatchObject({ kind: 'conflict', conflict: { issueId: first.issueId, sent: true } });
    expect(await mailsTo(reader)).toHaveLength(1);
    // Met again, renewed again; and recorded as sent anew, so the next run leaves it out before reading it.
    expect(await items(list, 'STORY#')).toEqual([
      expect.objectContaining({ issueId: first.issueId, expiresAt: seconds(days(802)) }),
    ]);
    clock.at = days(403);
    const next = await runBriefing({ list, scheduledAt: clock.now(), window: 'run-4' }, local.briefing);
    expect(next).toMatchObject({ kind: 'empty', read: { counts: { alreadySent: 1 } } });
    expect(await mailsTo(reader)).toHaveLength(1);
  });
});
