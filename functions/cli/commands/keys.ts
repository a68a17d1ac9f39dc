/**
 * `digest keys`: creates (once) and shows the local API key that POST /articles and
 * POST /issues/<id>/forward require as `Authorization: Bearer <key>` on `digest dev`.
 * `--rotate` replaces it. The key lives in `<data-dir>/api-key.json` (mode 0600).
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('keys')
    .description('create or show the local API key (Authorization: Bearer <key>)')
    .option('--rotate', 'replace the key with a new one')
    .option('--name <name>', 'who the key belongs to (shown as "forwarded by")')
    .option('--json', 'print {"name", "key"}')
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .action(async (options: { rotate?: boolean; name?: string; json?: boolean; dataDir?: string }) => {
      const { resolveDataDir, ensureDataDir } = await import('../../adapters/local-runtime.js');
      const { createLocalApiKey, readLocalApiKey } = await import('../../adapters/api-key-store.js');
      const dataDir = ensureDataDir(resolveDataDir(options.dataDir));
      const existing = readLocalApiKey(dataDir);
      const rename = options.name !== undefined && options.name.trim() !== existing?.name;
      const key = createLocalApiKey(dataDir, {
        rotate: options.rotate === true || rename,
        name: options.name?.trim().slice(0, 80) || undefined,
      });
      if (options.json) process.stdout.write(`${JSON.stringify(key)}\n`);
      else process.stdout.write(`${key.key}\n`);
      if (!existing || options.rotate || rename)
        process.stderr.write(`api key for "${key.name}" written to the data dir\n`);
    });
}
