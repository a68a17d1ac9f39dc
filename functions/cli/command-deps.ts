import type { DynamoBriefingStore } from '../adapters/dynamo-briefing-store.js';
import type { DynamoDeliveryLedger } from '../adapters/dynamo-delivery-ledger.js';
import { cliEnv } from './cli-env.js';
import { CliError } from './cli-error.js';
import type { CommandDeps } from './data-deps.js';
import { readStackOutputs, stackOutputsFile } from './stack-outputs.js';

export type { CommandDeps };

export interface CommandDepsOptions {
  dataDir?: string;
  stackOutputs?: string;
  env?: NodeJS.ProcessEnv;
}

/** Opens the local data dir, or the deployed service when an outputs file is given. */
export async function openCommandDeps(options: CommandDepsOptions): Promise<CommandDeps> {
  const env = options.env ?? cliEnv();
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
  const local = await openLocalDeps({ dataDir: resolveDataDir(dataDir, env), env });
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
    lists: local.lists,
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
    windowLimits: async () => {
      const { LOCAL_BRIEFINGS_TABLE, briefingsTableDefinition } = await import(
        '../adapters/dynamo-briefing-store.js'
      );
      const { DynamoWindowLimits } = await import('../adapters/dynamo-window-limits.js');
      const table = optionalEnv('BRIEFINGS_TABLE', env) ?? LOCAL_BRIEFINGS_TABLE;
      await ensureTable(local.dynamo.client, briefingsTableDefinition(table));
      return new DynamoWindowLimits(local.dynamo.client, table);
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
