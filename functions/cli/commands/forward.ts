/**
 * `digest forward ID --to a@example.org,b@example.org [--note TEXT]`: sends an archived issue to
 * stakeholders who are not subscribers, with the same rules as POST /issues/<id>/forward (at most
 * 10 recipients, hourly cap, note capped and escaped, no subscriber token in the mail).
 */
import type { Command } from 'commander';
import { cliEnv } from '../cli-env.js';
import { CliError } from '../cli-error.js';
import { openProgress, PROGRESS_OPTION_HELP, parseProgressMode } from '../progress.js';

export function register(program: Command): void {
  program
    .command('forward <issueId>')
    .description('forward an issue to stakeholders who are not subscribers')
    .requiredOption('--to <addresses>', 'comma-separated addresses (at most 10)')
    .option('--note <text>', 'a note shown above the issue')
    .option('--from-name <name>', "who forwards it (default: the local API key's name)")
    .option('--progress <mode>', PROGRESS_OPTION_HELP)
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .action(
      async (
        issueId: string,
        options: { to: string; note?: string; fromName?: string; progress?: string; dataDir?: string },
      ) => {
        const progressMode = parseProgressMode(options.progress);
        const to = options.to
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const { resolveDataDir } = await import('../../adapters/local-runtime.js');
        const { openLocalDeps } = await import('../local-deps.js');
        const { openLocalBriefing } = await import('../local-briefing.js');
        const { forwardIssue, ForwardError } = await import('../../use-cases/forward.js');
        const { readLocalApiKey } = await import('../../adapters/api-key-store.js');
        const { keyId } = await import('../../core/api-keys.js');
        const deps = await openLocalDeps({ dataDir: resolveDataDir(options.dataDir, cliEnv()) });
        try {
          const { forward } = await openLocalBriefing(deps);
          const localKey = readLocalApiKey(deps.dataDir);
          const forwardedBy = options.fromName?.trim() || localKey?.name || 'digest CLI';
          // The CLI spends the local key's budget (shared with POST /issues/<id>/forward on `digest dev`),
          // whatever name --from-name shows.
          const senderId = localKey ? keyId(localKey.key) : 'cli';
          const progress = await openProgress({ verb: 'sent', mode: progressMode });
          try {
            const result = await forwardIssue(
              { issueId, to, note: options.note, forwardedBy, senderId },
              forward,
              (done, total) => progress.update(done, total),
            ).finally(() => progress.stop());
            process.stdout.write(
              `forwarded ${result.issueId} to ${result.sent} recipient${result.sent === 1 ? '' : 's'}\n`,
            );
            if (result.suppressed.length > 0) {
              process.stdout.write(
                `not sent to ${result.suppressed.length} suppressed address${result.suppressed.length === 1 ? '' : 'es'} (bounced, complained or suppressed by hand): ${result.suppressed.join(', ')}\n`,
              );
            }
          } catch (error) {
            if (error instanceof ForwardError) throw new CliError(error.message);
            throw error;
          }
        } finally {
          await deps.close();
        }
      },
    );
}
