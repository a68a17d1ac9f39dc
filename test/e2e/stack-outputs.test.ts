/**
 * The CLI against the deployed service, as an operator runs it: `digest … --stack-outputs FILE` with the
 * SDK's endpoint variables pointing at stand-ins of every deployed resource (test/support/deployed-stand-ins:
 * tables from the synthesized stack's own definitions in dynalite, s3rver, aws-ses-v2-local, fauxqs, and an
 * in-test Secrets Manager endpoint). Nothing may be written to a local data dir.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  DeleteMessageBatchCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDeliveryLedger } from '../../functions/adapters/dynamo-delivery-ledger.js';
import { DynamoSubscriberStore } from '../../functions/adapters/dynamo-subscriber-store.js';
import { compileIssueMessage, senderDomain } from '../../functions/adapters/mime.js';
import { newMessageId } from '../../functions/adapters/outbox-mailer.js';
import { S3IssueArchive } from '../../functions/adapters/s3-issue-archive.js';
import {
  classifySendError,
  createSesClient,
  encodeTagValue,
  SesMailer,
} from '../../functions/adapters/ses-mailer.js';
import { preparePersonalisation, processSendJob } from '../../functions/use-cases/deliver-issue.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import {
  CREDENTIALS,
  type DeployedStandIns,
  REGION,
  standInS3Client,
  startDeployedStandIns,
} from '../support/deployed-stand-ins.js';
import { type FeedServer, startFeedServer } from '../support/feed-server.js';

const ARTICLE = join(REPO_ROOT, 'test/fixtures/articles/single-quotes.txt');
/**
 * The list's size: an import write chunk (250) and a partial one, and more than two fan-out pages (100) with a
 * partial one, each page queued in send-queue batches of 10.
 */
const SUBSCRIBERS = 260;
const address = (i: number) => `reader${String(i).padStart(4, '0')}@example.net`;

let dir: string;
let dataDir: string;
let standIns: DeployedStandIns;
let env: NodeJS.ProcessEnv;
let feeds: FeedServer;

const cli = (...args: string[]) =>
  runCli([...args, '--stack-outputs', standIns.outputsFile], { env, cwd: dir, timeoutMs: 120_000 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'digest-deployed-'));
  dataDir = join(dir, 'data');
  standIns = await startDeployedStandIns(dir);
  feeds = await startFeedServer();
  // DIGEST_DATA_DIR names a folder that must never come to exist.
  env = {
    ...standIns.env,
    DIGEST_DATA_DIR: dataDir,
    DIGEST_BASE_URL: '',
    DIGEST_SECRET: '',
    DIGEST_FROM: '',
  };
}, 180_000);

afterAll(async () => {
  await feeds?.close();
  await standIns?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function scanAll(table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await standIns.documentClient.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** An SES event as SNS posts it to an HTTP subscription. */
function snsNotification(event: Record<string, unknown>, messageId: string): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:SesEvents',
    Message: JSON.stringify(event),
    Timestamp: new Date().toISOString(),
    SignatureVersion: '1',
  });
}

describe('digest --stack-outputs against stand-ins of the deployed service', () => {
  let issueId = '';
  let testIssueId = '';
  let briefingIssueId = '';
  const sent: { recipient: string; deliveryId: string; sesMessageId: string }[] = [];

  it(`imports ${SUBSCRIBERS} subscribers, lists and exports them`, async () => {
    const csv = join(dir, 'subscribers.csv');
    const rows = Array.from({ length: SUBSCRIBERS }, (_, i) => `${address(i)},harbour`);
    writeFileSync(csv, `email,topics\n${rows.join('\n')}\n`);
    const imported = await cli('subscribers', 'import', csv, '--confirmed');
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(
      new RegExp(`^imported ${SUBSCRIBERS} into default \\(confirmed ${SUBSCRIBERS}, pending 0,`),
    );

    const listed = await cli('subscribers', 'list', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const people = JSON.parse(listed.stdout) as { email: string; status: string }[];
    expect(people).toHaveLength(SUBSCRIBERS);
    expect(new Set(people.map((p) => p.status))).toEqual(new Set(['confirmed']));

    const exported = await cli('subscribers', 'export');
    expect(exported.code, exported.stderr).toBe(0);
    const lines = exported.stdout.trimEnd().split('\r\n');
    expect(lines).toHaveLength(SUBSCRIBERS + 1);
    expect(lines[1]).toMatch(/^reader0000@example\.net,confirmed,no,harbour,/);
    // they are in the deployed table, read back directly
    expect((await scanAll(standIns.tables.subscribers)).filter((i) => i.list === 'default')).toHaveLength(
      SUBSCRIBERS,
    );
  }, 240_000);

  it('sends a private [Test] copy straight through SES: not archived, not queued, listed apart in stats', async () => {
    const result = await cli('send', ARTICLE, '--test-to', 'Editor@News.example.org', '--json');
    expect(result.code, result.stderr).toBe(0);
    testIssueId = (JSON.parse(result.stdout) as { issueId: string }).issueId;
    const accepted = standIns.sesProxy.accepted.at(-1);
    expect(accepted?.destinations).toEqual(['Editor@news.example.org']);
    expect(accepted?.configurationSet).toBe('newsletter-digest-events');
    expect(accepted?.raw.toString('latin1')).toMatch(/^Subject: \[Test\] /m);
    expect(accepted?.raw.toString('latin1')).toContain('https://digest-api.example.org/unsubscribe?token=');

    const s3 = standInS3Client(standIns);
    const objects = await s3.send(new ListObjectsV2Command({ Bucket: standIns.bucket }));
    expect(objects.KeyCount ?? 0).toBe(0);
    s3.destroy();

    const stats = await cli('stats', testIssueId, '--json');
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({
      sent: 0,
      recipients: 0,
      tests: [{ recipient: 'E***@news.example.org' }],
    });
  }, 120_000);

  it('queues a real send on the send queue and returns; the send worker delivers from it', async () => {
    const result = await cli('send', ARTICLE, '--json');
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { issueId: string; queued: number; sent: number };
    issueId = summary.issueId;
    expect(summary).toMatchObject({ queued: SUBSCRIBERS, sent: 0 });
    expect(result.stderr).toContain(`issue: ${issueId}\n`);

    // The send worker's use case, as the Lambda runs it, on three jobs taken from the queue.
    const sqs = new SQSClient({ endpoint: standIns.endpoints.sqs, region: REGION, credentials: CREDENTIALS });
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: standIns.queueUrl, MaxNumberOfMessages: 3 }),
    );
    const messages = received.Messages ?? [];
    expect(messages).toHaveLength(3);
    const s3 = standInS3Client(standIns);
    const archived = await new S3IssueArchive(s3, standIns.bucket).get(issueId);
    expect(archived?.issue.list).toBe('default');
    const from = standIns.outputs.NewsletterDigestStateless!.MailFrom!;
    const personalisation = preparePersonalisation(archived!.rendered);
    const prepared = {
      issueId,
      list: 'default',
      personalisation,
      message: await compileIssueMessage({ from, subject: archived!.rendered.subject }, personalisation),
    };
    const ledger = new DynamoDeliveryLedger(standIns.documentClient, standIns.tables.deliveries);
    const store = new DynamoSubscriberStore(standIns.documentClient, standIns.tables.subscribers);
    const mailer = new SesMailer({
      client: createSesClient({ endpoint: standIns.endpoints.ses, region: REGION, credentials: CREDENTIALS }),
      configurationSetName: 'newsletter-digest-events',
    });
    for (const message of messages) {
      const outcome = await processSendJob(JSON.parse(message.Body ?? ''), {
        ledger,
        store,
        mailer,
        classify: classifySendError,
        issue: async () => prepared,
        settings: {
          baseUrl: 'https://digest-api.example.org',
          tokenSecret: standIns.secrets.values().next().value!,
          listIdDomain: senderDomain(from),
        },
        owner: 'lambda:stand-in',
        leaseMs: 90_000,
        isOwnerGone: (record, now) => record.leaseUntil < now.getTime(),
        now: () => new Date(),
        sleep: (ms) => sleep(ms),
        random: Math.random,
        rate: null,
        onExhausted: 'throw',
        messageId: (deliveryId) => newMessageId(deliveryId, senderDomain(from)),
      });
      expect(outcome.outcome).toBe('sent');
      const job = JSON.parse(message.Body ?? '') as { recipient: string };
      const record = await ledger.get(issueId, job.recipient);
      sent.push({
        recipient: job.recipient,
        deliveryId: record!.deliveryId,
        sesMessageId: record!.sesMessageId!,
      });
    }
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: standIns.queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
    sqs.destroy();
    s3.destroy();
  }, 180_000);

  it('counts Delivery, Open and Click events posted twice through the local route once each', async () => {
    const dev = await import('node:child_process').then(({ spawn }) =>
      spawn(
        process.execPath,
        [
          join(REPO_ROOT, 'dist/functions/cli/main.js'),
          'dev',
          '--port',
          '0',
          '--stack-outputs',
          standIns.outputsFile,
        ],
        {
          cwd: dir,
          env: { ...process.env, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ),
    );
    try {
      const route = await new Promise<string>((ok, fail) => {
        let out = '';
        dev.stdout.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          const match = /POST (http:\/\/127\.0\.0\.1:\d+\/local\/ses-events)/.exec(out);
          if (match) ok(match[1]!);
        });
        dev.once('exit', (code) => fail(new Error(`digest dev exited ${code}`)));
      });
      const at = (minute: number) => `2026-12-02T10:${String(minute).padStart(2, '0')}:00.000Z`;
      const event = (i: number, eventType: string, extra: Record<string, unknown>) => {
        const d = sent[i]!;
        return {
          eventType,
          mail: {
            timestamp: at(0),
            messageId: d.sesMessageId,
            destination: [d.recipient],
            tags: {
              'digest-delivery': [encodeTagValue(d.deliveryId)],
              'digest-issue': [encodeTagValue(issueId)],
            },
          },
          ...extra,
        };
      };
      const story = 'https://news.example.org/harbour';
      const events = [
        event(0, 'Delivery', { delivery: { timestamp: at(1) } }),
        event(1, 'Delivery', { delivery: { timestamp: at(1) } }),
        event(2, 'Delivery', { delivery: { timestamp: at(1) } }),
        event(0, 'Open', { open: { timestamp: at(5) } }),
        event(1, 'Open', { open: { timestamp: at(6) } }),
        event(0, 'Open', { open: { timestamp: at(9) } }), // a second open by the same reader: still one opener
        event(0, 'Click', { click: { timestamp: at(7), link: story } }),
        event(1, 'Click', { click: { timestamp: at(8), link: story } }),
        event(1, 'Click', { click: { timestamp: at(8), link: 'https://news.example.org/ferry' } }),
      ];
      for (const round of [1, 2]) {
        for (const [n, e] of events.entries()) {
          const response = await fetch(route, {
            method: 'POST',
            body: snsNotification(e, `sns-${n}-${round}`),
          });
          expect(response.status).toBe(200);
        }
      }
      const complaint = event(2, 'Complaint', {
        complaint: { timestamp: at(20), complainedRecipients: [{ emailAddress: sent[2]!.recipient }] },
      });
      const answered = await fetch(route, {
        method: 'POST',
        body: snsNotification(complaint, 'sns-complaint'),
      });
      expect(await answered.json()).toMatchObject({ recorded: 1, suppressed: 1 });
    } finally {
      dev.kill('SIGTERM');
    }

    const stats = await cli('stats', issueId, '--json');
    expect(stats.code, stats.stderr).toBe(0);
    const numbers = JSON.parse(stats.stdout);
    expect(numbers).toMatchObject({
      issueId,
      queued: SUBSCRIBERS,
      sent: 3,
      delivered: 3,
      opened: 2,
      clicked: 2,
      complained: 1,
      bounced: 0,
      unsubscribed: 0,
      unknown: 0,
      failed: 0,
      tests: [],
    });
    expect(numbers.links).toEqual([
      { url: 'https://news.example.org/harbour', clicks: 2 },
      { url: 'https://news.example.org/ferry', clicks: 1 },
    ]);
    expect(numbers.openRate).toBeCloseTo(2 / 3, 3);

    const side = await cli('stats', '--list', 'default');
    expect(side.code, side.stderr).toBe(0);
    expect(side.stdout).toContain(issueId);
    expect(side.stdout).toMatch(/test copies \(not counted above\)\n.*E\*\*\*@news\.example\.org/);
  }, 180_000);

  it('forgets a person: gone from every table, the address kept only as a suppression hash', async () => {
    const person = sent[2]!.recipient;
    const forgot = await cli('subscribers', 'forget', person);
    expect(forgot.code, forgot.stderr).toBe(0);
    expect(forgot.stdout).toMatch(/1 record removed, 1 delivery record; only a hash stays/);
    for (const table of Object.values(standIns.tables)) {
      const items = JSON.stringify(await scanAll(table)).toLowerCase();
      expect(items.includes(person.toLowerCase()), `${person} in ${table}`).toBe(false);
    }
    const suppression = await new DynamoSubscriberStore(
      standIns.documentClient,
      standIns.tables.subscribers,
    ).getSuppression(person);
    expect(suppression).toMatchObject({ email: null, reasons: ['complaint'] });
  }, 120_000);

  it('manages sources on the deployed briefings table', async () => {
    // --no-check: the example host resolves nowhere (`sources add` reads a feed first, from this machine)
    const added = await cli('sources', 'add', 'https://news.example.org/feed.xml', '--no-check');
    expect(added.code, added.stderr).toBe(0);
    const listed = await cli('sources', 'list');
    expect(listed.stdout).toContain('https://news.example.org/feed.xml');
    expect((await scanAll(standIns.tables.briefings)).length).toBeGreaterThan(0);
  }, 60_000);

  it('adds a named API key to the deployed key set; the generated key keeps working', async () => {
    const arn = standIns.outputs.NewsletterDigestStateful!.ApiKeySecretArn!;
    const added = await cli('keys', '--name', 'Harbour desk', '--json');
    expect(added.code, added.stderr).toBe(0);
    const key = JSON.parse(added.stdout) as { name: string; key: string };
    expect(key.name).toBe('Harbour desk');
    expect(added.stderr).toBe('api key "Harbour desk" added; 2 keys work: api, Harbour desk\n');
    const stored = JSON.parse(standIns.secrets.get(arn)!) as { keys: { name: string; key: string }[] };
    expect(stored.keys.map((k) => k.name)).toEqual(['api', 'Harbour desk']);
    expect(stored.keys[0]!.key).toBe('GeneratedApiKey0123456789abcdefGeneratedApiKey01');
    const again = await cli('keys', '--name', 'Harbour desk', '--json');
    expect(JSON.parse(again.stdout)).toEqual(key);
  }, 60_000);

  it('keeps every key when operators add keys to the deployed key set at the same time', async () => {
    const arn = standIns.outputs.NewsletterDigestStateful!.ApiKeySecretArn!;
    const names = Array.from({ length: 8 }, (_, i) => `Wire desk ${i + 1}`);
    const runs = await Promise.all(names.map((name) => cli('keys', '--name', name, '--json')));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const stored = JSON.parse(standIns.secrets.get(arn)!) as { keys: { name: string; key: string }[] };
    for (const run of runs) expect(stored.keys).toContainEqual(JSON.parse(run.stdout));
    expect(stored.keys.map((k) => k.name)).toEqual(expect.arrayContaining(['api', 'Harbour desk', ...names]));
  }, 120_000);

  it('manages lists on the deployed lists table; an outputs file without ListsTableName refuses to write one', async () => {
    const created = await cli('lists', 'create', 'harbour', '--title', 'Harbour Weekly', '--tracking');
    expect(created.code, created.stderr).toBe(0);
    const plain = await cli('lists', 'create', 'plain', '--title', 'Plain Notes');
    expect(plain.code, plain.stderr).toBe(0);
    const shown = await cli('lists', 'show', 'harbour', '--json');
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      id: 'harbour',
      title: 'Harbour Weekly',
      tracking: true,
    });
    // weekly-review has no record: it comes from the deploy configuration (the ConfiguredLists output), with its
    // tracking switch, as the functions see it
    const listed = await cli('lists', 'list');
    expect(listed.stdout.split('\n').map((line) => line.split(/\s+/)[0])).toEqual([
      'default',
      'harbour',
      'plain',
      'weekly-review',
      '',
    ]);
    const configured = await cli('lists', 'show', 'weekly-review', '--json');
    expect(JSON.parse(configured.stdout)).toMatchObject({
      id: 'weekly-review',
      tracking: true,
      timeZone: 'America/New_York',
    });
    const builtIn = await cli('lists', 'show', 'default', '--json');
    expect(JSON.parse(builtIn.stdout)).toMatchObject({ title: 'Harbour Digest', tracking: false });
    const items = await scanAll(standIns.tables.lists);
    expect(items.map((i) => i.id).sort()).toEqual(['harbour', 'plain']);

    const older = join(dir, 'older-outputs.json');
    const { ListsTableName: _, ...stateful } = standIns.outputs.NewsletterDigestStateful!;
    writeFileSync(older, JSON.stringify({ ...standIns.outputs, NewsletterDigestStateful: stateful }));
    const refused = await runCli(['lists', 'create', 'lost', '--title', 'Lost', '--stack-outputs', older], {
      env,
      cwd: dir,
    });
    rmSync(older);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/^digest: .*older-outputs\.json lacks ListsTableName: redeploy/);
    expect(refused.stderr.split('\n')).toHaveLength(2);
  }, 120_000);

  it('queues a briefing for the send worker and returns; the worker counts opens and clicks only for the tracked list', async () => {
    const hourAgo = new Date(Date.now() - 3_600_000).toUTCString();
    feeds.set('/feeds/harbour.rss', {
      type: 'application/rss+xml',
      body: `<rss version="2.0"><channel><title>Harbour</title><item><title>Harbour</title><link>${feeds.origin}/articles/harbour-reopens.html</link><pubDate>${hourAgo}</pubDate></item></channel></rss>`,
    });
    for (const [list, email] of [
      ['harbour', 'skipper@example.net'],
      ['harbour', 'pilot@example.net'],
      ['plain', 'reader@example.net'],
    ] as const) {
      const added = await cli('subscribers', 'add', email, '--confirmed', '--list', list);
      expect(added.code, added.stderr).toBe(0);
    }
    const sqs = new SQSClient({ endpoint: standIns.endpoints.sqs, region: REGION, credentials: CREDENTIALS });
    await sqs.send(new PurgeQueueCommand({ QueueUrl: standIns.queueUrl }));

    const briefing = await runCli(
      [
        'briefing',
        '--list',
        'harbour',
        '--feed',
        feeds.feed('harbour.rss'),
        '--json',
        '--stack-outputs',
        standIns.outputsFile,
      ],
      { env: { ...env, DIGEST_ALLOW_LOOPBACK: '1' }, cwd: dir, timeoutMs: 120_000 },
    );
    expect(briefing.code, briefing.stderr).toBe(0);
    const outcome = JSON.parse(briefing.stdout) as {
      kind: string;
      issueId: string;
      queued: number;
      sent: number;
    };
    expect(outcome).toMatchObject({ kind: 'sent', queued: 2, sent: 0 });
    expect(briefing.stderr).toContain(`issue: ${outcome.issueId}\n`);
    briefingIssueId = outcome.issueId;
    const plainSend = await cli('send', ARTICLE, '--list', 'plain', '--json');
    expect(plainSend.code, plainSend.stderr).toBe(0);
    const plainIssue = (JSON.parse(plainSend.stdout) as { issueId: string }).issueId;

    const before = await cli('stats', outcome.issueId, '--json');
    expect(JSON.parse(before.stdout)).toMatchObject({ queued: 2, sent: 0 });

    // The send worker as the Lambda composes it (handlers/runtime), on the jobs the two commands queued.
    const records: SQSRecord[] = [];
    for (let tries = 0; records.length < 3 && tries < 10; tries++) {
      const received = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: standIns.queueUrl, MaxNumberOfMessages: 10 }),
      );
      for (const m of received.Messages ?? [])
        records.push({
          messageId: m.MessageId!,
          receiptHandle: m.ReceiptHandle!,
          body: m.Body!,
        } as SQSRecord);
    }
    sqs.destroy();
    expect(records).toHaveLength(3);
    Object.assign(process.env, standIns.env, {
      DIGEST_FROM: standIns.outputs.NewsletterDigestStateless!.MailFrom,
      DIGEST_POSTAL_ADDRESS: standIns.outputs.NewsletterDigestStateless!.PostalAddress,
      DIGEST_BASE_URL: 'https://digest-api.example.org',
      DELIVERIES_TABLE: standIns.tables.deliveries,
      SUBSCRIBERS_TABLE: standIns.tables.subscribers,
      LISTS_TABLE: standIns.tables.lists,
      DIGEST_LIST_TITLE: 'Harbour Digest',
      ARCHIVE_BUCKET: standIns.bucket,
      TOKEN_SECRET_ARN: standIns.outputs.NewsletterDigestStateful!.TokenSecretArn,
      SES_CONFIGURATION_SET: 'newsletter-digest-events',
      SES_TRACKING_CONFIGURATION_SET: 'newsletter-digest-tracking',
      SEND_WORKER_CONCURRENCY: '1',
    });
    const { createHandler } = await import('../../functions/handlers/send-worker.js');
    const { sendWorkerDeps } = await import('../../functions/handlers/runtime/send-worker.js');
    const worker = createHandler(await sendWorkerDeps(), () => {});
    const accepted = standIns.sesProxy.accepted.length;
    const answer = await worker({ Records: records } as SQSEvent, { awsRequestId: 'stand-in' } as Context);
    expect(answer.batchItemFailures).toEqual([]);
    const sets = new Map(
      standIns.sesProxy.accepted.slice(accepted).map((a) => [a.destinations[0], a.configurationSet]),
    );
    expect(sets).toEqual(
      new Map([
        ['skipper@example.net', 'newsletter-digest-tracking'],
        ['pilot@example.net', 'newsletter-digest-tracking'],
        ['reader@example.net', 'newsletter-digest-events'],
      ]),
    );

    const watched = await cli('stats', outcome.issueId, '--watch', '--interval', '0.2', '--json');
    expect(watched.code, watched.stderr).toBe(0);
    expect(JSON.parse(watched.stdout.trim().split('\n').at(-1)!)).toMatchObject({ queued: 2, sent: 2 });
    const plainStats = await cli('stats', plainIssue, '--json');
    expect(JSON.parse(plainStats.stdout)).toMatchObject({ queued: 1, sent: 1 });
  }, 300_000);

  it('forwards an archived issue through the deployed configuration set, never the tracking one', async () => {
    const issueId = briefingIssueId;
    expect(issueId).not.toBe('');
    const accepted = standIns.sesProxy.accepted.length;
    const forwarded = await cli('forward', issueId, '--to', 'board@example.org', '--note', 'For Monday');
    expect(forwarded.code, forwarded.stderr).toBe(0);
    expect(forwarded.stdout).toBe(`forwarded ${issueId} to 1 recipient\n`);
    const sent = standIns.sesProxy.accepted.slice(accepted);
    expect(sent.map((a) => [a.destinations, a.configurationSet])).toEqual([
      [['board@example.org'], 'newsletter-digest-events'],
    ]);
    expect(sent[0]!.raw.toString('latin1')).toContain('For Monday');
  }, 120_000);

  it('wrote nothing to a local data dir', () => {
    expect(existsSync(dataDir)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['cdk-outputs.json', 's3', 'subscribers.csv']);
  });

  it('says which outputs a bad file lacks, in one line', async () => {
    const partial = join(dir, 'partial.json');
    writeFileSync(partial, JSON.stringify({ NewsletterDigestStateful: { SubscribersTableName: 'x' } }));
    const result = await runCli(['subscribers', 'list', '--stack-outputs', partial], { env, cwd: dir });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /^digest: .*partial\.json lacks DeliveriesTableName, BriefingsTableName, .*TokenSecretArn: deploy every stack/,
    );
    expect(result.stderr.split('\n')).toHaveLength(2);
    rmSync(partial);

    const garbled = join(dir, 'garbled.json');
    const stateless = { ...standIns.outputs.NewsletterDigestStateless!, ConfiguredLists: '[{"name": ' };
    writeFileSync(garbled, JSON.stringify({ ...standIns.outputs, NewsletterDigestStateless: stateless }));
    const refused = await runCli(['lists', 'list', '--stack-outputs', garbled], { env, cwd: dir });
    rmSync(garbled);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      /^digest: the ConfiguredLists output in .*garbled\.json is not what the stack writes/,
    );
    expect(refused.stderr.split('\n')).toHaveLength(2);
  });
});
