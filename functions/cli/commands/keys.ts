/**
 * `digest keys [--name NAME] [--rotate] [--json]`: the local API keys that POST /articles and
 * POST /issues/<id>/forward require as `Authorization: Bearer <key>` on `digest dev`. They live in
 * `<data-dir>/api-key.json` (mode 0600), and every key in it works.
 * - no option: shows the first key (created, named "local editor", when there is none);
 * - `--name X`: shows the key named X, or adds one; the other keys keep working;
 * - `--rotate [--name X]`: replaces that key's secret and says which key stopped working.
 */
import type { Command } from 'commander';
import { cliEnv } from '../cli-env.js';
import { CliError, UsageError } from '../cli-error.js';

interface KeysOptions {
  rotate?: boolean;
  name?: string;
  json?: boolean;
  dataDir?: string;
  stackOutputs?: string;
}

export function register(program: Command): void {
  program
    .command('keys')
    .description('show or add a local API key (Authorization: Bearer <key>); --rotate replaces one')
    .option('--name <name>', 'the key of this name (shown as "forwarded by"); added when missing')
    .option(
      '--rotate',
      'replace the key (the first one, or --name) with a new one; the old one stops working',
    )
    .option('--json', 'print {"name", "key"}')
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .option(
      '--stack-outputs <file>',
      'the deployed key set (ApiKeySecretArn) named in this `cdk deploy --outputs-file` file (env DIGEST_STACK_OUTPUTS)',
    )
    .action(async (options: KeysOptions) => {
      const { stackOutputsFile } = await import('../stack-outputs.js');
      const outputs = stackOutputsFile(options.stackOutputs, cliEnv());
      if (outputs) {
        await deployedKeys(outputs, options);
        return;
      }
      const { resolveDataDir, ensureDataDir } = await import('../../adapters/local-runtime.js');
      const { readLocalApiKeys } = await import('../../adapters/api-key-store.js');
      const { updateLocalApiKeys } = await import('../../adapters/api-key-changes.js');
      const { describeKey, KeySetError } = await import('../../core/key-set.js');
      const dataDir = ensureDataDir(resolveDataDir(options.dataDir, cliEnv()));
      let change: import('../../core/key-set.js').KeyChange;
      try {
        change = await updateLocalApiKeys(dataDir, { name: options.name, rotate: options.rotate === true });
      } catch (error) {
        if (error instanceof KeySetError)
          throw error.usage ? new UsageError(error.message) : new CliError(error.message);
        throw error;
      }
      const { key } = change;
      process.stdout.write(options.json ? `${JSON.stringify(key)}\n` : `${key.key}\n`);
      const names = readLocalApiKeys(dataDir).map((k) => k.name);
      if (change.kind === 'added')
        process.stderr.write(
          `api key "${key.name}" added; ${names.length === 1 ? 'it is the only key' : `${names.length} keys work: ${names.join(', ')}`}\n`,
        );
      else if (change.kind === 'rotated')
        process.stderr.write(
          `api key "${key.name}" rotated: the old key ${describeKey(change.replaced)} stopped working; the new key is on stdout\n`,
        );
    });
}

/** The same key rules on the deployed key set (Secrets Manager, ApiKeySecretArn). */
async function deployedKeys(file: string, options: KeysOptions): Promise<void> {
  const { readStackOutputs } = await import('../stack-outputs.js');
  const { deployedRegion } = await import('../deployed-deps.js');
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const { updateSecretsManagerKeys } = await import('../../adapters/api-key-changes.js');
  const { describeKey, KeySetError } = await import('../../core/key-set.js');
  const outputs = readStackOutputs(file);
  if (!outputs.apiKeySecretArn)
    throw new CliError(`${file} lacks ApiKeySecretArn: redeploy the stateful stack`);
  const region = deployedRegion(outputs, cliEnv());
  const client = new SecretsManagerClient(region ? { region } : {});
  try {
    const { change, names } = await updateSecretsManagerKeys(client, outputs.apiKeySecretArn, {
      name: options.name,
      rotate: options.rotate === true,
    });
    const { key } = change;
    process.stdout.write(options.json ? `${JSON.stringify(key)}\n` : `${key.key}\n`);
    if (change.kind === 'added')
      process.stderr.write(`api key "${key.name}" added; ${names.length} keys work: ${names.join(', ')}\n`);
    else if (change.kind === 'rotated')
      process.stderr.write(
        `api key "${key.name}" rotated: the old key ${describeKey(change.replaced)} has stopped working; the new key (working within 5 seconds) is on stdout\n`,
      );
  } catch (error) {
    if (error instanceof KeySetError)
      throw error.usage ? new UsageError(error.message) : new CliError(error.message);
    throw error;
  } finally {
    client.destroy();
  }
}
