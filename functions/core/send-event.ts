/**
 * Reading SES configuration-set events (and identity notifications) for the delivery ledger: which
 * delivery an event is about (our message tags), what it says happened, and its identity, so that
 * an event SNS delivers twice is counted once.
 */

export type SendEventKind =
  | 'send'
  | 'delivery'
  | 'bounce'
  | 'softBounce'
  | 'complaint'
  | 'reject'
  | 'delay'
  | 'open'
  | 'click';

export interface SendEvent {
  kind: SendEventKind;
  issueId: string;
  deliveryId: string;
  recipients: string[];
  sesMessageId: string | null;
  /** When it happened: the event's own time (the click, the bounce), else when SES accepted the mail. */
  at: string | null;
  /** The link a Click event followed (as SES reports it: our URL, before its own redirect). */
  link: string | null;
  /** The same for every copy of one event: SES message id, type, the event's own time, the link. */
  eventKey: string;
}

const KINDS: Record<string, SendEventKind> = {
  Send: 'send',
  Delivery: 'delivery',
  Bounce: 'bounce',
  Complaint: 'complaint',
  Reject: 'reject',
  // SES could not render a template: for our raw mail it means the message never went out
  'Rendering Failure': 'reject',
  RenderingFailure: 'reject',
  DeliveryDelay: 'delay',
  Open: 'open',
  Click: 'click',
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
  bounce?: { bounceType?: unknown; timestamp?: unknown };
  complaint?: { timestamp?: unknown };
  delivery?: { timestamp?: unknown };
  deliveryDelay?: { timestamp?: unknown };
  open?: { timestamp?: unknown };
  click?: { timestamp?: unknown; link?: unknown };
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

function firstTag(tags: Record<string, unknown> | undefined, name: string): string | null {
  const value = tags?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : null;
}

/** The time of the event itself, where SES gives one. */
function eventTime(event: SesEventShape): string | null {
  return (
    text(event.click?.timestamp) ??
    text(event.open?.timestamp) ??
    text(event.bounce?.timestamp) ??
    text(event.complaint?.timestamp) ??
    text(event.delivery?.timestamp) ??
    text(event.deliveryDelay?.timestamp)
  );
}

/**
 * The ledger-relevant part of an SES event, or null when it is not about one of our deliveries.
 * `decodeTag` undoes the tag encoding (adapters/ses-mailer encodeTagValue). A permanent bounce is
 * `bounce` (hard); a transient or undetermined one is `softBounce`: SES retries those itself.
 *
 * @example readSendEvent({ eventType: 'Click', mail: { messageId: 'm1', destination: ['a@x.org'],
 *   tags: { 'digest-delivery': ['i1.d'], 'digest-issue': ['i1'] } },
 *   click: { timestamp: '2026-01-01T10:00:00Z', link: 'https://x.org/a' } }, (v) => v, tagNames)
 *   // { kind: 'click', link: 'https://x.org/a', eventKey: 'm1|Click|2026-01-01T10:00:00Z|https://x.org/a', ... }
 */
export function readSendEvent(
  message: unknown,
  decodeTag: (value: string) => string,
  tagNames: { delivery: string; issue: string },
): SendEvent | null {
  if (!message || typeof message !== 'object') return null;
  const event = message as SesEventShape;
  const type = typeof event.eventType === 'string' ? event.eventType : event.notificationType;
  let kind = typeof type === 'string' ? KINDS[type] : undefined;
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
  if (kind === 'bounce' && event.bounce?.bounceType !== 'Permanent') kind = 'softBounce';
  // each of our mails has exactly one destination: the address as we sent it is the ledger key
  // (a bounce report may spell it differently)
  const recipients = strings(event.mail?.destination).map((r) => r.trim());
  const sesMessageId = text(event.mail?.messageId);
  const own = eventTime(event);
  const link = kind === 'click' ? text(event.click?.link) : null;
  return {
    kind,
    issueId,
    deliveryId,
    recipients,
    sesMessageId,
    at: own ?? text(event.mail?.timestamp),
    link,
    eventKey: [sesMessageId ?? deliveryId, String(type), own ?? '', link ?? ''].join('|'),
  };
}
