/**
 * Records a dead sender left in progress (`claimed`, `sending`) whose recipients then left the list:
 * the resume's fan-out no longer queues them, and it settles their records instead, so the issue's
 * numbers come to an end. `claimed` (never handed to SES) → `skipped` with the reason; `sending` (the
 * request may have reached SES) → `unknown`, neither sent nor counted sent. Records of recipients
 * still on the list, and records a live sender holds, are left to the send worker as before.
 * Deployed (a second fan-out onto the queue, then the send worker Lambda) and local (deliverLocally).
 * Real components: dynalite (ledger, subscribers), the file archive, aws-ses-v2-local behind the fault proxy.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDeliveryLedger } from '../../functions/adapters/dynamo-delivery-ledger.js';
import type { DynamoSubscriberStore } from '../../functions/adapters/dynamo-subscriber-store.js';
import type { FileIssueArchive } from '../../functions/adapters/file-issue-archive.js';
import { addConfirmed } from '../../functions/core/subscription.js';
import type { Issue } from '../../functions/core/types.js';
import { createHandler as createWorker } from '../../functions/handlers/send-worker.js';
import {
  deliverLocally,
  fanOutAndSettle,
  type PreparedIssue,
  type SendJob,
  type SendWorkerDeps,
} from '../../functions/use-cases/deliver-issue.js';
import { deliveryFinished, issueStats } from '../../functions/use-cases/issue-stats.js';
import {
  archivePreparedIssue,
  type DeliveryWorld,
  lambdaContext,
  leaveInProgress,
  sendWorkerDeps,
  sqsJobsEvent,
  startDeliveryWorld,
  strandedPeopleLeave,
} from '../support/delivery-world.js';

let world: DeliveryWorld;
let ledger: DynamoDeliveryLedger;
let subscribers: DynamoSubscriberStore;
let archive: FileIssueArchive;
let issueCounter = 0;

beforeAll(async () => {
  world = await startDeliveryWorld('resume-stranded-');
  ({ ledger, subscribers, archive } = world);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

beforeEach(async () => {
  await world.ses.clearStore();
});

const HOUR = 3_600_000;
const DEAD = 'lambda:req-died';
const ALIVE = 'lambda:req-still-running';

/** Archives the next issue of the list (for that topic, if any) and prepares it. */
function archiveIssue(list: string, topic?: string): Promise<{ issue: Issue; prepared: PreparedIssue }> {
  return archivePreparedIssue(world, `20261204-stranded${++issueCounter}`, list, topic);
}

function workerDeps(prepared: PreparedIssue, owner: string, onExhausted: 'throw' | 'fail'): SendWorkerDeps {
  return { ...sendWorkerDeps(world, prepared, { onExhausted }), owner };
}

/** A dead sender's claim on a recipient (`sending` when its request went out). */
function leftInProgress(
  issue: Issue,
  recipient: string,
  state: 'claimed' | 'sending',
  owner = DEAD,
  leaseUntil?: number,
): Promise<void> {
  return leaveInProgress(
    ledger,
    { issueId: issue.id, list: issue.list, recipient },
    state,
    owner,
    leaseUntil,
  );
}

async function seed(list: string, people: { email: string; topics?: string[] }[]) {
  for (const person of people) {
    const added = await addConfirmed(
      { store: subscribers },
      { email: person.email, list, method: 'import', ...(person.topics ? { topics: person.topics } : {}) },
      new Date(),
    );
    expect(added.kind).toBe('added');
  }
}

const mailedTo = async () => (await world.ses.stored()).map((m) => m.destination.to[0]).sort();
const record = (issue: Issue, recipient: string) => ledger.get(issue.id, recipient);
/** Each test's people are its own: a suppression is per address, across lists. */
const domainOf = (list: string) => `${list}.example.net`;

/**
 * The list of both tests: who stays, and who left (or was suppressed, or dropped the topic) while their
 * record was in progress.
 */
async function strandedIssue(list: string) {
  const d = domainOf(list);
  await seed(list, [
    { email: `stays@${d}`, topics: ['energy'] },
    { email: `stays-claimed@${d}`, topics: ['energy'] },
    { email: `unsubscribed-claimed@${d}`, topics: ['energy'] },
    { email: `removed-claimed@${d}`, topics: ['energy'] },
    { email: `suppressed-claimed@${d}`, topics: ['energy'] },
    { email: `topic-claimed@${d}`, topics: ['energy', 'rail'] },
    { email: `unsubscribed-sending@${d}`, topics: ['energy'] },
    { email: `unsubscribed-live@${d}`, topics: ['energy'] },
  ]);
  const { issue, prepared } = await archiveIssue(list, 'energy');
  // the first run died: these records stay as it left them
  await leftInProgress(issue, `stays-claimed@${d}`, 'claimed');
  await leftInProgress(issue, `unsubscribed-claimed@${d}`, 'claimed');
  await leftInProgress(issue, `removed-claimed@${d}`, 'claimed');
  await leftInProgress(issue, `suppressed-claimed@${d}`, 'claimed');
  await leftInProgress(issue, `topic-claimed@${d}`, 'claimed');
  await leftInProgress(issue, `unsubscribed-sending@${d}`, 'sending');
  // a sender that is still running holds this one (its lease is current)
  await leftInProgress(issue, `unsubscribed-live@${d}`, 'claimed', ALIVE, Date.now() + HOUR);

  // then, before the resume, they leave
  await strandedPeopleLeave(subscribers, list, d, true);
  return { issue, prepared };
}

async function expectSettled(issue: Issue) {
  const d = domainOf(issue.list);
  expect(await record(issue, `unsubscribed-claimed@${d}`)).toMatchObject({
    status: 'skipped',
    reason: 'unsubscribed',
    attempts: 0,
  });
  expect(await record(issue, `removed-claimed@${d}`)).toMatchObject({
    status: 'skipped',
    reason: 'unsubscribed',
  });
  expect(await record(issue, `suppressed-claimed@${d}`)).toMatchObject({
    status: 'skipped',
    reason: 'suppressed',
  });
  expect(await record(issue, `topic-claimed@${d}`)).toMatchObject({
    status: 'skipped',
    reason: 'topic-dropped',
  });
  // the request may have reached SES: unknown, as crash recovery leaves it, never sent again
  expect(await record(issue, `unsubscribed-sending@${d}`)).toMatchObject({
    status: 'unknown',
    attempts: 1,
    sesMessageId: null,
  });
  // still on the list: taken over and sent, as before
  expect(await record(issue, `stays-claimed@${d}`)).toMatchObject({ status: 'sent' });
  // a live sender's record is that sender's business
  expect(await record(issue, `unsubscribed-live@${d}`)).toMatchObject({
    status: 'claimed',
    owner: ALIVE,
  });
  expect(await mailedTo()).toEqual([`stays-claimed@${d}`, `stays@${d}`]);
}

describe('a deployed resume (a second fan-out) settles what the dead sender left in progress', () => {
  it('skips or marks unknown the records of those who left; the delivery is seen to finish', async () => {
    const { issue, prepared } = await strandedIssue('deployed-stranded');
    const d = domainOf(issue.list);
    const jobs: SendJob[] = [];
    const out = await fanOutAndSettle(
      {
        store: subscribers,
        sink: { put: async (batch) => void jobs.push(...batch) },
        ledger,
        owner: 'lambda:fan-out-resume',
        leaseMs: 90_000,
        isOwnerGone: (r, now) => r.leaseUntil < now.getTime(),
        now: () => new Date(),
      },
      { issueId: issue.id, list: issue.list, topic: 'energy', batchSize: 10 },
    );
    expect(jobs.map((j) => j.recipient).sort()).toEqual([`stays-claimed@${d}`, `stays@${d}`]);
    expect(out).toMatchObject({ queued: 2, suppressed: 1 });
    expect(out.settled.map((s) => `${s.recipient} ${s.outcome} ${s.reason}`).sort()).toEqual([
      `removed-claimed@${d} skipped unsubscribed`,
      `suppressed-claimed@${d} skipped suppressed`,
      `topic-claimed@${d} skipped topic-dropped`,
      `unsubscribed-claimed@${d} skipped unsubscribed`,
      `unsubscribed-sending@${d} unknown the sender stopped while the send was in flight`,
    ]);
    // the first fan-out had queued all eight; the resume's count does not lower it
    await ledger.recordFanOut(issue.id, 8, new Date(Date.now() - HOUR));
    await ledger.recordFanOut(issue.id, out.queued, new Date());

    const worker = createWorker(workerDeps(prepared, 'unused', 'throw'), () => {});
    expect((await worker(sqsJobsEvent(jobs), lambdaContext('req-resume'))).batchItemFailures).toEqual([]);
    await expectSettled(issue);

    let stats = await issueStats({ ledger, archive, subscribers }, issue.id);
    expect(stats).toMatchObject({ queued: 8, sent: 2, skipped: 4, unknown: 1, inProgress: 1 });
    expect(deliveryFinished(stats)).toBe(false);
    // the live sender finishes its own: the person left, so its consent check skips them
    const live = createWorker(workerDeps(prepared, 'unused', 'throw'), () => {});
    const liveJob = { issueId: issue.id, list: issue.list, recipient: `unsubscribed-live@${d}` };
    expect(
      (await live(sqsJobsEvent([liveJob]), lambdaContext('req-still-running'))).batchItemFailures,
    ).toEqual([]);
    stats = await issueStats({ ledger, archive, subscribers }, issue.id);
    expect(stats).toMatchObject({ queued: 8, sent: 2, skipped: 5, unknown: 1, inProgress: 0 });
    expect(deliveryFinished(stats)).toBe(true);

    // a second resume changes nothing
    const again = await fanOutAndSettle(
      {
        store: subscribers,
        sink: { put: async () => {} },
        ledger,
        owner: 'lambda:fan-out-again',
        leaseMs: 90_000,
        isOwnerGone: (r, now) => r.leaseUntil < now.getTime(),
        now: () => new Date(),
      },
      { issueId: issue.id, list: issue.list, topic: 'energy', batchSize: 10 },
    );
    expect(again.settled).toEqual([]);
  }, 60_000);
});

describe('a local resume (digest send --issue) settles what the dead run left in progress', () => {
  it('counts them in the summary and the stats; those still on the list are sent as before', async () => {
    const { issue, prepared } = await strandedIssue('local-stranded');
    const summary = await deliverLocally(
      { ...workerDeps(prepared, 'local:host:1:resume', 'fail'), store: subscribers },
      { issueId: issue.id, list: issue.list, topic: 'energy', concurrency: 2 },
    );
    // sent: the two who stay; skipped: the one suppressed at fan-out, the three whose consent is gone;
    // unknown: the one whose send was in flight. The live sender's recipient is not this run's.
    expect(summary).toMatchObject({ sent: 2, skipped: 4, failed: 0, unknown: 1 });
    expect(summary.reasons).toMatchObject({ unsubscribed: 2, 'topic-dropped': 1, suppressed: 1 });
    await expectSettled(issue);
    const stats = await issueStats({ ledger, archive, subscribers }, issue.id);
    expect(stats).toMatchObject({ recipients: 8, sent: 2, skipped: 4, unknown: 1, inProgress: 1 });
  }, 60_000);
});
