/**
 * Building one issue's message for many recipients. The delivery use case asks for the bytes of one recipient's
 * message; the adapter (adapters/mime.ts, nodemailer's MailComposer) composes the issue once and fills each
 * recipient's address, ids, list headers and links into it.
 */
import type { RecipientLinks } from '../core/personalise.js';

/** What stays the same for every recipient of one issue. */
export interface MessageBase {
  from: string;
  subject: string;
  replyTo?: string;
  date?: Date;
}

/** One recipient's envelope: the address, our ids and the list headers (values checked by the adapter). */
export interface RecipientEnvelope {
  to: string;
  deliveryId?: string;
  /** Message-ID without angle brackets. */
  messageId: string;
  headers?: Record<string, string>;
}

/** An issue's message, composed once. */
export interface IssueMessage {
  /**
   * The RFC 5322 bytes for one recipient, their links in the issue's slots, and its dates in `timeZone` (the
   * reader's record's); without one, the dates as the list shows them.
   */
  forRecipient(envelope: RecipientEnvelope, links: RecipientLinks, timeZone?: string | null): Promise<Buffer>;
}
