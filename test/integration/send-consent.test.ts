/**
 * Consent is checked again at send time: whoever unsubscribed, dropped the issue's topic, or was
 * suppressed (bounce, complaint) after the fan-out queued their job is not sent the issue. The
 * ledger records them `skipped` with the reason; a redelivered job or a resumed send does not try
 * again; the issue's stats count them as done (neither sent nor failed). A consent read that fails
 * sends nothing and leaves the job to be retried.
 *
 * Real components: dynalite (ledger, subscribers; a throttling proxy in front of it for the failing
 * read), the file archive, aws-ses-v2-local behind the SES fault proxy, the send worker Lambda handler
 * and the local worker pool (deliverLocally).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoSubscriberStore } from '../../functions/adapters/dynamo-subscriber-store.js';
import { MemorySubscriberStore } from '../../functions/adapters/memory-subscriber-store.js';
import { addConfirmed, suppress, unsubscribe, updatePreferences } from '../../functions/core/subscription.js';
import type { Issue } from '../../functions/core/types.js';
import { createHandler as createWorker } from '../../functions/handlers/send-worker.js';
import type { SubscriberStore } from '../../functions/ports/subscriber-store.js';
import {
  type DeadLetter,
  deliverLocally,
  fanOut,
  type PreparedIssue,
  type SendJob,
  type SendWorkerDeps,
} from '../../functions/use-cases/deliver-issue.js';
import { deliveryFinished, issueStats } from '../../functions/use-cases/issue-stats.js';
import {
  archivePreparedIssue,
  lambdaContext as context,
  type DeliveryWorld,
  optInAgain,
  SUBSCRIBERS_TABLE,
  sendWorkerDeps,
  sqsJobsEvent as sqsEvent,
  startDeliveryWorld,
} from '../support/delivery-world.js';
import { type DynamoFaultProxy, startDynamoFaultProxy } from '../support/dynamo-fault-proxy.js';

let world: DeliveryWorld;
let dynamoProxy: DynamoFaultProxy;
let ledger: DeliveryWorld['ledger'];
let subscribers: DeliveryWorld['subscribers'];
let archive: DeliveryWorld['archive'];
let issueCounter = 0;

beforeAll(async () => {
  world = await startDeliveryWorld('send-consent-');
  dynamoProxy = await startDynamoFaultProxy(world.dynamo.endpoint);
  ({ ledger, subscribers, archive } = world);
}, 60_000);

afterAll(async () => {
  await dynamoProxy?.close();
  await world?.close();
});

beforeEach(async () => {
  await world.ses.clearStore();
  dynamoProxy.throttle([]);
});

async function seed(store: SubscriberStore, list: string, people: { email: string; topics?: string[] }[]) {
  for (const person of people) {
    const added = await addConfirmed(
      { store },
      { email: person.email, list, method: 'import', ...(person.topics ? { topics: person.topics } : {}) },
      new Date(),
    );
    expect(added.kind).toBe('added');
  }
}

/** Archives the next issue of the list (for that topic, if any) and prepares it. */
function archiveIssue(list: string, topic?: string): Promise<{ issue: Issue; prepared: PreparedIssue }> {
  return archivePreparedIssue(world, `20261203-consent${++issueCounter}`, list, topic);
}

function workerDeps(
  prepared: PreparedIssue,
  store: SubscriberStore,
  options: { now?: () => Date; onExhausted?: 'throw' | 'fail'; deadLetters?: DeadLetter[] } = {},
): Omit<SendWorkerDeps, 'owner'> {
  return sendWorkerDeps(world, prepared, { ...options, store });
}

/** The deployed fan-out: jobs on "the queue" (an array here) and the queued count in the ledger. */
async function fan(issue: Issue): Promise<SendJob[]> {
  const jobs: SendJob[] = [];
  const out = await fanOut(
    { store: subscribers, sink: { put: async (batch) => void jobs.push(...batch) } },
    { issueId: issue.id, list: issue.list, ...(issue.topic ? { topic: issue.topic } : {}), batchSize: 10 },
  );
  await ledger.recordFanOut(issue.id, out.queued, new Date());
  return jobs;
}

const mailedTo = async () => (await world.ses.stored()).map((m) => m.destination.to[0]).sort();

describe('the send worker Lambda checks consent right before sending', () => {
  it('skips who unsubscribed or was suppressed after the fan-out, sends the others, and stats count the skipped as done', async () => {
    const list = 'lambda-consent';
    await seed(subscribers, list, [
      { email: 'stays@example.net' },
      { email: 'leaves@example.net' },
      { email: 'complains@example.net' },
      { email: 'bounces@example.net' },
    ]);
    const { issue, prepared } = await archiveIssue(list);
    const jobs = await fan(issue);
    expect(jobs).toHaveLength(4);

    // while the jobs wait on the queue
    expect(
      (await unsubscribe({ store: subscribers }, { email: 'leaves@example.net', list }, new Date())).kind,
    ).toBe('unsubscribed');
    await suppress({ store: subscribers }, 'complains@example.net', 'complaint', new Date());
    await suppress({ store: subscribers }, 'bounces@example.net', 'bounce', new Date());

    const worker = createWorker(workerDeps(prepared, subscribers), () => {});
    expect((await worker(sqsEvent(jobs), context('req-1'))).batchItemFailures).toEqual([]);
    expect(await mailedTo()).toEqual(['stays@example.net']);

    expect(await ledger.get(issue.id, 'leaves@example.net')).toMatchObject({
      status: 'skipped',
      reason: 'unsubscribed',
      attempts: 0,
    });
    expect(await ledger.get(issue.id, 'complains@example.net')).toMatchObject({
      status: 'skipped',
      reason: 'suppressed',
    });
    expect((await ledger.get(issue.id, 'bounces@example.net'))?.status).toBe('skipped');
    expect(await ledger.counts(issue.id)).toMatchObject({ sent: 1, skipped: 3, failed: 0, total: 4 });

    const stats = await issueStats({ ledger, archive, subscribers }, issue.id);
    expect(stats).toMatchObject({ queued: 4, recipients: 4, sent: 1, skipped: 3, failed: 0, inProgress: 0 });
    expect(deliveryFinished(stats)).toBe(true);

    // SQS redelivers the batch, and the person who left comes back (their own new opt-in) before the operator
    // resumes: a skipped recipient is done, nobody is sent anything
    await optInAgain(subscribers, list, 'leaves@example.net', new Date());
    expect((await worker(sqsEvent(jobs), context('req-2'))).batchItemFailures).toEqual([]);
    const resumed = await fan(issue);
    expect(resumed.map((j) => j.recipient).sort()).toEqual(['leaves@example.net', 'stays@example.net']);
    expect((await worker(sqsEvent(resumed), context('req-3'))).batchItemFailures).toEqual([]);
    expect(await mailedTo()).toEqual(['stays@example.net']);
    expect(await ledger.counts(issue.id)).toMatchObject({ sent: 1, skipped: 3, total: 4 });
  }, 60_000);

  it('skips who dropped the issue topic after the fan-out', async () => {
    const list = 'topic-consent';
    await seed(subscribers, list, [
      { email: 'keeps@example.net', topics: ['harbour'] },
      { email: 'drops@example.net', topics: ['harbour', 'rail'] },
    ]);
    const { issue, prepared } = await archiveIssue(list, 'harbour');
    const jobs = await fan(issue);
    expect(jobs).toHaveLength(2);
    const changed = await updatePreferences(
      { store: subscribers },
      { email: 'drops@example.net', list },
      { topics: ['rail'] },
      new Date(),
    );
    expect(changed.kind).toBe('updated');

    const worker = createWorker(workerDeps(prepared, subscribers), () => {});
    expect((await worker(sqsEvent(jobs), context('req-4'))).batchItemFailures).toEqual([]);
    expect(await mailedTo()).toEqual(['keeps@example.net']);
    expect((await ledger.get(issue.id, 'drops@example.net'))?.status).toBe('skipped');
  }, 60_000);

  it('sends nothing when the consent read fails, and the redelivered job is sent once the read works', async () => {
    const list = 'throttled-consent';
    await seed(subscribers, list, [{ email: 'patient@example.net' }]);
    const { issue, prepared } = await archiveIssue(list);
    const jobs = await fan(issue);
    const throttledStore = new DynamoSubscriberStore(dynamoProxy.client(), SUBSCRIBERS_TABLE);
    let later = 0;
    const now = () => new Date(Date.now() + later);
    const worker = createWorker(workerDeps(prepared, throttledStore, { now }), () => {});

    dynamoProxy.throttle(['BatchGetItem', 'GetItem']);
    // the only record failed: Powertools fails the invocation and SQS keeps the message
    await expect(worker(sqsEvent(jobs), context('req-5'))).rejects.toThrow(/All records failed/);
    expect((dynamoProxy.throttled.BatchGetItem ?? 0) + (dynamoProxy.throttled.GetItem ?? 0)).toBeGreaterThan(
      0,
    );
    expect(await mailedTo()).toEqual([]);
    const held = await ledger.get(issue.id, 'patient@example.net');
    expect(held?.status).toBe('claimed');
    expect(held?.attempts).toBe(0);
    expect((await issueStats({ ledger, archive, subscribers }, issue.id)).inProgress).toBe(1);

    // SQS redelivers after its visibility timeout, which is longer than the claim's lease
    dynamoProxy.throttle([]);
    later = 6 * 60_000;
    expect((await worker(sqsEvent(jobs), context('req-6'))).batchItemFailures).toEqual([]);
    expect(await mailedTo()).toEqual(['patient@example.net']);
    expect((await ledger.get(issue.id, 'patient@example.net'))?.status).toBe('sent');
  }, 60_000);
});

describe('the local worker pool (digest send) checks consent right before sending', () => {
  it('skips who left after the fan-out, sends the one still subscribed, and a resumed send skips them again', async () => {
    const list = 'local-consent';
    const store = new MemorySubscriberStore();
    await seed(store, list, [
      { email: 'first@example.net' },
      { email: 'leaves@example.net' },
      { email: 'suppressed@example.net' },
    ]);
    const { issue, prepared } = await archiveIssue(list);
    let changed = false;
    const summary = await deliverLocally(
      { ...workerDeps(prepared, store, { onExhausted: 'fail' }), store, owner: 'local:test:1:a' },
      {
        issueId: issue.id,
        list,
        concurrency: 1,
        // called once fan-out has read the list, before any job runs: the memory store's writes land at once
        onProgress: (done) => {
          if (done > 0 || changed) return;
          changed = true;
          void unsubscribe({ store }, { email: 'leaves@example.net', list }, new Date());
          void store.suppress('suppressed@example.net', 'bounce', new Date().toISOString());
        },
      },
    );
    expect(changed).toBe(true);
    expect(summary).toMatchObject({ sent: 1, skipped: 2, failed: 0, unknown: 0 });
    expect(summary.reasons).toMatchObject({ unsubscribed: 1, suppressed: 1 });
    expect(await mailedTo()).toEqual(['first@example.net']);
    expect(await ledger.counts(issue.id)).toMatchObject({ sent: 1, skipped: 2, total: 3 });

    // `digest send --issue ID` after the person came back: the skipped record is final
    await optInAgain(store, list, 'leaves@example.net', new Date());
    const resumed = await deliverLocally(
      { ...workerDeps(prepared, store, { onExhausted: 'fail' }), store, owner: 'local:test:1:b' },
      { issueId: issue.id, list, concurrency: 2 },
    );
    expect(resumed).toMatchObject({ sent: 0, failed: 0 });
    expect(await mailedTo()).toEqual(['first@example.net']);
    const stats = await issueStats({ ledger, archive, subscribers: store }, issue.id);
    expect(stats).toMatchObject({ sent: 1, skipped: 2, failed: 0, inProgress: 0 });
    expect(deliveryFinished(stats)).toBe(true);
  }, 60_000);

  it('records a failed consent read as a retryable failure, never a send, and the resumed send delivers it', async () => {
    const list = 'local-throttled';
    await seed(subscribers, list, [{ email: 'later@example.net' }]);
    const { issue, prepared } = await archiveIssue(list);
    const throttledStore = new DynamoSubscriberStore(dynamoProxy.client(), SUBSCRIBERS_TABLE);
    const deadLetters: DeadLetter[] = [];

    const throttledBefore = dynamoProxy.throttled.BatchGetItem ?? 0;
    dynamoProxy.throttle(['BatchGetItem']);
    const first = await deliverLocally(
      {
        ...workerDeps(prepared, throttledStore, { onExhausted: 'fail', deadLetters }),
        store: throttledStore,
        owner: 'local:test:2:a',
      },
      { issueId: issue.id, list, concurrency: 1 },
    );
    expect(first).toMatchObject({ sent: 0, skipped: 0, failed: 1 });
    expect(dynamoProxy.throttled.BatchGetItem ?? 0).toBeGreaterThan(throttledBefore);
    expect(await mailedTo()).toEqual([]);
    expect(await ledger.get(issue.id, 'later@example.net')).toMatchObject({
      status: 'failed',
      retryable: true,
      attempts: 0,
    });
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]?.reason).toMatch(/consent/);

    dynamoProxy.throttle([]);
    const resumed = await deliverLocally(
      {
        ...workerDeps(prepared, throttledStore, { onExhausted: 'fail' }),
        store: throttledStore,
        owner: 'local:test:2:b',
      },
      { issueId: issue.id, list, concurrency: 1 },
    );
    expect(resumed).toMatchObject({ sent: 1, failed: 0 });
    expect(await mailedTo()).toEqual(['later@example.net']);
  }, 60_000);
});
