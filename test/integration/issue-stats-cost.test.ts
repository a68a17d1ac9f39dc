/**
 * `digest stats` (and `--watch`, every 2 s, and the console) reads the numbers of an issue from
 * DynamoDB. Looking up a suppression for every recipient one request at a time made the stats of a
 * large issue take minutes against the deployed table. The bounce and complaint fallback now asks
 * for the suppressions of a ledger page in batches, and reads the few that exist.
 * Real dynalite behind a small counting HTTP proxy; the numbers are requests, not times.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDeliveryLedger } from '../../functions/adapters/dynamo-delivery-ledger.js';
import { DynamoSubscriberStore } from '../../functions/adapters/dynamo-subscriber-store.js';
import { FileIssueArchive } from '../../functions/adapters/file-issue-archive.js';
import { LOCAL_AWS, type LocalDynamo } from '../../functions/adapters/local-runtime.js';
import { renderIssue } from '../../functions/adapters/render-issue.js';
import { issueStats } from '../../functions/use-cases/issue-stats.js';
import { DELIVERIES_TABLE, openDeliveryTables, SUBSCRIBERS_TABLE } from '../support/delivery-world.js';
import { RENDER_OPTIONS, sampleIssue, sampleStory } from '../support/sample-issue.js';

const RECIPIENTS = 1_200;
const address = (i: number) => `reader${String(i).padStart(4, '0')}@example.net`;

let dataDir: string;
let tables: Awaited<ReturnType<typeof openDeliveryTables>>;
let dynamo: LocalDynamo;
let proxy: Server;
let counting: DynamoDBDocumentClient;
const requests = new Map<string, number>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'issue-stats-cost-'));
  tables = await openDeliveryTables(dataDir);
  dynamo = tables.dynamo;
  const target = new URL(dynamo.endpoint);
  proxy = createServer((req, res) => {
    const action =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '?';
    requests.set(action, (requests.get(action) ?? 0) + 1);
    const out = request(
      {
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(out);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  counting = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      ...LOCAL_AWS,
      endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
}, 60_000);

afterAll(async () => {
  counting?.destroy();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await dynamo?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the stats of a large issue', () => {
  it('read suppressions in batches, and still count a bounce and a complaint', async () => {
    const { ledger, subscribers } = tables;
    const archive = new FileIssueArchive(dataDir);
    const issue = sampleIssue([sampleStory(0)], { id: '20261203-statscost', list: 'default' });
    await archive.put({ issue, rendered: renderIssue(issue, RENDER_OPTIONS) });
    const sentAt = new Date('2026-12-03T08:00:00Z');
    const owner = 'local:test:1:stats';
    for (let i = 0; i < RECIPIENTS; i++) {
      const key = { issueId: issue.id, recipient: address(i), owner };
      await ledger.claim({
        ...key,
        list: 'default',
        deliveryId: `${issue.id}.${i}`,
        leaseUntil: sentAt.getTime() + 60_000,
        at: sentAt,
      });
      await ledger.markSending(key, sentAt, { tracked: false });
      await ledger.markSent(key, `ses-${i}`, sentAt);
    }
    const later = new Date('2026-12-03T09:00:00Z').toISOString();
    await subscribers.suppress(address(7), 'bounce', later);
    await subscribers.suppress(address(900), 'complaint', later);

    requests.clear();
    const stats = await issueStats(
      {
        ledger: new DynamoDeliveryLedger(counting, DELIVERIES_TABLE),
        archive,
        subscribers: new DynamoSubscriberStore(counting, SUBSCRIBERS_TABLE),
      },
      issue.id,
    );
    expect(stats).toMatchObject({ sent: RECIPIENTS, bounced: 1, complained: 1 });
    const total = [...requests.values()].reduce((a, b) => a + b, 0);
    // pages of the ledger (counts, and the walk) and of the list, a batch per 100 recipients, two reads
    expect(requests.get('GetItem') ?? 0).toBeLessThanOrEqual(10);
    expect(total).toBeLessThan(RECIPIENTS / 10);
  }, 180_000);
});
