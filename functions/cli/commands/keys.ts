/**
 * `digest keys [--name NAME] [--rotate] [--json]`: the local API keys that POST /articles and
 * POST /issues/<id>/forward require as `Authorization: Bearer <key>` on `digest dev`. They live in
 * `<data-dir>/api-key.json` (mode 0600), and every key in it works.
 * - no option: shows the first key (created, named "local editor", when there is none);
 * - `--name X`: shows the key named X, or adds one; the other keys keep working;
 * - `--rotate [--name X]`: replaces that key's secret and says which key stopped working.
 */
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';

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
    .action(async (options: { rotate?: boolean; name?: string; json?: boolean; dataDir?: string }) => {
      const { resolveDataDir, ensureDataDir } = await import('../../adapters/local-runtime.js');
      const { updateLocalApiKeys, readLocalApiKeys } = await import('../../adapters/api-key-store.js');
      const { describeKey, KeySetError } = await import('../../core/key-set.js');
      const dataDir = ensureDataDir(resolveDataDir(options.dataDir));
      let change: import('../../core/key-set.js').KeyChange;
      try {
        change = updateLocalApiKeys(dataDir, { name: options.name, rotate: options.rotate === true });
      } catch (error) {
        if (error instanceof KeySetError) throw new CliError(error.message);
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
