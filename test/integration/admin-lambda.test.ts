/**
 * The admin console as the HTTP API serves it: the exported `handler` of functions/handlers/admin.ts, built
 * from its environment by the composition root (handlers/runtime/admin.ts), driven with API Gateway v2
 * (payload 2.0) events against the stand-ins of the deployed service (dynalite with the synthesized tables,
 * s3rver, fauxqs, aws-ses-v2-local behind the fault proxy, Secrets Manager). An editor signs in with the
 * deployed API key, composes an issue (its draft lands in the archive bucket), sends a test copy through
 * SES, and sends it (fanned out onto the send queue); a POST without the CSRF token changes nothing. A send that
 * SES partly refuses (the send worker Lambda on the queued jobs) is named on the stats page with the ledger's
 * reasons, and Resume fans it out again without sending anyone a second copy. Signing
 * out ends the session in the briefings table, so a copy of its cookie is refused; DynamoDB faults come from
 * the fault proxy in front of dynalite, through which the function reaches its tables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDeliveryLedger } from '../../functions/adapters/dynamo-delivery-ledger.js';
import { ENDED_SESSION_MARGIN_SECONDS } from '../../functions/core/admin-session.js';
import type { HttpResult } from '../../functions/handlers/http/types.js';
import { type AdminEventOptions, adminEvent, cookiesOf, csrfOf } from '../support/admin-event.js';
import { runCli } from '../support/cli.js';
import {
  CREDENTIALS,
  type DeployedStandIns,
  lambdaEnvironment,
  type OwnSendQueue,
  REGION,
  standInS3Client,
  startDeployedStandIns,
  startOwnSendQueue,
} from '../support/deployed-stand-ins.js';
import { type DynamoFaultProxy, startDynamoFaultProxy } from '../support/dynamo-fault-proxy.js';
import { captureLogs, jsonLines } from '../support/log-capture.js';
import { type S3FaultProxy, startS3FaultProxy } from '../support/s3-fault-proxy.js';

const saved = { ...process.env };
let dir: string;
let aws: DeployedStandIns;
let s3: S3Client;
let sqs: SQSClient;
let sendQueue: OwnSendQueue | undefined;
let dynamoProxy: DynamoFaultProxy;
let s3Proxy: S3FaultProxy;
let apiKey: string;
let handler: (event: APIGatewayProxyEventV2, context?: Context) => Promise<HttpResult>;

const ARTICLE = [
  'Harbour cranes return to the east quay',
  '',
  'Two harbour cranes that were taken down for repairs in the spring went back up on the east quay on Monday, the port authority said.',
  '"The quay has waited long enough for them," said harbour master Ines Dahl, who watched the first lift from the breakwater.',
  'The cranes will load timber and grain from next week, and the night shift returns in January.',
  'Dockers said the repairs had cost the port two months of its busiest season.',
].join('\n');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'digest-admin-lambda-'));
  aws = await startDeployedStandIns(dir);
  sendQueue = await startOwnSendQueue('admin-send');
  const queueUrl = sendQueue.queueUrl;
  const sqsEndpoint = new URL(queueUrl).origin;
  sqs = new SQSClient({ endpoint: sqsEndpoint, region: REGION, credentials: CREDENTIALS });
  s3 = standInS3Client(aws);
  const stateful = Object.values(aws.outputs)[0]!;
  const stateless = Object.values(aws.outputs)[1]!;
  apiKey = aws.secrets.get(stateful.ApiKeySecretArn!)!;
  dynamoProxy = await startDynamoFaultProxy(aws.endpoints.dynamodb);
  s3Proxy = await startS3FaultProxy(aws.endpoints.s3);
  Object.assign(process.env, lambdaEnvironment(aws), {
    AWS_ENDPOINT_URL_DYNAMODB: dynamoProxy.url,
    AWS_ENDPOINT_URL_S3: s3Proxy.url,
    DIGEST_UNSUBSCRIBE_MAILBOX: stateless.UnsubscribeMailbox,
    AWS_ENDPOINT_URL_SQS: sqsEndpoint,
    SEND_QUEUE_URL: queueUrl,
    API_KEY_SECRET_ARN: stateful.ApiKeySecretArn,
  });
  delete process.env.DIGEST_LISTS;
  // The stand-ins' environment silences the logger; a test reads what an operator sees in CloudWatch.
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  ({ handler } = (await import('../../functions/handlers/admin.js')) as unknown as {
    handler: typeof handler;
  });
}, 120_000);

afterAll(async () => {
  process.env = saved;
  s3?.destroy();
  sqs?.destroy();
  await sendQueue?.close();
  await dynamoProxy?.close();
  await s3Proxy?.close();
  await aws?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Each test comes from a client address of its own: sign-in allows 10 attempts per address in any 15 minutes,
 * and tests sharing one address would spend each other's attempts, so a test that signs in would fail for a
 * reason unrelated to it once the others had signed in often enough. The throttle bites only where a test
 * spends an address's attempts on purpose.
 */
let client = '';
let clients = 0;
beforeEach(() => {
  clients += 1;
  client = `198.51.100.${clients}`;
});

/** An API Gateway HTTP API (payload 2.0) event for `ANY /admin/{proxy+}`, from this test's address unless given. */
function event(
  method: 'GET' | 'POST',
  path: string,
  options: Omit<AdminEventOptions, 'client'> & { client?: string } = {},
): APIGatewayProxyEventV2 {
  return adminEvent(method, path, { client, ...options });
}

/**
 * The send jobs of one issue waiting on the queue, as the send worker Lambda receives them. Jobs of other issues
 * that earlier tests left there are received too (and come back after their visibility timeout), never processed.
 */
async function queuedJobs(issueId: string, expected: number): Promise<SQSRecord[]> {
  const records: SQSRecord[] = [];
  for (let poll = 0; poll < 20 && records.length < expected; poll++) {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: process.env.SEND_QUEUE_URL,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    for (const m of received.Messages ?? [])
      if ((JSON.parse(m.Body ?? '{}') as { issueId?: string }).issueId === issueId)
        records.push({
          messageId: m.MessageId!,
          receiptHandle: m.ReceiptHandle!,
          body: m.Body!,
        } as SQSRecord);
  }
  expect(records).toHaveLength(expected);
  return records;
}

/** The version the editor's Send now form carries (its Schedule form carries the same). */
function versionOf(page: HttpResult): string {
  const form = /<form[^>]*action="[^"]+\/send"[^>]*>([\s\S]*?)<\/form>/.exec(page.body ?? '')?.[1] ?? '';
  const version = /name="version" value="(\d+)"/.exec(form)?.[1];
  if (version === undefined) throw new Error('the page has no Send now form');
  return version;
}

async function readDraft(
  id: string,
): Promise<{ status: string; issue: { audit?: { op: string }[] } } | null> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: `drafts/${id}.json` }));
    return JSON.parse((await out.Body?.transformToString('utf8')) ?? 'null');
  } catch {
    return null;
  }
}

describe('the admin function behind the HTTP API', () => {
  let session: string[] = [];

  /** An issue composed in the console from one article text: its id, and the CSRF token of the session. */
  async function composeFrom(text: string): Promise<{ id: string; csrf: string }> {
    const csrf = csrfOf(await handler(event('GET', '/admin/issues/new', { cookies: session })));
    const composed = await handler(
      event('POST', '/admin/issues', { cookies: session, form: { _csrf: csrf, list: 'default', text } }),
    );
    const id = /^\/admin\/issues\/([^/#]+)$/.exec(String(composed.headers?.location ?? ''))?.[1];
    if (!id) throw new Error(`composing failed: ${composed.statusCode} ${composed.body}`);
    return { id, csrf };
  }

  function editorOf(id: string): Promise<HttpResult> {
    return handler(event('GET', `/admin/issues/${id}`, { cookies: session }));
  }

  it('sends a visitor without a session to sign-in, and a POST without one gets 401', async () => {
    const page = await handler(event('GET', '/admin/issues'));
    expect(page.statusCode).toBe(303);
    expect(page.headers?.location).toBe('/admin/sign-in');
    const post = await handler(event('POST', '/admin/issues', { form: { list: 'default', text: ARTICLE } }));
    expect(post.statusCode).toBe(401);
  });

  it('signs in with the deployed API key: a Secure, HttpOnly, SameSite=Strict __Host- cookie', async () => {
    const form = await handler(event('GET', '/admin/sign-in'));
    expect(form.statusCode).toBe(200);
    expect(form.headers?.['content-security-policy']).toContain("frame-ancestors 'none'");
    const nonce = cookiesOf(form);
    const wrong = await handler(
      event('POST', '/admin/sign-in', { cookies: nonce, form: { _csrf: csrfOf(form), key: 'not-the-key' } }),
    );
    expect(wrong.statusCode).toBe(403);
    const signedIn = await handler(
      event('POST', '/admin/sign-in', { cookies: nonce, form: { _csrf: csrfOf(form), key: apiKey } }),
    );
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers?.location).toBe('/admin/issues');
    const set = (signedIn.cookies ?? []).find((c) => c.startsWith('__Host-digest_admin='));
    expect(set).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    session = cookiesOf(signedIn).filter((c) => c.startsWith('__Host-digest_admin='));
    expect(session).toHaveLength(1);

    const issues = await handler(event('GET', '/admin/issues', { cookies: session }));
    expect(issues.statusCode).toBe(200);
    expect(issues.body).toContain('<h1>Issues</h1>');
    expect(issues.headers?.['referrer-policy']).toBe('no-referrer');
  });

  it('throttles sign-in per client address: the eleventh attempt gets 429 and says how long to wait', async () => {
    const attempt = async (key: string, client?: string) => {
      const form = await handler(event('GET', '/admin/sign-in', client ? { client } : {}));
      return handler(
        event('POST', '/admin/sign-in', {
          ...(client ? { client } : {}),
          cookies: cookiesOf(form),
          form: { _csrf: csrfOf(form), key },
        }),
      );
    };
    for (let i = 0; i < 10; i++) expect((await attempt(`wrong-key-${i}-0123456789`)).statusCode).toBe(403);
    // Even the right key waits until the oldest attempt leaves the window: the page and Retry-After say how long.
    const refused = await attempt(apiKey);
    expect(refused.statusCode).toBe(429);
    expect(refused.cookies?.some((c) => c.startsWith('__Host-digest_admin='))).toBe(false);
    const seconds = Number(refused.headers?.['retry-after']);
    expect(Number.isInteger(seconds) && seconds > 0 && seconds <= 15 * 60).toBe(true);
    const minutes = Math.ceil(seconds / 60);
    expect(refused.body).toMatch(new RegExp(`Wait ${minutes} minutes? and try again`));
    // The attempts are counted per address, in the briefings table: another client still signs in.
    expect((await attempt(apiKey, '192.0.2.200')).statusCode).toBe(303);
  });

  it('on https the sign-in nonce is a __Host- cookie: one tossed in by a sibling subdomain signs nobody in', async () => {
    // Login CSRF through cookie tossing: a page on another subdomain can set `digest_admin_signin` for the
    // whole domain, then post the sign-in form (with the attacker's key and the token that goes with the
    // attacker's own nonce). A __Host- cookie can only come from this host, over https, for `/`.
    const form = await handler(event('GET', '/admin/sign-in'));
    const set = (form.cookies ?? []).find((c) => c.includes('digest_admin_signin='));
    expect(set).toMatch(
      /^__Host-digest_admin_signin=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict; Secure$/,
    );
    const nonce = /=([^;]+)/.exec(set!)![1]!;
    const tossed = await handler(
      event('POST', '/admin/sign-in', {
        cookies: [`digest_admin_signin=${nonce}`],
        form: { _csrf: csrfOf(form), key: apiKey },
      }),
    );
    expect(tossed.statusCode).toBe(403);
    expect((tossed.cookies ?? []).some((c) => c.startsWith('__Host-digest_admin='))).toBe(false);
    const own = await handler(
      event('POST', '/admin/sign-in', {
        cookies: [`__Host-digest_admin_signin=${nonce}`],
        form: { _csrf: csrfOf(form), key: apiKey },
      }),
    );
    expect(own.statusCode).toBe(303);
  });

  it('a CSV import asks before it runs, and its page and upload live in the bucket, read by any container', async () => {
    // Nothing runs after a Lambda answers, and the next request may reach another container: the upload and the
    // import's record are kept in the archive bucket (imports/), and the confirmed import runs inside its POST.
    const form = await handler(event('GET', '/admin/subscribers/import', { cookies: session }));
    const csrf = csrfOf(form);
    // An opt-out row: the list's confirmed recipients (the sends below count them) stay as they are.
    const csv = 'email,status\nquay@example.org,unsubscribed\nnot-an-address,\n';
    const uploaded = await handler(
      event('POST', '/admin/subscribers/import', {
        cookies: session,
        form: { _csrf: csrf, list: 'default', text: csv, confirmed: '1' },
      }),
    );
    expect(uploaded.statusCode, uploaded.body).toBe(303);
    const page = String(uploaded.headers?.location ?? '');
    const id = page.split('/').pop() as string;
    const keys = async () =>
      ((await s3.send(new ListObjectsV2Command({ Bucket: aws.bucket, Prefix: 'imports/' }))).Contents ?? [])
        .map((o) => o.Key)
        .sort();
    expect(await keys()).toEqual([`imports/${id}.csv`, `imports/${id}.json`]);
    const confirm = await handler(event('GET', page, { cookies: session }));
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Read 2 rows from the pasted CSV: 1 valid, 1 refused');
    expect(confirm.body).toContain('Nothing has been written to the list and no mail has gone out yet');

    const confirmed = await handler(
      event('POST', `${page}/confirm`, { cookies: session, form: { _csrf: csrf, confirmed: '1' } }),
    );
    expect(confirmed.statusCode, confirmed.body).toBe(303);
    expect(confirmed.headers?.location).toBe(page);
    const imported = await handler(event('GET', page, { cookies: session }));
    expect(imported.statusCode).toBe(200);
    expect(imported.body).toContain('id="import-report"');
    expect(imported.body).toContain('Imported 1 of 2 rows');
    expect(imported.body).toMatch(/<td class="num">3<\/td><td>invalid email/);
    // The upload is deleted once imported; the record stays, and the Subscribers page links to it.
    expect(await keys()).toEqual([`imports/${id}.json`]);
    const subscribers = await handler(event('GET', '/admin/subscribers', { cookies: session }));
    expect(subscribers.body).toContain(`<a href="${page}">`);
  });

  it('composes into a draft in the archive bucket, sends a test copy through SES and sends to the list', async () => {
    const compose = await handler(event('GET', '/admin/issues/new', { cookies: session }));
    const csrf = csrfOf(compose);

    // No CSRF token: refused, and nothing is stored.
    const forged = await handler(
      event('POST', '/admin/issues', { cookies: session, form: { list: 'default', text: ARTICLE } }),
    );
    expect(forged.statusCode).toBe(403);

    const composed = await handler(
      event('POST', '/admin/issues', {
        cookies: session,
        form: { _csrf: csrf, list: 'default', text: ARTICLE },
      }),
    );
    expect(composed.statusCode, composed.body).toBe(303);
    const id = /^\/admin\/issues\/([^/#]+)$/.exec(String(composed.headers?.location ?? ''))?.[1];
    expect(id).toBeDefined();
    expect((await readDraft(id!))?.status).toBe('editing');
    const editor = await handler(event('GET', `/admin/issues/${id}`, { cookies: session }));
    expect(editor.statusCode).toBe(200);
    expect(editor.body).toContain('Ines Dahl');

    const subscriber = await handler(
      event('POST', '/admin/subscribers', {
        cookies: session,
        form: { _csrf: csrf, list: 'default', email: 'reader@example.org', confirmed: '1' },
      }),
    );
    expect(subscriber.statusCode, subscriber.body).toBeLessThan(400);

    const test = await handler(
      event('POST', `/admin/issues/${id}/test`, {
        cookies: session,
        form: { _csrf: csrf, to: 'desk@example.org' },
      }),
    );
    // answered with a redirect to the editor, so that a reload sends nothing again
    expect(test.statusCode, test.body).toBe(303);
    expect(test.headers?.location).toBe(`/admin/issues/${id}?done=test`);
    const copy = aws.sesProxy.accepted.at(-1);
    expect(copy?.destinations).toEqual(['desk@example.org']);
    expect(copy?.raw.toString('latin1')).toMatch(/^Subject: \[Test\] /m);

    // The deployed console schedules too (the next test follows a scheduled draft to its send).
    expect(editor.body).toContain(`action="/admin/issues/${id}/schedule"`);

    // The form says whom it goes to, and carries the version of the issue as the page shows it (the test copy is a
    // change of the audit trail since the editor above was loaded).
    const ready = await handler(event('GET', `/admin/issues/${id}`, { cookies: session }));
    expect(ready.body).toMatch(
      /Send to <strong>1 confirmed subscriber<\/strong> of <strong>[^<]+<\/strong> \(default\)\?/,
    );
    const stale = await handler(
      event('POST', `/admin/issues/${id}/send`, { cookies: session, form: { _csrf: csrf, version: '1' } }),
    );
    expect(stale.statusCode, stale.body).toBe(409);
    expect((await readDraft(id!))?.status).toBe('editing');
    const sent = await handler(
      event('POST', `/admin/issues/${id}/send`, {
        cookies: session,
        form: { _csrf: csrf, version: versionOf(ready) },
      }),
    );
    expect(sent.statusCode, sent.body).toBe(303);
    expect(sent.headers?.location).toBe(`/admin/issues/${id}/progress`);
    expect((await readDraft(id!))?.status).toBe('sent');
    const ledger = new DynamoDeliveryLedger(aws.documentClient, aws.tables.deliveries);
    expect(await ledger.queued(id!)).toBe(1);
    const queued = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: process.env.SEND_QUEUE_URL, MaxNumberOfMessages: 10 }),
    );
    expect(queued.Messages?.map((m) => JSON.parse(m.Body ?? '{}'))).toEqual([
      expect.objectContaining({ issueId: id, recipient: 'reader@example.org', list: 'default' }),
    ]);
    expect(await ledger.testSends({ issueId: id! })).toHaveLength(1);
    const archived = await s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: `issues/${id}.json` }));
    const issue = JSON.parse((await archived.Body?.transformToString('utf8')) ?? '{}').issue;
    expect(issue.audit.map((a: { op: string }) => a.op)).toEqual(['compose', 'test-send', 'send']);

    const stats = await handler(event('GET', `/admin/stats/${id}`, { cookies: session }));
    expect(stats.statusCode).toBe(200);
    expect(stats.body).toMatch(/<th scope="row">queued<\/th><td class="num">1<\/td>/);
    // SES reports what became of each mail: no word of the local outbox's missing reports here.
    expect(stats.body).not.toContain('id="no-reports"');
    expect(stats.body).not.toContain('local outbox');
  }, 60_000);

  it('a test copy the mail service refuses says why on the editor, keeps the address, and is logged', async () => {
    const { id, csrf } = await composeFrom(ARTICLE.replace('Monday', 'a bank holiday'));
    // As SES in its sandbox refuses an address nobody verified: a permanent MessageRejected.
    aws.sesProxy.setRecipientFaults({ 'unverified-desk@example.org': 'reject' });
    const { result: refused, output } = await captureLogs(() =>
      handler(
        event('POST', `/admin/issues/${id}/test`, {
          cookies: session,
          form: { _csrf: csrf, to: 'unverified-desk@example.org' },
        }),
      ),
    ).finally(() => aws.sesProxy.setRecipientFaults({}));
    // The editor, the reason at the top and the address still in the form; not "Something went wrong".
    expect(refused.statusCode).toBe(502);
    expect(refused.body).toContain('Not sent: the mail service refused the test copy (MessageRejected:');
    expect(refused.body).toMatch(/id="test-to"[^>]* value="unverified-desk@example.org"/);
    expect(refused.body).not.toContain('Something went wrong');
    expect(jsonLines(output).filter((e) => e.route === 'admin-test-send')).toEqual([
      expect.objectContaining({ level: 'ERROR', issueId: id }),
    ]);
    // Nothing recorded as sent: the trail has no test copy.
    expect((await readDraft(id))?.issue.audit?.map((a) => a.op)).toEqual(['compose']);
  }, 60_000);

  it('a scheduled draft is sent by the scheduled check once its time has come, and only once', async () => {
    const sendDue = handler as unknown as (event: {
      consoleDrafts: 'send-due';
    }) => Promise<{ sent: string[] }>;
    const { id, csrf } = await composeFrom(ARTICLE.replace('Monday', 'Tuesday'));
    const scheduled = await handler(
      event('POST', `/admin/issues/${id}/schedule`, {
        cookies: session,
        form: { _csrf: csrf, version: versionOf(await editorOf(id)), at: '2099-01-01T08:00' },
      }),
    );
    expect(scheduled.statusCode, scheduled.body).toBe(303);
    expect(scheduled.headers?.location).toBe(`/admin/issues/${id}?done=scheduled`);
    const stored = await readDraft(id);
    expect(stored).toMatchObject({ status: 'scheduled', sendAt: '2099-01-01T08:00:00.000Z' });
    const markers = async () =>
      (
        await s3.send(new ListObjectsV2Command({ Bucket: aws.bucket, Prefix: 'drafts/scheduled/' }))
      ).Contents?.map((o) => o.Key) ?? [];
    expect(await markers()).toEqual([`drafts/scheduled/${id}.json`]);

    // Not due yet: the check sends nothing.
    expect(await sendDue({ consoleDrafts: 'send-due' })).toEqual({ sent: [] });
    expect((await readDraft(id))?.status).toBe('scheduled');

    // Its time comes (the stored send time moved to a minute ago), and the next check sends it to the list.
    await s3.send(
      new PutObjectCommand({
        Bucket: aws.bucket,
        Key: `drafts/${id}.json`,
        Body: JSON.stringify({ ...stored, sendAt: new Date(Date.now() - 60_000).toISOString() }),
      }),
    );
    expect(await sendDue({ consoleDrafts: 'send-due' })).toEqual({ sent: [id] });
    expect((await readDraft(id))?.status).toBe('sent');
    expect(await markers()).toEqual([]);
    const archived = await s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: `issues/${id}.json` }));
    const issue = JSON.parse((await archived.Body?.transformToString('utf8')) ?? '{}').issue;
    expect(issue.audit.map((a: { op: string }) => a.op)).toEqual(['compose', 'schedule', 'send']);
    const queued = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: process.env.SEND_QUEUE_URL, MaxNumberOfMessages: 10 }),
    );
    expect(queued.Messages?.map((m) => JSON.parse(m.Body ?? '{}'))).toEqual([
      expect.objectContaining({ issueId: id, recipient: 'reader@example.org', list: 'default' }),
    ]);

    // Sent once: the next check finds nothing, and Send now is refused.
    expect(await sendDue({ consoleDrafts: 'send-due' })).toEqual({ sent: [] });
    const again = await handler(
      event('POST', `/admin/issues/${id}/send`, { cookies: session, form: { _csrf: csrf } }),
    );
    expect(again.statusCode).toBe(409);
    const ledger = new DynamoDeliveryLedger(aws.documentClient, aws.tables.deliveries);
    expect(await ledger.queued(id)).toBe(1);
  }, 60_000);

  it('a send the archive refuses gives the draft back with the failure in its trail, and the next Send goes out once', async () => {
    const { id, csrf } = await composeFrom(ARTICLE.replace('Monday', 'Wednesday'));
    const first = versionOf(await handler(event('GET', `/admin/issues/${id}`, { cookies: session })));

    // S3 refuses to archive the issue: the send fails before any mail goes out, loudly, and the draft is not left
    // `sending` with nothing to resume, which the one-time claim would keep from every later Send.
    s3Proxy.refuse({ method: 'PUT', keyPrefix: 'issues/' });
    const { result: failed, output } = await captureLogs(() =>
      handler(
        event('POST', `/admin/issues/${id}/send`, {
          cookies: session,
          form: { _csrf: csrf, version: first },
        }),
      ),
    ).finally(() => s3Proxy.refuse(null));
    expect(s3Proxy.refused).toContain(`PUT issues/${id}.json`);
    // The editor's page says so, the draft editable again; the operator's log has the failure.
    expect(failed.statusCode).toBe(500);
    expect(failed.body).toContain(
      'Not sent: the send stopped before any mail went out (AccessDenied). The draft is as it was: send it again.',
    );
    expect(failed.body).toContain(`action="/admin/issues/${id}/send"`);
    expect(jsonLines(output).filter((e) => e.route === 'admin-send')).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        issueId: id,
        error: expect.objectContaining({
          name: 'SendStoppedError',
          cause: expect.objectContaining({ name: 'AccessDenied', $metadata: expect.anything() }),
        }),
      }),
    ]);
    const back = await readDraft(id);
    expect(back?.status).toBe('editing');
    expect(back?.issue.audit?.map((a) => a.op)).toEqual(['compose', 'send-failed']);
    const editor = await handler(event('GET', `/admin/issues/${id}`, { cookies: session }));
    expect(editor.body).toContain('not sent: the send stopped before any mail went out (AccessDenied)');
    const ledger = new DynamoDeliveryLedger(aws.documentClient, aws.tables.deliveries);
    expect(await ledger.queued(id)).toBeNull();

    // The failure is a new version of the draft: the page's Send now goes out, once.
    const sent = await handler(
      event('POST', `/admin/issues/${id}/send`, {
        cookies: session,
        form: { _csrf: csrf, version: versionOf(editor) },
      }),
    );
    expect(sent.statusCode, sent.body).toBe(303);
    expect((await readDraft(id))?.status).toBe('sent');
    expect(await ledger.queued(id)).toBe(1);
    const archived = await s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: `issues/${id}.json` }));
    const issue = JSON.parse((await archived.Body?.transformToString('utf8')) ?? '{}').issue;
    expect(issue.audit.map((a: { op: string }) => a.op)).toEqual(['compose', 'send-failed', 'send']);
    await queuedJobs(id, 1);
  }, 60_000);

  it('a Send now the archive refuses leaves a scheduled draft scheduled, and its page says for when', async () => {
    const { id, csrf } = await composeFrom(ARTICLE.replace('Monday', 'Sunday'));
    const scheduled = await handler(
      event('POST', `/admin/issues/${id}/schedule`, {
        cookies: session,
        form: { _csrf: csrf, version: versionOf(await editorOf(id)), at: '2099-01-01T08:00' },
      }),
    );
    expect(scheduled.statusCode, scheduled.body).toBe(303);
    const page = await handler(event('GET', `/admin/issues/${id}`, { cookies: session }));

    // The editor asked to send it now, not to take its schedule off: the failure leaves the schedule as it was.
    s3Proxy.refuse({ method: 'PUT', keyPrefix: `issues/${id}` });
    const { result: failed } = await captureLogs(() =>
      handler(
        event('POST', `/admin/issues/${id}/send`, {
          cookies: session,
          form: { _csrf: csrf, version: versionOf(page) },
        }),
      ),
    ).finally(() => s3Proxy.refuse(null));
    expect(failed.statusCode).toBe(500);
    expect(failed.body).toContain(
      'Not sent: the send stopped before any mail went out (AccessDenied). The draft is as it was, still scheduled for 2099-01-01 08:00 UTC: send it again, or leave it to go out then.',
    );
    expect(failed.body).toContain('Scheduled: goes out <strong>2099-01-01 08:00 UTC</strong>.');
    const back = (await readDraft(id)) as {
      status: string;
      sendAt: string | null;
      issue: { audit: { op: string; summary: string }[] };
    };
    expect(back).toMatchObject({ status: 'scheduled', sendAt: '2099-01-01T08:00:00.000Z' });
    expect(back.issue.audit.at(-1)).toMatchObject({
      op: 'send-failed',
      summary:
        'not sent; still scheduled for 2099-01-01T08:00:00.000Z: the send stopped before any mail went out (AccessDenied)',
    });
    const markers = await s3.send(
      new ListObjectsV2Command({ Bucket: aws.bucket, Prefix: `drafts/scheduled/${id}` }),
    );
    expect(markers.Contents?.map((o) => o.Key)).toEqual([`drafts/scheduled/${id}.json`]);
    const ledger = new DynamoDeliveryLedger(aws.documentClient, aws.tables.deliveries);
    expect(await ledger.queued(id)).toBeNull();

    // Unscheduled by hand, it is not left for a later test's check to send.
    const off = await handler(
      event('POST', `/admin/issues/${id}/unschedule`, { cookies: session, form: { _csrf: csrf } }),
    );
    expect(off.statusCode, off.body).toBe(303);
  }, 60_000);

  it('a due draft the archive refuses goes back to the editor unscheduled, and the drafts due after it still go out', async () => {
    const sendDue = handler as unknown as (event: {
      consoleDrafts: 'send-due';
    }) => Promise<{ sent: string[] }>;
    const first = await composeFrom(ARTICLE.replace('Monday', 'Friday'));
    const second = await composeFrom(ARTICLE.replace('Monday', 'Saturday'));
    const due = new Date(Date.now() - 60_000).toISOString();
    for (const [k, { id, csrf }] of [first, second].entries()) {
      const scheduled = await handler(
        event('POST', `/admin/issues/${id}/schedule`, {
          cookies: session,
          form: { _csrf: csrf, version: versionOf(await editorOf(id)), at: '2099-01-01T08:00' },
        }),
      );
      expect(scheduled.statusCode, scheduled.body).toBe(303);
      // its time comes (the first a second before the other: the check sends them in that order)
      const stored = await readDraft(id);
      const sendAt = new Date(Date.parse(due) + k * 1_000).toISOString();
      await s3.send(
        new PutObjectCommand({
          Bucket: aws.bucket,
          Key: `drafts/${id}.json`,
          Body: JSON.stringify({ ...stored, sendAt }),
        }),
      );
    }

    // S3 refuses to archive the first: the check throws, loudly, after it has sent the second.
    s3Proxy.refuse({ method: 'PUT', keyPrefix: `issues/${first.id}` });
    const outcome = await sendDue({ consoleDrafts: 'send-due' })
      .then(() => null)
      .catch((error: unknown) => error)
      .finally(() => s3Proxy.refuse(null));
    expect(outcome).toBeInstanceOf(AggregateError);
    expect((outcome as Error).message).toBe(`due drafts not sent: ${first.id}; sent: ${second.id}`);
    expect((await readDraft(second.id))?.status).toBe('sent');
    const ledger = new DynamoDeliveryLedger(aws.documentClient, aws.tables.deliveries);
    expect(await ledger.queued(second.id)).toBe(1);

    // The first is the editor's again, not retried every minute, and its trail says why.
    const back = (await readDraft(first.id)) as {
      status: string;
      sendAt: string | null;
      issue: { audit: { op: string; summary: string }[] };
    };
    expect(back).toMatchObject({ status: 'editing', sendAt: null });
    expect(back.issue.audit.at(-1)).toMatchObject({
      op: 'send-failed',
      summary: 'not sent; no longer scheduled: the send stopped before any mail went out (AccessDenied)',
    });
    expect(await sendDue({ consoleDrafts: 'send-due' })).toEqual({ sent: [] });
    expect(await ledger.queued(first.id)).toBeNull();
    await queuedJobs(second.id, 1);
  }, 60_000);

  it('a send that stopped before archiving is listed as stopped, and Back to draft makes it editable again', async () => {
    const { id, csrf } = await composeFrom(ARTICLE.replace('Monday', 'Thursday'));
    // What a send leaves when its function dies between marking the draft `sending` and archiving the issue,
    // written 20 minutes ago (past the 15 minutes a Lambda can run).
    const stored = await readDraft(id);
    const stoppedAt = new Date(Date.now() - 20 * 60_000).toISOString();
    await s3.send(
      new PutObjectCommand({
        Bucket: aws.bucket,
        Key: `drafts/${id}.json`,
        Body: JSON.stringify({ ...stored, status: 'sending', updatedAt: stoppedAt }),
      }),
    );
    const issues = await handler(event('GET', '/admin/issues', { cookies: session }));
    expect(issues.body).toMatch(
      new RegExp(`/admin/issues/${id}">[^<]+</a></td><td>default</td><td>send stopped: nothing went out<`),
    );
    const editor = await handler(event('GET', `/admin/issues/${id}`, { cookies: session }));
    expect(editor.body).toContain(`action="/admin/issues/${id}/reopen"`);
    expect(editor.body).not.toContain(`action="/admin/issues/${id}/send"`);

    // Without the CSRF token: refused, and the draft stays as it is.
    const forged = await handler(event('POST', `/admin/issues/${id}/reopen`, { cookies: session, form: {} }));
    expect(forged.statusCode).toBe(403);
    expect((await readDraft(id))?.status).toBe('sending');
    const reopened = await handler(
      event('POST', `/admin/issues/${id}/reopen`, { cookies: session, form: { _csrf: csrf } }),
    );
    expect(reopened.statusCode, reopened.body).toBe(303);
    expect(reopened.headers?.location).toBe(`/admin/issues/${id}`);
    const back = await readDraft(id);
    expect(back?.status).toBe('editing');
    expect(back?.issue.audit?.map((a) => a.op)).toEqual(['compose', 'reopen']);
    const again = await handler(event('GET', `/admin/issues/${id}`, { cookies: session }));
    expect(again.body).toContain(`action="/admin/issues/${id}/send"`);

    // Asked again: not a stopped send any more, and the answer says so.
    const twice = await handler(
      event('POST', `/admin/issues/${id}/reopen`, { cookies: session, form: { _csrf: csrf } }),
    );
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('this issue is editing, not a send that stopped');
  }, 60_000);

  it('names whom a deployed send did not reach, with the ledger reasons, and Resume queues the issue again', async () => {
    const compose = await handler(event('GET', '/admin/issues/new', { cookies: session }));
    const csrf = csrfOf(compose);
    for (const email of ['refused@example.org', 'cut-off@example.org']) {
      const added = await handler(
        event('POST', '/admin/subscribers', {
          cookies: session,
          form: { _csrf: csrf, list: 'default', email, confirmed: '1' },
        }),
      );
      expect(added.statusCode, added.body).toBeLessThan(400);
    }
    const composed = await handler(
      event('POST', '/admin/issues', {
        cookies: session,
        form: { _csrf: csrf, list: 'default', text: ARTICLE.replace('Monday', 'Wednesday') },
      }),
    );
    const id = /^\/admin\/issues\/([^/#]+)$/.exec(String(composed.headers?.location ?? ''))?.[1] as string;
    const editor = await handler(event('GET', `/admin/issues/${id}`, { cookies: session }));
    expect(editor.body).toContain('Send to <strong>3 confirmed subscribers</strong>');
    const sent = await handler(
      event('POST', `/admin/issues/${id}/send`, {
        cookies: session,
        form: { _csrf: csrf, version: versionOf(editor) },
      }),
    );
    expect(sent.statusCode, sent.body).toBe(303);

    // The send worker Lambda takes the queued jobs; SES rejects one address and loses the answer for another.
    process.env.SEND_WORKER_CONCURRENCY = '1';
    const { createHandler: createWorker } = await import('../../functions/handlers/send-worker.js');
    const { sendWorkerDeps } = await import('../../functions/handlers/runtime/send-worker.js');
    const worker = createWorker(await sendWorkerDeps(), () => {});
    const work = async (expected: number) => {
      const records = await queuedJobs(id, expected);
      const answer = await worker({ Records: records } as SQSEvent, { awsRequestId: `req-${id}` } as Context);
      expect(answer.batchItemFailures).toEqual([]);
    };
    aws.sesProxy.setRecipientFaults({ 'refused@example.org': 'reject', 'cut-off@example.org': 'loseAnswer' });
    const acceptedBefore = aws.sesProxy.accepted.length;
    await work(3).finally(() => aws.sesProxy.setRecipientFaults({}));
    expect(aws.sesProxy.accepted.length - acceptedBefore).toBe(2); // reader@, and cut-off@ whose answer was lost

    const stats = await handler(event('GET', `/admin/stats/${id}`, { cookies: session }));
    const progress = await handler(event('GET', `/admin/issues/${id}/progress`, { cookies: session }));
    for (const page of [stats.body ?? '', progress.body ?? '']) {
      expect(page).toContain('Not everyone got this issue');
      expect(page).toMatch(
        /<tr data-outcome="unknown"><td class="wrap"><a href="[^"]+">cut-off@example\.org<\/a><\/td><td>unknown<\/td><td class="wrap">ECONNRESET after the request was sent<\/td>/,
      );
      expect(page).toMatch(
        /<tr data-outcome="failed"><td class="wrap"><a href="[^"]+">refused@example\.org<\/a><\/td><td>failed<\/td><td class="wrap">MessageRejected: Email address is not verified\. The following identities failed the check in region EU-WEST-1: r\*\*\*@example\.org<\/td>/,
      );
      expect(page).toContain(`action="/admin/issues/${id}/resume"`);
      // In AWS the configuration set's Send events settle unknown deliveries: nothing to resend by hand.
      expect(page).not.toContain('/resend-unknown"');
      expect(page).toContain('They are not resent from here');
    }
    const resend = await handler(
      event('POST', `/admin/issues/${id}/resend-unknown`, { cookies: session, form: { _csrf: csrf } }),
    );
    expect(resend.statusCode).toBe(409);

    // Resume: the issue fanned out again, as `digest send --issue ID --stack-outputs` does; the worker sends nobody a
    // second copy (sent: skipped; rejected for good: not retried; unknown: not resent).
    const resumed = await handler(
      event('POST', `/admin/issues/${id}/resume`, { cookies: session, form: { _csrf: csrf } }),
    );
    expect(resumed.statusCode, resumed.body).toBe(303);
    expect(resumed.headers?.location).toBe(`/admin/issues/${id}/progress`);
    const acceptedAfter = aws.sesProxy.accepted.length;
    await work(3);
    expect(aws.sesProxy.accepted.length).toBe(acceptedAfter);
    const archived = await s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: `issues/${id}.json` }));
    const issue = JSON.parse((await archived.Body?.transformToString('utf8')) ?? '{}').issue;
    expect(issue.audit.map((a: { op: string }) => a.op)).toEqual(['compose', 'send', 'resume']);
  }, 90_000);

  it('a named key signs in, and rotating it with `digest keys` ends its session at the next request', async () => {
    const keys = async (...args: string[]) => {
      const run = await runCli(['keys', ...args, '--stack-outputs', aws.outputsFile], {
        env: { ...aws.env, DIGEST_DATA_DIR: join(dir, 'no-data-dir'), DIGEST_SECRET: '' },
        timeoutMs: 60_000,
      });
      expect(run.code, run.stderr).toBe(0);
      return run.stdout.trim();
    };
    const signIn = async (key: string) => {
      const form = await handler(event('GET', '/admin/sign-in'));
      const answer = await handler(
        event('POST', '/admin/sign-in', { cookies: cookiesOf(form), form: { _csrf: csrfOf(form), key } }),
      );
      return {
        status: answer.statusCode,
        cookies: cookiesOf(answer).filter((c) => c.startsWith('__Host-digest_admin=')),
      };
    };
    const deskKey = await keys('--name', 'Harbour desk');
    const desk = await signIn(deskKey);
    expect(desk.status).toBe(303);
    const page = await handler(event('GET', '/admin/issues', { cookies: desk.cookies }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Signed in as Harbour desk');

    const rotated = await keys('--rotate', '--name', 'Harbour desk');
    const after = await handler(event('GET', '/admin/issues', { cookies: desk.cookies }));
    expect(after.statusCode).toBe(303);
    expect(after.headers?.location).toBe('/admin/sign-in');
    const post = await handler(
      event('POST', '/admin/subscribers', {
        cookies: desk.cookies,
        form: { _csrf: csrfOf(page), list: 'default', email: 'late@example.org', confirmed: '1' },
      }),
    );
    expect(post.statusCode).toBe(401);
    // The deployed key's session is untouched; the rotated key signs in at once.
    expect((await handler(event('GET', '/admin/issues', { cookies: session }))).statusCode).toBe(200);
    expect((await signIn(deskKey)).status).toBe(403);
    expect((await signIn(rotated)).status).toBe(303);
  }, 60_000);

  it('signing out ends the session in every instance: a copy of its cookie is refused; a sign-out not recorded says so', async () => {
    const form = await handler(event('GET', '/admin/sign-in'));
    const signedIn = await handler(
      event('POST', '/admin/sign-in', {
        cookies: cookiesOf(form),
        form: { _csrf: csrfOf(form), key: apiKey },
      }),
    );
    const copy = cookiesOf(signedIn).filter((c) => c.startsWith('__Host-digest_admin='));
    expect(copy).toHaveLength(1);
    const page = await handler(event('GET', '/admin/subscribers', { cookies: copy }));
    expect(page.statusCode).toBe(200);
    const csrf = csrfOf(page);

    // DynamoDB refuses the write: the editor is told the session still stands, and it does.
    dynamoProxy.throttle(['PutItem']);
    const failed = await handler(event('POST', '/admin/sign-out', { cookies: copy, form: { _csrf: csrf } }));
    dynamoProxy.throttle([]);
    expect(failed.statusCode).toBe(503);
    expect(failed.body).toContain('Not signed out');
    expect(failed.body).toContain('still active');
    expect(failed.cookies ?? []).toEqual([]);
    expect(dynamoProxy.throttled.PutItem).toBeGreaterThan(0);
    expect((await handler(event('GET', '/admin/issues', { cookies: copy }))).statusCode).toBe(200);

    const out = await handler(event('POST', '/admin/sign-out', { cookies: copy, form: { _csrf: csrf } }));
    expect(out.statusCode).toBe(303);
    expect(out.headers?.location).toBe('/admin/sign-in');
    expect(out.cookies?.some((c) => /^__Host-digest_admin=;.*Max-Age=0/.test(c))).toBe(true);

    // The copy, replayed on a page and on a form, here and in another container of the function.
    const { createHandler } = await import('../../functions/handlers/admin.js');
    const { adminDeps } = await import('../../functions/handlers/runtime/admin.js');
    const anotherContainer = createHandler(await adminDeps());
    for (const serve of [handler, anotherContainer]) {
      const replayed = await serve(event('GET', '/admin/issues', { cookies: copy }));
      expect(replayed.statusCode).toBe(303);
      expect(replayed.headers?.location).toBe('/admin/sign-in');
      const write = await serve(
        event('POST', '/admin/subscribers', {
          cookies: copy,
          form: { _csrf: csrf, list: 'default', email: 'after-sign-out@example.org', confirmed: '1' },
        }),
      );
      expect(write.statusCode).toBe(401);
    }
    const search = await handler(event('GET', '/admin/subscribers?q=after-sign-out', { cookies: session }));
    expect(search.body).toContain('0 matches');
    // Other sessions go on.
    expect((await handler(event('GET', '/admin/issues', { cookies: session }))).statusCode).toBe(200);

    // The record lives in the briefings table until the session's own expiry (the table's TTL attribute).
    const payload = JSON.parse(Buffer.from(copy[0]!.split('.')[1]!, 'base64url').toString('utf8')) as {
      sid: string;
      exp: number;
    };
    const record = await aws.documentClient.send(
      new GetCommand({ TableName: aws.tables.briefings, Key: { pk: `SESSION#${payload.sid}`, sk: 'ENDED' } }),
    );
    expect(record.Item?.expiresAt).toBe(payload.exp + ENDED_SESSION_MARGIN_SECONDS);
  }, 60_000);

  it('a failure is logged loud and masked: the error name, message, HTTP status and stack, nothing deep unmasked', async () => {
    const form = await handler(event('GET', '/admin/sign-in'));
    const signedIn = await handler(
      event('POST', '/admin/sign-in', {
        cookies: cookiesOf(form),
        form: { _csrf: csrfOf(form), key: apiKey },
      }),
    );
    const cookies = cookiesOf(signedIn).filter((c) => c.startsWith('__Host-digest_admin='));
    const csrf = csrfOf(await handler(event('GET', '/admin/subscribers', { cookies })));

    // DynamoDB refuses the write with an error that names an address and carries a record whose map attributes
    // nest deeper than the logger reads (as a failed condition returns the item when asked for it).
    dynamoProxy.fail(['PutItem'], {
      type: 'ConditionalCheckFailedException',
      message: 'The conditional request failed for jane.editor@example.org',
      fields: {
        Item: {
          pk: { S: 'SESSION#s1' },
          editor: { M: { contact: { M: { email: { S: 'jane.editor@example.org' } } } } },
          owner: { S: 'owner.editor@example.org' },
        },
      },
    });
    const { result, output } = await captureLogs(() =>
      handler(event('POST', '/admin/sign-out', { cookies, form: { _csrf: csrf } })),
    ).finally(() => dynamoProxy.fail([]));
    expect(result.statusCode).toBe(503);

    const [entry, ...others] = jsonLines(output).filter((e) => e.route === 'admin-sign-out');
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      level: 'ERROR',
      error: {
        name: 'ConditionalCheckFailedException',
        message: 'The conditional request failed for j***@example.org',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        Item: { pk: { S: 'SESSION#s1' }, owner: { S: 'o***@example.org' } },
      },
    });
    const error = entry!.error as { stack: unknown; Item: { editor: unknown } };
    expect(error.stack).toEqual(expect.stringContaining('ConditionalCheckFailedException'));
    expect(JSON.stringify(error.Item.editor)).toContain('[nested too deep]');
    expect(output).not.toContain('editor@example.org');
  }, 60_000);

  it('refuses a forged session cookie', async () => {
    const forged = session.map((c) => c.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')));
    const page = await handler(event('GET', '/admin/issues', { cookies: forged }));
    expect(page.statusCode).toBe(303);
    expect(page.headers?.location).toBe('/admin/sign-in');
  });
});
