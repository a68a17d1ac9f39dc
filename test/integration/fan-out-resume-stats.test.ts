/**
 * A deployed delivery resumed with a second fan-out (`digest send --issue ID --stack-outputs`, the
 * console's resume) queues the same recipients again; the send worker skips those already sent. The
 * issue's `queued` stays the number of recipients, so `digest stats --watch` sees the delivery end.
 * Real components: dynalite (ledger, subscribers), the file archive, the send worker Lambda handler,
 * aws-ses-v2-local behind the fault proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderIssue } from '../../functions/adapters/render-issue.js';
import { importedSubscriber } from '../../functions/core/subscription.js';
import { createHandler as createWorker } from '../../functions/handlers/send-worker.js';
import { deliverLocally, fanOut, type SendJob } from '../../functions/use-cases/deliver-issue.js';
import { deliveryFinished, issueStats } from '../../functions/use-cases/issue-stats.js';
import {
  lambdaContext as context,
  type DeliveryWorld,
  prepareWholeBody,
  sendWorkerDeps,
  sqsJobsEvent as sqsEvent,
  startDeliveryWorld,
} from '../support/delivery-world.js';
import { RENDER_OPTIONS, sampleIssue, sampleStory } from '../support/sample-issue.js';

const READERS = ['a@example.net', 'b@example.net', 'c@example.net'];

let world: DeliveryWorld;

beforeAll(async () => {
  world = await startDeliveryWorld('fan-out-resume-');
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe('a deployed delivery fanned out twice', () => {
  it('keeps queued at the number of recipients, and the delivery is seen to finish', async () => {
    const { ledger, subscribers, archive } = world;
    const at = new Date().toISOString();
    for (const email of READERS) {
      await subscribers.put(importedSubscriber(email, 'default', at));
    }
    const issue = sampleIssue([sampleStory(0)], { id: '20261203-fanoutresume', list: 'default' });
    const rendered = renderIssue(issue, RENDER_OPTIONS);
    await archive.put({ issue, rendered });
    const prepared = await prepareWholeBody(issue, rendered);
    // the worker's own retry policy
    const worker = createWorker(sendWorkerDeps(world, prepared, { retry: {} }), () => {});

    // The first fan-out, as `digest send --stack-outputs` does it; the worker sends two of three and the
    // third job is still on the queue when the operator resumes.
    const fan = async () => {
      const jobs: SendJob[] = [];
      const out = await fanOut(
        { store: subscribers, sink: { put: async (batch) => void jobs.push(...batch) } },
        { issueId: issue.id, list: 'default', batchSize: 10 },
      );
      await ledger.recordFanOut(issue.id, out.queued, new Date());
      return jobs;
    };
    const first = await fan();
    expect((await worker(sqsEvent(first.slice(0, 2)), context('req-1'))).batchItemFailures).toEqual([]);
    const resumed = await fan();
    expect((await worker(sqsEvent(resumed), context('req-2'))).batchItemFailures).toEqual([]);
    expect((await worker(sqsEvent(first.slice(2)), context('req-3'))).batchItemFailures).toEqual([]);

    expect((await world.ses.stored()).map((m) => m.destination.to[0]).sort()).toEqual(READERS);
    const stats = await issueStats({ ledger, archive, subscribers }, issue.id);
    expect(stats).toMatchObject({ queued: READERS.length, sent: READERS.length, inProgress: 0 });
    expect(deliveryFinished(stats)).toBe(true);
  }, 60_000);
});

describe('a delivery to a list with nobody to send to', () => {
  it('records that it queued none, so progress ends at once instead of waiting for a record', async () => {
    const { ledger, subscribers, archive } = world;
    const issue = sampleIssue([sampleStory(0)], { id: '20261203-emptylist', list: 'nobody-yet' });
    const rendered = renderIssue(issue, RENDER_OPTIONS);
    await archive.put({ issue, rendered });
    const prepared = await prepareWholeBody(issue, rendered);
    const summary = await deliverLocally(
      { ...sendWorkerDeps(world, prepared), owner: 'local:test:1', store: subscribers },
      { issueId: issue.id, list: 'nobody-yet', concurrency: 1 },
    );
    expect(summary).toMatchObject({ sent: 0, skipped: 0, failed: 0 });
    expect(await ledger.queued(issue.id)).toBe(0);
    expect(deliveryFinished(await issueStats({ ledger, archive, subscribers }, issue.id))).toBe(true);
  }, 60_000);
});
