/**
 * `digest forward ID --to a@example.org,b@example.org [--note TEXT]`: sends an archived issue to
 * stakeholders who are not subscribers, with the same rules as POST /issues/<id>/forward (at most
 * 10 recipients, hourly cap, note capped and escaped, no subscriber token in the mail).
 */
import type { Command } from 'commander';
import type { ForwardDeps } from '../../use-cases/forward.js';
import { CliError } from '../cli-error.js';
import { openProgress, PROGRESS_OPTION_HELP, parseProgressMode } from '../progress.js';
import { STACK_OUTPUTS_HELP } from '../stack-outputs.js';

export function register(program: Command): void {
  program
    .command('forward <issueId>')
    .description('forward an issue to stakeholders who are not subscribers')
    .requiredOption('--to <addresses>', 'comma-separated addresses (at most 10)')
    .option('--note <text>', 'a note shown above the issue')
    .option('--from-name <name>', "who forwards it (default: the local API key's name)")
    .option('--progress <mode>', PROGRESS_OPTION_HELP)
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .option('--stack-outputs <file>', STACK_OUTPUTS_HELP)
    .action(
      async (
        issueId: string,
        options: {
          to: string;
          note?: string;
          fromName?: string;
          progress?: string;
          dataDir?: string;
          stackOutputs?: string;
        },
      ) => {
        const progressMode = parseProgressMode(options.progress);
        const to = options.to
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const { forwardIssue, ForwardError } = await import('../../use-cases/forward.js');
        const { withCommandDeps } = await import('../command-deps.js');
        await withCommandDeps(options, async (deps) => {
          let forward: ForwardDeps;
          let forwardedBy: string;
          let senderId: string;
          if (deps.local) {
            const { openLocalBriefing } = await import('../local-briefing.js');
            const { readLocalApiKey } = await import('../../adapters/api-key-store.js');
            const { keyId } = await import('../../core/api-keys.js');
            ({ forward } = await openLocalBriefing(deps.local));
            const localKey = readLocalApiKey(deps.local.dataDir);
            forwardedBy = options.fromName?.trim() || localKey?.name || 'digest CLI';
            // The CLI spends the local key's budget (shared with POST /issues/<id>/forward on `digest dev`),
            // whatever name --from-name shows.
            senderId = localKey ? keyId(localKey.key) : 'cli';
          } else {
            // In AWS the operator's own credentials authorise the send; the CLI has one hourly budget of its own.
            const { deployedForwardDeps } = await import('../deployed-briefing.js');
            forward = await deployedForwardDeps(deps);
            forwardedBy = options.fromName?.trim() || 'digest CLI';
            senderId = 'cli';
          }
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
            for (const f of result.failed)
              process.stderr.write(`digest: not sent to ${f.address}: ${f.reason}\n`);
            if (result.failed.length > 0) process.exitCode = 1;
          } catch (error) {
            if (error instanceof ForwardError) throw new CliError(error.message);
            throw error;
          }
        });
      },
    );
}
