import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listHeaders, MimeTemplate } from '../../functions/adapters/mime.js';
import {
  classifySendError,
  createSesClient,
  decodeTagValue,
  encodeTagValue,
  SesMailer,
  TAG_DELIVERY,
  TagEncodingError,
} from '../../functions/adapters/ses-mailer.js';
import { compilePersonalisation, personalise } from '../../functions/core/personalise.js';
import { PLACEHOLDERS } from '../../functions/core/placeholders.js';
import {
  type FaultProxy,
  LOCAL_SES_CREDENTIALS,
  type SesLocal,
  startSesLocal,
} from '../support/fault-proxy.js';
import { header, parseMail } from '../support/mail.js';

const CREDENTIALS = LOCAL_SES_CREDENTIALS;
let sesLocal: SesLocal;
let proxy: FaultProxy;

beforeAll(async () => {
  sesLocal = await startSesLocal({ maxSendRate: 14 });
  proxy = sesLocal.proxy;
});
afterAll(async () => {
  await sesLocal?.close();
});
beforeEach(async () => {
  await sesLocal.clearStore();
  proxy.accepted.length = 0;
  proxy.setRates({});
});

const RENDERED = {
  html: `<html><body><h1>Harbour “reopens”</h1><p>Ünïcode text.</p><a href="${PLACEHOLDERS.unsubscribeUrl}">Unsubscribe</a> · <a href="${PLACEHOLDERS.preferencesUrl}">Preferences</a></body></html>`,
  text: `Harbour “reopens”\n\nÜnïcode text.\n\nUnsubscribe: ${PLACEHOLDERS.unsubscribeUrl}\nPreferences: ${PLACEHOLDERS.preferencesUrl}\n`,
};

function mailer(endpoint: string, responseTimeoutMs = 2_000) {
  const client = createSesClient({
    endpoint,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    responseTimeoutMs,
  });
  return new SesMailer({ client, configurationSetName: 'digest-events', callTimeoutMs: 5_000 });
}

describe('SesMailer against aws-ses-v2-local', () => {
  it('delivers a personalised multipart message with our headers and tags', async () => {
    const ses = mailer(proxy.url);
    const template = await MimeTemplate.compile({
      from: 'Daily Digest <digest@example.org>',
      subject: 'Harbour “reopens”',
    });
    const split = compilePersonalisation(RENDERED);
    const links = {
      unsubscribeUrl: 'https://digest.example.org/unsubscribe?token=v1.abc&x=1',
      preferencesUrl: 'https://digest.example.org/preferences?token=v1.def',
    };
    const body = personalise(split, links);
    const raw = await template.render({
      to: 'reader@example.net',
      messageId: 'iss-1.aa.1@example.org',
      deliveryId: 'iss-1.aa',
      headers: listHeaders({
        unsubscribeUrl: links.unsubscribeUrl,
        list: 'default',
        listIdDomain: 'example.org',
      }),
      ...body,
    });
    const sent = await ses.sendRaw(
      { to: 'reader@example.net', raw, messageId: 'iss-1.aa.1@example.org', deliveryId: 'iss-1.aa' },
      { 'digest-issue': 'iss-1' },
    );
    expect(sent.messageId).toMatch(/^ses-\d+$/);

    const stored = await sesLocal.stored();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.destination.to).toEqual(['reader@example.net']);
    const eml = (await (
      await fetch(`${sesLocal.emulator.url}/get-emlContent?messageId=${sent.messageId}`)
    ).json()) as {
      body: { type: 'Buffer'; data: number[] };
    };
    const parsed = await parseMail(Buffer.from(eml.body.data));
    expect(parsed.subject).toBe('Harbour “reopens”');
    expect(parsed.text).toContain('Unsubscribe: https://digest.example.org/unsubscribe?token=v1.abc&x=1');
    expect(parsed.html).toContain('href="https://digest.example.org/unsubscribe?token=v1.abc&amp;x=1"');
    expect(parsed.html).toContain('href="https://digest.example.org/preferences?token=v1.def"');
    expect(parsed.html).not.toContain('%%{');

    // the emulator's store drops custom headers: check the bytes it accepted (seen by the proxy)
    expect(proxy.accepted).toHaveLength(1);
    const accepted = proxy.accepted[0]!;
    expect(accepted.sesMessageId).toBe(sent.messageId);
    expect(accepted.configurationSet).toBe('digest-events');
    expect(decodeTagValue(accepted.tags[TAG_DELIVERY]!)).toBe('iss-1.aa');
    expect(accepted.tags['digest-issue']).toBe('iss-1');
    const original = await parseMail(accepted.raw);
    expect(header(original, 'x-digest-delivery')).toBe('iss-1.aa');
    expect(header(original, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(accepted.raw.toString('latin1')).toContain(
      'List-Unsubscribe: <https://digest.example.org/unsubscribe?token=v1.abc&x=1>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n',
    );
    expect(original.text).toBe(body.text);
    expect(original.html).toBe(body.html);
  });

  it('sends a tracked message through the tracking configuration set and every other one through the plain one', async () => {
    const client = createSesClient({ endpoint: proxy.url, region: 'us-east-1', credentials: CREDENTIALS });
    const ses = new SesMailer({
      client,
      configurationSetName: 'digest-events',
      trackingConfigurationSetName: 'digest-tracking',
      callTimeoutMs: 5_000,
    });
    // without a tracking set, a tracked message still goes out, untracked
    const plain = new SesMailer({ client, configurationSetName: 'digest-events', callTimeoutMs: 5_000 });
    const raw = Buffer.from('From: a@example.org\r\nTo: r@example.net\r\nSubject: t\r\n\r\nhello\r\n');
    const message = { to: 'r@example.net', raw, messageId: 'm@example.org', deliveryId: 'iss-2.aa' };
    const tags = { 'digest-issue': 'iss-2', 'digest-list': 'weekly' };
    await ses.sendRaw(message, tags, { tracking: true });
    await ses.sendRaw(message, tags, { tracking: false });
    await ses.sendRaw(message, tags);
    await plain.sendRaw(message, tags, { tracking: true });
    expect(proxy.accepted.slice(-4).map((a) => a.configurationSet)).toEqual([
      'digest-tracking',
      'digest-events',
      'digest-events',
      'digest-events',
    ]);
  });

  it('answers GetSendQuota through the proxy and caches it', async () => {
    const ses = mailer(proxy.url);
    const before = proxy.stats.quotaAnswers;
    expect(await ses.maxSendRate()).toBe(14);
    expect(await ses.maxSendRate()).toBe(14);
    expect(proxy.stats.quotaAnswers).toBe(before + 1);
  });

  it.each([
    ['throttle', 'retry', /Throttling/],
    ['serverError', 'retry', /HTTP 50[03]/],
    ['loseAnswer', 'ambiguous', /after the request was sent/],
    ['slowTimeout', 'ambiguous', /ResponseTimeout after the request was sent/],
  ] as const)('classifies %s as %s', async (fault, kind, reason) => {
    const ses = mailer(proxy.url, 300);
    proxy.setRates({ [fault]: 1 });
    const error = await ses
      .send({
        to: 'r@example.net',
        from: 'd@example.org',
        subject: 's',
        html: '<p>x</p>',
        text: 'x',
        deliveryId: 'd1',
      })
      .catch((e: unknown) => e);
    const classified = classifySendError(error);
    expect(classified.kind).toBe(kind);
    expect(classified.reason).toMatch(reason);
  });

  it('a rejection naming the recipient is recorded without the full address', async () => {
    const ses = mailer(proxy.url, 1_000);
    proxy.setRates({ reject: 1 });
    const error = await ses
      .send({
        to: 'victim.name@example.net',
        from: 'd@example.org',
        subject: 's',
        html: '<p>x</p>',
        text: 'x',
      })
      .catch((e: unknown) => e);
    proxy.setRates({});
    expect(String((error as Error).message)).toContain('victim.name@example.net');
    const classified = classifySendError(error);
    expect(classified.kind).toBe('permanent');
    expect(classified.reason).toContain('v***@example.net');
    expect(classified.reason).not.toContain('victim.name');
  });

  it('classifies a refused connection as safe to retry', async () => {
    const ses = mailer('http://127.0.0.1:1');
    const error = await ses
      .send({ to: 'r@example.net', from: 'd@example.org', subject: 's', html: '<p>x</p>', text: 'x' })
      .catch((e: unknown) => e);
    expect(classifySendError(error)).toEqual({
      kind: 'retry',
      reason: 'ECONNREFUSED before the request was sent',
    });
  });

  it('returns a slow answer below the timeout normally', async () => {
    const ses = mailer(proxy.url, 1_000);
    proxy.setRates({ slowOk: 1 });
    const sent = await ses.send({
      to: 'r@example.net',
      from: 'd@example.org',
      subject: 's',
      html: '<p>x</p>',
      text: 'x',
    });
    expect(sent.messageId).toMatch(/^ses-/);
  });
});

describe('tag encoding', () => {
  it.each(['2026-11-27-ab.c9', 'iss_1.x', 'ünï code', 'plain-id'])(
    'round-trips %s within the SES charset',
    (value) => {
      const encoded = encodeTagValue(value);
      expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeTagValue(encoded)).toBe(value);
    },
  );

  it.each(['_zz', 'a_4', 'has space', 'a.b'])('refuses %j as an encoded value', (value) => {
    expect(() => decodeTagValue(value)).toThrow(TagEncodingError);
  });
});
