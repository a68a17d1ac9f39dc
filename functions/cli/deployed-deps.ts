/**
 * The deployed service as a command's dependencies (see command-deps.ts): the same adapters as the
 * Lambdas, pointed at the resources named in the stack outputs. Clients take the SDK's default
 * credential chain and endpoint variables; only the region is chosen here.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  builtInDefaultList,
  ConfiguredListStore,
  defaultListTitle,
} from '../adapters/configured-list-store.js';
import { ConfiguredBriefingStore, parseListDefaults } from '../adapters/configured-lists.js';
import { createConfirmationSender } from '../adapters/confirmation-mailer.js';
import { DynamoDeliveryLedger } from '../adapters/dynamo-delivery-ledger.js';
import { DynamoListStore } from '../adapters/dynamo-list-store.js';
import { DynamoSubscriberStore } from '../adapters/dynamo-subscriber-store.js';
import { DynamoWindowLimits } from '../adapters/dynamo-window-limits.js';
import { S3IssueArchive } from '../adapters/s3-issue-archive.js';
import { createSesClient, SesMailer } from '../adapters/ses-mailer.js';
import { SqsJobSink } from '../adapters/sqs-job-sink.js';
import { optionalEnv } from '../config.js';
import type { Log } from '../handlers/http/errors.js';
import { configuredListsFromEnv } from '../handlers/runtime/lists.js';
import { systemClock } from '../ports/clock.js';
import type { ListStore, NewsletterList } from '../ports/list-store.js';
import { CliError } from './cli-error.js';
import type { CommandDeps } from './data-deps.js';
import type { StackOutputs } from './stack-outputs.js';

/**
 * A deployment from before lists had a table: only the built-in `default` list reads; a write would be lost, so it
 * is refused naming the output that is missing.
 */
class NoListsTable implements ListStore {
  constructor(private readonly file: string) {}
  async get(): Promise<NewsletterList | null> {
    return null;
  }
  async list(): Promise<NewsletterList[]> {
    return [];
  }
  private refuse(): never {
    throw new CliError(
      `${this.file} lacks ListsTableName: redeploy every stack (cdk deploy --all --outputs-file ${this.file}) to keep lists`,
    );
  }
  async create(): Promise<boolean> {
    this.refuse();
  }
  async update(): Promise<NewsletterList | null> {
    this.refuse();
  }
  async delete(): Promise<boolean> {
    this.refuse();
  }
}

/** Reads the ConfiguredLists output; a bad value names the output rather than the functions' variable. */
function fromOutput<T>(outputs: StackOutputs, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new CliError(
      `the ConfiguredLists output in ${outputs.file} is not what the stack writes: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * The lists the functions know without a table record: `default` (titled as the stack titles it) and the deploy
 * configuration's lists. An outputs file from before ConfiguredLists has only `default`, titled from the sender.
 */
function configuredLists(outputs: StackOutputs, from: string, env: NodeJS.ProcessEnv): NewsletterList[] {
  const title = outputs.defaultListTitle ?? defaultListTitle({ ...env, DIGEST_FROM: from });
  if (!outputs.configuredLists) return [builtInDefaultList(title)];
  return fromOutput(outputs, () =>
    configuredListsFromEnv({ DIGEST_LISTS: outputs.configuredLists ?? '', DIGEST_LIST_TITLE: title }),
  );
}

/** AWS_REGION / AWS_DEFAULT_REGION when set, else the deployment's region (from its ARNs). */
export function deployedRegion(outputs: StackOutputs, env: NodeJS.ProcessEnv): string | undefined {
  return env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || outputs.region || undefined;
}

async function tokenKey(
  client: SecretsManagerClient,
  outputs: StackOutputs,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const direct = optionalEnv('DIGEST_SECRET', env);
  if (direct) return direct;
  let value: string | undefined;
  try {
    ({ SecretString: value } = await client.send(
      new GetSecretValueCommand({ SecretId: outputs.tokenSecretArn }),
    ));
  } catch (error) {
    throw new CliError(
      `cannot read the token secret ${outputs.tokenSecretArn}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  // one key per line, newest first (the Lambdas read it the same way); new links are signed with the newest
  const newest = (value ?? '')
    .split('\n')
    .map((k) => k.trim())
    .find(Boolean);
  if (!newest) throw new CliError(`the token secret ${outputs.tokenSecretArn} is empty`);
  return newest;
}

function required(value: string | undefined | null, what: string, outputs: StackOutputs): string {
  if (value) return value;
  throw new CliError(
    `${what} is not in ${outputs.file}: set it or redeploy (cdk deploy --all --outputs-file)`,
  );
}

export async function openDeployedDeps(outputs: StackOutputs, env: NodeJS.ProcessEnv): Promise<CommandDeps> {
  const region = deployedRegion(outputs, env);
  const config = region ? { region } : {};
  const dynamo = new DynamoDBClient(config);
  const documentClient = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const secrets = new SecretsManagerClient(config);
  // An S3 stand-in on an IP address has no virtual hosts: a custom endpoint gets path-style URLs.
  const s3 = new S3Client({ ...config, forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3) });
  const ses = createSesClient(config);
  let sqs: SQSClient | null = null;
  const clients: { destroy(): void }[] = [dynamo, secrets, s3, ses];
  try {
    const secret = await tokenKey(secrets, outputs, env);
    const mail = {
      from: required(
        optionalEnv('DIGEST_FROM', env) ?? outputs.mailFrom,
        'MailFrom (or DIGEST_FROM)',
        outputs,
      ),
      postalAddress: required(
        optionalEnv('DIGEST_POSTAL_ADDRESS', env) ?? outputs.postalAddress,
        'PostalAddress (or DIGEST_POSTAL_ADDRESS)',
        outputs,
      ),
      unsubscribeMailbox: optionalEnv('DIGEST_UNSUBSCRIBE_MAILBOX', env) ?? outputs.unsubscribeMailbox ?? '',
    };
    const baseUrl = (optionalEnv('DIGEST_BASE_URL', env) ?? outputs.apiUrl).replace(/\/+$/, '');
    const mailer = new SesMailer({ client: ses, configurationSetName: outputs.configurationSetName });
    const subscribers = new DynamoSubscriberStore(documentClient, outputs.subscribersTable);
    const lists = new ConfiguredListStore(
      outputs.listsTable
        ? new DynamoListStore(documentClient, outputs.listsTable)
        : new NoListsTable(outputs.file),
      configuredLists(outputs, mail.from, env),
    );
    const confirmations = createConfirmationSender({
      mailer,
      secret,
      baseUrl: () => baseUrl,
      from: mail.from,
      postalAddress: mail.postalAddress,
      lists,
    });
    const ledger = new DynamoDeliveryLedger(documentClient, outputs.deliveriesTable);
    // the configured lists' settings and feeds where the table has none, as the schedule function reads them
    const briefings = new ConfiguredBriefingStore(
      documentClient,
      outputs.briefingsTable,
      fromOutput(outputs, () => parseListDefaults(outputs.configuredLists ?? '')),
    );
    return {
      deployed: outputs,
      local: null,
      env,
      clock: systemClock,
      secret,
      mail,
      baseUrl: () => baseUrl,
      mailer,
      documentClient,
      subscribers,
      lists,
      subscriberHandlerDeps: (log?: Log) => ({
        store: subscribers,
        lists,
        confirmations,
        secret,
        clock: systemClock,
        baseUrl: () => baseUrl,
        log,
      }),
      ledger: async () => ledger,
      briefingStore: async () => briefings,
      windowLimits: async () => new DynamoWindowLimits(documentClient, outputs.briefingsTable),
      archive: new S3IssueArchive(s3, outputs.archiveBucket),
      sendQueue: () => {
        if (!sqs) {
          sqs = new SQSClient(config);
          clients.push(sqs);
        }
        return new SqsJobSink(sqs, outputs.sendQueueUrl);
      },
      close: async () => {
        for (const client of clients) client.destroy();
      },
    };
  } catch (error) {
    for (const client of clients) client.destroy();
    throw error;
  }
}
