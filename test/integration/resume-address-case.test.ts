/**
 * A person is one identity whatever the case of their address (`addressKey`), and the delivery ledger keys
 * its records by that identity: a send interrupted, then the person signing up again with their address
 * typed in another case, then the resume, still gives everyone one copy at most. Records an earlier version
 * keyed by the address as typed are found too. Local (deliverLocally) and deployed (a second fan-out, then
 * the send worker Lambda). Real components: dynalite (ledger, subscribers), the file archive,
 * aws-ses-v2-local behind the fault proxy.
 */
import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeTagValue } from '../../functions/adapters/ses-mailer.js';
import { addressKey } from '../../functions/core/email-address.js';
import { addConfirmed } from '../../functions/core/subscription.js';
import type { Issue } from '../../functions/core/types.js';
import { createHandler as createWorker } from '../../functions/handlers/send-worker.js';
import type { DeliveryRecord } from '../../functions/ports/delivery-ledger.js';
import {
  deliverLocally,
  fanOutAndSettle,
  type PreparedIssue,
  type SendJob,
  type SendWorkerDeps,
} from '../../functions/use-cases/deliver-issue.js';
import {
  archivePreparedIssue,
  DELIVERIES_TABLE,
  type DeliveryWorld,
  lambdaContext,
  leaveInProgress,
  resubscribeAs,
  sendWorkerDeps,
  sqsJobsEvent,
  startDeliveryWorld,
} from '../support/delivery-world.js';

let world: DeliveryWorld;
let issueCounter = 0;

beforeAll(async () => {
  world = await startDeliveryWorld('resume-address-case-');
}, 60_000);

afterAll(async () => {
  await world?.close();
});

beforeEach(async () => {
  await world.ses.clearStore();
});

const DEAD = 'lambda:req-died';

function workerDeps(prepared: PreparedIssue, owner: string, onExhausted: 'throw' | 'fail'): SendWorkerDeps {
  return { ...sendWorkerDeps(world, prepared, { onExhausted }), owner };
}

async function seed(list: string, emails: string[]): Promise<void> {
  for (const email of emails) {
    const added = await addConfirmed(
      { store: world.subscribers },
      { email, list, method: 'import' },
      new Date(),
    );
    expect(added.kind).toBe('added');
  }
}

/** Messages the emulator holds, counted per person (identity), over every run of the test. */
async function copiesPerPerson(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const mail of await world.ses.stored()) {
    for (const to of mail.destination.to) counts[addressKey(to)] = (counts[addressKey(to)] ?? 0) + 1;
  }
  return counts;
}

async function records(issue: Issue): Promise<DeliveryRecord[]> {
  const all: DeliveryRecord[] = [];
  for (let cursor: string | null = null; ; ) {
    const page: { items: DeliveryRecord[]; next: string | null } = await world.ledger.page(issue.id, {
      cursor,
      limit: 2,
    });
    all.push(...page.items);
    cursor = page.next;
    if (!cursor) return all;
  }
}

/**
 * The first run of an issue to five people: it sent two of them their copy, then died with one send in flight
 * and one claim waiting; nobody had sent the fifth yet. Then four of them sign up again, typing their address
 * in another case (the list's record takes the new spelling).
 */
async function interruptedThenRetyped(list: string) {
  const d = `${list}.example.net`;
  await seed(list, [`jane@${d}`, `Mixed.Case@${d}`, `sending.case@${d}`, `Claimed.Case@${d}`, `later@${d}`]);
  const { issue, prepared } = await archivePreparedIssue(world, `20261204-case${++issueCounter}`, list);
  const job = (recipient: string): SendJob => ({ issueId: issue.id, list, recipient });
  const first = createWorker(workerDeps(prepared, 'unused', 'throw'), () => {});
  const firstRun = await first(
    sqsJobsEvent([job(`jane@${d}`), job(`Mixed.Case@${d}`)]),
    lambdaContext('req-first'),
  );
  expect(firstRun.batchItemFailures).toEqual([]);
  await leaveInProgress(world.ledger, job(`sending.case@${d}`), 'sending', DEAD);
  await leaveInProgress(world.ledger, job(`Claimed.Case@${d}`), 'claimed', DEAD);
  expect(await copiesPerPerson()).toEqual({ [`jane@${d}`]: 1, [`mixed.case@${d}`]: 1 });

  await resubscribeAs(world.subscribers, list, `jane@${d}`, `Jane@${d}`);
  await resubscribeAs(world.subscribers, list, `Mixed.Case@${d}`, `mixed.case@${d}`);
  await resubscribeAs(world.subscribers, list, `sending.case@${d}`, `Sending.Case@${d}`);
  await resubscribeAs(world.subscribers, list, `Claimed.Case@${d}`, `CLAIMED.case@${d}`);
  return { issue, prepared, d };
}

/** What the resume must leave: one copy per person, one record per person, the send in flight unknown. */
async function expectOneCopyEach(issue: Issue, d: string) {
  // the send that was in flight may have reached SES: never sent again (the emulator never had it here)
  expect(await copiesPerPerson()).toEqual({
    [`jane@${d}`]: 1,
    [`mixed.case@${d}`]: 1,
    [`claimed.case@${d}`]: 1,
    [`later@${d}`]: 1,
  });
  const byPerson = new Map((await records(issue)).map((r) => [addressKey(r.recipient), r]));
  expect((await records(issue)).length).toBe(5);
  expect([...byPerson.keys()].sort()).toEqual(
    [`claimed.case@${d}`, `jane@${d}`, `later@${d}`, `mixed.case@${d}`, `sending.case@${d}`].sort(),
  );
  expect(byPerson.get(`sending.case@${d}`)).toMatchObject({ status: 'unknown', attempts: 1 });
  expect(byPerson.get(`claimed.case@${d}`)).toMatchObject({ status: 'sent', attempts: 1 });
  expect(byPerson.get(`jane@${d}`)).toMatchObject({ status: 'sent', attempts: 1 });
  expect(byPerson.get(`mixed.case@${d}`)).toMatchObject({ status: 'sent', attempts: 1 });
}

describe('a resume after an address changed case sends nobody a second copy', () => {
  it('locally (digest send --issue): the already sent are skipped, the send in flight stays unknown', async () => {
    const { issue, prepared, d } = await interruptedThenRetyped('case-local');
    const summary = await deliverLocally(
      { ...workerDeps(prepared, 'local:host:1:resume', 'fail'), store: world.subscribers },
      { issueId: issue.id, list: issue.list, concurrency: 2 },
    );
    expect(summary).toMatchObject({ sent: 2, skipped: 2, failed: 0, unknown: 1 });
    await expectOneCopyEach(issue, d);
    // the copy the resume sent went to the address as the list spells it now
    expect((await world.ses.stored()).flatMap((m) => m.destination.to)).toContain(`CLAIMED.case@${d}`);
  }, 60_000);

  it('deployed (a second fan-out, then the send worker): the same', async () => {
    const { issue, prepared, d } = await interruptedThenRetyped('case-deployed');
    const jobs: SendJob[] = [];
    const out = await fanOutAndSettle(
      {
        store: world.subscribers,
        sink: { put: async (batch) => void jobs.push(...batch) },
        ledger: world.ledger,
        owner: 'lambda:fan-out-resume',
        leaseMs: 90_000,
        isOwnerGone: (r, now) => r.leaseUntil < now.getTime(),
        now: () => new Date(),
      },
      { issueId: issue.id, list: issue.list, batchSize: 10 },
    );
    // everyone is still on the list: the resume's fan-out queues all five and settles nothing apart
    expect(out).toMatchObject({ queued: 5, suppressed: 0, settled: [] });
    const worker = createWorker(workerDeps(prepared, 'unused', 'throw'), () => {});
    expect((await worker(sqsJobsEvent(jobs), lambdaContext('req-resume'))).batchItemFailures).toEqual([]);
    await expectOneCopyEach(issue, d);
  }, 60_000);
});

describe('records an earlier version keyed by the address as typed', () => {
  /** The delivery id those versions gave a record: a digest of the address as typed. */
  const deliveryIdAsBefore = (issueId: string, recipient: string) =>
    `${issueId}.${createHash('sha256').update(`${issueId}\u0000${recipient}`).digest('hex').slice(0, 16)}`;

  /** A record as versions that keyed the ledger by the address as typed wrote it. */
  async function writeAsBefore(issue: Issue, recipient: string, status: 'sent' | 'sending' | 'claimed') {
    await world.dynamo.client.send(
      new PutCommand({
        TableName: DELIVERIES_TABLE,
        Item: {
          pk: `ISSUE#${issue.id}`,
          sk: `RCPT#${recipient}`,
          issueId: issue.id,
          recipient,
          list: issue.list,
          deliveryId: deliveryIdAsBefore(issue.id, recipient),
          status,
          owner: DEAD,
          leaseUntil: Date.now() - 3_600_000,
          attempts: status === 'claimed' ? 0 : 1,
          sesMessageId: status === 'sent' ? 'ses-before' : null,
          reason: null,
          retryable: false,
          updatedAt: new Date(Date.now() - 7_200_000).toISOString(),
          deliveredAt: null,
          bouncedAt: null,
          softBouncedAt: null,
          complainedAt: null,
          openedAt: null,
          clickedAt: null,
          tracked: null,
        },
      }),
    );
  }

  it('are still found by the resume: not sent twice, the send in flight unknown, the waiting claim sent once', async () => {
    const list = 'case-before';
    const d = `${list}.example.net`;
    await seed(list, [`Old.Sent@${d}`, `Old.Sending@${d}`, `Old.Claimed@${d}`]);
    const { issue, prepared } = await archivePreparedIssue(world, `20261204-case${++issueCounter}`, list);
    await writeAsBefore(issue, `Old.Sent@${d}`, 'sent');
    await writeAsBefore(issue, `Old.Sending@${d}`, 'sending');
    await writeAsBefore(issue, `Old.Claimed@${d}`, 'claimed');

    const summary = await deliverLocally(
      { ...workerDeps(prepared, 'local:host:1:resume', 'fail'), store: world.subscribers },
      { issueId: issue.id, list, concurrency: 2 },
    );
    expect(summary).toMatchObject({ sent: 1, skipped: 1, failed: 0, unknown: 1 });
    expect(await copiesPerPerson()).toEqual({ [`old.claimed@${d}`]: 1 });
    const all = await records(issue);
    expect(all.map((r) => `${r.recipient} ${r.status}`).sort()).toEqual([
      `Old.Claimed@${d} sent`,
      `Old.Sending@${d} unknown`,
      `Old.Sent@${d} sent`,
    ]);
    // the copy carries the delivery id of the record it settles: SES events find the record by it
    const claimed = all.find((r) => r.recipient === `Old.Claimed@${d}`);
    const copy = world.ses.proxy.accepted.find((m) => m.destinations.includes(`Old.Claimed@${d}`));
    expect(decodeTagValue(copy?.tags['digest-delivery'] ?? '')).toBe(claimed?.deliveryId);
  }, 60_000);
});
