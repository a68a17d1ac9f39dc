/**
 * A scheduled briefing that fails before its issue is archived is retried by EventBridge Scheduler
 * with the same scheduled time: the retry composes and sends the window's issue (one issue, under
 * the first run's id), instead of finding the window "already failed" and sending nothing.
 * The fault is real: the archive folder is a dangling symlink while the first run writes.
 */

import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox, outboxDir } from '../../functions/adapters/outbox-mailer.js';
import { type LocalBriefing, openLocalBriefing } from '../../functions/cli/local-briefing.js';
import { type LocalDeps, openLocalDeps } from '../../functions/cli/local-deps.js';
import { newList } from '../../functions/core/newsletter-list.js';
import { createHandler as scheduleHandler } from '../../functions/handlers/schedule.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';

let server: FeedServer;
let dataDir: string;
let deps: LocalDeps;
let local: LocalBriefing;
const clock = {
  at: new Date('2026-03-10T07:00:00Z'),
  now() {
    return this.at;
  },
};

async function recipients(): Promise<string[]> {
  const names = await listOutbox(dataDir);
  const heads = await Promise.all(names.map((n) => readFile(join(outboxDir(dataDir), n), 'utf8')));
  return heads.map((m) => /^To: (.+)$/m.exec(m)?.[1]?.trim() ?? '').sort();
}

beforeAll(async () => {
  server = await startFeedServer();
  dataDir = await mkdtemp(join(tmpdir(), 'digest-briefing-retry-'));
  deps = await openLocalDeps({
    dataDir,
    inMemory: true,
    clock,
    env: { DIGEST_ALLOW_LOOPBACK: '1', DIGEST_BASE_URL: 'http://127.0.0.1:8787' },
  });
  local = await openLocalBriefing(deps);
  await deps.lists.create(newList('city', 'The city briefing', {}, clock.now().toISOString()));
  const at = clock.now().toISOString();
  for (const email of ['ana@example.org', 'ben@example.org']) {
    await deps.subscribers.put({
      email,
      list: 'city',
      status: 'confirmed',
      topics: [],
      timezone: null,
      consent: { at, method: 'import', ip: null, userAgent: null },
      createdAt: at,
      updatedAt: at,
      confirmationSentAt: null,
    });
  }
  await local.briefing.store.addSource('city', server.feed('courier.rss'), at);
});

afterAll(async () => {
  await deps?.close();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
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
