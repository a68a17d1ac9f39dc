// Delivery: (1) the per-recipient CPU cost of personalisation plus MIME (target < 0.2 ms), next to
// building every message with a full MailComposer run; (2) end-to-end throughput into
// aws-ses-v2-local (through the fault proxy, which answers GetSendQuota) with the ledger on
// in-memory dynalite: 10,000 recipients (--tiny: 50). Run alone: npm run bench -- --only=delivery
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DynamoDeliveryLedger,
  deliveriesTableDefinition,
} from '../functions/adapters/dynamo-delivery-ledger.js';
import {
  DynamoSubscriberStore,
  subscribersTableDefinition,
} from '../functions/adapters/dynamo-subscriber-store.js';
import { ensureTable, openLocalDynamo } from '../functions/adapters/local-runtime.js';
import { compileIssueMessage, composeMime, listHeaders, MimeTemplate } from '../functions/adapters/mime.js';
import { newMessageId } from '../functions/adapters/outbox-mailer.js';
import { renderIssue } from '../functions/adapters/render-issue.js';
import { classifySendError, createSesClient, SesMailer } from '../functions/adapters/ses-mailer.js';
import {
  compilePersonalisation,
  personalise,
  readerDates,
  slotValues,
} from '../functions/core/personalise.js';
import { importedSubscriber } from '../functions/core/subscription.js';
import { TokenBucket } from '../functions/core/token-bucket.js';
import { signToken } from '../functions/core/tokens.js';
import type { Subscriber } from '../functions/ports/subscriber-store.js';
import { deliverLocally, preparePersonalisation, RateGate } from '../functions/use-cases/deliver-issue.js';
import { startFaultProxy, startSesEmulator } from '../test/support/fault-proxy.js';
import { RENDER_OPTIONS, sampleIssue, sampleStory } from '../test/support/sample-issue.js';
import type { BenchOptions } from './bench.js';
import { measured } from './bench-results.js';
import { fmt, median, table } from './bench-util.js';

const FROM = 'Daily Digest <digest@example.org>';
const BASE = 'https://digest.example.org';
const SECRET = 'bench-secret';

function recipient(i: number): string {
  return `reader${String(i).padStart(6, '0')}@example.net`;
}

/**
 * Median per-recipient cost over `rounds` rounds of `n` recipients: CPU time of this process
 * (user + system, what the issue's 0.2 ms target is about; robust to other processes on a shared
 * machine) and wall time.
 */
async function perRecipient(
  n: number,
  rounds: number,
  one: (i: number) => Promise<unknown>,
): Promise<{ cpu: number; wall: number }> {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await one(i);
    wall.push((performance.now() - t0) / n);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000 / n);
  }
  return { cpu: median(cpu), wall: median(wall) };
}

export async function cpuSection(tiny: boolean): Promise<string> {
  const issue = sampleIssue([sampleStory(0), sampleStory(1), sampleStory(2)], {
    id: 'bench-1',
    list: 'default',
  });
  const rendered = renderIssue(issue, RENDER_OPTIONS);
  const split = compilePersonalisation(rendered);
  const template = await MimeTemplate.compile({ from: FROM, subject: rendered.subject, date: new Date() });
  const slotted = await MimeTemplate.compile(
    { from: FROM, subject: rendered.subject, date: new Date() },
    split,
  );
  const now = new Date();
  const links = (i: number) => ({
    unsubscribeUrl: `${BASE}/unsubscribe?token=${signToken({ email: recipient(i), list: 'default', purpose: 'unsubscribe' }, SECRET, now)}`,
    preferencesUrl: `${BASE}/preferences?token=${signToken({ email: recipient(i), list: 'default', purpose: 'preferences' }, SECRET, now)}`,
  });
  const n = tiny ? 200 : 5_000;
  const rounds = tiny ? 1 : 5;
  // warm up the JIT
  for (let i = 0; i < 200; i++) personalise(split, links(i));

  const fixed = links(0);
  const personaliseOnly = await perRecipient(n, rounds, async () => personalise(split, fixed));
  const headers = listHeaders({
    unsubscribeUrl: fixed.unsubscribeUrl,
    list: 'default',
    listIdDomain: 'example.org',
  });
  const part = (i: number) => ({
    to: recipient(i),
    messageId: `bench.${i}@example.org`,
    deliveryId: `bench-1.${i}`,
  });
  const personaliseMime = await perRecipient(n, rounds, async (i) =>
    slotted.renderSlotted({ ...part(i), headers }, slotValues(fixed)),
  );
  // the worker's own work per recipient: its signed links and list headers, with the reader's dates when given
  const signed = (dates?: Parameters<typeof slotValues>[1]) =>
    perRecipient(n, rounds, async (i) => {
      const l = links(i);
      const headers = listHeaders({
        unsubscribeUrl: l.unsubscribeUrl,
        list: 'default',
        listIdDomain: 'example.org',
      });
      return slotted.renderSlotted({ ...part(i), headers }, slotValues(l, dates));
    });
  const withTokens = await signed();
  // a reader whose record has a time zone that shows the issue's date otherwise: their dates come from the
  // issue's per-zone cache, formatted once
  const withZone = await signed(readerDates(split, 'Pacific/Pago_Pago'));
  const wholeBodies = await perRecipient(n, rounds, async (i) =>
    template.render({ ...part(i), headers, ...personalise(split, fixed) }),
  );
  const fullComposer = await perRecipient(tiny ? 50 : 500, rounds, async (i) =>
    composeMime(
      {
        to: recipient(i),
        from: FROM,
        subject: rendered.subject,
        deliveryId: `bench-1.${i}`,
        headers: listHeaders({
          unsubscribeUrl: fixed.unsubscribeUrl,
          list: 'default',
          listIdDomain: 'example.org',
        }),
        ...personalise(split, fixed),
      },
      { messageId: `bench.${i}@example.org` },
    ),
  );
  measured.perRecipientCpuMs = withTokens.cpu;
  const kb = (Buffer.byteLength(rendered.html) / 1024).toFixed(1);
  return [
    '### Per-recipient CPU: personalise + MIME',
    '',
    `A three-story issue (HTML ${kb} KB) rendered once; MailComposer composes its MIME once with the literal pieces of both bodies quoted-printable-encoded; per recipient the checked, attribute-escaped link values are encoded and joined in, with the To, Message-ID and list headers; a reader with their own time zone gets the dates of that zone, formatted and encoded once per zone and issue. ${n.toLocaleString('en-US')} recipients, median of ${rounds} round(s). Target: < 0.2 ms.`,
    '',
    table(
      ['per recipient', 'CPU ms', 'wall ms'],
      [
        ['personalise (fill 2 link slots in HTML and text)', personaliseOnly],
        ['personalise + MIME (slots in the pre-encoded quoted-printable template)', personaliseMime],
        ['… plus signing 2 HMAC tokens and the list headers (what the worker does)', withTokens],
        ['… the same for a reader with their own time zone (the dates of their zone)', withZone],
        ['for comparison: whole bodies base64-encoded per recipient (MimeTemplate.render)', wholeBodies],
        ['for comparison: a full MailComposer run per recipient (composeMime)', fullComposer],
      ].map(([name, m]) => {
        const cost = m as { cpu: number; wall: number };
        return [name as string, fmt(cost.cpu, 4), fmt(cost.wall, 4)];
      }),
    ),
    '',
  ].join('\n');
}

export async function throughputSection(
  tiny: boolean,
  recipients?: number,
  maxSendRate = 10_000,
): Promise<string> {
  const total = recipients ?? (tiny ? 50 : 10_000);
  const concurrency = 16;
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-delivery-'));
  const emulator = await startSesEmulator();
  const proxy = await startFaultProxy({ target: emulator.url, maxSendRate });
  const dynamo = await openLocalDynamo(dataDir, { inMemory: true });
  const client = createSesClient({
    endpoint: proxy.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await ensureTable(dynamo.client, subscribersTableDefinition('subs'));
    await ensureTable(dynamo.client, deliveriesTableDefinition('deliveries'));
    const store = new DynamoSubscriberStore(dynamo.client, 'subs');
    const at = '2026-11-01T00:00:00.000Z';
    for (let i = 0; i < total; i += 1_000) {
      const batch: Subscriber[] = [];
      for (let k = i; k < Math.min(total, i + 1_000); k++) {
        batch.push(importedSubscriber(recipient(k), 'bench', at));
      }
      await store.putMany(batch);
    }
    const issue = sampleIssue([sampleStory(0), sampleStory(1)], { id: 'bench-throughput', list: 'bench' });
    const rendered = renderIssue(issue, RENDER_OPTIONS);
    const personalisation = preparePersonalisation(rendered);
    const prepared = {
      issueId: issue.id,
      list: 'bench',
      personalisation,
      message: await compileIssueMessage({ from: FROM, subject: rendered.subject }, personalisation),
    };
    const mailer = new SesMailer({ client });
    const t0 = performance.now();
    const summary = await deliverLocally(
      {
        store,
        ledger: new DynamoDeliveryLedger(dynamo.client, 'deliveries'),
        mailer,
        classify: classifySendError,
        issue: async () => prepared,
        settings: { baseUrl: BASE, tokenSecret: SECRET, listIdDomain: 'example.org' },
        owner: 'bench',
        leaseMs: 600_000,
        isOwnerGone: () => false,
        now: () => new Date(),
        sleep: (ms) => sleep(ms),
        random: Math.random,
        rate: new RateGate(
          new TokenBucket({ ratePerSecond: 1, now: () => performance.now() }),
          (ms) => sleep(ms),
          () => performance.now(),
          () => mailer.maxSendRate(),
        ),
        onExhausted: 'fail',
        messageId: (d) => newMessageId(d, 'example.org'),
      },
      { issueId: issue.id, list: 'bench', concurrency },
    );
    const seconds = (performance.now() - t0) / 1000;
    if (maxSendRate === 10_000) measured.deliveryPerSecond = summary.sent / seconds;
    const rate = summary.sent / seconds;
    const limiterNote =
      maxSendRate >= 10_000
        ? ''
        : rate > maxSendRate * 1.05
          ? `**The limiter failed: ${fmt(rate, 1)}/s is above MaxSendRate ${maxSendRate}/s.**`
          : rate < maxSendRate * 0.9
            ? `The sender stayed under MaxSendRate (${fmt(rate, 1)}/s ≤ ${maxSendRate}/s), but this machine's pipeline is slower than the limit, so the limiter did not bind in this run.`
            : `The sender held MaxSendRate: ${fmt(rate, 1)}/s against ${maxSendRate}/s.`;
    return [
      `### End-to-end throughput into the SES emulator, rate limiter ${maxSendRate >= 10_000 ? 'off (MaxSendRate 10,000/s)' : `on (MaxSendRate ${maxSendRate}/s)`}`,
      '',
      `${total.toLocaleString('en-US')} confirmed subscribers in in-memory dynalite; \`deliverLocally\` with ${concurrency} workers: fan-out, ledger claim → sending → sent (3 conditional writes per recipient), personalise + MIME, SendRawEmail through the fault proxy (no faults; it answers GetSendQuota with MaxSendRate ${maxSendRate}) into aws-ses-v2-local, all in one process on this machine. The emulator parses every message with mailparser, so this is a lower bound for the sender.`,
      '',
      table(
        ['recipients', 'sent', 'failed', 'unknown', 'seconds', 'messages/s'],
        [
          [
            total,
            summary.sent,
            summary.failed,
            summary.unknown,
            fmt(seconds, 1),
            fmt(summary.sent / seconds, 1),
          ],
        ],
      ),
      '',
      limiterNote,
    ].join('\n');
  } finally {
    client.destroy();
    await proxy.close();
    await emulator.close();
    await dynamo.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function run(options: BenchOptions = { tiny: false }): Promise<string> {
  const cpu = await cpuSection(options.tiny);
  const throughput = await throughputSection(options.tiny);
  // the token bucket on: the sender must hold SES's advertised rate, not exceed it. 14/s is the rate a new
  // SES production account starts with, and it is below what the local pipeline reaches (~40–50/s on this
  // machine), so the limiter, not the machine, sets the pace (at 100/s it never bound).
  const limited = await throughputSection(options.tiny, options.tiny ? 20 : 1_000, options.tiny ? 20 : 14);
  return ['## Delivery', '', cpu, throughput, limited].join('\n');
}
