/**
 * The send worker's dependencies: the ledger, the subscribers table (consent at send time), the archived issue
 * (prepared once per issue and container, with its list's tracking switch and its topic), SES with its configuration set (the tracking set for a tracked list) and the account's
 * send rate shared between SEND_WORKER_CONCURRENCY containers, the token secret, and the link settings. Everything
 * but the owner, which is per invocation.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { compileIssueMessage, senderDomain } from '../../adapters/mime.js';
import { newMessageId } from '../../adapters/outbox-mailer.js';
import { classifySendError } from '../../adapters/ses-mailer.js';
import { TokenBucket } from '../../core/token-bucket.js';
import {
  type PreparedIssue,
  preparePersonalisation,
  RateGate,
  type SendWorkerDeps,
} from '../../use-cases/deliver-issue.js';
import { archiveBucket } from './archive.js';
import { subscriberStore } from './dynamo.js';
import { env } from './env.js';
import { deliveryLedger, LAMBDA_LEASE_MS } from './ledger.js';
import { listStore } from './lists.js';
import { deliveryMailer } from './mail.js';
import { tokenSecrets } from './secrets.js';

export async function sendWorkerDeps(): Promise<Omit<SendWorkerDeps, 'owner'>> {
  const from = env('DIGEST_FROM');
  const domain = senderDomain(from);
  const { archive } = archiveBucket();
  const mailer = deliveryMailer();
  const concurrency = env('SEND_WORKER_CONCURRENCY');
  const [secret] = await tokenSecrets();
  const prepared = new Map<string, Promise<PreparedIssue | null>>();
  const load = async (issueId: string): Promise<PreparedIssue | null> => {
    const entry = await archive.get(issueId);
    if (!entry) return null;
    const personalisation = preparePersonalisation(entry.rendered);
    // Opens and clicks are counted when the list's record says so (lists table, then DIGEST_LISTS), read once
    // per issue and container: a change reaches the next issue, never half of one.
    const list = await listStore().get(entry.issue.list);
    return {
      issueId,
      list: entry.issue.list,
      tracking: list?.tracking === true,
      // a topic issue's recipients must still receive the topic when their job comes (`receivesTopic`)
      ...(entry.issue.topic ? { topic: entry.issue.topic } : {}),
      personalisation,
      // The list's sender as rendered with the issue; older archived issues carry none.
      message: await compileIssueMessage(
        {
          from: entry.rendered.from ?? from,
          subject: entry.rendered.subject,
          ...(entry.rendered.replyTo ? { replyTo: entry.rendered.replyTo } : {}),
        },
        personalisation,
      ),
    };
  };
  const unsubscribeMailbox = env('DIGEST_UNSUBSCRIBE_MAILBOX');
  return {
    ledger: deliveryLedger(),
    // consent at send time: the subscriber's record and suppression (SUBSCRIBERS_TABLE, read only)
    store: subscriberStore(),
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
      baseUrl: env('DIGEST_BASE_URL'),
      tokenSecret: secret!,
      listIdDomain: domain,
      ...(unsubscribeMailbox ? { unsubscribeMailbox } : {}),
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
      async () => (await mailer.maxSendRate()) / concurrency,
    ),
    maxAttempts: 4,
    backoff: { baseMs: 100, capMs: 2_000 },
    onExhausted: 'throw',
    messageId: (deliveryId) => newMessageId(deliveryId, domain),
  };
}
