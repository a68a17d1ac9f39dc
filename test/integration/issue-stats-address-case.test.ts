/**
 * A person is one identity whatever the case of their address (`addressKey`): the stats of an issue credit an
 * unsubscribe to it when the list's record spells the address otherwise than the delivery did, and `--test-to`
 * copies of an issue to one person in two spellings are one test copy of that issue (the list's recent test copies
 * still show each). Real components: dynalite (ledger, subscribers) and the file archive.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FileIssueArchive } from '../../functions/adapters/file-issue-archive.js';
import type { LocalDynamo } from '../../functions/adapters/local-runtime.js';
import { renderIssue } from '../../functions/adapters/render-issue.js';
import { addConfirmed, unsubscribe } from '../../functions/core/subscription.js';
import type { DeliveryLedger } from '../../functions/ports/delivery-ledger.js';
import type { SubscriberStore } from '../../functions/ports/subscriber-store.js';
import { issueStats, listStats } from '../../functions/use-cases/issue-stats.js';
import { openDeliveryTables, resubscribeAs } from '../support/delivery-world.js';
import { RENDER_OPTIONS, sampleIssue, sampleStory } from '../support/sample-issue.js';

const LIST = 'harbour-notes';
let dataDir: string;
let dynamo: LocalDynamo;
let ledger: DeliveryLedger;
let subscribers: SubscriberStore;
let archive: FileIssueArchive;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'issue-stats-address-case-'));
  const tables = await openDeliveryTables(dataDir);
  ({ dynamo, ledger, subscribers } = tables);
  archive = new FileIssueArchive(dataDir);
}, 60_000);

afterAll(async () => {
  await dynamo?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function archived(id: string, createdAt: Date) {
  const issue = sampleIssue([sampleStory(0)], { id, list: LIST, createdAt: createdAt.toISOString() });
  await archive.put({ issue, rendered: renderIssue(issue, RENDER_OPTIONS) });
  return issue;
}

async function sent(issueId: string, recipient: string, at: Date): Promise<void> {
  const key = { issueId, recipient, owner: 'local:test:1:stats' };
  await ledger.claim({
    ...key,
    list: LIST,
    deliveryId: `${issueId}.${recipient}`,
    leaseUntil: at.getTime() + 60_000,
    at,
  });
  await ledger.markSending(key, at, { tracked: false });
  await ledger.markSent(key, `ses-${recipient}`, at);
}

it('an unsubscribe recorded in another spelling of the address counts for the issue the person was sent', async () => {
  const sentAt = new Date(Date.now() - 3_600_000);
  const issue = await archived('20261203-casestats', sentAt);
  for (const email of ['mara.lind@example.org', 'tomas@example.org'])
    await addConfirmed({ store: subscribers }, { email, list: LIST, method: 'import' }, sentAt);
  await sent(issue.id, 'mara.lind@example.org', sentAt);
  await sent(issue.id, 'tomas@example.org', sentAt);

  // Mara signs up again typing her address capitalised (the list's record takes that spelling), then leaves
  // from the issue's unsubscribe link; Tomas stays.
  await resubscribeAs(subscribers, LIST, 'mara.lind@example.org', 'Mara.Lind@example.org');
  const left = await unsubscribe(
    { store: subscribers },
    { email: 'Mara.Lind@example.org', list: LIST },
    new Date(),
  );
  expect(left.kind).toBe('unsubscribed');
  expect((await subscribers.get(LIST, 'mara.lind@example.org'))?.email).toBe('Mara.Lind@example.org');

  const stats = await issueStats({ ledger, archive, subscribers }, issue.id);
  expect(stats).toMatchObject({ sent: 2, unsubscribed: 1 });
});

it('two test copies of an issue to one person in two spellings are one test copy of the issue', async () => {
  const at = new Date(Date.now() - 60_000);
  const issue = await archived('20261203-casetests', at);
  const copy = { issueId: issue.id, list: LIST, subject: `[Test] ${issue.subject}` };
  await ledger.recordTestSend({ ...copy, recipient: 'Editor@example.org', at: at.toISOString() });
  const later = new Date(at.getTime() + 1_000).toISOString();
  await ledger.recordTestSend({ ...copy, recipient: 'editor@example.org', at: later });

  const stats = await issueStats({ ledger, archive, subscribers }, issue.id);
  expect(stats.tests.map((t) => [t.recipient, t.at])).toEqual([['editor@example.org', later]]);
  // The list's recent test copies name every copy that went out.
  const recent = (await listStats({ ledger, archive, subscribers }, LIST)).tests.filter(
    (t) => t.issueId === issue.id,
  );
  expect(recent.map((t) => t.recipient)).toEqual(['editor@example.org', 'Editor@example.org']);
});
