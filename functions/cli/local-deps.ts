/**
 * Everything a `digest` command needs on a laptop, opened once for a data dir: the shared
 * dynalite, the subscriber store, the mailer (outbox by default), the token secret and the base
 * URL for links. Commands and `digest dev` routes take what they need from it; stores of other
 * areas build themselves from `dynamo.client` (and call `ensureTable` with their definition).
 */

import {
  builtInDefaultList,
  ConfiguredListStore,
  defaultListTitle,
} from '../adapters/configured-list-store.js';
import { createConfirmationSender } from '../adapters/confirmation-mailer.js';
import { DynamoListStore, LOCAL_LISTS_TABLE, listsTableDefinition } from '../adapters/dynamo-list-store.js';
import { DynamoSubscriberStore, subscribersTableDefinition } from '../adapters/dynamo-subscriber-store.js';
import {
  baseUrl,
  ensureDataDir,
  ensureTable,
  type LocalDynamo,
  loadTokenSecret,
  type MailSettings,
  mailSettings,
  openLocalDynamo,
} from '../adapters/local-runtime.js';
import { OutboxMailer } from '../adapters/outbox-mailer.js';
import { optionalEnv } from '../config.js';
import type { SubscriberHandlerDeps } from '../handlers/dependencies.js';
import type { Log } from '../handlers/http/errors.js';
import { type Clock, systemClock } from '../ports/clock.js';
import type { Mailer } from '../ports/mailer.js';
import { CliError } from './cli-error.js';

export const DEFAULT_SUBSCRIBERS_TABLE = 'digest-subscribers';

export interface LocalDeps {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  dynamo: LocalDynamo;
  secret: string;
  mail: MailSettings;
  /** DIGEST_BASE_URL > the running `digest dev` of this data dir > http://127.0.0.1:8787; read per call. */
  baseUrl(): string;
  mailer: Mailer;
  subscribers: DynamoSubscriberStore;
  /** The lists table, with the built-in `default` list behind it. */
  lists: ConfiguredListStore;
  /** The subscriber HTTP handlers' dependencies (dev server, tests). */
  subscriberHandlerDeps(log?: Log): SubscriberHandlerDeps;
  close(): Promise<void>;
}

export interface OpenLocalDepsOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** Private in-memory DynamoDB (tests). */
  inMemory?: boolean;
  clock?: Clock;
}

/** Picks the mail transport: DIGEST_TRANSPORT=outbox (default) or ses. */
export async function mailerFromEnv(dataDir: string, env: NodeJS.ProcessEnv): Promise<Mailer> {
  const transport = optionalEnv('DIGEST_TRANSPORT', env) ?? 'outbox';
  if (transport === 'outbox') return new OutboxMailer({ dataDir });
  if (transport === 'ses') {
    const { SesMailer, createSesClient } = await import('../adapters/ses-mailer.js');
    const client = createSesClient();
    // The SDK would only say "Region is missing", at the first send: say what to set, up front.
    await client.config.region().catch((error: unknown) => {
      throw new CliError(
        'DIGEST_TRANSPORT=ses needs an AWS region: set AWS_REGION (for example AWS_REGION=eu-west-1), or a region in the AWS profile you use (AWS_PROFILE, ~/.aws/config)',
        { cause: error },
      );
    });
    const tracking = optionalEnv('SES_TRACKING_CONFIGURATION_SET', env);
    return new SesMailer({
      client,
      configurationSetName: optionalEnv('SES_CONFIGURATION_SET', env),
      // the mail of a list whose record turns tracking on goes through it (cli/send-runtime.ts)
      ...(tracking ? { trackingConfigurationSetName: tracking } : {}),
    });
  }
  throw new CliError(`DIGEST_TRANSPORT must be outbox or ses, not ${JSON.stringify(transport)}`);
}

export async function openLocalDeps(options: OpenLocalDepsOptions): Promise<LocalDeps> {
  const env = options.env ?? process.env;
  const dataDir = ensureDataDir(options.dataDir);
  const clock = options.clock ?? systemClock;
  const secret = loadTokenSecret(dataDir, env);
  const mail = mailSettings(env);
  const mailer = await mailerFromEnv(dataDir, env);
  const dynamo = await openLocalDynamo(dataDir, { inMemory: options.inMemory });
  try {
    const table = optionalEnv('SUBSCRIBERS_TABLE', env) ?? DEFAULT_SUBSCRIBERS_TABLE;
    await ensureTable(dynamo.client, subscribersTableDefinition(table));
    const subscribers = new DynamoSubscriberStore(dynamo.client, table);
    const listsTable = optionalEnv('LISTS_TABLE', env) ?? LOCAL_LISTS_TABLE;
    await ensureTable(dynamo.client, listsTableDefinition(listsTable));
    const lists = new ConfiguredListStore(new DynamoListStore(dynamo.client, listsTable), [
      builtInDefaultList(defaultListTitle(env)),
    ]);
    const currentBaseUrl = () => baseUrl(dataDir, env);
    const confirmations = createConfirmationSender({
      mailer,
      secret,
      baseUrl: currentBaseUrl,
      from: mail.from,
      postalAddress: mail.postalAddress,
      lists,
    });
    return {
      dataDir,
      env,
      clock,
      dynamo,
      secret,
      mail,
      baseUrl: currentBaseUrl,
      mailer,
      subscribers,
      lists,
      subscriberHandlerDeps: (log?: Log) => ({
        store: subscribers,
        lists,
        confirmations,
        secret,
        clock,
        baseUrl: currentBaseUrl,
        log,
      }),
      close: () => dynamo.close(),
    };
  } catch (error) {
    await dynamo.close();
    throw error;
  }
}
