import { CliError } from './cli-error.js';

/**
 * Exit codes of `digest briefing` (and, for its delivery, `digest send`) that cron and CI can act on (README
 * "Exit codes"):
 * 0 every source was read (an issue went out, or there was nothing new, or nothing was sent because another run at
 *   the same time sent one of its stories: the other stories go out with the next briefing, nobody needs to act);
 * 1 an error stopped the run (one `digest: …` line says which);
 * 2 some recipients failed or their outcome is unknown (`digest send --issue ID` resumes);
 * 3 a source could not be read; what could be read was still sent, and each failed source is named.
 * When both 2 and 3 apply, 2 wins: an unfinished delivery needs action before the next run.
 * A list nobody can be mailed on sends nothing and keeps its stories: 0 (every source was read, as the contract
 * has it) or 3, with a `nothing sent for <list>: no confirmed subscriber can be mailed …` line on stderr.
 * Other commands exit 2 on a usage error (as most Unix tools do): commander's own, and every value a command refuses
 * before it reads or writes anything, thrown as `UsageError` (cli-error.ts); briefing cannot, since cron reads its 2 as
 * "resume the delivery": every error it throws exits 1 (`exitOneOnError`). `digest send` keeps its documented 2
 * for a bad option (refused before anything is sent, no `--json` line) beside the 2 of an incomplete delivery.
 */
export const EXIT_DELIVERY_INCOMPLETE = 2;
export const EXIT_SOURCE_FAILED = 3;

/**
 * Whether a delivery needs someone to act (exit EXIT_DELIVERY_INCOMPLETE): a recipient failed, or may or may not
 * have been sent the issue. The rule of `digest briefing` and `digest send` alike; skipped recipients are done.
 * @example deliveryIncomplete({ failed: 0, unknown: 1 }) // true
 */
export function deliveryIncomplete(counts: { failed: number; unknown: number }): boolean {
  return counts.failed > 0 || counts.unknown > 0;
}

/**
 * Runs a briefing and makes every CLI error it throws exit 1, briefing's "an error stopped the run": the
 * shared option checks (`--progress`, `--stack-outputs` with `--data-dir`) throw exit 2 for other commands.
 */
export async function exitOneOnError(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof CliError && error.exitCode !== 1)
      throw new CliError(error.message, { cause: error });
    throw error;
  }
}
