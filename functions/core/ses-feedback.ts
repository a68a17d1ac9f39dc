/**
 * Reads what SES publishes about sent mail. Two shapes reach the same SNS topic:
 * - configuration-set event destinations: `{"eventType": "Bounce" | "Complaint" | "Delivery" | "Send" | ...}`;
 * - identity notifications: `{"notificationType": "Bounce" | "Complaint" | "Delivery"}`.
 * Both carry `bounce` / `complaint` objects of the same form and the original `mail`.
 *
 * Only a permanent bounce or a complaint suppresses. Transient and undetermined bounces (a full
 * mailbox, a greylisting server) do not: SES retries those and the next issue may well arrive.
 */

/** Where the delivery id was found: a header value is as sent, a tag value is tag-encoded. */
export interface DeliveryRef {
  from: 'header' | 'tag';
  value: string;
}

export type FeedbackAction =
  | {
      kind: 'suppress';
      reason: 'bounce' | 'complaint';
      recipients: string[];
      at: string | null;
      deliveryId: DeliveryRef | null;
    }
  | { kind: 'ignore'; event: string; detail: string | null; deliveryId: DeliveryRef | null };

const ADDRESS_IN_ANGLES_RE = /<([^<>]+)>\s*$/;

interface SesMail {
  tags?: Record<string, string[] | undefined>;
  headers?: Array<{ name?: string; value?: string }>;
}

interface SesRecipient {
  emailAddress?: unknown;
}

interface SesNotification {
  eventType?: unknown;
  notificationType?: unknown;
  mail?: SesMail;
  bounce?: {
    bounceType?: unknown;
    bounceSubType?: unknown;
    bouncedRecipients?: SesRecipient[];
    timestamp?: unknown;
  };
  complaint?: { complainedRecipients?: SesRecipient[]; complaintFeedbackType?: unknown; timestamp?: unknown };
}

/** The header and SES tag that carry our delivery id (set by the delivery side). */
export const DELIVERY_HEADER_NAME = 'x-digest-delivery';
export const DELIVERY_TAG_NAME = 'digest-delivery';

/**
 * What to do about one SES notification (the parsed JSON of an SNS message).
 *
 * @example classifySesNotification({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'a@x.org' }] } })
 *   // { kind: 'suppress', reason: 'bounce', recipients: ['a@x.org'], ... }
 */
export function classifySesNotification(message: unknown): FeedbackAction {
  if (!message || typeof message !== 'object')
    return { kind: 'ignore', event: 'unknown', detail: 'not an object', deliveryId: null };
  const n = message as SesNotification;
  const type =
    typeof n.eventType === 'string'
      ? n.eventType
      : typeof n.notificationType === 'string'
        ? n.notificationType
        : 'unknown';
  const deliveryId = deliveryIdOf(n.mail);

  if (type === 'Bounce') {
    const bounceType = typeof n.bounce?.bounceType === 'string' ? n.bounce.bounceType : 'Undetermined';
    if (bounceType !== 'Permanent')
      return { kind: 'ignore', event: 'Bounce', detail: bounceType, deliveryId };
    return {
      kind: 'suppress',
      reason: 'bounce',
      recipients: addresses(n.bounce?.bouncedRecipients),
      at: stringOrNull(n.bounce?.timestamp),
      deliveryId,
    };
  }
  if (type === 'Complaint') {
    // "not-spam" is a mailbox provider telling us a complaint was withdrawn: nothing to suppress.
    if (n.complaint?.complaintFeedbackType === 'not-spam')
      return { kind: 'ignore', event: 'Complaint', detail: 'not-spam', deliveryId };
    return {
      kind: 'suppress',
      reason: 'complaint',
      recipients: addresses(n.complaint?.complainedRecipients),
      at: stringOrNull(n.complaint?.timestamp),
      deliveryId,
    };
  }
  return { kind: 'ignore', event: type, detail: null, deliveryId };
}

function addresses(recipients: SesRecipient[] | undefined): string[] {
  if (!Array.isArray(recipients)) return [];
  const out: string[] = [];
  for (const r of recipients) {
    if (typeof r?.emailAddress !== 'string') continue;
    const value = r.emailAddress.trim();
    const bare = ADDRESS_IN_ANGLES_RE.exec(value)?.[1] ?? value;
    if (bare) out.push(bare.trim());
  }
  return out;
}

/**
 * Our delivery id: the `X-Digest-Delivery` header as sent (when SES includes headers), else the
 * SES message tag, whose value is in the tag encoding (see adapters/ses-mailer decodeTagValue).
 */
function deliveryIdOf(mail: SesMail | undefined): DeliveryRef | null {
  const header = mail?.headers?.find((h) => h.name?.toLowerCase() === DELIVERY_HEADER_NAME);
  if (typeof header?.value === 'string' && header.value) return { from: 'header', value: header.value };
  const tag = mail?.tags?.[DELIVERY_TAG_NAME]?.[0];
  if (typeof tag === 'string' && tag) return { from: 'tag', value: tag };
  return null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}
