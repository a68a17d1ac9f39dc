/**
 * Every deployed path that can fan an issue out again settles the records a dead sender left in progress for
 * recipients it no longer queues (fanOutAndSettle): a re-invoked fan-out Lambda, the schedule Lambda retrying a
 * window whose issue was already archived, the console sending a draft whose issue already has records, and
 * `digest briefing --stack-outputs` resuming an archived issue. `claimed` → `skipped` with the reason, `sending`
 * → `unknown`; records of recipients still on the list, and a live sender's record, are left alone.
 * Real components: the exported handlers and composition roots (handlers/runtime/), against the stand-ins of the
 * deployed service (dynalite with the synthesized tables, s3rver, fauxqs, aws-ses-v2-local, Secrets Manager).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DynamoBriefingStore } from '../../functions/adapters/dynamo-briefing-store.js';
import { DynamoDeliveryLedger } from '../../functions/adapters/dynamo-delivery-ledger.js';
import { DynamoLeaseLock } from '../../functions/adapters/dynamo-lease-lock.js';
import { DynamoListStore } from '../../functions/adapters/dynamo-list-store.js';
import { DynamoSubscriberStore } from '../../functions/adapters/dynamo-subscriber-store.js';
import { renderIssue } from '../../functions/adapters/render-issue.js';
import { S3IssueArchive } from '../../functions/adapters/s3-issue-archive.js';
import { S3IssueDraftStore } from '../../functions/adapters/s3-issue-draft-store.js';
import { openCommandDeps } from '../../functions/cli/command-deps.js';
import { openDeployedBriefing } from '../../functions/cli/deployed-briefing.js';
import { windowKey } from '../../functions/core/briefing-window.js';
import { newList } from '../../functions/core/newsletter-list.js';
import { addConfirmed } from '../../functions/core/subscription.js';
import type { Issue } from '../../functions/core/types.js';
import { runBriefing } from '../../functions/use-cases/briefing.js';
import { sendNow } from '../../functions/use-cases/console-issues.js';
import { leaveInProgress, strandedPeopleLeave } from '../support/delivery-world.js';
import {
  CREDENTIALS,
  type DeployedStandIns,
  type OwnSendQueue,
  REGION,
  startDeployedStandIns,
  startOwnSendQueue,
} from '../support/deployed-stand-ins.js';
import { RENDER_OPTIONS, sampleIssue, sampleStory } from '../support/sample-issue.js';

const saved = { ...process.env };
let dir: string;
let aws: DeployedStandIns;
let s3: S3Client;
let ledger: DynamoDeliveryLedger;
let subscribers: DynamoSubscriberStore;
let archive: S3IssueArchive;
let briefings: DynamoBriefingStore;
let lists: DynamoListStore;
let counter = 0;
let sendQueue: OwnSendQueue | undefined;

const HOUR = 3_600_000;
const DEAD = 'lambda:req-died';
const ALIVE = 'lambda:req-still-running';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'digest-settle-stranded-aws-'));
  aws = await startDeployedStandIns(dir);
  s3 = new S3Client({
    endpoint: aws.endpoints.s3,
    region: REGION,
    credentials: CREDENTIALS,
    forcePathStyle: true,
  });
  sendQueue = await startOwnSendQueue('lambda-send');
  const queueUrl = sendQueue.queueUrl;
  const stateful = Object.values(aws.outputs)[0]!;
  const stateless = Object.values(aws.outputs)[1]!;
  Object.assign(process.env, aws.env, {
    DIGEST_FROM: stateless.MailFrom,
    DIGEST_POSTAL_ADDRESS: stateless.PostalAddress,
    DIGEST_BASE_URL: stateless.ApiUrl,
    DIGEST_LIST_TITLE: 'Harbour Digest',
    SUBSCRIBERS_TABLE: aws.tables.subscribers,
    DELIVERIES_TABLE: aws.tables.deliveries,
    BRIEFINGS_TABLE: aws.tables.briefings,
    LISTS_TABLE: aws.tables.lists,
    ARCHIVE_BUCKET: aws.bucket,
    AWS_ENDPOINT_URL_SQS: new URL(queueUrl).origin,
    SEND_QUEUE_URL: queueUrl,
    TOKEN_SECRET_ARN: stateful.TokenSecretArn,
    API_KEY_SECRET_ARN: stateful.ApiKeySecretArn,
    SES_CONFIGURATION_SET: stateful.ConfigurationSetName,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  delete process.env.DIGEST_LISTS;
  ledger = new DynamoDeliveryLedger(aws.documentClient, aws.tables.deliveries);
  subscribers = new DynamoSubscriberStore(aws.documentClient, aws.tables.subscribers);
  archive = new S3IssueArchive(s3, aws.bucket);
  briefings = new DynamoBriefingStore(aws.documentClient, aws.tables.briefings);
  lists = new DynamoListStore(aws.documentClient, aws.tables.lists);
}, 120_000);

afterAll(async () => {
  process.env = saved;
  s3?.destroy();
  await sendQueue?.close();
  await aws?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A dead sender's claim on a recipient (`sending` when its request went out). */
function leftInProgress(
  issueId: string,
  list: string,
  recipient: string,
  state: 'claimed' | 'sending',
  owner = DEAD,
  leaseUntil?: number,
): Promise<void> {
  return leaveInProgress(ledger, { issueId, list, recipient }, state, owner, leaseUntil);
}

/**
 * A list whose issue a dead sender left half-way: who stays, and who left (or was suppressed, or dropped the
 * topic) while their record was in progress.
 */
async function strand(list: string, issueId: string, topic?: string): Promise<void> {
  const d = `${list}.example.net`;
  const t = topic ? [topic] : [];
  const people = [
    { email: `stays@${d}`, topics: t },
    { email: `stays-claimed@${d}`, topics: t },
    { email: `unsubscribed-claimed@${d}`, topics: t },
    { email: `removed-claimed@${d}`, topics: t },
    { email: `suppressed-claimed@${d}`, topics: t },
    { email: `unsubscribed-sending@${d}`, topics: t },
    { email: `unsubscribed-live@${d}`, topics: t },
    ...(topic ? [{ email: `topic-claimed@${d}`, topics: [topic, 'rail'] }] : []),
  ];
  for (const person of people) {
    const added = await addConfirmed(
      { store: subscribers },
      { email: person.email, list, method: 'import', topics: person.topics },
      new Date(),
    );
    expect(added.kind).toBe('added');
  }
  await leftInProgress(issueId, list, `stays-claimed@${d}`, 'claimed');
  await leftInProgress(issueId, list, `unsubscribed-claimed@${d}`, 'claimed');
  await leftInProgress(issueId, list, `removed-claimed@${d}`, 'claimed');
  await leftInProgress(issueId, list, `suppressed-claimed@${d}`, 'claimed');
  await leftInProgress(issueId, list, `unsubscribed-sending@${d}`, 'sending');
  await leftInProgress(issueId, list, `unsubscribed-live@${d}`, 'claimed', ALIVE, Date.now() + HOUR);
  if (topic) await leftInProgress(issueId, list, `topic-claimed@${d}`, 'claimed');

  await strandedPeopleLeave(subscribers, list, d, topic !== undefined);
}

async function expectSettled(list: string, issueId: string, topic?: string): Promise<void> {
  const d = `${list}.example.net`;
  const record = (email: string) => ledger.get(issueId, `${email}@${d}`);
  expect(await record('unsubscribed-claimed')).toMatchObject({ status: 'skipped', reason: 'unsubscribed' });
  expect(await record('removed-claimed')).toMatchObject({ status: 'skipped', reason: 'unsubscribed' });
  expect(await record('suppressed-claimed')).toMatchObject({ status: 'skipped', reason: 'suppressed' });
  if (topic)
    expect(await record('topic-claimed')).toMatchObject({ status: 'skipped', reason: 'topic-dropped' });
  // the request may have reached SES: unknown, never sent again
  expect(await record('unsubscribed-sending')).toMatchObject({
    status: 'unknown',
    reason: 'the sender stopped while the send was in flight',
  });
  // still on the list: the send worker's, as always (its job is on the queue)
  expect(await record('stays-claimed')).toMatchObject({ status: 'claimed', owner: DEAD });
  // a live sender's record is left to it
  expect(await record('unsubscribed-live')).toMatchObject({ status: 'claimed', owner: ALIVE });
  const counts = await ledger.counts(issueId);
  expect(counts.claimed).toBe(2);
  expect(counts.sending).toBe(0);
}

function nextIssueId(): string {
  return `20261204-${(++counter).toString(16).padStart(12, '0')}`;
}

async function archiveIssue(list: string, id: string): Promise<Issue> {
  const issue = sampleIssue([sampleStory(0)], { id, list });
  await archive.put({ issue, rendered: renderIssue(issue, RENDER_OPTIONS) });
  return issue;
}

/** A window the first run claimed and archived its issue in, then died (its claim is stale). */
async function crashedBriefing(list: string, scheduledAt: Date): Promise<string> {
  const at = new Date(scheduledAt.getTime() - HOUR).toISOString();
  await lists.create(newList(list, 'The Tideline', {}, at));
  const settings = await briefings.getSettings(list);
  const window = windowKey(scheduledAt, settings.timezone, settings.cadence);
  const issueId = nextIssueId();
  const claim = await briefings.claimWindow(list, window, issueId, at);
  expect(claim.claimed).toBe(true);
  await archiveIssue(list, issueId);
  await strand(list, issueId);
  return issueId;
}

it('a re-invoked fan-out Lambda settles what a dead sender left in progress, for a topic issue too', async () => {
  const list = 'fanout-again';
  const issueId = nextIssueId();
  await strand(list, issueId, 'energy');
  const { handler } = await import('../../functions/handlers/fan-out.js');
  const context = { awsRequestId: 'req-fan-out-2', functionName: 'fan-out' } as Context;
  const result = await handler({ issueId, list, topic: 'energy' }, context);
  // the two who stay, and the live sender's recipient is not queued (unsubscribed)
  expect(result).toMatchObject({ issueId, queued: 2, suppressed: 1 });
  // the count `stats --watch` waits for
  expect(await ledger.queued(issueId)).toBe(2);
  await expectSettled(list, issueId, 'energy');
  // a second invoke settles nothing more
  await handler({ issueId, list, topic: 'energy' }, context);
  await expectSettled(list, issueId, 'energy');
}, 60_000);

it('the schedule Lambda retrying a window whose issue was archived settles them when it resumes the delivery', async () => {
  const list = 'schedule-retry';
  const scheduledAt = new Date();
  const issueId = await crashedBriefing(list, scheduledAt);
  const { handler } = await import('../../functions/handlers/schedule.js');
  const context = { awsRequestId: 'req-schedule-retry', functionName: 'schedule' } as Context;
  const result = await handler({ list, scheduledTime: scheduledAt.toISOString() }, context);
  expect(result).toMatchObject({ list, outcome: 'sent', issueId });
  expect(await ledger.queued(issueId)).toBe(2);
  await expectSettled(list, issueId);
}, 60_000);

it('`digest briefing --stack-outputs` resuming an archived issue settles them', async () => {
  const list = 'briefing-resume';
  const scheduledAt = new Date();
  const issueId = await crashedBriefing(list, scheduledAt);
  // the CLI's SDK clients read the stand-ins' endpoints from the process environment, as a CLI run's would
  const lambdaSqs = process.env.AWS_ENDPOINT_URL_SQS;
  process.env.AWS_ENDPOINT_URL_SQS = aws.env.AWS_ENDPOINT_URL_SQS;
  const deps = await openCommandDeps({
    stackOutputs: aws.outputsFile,
    env: { ...process.env, ...aws.env },
  });
  try {
    const { briefing, queued } = await openDeployedBriefing(deps);
    const outcome = await runBriefing({ list, scheduledAt }, briefing);
    expect(outcome).toMatchObject({ kind: 'sent', issueId });
    expect(queued()).toBe(2);
  } finally {
    await deps.close();
    process.env.AWS_ENDPOINT_URL_SQS = lambdaSqs;
  }
  await expectSettled(list, issueId);
  expect(await ledger.queued(issueId)).toBe(2);
}, 60_000);

it("the console's send of a draft whose issue already has records settles them", async () => {
  const list = 'console-send';
  const at = new Date().toISOString();
  await lists.create(newList(list, 'Quayside', {}, at));
  const issueId = nextIssueId();
  const issue = sampleIssue([sampleStory(0)], { id: issueId, list });
  const lock = new DynamoLeaseLock(aws.documentClient, aws.tables.briefings);
  await new S3IssueDraftStore(s3, aws.bucket, lock).put({
    issue,
    status: 'editing',
    createdBy: 'editor',
    updatedAt: at,
    sendAt: null,
  });
  await strand(list, issueId);
  const { adminDeps } = await import('../../functions/handlers/runtime/admin.js');
  const deps = await adminDeps();
  const { finished } = await sendNow(deps.issues, issueId, 'editor');
  await finished;
  await expectSettled(list, issueId);
  expect(await ledger.queued(issueId)).toBe(2);
}, 60_000);
