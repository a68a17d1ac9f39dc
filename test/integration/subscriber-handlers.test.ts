// The subscriber handlers against the real store (in-memory dynalite) and the real outbox mailer.
// Events are API Gateway v2 events as the HTTP API (or `digest dev`) builds them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SNSEvent } from 'aws-lambda';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  builtInDefaultList,
  ConfiguredListStore,
  defaultListTitle,
} from '../../functions/adapters/configured-list-store.js';
import { createConfirmationSender } from '../../functions/adapters/confirmation-mailer.js';
import { DynamoListStore, listsTableDefinition } from '../../functions/adapters/dynamo-list-store.js';
import {
  DynamoSubscriberStore,
  subscribersTableDefinition,
} from '../../functions/adapters/dynamo-subscriber-store.js';
import { ensureTable, type LocalDynamo, openLocalDynamo } from '../../functions/adapters/local-runtime.js';
import { OutboxMailer } from '../../functions/adapters/outbox-mailer.js';
import { newList } from '../../functions/core/newsletter-list.js';
import { signToken } from '../../functions/core/tokens.js';
import * as confirmHandler from '../../functions/handlers/confirm.js';
import type { SubscriberHandlerDeps } from '../../functions/handlers/dependencies.js';
import * as feedbackHandler from '../../functions/handlers/feedback.js';
import type { HttpEvent, HttpResult } from '../../functions/handlers/http/types.js';
import * as inboundHandler from '../../functions/handlers/inbound-unsubscribe.js';
import * as preferencesHandler from '../../functions/handlers/preferences.js';
import * as subscribeHandler from '../../functions/handlers/subscribe.js';
import * as unsubscribeHandler from '../../functions/handlers/unsubscribe.js';
import { exportSubscribersCsv } from '../../functions/use-cases/export-subscribers.js';
import { importSubscribers } from '../../functions/use-cases/import-subscribers.js';
import { outboxFiles } from '../support/outbox.js';

const SECRET = 'handler-test-secret';
const BASE = 'http://127.0.0.1:8787';
let dynamo: LocalDynamo;
let store: DynamoSubscriberStore;
let dataDir: string;
let now = new Date('2026-05-01T09:00:00Z');
let deps: SubscriberHandlerDeps;
let tables = 0;
const silent = () => undefined;

function event(options: {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
}): HttpEvent {
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  const isBinary = Buffer.isBuffer(options.body);
  return {
    version: '2.0',
    routeKey: `${options.method} ${options.path}`,
    rawPath: options.path,
    rawQueryString,
    headers: { 'user-agent': 'test-agent/1.0', ...(options.headers ?? {}) },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: '127.0.0.1',
      domainPrefix: 'test',
      http: {
        method: options.method,
        path: options.path,
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.10',
        userAgent: 'test-agent/1.0',
      },
      requestId: 'r',
      routeKey: `${options.method} ${options.path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    ...(options.body !== undefined
      ? { body: isBinary ? (options.body as Buffer).toString('base64') : (options.body as string) }
      : {}),
    isBase64Encoded: isBinary,
  };
}

const postSubscribe = (body: string, contentType = 'application/json') =>
  subscribeHandler.createHandler(deps)(
    event({ method: 'POST', path: '/subscribe', headers: { 'content-type': contentType }, body }),
  );
const mails = () => outboxFiles(dataDir);
const token = (
  email: string,
  purpose: 'confirm' | 'unsubscribe' | 'preferences',
  at = now,
  list = 'default',
) => signToken({ email, list, purpose }, SECRET, at);
const call = (
  handler: (e: HttpEvent) => Promise<HttpResult>,
  method: string,
  path: string,
  tok: string,
  extra: Partial<Parameters<typeof event>[0]> = {},
) => handler(event({ method, path, query: { token: tok }, ...extra }));
/** A reader of the default list who confirmed, then left a minute later with the one-click unsubscribe. */
async function confirmThenLeave(email: string): Promise<void> {
  await call(confirmHandler.createHandler(deps), 'POST', '/confirm', token(email, 'confirm'));
  now = new Date(now.getTime() + 60_000);
  await call(unsubscribeHandler.createHandler(deps), 'POST', '/unsubscribe', token(email, 'unsubscribe'), {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
}

beforeAll(async () => {
  dynamo = await openLocalDynamo('/unused', { inMemory: true });
});
afterAll(async () => {
  await dynamo.close();
});
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-handlers-'));
  const name = `subscribers-${++tables}`;
  await ensureTable(dynamo.client, subscribersTableDefinition(name));
  store = new DynamoSubscriberStore(dynamo.client, name);
  now = new Date('2026-05-01T09:00:00Z');
  const mailer = new OutboxMailer({ dataDir, now: () => now });
  await ensureTable(dynamo.client, listsTableDefinition(`lists-${tables}`));
  const lists = new ConfiguredListStore(new DynamoListStore(dynamo.client, `lists-${tables}`), [
    builtInDefaultList(defaultListTitle({ DIGEST_LIST_TITLE: 'The Test Digest' })),
  ]);
  // The topics readers may choose: the built-in list's are set as an operator sets them, `plain` offers none.
  await lists.update('default', { topics: ['art', 'café', 'rail', 'science', 'sea'] }, now.toISOString());
  await lists.create(newList('weekly', 'The Weekly Test', { topics: ['art', 'science'] }, now.toISOString()));
  await lists.create(newList('plain', 'The Plain Test', {}, now.toISOString()));
  deps = {
    store,
    lists,
    secret: SECRET,
    clock: { now: () => now },
    baseUrl: () => BASE,
    log: silent,
    confirmations: createConfirmationSender({
      mailer,
      secret: SECRET,
      baseUrl: () => BASE,
      from: 'Digest <digest@example.org>',
      postalAddress: '1 Test Street, Testville',
    }),
  };
  return () => rmSync(dataDir, { recursive: true, force: true });
});

describe('POST /subscribe', () => {
  it('answers 202 identically for new, pending, confirmed and suppressed addresses', async () => {
    const first = await postSubscribe(JSON.stringify({ email: 'new@example.org' }));
    expect(first.statusCode).toBe(202);
    expect(mails()).toHaveLength(1);

    await store.put({
      ...(await store.get('default', 'new@example.org'))!,
      email: 'known@example.org',
      status: 'confirmed',
    });
    await store.suppress('gone@example.org', 'complaint', now.toISOString());
    const answers = await Promise.all(
      ['new@example.org', 'known@example.org', 'gone@example.org', 'other@example.org'].map((email) =>
        postSubscribe(JSON.stringify({ email })),
      ),
    );
    for (const answer of answers) {
      expect(answer.statusCode).toBe(202);
      expect(answer.body).toBe(first.body);
      expect(answer.headers).toEqual(first.headers);
    }
    // new@ was rate-limited, known@ is confirmed, gone@ is suppressed: only other@ got a mail
    expect(mails()).toHaveLength(2);
    expect(await store.get('default', 'gone@example.org')).toBeNull();
  });

  it('answers no sooner than minSubscribeResponseMs, whatever the outcome', async () => {
    deps = { ...deps, minSubscribeResponseMs: 250 };
    await store.suppress('gone@example.org', 'bounce', now.toISOString());
    for (const email of ['fresh@example.org', 'gone@example.org']) {
      const started = performance.now();
      expect((await postSubscribe(JSON.stringify({ email }))).statusCode).toBe(202);
      expect(performance.now() - started).toBeGreaterThanOrEqual(245);
    }
  });

  it('re-sends a confirmation at most once per 10 minutes per address, across lists', async () => {
    await postSubscribe(JSON.stringify({ email: 'r@example.org' }));
    now = new Date(now.getTime() + 5 * 60_000);
    await postSubscribe(JSON.stringify({ email: 'r@example.org' }));
    await postSubscribe(JSON.stringify({ email: 'r@example.org', list: 'weekly' }));
    expect(mails()).toHaveLength(1);
    now = new Date(now.getTime() + 6 * 60_000);
    await postSubscribe(JSON.stringify({ email: 'r@example.org' }));
    expect(mails()).toHaveLength(2);
  });

  it('a reader who unsubscribed and asks again within 10 minutes gets no mail now, and the page (the same for everyone) says when to ask again', async () => {
    const first = await postSubscribe(JSON.stringify({ email: 'back@example.org' }));
    expect(mails()).toHaveLength(1);
    await confirmThenLeave('back@example.org');
    now = new Date(now.getTime() + 60_000);
    const again = await postSubscribe(JSON.stringify({ email: 'back@example.org' }));
    const stranger = await postSubscribe(JSON.stringify({ email: 'stranger@example.org' }));
    const form = await postSubscribe('email=back%40example.org', 'application/x-www-form-urlencoded');
    // The rate limit held the mail back (2 mails: the first, and the stranger's), and nothing in the answer says so
    // about this address: it is the one every address gets, and it tells everyone when to ask again.
    expect(mails()).toHaveLength(2);
    expect((await store.get('default', 'back@example.org'))?.status).toBe('unsubscribed');
    for (const answer of [again, stranger]) {
      expect(answer.statusCode).toBe(202);
      expect(answer.body).toBe(first.body);
      expect(answer.headers).toEqual(first.headers);
    }
    const message = (JSON.parse(String(again.body)) as { message: string }).message;
    expect(message).toMatch(/a confirmation link is on its way/);
    expect(message).toMatch(/if none arrives within a few minutes, .*ask again after 10 minutes/);
    expect(String(form.body)).toContain('ask again after 10 minutes');
    // and asking again after that sends it
    now = new Date(now.getTime() + 10 * 60_000);
    await postSubscribe(JSON.stringify({ email: 'back@example.org' }));
    expect(mails()).toHaveLength(3);
    expect((await store.get('default', 'back@example.org'))?.status).toBe('pending');
  });

  it('case variants of one address get one confirmation mail and become one subscriber', async () => {
    const variants = ['victim@example.net', 'Victim@example.net', 'vIctim@example.net', 'VICTIM@EXAMPLE.NET'];
    for (const email of variants) {
      expect((await postSubscribe(JSON.stringify({ email }))).statusCode).toBe(202);
    }
    expect(mails()).toHaveLength(1);
    // Every variant's confirm link (say, forged by nobody: each was really mailed once) ends in one record.
    for (const email of variants) {
      await call(confirmHandler.createHandler(deps), 'POST', '/confirm', token(email, 'confirm'));
    }
    const confirmed = await store.pageConfirmed('default', {});
    expect(confirmed.items.map((s) => s.email.toLowerCase())).toEqual(['victim@example.net']);
    expect(await store.listsOf('VICTIM@example.net')).toHaveLength(1);
  });

  it('takes urlencoded and multipart forms and records consent details', async () => {
    const form = await postSubscribe(
      'email=Form%40Example.org&list=weekly&topics=science,art',
      'application/x-www-form-urlencoded',
    );
    expect(form.statusCode).toBe(202);
    expect(form.headers?.['content-type']).toMatch(/text\/html/);
    const record = await store.get('weekly', 'Form@example.org');
    expect(record).toMatchObject({ status: 'pending', topics: ['art', 'science'] });
    expect(record?.consent).toMatchObject({
      ip: '192.0.2.10',
      userAgent: 'test-agent/1.0',
      method: 'double-opt-in:requested',
    });

    const boundary = '----b0undary';
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\nmulti@example.org\r\n--${boundary}--\r\n`;
    const res = await postSubscribe(multipart, `multipart/form-data; boundary=${boundary}`);
    expect(res.statusCode).toBe(202);
    expect((await store.get('default', 'multi@example.org'))?.status).toBe('pending');

    // A quoted boundary, a file part (ignored unread) and a field with a UTF-8 value.
    const quoted = [
      '--q b\r\nContent-Disposition: form-data; name="email"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nnot@example.org\r\n',
      '--q b\r\nContent-Disposition: form-data; name="email"\r\n\r\nfile@example.org\r\n',
      '--q b\r\nContent-Disposition: form-data; name="topics"\r\n\r\ncafé\r\n--q b--\r\n',
    ].join('');
    expect((await postSubscribe(quoted, 'multipart/form-data; boundary="q b"')).statusCode).toBe(202);
    expect(await store.get('default', 'file@example.org')).toMatchObject({
      status: 'pending',
      topics: ['café'],
    });
    expect(await store.get('default', 'not@example.org')).toBeNull();
  });

  it.each([
    { name: 'malformed JSON', body: '{"email": "a@example.org"', type: 'application/json', status: 400 },
    { name: 'JSON array', body: '["a@example.org"]', type: 'application/json', status: 400 },
    { name: 'email not a string', body: '{"email": 42}', type: 'application/json', status: 400 },
    {
      name: 'CRLF header injection',
      body: JSON.stringify({ email: 'a@b.c\r\nBcc: x@y.z' }),
      type: 'application/json',
      status: 400,
    },
    {
      name: 'LF injection in a form',
      body: 'email=a%40example.org%0ABcc%3A%20x%40y.z',
      type: 'application/x-www-form-urlencoded',
      status: 400,
    },
    {
      name: 'display name',
      body: JSON.stringify({ email: 'Eve <eve@example.org>' }),
      type: 'application/json',
      status: 400,
    },
    {
      name: 'non-ASCII local part',
      body: JSON.stringify({ email: 'jörg@example.de' }),
      type: 'application/json',
      status: 400,
    },
    {
      name: 'bad list name',
      body: JSON.stringify({ email: 'a@example.org', list: '../etc' }),
      type: 'application/json',
      status: 400,
    },
    {
      name: 'bad time zone',
      body: JSON.stringify({ email: 'a@example.org', timezone: 'Mars/Base' }),
      type: 'application/json',
      status: 400,
    },
    // 415, not 400: the request is well formed, in a format /subscribe does not read (test/e2e/unsupported-media-type)
    { name: 'unsupported media type', body: 'email=a@example.org', type: 'text/plain', status: 415 },
    {
      name: 'multipart without a boundary parameter',
      body: '--b\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.org\r\n--b--\r\n',
      type: 'multipart/form-data',
      status: 400,
    },
    {
      name: 'truncated multipart',
      body: '--b\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.org',
      type: 'multipart/form-data; boundary=b',
      status: 400,
    },
    {
      name: 'multipart with more fields than any form',
      body: `${Array.from({ length: 60 }, (_, i) => `--b\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`).join('')}--b\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.org\r\n--b--\r\n`,
      type: 'multipart/form-data; boundary=b',
      status: 400,
    },
    {
      name: 'oversized body',
      body: JSON.stringify({ email: 'a@example.org', pad: 'x'.repeat(9000) }),
      type: 'application/json',
      status: 413,
    },
  ])('$name → $status, no record, no mail', async ({ body, type, status }) => {
    const res = await postSubscribe(body, type);
    expect(res.statusCode).toBe(status);
    expect(mails()).toHaveLength(0);
    expect((await store.pageAll('default', {})).items).toHaveLength(0);
  });

  it("a refused form is the list's form again, with the error and what was typed; JSON callers get the error", async () => {
    const form = await postSubscribe(
      'email=j%C3%B6rg%40example.de&list=weekly&topics=science',
      'application/x-www-form-urlencoded',
    );
    expect(form.statusCode).toBe(400);
    const body = String(form.body);
    expect(body).toContain('<title>Please check the form: subscribe to The Weekly Test</title>');
    expect(body).toContain('<p role="alert" id="subscribe-error"><strong>Please check the address: ');
    expect(body).toContain('value="jörg@example.de" aria-invalid="true" aria-describedby="subscribe-error"');
    expect(body).toContain('value="science" checked>');
    expect(body).not.toContain('value="art" checked>');
    expect(body).toContain('<input type="hidden" name="list" value="weekly">');
    const json = await postSubscribe(JSON.stringify({ email: 'jörg@example.de', list: 'weekly' }));
    expect(json.statusCode).toBe(400);
    expect(JSON.parse(String(json.body))).toEqual({
      error:
        'email: the part before @ has letters beyond plain ASCII (such as é or ö), which our mail service cannot deliver to',
    });
    expect(await store.get('weekly', 'jörg@example.de')).toBeNull();
    expect(mails()).toEqual([]);
  });

  it('accepts an IDN domain and stores it as punycode', async () => {
    const res = await postSubscribe(JSON.stringify({ email: 'Info@Bücher.de' }));
    expect(res.statusCode).toBe(202);
    expect((await store.get('default', 'Info@xn--bcher-kva.de'))?.status).toBe('pending');
    // the header carries the ASCII form (a mail reader shows it decoded back to Unicode)
    const raw = readFileSync(join(dataDir, 'outbox', mails()[0]!), 'utf8');
    expect(raw).toMatch(/^To: Info@xn--bcher-kva\.de\r?$/m);
  });
});

describe('lists that do not exist (issue 20 items 8 and 9)', () => {
  it('made-up list names get 404 naming the real lists (not the command that makes one), and create no pending record and send no mail', async () => {
    for (let i = 0; i < 30; i++) {
      const result = await postSubscribe(
        JSON.stringify({ email: 'victim@example.org', list: `made-up-${i}` }),
      );
      expect(result.statusCode).toBe(404);
      const { error } = JSON.parse(String(result.body)) as { error: string };
      expect(error).toMatch(new RegExp(`^no list "made-up-${i}"; lists: \\S`));
      expect(error).not.toContain('lists create');
    }
    const form = await postSubscribe(
      'email=victim%40example.org&list=nwes',
      'application/x-www-form-urlencoded',
    );
    expect(form.statusCode).toBe(404);
    expect(String(form.body)).toContain('no list');
    expect(String(form.body)).not.toContain('digest lists create');
    expect(await store.listsOf('victim@example.org')).toEqual([]);
    expect(mails()).toHaveLength(0);
  });

  it('one list-name rule: "Default" and "a.b" are refused with 400, never taken as "default"', async () => {
    for (const list of ['Default', 'a.b', 'WEEKLY']) {
      const result = await postSubscribe(JSON.stringify({ email: 'case@example.org', list }));
      expect(result.statusCode, list).toBe(400);
    }
    expect(await store.listsOf('case@example.org')).toEqual([]);
    expect(mails()).toHaveLength(0);
  });
});

describe('topics a reader may choose: those the list offers', () => {
  it('POST /subscribe refuses a topic the list does not offer with 400 naming it, and stores and sends nothing', async () => {
    const json = await postSubscribe(
      JSON.stringify({ email: 'cook@example.org', list: 'weekly', topics: ['cooking', 'science'] }),
    );
    expect(json.statusCode).toBe(400);
    expect(JSON.parse(String(json.body))).toEqual({
      error: 'topics: "cooking" is not a topic of this list (its topics: art, science)',
    });
    const form = await postSubscribe(
      'email=cook%40example.org&list=weekly&topics=cooking',
      'application/x-www-form-urlencoded',
    );
    expect(form.statusCode).toBe(400);
    expect(String(form.body)).toContain('Topics: &quot;cooking&quot; is not a topic of this list');
    // The answer depends on the request alone: a known address gets the same.
    await postSubscribe(JSON.stringify({ email: 'known@example.org', list: 'weekly', topics: ['art'] }));
    const known = await postSubscribe(
      JSON.stringify({ email: 'known@example.org', list: 'weekly', topics: ['cooking', 'science'] }),
    );
    expect([known.statusCode, known.body]).toEqual([400, json.body]);
    expect(await store.listsOf('cook@example.org')).toEqual([]);
    expect((await store.get('weekly', 'known@example.org'))?.topics).toEqual(['art']);
    expect(mails()).toHaveLength(1);
  });

  it('on a list that offers no topics, topics sent are dropped: the reader is subscribed to everything', async () => {
    const res = await postSubscribe(
      JSON.stringify({ email: 'all@example.org', list: 'plain', topics: ['cooking'] }),
    );
    expect(res.statusCode).toBe(202);
    expect(await store.get('plain', 'all@example.org')).toMatchObject({ status: 'pending', topics: [] });
  });

  it('preferences: a topic the list does not offer is refused with the form again; the page names the offered ones', async () => {
    await postSubscribe(JSON.stringify({ email: 'pick@example.org', list: 'weekly', topics: ['art'] }));
    await call(
      confirmHandler.createHandler(deps),
      'POST',
      '/confirm',
      token('pick@example.org', 'confirm', now, 'weekly'),
    );
    const handler = preferencesHandler.createHandler(deps);
    const tok = token('pick@example.org', 'preferences', now, 'weekly');
    const shown = await call(handler, 'GET', '/preferences', tok);
    // One box a topic the list offers, as on the subscribe page, the record's ticked.
    expect(String(shown.body)).toContain(
      '<input type="checkbox" name="topics" value="art" checked> art</label>',
    );
    expect(String(shown.body)).toContain(
      '<input type="checkbox" name="topics" value="science"> science</label>',
    );
    const form = (body: string) =>
      call(handler, 'POST', '/preferences', tok, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const refused = await form('topics=art%2C+cooking&timezone=Europe%2FParis');
    expect(refused.statusCode).toBe(400);
    const page = String(refused.body);
    expect(page).toContain(
      'Topics: &quot;cooking&quot; is not a topic of this list (its topics: art, science)',
    );
    expect(page).toContain('name="topics" value="art" checked>');
    expect(page).not.toContain('value="cooking"');
    const json = await call(handler, 'POST', '/preferences', tok, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topics: ['cooking'] }),
    });
    expect(json.statusCode).toBe(400);
    expect(JSON.parse(String(json.body)).error).toMatch(/^Topics: "cooking" is not a topic of this list/);
    expect(await store.get('weekly', 'pick@example.org')).toMatchObject({ topics: ['art'], timezone: null });

    expect((await form('topics=science&timezone=Europe%2FParis')).statusCode).toBe(200);
    expect(await store.get('weekly', 'pick@example.org')).toMatchObject({
      topics: ['science'],
      timezone: 'Europe/Paris',
    });
    // The boxes as a browser posts them: each ticked one a value; none ticked is every topic.
    expect((await form('topics-shown=1&topics=art&topics=science&timezone=')).statusCode).toBe(200);
    expect((await store.get('weekly', 'pick@example.org'))?.topics).toEqual(['art', 'science']);
    expect((await form('topics-shown=1&timezone=')).statusCode).toBe(200);
    expect((await store.get('weekly', 'pick@example.org'))?.topics).toEqual([]);
  });

  it('preferences after leaving the list: no form whose Save does nothing, and a link to subscribe again', async () => {
    await postSubscribe(JSON.stringify({ email: 'gone@example.org' }));
    await confirmThenLeave('gone@example.org');
    const handler = preferencesHandler.createHandler(deps);
    const shown = String(
      (await call(handler, 'GET', '/preferences', token('gone@example.org', 'preferences'))).body,
    );
    expect(shown).toContain('You are not subscribed to');
    expect(shown).toContain(`<a href="${BASE}/lists/default/subscribe">Subscribe to`);
    expect(shown).not.toContain('<form');
    expect(shown).not.toContain('>Save<');
  });

  it('preferences: leaving a list says so, with the way back to subscribe, not "Your preferences are saved."', async () => {
    for (const list of ['default', 'weekly']) {
      await postSubscribe(JSON.stringify({ email: 'both@example.org', list }));
      await call(
        confirmHandler.createHandler(deps),
        'POST',
        '/confirm',
        token('both@example.org', 'confirm', now, list),
      );
    }
    const handler = preferencesHandler.createHandler(deps);
    const tok = token('both@example.org', 'preferences');
    const form = (body: string) =>
      call(handler, 'POST', '/preferences', tok, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    // Another list left from the token's list's page: the token's list keeps its settings, saved.
    const other = await form('topics-shown=1&topics=art&timezone=&leave=weekly');
    expect(other.statusCode).toBe(200);
    const otherPage = String(other.body);
    expect(otherPage).toContain(
      '<strong>You left The Weekly Test: you will no longer receive it. Your other preferences are saved.</strong>',
    );
    expect(otherPage).toContain(
      `<a href="${BASE}/lists/weekly/subscribe">Subscribe to The Weekly Test again</a>`,
    );
    expect((await store.get('weekly', 'both@example.org'))?.status).toBe('unsubscribed');
    expect((await store.get('default', 'both@example.org'))?.topics).toEqual(['art']);
    // The token's own list left: told so once, with one way back.
    const own = String((await form('topics-shown=1&timezone=&leave=default')).body);
    expect(own).toContain('<strong>You left The Test Digest: you will no longer receive it.</strong>');
    expect(own).not.toContain('Your preferences are saved.');
    expect(own).not.toContain('Your other preferences');
    expect(own.split(`<a href="${BASE}/lists/default/subscribe">`)).toHaveLength(2);
    expect((await store.get('default', 'both@example.org'))?.status).toBe('unsubscribed');
  });

  it('preferences on a list that offers no topics: no topics field, and topics sent are dropped', async () => {
    await postSubscribe(JSON.stringify({ email: 'plain@example.org', list: 'plain' }));
    await call(
      confirmHandler.createHandler(deps),
      'POST',
      '/confirm',
      token('plain@example.org', 'confirm', now, 'plain'),
    );
    const handler = preferencesHandler.createHandler(deps);
    const tok = token('plain@example.org', 'preferences', now, 'plain');
    const shown = String((await call(handler, 'GET', '/preferences', tok)).body);
    expect(shown).not.toContain('name="topics"');
    expect(shown).toContain('name="timezone"');
    const saved = await call(handler, 'POST', '/preferences', tok, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'topics=cooking&timezone=Asia%2FTokyo',
    });
    expect(saved.statusCode).toBe(200);
    expect(await store.get('plain', 'plain@example.org')).toMatchObject({
      topics: [],
      timezone: 'Asia/Tokyo',
    });
  });
});

describe('tokens on confirm, unsubscribe and preferences', () => {
  beforeEach(async () => {
    await postSubscribe(JSON.stringify({ email: 'tok@example.org' }));
  });
  const forged = `v1.${Buffer.from(JSON.stringify({ e: 'tok@example.org', l: 'default', p: 'confirm', iat: 1 })).toString('base64url')}.${'B'.repeat(43)}`;

  it.each([
    { name: 'missing', tok: '', status: 400 },
    { name: 'malformed', tok: 'abc.def', status: 400 },
    { name: 'forged', tok: forged, status: 403 },
    {
      name: 'other secret',
      tok: signToken({ email: 'tok@example.org', list: 'default', purpose: 'confirm' }, 'nope', new Date()),
      status: 403,
    },
    { name: 'unsubscribe token used to confirm', tok: 'unsubscribe', status: 403 },
    { name: 'expired (8 days old)', tok: 'expired', status: 403 },
  ])('confirm with a $name token → $status, nothing changes', async ({ tok, status }) => {
    const value =
      tok === 'unsubscribe'
        ? token('tok@example.org', 'unsubscribe')
        : tok === 'expired'
          ? token('tok@example.org', 'confirm', new Date(now.getTime() - 8 * 86_400_000))
          : tok;
    const res = await call(confirmHandler.createHandler(deps), 'POST', '/confirm', value);
    expect(res.statusCode).toBe(status);
    expect((await store.get('default', 'tok@example.org'))?.status).toBe('pending');
  });

  it('GET and HEAD /confirm show a confirm button and change nothing; only POST confirms', async () => {
    const handler = confirmHandler.createHandler(deps);
    const before = await store.get('default', 'tok@example.org');
    for (const method of ['GET', 'HEAD']) {
      const res = await call(handler, method, '/confirm', token('tok@example.org', 'confirm'));
      expect(res.statusCode).toBe(200);
      expect(await store.get('default', 'tok@example.org')).toEqual(before);
    }
    const page = String((await call(handler, 'GET', '/confirm', token('tok@example.org', 'confirm'))).body);
    expect(page).toMatch(/<form method="post" action="confirm\?token=[^"]+"><button type="submit">/);
    expect((await call(handler, 'POST', '/confirm', token('tok@example.org', 'confirm'))).statusCode).toBe(
      200,
    );
    expect((await store.get('default', 'tok@example.org'))?.status).toBe('confirmed');
  });

  it('GET /confirm of a link that can no longer confirm says where the reader stands, with no confirm button', async () => {
    const handler = confirmHandler.createHandler(deps);
    const open = async (email: string) => {
      const res = await call(handler, 'GET', '/confirm', token(email, 'confirm'));
      const body = String(res.body);
      expect(body, email).not.toContain('<form');
      expect(body, email).not.toContain('Confirm subscription');
      return { status: res.statusCode, body };
    };
    // Confirmed a moment ago, the link opened again: subscribed, with the reader's own links.
    await call(handler, 'POST', '/confirm', token('tok@example.org', 'confirm'));
    const subscribed = await open('tok@example.org');
    expect(subscribed.status).toBe(200);
    expect(subscribed.body).toContain('<title>Already subscribed to The Test Digest</title>');
    expect(subscribed.body).toContain('<h1>You are already subscribed</h1>');
    expect(subscribed.body).toContain(`<a href="${BASE}/preferences?token=`);
    expect(subscribed.body).toContain(`<a href="${BASE}/unsubscribe?token=`);

    // Confirmed, then left: the link no longer subscribes; the way back is the subscribe page.
    await postSubscribe(JSON.stringify({ email: 'gone@example.org' }));
    await confirmThenLeave('gone@example.org');
    const left = await open('gone@example.org');
    expect(left.status).toBe(409);
    expect(left.body).toContain('<h1>You left this list</h1>');
    expect(left.body).toContain(`<a href="${BASE}/lists/default/subscribe">Subscribe to The Test Digest</a>`);

    // Removed by an operator (or forgotten): nothing to confirm.
    await postSubscribe(JSON.stringify({ email: 'removed@example.org' }));
    await store.remove('default', 'removed@example.org');
    const removed = await open('removed@example.org');
    expect(removed.status).toBe(409);
    expect(removed.body).toContain('<h1>Nothing to confirm</h1>');
    expect(removed.body).toContain(`<a href="${BASE}/lists/default/subscribe">`);

    // Pending, but the address is suppressed: subscribing it again would do nothing; another address would.
    now = new Date(now.getTime() + 11 * 60_000);
    await postSubscribe(JSON.stringify({ email: 'bounced@example.org' }));
    await store.suppress('bounced@example.org', 'bounce', now.toISOString());
    const suppressed = await open('bounced@example.org');
    expect(suppressed.status).toBe(409);
    expect(suppressed.body).toContain('<h1>We no longer send mail to this address</h1>');
    expect(suppressed.body).toContain('subscribe with another address');

    // Each GET changed nothing.
    expect((await store.get('default', 'gone@example.org'))?.status).toBe('unsubscribed');
    expect((await store.get('default', 'bounced@example.org'))?.status).toBe('pending');
  });

  it('a second click of the confirm button says "You are subscribed", as the first did', async () => {
    const handler = confirmHandler.createHandler(deps);
    for (const _ of [1, 2]) {
      const res = await call(handler, 'POST', '/confirm', token('tok@example.org', 'confirm'));
      expect(res.statusCode).toBe(200);
      expect(String(res.body)).toContain('<h1>You are subscribed</h1>');
    }
  });

  it.each([
    { name: 'malformed', tok: 'abc.def', status: 400 },
    { name: 'cross-purpose', tok: 'unsubscribe', status: 403 },
  ])('GET /confirm with a $name token → $status', async ({ tok, status }) => {
    const value = tok === 'unsubscribe' ? token('tok@example.org', 'unsubscribe') : tok;
    expect((await call(confirmHandler.createHandler(deps), 'GET', '/confirm', value)).statusCode).toBe(
      status,
    );
  });

  it('confirm → 200 and consent recorded; again → 200, unchanged', async () => {
    const handler = confirmHandler.createHandler(deps);
    const res = await call(handler, 'POST', '/confirm', token('tok@example.org', 'confirm'));
    expect(res.statusCode).toBe(200);
    const confirmed = await store.get('default', 'tok@example.org');
    expect(confirmed).toMatchObject({
      status: 'confirmed',
      consent: { method: 'double-opt-in', ip: '192.0.2.10', at: now.toISOString() },
    });
    now = new Date(now.getTime() + 60_000);
    expect((await call(handler, 'POST', '/confirm', token('tok@example.org', 'confirm'))).statusCode).toBe(
      200,
    );
    expect(await store.get('default', 'tok@example.org')).toEqual(confirmed);
  });

  it('unsubscribe: GET never changes anything; POST one-click → 200; again → 200, unchanged', async () => {
    await call(confirmHandler.createHandler(deps), 'POST', '/confirm', token('tok@example.org', 'confirm'));
    const handler = unsubscribeHandler.createHandler(deps);
    const tok = token('tok@example.org', 'unsubscribe');
    const page = await call(handler, 'GET', '/unsubscribe', tok);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('method="post"');
    expect(page.body).not.toMatch(/<script/i);
    expect(page.headers?.['set-cookie']).toBeUndefined();
    expect((await store.get('default', 'tok@example.org'))?.status).toBe('confirmed');

    for (const t of ['preferences', 'confirm'] as const) {
      const cross = await call(handler, 'POST', '/unsubscribe', token('tok@example.org', t), {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(cross.statusCode).toBe(403);
    }
    expect((await store.get('default', 'tok@example.org'))?.status).toBe('confirmed');

    const post = () =>
      call(handler, 'POST', '/unsubscribe', tok, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
    const oversized = await call(handler, 'POST', '/unsubscribe', tok, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `List-Unsubscribe=One-Click&pad=${'x'.repeat(9000)}`,
    });
    expect(oversized.statusCode).toBe(413);
    expect((await store.get('default', 'tok@example.org'))?.status).toBe('confirmed');

    expect((await post()).statusCode).toBe(200);
    const after = await store.get('default', 'tok@example.org');
    expect(after?.status).toBe('unsubscribed');
    now = new Date(now.getTime() + 60_000);
    expect((await post()).statusCode).toBe(200);
    // a client with an odd Content-Type still gets its 200
    const odd = await call(handler, 'POST', '/unsubscribe', tok, {
      headers: { 'content-type': 'text/plain' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(odd.statusCode).toBe(200);
    expect(await store.get('default', 'tok@example.org')).toEqual(after);
  });

  it('unsubscribe: the page says what happened and how to come back; a link opened after leaving offers no button', async () => {
    const handler = unsubscribeHandler.createHandler(deps);
    const tok = token('tok@example.org', 'unsubscribe');
    await call(confirmHandler.createHandler(deps), 'POST', '/confirm', token('tok@example.org', 'confirm'));
    const left = String(
      (
        await call(handler, 'POST', '/unsubscribe', tok, {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        })
      ).body,
    );
    expect(left).toContain('<h1>You are unsubscribed</h1>');
    expect(left).toContain(
      `<a href="${BASE}/lists/default/subscribe">Subscribe to The Test Digest again</a>`,
    );

    // The link of an older issue, opened later: nothing to unsubscribe from, and no button that changes nothing.
    for (const email of ['tok@example.org', 'never@example.org']) {
      const res = await call(handler, 'GET', '/unsubscribe', token(email, 'unsubscribe'));
      expect(res.statusCode, email).toBe(200);
      const body = String(res.body);
      expect(body, email).toContain('<h1>You are not subscribed</h1>');
      expect(body, email).not.toContain('<form');
      expect(body, email).toContain(`<a href="${BASE}/lists/default/subscribe">`);
    }
    expect((await store.get('default', 'tok@example.org'))?.status).toBe('unsubscribed');
    expect(await store.get('default', 'never@example.org')).toBeNull();
  });

  it('preferences: GET shows, POST changes topics and time zone; invalid input → 400', async () => {
    await call(confirmHandler.createHandler(deps), 'POST', '/confirm', token('tok@example.org', 'confirm'));
    const handler = preferencesHandler.createHandler(deps);
    const tok = token('tok@example.org', 'preferences');
    const page = await call(handler, 'GET', '/preferences', tok);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('tok@example.org');
    const res = await call(handler, 'POST', '/preferences', tok, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'topics=Science%2C+art&timezone=Europe%2FBerlin',
    });
    expect(res.statusCode).toBe(200);
    expect(await store.get('default', 'tok@example.org')).toMatchObject({
      topics: ['art', 'science'],
      timezone: 'Europe/Berlin',
    });
    const bad = await call(handler, 'POST', '/preferences', tok, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'timezone=Nowhere%2FLand',
    });
    expect(bad.statusCode).toBe(400);
    expect((await store.get('default', 'tok@example.org'))?.timezone).toBe('Europe/Berlin');
    // page values are escaped
    await store.put({ ...(await store.get('default', 'tok@example.org'))!, topics: ['<b>x</b>'] });
    expect((await call(handler, 'GET', '/preferences', tok)).body).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});

describe('consent records survive export and import', () => {
  it('a user agent with control characters is stored without them, so the export re-imports whole', async () => {
    const agent = 'Agent/1.0\tbuild 7\u0001\u007f (x)';
    const withAgent = (e: HttpEvent): HttpEvent => ({
      ...e,
      headers: { ...e.headers, 'user-agent': agent },
      requestContext: { ...e.requestContext, http: { ...e.requestContext.http, userAgent: agent } },
    });
    const subscribed = await subscribeHandler.createHandler(deps)(
      withAgent(
        event({
          method: 'POST',
          path: '/subscribe',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'agent@example.org' }),
        }),
      ),
    );
    expect(subscribed.statusCode).toBe(202);
    const confirmed = await confirmHandler.createHandler(deps)(
      withAgent(
        event({ method: 'POST', path: '/confirm', query: { token: token('agent@example.org', 'confirm') } }),
      ),
    );
    expect(confirmed.statusCode).toBe(200);
    const record = await store.get('default', 'agent@example.org');
    expect(record?.consent?.userAgent).toBe('Agent/1.0 build 7 (x)');

    const csv = await exportSubscribersCsv(store, 'default');
    const name = `subscribers-reimport-${tables}`;
    await ensureTable(dynamo.client, subscribersTableDefinition(name));
    const fresh = new DynamoSubscriberStore(dynamo.client, name);
    const rejected: string[] = [];
    const report = await importSubscribers(
      { subscribers: fresh, clock: { now: () => now }, subscription: () => deps },
      {
        text: csv,
        list: 'default',
        confirmed: false,
        onRejected: (line, reason) => rejected.push(`${line}: ${reason}`),
      },
    );
    expect(rejected).toEqual([]);
    expect(report.confirmed).toBe(1);
    expect((await fresh.get('default', 'agent@example.org'))?.consent).toEqual(record?.consent);
  });
});

describe('the buttons of the subscriber pages under a base path', () => {
  it('confirm, unsubscribe and preferences post back to the page they are on, under any base path', async () => {
    // The API behind a custom domain mapped at a path: mail links are https://news.example.org/digest/<route>.
    const base = 'https://news.example.org/digest';
    await postSubscribe(JSON.stringify({ email: 'path@example.org' }));
    for (const [route, create] of [
      ['confirm', confirmHandler.createHandler],
      ['unsubscribe', unsubscribeHandler.createHandler],
      ['preferences', preferencesHandler.createHandler],
    ] as const) {
      if (route === 'preferences')
        await call(
          confirmHandler.createHandler(deps),
          'POST',
          '/confirm',
          token('path@example.org', 'confirm'),
        );
      const tok = token('path@example.org', route);
      const pageUrl = `${base}/${route}?token=${encodeURIComponent(tok)}`;
      const shown = await call(create(deps), 'GET', `/${route}`, tok);
      expect(shown.statusCode, route).toBe(200);
      const action = /<form method="post" action="([^"]+)"/
        .exec(String(shown.body))?.[1]
        ?.replaceAll('&amp;', '&');
      expect(action, route).toBeDefined();
      const target = new URL(action!, pageUrl);
      expect(target.origin + target.pathname, route).toBe(`${base}/${route}`);
      expect(target.searchParams.get('token'), route).toBe(tok);
    }
  });
});

describe('bad input on the subscriber pages: a clear error, nothing lost', () => {
  it('preferences: a bad topic or time zone shows the form again with what was typed, and names the field', async () => {
    await postSubscribe(JSON.stringify({ email: 'keep@example.org' }));
    await call(confirmHandler.createHandler(deps), 'POST', '/confirm', token('keep@example.org', 'confirm'));
    const handler = preferencesHandler.createHandler(deps);
    const tok = token('keep@example.org', 'preferences');
    const form = (body: string) =>
      call(handler, 'POST', '/preferences', tok, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    expect((await form('topics=rail%2C+sea&timezone=Europe%2FParis')).statusCode).toBe(200);

    const badZone = await form('topics=rail%2C+sea%2C+campus&timezone=Europe%2FPariss');
    expect(badZone.statusCode).toBe(400);
    const zonePage = String(badZone.body);
    expect(zonePage).toMatch(/^<!doctype html>/);
    // In a reader's words, with the form's suggestions of the names it knows.
    expect(zonePage).toContain(
      'Time zone: &quot;Europe/Pariss&quot; is not a time zone name we know. Write the region and the city, as in Europe/Paris',
    );
    expect(zonePage).not.toContain('IANA');
    // What the person typed is in the form, ready to correct and send again.
    for (const topic of ['rail', 'sea'])
      expect(zonePage).toContain(`name="topics" value="${topic}" checked>`);
    expect(zonePage).toContain('name="timezone" value="Europe/Pariss" list="time-zones"');
    expect(zonePage).toContain('<datalist id="time-zones">');
    expect(zonePage).toContain('<option value="Europe/Paris">');
    expect(zonePage.match(/<option value="/g)?.length).toBeGreaterThan(300);
    expect(zonePage).toContain(`action="preferences?token=${encodeURIComponent(tok)}"`);

    const badTopic = await form('topics=rail%2C+%3Cb%3Ebold%3C%2Fb%3E&timezone=Asia%2FTokyo');
    expect(badTopic.statusCode).toBe(400);
    const topicPage = String(badTopic.body);
    expect(topicPage).toMatch(/Topics: a topic is/);
    expect(topicPage).toContain('name="topics" value="rail" checked>');
    expect(topicPage).toContain('name="timezone" value="Asia/Tokyo"');
    expect(topicPage).not.toContain('<b>bold</b>');

    // Nothing changed.
    expect(await store.get('default', 'keep@example.org')).toMatchObject({
      topics: ['rail', 'sea'],
      timezone: 'Europe/Paris',
    });
  });

  it('every HTML error answer is a whole page (doctype, charset, title), its message escaped', async () => {
    const answers = [
      await postSubscribe('email=not-an-address', 'application/x-www-form-urlencoded'),
      await postSubscribe('email=x%40example.org&list=nope', 'application/x-www-form-urlencoded'),
      await postSubscribe('x'.repeat(9000), 'application/x-www-form-urlencoded'),
      await postSubscribe('email=x%40example.org', 'text/plain'),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([400, 404, 413, 415]);
    for (const answer of answers) {
      const body = String(answer.body);
      expect(body).toMatch(/^<!doctype html>/);
      expect(body).toContain('<meta charset="utf-8">');
      expect(body).toMatch(/<title>[^<]+<\/title>/);
      expect(answer.headers?.['content-type']).toBe('text/html; charset=utf-8');
    }
    expect(String(answers[0]!.body)).toContain('Please check the address: ');
  });
});

describe('feedback (SNS → SES events)', () => {
  const sns = (...messages: unknown[]): SNSEvent => ({
    Records: messages.map((m, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn',
      Sns: {
        Message: typeof m === 'string' ? m : JSON.stringify(m),
        MessageId: `m${i}`,
      } as SNSEvent['Records'][number]['Sns'],
    })),
  });

  it('suppresses permanent bounces and complaints in both shapes; ignores the rest', async () => {
    const handler = feedbackHandler.createHandler({ store, clock: { now: () => now }, log: silent });
    const summary = await handler(
      sns(
        {
          eventType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bouncedRecipients: [{ emailAddress: 'hard@example.org' }],
            timestamp: '2026-05-01T08:00:00.000Z',
          },
          mail: {},
        },
        {
          notificationType: 'Bounce',
          bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Old <old@example.org>' }] },
          mail: {},
        },
        {
          eventType: 'Bounce',
          bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'full@example.org' }] },
          mail: {},
        },
        {
          notificationType: 'Complaint',
          complaint: { complainedRecipients: [{ emailAddress: 'angry@example.org' }] },
          mail: {},
        },
        {
          eventType: 'Complaint',
          complaint: { complainedRecipients: [{ emailAddress: 'Cross@Example.org' }] },
          mail: {},
        },
        { eventType: 'Delivery', delivery: {}, mail: {} },
        { notificationType: 'Delivery', mail: {} },
        'not json',
      ),
    );
    expect(summary).toEqual({
      suppressed: 4,
      ignored: { 'Bounce:Transient': 1, Delivery: 2 },
      unreadable: 1,
    });
    for (const email of ['hard@example.org', 'old@example.org', 'angry@example.org', 'cross@example.org'])
      expect(await store.isSuppressed(email), email).toBe(true);
    expect(await store.isSuppressed('full@example.org')).toBe(false);
    expect((await store.getSuppression('hard@example.org'))?.firstAt).toBe('2026-05-01T08:00:00.000Z');

    // A suppressed complainer cannot subscribe again, and the answer does not say so.
    const res = await postSubscribe(JSON.stringify({ email: 'angry@example.org' }));
    expect(res.statusCode).toBe(202);
    expect(mails()).toHaveLength(0);
  });
});

describe('inbound unsubscribe mail', () => {
  async function received(
    subject: string,
    to = 'unsubscribe@example.org',
    text = 'please remove me',
  ): Promise<SNSEvent> {
    return receivedRaw(
      await new MailComposer({ from: 'tok@example.org', to, subject, text }).compile().build(),
    );
  }

  function receivedRaw(raw: Buffer): SNSEvent {
    const message = {
      notificationType: 'Received',
      mail: {},
      receipt: { action: { type: 'SNS', encoding: 'BASE64' } },
      content: raw.toString('base64'),
    };
    return {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: 'a',
          Sns: { Message: JSON.stringify(message), MessageId: 'x' } as SNSEvent['Records'][number]['Sns'],
        },
      ],
    };
  }

  it('unsubscribes by the token in the subject, the plus-part or the body; other tokens change nothing', async () => {
    await postSubscribe(JSON.stringify({ email: 'tok@example.org' }));
    await call(confirmHandler.createHandler(deps), 'POST', '/confirm', token('tok@example.org', 'confirm'));
    const handler = inboundHandler.createHandler({
      store,
      secret: SECRET,
      clock: { now: () => now },
      log: silent,
    });

    expect(await handler(await received(token('tok@example.org', 'confirm')))).toEqual({
      unsubscribed: 0,
      unchanged: 0,
      noToken: 1,
    });
    expect(await handler(await received('unsubscribe'))).toEqual({
      unsubscribed: 0,
      unchanged: 0,
      noToken: 1,
    });
    expect((await store.get('default', 'tok@example.org'))?.status).toBe('confirmed');

    expect(await handler(await received(token('tok@example.org', 'unsubscribe')))).toEqual({
      unsubscribed: 1,
      unchanged: 0,
      noToken: 0,
    });
    expect((await store.get('default', 'tok@example.org'))?.status).toBe('unsubscribed');
    expect(
      await handler(
        await received(
          'Re: hello',
          'unsubscribe@example.org',
          `token: ${token('tok@example.org', 'unsubscribe')}`,
        ),
      ),
    ).toEqual({
      unsubscribed: 0,
      unchanged: 1,
      noToken: 0,
    });
  });

  it('finds the token in the plus-part of a group member or of Delivered-To, and drops a mail nested too deep', async () => {
    await postSubscribe(JSON.stringify({ email: 'plus@example.org' }));
    await call(confirmHandler.createHandler(deps), 'POST', '/confirm', token('plus@example.org', 'confirm'));
    await postSubscribe(JSON.stringify({ email: 'deliv@example.org' }));
    await call(confirmHandler.createHandler(deps), 'POST', '/confirm', token('deliv@example.org', 'confirm'));
    const handler = inboundHandler.createHandler({
      store,
      secret: SECRET,
      clock: { now: () => now },
      log: silent,
    });
    const mail = (headers: string, body = 'remove me') =>
      receivedRaw(
        Buffer.from(`From: someone@example.org\r\nSubject: Re: hello\r\n${headers}\r\n\r\n${body}\r\n`),
      );

    const group = `To: Unsubscribe: list@example.org, unsubscribe+${token('plus@example.org', 'unsubscribe')}@example.org;`;
    expect(await handler(mail(group))).toEqual({ unsubscribed: 1, unchanged: 0, noToken: 0 });
    expect((await store.get('default', 'plus@example.org'))?.status).toBe('unsubscribed');

    const deliveredTo = `To: list@example.org\r\nDelivered-To: unsubscribe+${token('deliv@example.org', 'unsubscribe')}@example.org`;
    expect(await handler(mail(deliveredTo))).toEqual({ unsubscribed: 1, unchanged: 0, noToken: 0 });
    expect((await store.get('default', 'deliv@example.org'))?.status).toBe('unsubscribed');

    // Forty nested multiparts around a valid token: refused unread, nothing changes, no retry.
    const depth = 40;
    let nested = `Content-Type: text/plain\r\n\r\n${token('tok@example.org', 'unsubscribe')}\r\n`;
    for (let i = 0; i < depth; i++)
      nested = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${nested}--b${i}--\r\n`;
    const [headers, ...body] = nested.split('\r\n\r\n');
    expect(await handler(mail(`To: list@example.org\r\n${headers}`, body.join('\r\n\r\n')))).toEqual({
      unsubscribed: 0,
      unchanged: 0,
      noToken: 1,
    });
  });
});
