/**
 * What one view of the console's Issues list reads from DynamoDB, counted in requests through the client's
 * middleware (test/support/dynamo-request-log.ts) on in-process dynalite, with the console served by a real HTTP
 * server. Each sent issue shown carries its "Not delivered" flag (failed, unknown, stalled), which was a pass over
 * all of the issue's delivery records at every view: about 200 Queries for a list of 10,000 readers. The ledger now
 * keeps each settled issue's counts by status (docs/delivery.md, "Counts kept for settled issues"), so a view reads
 * them in one BatchGetItem, whatever the size of the list; a change to a record shows at the next view.
 *
 * The data set is fixed, so the counts are too. `ISSUES_LIST_RECIPIENTS=10000 ISSUES_LIST_ISSUES=10` measures a
 * real-sized list (docs/performance-notes.md).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoDeliveryLedger,
  LOCAL_DELIVERIES_TABLE,
} from '../../functions/adapters/dynamo-delivery-ledger.js';
import { FileIssueArchive } from '../../functions/adapters/file-issue-archive.js';
import type { startLocalHttpServer } from '../../functions/adapters/local-http-server.js';
import { renderIssue } from '../../functions/adapters/render-issue.js';
import { DEFAULT_SUBSCRIBERS_TABLE, type LocalDeps } from '../../functions/cli/local-deps.js';
import { followDelivery } from '../../functions/use-cases/issue-stats.js';
import { settableClock } from '../support/clock.js';
import { consoleClient } from '../support/console-client.js';
import { type DynamoRequestLog, logDynamoRequests } from '../support/dynamo-request-log.js';
import { startLocalConsole } from '../support/local-console.js';
import { RENDER_OPTIONS, sampleIssue, sampleStory } from '../support/sample-issue.js';

const SECRET = 'issues-list-reads-secret-0123456789';
/** Three ledger pages of 500 records for each issue (the last one partial). */
const RECIPIENTS = Number(process.env.ISSUES_LIST_RECIPIENTS ?? 1_100);
const ISSUES = Number(process.env.ISSUES_LIST_ISSUES ?? 4);
const TABLE = LOCAL_DELIVERIES_TABLE;
const clock = settableClock('2026-12-02T08:00:00Z');
const address = (i: number) => `reader${String(i).padStart(5, '0')}@harbour.example`;
const issueId = (n: number) => `20261201-issue${n}`;

let dataDir: string;
let deps: LocalDeps;
let log: DynamoRequestLog;
let server: Awaited<ReturnType<typeof startLocalHttpServer>>;
let cookie: string;
/** Another sender's ledger (a process of its own) on the same clock. */
let other: DynamoDeliveryLedger;
const client = consoleClient(() => server.url);

/** The records of a delivery that went out to everyone, written as the ledger writes a sent record. */
async function sentRecords(id: string, from: number, to: number): Promise<void> {
  const at = '2026-12-01T08:00:00.000Z';
  const items = [];
  for (let i = from; i < to; i++)
    items.push({
      pk: `ISSUE#${id}`,
      sk: `RCPT#${address(i)}`,
      issueId: id,
      recipient: address(i),
      list: 'default',
      deliveryId: `${id}.${i}`,
      status: 'sent',
      owner: 'local:test:1:seed',
      leaseUntil: Date.parse(at) + 60_000,
      attempts: 1,
      sesMessageId: `ses-${id}-${i}`,
      retryable: false,
      updatedAt: at,
      tracked: false,
    });
  for (let i = 0; i < items.length; i += 25)
    await deps.dynamo.client.send(
      new BatchWriteCommand({
        RequestItems: { [TABLE]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
}

const owner = 'local:elsewhere:4242:run';
const past = () => new Date(clock.now().getTime() - 3_600_000);

/** Through the ledger, as a sender writes them: one failed for good, one unknown, one stalled (its sender gone). */
async function undelivered(id: string): Promise<void> {
  const claim = (i: number, leaseUntil: number) =>
    other.claim({
      issueId: id,
      recipient: address(i),
      list: 'default',
      deliveryId: `${id}.${i}`,
      owner,
      leaseUntil,
      at: past(),
    });
  const key = (i: number) => ({ issueId: id, recipient: address(i), owner });
  await claim(RECIPIENTS, past().getTime());
  await other.markFailed(key(RECIPIENTS), 'MessageRejected: address is not verified', false, past());
  await claim(RECIPIENTS + 1, past().getTime());
  await other.markSending(key(RECIPIENTS + 1), past());
  await other.markUnknown(key(RECIPIENTS + 1), 'the answer was lost', past());
  await claim(RECIPIENTS + 2, past().getTime());
}

/** The "Not delivered" cell of each sent issue on the Issues list. */
async function flags(): Promise<Map<string, string>> {
  const answer = await client.get('/admin/issues', cookie);
  expect(answer.status).toBe(200);
  const html = await answer.text();
  const shown = new Map<string, string>();
  for (const row of html.matchAll(/<tr><td><a href="\/admin\/issues\/([^/"]+)\/progress">.*?<\/tr>/g)) {
    const cell = /#undelivered"><span aria-hidden="true">⚠ <\/span>([^<]*)<\/a>/.exec(row[0]);
    shown.set(row[1]!, cell?.[1] ?? 'none');
  }
  return shown;
}

/** Eleven minutes on: the hold a sender took on the issues it wrote to (ten minutes) has run out. */
const later = () => {
  clock.at = new Date(clock.now().getTime() + 11 * 60_000);
};

const ledgerReads = () =>
  log.count({ operation: 'Query', table: TABLE }) + log.count({ operation: 'BatchGetItem', table: TABLE });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'digest-issues-list-'));
  const started = await startLocalConsole(dataDir, clock, SECRET);
  ({ deps, server } = started);
  const key = started.key;
  other = new DynamoDeliveryLedger(deps.dynamo.client, TABLE, { wallClock: () => clock.now().getTime() });
  const archive = new FileIssueArchive(dataDir);
  for (let n = 0; n < ISSUES; n++) {
    const issue = sampleIssue([sampleStory(n % 3)], {
      id: issueId(n),
      list: 'default',
      createdAt: `2026-12-01T0${n % 10}:00:00.000Z`,
    });
    await archive.put({ issue, rendered: renderIssue(issue, RENDER_OPTIONS) });
    await sentRecords(issue.id, 0, RECIPIENTS);
  }
  await undelivered(issueId(1));
  later();
  cookie = (await client.signIn(key)).cookie ?? '';
  expect(cookie).not.toBe('');
  log = logDynamoRequests(deps.dynamo.client);
}, 600_000);

afterAll(async () => {
  await server?.close();
  await deps?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the Issues list', () => {
  it('reads the counts of the issues it shows in one request, whatever the size of the list', async () => {
    const expected = new Map(Array.from({ length: ISSUES }, (_, n) => [issueId(n), 'none']));
    expected.set(issueId(1), '1 failed · 1 unknown · 1 stalled');

    log.clear();
    expect(await flags()).toEqual(expected);
    const first = ledgerReads();
    log.clear();
    expect(await flags()).toEqual(expected);
    const second = ledgerReads();
    console.log(
      `Issues list, ${ISSUES} issues of ${RECIPIENTS} recipients: first view ${first} ledger reads, then ${second} ` +
        `(${log.requests.length} DynamoDB requests in all)`,
    );
    // The first view counts each issue once (a pass over its records) and keeps the counts; every view after it
    // reads them, at most 100 issues to a BatchGetItem, and no record.
    expect(first).toBeLessThanOrEqual(1 + ISSUES * Math.ceil((RECIPIENTS + 3) / 500));
    expect(second).toBe(Math.ceil(ISSUES / 100));
    expect(log.count({ operation: 'Query', table: TABLE })).toBe(0);
  }, 120_000);

  it('shows each change to a record at the next view: a resume, SES events, a forgotten reader, a new claim', async () => {
    const id = issueId(1);
    // Each change comes after the counts were kept (a view once the last sender's hold ran out).
    const kept = async () => {
      later();
      await flags();
    };
    await kept();
    // A resume takes the stalled record over: its claim is live, so the issue is counted from its records.
    const now = clock.now();
    const stalled = address(RECIPIENTS + 2);
    const resumed = { issueId: id, recipient: stalled, owner: 'local:elsewhere:4243:resume' };
    const taken = await other.takeOver({
      ...resumed,
      expected: { status: 'claimed', owner },
      leaseUntil: now.getTime() + 60_000,
      at: now,
    });
    expect(taken?.status).toBe('claimed');
    expect((await flags()).get(id)).toBe('1 failed · 1 unknown');
    await other.markSending(resumed, now);
    await other.markSent(resumed, 'ses-resumed', now);
    expect((await flags()).get(id)).toBe('1 failed · 1 unknown');

    const event = async (i: number, kind: 'send' | 'reject') =>
      other.recordEvent({
        issueId: id,
        recipient: address(i),
        deliveryId: (await other.get(id, address(i)))!.deliveryId,
        kind,
        sesMessageId: `ses-${kind}`,
        at: clock.now(),
      });
    // The SES Send event of the lost answer: SES had the mail.
    await kept();
    expect(await event(RECIPIENTS + 1, 'send')).toBe(true);
    expect((await flags()).get(id)).toBe('1 failed');
    // SES rejects a mail it had accepted.
    await kept();
    expect(await event(0, 'reject')).toBe(true);
    expect((await flags()).get(id)).toBe('2 failed');
    // The reader who was failed for good asks to be forgotten: their record goes.
    await kept();
    expect(await other.forgetRecipient(address(RECIPIENTS))).toBe(1);
    expect((await flags()).get(id)).toBe('1 failed');
    // A sender that went away left a claim on another issue.
    await kept();
    await other.claim({
      issueId: issueId(2),
      recipient: address(RECIPIENTS + 5),
      list: 'default',
      deliveryId: `${issueId(2)}.x`,
      owner,
      leaseUntil: clock.now().getTime() + 60_000,
      at: clock.now(),
    });
    expect((await flags()).get(issueId(2))).toBe('none');
    later();
    expect((await flags()).get(issueId(2))).toBe('1 stalled');

    log.clear();
    const shown = await flags();
    expect(shown.get(id)).toBe('1 failed');
    expect(shown.get(issueId(2))).toBe('1 stalled');
    expect(log.count({ operation: 'Query', table: TABLE })).toBe(0);
  }, 120_000);

  it('keeps nothing while a sender may still be writing: its hold has not run out', async () => {
    const id = issueId(3);
    await other.claim({
      issueId: id,
      recipient: address(RECIPIENTS + 7),
      list: 'default',
      deliveryId: `${id}.x`,
      owner,
      leaseUntil: past().getTime(),
      at: past(),
    });
    expect((await flags()).get(id)).toBe('1 stalled');
    log.clear();
    expect((await flags()).get(id)).toBe('1 stalled');
    // Counted from its records again, and only that issue.
    expect(log.count({ operation: 'Query', table: TABLE })).toBe(Math.ceil((RECIPIENTS + 1) / 1000));
    later();
    await flags();
    log.clear();
    expect((await flags()).get(id)).toBe('1 stalled');
    expect(log.count({ operation: 'Query', table: TABLE })).toBe(0);
  }, 120_000);
});

describe("an issue's progress page", () => {
  it('reads the counts kept, and no record, when everyone got the issue', async () => {
    const id = issueId(0);
    await flags();
    log.clear();
    const page = await (await client.get(`/admin/issues/${id}/progress`, cookie)).text();
    expect(page).toContain(`Done: sent ${RECIPIENTS}, failed 0, unknown 0`);
    expect(page).not.toContain('id="undelivered"');
    console.log(
      `progress page of ${RECIPIENTS} recipients: ${log.count({ operation: 'Query', table: TABLE })} Queries, ` +
        `${log.count({ operation: 'BatchGetItem', table: TABLE })} BatchGetItem, ${log.requests.length} requests in all`,
    );
    const json = (await (await client.get(`/admin/issues/${id}/progress.json`, cookie)).json()) as {
      done: number;
      total: number;
      text: string;
    };
    expect(json).toEqual({
      done: RECIPIENTS,
      total: RECIPIENTS,
      finished: true,
      text: `Done: sent ${RECIPIENTS}, failed 0, unknown 0`,
    });
    // Each view: the counts kept (one BatchGetItem) and the fan-out's count (one GetItem); before, the ledger's
    // counts and then the list of who did not get it were each a pass over the records.
    expect(log.count({ operation: 'Query', table: TABLE })).toBe(0);
    expect(log.count({ operation: 'BatchGetItem', table: TABLE })).toBe(2);
  }, 120_000);

  it('names who did not get it from one pass over the records', async () => {
    const id = issueId(1);
    log.clear();
    const page = await (await client.get(`/admin/issues/${id}/progress`, cookie)).text();
    expect(page).toContain('Done: sent');
    expect(page).toContain('failed 1, unknown 0');
    const table = /<table id="undelivered-recipients">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    expect(
      [...table.matchAll(/<tr data-outcome="(\w+)"><td class="wrap"><a [^>]*>([^<]+)<\/a>/g)].map((m) => [
        m[1],
        m[2],
      ]),
    ).toEqual([['failed', address(0)]]);
    expect(log.count({ operation: 'Query', table: TABLE })).toBe(Math.ceil((RECIPIENTS + 3) / 1000));
    // The progress JSON names nobody.
    const json = await (await client.get(`/admin/issues/${id}/progress.json`, cookie)).text();
    expect(json).not.toContain('@');
  }, 120_000);
});

describe('the stats pages', () => {
  it("read an issue's records once, and the subscribers' suppressions once for the issues side by side", async () => {
    log.clear();
    const one = await (await client.get(`/admin/stats/${issueId(0)}`, cookie)).text();
    expect(one).toContain(`<code>${issueId(0)}</code>`);
    console.log(
      `stats page of ${RECIPIENTS} recipients: ${log.count({ operation: 'Query', table: TABLE })} ledger Queries, ` +
        `${log.count({ operation: 'BatchGetItem', table: DEFAULT_SUBSCRIBERS_TABLE })} suppression BatchGetItems, ` +
        `${log.requests.length} requests in all`,
    );
    // One walk over the records (1,000 a page) gives the counts too, then the issue's clicks and test copies.
    expect(log.count({ operation: 'Query', table: TABLE })).toBe(Math.ceil(RECIPIENTS / 1000) + 2);

    log.clear();
    const side = await (await client.get('/admin/stats?list=default', cookie)).text();
    for (let n = 0; n < ISSUES; n++) expect(side).toContain(issueId(n));
    const batches = log.count({ operation: 'BatchGetItem', table: DEFAULT_SUBSCRIBERS_TABLE });
    console.log(
      `stats of ${ISSUES} issues side by side: ${log.count({ operation: 'Query', table: TABLE })} ledger Queries, ` +
        `${batches} suppression BatchGetItems, ${log.requests.length} requests in all`,
    );
    // The issues went to the same readers: their suppressions are read once (100 to a BatchGetItem), and the list's
    // unsubscribes once, not again for every issue.
    expect(batches).toBeGreaterThanOrEqual(Math.ceil(RECIPIENTS / 100));
    expect(batches).toBeLessThanOrEqual(Math.ceil(RECIPIENTS / 100) + 2);
    expect(log.count({ operation: 'Query', table: DEFAULT_SUBSCRIBERS_TABLE })).toBe(1);
  }, 120_000);
});

describe('digest stats --watch', () => {
  it('reads only the progress of the delivery at each turn, and the stats once it is finished', async () => {
    const id = issueId(3);
    const stalled = { issueId: id, recipient: address(RECIPIENTS + 7), owner };
    const local = deps;
    const statsDeps = {
      ledger: other,
      archive: new FileIssueArchive(dataDir),
      subscribers: local.subscribers,
    };
    const lines: string[] = [];
    const turns: { ledgerQueries: number; subscriberRequests: number }[] = [];
    let waits = 0;
    const stats = await followDelivery(statsDeps, id, {
      onProgress: (p) => {
        if (waits > 0)
          turns.push({
            ledgerQueries: log.count({ operation: 'Query', table: TABLE }),
            subscriberRequests: log.requests.filter((r) => r.table === DEFAULT_SUBSCRIBERS_TABLE).length,
          });
        lines.push(`sent ${p.sent}, ${p.inProgress} in progress`);
      },
      wait: async () => {
        waits++;
        // The second turn: its sender comes back and sends the stalled one.
        if (waits === 2) {
          await other.markSending(stalled, clock.now());
          await other.markSent(stalled, 'ses-late', clock.now());
        }
        log.clear();
      },
    });
    expect(lines).toEqual([`sent ${RECIPIENTS}, 1 in progress`, `sent ${RECIPIENTS}, 1 in progress`]);
    expect(stats).toMatchObject({ sent: RECIPIENTS + 1, inProgress: 0, recipients: RECIPIENTS + 1 });
    // A turn: the ledger's counts (1,000 records a Query) and the fan-out's count; nothing of the subscribers.
    expect(turns).toEqual([{ ledgerQueries: Math.ceil((RECIPIENTS + 1) / 1000), subscriberRequests: 0 }]);
  }, 120_000);
});
