/**
 * The mailto in `List-Unsubscribe`, handled for real. Delivery path in AWS: an SES receipt rule for
 * the unsubscribe mailbox with an SNS action (encoding Base64) → this Lambda subscribed to the
 * topic. The SNS notification (`notificationType: "Received"`) carries the whole message in
 * `content`; mail to this mailbox is a few KB, far below SNS's 150 KB limit (larger mail is
 * bounced by SES, which is fine for an unsubscribe address).
 *
 * The token is looked for in the subject (the mailto we send carries `?subject=<token>`), then in
 * the plus-part of a recipient (`unsubscribe+<token>@…`), then in the text body. A mail with no
 * valid unsubscribe token changes nothing; it is logged and dropped (retrying cannot fix it).
 */
import type { SNSEvent } from 'aws-lambda';
import PostalMime, { type Address } from 'postal-mime';
import { unsubscribe } from '../core/subscription.js';
import { verifyToken } from '../core/tokens.js';
import type { Clock } from '../ports/clock.js';
import type { SubscriberStore } from '../ports/subscriber-store.js';
import { type Log, stderrLog } from './http/errors.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext, lambdaLog } from './runtime/logger.js';

const TOKEN_RE = /v1\.[A-Za-z0-9_-]{1,900}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;
/** Mail to an unsubscribe mailbox is tiny; refuse to parse anything huge. */
const MAX_MAIL_BYTES = 256 * 1024;
/** A reply or a forward nests a few parts at most; deeper nesting is refused rather than walked. */
const MAX_MIME_DEPTH = 16;
const PLUS_PART_RE = /^[^+@]*\+([^@]+)@/;

export interface InboundUnsubscribeDeps {
  store: SubscriberStore;
  secret: string | readonly string[];
  clock: Clock;
  log?: Log;
}

export interface InboundSummary {
  unsubscribed: number;
  unchanged: number;
  noToken: number;
}

/** Every candidate token in a raw mail, in the order we trust them: subject, recipients' plus-part, body. */
export async function tokensInMail(raw: Buffer): Promise<string[]> {
  // A mail the parser refuses (nested too deep, broken headers) carries no token we could trust.
  const mail = await PostalMime.parse(raw.subarray(0, MAX_MAIL_BYTES), {
    maxNestingDepth: MAX_MIME_DEPTH,
  }).catch(() => null);
  if (!mail) return [];
  const recipients = [...mailboxes(mail.to), ...mailboxes(mail.cc)];
  if (mail.deliveredTo) recipients.push(mail.deliveredTo);
  const plusParts = recipients.map((a) => PLUS_PART_RE.exec(a)?.[1] ?? '');
  const sources = [mail.subject ?? '', ...plusParts, mail.text ?? ''];
  return [...new Set(sources.flatMap((s) => s.match(TOKEN_RE) ?? []))];
}

function mailboxes(addresses: readonly Address[] | undefined): string[] {
  return (addresses ?? []).flatMap((a) => (a.group ? a.group.map((m) => m.address) : [a.address]));
}

export function createHandler(deps: InboundUnsubscribeDeps): (event: SNSEvent) => Promise<InboundSummary> {
  const log = deps.log ?? stderrLog;
  return async (event) => {
    const summary: InboundSummary = { unsubscribed: 0, unchanged: 0, noToken: 0 };
    for (const record of event.Records ?? []) {
      let notification: {
        notificationType?: string;
        content?: string;
        receipt?: { action?: { encoding?: string } };
      };
      try {
        notification = JSON.parse(record.Sns?.Message ?? '');
      } catch {
        summary.noToken++;
        continue;
      }
      if (notification.notificationType !== 'Received' || typeof notification.content !== 'string') {
        summary.noToken++;
        continue;
      }
      const encoding = notification.receipt?.action?.encoding === 'UTF-8' ? 'utf8' : 'base64';
      const raw = Buffer.from(notification.content, encoding);
      const now = deps.clock.now();
      const claims = (await tokensInMail(raw))
        .map((token) => verifyToken(token, { secret: deps.secret, purpose: 'unsubscribe', now }))
        .find((r) => r.ok);
      if (!claims?.ok) {
        summary.noToken++;
        log({ level: 'info', event: 'inbound-unsubscribe-no-token', messageId: record.Sns?.MessageId });
        continue;
      }
      const result = await unsubscribe(deps, { email: claims.claims.email, list: claims.claims.list }, now);
      if (result.kind === 'unsubscribed') summary.unsubscribed++;
      else summary.unchanged++;
      log({ level: 'info', event: 'inbound-unsubscribe', result: result.kind, list: claims.claims.list });
    }
    return summary;
  };
}

export const handler = lazyHandler(async () => {
  const { subscriberStore } = await import('./runtime/dynamo.js');
  const { tokenSecrets } = await import('./runtime/secrets.js');
  const { systemClock } = await import('../ports/clock.js');
  return createHandler({
    store: subscriberStore(),
    secret: await tokenSecrets(),
    clock: systemClock,
    log: lambdaLog,
  });
}, attachLambdaContext);
