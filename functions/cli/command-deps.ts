/**
 * What a data command (`subscribers`, `send`, `stats`, `sources`, `keys`, …) works on, in one of two
 * places, with the same stores and use cases in both:
 *
 * - the local data dir (default): the shared dynalite, the file archive, the outbox (cli/local-deps);
 * - the deployed service, with `--stack-outputs FILE` or DIGEST_STACK_OUTPUTS: the tables, bucket,
 *   queue, secrets and SES configuration set named in the outputs of `cdk deploy --outputs-file`,
 *   reached through the AWS SDK's default credential chain (AWS_PROFILE, …) and its standard
 *   endpoint variables (AWS_ENDPOINT_URL_DYNAMODB, _S3, _SES, _SQS, _SECRETS_MANAGER). Nothing is
 *   read from or written to a data dir then.
 *
 * The region is AWS_REGION (or AWS_DEFAULT_REGION) when set, else the deployment's own, read from
 * the token secret's ARN: an operator's profile pointing at another region cannot send the CLI to
 * tables that do not exist there.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoBriefingStore } from '../adapters/dynamo-briefing-store.js';
import type { DynamoDeliveryLedger } from '../adapters/dynamo-delivery-ledger.js';
import type { DynamoSubscriberStore } from '../adapters/dynamo-subscriber-store.js';
import type { MailSettings } from '../adapters/local-runtime.js';
import type { SubscriberHandlerDeps } from '../handlers/dependencies.js';
import type { Log } from '../handlers/http/errors.js';
import type { Clock } from '../ports/clock.js';
import type { IssueArchive } from '../ports/issue-archive.js';
import type { Mailer } from '../ports/mailer.js';
import type { JobSink } from '../use-cases/deliver-issue.js';
import { CliError } from './cli-error.js';
import type { LocalDeps } from './local-deps.js';
import { readStackOutputs, type StackOutputs, stackOutputsFile } from './stack-outputs.js';

export interface CommandDeps {
  /** The outputs of the deployed stacks, or null on the local data dir. */
  deployed: StackOutputs | null;
  /** The local dependencies, or null against the deployed service. */
  local: LocalDeps | null;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  secret: string;
  mail: MailSettings;
  baseUrl(): string;
  mailer: Mailer;
  documentClient: DynamoDBDocumentClient;
  subscribers: DynamoSubscriberStore;
  subscriberHandlerDeps(log?: Log): SubscriberHandlerDeps;
  ledger(): Promise<DynamoDeliveryLedger>;
  briefingStore(): Promise<DynamoBriefingStore>;
  archive: IssueArchive;
  /** The send queue (deployed only): `send` and `briefing` fan out to it like the schedule does. */
  sendQueue(): JobSink;
  close(): Promise<void>;
}

export interface CommandDepsOptions {
  dataDir?: string;
  stackOutputs?: string;
  env?: NodeJS.ProcessEnv;
}

/** Opens the local data dir, or the deployed service when an outputs file is given. */
export async function openCommandDeps(options: CommandDepsOptions): Promise<CommandDeps> {
  const env = options.env ?? process.env;
  const file = stackOutputsFile(options.stackOutputs, env);
  if (file) {
    if (options.dataDir)
      throw new CliError('give either --stack-outputs (the deployed service) or --data-dir, not both', {
        exitCode: 2,
      });
    const { openDeployedDeps } = await import('./deployed-deps.js');
    return openDeployedDeps(readStackOutputs(file), env);
  }
  return openLocalCommandDeps(options.dataDir, env);
}

async function openLocalCommandDeps(
  dataDir: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<CommandDeps> {
  const { resolveDataDir, ensureTable } = await import('../adapters/local-runtime.js');
  const { openLocalDeps } = await import('./local-deps.js');
  const { FileIssueArchive } = await import('../adapters/file-issue-archive.js');
  const local = await openLocalDeps({ dataDir: resolveDataDir(dataDir), env });
  const { optionalEnv } = await import('../config.js');
  let ledger: Promise<DynamoDeliveryLedger> | null = null;
  let briefings: Promise<DynamoBriefingStore> | null = null;
  return {
    deployed: null,
    local,
    env,
    clock: local.clock,
    secret: local.secret,
    mail: local.mail,
    baseUrl: local.baseUrl,
    mailer: local.mailer,
    documentClient: local.dynamo.client,
    subscribers: local.subscribers,
    subscriberHandlerDeps: local.subscriberHandlerDeps,
    ledger: () => {
      ledger ??= (async () => {
        const m = await import('../adapters/dynamo-delivery-ledger.js');
        const table = optionalEnv('DELIVERIES_TABLE', env) ?? m.LOCAL_DELIVERIES_TABLE;
        await ensureTable(local.dynamo.client, m.deliveriesTableDefinition(table));
        return new m.DynamoDeliveryLedger(local.dynamo.client, table);
      })();
      return ledger;
    },
    briefingStore: () => {
      briefings ??= (async () => {
        const m = await import('../adapters/dynamo-briefing-store.js');
        const table = optionalEnv('BRIEFINGS_TABLE', env) ?? m.LOCAL_BRIEFINGS_TABLE;
        await ensureTable(local.dynamo.client, m.briefingsTableDefinition(table));
        return new m.DynamoBriefingStore(local.dynamo.client, table);
      })();
      return briefings;
    },
    archive: new FileIssueArchive(local.dataDir),
    sendQueue: () => {
      throw new CliError('there is no send queue on a local data dir');
    },
    close: () => local.close(),
  };
}

/** Opens, runs, and always closes. */
export async function withCommandDeps<T>(
  options: CommandDepsOptions,
  run: (deps: CommandDeps) => Promise<T>,
): Promise<T> {
  const deps = await openCommandDeps(options);
  try {
    return await run(deps);
  } finally {
    await deps.close();
  }
}
