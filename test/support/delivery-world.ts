/**
 * What a delivery test runs on: dynalite (in memory) with the deliveries and subscribers tables, the file
 * archive in a temporary data dir, aws-ses-v2-local behind the fault proxy and an SES client pointed at it;
 * and the pieces the send worker takes: its deps, the SQS events and the Lambda context it is invoked with.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, SQSEvent } from 'aws-lambda';
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
import { compileIssueMessage, issueMessage, MimeTemplate } from '../../functions/adapters/mime.js';
import { newMessageId } from '../../functions/adapters/outbox-mailer.js';
import { renderIssue } from '../../functions/adapters/render-issue.js';
import { classifySendError, createSesClient, SesMailer } from '../../functions/adapters/ses-mailer.js';
import { deliveryIdFor } from '../../functions/core/delivery.js';
import { confirm, suppress, unsubscribe, updatePreferences } from '../../functions/core/subscription.js';
import type { Issue, RenderedIssue } from '../../functions/core/types.js';
import type { DeliveryLedger } from '../../functions/ports/delivery-ledger.js';
import type { SubscriberStore } from '../../functions/ports/subscriber-store.js';
import {
  type DeadLetter,
  type PreparedIssue,
  preparePersonalisation,
  type SendJob,
  type SendWorkerDeps,
} from '../../functions/use-cases/deliver-issue.js';
import { type FaultProxyOptions, type SesLocal, startSesLocal } from './fault-proxy.js';
import { RENDER_OPTIONS, sampleIssue, sampleStory } from './sample-issue.js';

export const DELIVERIES_TABLE = 'deliveries';
export const SUBSCRIBERS_TABLE = 'subscribers';

/** In-memory dynalite with the deliveries and subscribers tables (for `dataDir`), and the stores on them. */
export async function openDeliveryTables(
  dataDir: string,
): Promise<{ dynamo: LocalDynamo; ledger: DynamoDeliveryLedger; subscribers: DynamoSubscriberStore }> {
  const dynamo = await openLocalDynamo(dataDir, { inMemory: true });
  await ensureTable(dynamo.client, deliveriesTableDefinition(DELIVERIES_TABLE));
  await ensureTable(dynamo.client, subscribersTableDefinition(SUBSCRIBERS_TABLE));
  return {
    dynamo,
    ledger: new DynamoDeliveryLedger(dynamo.client, DELIVERIES_TABLE),
    subscribers: new DynamoSubscriberStore(dynamo.client, SUBSCRIBERS_TABLE),
  };
}

export interface DeliveryWorld {
  dataDir: string;
  dynamo: LocalDynamo;
  ses: SesLocal;
  /** An SES client pointed at the fault proxy. */
  sesClient: ReturnType<typeof createSesClient>;
  ledger: DynamoDeliveryLedger;
  subscribers: DynamoSubscriberStore;
  /** The file archive in `dataDir`. */
  archive: FileIssueArchive;
  close(): Promise<void>;
}

/** Starts a delivery world in a new temporary folder named after `prefix`; `ses` configures the fault proxy. */
export async function startDeliveryWorld(
  prefix: string,
  options: { ses?: Omit<FaultProxyOptions, 'target'> } = {},
): Promise<DeliveryWorld> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const ses = await startSesLocal(options.ses);
  const { dynamo, ledger, subscribers } = await openDeliveryTables(dataDir);
  const sesClient = createSesClient(ses.clientConfig);
  return {
    dataDir,
    dynamo,
    ses,
    sesClient,
    ledger,
    subscribers,
    archive: new FileIssueArchive(dataDir),
    async close() {
      sesClient.destroy();
      await ses.close();
      await dynamo.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** An issue prepared as the send worker's runtime does, with the whole-body (base64) MIME template. */
export async function prepareWholeBody(issue: Issue, rendered: RenderedIssue): Promise<PreparedIssue> {
  const personalisation = preparePersonalisation(rendered);
  return {
    issueId: issue.id,
    list: issue.list,
    personalisation,
    message: issueMessage(
      await MimeTemplate.compile({ from: 'digest@example.org', subject: rendered.subject }),
      personalisation,
    ),
  };
}

/**
 * Archives a one-story issue `id` of the list (for that topic, if any) in the world's archive and prepares it
 * as the send worker's runtime does.
 */
export async function archivePreparedIssue(
  world: DeliveryWorld,
  id: string,
  list: string,
  topic?: string,
): Promise<{ issue: Issue; prepared: PreparedIssue }> {
  const issue = sampleIssue([sampleStory(0)], { id, list, ...(topic ? { topic } : {}) });
  const rendered = renderIssue(issue, RENDER_OPTIONS);
  await world.archive.put({ issue, rendered });
  const personalisation = preparePersonalisation(rendered);
  return {
    issue,
    prepared: {
      issueId: issue.id,
      list,
      ...(topic ? { topic } : {}),
      personalisation,
      message: await compileIssueMessage(
        { from: 'digest@example.org', subject: rendered.subject },
        personalisation,
      ),
    },
  };
}

/** Two attempts with a millisecond backoff: failures show at once. */
const QUICK_RETRY = { maxAttempts: 2, backoff: { baseMs: 1, capMs: 5 } };

/**
 * The send worker's deps in the world: its ledger, a mailer on its SES client (configuration set `digest`),
 * `prepared` as the only issue. `store` defaults to the world's subscribers; `retry` to QUICK_RETRY (`{}` is
 * the worker's own policy).
 */
export function sendWorkerDeps(
  world: DeliveryWorld,
  prepared: PreparedIssue,
  options: {
    store?: SubscriberStore;
    now?: () => Date;
    onExhausted?: 'throw' | 'fail';
    deadLetters?: DeadLetter[];
    retry?: Pick<SendWorkerDeps, 'maxAttempts' | 'backoff'>;
  } = {},
): Omit<SendWorkerDeps, 'owner'> {
  return {
    store: options.store ?? world.subscribers,
    ledger: world.ledger,
    mailer: new SesMailer({ client: world.sesClient, configurationSetName: 'digest' }),
    classify: classifySendError,
    issue: async (id) => (id === prepared.issueId ? prepared : null),
    settings: { baseUrl: 'https://digest.example.org', tokenSecret: 's', listIdDomain: 'example.org' },
    leaseMs: 90_000,
    isOwnerGone: (record, now) => record.leaseUntil < now.getTime(),
    now: options.now ?? (() => new Date()),
    sleep: (ms) => sleep(ms),
    random: Math.random,
    rate: null,
    ...(options.retry ?? QUICK_RETRY),
    onExhausted: options.onExhausted ?? 'throw',
    ...(options.deadLetters ? { deadLetter: { put: async (e) => void options.deadLetters?.push(e) } } : {}),
    messageId: (d) => newMessageId(d, 'example.org'),
  };
}

/** An SQS event with these bodies, in the shape the send worker's event source mapping delivers. */
export function sqsEvent(bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m${i}`,
      receiptHandle: `r${i}`,
      body,
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

/** An SQS event carrying these send jobs. */
export function sqsJobsEvent(jobs: SendJob[]): SQSEvent {
  return sqsEvent(jobs.map((job) => JSON.stringify(job)));
}

/** A Lambda context with this request id. */
export const lambdaContext = (id: string) => ({ awsRequestId: id }) as Context;

/**
 * A sender's claim on a recipient as the ledger records it, made two hours ago (`sending` when its request went
 * out): what a sender that died mid-delivery leaves behind. The lease ended an hour ago unless `leaseUntil` says.
 */
export async function leaveInProgress(
  ledger: DeliveryLedger,
  where: { issueId: string; list: string; recipient: string },
  state: 'claimed' | 'sending',
  owner: string,
  leaseUntil = Date.now() - 3_600_000,
): Promise<void> {
  const at = new Date(Date.now() - 7_200_000);
  const { issueId, recipient } = where;
  const claim = await ledger.claim({
    ...where,
    deliveryId: deliveryIdFor(issueId, recipient),
    owner,
    leaseUntil,
    at,
  });
  if (!claim.claimed) throw new Error(`${recipient} was already claimed`);
  if (state === 'sending') await ledger.markSending({ issueId, recipient, owner }, at);
}

/**
 * The people of a stranded-delivery test leave the list while their records are in progress: `unsubscribed-claimed`,
 * `unsubscribed-sending` and `unsubscribed-live` unsubscribe, `removed-claimed` is removed, `suppressed-claimed`
 * complains, and with `dropTopic` `topic-claimed` keeps only the topic "rail" (all `@domain`).
 */
export async function strandedPeopleLeave(
  store: SubscriberStore,
  list: string,
  domain: string,
  dropTopic: boolean,
): Promise<void> {
  const now = new Date();
  for (const name of ['unsubscribed-claimed', 'unsubscribed-sending', 'unsubscribed-live']) {
    const left = await unsubscribe({ store }, { email: `${name}@${domain}`, list }, now);
    if (left.kind !== 'unsubscribed') throw new Error(`${name}@${domain} did not unsubscribe (${left.kind})`);
  }
  await store.remove(list, `removed-claimed@${domain}`);
  await suppress({ store }, `suppressed-claimed@${domain}`, 'complaint', now);
  if (!dropTopic) return;
  const email = `topic-claimed@${domain}`;
  const dropped = await updatePreferences({ store }, { email, list }, { topics: ['rail'] }, now);
  if (dropped.kind !== 'updated') throw new Error(`${email} kept the topic (${dropped.kind})`);
}

/**
 * The person at `was` leaves the list and signs up again typing `now`, the same address in another case: the
 * list's record (one per person) takes the new spelling.
 */
export async function resubscribeAs(
  store: SubscriberStore,
  list: string,
  was: string,
  now: string,
): Promise<void> {
  const at = new Date();
  const left = await unsubscribe({ store }, { email: was, list }, at);
  if (left.kind !== 'unsubscribed') throw new Error(`${was} did not unsubscribe (${left.kind})`);
  await optInAgain(store, list, now, at);
  const record = await store.get(list, now);
  if (record?.email !== now) throw new Error(`the list still spells ${now} as ${record?.email}`);
}

/**
 * Someone who unsubscribed comes back by their own new opt-in, typing `email` (in any case), the only way back (an
 * operator's add refuses them): the pending record their subscribe writes (its confirmation mail is beside the
 * point here), then their click on the confirm link.
 */
export async function optInAgain(
  store: SubscriberStore,
  list: string,
  email: string,
  at: Date,
): Promise<void> {
  const left = await store.get(list, email);
  if (left?.status !== 'unsubscribed') throw new Error(`${email} is ${left?.status ?? 'not'} on ${list}`);
  const pending = { ...left, email, status: 'pending' as const, updatedAt: at.toISOString() };
  if (!(await store.putIfUnchanged(pending, left))) throw new Error(`${email} changed meanwhile`);
  const back = await confirm({ store }, { email, list }, { ip: null, userAgent: null }, at);
  if (back.kind !== 'confirmed') throw new Error(`${email} was not confirmed again (${back.kind})`);
}
