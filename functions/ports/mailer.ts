/**
 * Outgoing mail. Adapters: SES (SendRawEmail with a configuration set) and the local outbox
 * (one .eml per message). Both build the MIME with nodemailer's MailComposer (adapters/mime).
 * Header values here are untrusted input: adapters must reject CR/LF in them.
 */
export interface OutgoingMessage {
  to: string;
  /** Display name + address, e.g. `Digest <digest@example.org>`. */
  from: string;
  subject: string;
  html: string;
  text: string;
  /** Our own id for this (issue, recipient) delivery: `X-Digest-Delivery` header and SES message tag. */
  deliveryId?: string;
  /** RFC 2369 / 8058 headers, `List-Id`, ... (names must be from a fixed allow-list in the adapter). */
  headers?: Record<string, string>;
  replyTo?: string;
}

export interface SentMessage {
  /** The transport's message id (SES MessageId, or the outbox file's Message-ID). */
  messageId: string;
}

export interface Mailer {
  send(message: OutgoingMessage): Promise<SentMessage>;
}

/** A message already assembled (MIME composed once per issue and personalised): the fast path of a delivery. */
export interface RawOutgoingMessage {
  to: string;
  /** The RFC 5322 bytes, headers validated by adapters/mime. */
  raw: Buffer;
  /** The Message-ID inside `raw`, without angle brackets. */
  messageId: string;
  deliveryId?: string;
}

/** How one prepared message goes out. */
export interface RawSendOptions {
  /**
   * Count its opens and clicks (the list's `tracking`): SES sends it through the tracking configuration set.
   * Transports that cannot track (the outbox) ignore it.
   */
  tracking?: boolean;
}

/** Adapters that can send pre-assembled bytes (both SES and the outbox do). */
export interface RawMailer extends Mailer {
  sendRaw(
    message: RawOutgoingMessage,
    tags?: Record<string, string>,
    options?: RawSendOptions,
  ): Promise<SentMessage>;
}
