/**
 * Briefings that fail half-way are finished by the retry, never lost:
 * - a scheduled briefing that fails before its issue is archived is retried by EventBridge Scheduler
 *   with the same scheduled time: the retry composes and sends the window's issue (one issue, under
 *   the first run's id), instead of finding the window "already failed" and sending nothing;
 * - an editor's approval whose publishing fails is finished by approving again, instead of "already
 *   approved" with nothing sent.
 * The fault is real: the archive folder is a dangling symlink while the first attempt writes.
 */

import { mkdir, readFile, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox, outboxDir } from '../../functions/adapters/outbox-mailer.js';
import type { LocalBriefing } from '../../functions/cli/local-briefing.js';
import type { LocalDeps } from '../../functions/cli/local-deps.js';
import { newList } from '../../functions/core/newsletter-list.js';
import { importedSubscriber } from '../../functions/core/subscription.js';
import { createHandler as approveHandler } from '../../functions/handlers/approve.js';
import { createHandler as scheduleHandler } from '../../functions/handlers/schedule.js';
import { settableClock } from '../support/clock.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';
import { httpEvent as event } from '../support/http-event.js';
import { type LocalBriefingWorld, openLocalBriefingWorld } from '../support/local-briefing-world.js';

let server: FeedServer;
let world: LocalBriefingWorld;
let dataDir: string;
let deps: LocalDeps;
let local: LocalBriefing;
const clock = settableClock('2026-03-10T07:00:00Z');

/** Makes the archive unwritable (and empty to readers) until `restore` is called. */
async function breakArchive(): Promise<{ restore: () => Promise<void> }> {
  const issues = join(dataDir, 'issues');
  const saved = join(dataDir, 'issues.saved');
  await rm(saved, { recursive: true, force: true });
  await mkdir(issues, { recursive: true });
  await rename(issues, saved);
  await symlink(join(dataDir, 'nowhere'), issues);
  return {
    restore: async () => {
      await rm(issues);
      await rename(saved, issues);
    },
  };
}

async function recipients(): Promise<string[]> {
  const names = await listOutbox(dataDir);
  const heads = await Promise.all(names.map((n) => readFile(join(outboxDir(dataDir), n), 'utf8')));
  return heads.map((m) => /^To: (.+)$/m.exec(m)?.[1]?.trim() ?? '').sort();
}

beforeAll(async () => {
  server = await startFeedServer();
  world = await openLocalBriefingWorld('digest-briefing-retry-', {
    clock,
    env: { DIGEST_ALLOW_LOOPBACK: '1', DIGEST_BASE_URL: 'http://127.0.0.1:8787' },
  });
  ({ dataDir, deps, local } = world);
  const at = clock.now().toISOString();
  for (const [list, email] of [
    ['city', 'ana@example.org'],
    ['city', 'ben@example.org'],
    ['reviewed', 'cy@example.org'],
  ] as const) {
    if (!(await deps.lists.get(list))) await deps.lists.create(newList(list, `The ${list} briefing`, {}, at));
    await deps.subscribers.put(importedSubscriber(email, list, at));
  }
  await local.briefing.store.addSource('city', server.feed('courier.rss'), at);
});

afterAll(async () => {
  await world?.close();
  await server?.close();
});

describe('a scheduled briefing that failed before archiving', { timeout: 90_000 }, () => {
  const schedule = () => scheduleHandler(local.briefing, () => {});
  const input = { list: 'city', scheduledTime: '2026-03-10T07:00:00Z' };

  it('is composed and sent by the retry of the same schedule', async () => {
    const issues = join(dataDir, 'issues');
    await rm(issues, { recursive: true, force: true });
    await symlink(join(dataDir, 'nowhere'), issues);
    await expect(schedule()(input)).rejects.toThrow();
    expect(await recipients()).toEqual([]);
    const failed = await local.briefing.store.getWindow('city', '2026-03-10');
    expect(failed).toMatchObject({ status: 'failed' });

    // The archive is back; Scheduler retries the same event a minute later.
    await rm(issues);
    await mkdir(issues);
    clock.at = new Date('2026-03-10T07:01:00Z');
    const retried = await schedule()(input);
    expect(retried).toMatchObject({ outcome: 'sent', issueId: failed!.issueId });
    expect(await recipients()).toEqual(['ana@example.org', 'ben@example.org']);
    expect(await local.briefing.store.getWindow('city', '2026-03-10')).toMatchObject({ status: 'sent' });

    // And a third invocation for the window finds it sent: one window, one issue.
    const again = await schedule()(input);
    expect(again).toMatchObject({ outcome: 'duplicate', issueId: failed!.issueId });
    expect(await recipients()).toEqual(['ana@example.org', 'ben@example.org']);
  });
});

describe('an approval whose publishing failed', { timeout: 90_000 }, () => {
  it('is finished by approving again: the briefing goes out once', async () => {
    const list = 'reviewed';
    clock.at = new Date('2026-03-12T07:00:00Z');
    const settings = await local.briefing.store.getSettings(list);
    await local.briefing.store.putSettings({
      ...settings,
      mode: 'review',
      editor: 'editor@example.org',
      reviewHours: 6,
    });
    await local.briefing.store.addSource(list, server.feed('port.atom'), clock.now().toISOString());
    const before = await listOutbox(dataDir);
    const drafted = await scheduleHandler(local.briefing, () => {})({
      list,
      scheduledTime: '2026-03-12T07:00:00Z',
    });
    expect(drafted.outcome).toBe('draft');
    const [previewName] = (await listOutbox(dataDir)).filter((n) => !before.includes(n));
    const preview = (await readFile(join(outboxDir(dataDir), previewName!), 'utf8')).replace(/=\r?\n/g, '');
    const token = decodeURIComponent(/drafts\/approve\?token=3D([A-Za-z0-9._%-]+)/.exec(preview)![1]!);
    const approve = approveHandler(local.http);
    const sentTo = async () => (await recipients()).filter((r) => r === 'cy@example.org');

    const broken = await breakArchive();
    const failed = await approve(event('POST', '/drafts/approve', { token }));
    expect(failed.statusCode).toBe(500);
    await broken.restore();
    expect(await sentTo()).toEqual([]);

    // The editor opens the link again: the button is offered, and approving sends the briefing.
    const page = await approve(event('GET', '/drafts/approve', { token }));
    expect(page.body).toMatch(/<form method="post"/);
    const done = await approve(event('POST', '/drafts/approve', { token }));
    expect(done.statusCode).toBe(200);
    expect(done.body).toMatch(
      /The briefing is sent: 1 handed to the mail service\. Its stats page says how many were delivered\./,
    );
    expect(await sentTo()).toEqual(['cy@example.org']);
    expect(await local.briefing.archive.get(drafted.issueId!)).not.toBeNull();
    expect(await local.briefing.store.getWindow(list, '2026-03-12')).toMatchObject({ status: 'sent' });

    const again = await approve(event('POST', '/drafts/approve', { token }));
    expect(again.body).toMatch(/already|approved/i);
    expect(await sentTo()).toEqual(['cy@example.org']);
  });
});
