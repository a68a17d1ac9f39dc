/**
 * The delivery functions' dependencies in AWS, built once per container: the ledger (DELIVERIES_TABLE),
 * the archive (ARCHIVE_BUCKET), SES with its configuration set and send quota, the token secret,
 * and the send queue. Imported lazily by the handlers, so that importing a handler reads no env.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDeliveryLedger } from '../adapters/dynamo-delivery-ledger.js';
import { MimeTemplate, senderDomain } from '../adapters/mime.js';
import { newMessageId } from '../adapters/outbox-mailer.js';
import { S3IssueArchive } from '../adapters/s3-issue-archive.js';
import { classifySendError, createSesClient, SesMailer } from '../adapters/ses-mailer.js';
import { SqsJobSink } from '../adapters/sqs-job-sink.js';
import { optionalEnv, requireEnv } from '../config.js';
import { TokenBucket } from '../core/token-bucket.js';
import {
  type PreparedIssue,
  preparePersonalisation,
  RateGate,
  type SendWorkerDeps,
} from '../use-cases/deliver-issue.js';
import { loadSecret, subscriberStoreFromEnv } from './live-subscriber-store.js';

/** Longer than one worker invocation (60 s), shorter than the queue's visibility timeout (360 s). */
export const LAMBDA_LEASE_MS = 90_000;

function documentClient() {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function ledgerFromEnv(env: NodeJS.ProcessEnv = process.env): DynamoDeliveryLedger {
  return new DynamoDeliveryLedger(documentClient(), requireEnv('DELIVERIES_TABLE', env));
}

export function fanOutDepsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return {
    store: subscriberStoreFromEnv(env),
    sink: new SqsJobSink(new SQSClient({}), requireEnv('SEND_QUEUE_URL', env)),
  };
}

/** Everything but the owner, which is per invocation. */
export async function liveWorkerDeps(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Omit<SendWorkerDeps, 'owner'>> {
  const from = requireEnv('DIGEST_FROM', env);
  const domain = senderDomain(from);
  const archive = new S3IssueArchive(new S3Client({}), requireEnv('ARCHIVE_BUCKET', env));
  const trackingSet = optionalEnv('SES_TRACKING_CONFIGURATION_SET', env);
  const mailer = new SesMailer({
    client: createSesClient(),
    configurationSetName: requireEnv('SES_CONFIGURATION_SET', env),
    ...(trackingSet
      ? {
          tracking: {
            configurationSetName: trackingSet,
            lists: new Set((optionalEnv('DIGEST_TRACKED_LISTS', env) ?? '').split(',').filter(Boolean)),
          },
        }
      : {}),
  });
  const [secret] = await loadSecret(env);
  const prepared = new Map<string, Promise<PreparedIssue | null>>();
  const load = async (issueId: string): Promise<PreparedIssue | null> => {
    const entry = await archive.get(issueId);
    if (!entry) return null;
    const personalisation = preparePersonalisation(entry.rendered);
    return {
      issueId,
      list: entry.issue.list,
      personalisation,
      mime: await MimeTemplate.compile({ from, subject: entry.rendered.subject }, personalisation),
    };
  };
  return {
    ledger: ledgerFromEnv(env),
    mailer,
    classify: classifySendError,
    issue: (issueId) => {
      let entry = prepared.get(issueId);
      if (!entry) {
        entry = load(issueId);
        prepared.set(issueId, entry);
        entry.catch(() => prepared.delete(issueId));
      }
      return entry;
    },
    settings: {
      baseUrl: requireEnv('DIGEST_BASE_URL', env).replace(/\/+$/, ''),
      tokenSecret: secret!,
      listIdDomain: domain,
      ...(optionalEnv('DIGEST_UNSUBSCRIBE_MAILBOX', env)
        ? { unsubscribeMailbox: optionalEnv('DIGEST_UNSUBSCRIBE_MAILBOX', env) }
        : {}),
    },
    leaseMs: LAMBDA_LEASE_MS,
    isOwnerGone: (record, now) => record.leaseUntil < now.getTime(),
    now: () => new Date(),
    sleep: (ms) => sleep(ms),
    random: Math.random,
    // per container; the event source's maxConcurrency divides the account rate between containers
    rate: new RateGate(
      new TokenBucket({ ratePerSecond: 1, now: () => performance.now() }),
      (ms) => sleep(ms),
      () => performance.now(),
      async () =>
        (await mailer.maxSendRate()) / Math.max(1, Number(optionalEnv('SEND_WORKER_CONCURRENCY', env) ?? 1)),
    ),
    maxAttempts: 4,
    backoff: { baseMs: 100, capMs: 2_000 },
    onExhausted: 'throw',
    messageId: (deliveryId) => newMessageId(deliveryId, domain),
  };
}
