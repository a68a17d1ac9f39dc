import { describe, expect, it } from 'vitest';
import {
  compileIssueMessage,
  composeMime,
  HeaderInjectionError,
  HeaderNotAllowedError,
  InvalidAddressError,
  listHeaders,
  MimeTemplate,
  UnsafeUrlError,
} from '../../functions/adapters/mime.js';
import { renderIssue } from '../../functions/adapters/render-issue.js';
import { compilePersonalisation, personalise, slotValues } from '../../functions/core/personalise.js';
import type { OutgoingMessage } from '../../functions/ports/mailer.js';
import { addresses, header, parseMail } from '../support/mail.js';
import { RENDER_OPTIONS, sampleIssue, sampleStory } from '../support/sample-issue.js';

// postal-mime keeps the line break before a quoted-printable part's closing boundary, which RFC 2046
// gives to the boundary (base64 parts decode exactly).
const partBody = (body: string | undefined) => body?.replace(/\n$/, '');

const HTML = '<p>Caf\u00e9 “quoted” <a href="https://example.org/u?token=a&amp;b=1">unsubscribe</a></p>';
const TEXT = 'Caf\u00e9 “quoted”\nUnsubscribe: https://example.org/u?token=a&b=1\n';
const LIST = listHeaders({
  unsubscribeUrl: 'https://example.org/unsubscribe?token=abc.def',
  unsubscribeMailbox: 'unsubscribe@example.org',
  unsubscribeMailtoSubject: 'unsubscribe abc.def',
  list: 'Morning Brief',
  listIdDomain: 'digest.example.org',
});

function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    to: 'reader@example.net',
    from: 'Daily Digest <digest@example.org>',
    subject: 'Tuesday: the harbour reopens',
    html: HTML,
    text: TEXT,
    deliveryId: 'iss-1.3f2a',
    headers: LIST,
    ...overrides,
  };
}

describe('composeMime', () => {
  it('builds multipart/alternative with both parts in UTF-8 and the list headers', async () => {
    const raw = await composeMime(message({ subject: 'Ünïcode — “news”' }), { messageId: 'x1@example.org' });
    const source = raw.toString('latin1');
    expect(source).toMatch(/Content-Type: multipart\/alternative/);
    expect(source).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    const parsed = await parseMail(raw);
    expect(parsed.subject).toBe('Ünïcode — “news”');
    expect(partBody(parsed.text)).toBe(TEXT);
    expect(partBody(parsed.html)).toBe(HTML);
    expect(parsed.messageId).toBe('<x1@example.org>');
    expect(header(parsed, 'x-digest-delivery')).toBe('iss-1.3f2a');
    expect(header(parsed, 'list-unsubscribe')).toBe(
      '<https://example.org/unsubscribe?token=abc.def>, <mailto:unsubscribe@example.org?subject=unsubscribe%20abc.def>',
    );
    expect(source).toContain(
      'List-Unsubscribe: <https://example.org/unsubscribe?token=abc.def>, <mailto:unsubscribe@example.org?subject=unsubscribe%20abc.def>\r\n',
    );
    expect(source).toMatch(/\r\nList-Id: "Morning Brief" <morning-brief\.digest\.example\.org>\r\n/i);
  });

  it.each([
    ['subject with CRLF', { subject: 'Hello\r\nBcc: victim@example.com' }, 'Subject'],
    ['subject with bare LF', { subject: 'Hello\nX-Evil: 1' }, 'Subject'],
    ['subject with bare CR', { subject: 'Hello\rX-Evil: 1' }, 'Subject'],
    ['subject with NUL', { subject: 'Hello\u0000' }, 'Subject'],
    ['subject with line separator', { subject: 'Hello\u2028Bcc: x@y.z' }, 'Subject'],
    ['subject with NEL', { subject: 'Hello\u0085Bcc: x@y.z' }, 'Subject'],
    ['display name with CRLF', { from: 'Eve\r\nBcc: x@y.z <digest@example.org>' }, 'From'],
    ['recipient with CRLF', { to: 'reader@example.net\r\nBcc: x@y.z' }, 'To'],
    ['reply-to with LF', { replyTo: 'a@b.org\nX-A: 1' }, 'Reply-To'],
    ['list header with CRLF', { headers: { 'List-Id': '<a.b>\r\nBcc: x@y.z' } }, 'List-Id'],
    ['delivery id with LF', { deliveryId: 'abc\nBcc: x@y.z' }, 'X-Digest-Delivery'],
  ])('rejects %s', async (_name, overrides, field) => {
    const error = await composeMime(message(overrides)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeaderInjectionError);
    expect((error as HeaderInjectionError).field).toBe(field);
  });

  it.each([
    ['two recipients', { to: 'a@example.org, b@example.org' }],
    ['a display name as recipient', { to: 'Eve <a@example.org>' }],
    ['no domain', { to: 'reader' }],
    ['two senders', { from: 'a@example.org, b@example.org' }],
  ])('rejects %s', async (_name, overrides) => {
    await expect(composeMime(message(overrides))).rejects.toBeInstanceOf(InvalidAddressError);
  });

  it('refuses header names outside the allow-list', async () => {
    await expect(composeMime(message({ headers: { Bcc: 'x@y.z' } }))).rejects.toBeInstanceOf(
      HeaderNotAllowedError,
    );
    await expect(composeMime(message({ headers: { 'Content-Type': 'text/html' } }))).rejects.toBeInstanceOf(
      HeaderNotAllowedError,
    );
  });

  it('keeps article text with CR/LF and header-like lines inside the body', async () => {
    const evil = 'Line one\r\nBcc: victim@example.com\r\n\r\n<script>x</script>';
    const raw = await composeMime(message({ text: evil, html: `<p>${evil}</p>` }));
    const parsed = await parseMail(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(header(parsed, 'bcc')).toBeUndefined();
    expect(parsed.text).toContain('Bcc: victim@example.com');
  });
});

describe('listHeaders', () => {
  it.each([
    ['http on a public host', 'http://example.org/unsubscribe?token=a'],
    ['javascript', 'javascript:alert(1)'],
    ['not a URL', 'unsubscribe here'],
  ])('refuses %s', (_name, url) => {
    expect(() => listHeaders({ unsubscribeUrl: url, list: 'x', listIdDomain: 'example.org' })).toThrow(
      UnsafeUrlError,
    );
  });

  it.each([
    'http://127.0.0.1:8787/unsubscribe?token=a',
    'http://localhost:3000/unsubscribe?token=a',
    'http://[::1]:8080/unsubscribe?token=a',
    'https://example.org/unsubscribe?token=a',
  ])('allows %s', (url) => {
    expect(
      listHeaders({ unsubscribeUrl: url, list: 'x', listIdDomain: 'example.org' })['List-Unsubscribe'],
    ).toBe(`<${url}>`);
  });

  it('refuses a mailbox that would smuggle a header', () => {
    expect(() =>
      listHeaders({
        unsubscribeUrl: 'https://example.org/u',
        unsubscribeMailbox: 'u@example.org>\r\nBcc: x@y.z',
        list: 'x',
        listIdDomain: 'example.org',
      }),
    ).toThrow(HeaderInjectionError);
  });
});

describe('MimeTemplate', () => {
  it('produces the same message as composeMime for each recipient', async () => {
    const date = new Date('2026-11-26T08:00:00Z');
    const template = await MimeTemplate.compile({
      from: 'Ünï Digest <digest@example.org>',
      subject: 'Ärger im Hafen — “news”',
      date,
    });
    for (const to of ['reader@example.net', 'other.reader+tag@example.com']) {
      const raw = await template.render({
        to,
        messageId: `m.${to.replace('@', '_')}@example.org`,
        deliveryId: 'iss-1.ab',
        headers: LIST,
        html: HTML,
        text: TEXT,
      });
      const parsed = await parseMail(raw);
      expect(addresses(parsed.to)).toEqual([to]);
      expect(parsed.from).toEqual({ name: 'Ünï Digest', address: 'digest@example.org' });
      expect(parsed.subject).toBe('Ärger im Hafen — “news”');
      expect(parsed.text).toBe(TEXT);
      expect(parsed.html).toBe(HTML);
      expect(parsed.date).toBe(date.toISOString());
      expect(header(parsed, 'x-digest-delivery')).toBe('iss-1.ab');
      expect(raw.toString('latin1')).toContain('\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n');
      expect(raw.toString('latin1')).toContain(`\r\nTo: ${to}\r\n`);
    }
  });

  it('validates per-recipient values like composeMime', async () => {
    const template = await MimeTemplate.compile({ from: 'digest@example.org', subject: 'S' });
    const base = { messageId: 'a@example.org', html: HTML, text: TEXT };
    await expect(
      template.render({ ...base, to: 'a@example.org\r\nBcc: b@example.org' }),
    ).rejects.toBeInstanceOf(HeaderInjectionError);
    await expect(
      template.render({ ...base, to: 'a@example.org', headers: { Bcc: 'x@y.z' } }),
    ).rejects.toBeInstanceOf(HeaderNotAllowedError);
    await expect(
      template.render({ ...base, to: 'a@example.org', messageId: 'a@example.org>\r\nX: y' }),
    ).rejects.toBeInstanceOf(HeaderInjectionError);
  });
});

describe('MimeTemplate slot markers', () => {
  const markers = ['to', 'mid', 'headers', 'text', 'html'].map((name) => `%%slot:${name}%%`);

  it('a subject made of every slot marker is delivered as text', async () => {
    const subject = `News ${markers.join(' ')} x`;
    for (const split of [undefined, compilePersonalisation({ html: `<p>${HTML}</p>`, text: TEXT })]) {
      const template = await MimeTemplate.compile({ from: 'digest@example.org', subject }, split);
      const recipient = { to: 'reader@example.net', messageId: 'a.b@example.org', headers: LIST };
      const links = { unsubscribeUrl: 'https://example.org/u', preferencesUrl: 'https://example.org/p' };
      const raw = split
        ? await template.renderSlotted(recipient, slotValues(links))
        : await template.render({ ...recipient, html: HTML, text: TEXT });
      const parsed = await parseMail(raw);
      expect(parsed.subject).toBe(subject);
      expect(addresses(parsed.to)).toEqual(['reader@example.net']);
    }
  });
});

describe('MimeTemplate with the issue bodies (quoted-printable, pieces encoded once)', () => {
  const U = '%%{unsubscribe_url}%%';
  const P = '%%{preferences_url}%%';
  const long = 'Ünïcode “prose” with = signs and trailing spaces   \n'.repeat(40);
  const rendered = {
    html: `<html><body><p>${long}</p><a href="${U}">Unsubscribe</a> <a href="${P}">Preferences</a> ${'x'.repeat(300)}${U}</body></html>`,
    text: `${long}\nUnsubscribe: ${U}\nPreferences: ${P}\n`,
  };

  it.each([
    ['short links', 'https://example.org/u?t=a&b=c', 'https://example.org/p?t=1'],
    [
      'long links that need wrapping',
      `https://example.org/unsubscribe?token=${'v1.'.padEnd(400, 'ab=')}`,
      `https://example.org/preferences?token=${'Z'.repeat(250)}`,
    ],
  ])('decodes to exactly the personalised bodies (%s)', async (_name, unsubscribeUrl, preferencesUrl) => {
    const split = compilePersonalisation(rendered);
    const template = await MimeTemplate.compile(
      { from: 'Digest <digest@example.org>', subject: 'Sübject' },
      split,
    );
    const links = { unsubscribeUrl, preferencesUrl };
    const raw = await template.renderSlotted(
      { to: 'reader@example.net', messageId: 'a.b@example.org', deliveryId: 'iss.1', headers: LIST },
      slotValues(links),
    );
    const source = raw.toString('latin1');
    expect(source.split('\r\n').every((line) => line.length <= 998)).toBe(true);
    expect(source).toContain('Content-Transfer-Encoding: quoted-printable');
    const parsed = await parseMail(raw);
    const expected = personalise(split, links);
    expect(partBody(parsed.html)).toBe(expected.html);
    expect(partBody(parsed.text)).toBe(expected.text);
    expect(header(parsed, 'x-digest-delivery')).toBe('iss.1');
  });

  it('takes the full MailComposer path for a non-ASCII address, with the same content', async () => {
    const split = compilePersonalisation(rendered);
    const template = await MimeTemplate.compile({ from: 'digest@example.org', subject: 'S' }, split);
    const links = { unsubscribeUrl: 'https://example.org/u', preferencesUrl: 'https://example.org/p' };
    const raw = await template.renderSlotted(
      { to: 'jürgen@example.de', messageId: 'a@example.org' },
      slotValues(links),
    );
    const parsed = await parseMail(raw);
    expect(partBody(parsed.html)).toBe(personalise(split, links).html);
  });
});

describe("an issue's message with date slots", () => {
  const issue = sampleIssue([{ ...sampleStory(0), published: '2026-11-26T23:30:00Z' }]);
  const rendered = renderIssue(issue, { ...RENDER_OPTIONS, timeZone: 'Europe/London' });
  const links = { unsubscribeUrl: 'https://example.org/u?t=a&b=c', preferencesUrl: 'https://example.org/p' };

  it.each([
    { zone: null, day: '26 November 2026', time: '26 Nov 2026, 23:30 GMT', to: 'reader@example.net' },
    {
      zone: 'Asia/Tokyo',
      day: '26 November 2026',
      time: '27 Nov 2026, 08:30 GMT+9',
      to: 'reader@example.net',
    },
    {
      zone: 'Pacific/Pago_Pago',
      day: '25 November 2026',
      time: '26 Nov 2026, 12:30 GMT-11',
      to: 'reader@example.net',
    },
    // a non-ASCII address takes the full MailComposer path, with the same dates
    {
      zone: 'Asia/Tokyo',
      day: '26 November 2026',
      time: '27 Nov 2026, 08:30 GMT+9',
      to: 'jürgen@example.de',
    },
  ])('a reader in $zone ($to) gets their dates in both parts', async ({ zone, day, time, to }) => {
    const split = compilePersonalisation(rendered);
    const message = await compileIssueMessage({ from: 'Digest <digest@example.org>', subject: 'S' }, split);
    const raw = await message.forRecipient({ to, messageId: 'a.b@example.org', headers: LIST }, links, zone);
    const parsed = await parseMail(raw);
    const expected = personalise(split, links, zone);
    expect(partBody(parsed.html)).toBe(expected.html);
    expect(partBody(parsed.text)).toBe(expected.text);
    expect(parsed.text).toContain(`Coastal Weekly · ${day} · 1 story`);
    expect(parsed.text).toContain(`By Ada Marsh · ${time}`);
    expect(parsed.html).toContain(`${day} · 1 story</p>`);
    expect(parsed.html).toContain(`By Ada Marsh · ${time}</p>`);
  });
});

describe('header line length (RFC 5322: at most 998 characters)', () => {
  /** The lines of the header block, as they are on the wire (folded). */
  const headerLines = (raw: Buffer) => raw.toString('latin1').split('\r\n\r\n')[0]!.split('\r\n');
  const run = (n: number, c = 'x') => c.repeat(n);
  const subjects: Array<[string, string]> = [
    ['an unbroken ASCII run of 2,000', run(2000)],
    ['a run of 995 (the limit, less the name)', run(995)],
    ['a long URL-like run among words', `Read https://example.org/${run(1200, 'a/')} today`],
    ['two long runs', `${run(600)} ${run(600, 'y')}`],
    ['a run that looks like an encoded word', `=?utf-8?Q?${run(1100, 'A')}?=`],
    ['a long non-ASCII run', run(1200, 'é')],
    ['a run of 70 after words', `Harbour news ${run(70)}`],
    ['an ordinary subject', 'Tuesday: the harbour reopens +2 more'],
  ];

  it.each(subjects)('composeMime keeps every header line within the limit: %s', async (_name, subject) => {
    const raw = await composeMime(message({ subject }), { messageId: 'x1@example.org' });
    for (const line of headerLines(raw)) expect(line.length).toBeLessThanOrEqual(998);
    // the subject itself is folded like any header (RFC 5322's 78 recommended)
    const subjectLines = raw
      .toString('latin1')
      .match(/\r\nSubject: [^\r]*(?:\r\n[ \t][^\r]*)*/)![0]
      .split('\r\n')
      .slice(1);
    for (const line of subjectLines) expect(line.length).toBeLessThanOrEqual(78);
    expect((await parseMail(raw)).subject).toBe(subject);
  });

  it.each(subjects)('MimeTemplate keeps every header line within the limit: %s', async (_name, subject) => {
    for (const split of [undefined, compilePersonalisation({ html: HTML, text: TEXT })]) {
      const template = await MimeTemplate.compile({ from: 'Digest <digest@example.org>', subject }, split);
      const recipient = { to: 'reader@example.net', messageId: 'a.b@example.org', headers: LIST };
      const links = { unsubscribeUrl: 'https://example.org/u', preferencesUrl: 'https://example.org/p' };
      const raw = split
        ? await template.renderSlotted(recipient, slotValues(links))
        : await template.render({ ...recipient, html: HTML, text: TEXT });
      for (const line of headerLines(raw)) expect(line.length).toBeLessThanOrEqual(998);
      expect((await parseMail(raw)).subject).toBe(subject);
    }
  });

  it('keeps an ordinary subject as it was (no encoding)', async () => {
    const raw = await composeMime(message({ subject: 'Tuesday: the harbour reopens' }));
    expect(raw.toString('latin1')).toContain('\r\nSubject: Tuesday: the harbour reopens\r\n');
  });

  it('refuses a display name too long for a header line, whatever its spaces', async () => {
    for (const name of [run(1500, 'N'), `Digest ${run(300)}`]) {
      await expect(composeMime(message({ from: `${name} <digest@example.org>` }))).rejects.toBeInstanceOf(
        InvalidAddressError,
      );
      await expect(composeMime(message({ replyTo: `${name} <r@example.org>` }))).rejects.toBeInstanceOf(
        InvalidAddressError,
      );
    }
    const ok = await composeMime(message({ from: `${run(200, 'N')} <digest@example.org>` }));
    for (const line of headerLines(ok)) expect(line.length).toBeLessThanOrEqual(998);
  });
});
