/**
 * The subscriber handlers' dependencies in AWS, built once per Lambda container from its
 * environment: the DynamoDB table, the token secret (DIGEST_SECRET, or TOKEN_SECRET_ARN read from
 * Secrets Manager once), SES for the confirmation mail, and the public base URL.
 * Imported lazily by each handler module so that tests and `digest dev` never read the environment.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createConfirmationSender } from '../adapters/confirmation-mailer.js';
import { DynamoSubscriberStore } from '../adapters/dynamo-subscriber-store.js';
import { createSesClient, SesMailer } from '../adapters/ses-mailer.js';
import { ConfigError, optionalEnv, requireEnv } from '../config.js';
import { systemClock } from '../ports/clock.js';
import { stderrLog } from './http/errors.js';
import type { SubscriberHandlerDeps } from './subscriber-deps.js';

/** The token secret(s): DIGEST_SECRET, or the SecretString of TOKEN_SECRET_ARN (one key per line, newest first). */
export async function loadSecret(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const direct = optionalEnv('DIGEST_SECRET', env);
  if (direct) return [direct];
  const arn = requireEnv('TOKEN_SECRET_ARN', env);
  const { SecretString } = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: arn }),
  );
  const keys = (SecretString ?? '')
    .split('\n')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length === 0) throw new ConfigError(`the secret TOKEN_SECRET_ARN (${arn}) is empty`);
  return keys;
}

export function subscriberStoreFromEnv(env: NodeJS.ProcessEnv = process.env): DynamoSubscriberStore {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return new DynamoSubscriberStore(client, requireEnv('SUBSCRIBERS_TABLE', env));
}

export async function liveSubscriberDeps(
  env: NodeJS.ProcessEnv = process.env,
): Promise<SubscriberHandlerDeps> {
  const base = requireEnv('DIGEST_BASE_URL', env).replace(/\/+$/, '');
  const secret = await loadSecret(env);
  const mailer = new SesMailer({
    client: createSesClient(),
    configurationSetName: optionalEnv('SES_CONFIGURATION_SET', env),
  });
  return {
    store: subscriberStoreFromEnv(env),
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
    }),
  };
}
