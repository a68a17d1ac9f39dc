/**
 * MIME assembly for every outgoing digest mail, with nodemailer's MailComposer.
 *
 * The message is multipart/alternative (text first, then HTML) in UTF-8. Every header value that
 * can carry untrusted text (subject, display names, addresses, list headers) is checked here and
 * rejected with a named error when it holds CR, LF or any other control character, so that no
 * article, subject or name can add a header. Extra headers come from a fixed allow-list only.
 */
import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import {
  joinSlots,
  type PersonalisationTemplate,
  type RecipientLinks,
  type SplitDocument,
} from '../core/personalise.js';
import type { OutgoingMessage } from '../ports/mailer.js';

/** C0 controls, DEL, C1 NEL and the Unicode line/paragraph separators: anything a reader could treat as a break. */
const CONTROL_RE = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;
/** Printable ASCII: the only thing allowed in the prepared (machine-made) list headers. */
const PRINTABLE_ASCII_RE = /^[\u0020-\u007e]*$/;
/** A bare address: one `@`, no spaces, brackets, quotes, commas or semicolons (those could add recipients). */
const BARE_ADDRESS_RE = /^[^\s<>()[\]\\,;:"@]+@[^\s<>()[\]\\,;:"@]+\.[^\s<>()[\]\\,;:"@]+$/u;
/** `Display Name <address>` or a bare address. */
const NAMED_ADDRESS_RE = /^\s*(?:(.*?)\s*<([^<>]*)>|([^<>]*))\s*$/su;
/** Our delivery ids (and any other token-like value we put in a header). */
const TOKEN_RE = /^[A-Za-z0-9._~:+@=-]{1,200}$/;
const LOOPBACK_HOST_RE = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
/** RFC 5322 hard limit for a header line, less room for the name. */
const MAX_HEADER_VALUE = 900;

/** Extra header names a caller may set (canonical spelling). Anything else is refused. */
export const ALLOWED_HEADER_NAMES = [
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
  'List-Id',
  'List-Archive',
  'List-Help',
  'List-Owner',
  'Precedence',
  'Auto-Submitted',
  'Feedback-ID',
  'X-Entity-Ref-ID',
] as const;
export type AllowedHeaderName = (typeof ALLOWED_HEADER_NAMES)[number];
const CANONICAL_HEADER = new Map<string, AllowedHeaderName>(
  ALLOWED_HEADER_NAMES.map((n) => [n.toLowerCase(), n]),
);

export const DELIVERY_HEADER = 'X-Digest-Delivery';

/** A header value would have carried a line break or other control character. */
export class HeaderInjectionError extends Error {
  readonly field: string;
  constructor(field: string) {
    super(`header ${field} contains a line break or control character`);
    this.name = 'HeaderInjectionError';
    this.field = field;
  }
}

/** A caller asked for a header that is not on the allow-list. */
export class HeaderNotAllowedError extends Error {
  readonly header: string;
  constructor(header: string) {
    super(`header ${JSON.stringify(header.slice(0, 60))} is not allowed`);
    this.name = 'HeaderNotAllowedError';
    this.header = header;
  }
}

/** An address is malformed or would smuggle extra recipients. */
export class InvalidAddressError extends Error {
  readonly field: string;
  constructor(field: string, options?: { cause?: unknown }) {
    super(`${field} is not a single valid email address`, options);
    this.name = 'InvalidAddressError';
    this.field = field;
  }
}

/** A link placed in a header is not https (or http on a loopback host) / mailto. */
export class UnsafeUrlError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnsafeUrlError';
  }
}

/** Throws HeaderInjectionError when `value` holds a control character. */
export function assertHeaderSafe(field: string, value: string): void {
  if (CONTROL_RE.test(value)) throw new HeaderInjectionError(field);
}

function assertPrintable(field: string, value: string): void {
  assertHeaderSafe(field, value);
  if (!PRINTABLE_ASCII_RE.test(value) || value.length > MAX_HEADER_VALUE)
    throw new HeaderInjectionError(field);
}

/** Validates one bare address (no display name). */
export function assertAddress(field: string, value: string): string {
  assertHeaderSafe(field, value);
  const address = value.trim();
  if (!BARE_ADDRESS_RE.test(address) || address.length > 320) throw new InvalidAddressError(field);
  return address;
}

/** Parses `Name <address>` or `address` into parts, refusing anything that is not exactly one mailbox. */
export function parseMailbox(field: string, value: string): { name: string; address: string } {
  assertHeaderSafe(field, value);
  const match = NAMED_ADDRESS_RE.exec(value);
  if (!match) throw new InvalidAddressError(field);
  const name = (match[1] ?? '').trim().replace(/^"(.*)"$/s, '$1');
  const address = assertAddress(field, match[2] ?? match[3] ?? '');
  return { name, address };
}

/** https anywhere, plain http only for loopback hosts (local development). */
export function assertWebUrl(field: string, value: string): URL {
  assertPrintable(field, value);
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new UnsafeUrlError(`${field} is not a URL`, { cause });
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK_HOST_RE.test(url.hostname)) return url;
  throw new UnsafeUrlError(`${field} must be https (http only on a loopback host)`);
}

export interface ListHeaderInput {
  /** One-click unsubscribe URL (RFC 8058): https, or http on loopback. */
  unsubscribeUrl: string;
  /** Mailbox that really handles unsubscribe mail, e.g. `unsubscribe@example.org`. */
  unsubscribeMailbox?: string;
  /** Subject of the mailto (identifies the subscription, e.g. the token). */
  unsubscribeMailtoSubject?: string;
  /** List name, e.g. `default`. */
  list: string;
  /** Domain under which list ids live, e.g. `digest.example.org`. */
  listIdDomain: string;
  /** Human description for List-Id. */
  listDescription?: string;
  archiveUrl?: string;
}

const LIST_LABEL_RE = /[^a-z0-9-]+/g;

/**
 * The RFC 2369 / 2919 / 8058 list headers for one recipient.
 * @example listHeaders({ unsubscribeUrl: 'https://x.org/unsubscribe?token=t', list: 'default', listIdDomain: 'x.org' })
 */
export function listHeaders(input: ListHeaderInput): Partial<Record<AllowedHeaderName, string>> {
  const url = assertWebUrl('List-Unsubscribe', input.unsubscribeUrl);
  const targets = [`<${url.href}>`];
  if (input.unsubscribeMailbox) {
    const mailbox = assertAddress('List-Unsubscribe', input.unsubscribeMailbox);
    const subject = input.unsubscribeMailtoSubject
      ? `?subject=${encodeURIComponent(input.unsubscribeMailtoSubject)}`
      : '';
    targets.push(`<mailto:${mailbox}${subject}>`);
  }
  const label =
    input.list
      .toLowerCase()
      .replace(LIST_LABEL_RE, '-')
      .replace(/^-+|-+$/g, '') || 'list';
  const domain = input.listIdDomain.toLowerCase();
  assertPrintable('List-Id', domain);
  const description = (input.listDescription ?? input.list).replace(/["\\]/g, '');
  assertHeaderSafe('List-Id', description);
  const headers: Partial<Record<AllowedHeaderName, string>> = {
    'List-Unsubscribe': targets.join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    // a non-ASCII description cannot go into a prepared header: fall back to the bare id
    'List-Id': PRINTABLE_ASCII_RE.test(description)
      ? `"${description}" <${label}.${domain}>`
      : `<${label}.${domain}>`,
  };
  if (input.archiveUrl) headers['List-Archive'] = `<${assertWebUrl('List-Archive', input.archiveUrl).href}>`;
  return headers;
}

export interface ComposeOptions {
  /** Message-ID without angle brackets; generated by nodemailer when absent. */
  messageId?: string;
  date?: Date;
}

interface PreparedHeader {
  key: string;
  value: { prepared: true; value: string };
}

function extraHeaders(message: OutgoingMessage): PreparedHeader[] {
  const out: PreparedHeader[] = [];
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const canonical = CANONICAL_HEADER.get(name.toLowerCase());
    if (!canonical) throw new HeaderNotAllowedError(name);
    assertPrintable(canonical, value);
    out.push({ key: canonical, value: { prepared: true, value } });
  }
  if (message.deliveryId !== undefined) {
    if (!TOKEN_RE.test(message.deliveryId)) throw new HeaderInjectionError(DELIVERY_HEADER);
    out.push({ key: DELIVERY_HEADER, value: { prepared: true, value: message.deliveryId } });
  }
  return out;
}

/** Validates the message and returns MailComposer options (exported for the outbox, which needs the Message-ID). */
export function mailOptions(message: OutgoingMessage, options: ComposeOptions = {}) {
  const to = assertAddress('To', message.to);
  const from = parseMailbox('From', message.from);
  assertHeaderSafe('Subject', message.subject);
  const replyTo = message.replyTo === undefined ? undefined : parseMailbox('Reply-To', message.replyTo);
  let messageId: string | undefined;
  if (options.messageId !== undefined) {
    assertPrintable('Message-ID', options.messageId);
    if (!/^[^<>\s@]+@[^<>\s@]+$/.test(options.messageId)) throw new HeaderInjectionError('Message-ID');
    messageId = `<${options.messageId}>`;
  }
  return {
    from: from.name ? { name: from.name, address: from.address } : from.address,
    to,
    ...(replyTo
      ? { replyTo: replyTo.name ? { name: replyTo.name, address: replyTo.address } : replyTo.address }
      : {}),
    subject: message.subject,
    text: { content: message.text, contentType: 'text/plain; charset=utf-8' },
    html: { content: message.html, contentType: 'text/html; charset=utf-8' },
    headers: extraHeaders(message),
    ...(messageId ? { messageId } : {}),
    ...(options.date ? { date: options.date } : {}),
    disableFileAccess: true,
    disableUrlAccess: true,
    newline: '\r\n',
  };
}

/** Builds the RFC 5322 bytes of one message. Throws the named errors above on unsafe input. */
export async function composeMime(message: OutgoingMessage, options: ComposeOptions = {}): Promise<Buffer> {
  const node = new MailComposer(mailOptions(message, options)).compile();
  // keep Bcc out even if a caller ever adds one; SES reads recipients from Destinations
  node.keepBcc = false;
  return node.build();
}

type SlotName = 'to' | 'mid' | 'headers' | 'text' | 'html';

/**
 * The slot markers of one compile. They carry a fresh random nonce each time, so that no subject or
 * feed title can spell them: a marker typed into content is delivered as the text it is.
 */
function slotMarkers(): { slot: (name: SlotName) => string; pattern: RegExp; address: string } {
  const nonce = randomBytes(12).toString('hex');
  return {
    slot: (name) => `%%slot-${nonce}:${name}%%`,
    pattern: new RegExp(`%%slot-${nonce}:(to|mid|headers|text|html)%%`, 'g'),
    address: `slot-${nonce}@slot.invalid`,
  };
}
const BASE64_LINE_RE = /.{76}/g;
const ASCII_ADDRESS_RE = /^[\u0021-\u007e]+$/;

function base64Lines(content: string): string {
  const encoded = Buffer.from(content, 'utf8').toString('base64').replace(BASE64_LINE_RE, '$&\r\n');
  return encoded.endsWith('\n') ? encoded : `${encoded}\r\n`;
}

/** One literal piece of a body, quoted-printable, wrapped at 76 from a line start. */
function qpPiece(piece: string): string {
  return piece ? qpWrap(qpEncode(piece), 76) : '';
}

/**
 * A body from its pre-encoded pieces and this recipient's values. Each value starts on a fresh
 * line (a soft break `=CRLF` decodes to nothing) so the pieces' own wrapping stays valid.
 */
function qpJoin(pieces: string[], split: SplitDocument, values: RecipientLinks): string {
  let out = pieces[0] ?? '';
  for (let i = 0; i < split.slots.length; i++) {
    out += `=\r\n${qpWrap(qpEncode(values[split.slots[i]!]), 76)}=\r\n${pieces[i + 1] ?? ''}`;
  }
  // no final line break: the one before the next boundary belongs to the boundary (RFC 2046)
  return out;
}

/** What stays the same for every recipient of one issue. */
export interface MimeTemplateBase {
  from: string;
  subject: string;
  replyTo?: string;
  date?: Date;
}

/** The per-recipient part: address, ids, list headers and the personalised bodies. */
export interface MimeRecipientPart {
  to: string;
  deliveryId?: string;
  /** Message-ID without angle brackets. */
  messageId: string;
  headers?: Record<string, string>;
  html: string;
  text: string;
}

/**
 * MIME composed once per issue. MailComposer builds the whole message (addresses, encoded
 * subject, multipart structure, boundary) with slots where the per-recipient values go; each
 * recipient then costs string concatenation and a native base64 of the two bodies instead of a
 * full MailComposer stream run (about 1-5 ms for a 20 kB digest). Every slot value passes the
 * same validation as composeMime; recipients whose address is not plain ASCII take composeMime.
 */
export class MimeTemplate {
  private constructor(
    private readonly base: MimeTemplateBase,
    private readonly segments: string[],
    private readonly slots: SlotName[],
    private readonly bodies: { split: PersonalisationTemplate; html: string[]; text: string[] } | null,
  ) {}

  /**
   * Composes the MIME once. With `bodies` (the issue split at its placeholder slots) the
   * parts are quoted-printable and every literal piece is encoded here, once: a recipient then
   * costs only the encoding of their few link values (renderSlotted). Without, the bodies are
   * given whole per recipient and base64-encoded (render).
   */
  static async compile(base: MimeTemplateBase, bodies?: PersonalisationTemplate): Promise<MimeTemplate> {
    const encoding = bodies ? 'quoted-printable' : 'base64';
    const marker = slotMarkers();
    const options = mailOptions(
      {
        to: marker.address,
        from: base.from,
        subject: base.subject,
        html: '',
        text: '',
        replyTo: base.replyTo,
      },
      { date: base.date ?? new Date() },
    );
    const composer = new MailComposer({
      ...options,
      text: undefined,
      html: undefined,
      messageId: `<${marker.slot('mid')}>`,
      headers: [{ key: 'X-Digest-Slot', value: { prepared: true, value: marker.slot('headers') } }],
      alternatives: [
        {
          raw: `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${marker.slot('text')}`,
        },
        {
          raw: `Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${marker.slot('html')}`,
        },
      ],
    });
    const raw = (await composer.compile().build())
      .toString('latin1')
      .replace(marker.address, marker.slot('to'))
      // the headers slot stands for whole lines: drop its own header name
      .replace(`X-Digest-Slot: ${marker.slot('headers')}\r\n`, marker.slot('headers'));
    const segments: string[] = [];
    const slots: SlotName[] = [];
    let last = 0;
    for (const match of raw.matchAll(marker.pattern)) {
      segments.push(raw.slice(last, match.index));
      slots.push(match[1] as SlotName);
      last = match.index + match[0].length;
    }
    segments.push(raw.slice(last));
    if (slots.length !== 5) throw new Error(`MIME template has ${slots.length} slots, expected 5`);
    const encoded = bodies
      ? { split: bodies, html: bodies.html.parts.map(qpPiece), text: bodies.text.parts.map(qpPiece) }
      : null;
    return new MimeTemplate(base, segments, slots, encoded);
  }

  /** True when compiled with the bodies (renderSlotted); false for whole-body render. */
  get slotted(): boolean {
    return this.bodies !== null;
  }

  /**
   * The message for one recipient of an issue compiled with its bodies: `values` are the slot
   * values (core/personalise slotValues: checked, HTML-escaped for the HTML part).
   */
  async renderSlotted(
    part: Omit<MimeRecipientPart, 'html' | 'text'>,
    values: { html: RecipientLinks; text: RecipientLinks },
  ): Promise<Buffer> {
    const bodies = this.bodies;
    if (!bodies) throw new Error('renderSlotted needs a template compiled with its bodies');
    const to = assertAddress('To', part.to);
    if (!ASCII_ADDRESS_RE.test(to)) {
      const html = joinSlots(bodies.split.html, values.html);
      const text = joinSlots(bodies.split.text, values.text);
      return this.render({ ...part, to, html, text });
    }
    return this.assemble(part, to, {
      text: qpJoin(bodies.text, bodies.split.text, values.text),
      html: qpJoin(bodies.html, bodies.split.html, values.html),
    });
  }

  /** The message bytes for one recipient, bodies given whole (base64 templates only). */
  async render(part: MimeRecipientPart): Promise<Buffer> {
    const to = assertAddress('To', part.to);
    if (!ASCII_ADDRESS_RE.test(to) || this.bodies) {
      return composeMime(
        {
          ...this.base,
          to,
          html: part.html,
          text: part.text,
          deliveryId: part.deliveryId,
          headers: part.headers,
        },
        { messageId: part.messageId, date: this.base.date },
      );
    }
    return this.assemble(part, to, { text: base64Lines(part.text), html: base64Lines(part.html) });
  }

  private assemble(
    part: Omit<MimeRecipientPart, 'html' | 'text'>,
    to: string,
    encoded: { text: string; html: string },
  ): Buffer {
    assertPrintable('Message-ID', part.messageId);
    if (!/^[^<>\s@]+@[^<>\s@]+$/.test(part.messageId)) throw new HeaderInjectionError('Message-ID');
    let headerLines = '';
    for (const header of extraHeaders({
      ...part,
      from: this.base.from,
      subject: this.base.subject,
      html: '',
      text: '',
    })) {
      headerLines += `${header.key}: ${header.value.value}\r\n`;
    }
    const values: Record<SlotName, string> = {
      to,
      mid: part.messageId,
      headers: headerLines,
      text: encoded.text,
      html: encoded.html,
    };
    let out = this.segments[0] ?? '';
    for (let i = 0; i < this.slots.length; i++) out += values[this.slots[i]!] + this.segments[i + 1];
    return Buffer.from(out, 'latin1');
  }
}

/** Domain part of the From address: the right-hand side for Message-IDs we generate. */
export function senderDomain(from: string): string {
  return parseMailbox('From', from).address.split('@')[1] ?? 'localhost';
}
