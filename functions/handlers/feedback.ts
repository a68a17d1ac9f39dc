/**
 * SNS → SES bounce and complaint feedback (both the configuration-set `eventType` shape and the
 * identity `notificationType` shape). Permanent bounces and complaints suppress the address;
 * transient bounces, deliveries and other events are counted and ignored. A store error is
 * rethrown so that Lambda retries the batch and, after that, the dead-letter queue keeps it.
 */
import type { SNSEvent } from 'aws-lambda';
import { maskEmail } from '../core/email-address.js';
import { classifySesNotification, type FeedbackAction } from '../core/ses-feedback.js';
import { suppress } from '../core/subscription.js';
import type { Clock } from '../ports/clock.js';
import type { SubscriberStore } from '../ports/subscriber-store.js';
import { type Log, stderrLog } from './http/errors.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext, lambdaLog } from './runtime/logger.js';

export interface FeedbackDeps {
  store: SubscriberStore;
  clock: Clock;
  log?: Log;
  /** Optional: hands every classified event to the delivery ledger (stats: bounced, complained). */
  onFeedback?: (action: FeedbackAction) => Promise<void>;
}

export interface FeedbackSummary {
  suppressed: number;
  ignored: Record<string, number>;
  unreadable: number;
}

export function createHandler(deps: FeedbackDeps): (event: SNSEvent) => Promise<FeedbackSummary> {
  const log = deps.log ?? stderrLog;
  return async (event) => {
    const summary: FeedbackSummary = { suppressed: 0, ignored: {}, unreadable: 0 };
    for (const record of event.Records ?? []) {
      let message: unknown;
      try {
        message = JSON.parse(record.Sns?.Message ?? '');
      } catch {
        // Retrying cannot fix a message that is not JSON: count it and go on.
        summary.unreadable++;
        log({ level: 'warn', event: 'feedback-unreadable', messageId: record.Sns?.MessageId });
        continue;
      }
      const action = classifySesNotification(message);
      if (action.kind === 'suppress') {
        const at = action.at ? new Date(action.at) : deps.clock.now();
        const when = Number.isNaN(at.getTime()) ? deps.clock.now() : at;
        for (const recipient of action.recipients) {
          await suppress(deps, recipient, action.reason, when);
          summary.suppressed++;
          log({ level: 'info', event: 'suppressed', reason: action.reason, recipient: maskEmail(recipient) });
        }
      } else {
        const key = action.detail ? `${action.event}:${action.detail}` : action.event;
        summary.ignored[key] = (summary.ignored[key] ?? 0) + 1;
      }
      await deps.onFeedback?.(action);
    }
    return summary;
  };
}

export const handler = lazyHandler(async () => {
  const { subscriberStore } = await import('./runtime/dynamo.js');
  const { systemClock } = await import('../ports/clock.js');
  return createHandler({ store: subscriberStore(), clock: systemClock, log: lambdaLog });
}, attachLambdaContext);
