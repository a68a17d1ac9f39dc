/**
 * A deployed delivery resumed with a second fan-out (`digest send --issue ID --stack-outputs`, the
 * console's resume) queues the same recipients again; the send worker skips those already sent. The
 * issue's `queued` stays the number of recipients, so `digest stats --watch` sees the delivery end.
 * Real components: dynalite (ledger, subscribers), the file archive, the send worker Lambda handler,
 * aws-ses-v2-local behind the fault proxy.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoDeliveryLedger,
  deliveriesTableDefinition,
} from '../../functions/adapters/dynamo-delivery-ledger.js';
import {
  DynamoSubscriberStore,
  subscribersTableDefinition,
} from '../../functions/adapters/dynamo-subscriber-store.js';
import { FileIssueArchive } from '../../functions/adapters/file-issue-archive.js';
import { ensureTable, type LocalDynamo, openLocalDynamo } from '../../functions/adapters/local-runtime.js';
import { issueMessage, MimeTemplate } from '../../functions/adapters/mime.js';
import { newMessageId } from '../../functions/adapters/outbox-mailer.js';
import { renderIssue } from '../../functions/adapters/render-issue.js';
import { classifySendError, createSesClient, SesMailer } from '../../functions/adapters/ses-mailer.js';
import { createHandler as createWorker } from '../../functions/handlers/send-worker.js';
import { fanOut, preparePersonalisation, type SendJob } from '../../functions/use-cases/deliver-issue.js';
import { deliveryFinished, issueStats } from '../../functions/use-cases/issue-stats.js';
import { emulatorStore, type FaultProxy, startFaultProxy, startSesEmulator } from '../support/fault-proxy.js';
import { RENDER_OPTIONS, sampleIssue, sampleStory } from '../support/sample-issue.js';

const READERS = ['a@example.net', 'b@example.net', 'c@example.net'];

let emulator: Awaited<ReturnType<typeof startSesEmulator>>;
let proxy: FaultProxy;
let dynamo: LocalDynamo;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fan-out-resume-'));
  emulator = await startSesEmulator();
  proxy = await startFaultProxy({ target: emulator.url });
  dynamo = await openLocalDynamo(dataDir, { inMemory: true });
  await ensureTable(dynamo.client, deliveriesTableDefinition('deliveries'));
  await ensureTable(dynamo.client, subscribersTableDefinition('subscribers'));
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
  await dynamo?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function sqsEvent(jobs: SendJob[]): SQSEvent {
  return {
    Records: jobs.map((job, i) => ({
      messageId: `m${i}`,
      receiptHandle: `r${i}`,
      body: JSON.stringify(job),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'x',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:send',
      awsRegion: 'us-east-1',
    })),
  };
}

const context = (id: string) => ({ awsRequestId: id }) as Context;

describe('a deployed delivery fanned out twice', () => {
  it('keeps queued at the number of recipients, and the delivery is seen to finish', async () => {
    const ledger = new DynamoDeliveryLedger(dynamo.client, 'deliveries');
    const subscribers = new DynamoSubscriberStore(dynamo.client, 'subscribers');
    const archive = new FileIssueArchive(dataDir);
    const at = new Date().toISOString();
    for (const email of READERS) {
      await subscribers.put({
        email,
        list: 'default',
        status: 'confirmed',
        topics: [],
        timezone: null,
        consent: { at, method: 'import', ip: null, userAgent: null },
        createdAt: at,
        updatedAt: at,
        confirmationSentAt: null,
      });
    }
    const issue = sampleIssue([sampleStory(0)], { id: '20261203-fanoutresume', list: 'default' });
    const rendered = renderIssue(issue, RENDER_OPTIONS);
    await archive.put({ issue, rendered });
    const personalisation = preparePersonalisation(rendered);
    const prepared = {
      issueId: issue.id,
      list: 'default',
      personalisation,
      message: issueMessage(
        await MimeTemplate.compile({ from: 'digest@example.org', subject: rendered.subject }),
        personalisation,
      ),
    };
    const worker = createWorker(
      {
        ledger,
        store: subscribers,
        mailer: new SesMailer({
          client: createSesClient({
            endpoint: proxy.url,
            region: 'us-east-1',
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          }),
          configurationSetName: 'digest',
        }),
        classify: classifySendError,
        issue: async (id) => (id === prepared.issueId ? prepared : null),
        settings: { baseUrl: 'https://digest.example.org', tokenSecret: 's', listIdDomain: 'example.org' },
        leaseMs: 90_000,
        isOwnerGone: (record, now) => record.leaseUntil < now.getTime(),
        now: () => new Date(),
        sleep: (ms) => sleep(ms),
        random: Math.random,
        rate: null,
        onExhausted: 'throw',
        messageId: (d) => newMessageId(d, 'example.org'),
      },
      () => {},
    );

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

    expect((await emulatorStore(emulator.url)).map((m) => m.destination.to[0]).sort()).toEqual(READERS);
    const stats = await issueStats({ ledger, archive, subscribers }, issue.id);
    expect(stats).toMatchObject({ queued: READERS.length, sent: READERS.length, inProgress: 0 });
    expect(deliveryFinished(stats)).toBe(true);
  }, 60_000);
});
