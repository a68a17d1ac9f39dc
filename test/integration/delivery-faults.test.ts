/**
 * Delivery through the fault proxy into aws-ses-v2-local, with the real ledger on dynalite.
 * Every run ends with the same invariants: no recipient has two messages; everyone has exactly
 * one except those recorded `unknown`; `unknown` never exceeds the ambiguous failures injected.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDeliveryLedger } from '../../functions/adapters/dynamo-delivery-ledger.js';
import type { DynamoSubscriberStore } from '../../functions/adapters/dynamo-subscriber-store.js';
import { compileIssueMessage } from '../../functions/adapters/mime.js';
import { newMessageId } from '../../functions/adapters/outbox-mailer.js';
import { renderIssue } from '../../functions/adapters/render-issue.js';
import { classifySendError, createSesClient, SesMailer } from '../../functions/adapters/ses-mailer.js';
import { importedSubscriber } from '../../functions/core/subscription.js';
import { TokenBucket } from '../../functions/core/token-bucket.js';
import type { Subscriber } from '../../functions/ports/subscriber-store.js';
import {
  type DeadLetter,
  deliverLocally,
  type PreparedIssue,
  preparePersonalisation,
  RateGate,
  type SendWorkerDeps,
} from '../../functions/use-cases/deliver-issue.js';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery-world.js';
import { type FaultProxy, LOCAL_SES_CREDENTIALS, seededRandom } from '../support/fault-proxy.js';
import { RENDER_OPTIONS, sampleIssue, sampleStory } from '../support/sample-issue.js';

const CREDENTIALS = LOCAL_SES_CREDENTIALS;
/**
 * The size of the throttling run: more than one fan-out batch of `deliverLocally` (500) and more than one page
 * of the ledger listing in checkInvariants (500), each with a partial one after it, and six pages (100) of the
 * subscriber listing. The faults are per send, so a larger list retries the same paths more often.
 */
const SUBSCRIBERS = 600;
let world: DeliveryWorld;
let proxy: FaultProxy;
let store: DynamoSubscriberStore;
let ledger: DynamoDeliveryLedger;
let issueCounter = 0;

beforeAll(async () => {
  world = await startDeliveryWorld('delivery-faults-', {
    ses: { random: seededRandom(7), slowOkMs: 20, slowTimeoutMs: 800 },
  });
  proxy = world.ses.proxy;
  store = world.subscribers;
  ledger = world.ledger;
}, 60_000);

afterAll(async () => {
  await world?.close();
});

beforeEach(async () => {
  await world.ses.reset();
});

async function seedList(list: string, count: number): Promise<string[]> {
  const at = '2026-11-01T00:00:00.000Z';
  const subscribers: Subscriber[] = Array.from({ length: count }, (_, i) =>
    importedSubscriber(`reader${String(i).padStart(5, '0')}@example.net`, list, at),
  );
  await store.putMany(subscribers);
  return subscribers.map((s) => s.email);
}

async function prepare(list: string): Promise<PreparedIssue> {
  const issue = sampleIssue([sampleStory(0), sampleStory(1)], { id: `fault-${++issueCounter}`, list });
  const rendered = renderIssue(issue, RENDER_OPTIONS);
  const personalisation = preparePersonalisation(rendered);
  return {
    issueId: issue.id,
    list,
    personalisation,
    message: await compileIssueMessage(
      { from: 'Digest <digest@example.org>', subject: rendered.subject },
      personalisation,
    ),
  };
}

function deps(prepared: PreparedIssue, options: { responseTimeoutMs: number; owner?: string }) {
  const client = createSesClient({
    endpoint: proxy.url,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    responseTimeoutMs: options.responseTimeoutMs,
    connectTimeoutMs: 1_000,
  });
  const mailer = new SesMailer({ client, callTimeoutMs: 5_000 });
  const deadLetters: DeadLetter[] = [];
  const workerDeps: SendWorkerDeps & { store: DynamoSubscriberStore } = {
    store,
    ledger,
    mailer,
    classify: classifySendError,
    issue: async (id) => (id === prepared.issueId ? prepared : null),
    settings: {
      baseUrl: 'https://digest.example.org',
      tokenSecret: 'test-secret',
      listIdDomain: 'example.org',
    },
    owner: options.owner ?? 'test:owner',
    leaseMs: 60_000,
    isOwnerGone: (record, now) => record.leaseUntil < now.getTime(),
    now: () => new Date(),
    sleep: (ms) => sleep(ms),
    random: seededRandom(11),
    rate: new RateGate(
      new TokenBucket({ ratePerSecond: 1000, now: () => performance.now() }),
      (ms) => sleep(ms),
      () => performance.now(),
      () => mailer.maxSendRate(),
    ),
    maxAttempts: 12,
    backoff: { baseMs: 5, capMs: 200 },
    onExhausted: 'fail',
    deadLetter: { put: async (entry) => void deadLetters.push(entry) },
    messageId: (deliveryId) => newMessageId(deliveryId, 'example.org'),
  };
  return { workerDeps, deadLetters, client };
}

/** The invariants every run must end with. Returns per-recipient message counts. */
async function checkInvariants(issueId: string, recipients: string[], ambiguousFaults: number) {
  const stored = await world.ses.stored();
  const perRecipient = new Map<string, number>();
  for (const mail of stored)
    for (const to of mail.destination.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
  const duplicates = [...perRecipient].filter(([, n]) => n > 1);
  expect(duplicates).toEqual([]);
  const counts = await ledger.counts(issueId);
  const unknown = new Set<string>();
  for (let cursor: string | null = null; ; ) {
    const page = await ledger.page(issueId, { cursor });
    for (const r of page.items) if (r.status === 'unknown') unknown.add(r.recipient);
    cursor = page.next;
    if (!cursor) break;
  }
  const missing = recipients.filter((r) => !perRecipient.has(r) && !unknown.has(r));
  expect(missing).toEqual([]);
  expect(counts.unknown).toBe(unknown.size);
  expect(counts.unknown).toBeLessThanOrEqual(ambiguousFaults);
  return { perRecipient, counts };
}

describe('delivery under faults', () => {
  it(`${SUBSCRIBERS} subscribers, 20% throttling and 5% 5xx: exactly ${SUBSCRIBERS} messages, none duplicated`, async () => {
    const recipients = await seedList('many', SUBSCRIBERS);
    const prepared = await prepare('many');
    const { workerDeps, deadLetters, client } = deps(prepared, { responseTimeoutMs: 5_000 });
    proxy.setRates({ throttle: 0.2, serverError: 0.05 });
    const before = { ...proxy.stats.faults };
    const summary = await deliverLocally(workerDeps, {
      issueId: prepared.issueId,
      list: 'many',
      concurrency: 16,
    });
    client.destroy();
    // at least 15% and 2.5% of the sends: the injected faults really happened and were retried
    expect(proxy.stats.faults.throttle - before.throttle).toBeGreaterThan(SUBSCRIBERS * 0.15);
    expect(proxy.stats.faults.serverError - before.serverError).toBeGreaterThan(SUBSCRIBERS * 0.025);
    expect(summary).toMatchObject({ sent: SUBSCRIBERS, skipped: 0, failed: 0, unknown: 0 });
    expect(deadLetters).toEqual([]);
    const { perRecipient, counts } = await checkInvariants(prepared.issueId, recipients, 0);
    expect(perRecipient.size).toBe(SUBSCRIBERS);
    expect((await world.ses.stored()).length).toBe(SUBSCRIBERS);
    expect(counts.sent).toBe(SUBSCRIBERS);
  }, 600_000);

  it('a lost answer after the emulator accepted the mail is recorded unknown and not resent', async () => {
    const recipients = await seedList('lost', 40);
    const prepared = await prepare('lost');
    const { workerDeps, client } = deps(prepared, { responseTimeoutMs: 2_000 });
    proxy.setRates({ loseAnswer: 0.25 });
    const before = proxy.ambiguousFaults();
    const first = await deliverLocally(workerDeps, {
      issueId: prepared.issueId,
      list: 'lost',
      concurrency: 4,
    });
    const ambiguous = proxy.ambiguousFaults() - before;
    expect(ambiguous).toBeGreaterThan(0);
    expect(first.unknown).toBe(ambiguous);
    expect(first.sent + first.unknown).toBe(40);
    const { perRecipient } = await checkInvariants(prepared.issueId, recipients, ambiguous);
    // the emulator has every mail, including those whose answer was lost
    expect(perRecipient.size).toBe(40);

    // resuming (faults off) neither resends unknown nor sent recipients
    proxy.setRates({});
    const resumed = await deliverLocally(
      { ...workerDeps, owner: 'test:resume' },
      { issueId: prepared.issueId, list: 'lost', concurrency: 4 },
    );
    client.destroy();
    expect(resumed).toMatchObject({ sent: 0, skipped: first.sent, unknown: first.unknown, failed: 0 });
    expect((await world.ses.stored()).length).toBe(40);
    const unknownRecord = (await ledger.page(prepared.issueId, {})).items.find((r) => r.status === 'unknown');
    expect(unknownRecord?.reason).toMatch(/after the request was sent/);
  }, 60_000);

  it('every fault at once: the invariants hold, and retried failures never duplicate', async () => {
    const recipients = await seedList('mixed', 200);
    const prepared = await prepare('mixed');
    const { workerDeps, client } = deps(prepared, { responseTimeoutMs: 2_000 });
    // sixteen senders at once on a busy machine: an answer written after 1.5 s may reach a client whose 2 s timer
    // has already fired, which makes that send as ambiguous as a lost answer (the bound below counts it)
    proxy.setTiming({ slowOkMs: 50, slowTimeoutMs: 2_500, lateAnswerMs: 1_500 });
    proxy.setRates({
      throttle: 0.15,
      serverError: 0.05,
      slowOk: 0.05,
      slowTimeout: 0.03,
      reset: 0.03,
      loseAnswer: 0.03,
    });
    const before = proxy.ambiguousFaults();
    const summary = await deliverLocally(workerDeps, {
      issueId: prepared.issueId,
      list: 'mixed',
      concurrency: 16,
    });
    client.destroy();
    const ambiguous = proxy.ambiguousFaults() - before;
    proxy.setTiming({ lateAnswerMs: Number.POSITIVE_INFINITY });
    expect(summary.sent + summary.unknown + summary.failed).toBe(200);
    expect(summary.failed).toBe(0);
    await checkInvariants(prepared.issueId, recipients, ambiguous);
    expect(summary.unknown).toBeGreaterThan(0);
  }, 60_000);

  it('a resent unknown is the explicit choice: --resend-unknown sends those recipients again', async () => {
    const recipients = await seedList('resend', 20);
    const prepared = await prepare('resend');
    const { workerDeps, client } = deps(prepared, { responseTimeoutMs: 2_000 });
    proxy.setTiming({ slowTimeoutMs: 2_500 });
    // slow answers above the timeout never reach the emulator: resending them is what the user wants
    proxy.setRates({ slowTimeout: 0.3 });
    const first = await deliverLocally(workerDeps, {
      issueId: prepared.issueId,
      list: 'resend',
      concurrency: 4,
    });
    expect(first.unknown).toBeGreaterThan(0);
    proxy.setRates({});
    const again = await deliverLocally(
      { ...workerDeps, owner: 'test:again', resendUnknown: true },
      { issueId: prepared.issueId, list: 'resend', concurrency: 4 },
    );
    client.destroy();
    expect(again.skipped).toBe(first.sent);
    expect(again.sent + again.unknown).toBe(first.unknown);
    // slow answers above the timeout were never forwarded: nobody has two messages
    await checkInvariants(prepared.issueId, recipients, again.unknown);
    expect(again.sent).toBeGreaterThan(0);
  }, 60_000);

  it('permanent rejections are recorded failed and never retried; exhausted retries go to the dead letters', async () => {
    const recipients = await seedList('dead', 12);
    const prepared = await prepare('dead');
    const { workerDeps, deadLetters, client } = deps(prepared, { responseTimeoutMs: 2_000 });
    proxy.setRates({ reject: 1 });
    const before = proxy.stats.sendRequests;
    const rejected = await deliverLocally(
      { ...workerDeps, maxAttempts: 3 },
      { issueId: prepared.issueId, list: 'dead', concurrency: 4 },
    );
    expect(rejected).toMatchObject({ sent: 0, failed: 12, unknown: 0 });
    expect(proxy.stats.sendRequests - before).toBe(12); // one call each: not retried
    // SES names the rejected recipient; the ledger keeps the reason with that address masked
    const reasons = Object.keys(rejected.reasons);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^MessageRejected: Email address is not verified\. .*: r\*\*\*@example\.net$/);
    expect(deadLetters).toEqual([]);

    const other = await prepare('dead');
    const second = deps(other, { responseTimeoutMs: 2_000 });
    proxy.setRates({ throttle: 1 });
    const exhausted = await deliverLocally(
      { ...second.workerDeps, maxAttempts: 3 },
      { issueId: other.issueId, list: 'dead', concurrency: 4 },
    );
    expect(exhausted).toMatchObject({ sent: 0, failed: 12 });
    expect(second.deadLetters).toHaveLength(12);
    expect(second.deadLetters[0]?.reason).toBe('gave up after 3 attempts: Throttling');
    const record = await ledger.get(other.issueId, recipients[0]!);
    expect(record).toMatchObject({ status: 'failed', retryable: true, attempts: 3 });

    // a resume retries what may still succeed, but not the permanent rejections
    proxy.setRates({});
    const resumed = await deliverLocally(
      { ...second.workerDeps, owner: 'test:later' },
      { issueId: other.issueId, list: 'dead', concurrency: 4 },
    );
    expect(resumed).toMatchObject({ sent: 12, failed: 0 });
    const again = await deliverLocally(
      { ...workerDeps, owner: 'test:later' },
      { issueId: prepared.issueId, list: 'dead', concurrency: 4 },
    );
    client.destroy();
    second.client.destroy();
    expect(again).toMatchObject({ sent: 0, failed: 12 });
    await checkInvariants(other.issueId, recipients, 0);
  }, 120_000);
});
