/**
 * The delivery Lambdas with real components: dynalite for the ledger and the subscribers (the worker
 * checks consent before each send), aws-ses-v2-local (through the fault proxy) for SES. Events are built by hand in the shape SQS and SNS deliver.
 */
import type { Context, SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDeliveryLedger } from '../../functions/adapters/dynamo-delivery-ledger.js';
import { renderIssue } from '../../functions/adapters/render-issue.js';
import { encodeTagValue } from '../../functions/adapters/ses-mailer.js';
import { deliveryIdFor } from '../../functions/core/delivery.js';
import { addConfirmed } from '../../functions/core/subscription.js';
import { createHandler as createEventsHandler } from '../../functions/handlers/send-events.js';
import { createHandler as createWorker } from '../../functions/handlers/send-worker.js';
import type { PreparedIssue, SendWorkerDeps } from '../../functions/use-cases/deliver-issue.js';
import {
  type DeliveryWorld,
  prepareWholeBody,
  sendWorkerDeps,
  sqsEvent,
  startDeliveryWorld,
} from '../support/delivery-world.js';
import type { FaultProxy } from '../support/fault-proxy.js';
import { RENDER_OPTIONS, sampleIssue, sampleStory } from '../support/sample-issue.js';

let world: DeliveryWorld;
let proxy: FaultProxy;
let ledger: DynamoDeliveryLedger;
let prepared: PreparedIssue;
let deps: Omit<SendWorkerDeps, 'owner'>;

beforeAll(async () => {
  world = await startDeliveryWorld('delivery-handlers-');
  proxy = world.ses.proxy;
  ledger = world.ledger;
  const store = world.subscribers;
  for (const email of ['a@example.net', 'b@example.net', 'c@example.net', 'slow@example.net'])
    await addConfirmed({ store }, { email, list: 'default', method: 'import' }, new Date());
  const issue = sampleIssue([sampleStory(0)], { id: 'lambda-1', list: 'default' });
  // the whole-body (base64) template: the fault tests cover the slotted one
  prepared = await prepareWholeBody(issue, renderIssue(issue, RENDER_OPTIONS));
  deps = sendWorkerDeps(world, prepared);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

beforeEach(async () => {
  await world.ses.reset();
});

const context = (id: string) => ({ awsRequestId: id, functionName: 'send-worker' }) as unknown as Context;

describe('send-worker handler', () => {
  it('sends each job once, reports poison and retry-later records as partial failures', async () => {
    const job = (recipient: string) => JSON.stringify({ issueId: 'lambda-1', list: 'default', recipient });
    const event = sqsEvent([
      job('a@example.net'),
      job('b@example.net'),
      '{"not":"a job"}',
      JSON.stringify({ issueId: 'missing', list: 'default', recipient: 'c@example.net' }),
    ]);
    const worker = createWorker(deps);
    const first = await worker(event, context('req-1'));
    expect(first.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m2', 'm3']);
    expect((await world.ses.stored()).map((m) => m.destination.to[0]).sort()).toEqual([
      'a@example.net',
      'b@example.net',
    ]);
    // SQS redelivers the whole batch (e.g. the function timed out after sending): nothing is sent twice
    const again = await worker(event, context('req-2'));
    expect(again.batchItemFailures).toHaveLength(2);
    expect(await world.ses.stored()).toHaveLength(2);
  });

  it('throws retryable failures back to SQS once its attempts are used up, and a redelivery finishes', async () => {
    const event = sqsEvent([
      JSON.stringify({ issueId: 'lambda-1', list: 'default', recipient: 'slow@example.net' }),
    ]);
    proxy.setRates({ throttle: 1 });
    // every record failed: Powertools fails the whole invocation (SQS retries the batch)
    await expect(createWorker(deps)(event, context('req-3'))).rejects.toThrow(/All records failed/);
    expect((await ledger.get('lambda-1', 'slow@example.net'))?.status).toBe('claimed');
    proxy.setRates({});
    const redelivered = await createWorker(deps)(event, context('req-4'));
    expect(redelivered.batchItemFailures).toEqual([]);
    expect((await ledger.get('lambda-1', 'slow@example.net'))?.status).toBe('sent');
    expect(await world.ses.stored()).toHaveLength(1);
  });
});

describe('send-events handler', () => {
  function snsOf(message: unknown): SNSEvent {
    return {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: 'x',
          Sns: { Message: JSON.stringify(message) },
        },
      ],
    } as unknown as SNSEvent;
  }

  it('settles an unknown delivery from the Send event and records a bounce', async () => {
    const recipient = 'lost@example.net';
    const deliveryId = deliveryIdFor('lambda-1', recipient);
    const owner = 'lambda:req-9';
    await ledger.claim({
      issueId: 'lambda-1',
      recipient,
      list: 'default',
      deliveryId,
      owner,
      leaseUntil: 0,
      at: new Date(),
    });
    await ledger.markSending({ issueId: 'lambda-1', recipient, owner }, new Date());
    await ledger.markUnknown(
      { issueId: 'lambda-1', recipient, owner },
      'ECONNRESET after the request was sent',
      new Date(),
    );
    const tags = {
      'digest-delivery': [encodeTagValue(deliveryId)],
      'digest-issue': [encodeTagValue('lambda-1')],
    };
    const handler = createEventsHandler({ ledger, now: () => new Date() });
    const mail = {
      messageId: 'ses-123',
      timestamp: '2026-11-27T01:00:00.000Z',
      destination: [recipient],
      tags,
    };

    expect(await handler(snsOf({ eventType: 'Send', mail }))).toEqual({ recorded: 1, ignored: 0 });
    const settled = await ledger.get('lambda-1', recipient);
    expect(settled).toMatchObject({ status: 'sent', sesMessageId: 'ses-123' });

    await handler(
      snsOf({
        eventType: 'Bounce',
        mail,
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: recipient }] },
      }),
    );
    await handler(snsOf({ eventType: 'Bounce', mail, bounce: { bounceType: 'Transient' } }));
    expect((await ledger.counts('lambda-1')).bounced).toBe(1);

    // a forged or foreign tag settles nothing
    const forged = {
      ...mail,
      tags: { ...tags, 'digest-delivery': [encodeTagValue('lambda-1.0000000000000000')] },
    };
    expect(await handler(snsOf({ eventType: 'Complaint', mail: forged }))).toEqual({
      recorded: 0,
      ignored: 1,
    });
    expect(await handler(snsOf({ eventType: 'Send', mail: { ...mail, tags: {} } }))).toEqual({
      recorded: 0,
      ignored: 1,
    });
  });
});
