/**
 * SNS → SES configuration-set events for our deliveries (matched by the `digest-delivery` and
 * `digest-issue` message tags): a Send event settles an `unknown` (or still `sending`) record to
 * `sent`; Delivery, Bounce (permanent), Complaint and Reject are recorded on the delivery for
 * `digest stats`. Suppression itself is the feedback function's job. Store errors are rethrown so
 * that Lambda retries and the async dead-letter queue keeps what still fails.
 */
import type { SNSEvent } from 'aws-lambda';
import { decodeTagValue, TAG_DELIVERY, TAG_ISSUE } from '../adapters/ses-mailer.js';
import { readSendEvent } from '../core/send-event.js';
import type { DeliveryLedger } from '../ports/delivery-ledger.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext } from './runtime/logger.js';

export function createHandler(deps: { ledger: DeliveryLedger; now: () => Date }) {
  return async (event: SNSEvent): Promise<{ recorded: number; ignored: number }> => {
    let recorded = 0;
    let ignored = 0;
    for (const record of event.Records ?? []) {
      let message: unknown = null;
      try {
        message = JSON.parse(record.Sns?.Message ?? '');
      } catch {
        // not JSON: retrying cannot help
      }
      const parsed = readSendEvent(message, decodeTagValue, { delivery: TAG_DELIVERY, issue: TAG_ISSUE });
      if (!parsed) {
        ignored++;
        continue;
      }
      const at = parsed.at && !Number.isNaN(Date.parse(parsed.at)) ? new Date(parsed.at) : deps.now();
      for (const recipient of parsed.recipients) {
        const matched = await deps.ledger.recordEvent({ ...parsed, recipient, at });
        if (matched) recorded++;
        else ignored++;
      }
    }
    return { recorded, ignored };
  };
}

export const handler = lazyHandler(async () => {
  const { deliveryLedger } = await import('./runtime/ledger.js');
  return createHandler({ ledger: deliveryLedger(), now: () => new Date() });
}, attachLambdaContext);
