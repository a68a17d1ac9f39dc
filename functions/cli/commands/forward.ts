/**
 * `digest forward ID --to a@example.org,b@example.org [--note TEXT]`: sends an archived issue to
 * stakeholders who are not subscribers, with the same rules as POST /issues/<id>/forward (at most
 * 10 recipients, hourly cap, note capped and escaped, no subscriber token in the mail).
 *
 * Every address not sent to (suppressed, or refused by the mail service) is one `digest: not sent to ADDRESS: why`
 * line on stderr, and makes the exit 1: whether nobody got it or only some did, someone did not. `forwarded ID to N
 * recipients` on stdout is printed only when someone was sent it, so a script tells the two apart by stdout.
 */
import type { Command } from 'commander';
import type { ForwardDeps, ForwardResult } from '../../use-cases/forward.js';
import { CliError } from '../cli-error.js';
import { openProgress, PROGRESS_OPTION_HELP, parseProgressMode } from '../progress.js';
import { collect } from '../repeatable-option.js';
import { STACK_OUTPUTS_HELP } from '../stack-outputs.js';

export function register(program: Command): void {
  program
    .command('forward <issueId>')
    .description('forward an issue to stakeholders who are not subscribers')
    .requiredOption('--to <addresses>', 'comma-separated addresses (at most 10; repeatable)', collect)
    .option('--note <text>', 'a note shown above the issue')
    .option('--from-name <name>', "who forwards it (default: the local API key's name)")
    .option('--progress <mode>', PROGRESS_OPTION_HELP)
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .option('--stack-outputs <file>', STACK_OUTPUTS_HELP)
    .action(
      async (
        issueId: string,
        options: {
          to: string[];
          note?: string;
          fromName?: string;
          progress?: string;
          dataDir?: string;
          stackOutputs?: string;
        },
      ) => {
        const progressMode = parseProgressMode(options.progress);
        // `--to a@x.org --to b@y.org` is `--to a@x.org,b@y.org`: each --to adds its addresses
        const to = options.to
          .flatMap((value) => value.split(','))
          .map((s) => s.trim())
          .filter(Boolean);
        const {
          forwardIssue,
          ForwardError,
          NotForwardedError,
          MAX_FORWARDED_BY_CHARS,
          MAX_NOTE_CHARS,
          SUPPRESSED_REASON,
        } = await import('../../use-cases/forward.js');
        // A control character other than a line break or a tab would land in the mail: a bad option, exit 2.
        const { lineOption, textOption } = await import('../line-option.js');
        // (the note's limit as the API applies it, to the text trimmed: a bad option, exit 2, as --from-name)
        const note = textOption('--note', options.note, 'the note')?.trim();
        if (note !== undefined && note.length > MAX_NOTE_CHARS) {
          throw new CliError(
            `--note is ${note.length} characters long; a note takes at most ${MAX_NOTE_CHARS}`,
            {
              exitCode: 2,
            },
          );
        }
        // A display name, printed above the issue: refused as a bad option (exit 2) before anything is sent, as a
        // line break in it is (line-option.ts), which the mail would otherwise flatten into a space without a word.
        const fromName = lineOption('--from-name', options.fromName, 'the "forwarded by" name');
        if (fromName !== undefined && fromName.length > MAX_FORWARDED_BY_CHARS) {
          throw new CliError(
            `--from-name is ${fromName.length} characters long; a display name takes at most ${MAX_FORWARDED_BY_CHARS}`,
            { exitCode: 2 },
          );
        }
        const notSent = (refused: Pick<ForwardResult, 'suppressed' | 'failed'>): void => {
          for (const address of refused.suppressed)
            process.stderr.write(`digest: not sent to ${address}: ${SUPPRESSED_REASON}\n`);
          for (const f of refused.failed)
            process.stderr.write(`digest: not sent to ${f.address}: ${f.reason}\n`);
          if (refused.suppressed.length + refused.failed.length > 0) process.exitCode = 1;
        };
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
            forwardedBy = fromName || localKey?.name || 'digest CLI';
            // The CLI spends the local key's budget (shared with POST /issues/<id>/forward on `digest dev`),
            // whatever name --from-name shows.
            senderId = localKey ? keyId(localKey.key) : 'cli';
          } else {
            // In AWS the operator's own credentials authorise the send; the CLI has one hourly budget of its own.
            const { deployedForwardDeps } = await import('../deployed-briefing.js');
            forward = await deployedForwardDeps(deps);
            forwardedBy = fromName || 'digest CLI';
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
            notSent(result);
          } catch (error) {
            // Nobody was sent it (each address suppressed or refused by the mail service): the refusal lines
            // alone, no "forwarded" line. A failure of the mail service itself is thrown on, one line and exit 1.
            if (error instanceof NotForwardedError) return notSent(error);
            // a bad address or note (400) is a bad option: exit 2; an unknown issue or the hourly cap, 1
            // (the use case names the API's field, "to"; here it is the option --to)
            if (error instanceof ForwardError && error.status === 404) {
              const { unsentDraft } = await import('../unsent-draft.js');
              throw new CliError((await unsentDraft(await deps.briefingStore(), issueId)) ?? error.message);
            }
            if (error instanceof ForwardError)
              throw new CliError(error.message.replace('"to"', '--to'), {
                exitCode: error.status === 400 ? 2 : 1,
              });
            throw error;
          }
        });
      },
    );
}
