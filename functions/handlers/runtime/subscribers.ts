/**
 * The subscriber routes' dependencies (subscribe, confirm, unsubscribe, preferences), one set for all four: the
 * subscribers table, the token secret, the confirmation mail through SES and the public base URL. confirm and
 * unsubscribe never send, so their constructs bind the configuration set's name without the send grant.
 */
import { createConfirmationSender } from '../../adapters/confirmation-mailer.js';
import { RouteThrottle } from '../../core/route-throttle.js';
import { systemClock } from '../../ports/clock.js';
import type { SubscriberHandlerDeps } from '../dependencies.js';
import { subscriberStore } from './dynamo.js';
import { env } from './env.js';
import { listStore } from './lists.js';
import { lambdaLog } from './logger.js';
import { sesMailer } from './mail.js';
import { tokenSecrets } from './secrets.js';

/** Above a typical SES SendRawEmail round trip: every accepted subscribe takes the same time. */
const MIN_SUBSCRIBE_RESPONSE_MS = 400;
/**
 * Per client, per route, in this container (API Gateway's route limits in infra cap each route as a
 * whole): a flood of one route never spends another route's budget.
 */
const throttle = new RouteThrottle(() => performance.now());

export async function subscriberHandlerDeps(): Promise<SubscriberHandlerDeps> {
  const base = env('DIGEST_BASE_URL');
  const secret = await tokenSecrets();
  const lists = listStore();
  return {
    store: subscriberStore(),
    lists,
    secret,
    clock: systemClock,
    baseUrl: () => base,
    log: lambdaLog,
    minSubscribeResponseMs: MIN_SUBSCRIBE_RESPONSE_MS,
    throttle,
    confirmations: createConfirmationSender({
      mailer: sesMailer(),
      secret: secret[0]!,
      baseUrl: () => base,
      from: env('DIGEST_FROM'),
      postalAddress: env('DIGEST_POSTAL_ADDRESS'),
      lists,
    }),
  };
}
