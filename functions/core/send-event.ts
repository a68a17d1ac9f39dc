/**
 * Reading SES configuration-set events (and identity notifications) for the delivery ledger: which
 * delivery an event is about (our message tags), and what it says happened.
 */

export type SendEventKind = 'send' | 'delivery' | 'bounce' | 'complaint' | 'reject';

export interface SendEvent {
  kind: SendEventKind;
  issueId: string;
  deliveryId: string;
  recipients: string[];
  sesMessageId: string | null;
  at: string | null;
}

const KINDS: Record<string, SendEventKind> = {
  Send: 'send',
  Delivery: 'delivery',
  Bounce: 'bounce',
  Complaint: 'complaint',
  Reject: 'reject',
};

interface SesEventShape {
  eventType?: unknown;
  notificationType?: unknown;
  mail?: {
    messageId?: unknown;
    timestamp?: unknown;
    destination?: unknown;
    tags?: Record<string, unknown>;
  };
  bounce?: { bounceType?: unknown; bouncedRecipients?: { emailAddress?: unknown }[] };
  complaint?: { complainedRecipients?: { emailAddress?: unknown }[] };
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function firstTag(tags: Record<string, unknown> | undefined, name: string): string | null {
  const value = tags?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : null;
}

/**
 * The ledger-relevant part of an SES event, or null when it is not about one of our deliveries.
 * `decodeTag` undoes the tag encoding (adapters/ses-mailer encodeTagValue). Transient bounces are
 * not bounces of the delivery: SES retries them itself.
 */
export function readSendEvent(
  message: unknown,
  decodeTag: (value: string) => string,
  tagNames: { delivery: string; issue: string },
): SendEvent | null {
  if (!message || typeof message !== 'object') return null;
  const event = message as SesEventShape;
  const type = typeof event.eventType === 'string' ? event.eventType : event.notificationType;
  const kind = typeof type === 'string' ? KINDS[type] : undefined;
  if (!kind) return null;
  const rawDelivery = firstTag(event.mail?.tags, tagNames.delivery);
  const rawIssue = firstTag(event.mail?.tags, tagNames.issue);
  if (!rawDelivery || !rawIssue) return null;
  let deliveryId: string;
  let issueId: string;
  try {
    deliveryId = decodeTag(rawDelivery);
    issueId = decodeTag(rawIssue);
  } catch {
    return null;
  }
  if (kind === 'bounce' && event.bounce?.bounceType !== 'Permanent') return null;
  // each of our mails has exactly one destination: the address as we sent it is the ledger key
  // (a bounce report may spell it differently)
  const recipients = strings(event.mail?.destination).map((r) => r.trim());
  return {
    kind,
    issueId,
    deliveryId,
    recipients,
    sesMessageId: typeof event.mail?.messageId === 'string' ? event.mail.messageId : null,
    at: typeof event.mail?.timestamp === 'string' ? event.mail.timestamp : null,
  };
}
