/**
 * The schedule Lambda as AWS runs it: the exported `handler` of functions/handlers/schedule.ts, built from its
 * environment by the composition root (handlers/runtime/schedule.ts) against the stand-ins of the deployed service
 * (dynalite with the synthesized tables, s3rver, fauxqs, aws-ses-v2-local, Secrets Manager). The list's record in the
 * lists table sets its maximum item age and its time zone; the issue must follow both, as `digest briefing` does.
 *
 * The Lambda's fetcher refuses loopback addresses, so the feed is a dropped object in the archive bucket (`s3://…`),
 * which the schedule function reads with S3. The function reaches S3 through a fault proxy (test/support), so that a
 * test can make the archive refuse the issue.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DynamoBriefingStore } from '../../functions/adapters/dynamo-briefing-store.js';
import { DynamoListStore } from '../../functions/adapters/dynamo-list-store.js';
import { DynamoSubscriberStore } from '../../functions/adapters/dynamo-subscriber-store.js';
import { S3IssueArchive } from '../../functions/adapters/s3-issue-archive.js';
import { newList } from '../../functions/core/newsletter-list.js';
import { importedSubscriber } from '../../functions/core/subscription.js';
import {
  type DeployedStandIns,
  lambdaEnvironment,
  type OwnSendQueue,
  standInS3Client,
  startDeployedStandIns,
  startOwnSendQueue,
} from '../support/deployed-stand-ins.js';
import { captureLogs, captureSettledLogs, jsonLines } from '../support/log-capture.js';
import { type S3FaultProxy, startS3FaultProxy } from '../support/s3-fault-proxy.js';

const saved = { ...process.env };
let dir: string;
let aws: DeployedStandIns;
let s3: S3Client;
let s3Proxy: S3FaultProxy;
let sendQueue: OwnSendQueue | undefined;

const HOUR = 3_600_000;
const LIST = 'tideline';

// What the feed carries of each story: the page itself is out of reach (a `.invalid` host), so the item's own
// content is the article, as for a feed that publishes whole stories.
const FRESH = [
  'The night ferry to the outer islands sailed again on Tuesday after a winter of repairs to its car deck.',
  'The crossing takes three hours and the ferry will run four nights a week until the end of March.',
  '"We have missed the late boat more than anyone expected," said harbour master Ines Dahl, who met the first arrivals.',
  'Island shops said deliveries of fresh bread would resume on Wednesday morning.',
];
const OLDER = [
  'The old keepers’ cottage at the north light opened as a small museum at the weekend.',
  'Volunteers spent two years restoring the kitchen, the lamp room stairs and the logbooks of four generations.',
  '"Every storm of the last century is written down in these books," said curator Pavel Ruud.',
  'The museum is open on Saturdays from April to October.',
];

/** A confirmed reader on the list: an issue that goes out by itself needs someone to go to. */
async function reader(list: string, at: string): Promise<void> {
  await new DynamoSubscriberStore(aws.documentClient, aws.tables.subscribers).put(
    importedSubscriber(`reader@${list}.example.org`, list, at),
  );
}

async function drop(key: string, body: string | Uint8Array, type: string): Promise<string> {
  await s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body, ContentType: type }));
  return `s3://${aws.bucket}/${key}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'digest-schedule-lambda-'));
  aws = await startDeployedStandIns(dir);
  s3 = standInS3Client(aws);
  s3Proxy = await startS3FaultProxy(aws.endpoints.s3);
  sendQueue = await startOwnSendQueue('schedule-send');
  const queueUrl = sendQueue.queueUrl;
  Object.assign(process.env, lambdaEnvironment(aws), {
    AWS_ENDPOINT_URL_S3: s3Proxy.url,
    AWS_ENDPOINT_URL_SQS: new URL(queueUrl).origin,
    SEND_QUEUE_URL: queueUrl,
  });
  delete process.env.DIGEST_LISTS;
  // The stand-ins' environment silences the logger; the last test reads what an operator sees in CloudWatch.
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
}, 120_000);

afterAll(async () => {
  process.env = saved;
  s3?.destroy();
  await sendQueue?.close();
  await s3Proxy?.close();
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('follows the list record: items older than its maximum age stay out, bylines are in its time zone', async () => {
  // Run at the real time, as the Lambda does: one item an hour old, one four days old.
  const now = Date.now();
  const fresh = new Date(now - HOUR);
  const older = new Date(now - 4 * 24 * HOUR);
  const freshUrl = 'https://island-post.invalid/night-ferry';
  const olderUrl = 'https://island-post.invalid/lighthouse-museum';
  const item = (title: string, url: string, at: Date, paragraphs: string[]) =>
    `<item><title>${title}</title><link>${url}</link><guid>${url}</guid><pubDate>${at.toUTCString()}</pubDate>` +
    `<content:encoded><![CDATA[${paragraphs.map((p) => `<p>${p}</p>`).join('')}]]></content:encoded></item>`;
  const feedUrl = await drop(
    'drops/tideline.rss',
    `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Island Post</title>${item('Night ferry', freshUrl, fresh, FRESH)}${item('Lighthouse museum', olderUrl, older, OLDER)}</channel></rss>`,
    'application/rss+xml',
  );
  const at = new Date(now).toISOString();
  await new DynamoListStore(aws.documentClient, aws.tables.lists).create(
    newList(LIST, 'The Tideline', { maxItemAgeDays: 2, timeZone: 'Asia/Tokyo' }, at),
  );
  await reader(LIST, at);
  await new DynamoBriefingStore(aws.documentClient, aws.tables.briefings).addSource(LIST, feedUrl, at);

  const { handler } = await import('../../functions/handlers/schedule.js');
  const context = { awsRequestId: 'req-schedule', functionName: 'schedule' } as Context;
  const result = await handler({ list: LIST, scheduledTime: new Date(now).toISOString() }, context);
  expect(result).toMatchObject({ list: LIST, outcome: 'sent', failedSources: [] });

  const archived = await new S3IssueArchive(s3, aws.bucket).get(result.issueId!);
  expect(archived?.issue.stories.map((s) => s.url)).toEqual([freshUrl]);
  // 2 days, the list's own maximum: the four-day-old item never reached the issue (7 by default would take it).
  const html = archived!.rendered.html;
  expect(html).toContain('The Tideline');
  const tokyo = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Asia/Tokyo',
  }).format(fresh);
  expect(html).toMatch(new RegExp(`${tokyo} GMT\\+9`));
}, 120_000);

it('reads a dropped feed in the charset its XML prolog declares (Windows-1252), not as UTF-8', async () => {
  const now = Date.now();
  const url = 'https://island-post.invalid/cafe-reopens';
  const story = [
    'The harbour café on Quay Street reopened on Monday after a fire closed it for six months.',
    'Owner Marta Soler rebuilt the kitchen and kept the old counter, which survived the fire with a scorch mark.',
    '“We wanted people to recognise the place when they walked in,” Soler said on the first morning.',
    'The café opens at seven every day except Sunday.',
  ];
  const xml =
    '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Island Post</title>' +
    `<item><title>Harbour café reopens</title><link>${url}</link><guid>${url}</guid><pubDate>${new Date(now - HOUR).toUTCString()}</pubDate>` +
    `<content:encoded><![CDATA[${story.map((p) => `<p>${p}</p>`).join('')}]]></content:encoded></item></channel></rss>`;
  // Windows-1252 bytes: é is 0xE9, the curly quotes 0x93 and 0x94 (invalid as UTF-8)
  const bytes = Uint8Array.from([...xml].map((c) => ({ '“': 0x93, '”': 0x94 })[c] ?? c.charCodeAt(0)));
  // S3's default type, as an upload without one gets: the document's own declaration decides
  const feedUrl = await drop('drops/cafe.rss', bytes, 'binary/octet-stream');
  const list = 'quayside';
  const at = new Date(now).toISOString();
  await new DynamoListStore(aws.documentClient, aws.tables.lists).create(newList(list, 'Quayside', {}, at));
  await reader(list, at);
  await new DynamoBriefingStore(aws.documentClient, aws.tables.briefings).addSource(list, feedUrl, at);

  const { handler } = await import('../../functions/handlers/schedule.js');
  const context = { awsRequestId: 'req-schedule-1252', functionName: 'schedule' } as Context;
  const result = await handler({ list, scheduledTime: new Date(now).toISOString() }, context);
  expect(result).toMatchObject({ list, outcome: 'sent', failedSources: [] });
  const archived = await new S3IssueArchive(s3, aws.bucket).get(result.issueId!);
  const [first] = archived!.issue.stories;
  expect(first?.title).toBe('Harbour café reopens');
  expect(first?.allQuotes.map((q) => [q.text, q.speaker])).toEqual([
    ['We wanted people to recognise the place when they walked in,', 'Marta Soler'],
  ]);
}, 120_000);

it('logs each skipped item and each re-dated one, with the list, the source, the item and the reason', async () => {
  const now = Date.now();
  const list = 'breakwater';
  const item = (title: string, url: string, at: string, body: string) =>
    `<item><title>${title}</title><link>${url}</link><guid>${url}</guid><pubDate>${at}</pubDate>` +
    `<content:encoded><![CDATA[${body}]]></content:encoded></item>`;
  const paragraphs = (ps: string[]) => ps.map((p) => `<p>${p}</p>`).join('');
  const freshUrl = 'https://island-post.invalid/ferry-timetable';
  const aheadUrl = 'https://island-post.invalid/museum-opening';
  // Too short to summarise, and its page is out of reach: skipped. An address in its link never reaches the log:
  // the logger masks the address, and only the address, so that the entry still says which item it was.
  const shortUrl = 'https://island-post.invalid/letters?from=reader@example.org';
  const feedUrl = await drop(
    'drops/breakwater.rss',
    '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Island Post</title>' +
      item('Ferry timetable', freshUrl, new Date(now - HOUR).toUTCString(), paragraphs(FRESH)) +
      item('Museum opening', aheadUrl, 'Thu, 01 Jan 2099 00:00:00 GMT', paragraphs(OLDER)) +
      item('Letters', shortUrl, new Date(now - HOUR).toUTCString(), '<p>See you there.</p>') +
      '</channel></rss>',
    'application/rss+xml',
  );
  const at = new Date(now).toISOString();
  await new DynamoListStore(aws.documentClient, aws.tables.lists).create(newList(list, 'Breakwater', {}, at));
  await reader(list, at);
  await new DynamoBriefingStore(aws.documentClient, aws.tables.briefings).addSource(list, feedUrl, at);

  const { handler } = await import('../../functions/handlers/schedule.js');
  const context = { awsRequestId: 'req-schedule-items', functionName: 'schedule' } as Context;
  const { result, output } = await captureLogs(() =>
    handler({ list, scheduledTime: new Date(now).toISOString() }, context),
  );
  expect(result).toMatchObject({ list, outcome: 'sent', failedSources: [] });
  const archived = await new S3IssueArchive(s3, aws.bucket).get(result.issueId!);
  expect(archived?.issue.stories.map((s) => s.url).sort()).toEqual([aheadUrl, freshUrl].sort());

  const entries = jsonLines(output).filter((e) => e.function_request_id === 'req-schedule-items');
  const skipped = entries.filter((e) => e.event === 'briefing-item-skipped');
  const notes = entries.filter((e) => e.event === 'briefing-item-note');
  expect(skipped).toEqual([
    expect.objectContaining({
      level: 'WARN',
      list,
      source: feedUrl,
      item: 'https://island-post.invalid/letters?from=r***@example.org',
      reason: expect.stringMatching(/\S/),
    }),
  ]);
  expect(notes).toEqual([
    expect.objectContaining({
      level: 'INFO',
      list,
      source: feedUrl,
      item: aheadUrl,
      reason: expect.stringMatching(
        /^dated 2099-01-01T00:00:00(\.000)?Z, more than \d+ days? ahead of .*: read as undated$/,
      ),
    }),
  ]);
  expect(output).not.toContain('reader@example.org');
}, 120_000);

it('a run that fails after it skipped an item and met a failed source still logs both (S3 refuses to archive the issue)', async () => {
  const now = Date.now();
  const list = 'seawall';
  const goodUrl = 'https://island-post.invalid/ferry-returns';
  // Too short to summarise, and its page is out of reach: skipped while the sources are read.
  const shortUrl = 'https://island-post.invalid/notice-board';
  const item = (title: string, url: string, body: string) =>
    `<item><title>${title}</title><link>${url}</link><guid>${url}</guid><pubDate>${new Date(now - HOUR).toUTCString()}</pubDate>` +
    `<content:encoded><![CDATA[${body}]]></content:encoded></item>`;
  const feedUrl = await drop(
    'drops/seawall.rss',
    '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Island Post</title>' +
      item('Ferry returns', goodUrl, FRESH.map((p) => `<p>${p}</p>`).join('')) +
      item('Notice board', shortUrl, '<p>See you there.</p>') +
      '</channel></rss>',
    'application/rss+xml',
  );
  const at = new Date(now).toISOString();
  await new DynamoListStore(aws.documentClient, aws.tables.lists).create(newList(list, 'Seawall', {}, at));
  await reader(list, at);
  const sources = new DynamoBriefingStore(aws.documentClient, aws.tables.briefings);
  await sources.addSource(list, feedUrl, at);
  // A second feed that is not there: a failed source, which is no error of the run.
  const missingUrl = `s3://${aws.bucket}/drops/seawall-missing.rss`;
  await sources.addSource(list, missingUrl, at);

  const { handler } = await import('../../functions/handlers/schedule.js');
  const context = { awsRequestId: 'req-schedule-fails', functionName: 'schedule' } as Context;
  // The issue is composed from the good item, then the archive refuses it: the run throws (Scheduler retries).
  s3Proxy.refuse({ method: 'PUT', keyPrefix: 'issues/' });
  const { outcome, output } = await captureSettledLogs(() =>
    handler({ list, scheduledTime: new Date(now).toISOString() }, context),
  ).finally(() => s3Proxy.refuse(null));
  expect(outcome.status).toBe('rejected');
  expect(s3Proxy.refused.some((r) => r.startsWith('PUT issues/'))).toBe(true);

  const entries = jsonLines(output).filter((e) => e.function_request_id === 'req-schedule-fails');
  expect(entries.filter((e) => e.event === 'briefing-item-skipped')).toEqual([
    expect.objectContaining({
      level: 'WARN',
      list,
      source: feedUrl,
      item: shortUrl,
      reason: expect.stringMatching(/\S/),
    }),
  ]);
  expect(entries.filter((e) => e.event === 'briefing-source-failed')).toEqual([
    expect.objectContaining({ level: 'ERROR', list, source: missingUrl, error: expect.stringMatching(/\S/) }),
  ]);
}, 120_000);

it('a list nobody on which can be mailed: nothing is sent, archived or recorded, and the run logs why (warn)', async () => {
  const now = Date.now();
  const list = 'lockkeeper';
  const url = 'https://island-post.invalid/lock-gates';
  const feedUrl = await drop(
    'drops/lockkeeper.rss',
    '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Island Post</title>' +
      `<item><title>Lock gates</title><link>${url}</link><guid>${url}</guid><pubDate>${new Date(now - HOUR).toUTCString()}</pubDate>` +
      `<content:encoded><![CDATA[${FRESH.map((p) => `<p>${p}</p>`).join('')}]]></content:encoded></item></channel></rss>`,
    'application/rss+xml',
  );
  const at = new Date(now).toISOString();
  await new DynamoListStore(aws.documentClient, aws.tables.lists).create(newList(list, 'Lockkeeper', {}, at));
  const store = new DynamoBriefingStore(aws.documentClient, aws.tables.briefings);
  await store.addSource(list, feedUrl, at);

  const { handler } = await import('../../functions/handlers/schedule.js');
  const context = { awsRequestId: 'req-schedule-nobody', functionName: 'schedule' } as Context;
  const scheduledTime = new Date(now).toISOString();
  const { result, output } = await captureLogs(() => handler({ list, scheduledTime }, context));
  expect(result).toMatchObject({
    list,
    outcome: 'no-recipients',
    issueId: null,
    detail: `nothing sent for ${list}: no confirmed subscriber can be mailed (the list has none); its stories wait for a briefing with a reader`,
  });
  const entries = jsonLines(output).filter((e) => e.function_request_id === 'req-schedule-nobody');
  // The run's summary (its progress lines are `briefing` entries too, with a message and no outcome).
  expect(entries.filter((e) => e.event === 'briefing' && e.outcome)).toEqual([
    expect.objectContaining({ level: 'WARN', outcome: 'no-recipients', detail: result.detail }),
  ]);
  // Nothing claimed, archived or recorded; the window says why, and a later run of it takes it over.
  expect(await store.getWindow(list, result.window!)).toMatchObject({
    status: 'no-recipients',
    note: expect.stringMatching(/^no confirmed subscriber can be mailed/),
  });
  expect(await store.recentlySent(list)).toEqual([]);
  expect(await store.getLastIssue(list)).toBeNull();
  expect(await new S3IssueArchive(s3, aws.bucket).listByList(list)).toEqual([]);

  // Its stories waited: once the list has a reader, the same window sends them.
  await reader(list, at);
  const sent = await handler({ list, scheduledTime }, context);
  expect(sent).toMatchObject({ outcome: 'sent' });
  const archived = await new S3IssueArchive(s3, aws.bucket).get(sent.issueId!);
  expect(archived?.issue.stories.map((s) => s.url)).toEqual([url]);
}, 120_000);
