/**
 * Delivering a briefing on a laptop with the delivery use case (use-cases/deliver-issue
 * `deliverLocally`: fan-out into memory, then the exactly-once send worker against the ledger),
 * assembled as the delivery area's own tests assemble it. When `digest send` exports its builder,
 * this file should call that instead of repeating the assembly.
 */
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DynamoDeliveryLedger,
  deliveriesTableDefinition,
  LOCAL_DELIVERIES_TABLE,
} from '../adapters/dynamo-delivery-ledger.js';
import { ensureTable } from '../adapters/local-runtime.js';
import { MimeTemplate, senderDomain } from '../adapters/mime.js';
import { newMessageId } from '../adapters/outbox-mailer.js';
import { renderIssue } from '../adapters/render-issue.js';
import { classifySendError } from '../adapters/ses-mailer.js';
import { optionalEnv } from '../config.js';
import type { Issue } from '../core/types.js';
import type { RawMailer } from '../ports/mailer.js';
import type { DeliveryCounts } from '../use-cases/briefing.js';
import { deliverLocally, type PreparedIssue, preparePersonalisation } from '../use-cases/deliver-issue.js';
import { CliError } from './cli-error.js';
import type { LocalDeps } from './local-deps.js';

export async function deliverWithLocalWorkers(
  deps: LocalDeps,
  issue: Issue,
  onProgress?: (done: number, total: number) => void,
): Promise<DeliveryCounts> {
  const mailer = deps.mailer as Partial<RawMailer>;
  if (typeof mailer.sendRaw !== 'function')
    throw new CliError('the mail transport cannot send prepared messages');
  const table = optionalEnv('DELIVERIES_TABLE', deps.env) ?? LOCAL_DELIVERIES_TABLE;
  await ensureTable(deps.dynamo.client, deliveriesTableDefinition(table));
  const ledger = new DynamoDeliveryLedger(deps.dynamo.client, table);
  const baseUrl = deps.baseUrl();
  const rendered = renderIssue(issue, { baseUrl, postalAddress: deps.mail.postalAddress });
  const prepared: PreparedIssue = {
    issueId: issue.id,
    list: issue.list,
    personalisation: preparePersonalisation(rendered),
    mime: await MimeTemplate.compile({ from: deps.mail.from, subject: rendered.subject }),
  };
  const domain = senderDomain(deps.mail.from);
  const summary = await deliverLocally(
    {
      store: deps.subscribers,
      ledger,
      mailer: mailer as RawMailer,
      classify: classifySendError,
      issue: async (id) => (id === prepared.issueId ? prepared : null),
      settings: {
        baseUrl,
        tokenSecret: deps.secret,
        listIdDomain: domain,
        unsubscribeMailbox: deps.mail.unsubscribeMailbox,
      },
      owner: `${hostname()}:${process.pid}`,
      leaseMs: 60_000,
      isOwnerGone: (record, now) => record.leaseUntil < now.getTime(),
      now: () => deps.clock.now(),
      sleep: (ms) => sleep(ms),
      random: Math.random,
      rate: null,
      onExhausted: 'fail',
      messageId: (deliveryId) => newMessageId(deliveryId, domain),
    },
    {
      issueId: issue.id,
      list: issue.list,
      concurrency: 4,
      onProgress: onProgress ? (d, t) => onProgress(d, t) : undefined,
    },
  );
  return { sent: summary.sent, skipped: summary.skipped, failed: summary.failed, unknown: summary.unknown };
}
