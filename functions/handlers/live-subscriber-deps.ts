/**
 * The subscriber handlers' dependencies in AWS, built once per Lambda container from its
 * environment: the DynamoDB table, the token secret (DIGEST_SECRET, or TOKEN_SECRET_ARN read from
 * Secrets Manager once), SES for the confirmation mail, and the public base URL.
 * Imported lazily by each handler module so that tests and `digest dev` never read the environment.
 */
import { createConfirmationSender } from '../adapters/confirmation-mailer.js';
import { createSesClient, SesMailer } from '../adapters/ses-mailer.js';
import { optionalEnv, requireEnv } from '../config.js';
import { systemClock } from '../ports/clock.js';
import { stderrLog } from './http/errors.js';
import { listStoreFromEnv } from './live-list-store.js';
import { loadSecret, subscriberStoreFromEnv } from './live-subscriber-store.js';
import type { SubscriberHandlerDeps } from './subscriber-deps.js';

export { loadSecret, subscriberStoreFromEnv };

export async function liveSubscriberDeps(
  env: NodeJS.ProcessEnv = process.env,
): Promise<SubscriberHandlerDeps> {
  const base = requireEnv('DIGEST_BASE_URL', env).replace(/\/+$/, '');
  const secret = await loadSecret(env);
  const mailer = new SesMailer({
    client: createSesClient(),
    configurationSetName: optionalEnv('SES_CONFIGURATION_SET', env),
  });
  const lists = listStoreFromEnv(env);
  return {
    store: subscriberStoreFromEnv(env),
    lists,
    secret,
    clock: systemClock,
    baseUrl: () => base,
    log: stderrLog,
    // Above a typical SES SendRawEmail round trip: every accepted subscribe takes the same time.
    minSubscribeResponseMs: 400,
    confirmations: createConfirmationSender({
      mailer,
      secret: secret[0]!,
      baseUrl: () => base,
      from: requireEnv('DIGEST_FROM', env),
      postalAddress: requireEnv('DIGEST_POSTAL_ADDRESS', env),
      lists,
    }),
  };
}
