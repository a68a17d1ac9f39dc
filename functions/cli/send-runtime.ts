/**
 * The delivery machinery on a laptop, assembled once for `digest send`, `digest briefing` and
 * `digest dev`: the ledger on the shared dynalite, the mail transport (outbox or SES), the rate
 * gate (SES only, from GetSendQuota), the dead-letter file and the in-process worker pool.
 *
 * Owners are `local:<host>:<pid>:<run>`. A record `claimed`/`sending` by a process of this host that
 * no longer exists (kill -9) is taken over at once; otherwise only after its lease ends.
 */
import { randomBytes } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DynamoDeliveryLedger,
  deliveriesTableDefinition,
  LOCAL_DELIVERIES_TABLE,
} from '../adapters/dynamo-delivery-ledger.js';
import { ensureTable, isPidAlive } from '../adapters/local-runtime.js';
import { compileIssueMessage, senderDomain } from '../adapters/mime.js';
import { newMessageId, OutboxError } from '../adapters/outbox-mailer.js';
import { classifySendError, SesMailer } from '../adapters/ses-mailer.js';
import { optionalEnv } from '../config.js';
import { TokenBucket } from '../core/token-bucket.js';
import type { RenderedIssue } from '../core/types.js';
import type { DeliveryRecord } from '../ports/delivery-ledger.js';
import type { RawMailer } from '../ports/mailer.js';
import {
  type DeadLetter,
  deliverLocally,
  type PreparedIssue,
  preparePersonalisation,
  RateGate,
  type SendWorkerDeps,
} from '../use-cases/deliver-issue.js';
import { CliError } from './cli-error.js';
import type { LocalDeps } from './local-deps.js';

const LOCAL_OWNER_RE = /^local:([^:]+):(\d+):/;
/** A local claim protects a record this long even if we cannot see its process. */
const LOCAL_LEASE_MS = 10 * 60_000;

export const DEAD_LETTER_FILE = 'dead-letter.jsonl';

/** True when the holder of a record is certainly gone: lease over, or a dead process of this host. */
export function isLocalOwnerGone(record: DeliveryRecord, now: Date, host = hostname()): boolean {
  if (record.leaseUntil < now.getTime()) return true;
  const match = LOCAL_OWNER_RE.exec(record.owner);
  if (match && match[1] === host) return !isPidAlive(Number(match[2]));
  return false;
}

/** Outbox writes fail before the rename or not at all: such a failure is safe to retry. */
export function classifyLocalSendError(error: unknown) {
  if (error instanceof OutboxError) return { kind: 'retry' as const, reason: `outbox: ${error.message}` };
  return classifySendError(error);
}

/** Appends dead letters to `<data-dir>/dead-letter.jsonl` (one JSON object per line). */
export function deadLetterFile(dataDir: string) {
  const path = join(dataDir, DEAD_LETTER_FILE);
  return {
    path,
    put: async (entry: DeadLetter) => {
      // (mode 0600 as every file of the data dir: a dead letter names its recipient)
      await appendFile(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    },
  };
}

export interface LocalSender {
  ledger: DynamoDeliveryLedger;
  owner: string;
  deadLetterPath: string;
  prepare(rendered: RenderedIssue, list: string): Promise<PreparedIssue>;
  deliver(
    prepared: PreparedIssue,
    options: {
      resendUnknown?: boolean;
      topic?: string;
      concurrency?: number;
      onProgress?: (done: number, total: number, failed: number) => void;
    },
  ): ReturnType<typeof deliverLocally>;
  workerDeps(prepared: PreparedIssue, resendUnknown?: boolean): SendWorkerDeps;
}

/** Builds the local sender from a command's LocalDeps. */
export async function openLocalSender(deps: LocalDeps): Promise<LocalSender> {
  const mailer = deps.mailer as Partial<RawMailer>;
  if (typeof mailer.sendRaw !== 'function')
    throw new CliError('the mail transport cannot send prepared messages');
  const table = optionalEnv('DELIVERIES_TABLE', deps.env) ?? LOCAL_DELIVERIES_TABLE;
  await ensureTable(deps.dynamo.client, deliveriesTableDefinition(table));
  // The holds on an issue's kept counts run on the commands' clock (the system clock, a test's own).
  const ledger = new DynamoDeliveryLedger(deps.dynamo.client, table, {
    wallClock: () => deps.clock.now().getTime(),
  });
  const owner = `local:${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const domain = senderDomain(deps.mail.from);
  const deadLetter = deadLetterFile(deps.dataDir);
  const rate =
    deps.mailer instanceof SesMailer
      ? new RateGate(
          new TokenBucket({ ratePerSecond: 1, now: () => performance.now() }),
          (ms) => sleep(ms),
          () => performance.now(),
          () => (deps.mailer as SesMailer).maxSendRate(),
        )
      : null;

  const workerDeps = (prepared: PreparedIssue, resendUnknown = false): SendWorkerDeps => ({
    ledger,
    store: deps.subscribers,
    mailer: mailer as RawMailer,
    classify: classifyLocalSendError,
    issue: async (id) => (id === prepared.issueId ? prepared : null),
    settings: {
      baseUrl: deps.baseUrl(),
      tokenSecret: deps.secret,
      listIdDomain: domain,
      unsubscribeMailbox: deps.mail.unsubscribeMailbox,
    },
    owner,
    leaseMs: LOCAL_LEASE_MS,
    isOwnerGone: (record, now) => isLocalOwnerGone(record, now),
    now: () => deps.clock.now(),
    sleep: (ms) => sleep(ms),
    random: Math.random,
    rate,
    resendUnknown,
    onExhausted: 'fail',
    deadLetter,
    messageId: (deliveryId) => newMessageId(deliveryId, domain),
  });

  return {
    ledger,
    owner,
    deadLetterPath: deadLetter.path,
    async prepare(rendered, list) {
      const personalisation = preparePersonalisation(rendered);
      return {
        issueId: rendered.issueId,
        list,
        // the list's record decides (SES with SES_TRACKING_CONFIGURATION_SET only; the outbox never tracks)
        tracking: (await deps.lists.get(list))?.tracking === true,
        personalisation,
        message: await compileIssueMessage(
          {
            from: rendered.from ?? deps.mail.from,
            subject: rendered.subject,
            ...(rendered.replyTo ? { replyTo: rendered.replyTo } : {}),
          },
          personalisation,
        ),
      };
    },
    deliver(prepared, options) {
      // the worker checks each recipient against the issue's audience: the list, and the topic if there is one
      const audience = options.topic ? { ...prepared, topic: options.topic } : prepared;
      return deliverLocally(
        { ...workerDeps(audience, options.resendUnknown), store: deps.subscribers },
        {
          issueId: prepared.issueId,
          list: prepared.list,
          ...(options.topic ? { topic: options.topic } : {}),
          concurrency: options.concurrency ?? (rate ? 8 : 4),
          ...(options.onProgress ? { onProgress: (d, t, s) => options.onProgress?.(d, t, s.failed) } : {}),
        },
      );
    },
    workerDeps,
  };
}
