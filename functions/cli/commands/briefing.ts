/**
 * `digest briefing [--list NAME] [--feed URL …]`: composes an issue from what the list has not
 * sent yet (its feeds, any --feed, queued articles) and delivers it like `digest send`.
 * With nothing new it sends nothing and says so with the counts. A source that fails never stops
 * the briefing, but it is named on stderr (and in `--json`) and the exit code is 3 (exit-codes.ts). An issue for a
 * list nobody on which can be mailed is not sent, and nothing of it kept: `nothing sent for <list>: …` on stderr,
 * exit 0 when every source was read (the contract's "0 when every source was read"), 3 when one was not.
 */
import type { Command } from 'commander';
import { CONTROL_CHARACTER_RE } from '../../core/control-characters.js';
import { cliEnv, cliSwitches } from '../cli-env.js';
import { CliError, UsageError } from '../cli-error.js';
import {
  deliveryIncomplete,
  EXIT_DELIVERY_INCOMPLETE,
  EXIT_SOURCE_FAILED,
  exitOneOnError,
} from '../exit-codes.js';
import { openProgress, PROGRESS_OPTION_HELP, parseProgressMode } from '../progress.js';
import { collect } from '../repeatable-option.js';
import { STACK_OUTPUTS_HELP_QUEUE, stackOutputsFile } from '../stack-outputs.js';

interface BriefingOptions {
  list: string;
  create?: boolean;
  feed?: string[];
  dataDir?: string;
  stackOutputs?: string;
  json?: boolean;
  window?: string;
  progress?: string | boolean;
}

/**
 * A window key names the issue a run makes, in the store and on every line that reports it (`window KEY of LIST
 * already has issue …`): an empty one or one with a line break or control character is refused before anything is
 * read, as a bad option (exit 1, briefing's rule). It was taken as given: `--window ""` recorded an issue under an
 * empty key, and a line break split the report's line in two.
 */
function checkWindowKey(window: string | undefined): void {
  if (window === undefined) return;
  if (window.trim() === '') throw new UsageError('--window must not be empty (give a key, or auto)');
  if (CONTROL_CHARACTER_RE.test(window))
    throw new UsageError('--window must be one line without control characters (give a key, or auto)');
}

/** The run's window: the list's schedule window for `auto`, the key given, else one of its own (`run-<time>`). */
function runWindow(window: string | undefined, now: Date): string | undefined {
  return window === 'auto' ? undefined : (window ?? `run-${now.toISOString()}`);
}

/**
 * Against the deployed service: compose and archive here, queue the recipients for the send worker (as the
 * schedule does), print the issue id and return. Exit codes as on a laptop, except that nothing has been sent yet.
 */
async function deployedBriefing(options: BriefingOptions, list: string): Promise<void> {
  const { withCommandDeps } = await import('../command-deps.js');
  await withCommandDeps(options, async (deps) => {
    const { resolveListOption } = await import('../list-option.js');
    await resolveListOption(deps, list, options.create === true);
    const { openDeployedBriefing } = await import('../deployed-briefing.js');
    const { runBriefing, expireOverdueDrafts, expiryLines } = await import('../../use-cases/briefing.js');
    const { briefing, queued } = await openDeployedBriefing(deps, {
      log: (line) => process.stderr.write(`${line}\n`),
      allowLoopback: cliSwitches().DIGEST_ALLOW_LOOPBACK,
    });
    // A draft whose expiry fails is named and the run goes on (briefing-drafts.ts expireOverdueDrafts).
    for (const line of expiryLines(await expireOverdueDrafts(briefing))) process.stderr.write(`${line}\n`);
    const now = deps.clock.now();
    const window = runWindow(options.window, now);
    const outcome = await runBriefing(
      { list, scheduledAt: now, window, extraFeeds: options.feed ?? [] },
      briefing,
    );
    const { outcomeJson, outcomeLines, failedSources } = await import('../briefing-report.js');
    const lines = outcomeLines(outcome, list);
    for (const line of lines.stderr) process.stderr.write(`${line}\n`);
    if (options.json) {
      const json = outcomeJson(outcome);
      process.stdout.write(
        `${JSON.stringify(outcome.kind === 'sent' ? { ...json, queued: queued() } : json)}\n`,
      );
    } else if (outcome.kind === 'sent') {
      process.stdout.write(
        `queued issue ${outcome.issueId} "${outcome.subject}" for ${queued()} recipient(s) of ${list} (${outcome.delivery.skipped} suppressed); follow it with \`digest stats ${outcome.issueId} --watch\`\n`,
      );
    } else for (const line of lines.stdout) process.stdout.write(`${line}\n`);
    if (failedSources(outcome).length > 0) process.exitCode = EXIT_SOURCE_FAILED;
  });
}

export function register(program: Command): void {
  program
    .command('briefing')
    .description("compose and deliver what arrived since the list's last issue (feeds, queued articles)")
    .option('--list <name>', 'list id', 'default')
    .option('--create', 'create the list when it does not exist yet')
    .option('--feed <url>', 'also read this RSS/Atom feed (repeatable)', collect)
    .option(
      '--window <key>',
      "the run's window key; 'auto' = the list's schedule window (like the scheduler)",
    )
    .option('--json', 'print the outcome as one JSON line')
    .option('--progress <mode>', PROGRESS_OPTION_HELP)
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .option('--stack-outputs <file>', STACK_OUTPUTS_HELP_QUEUE)
    .action((options: BriefingOptions) => exitOneOnError(() => briefingAction(options)));
}

async function briefingAction(options: BriefingOptions): Promise<void> {
  const { listNameSchema } = await import('../../core/subscription.js');
  const list = listNameSchema.safeParse(options.list);
  if (!list.success) throw new CliError(`--list: ${list.error.issues[0]?.message}`);
  const { sourceUrl } = await import('../../core/source-url.js');
  for (const feed of options.feed ?? []) {
    // The rule of every source an operator gives (core/source-url.ts); the feed is read as given.
    const checked = sourceUrl(feed);
    if (!checked.ok && checked.reason === 'credentials') throw new CliError(`--feed: ${checked.message}`);
    if (!checked.ok) throw new CliError(`--feed must be an http(s) URL: ${feed}`);
  }
  checkWindowKey(options.window);
  const progressMode = parseProgressMode(options.progress);
  if (stackOutputsFile(options.stackOutputs, cliEnv())) {
    await deployedBriefing(options, list.data);
    return;
  }
  const { resolveDataDir } = await import('../../adapters/local-runtime.js');
  const { openLocalDeps } = await import('../local-deps.js');
  const { openLocalBriefing } = await import('../local-briefing.js');
  const { runBriefing, expireOverdueDrafts, expiryLines } = await import('../../use-cases/briefing.js');
  const deps = await openLocalDeps({ dataDir: resolveDataDir(options.dataDir, cliEnv()) });
  const progress = await openProgress({ verb: 'sent', mode: progressMode });
  try {
    const { resolveListOption } = await import('../list-option.js');
    await resolveListOption(deps, list.data, options.create === true);
    const { briefing } = await openLocalBriefing(deps, {
      log: (line) => process.stderr.write(`${line}\n`),
      onProgress: (done, total, failed) => progress.update(done, total, failed),
    });
    // A draft whose expiry fails is named and the run goes on (briefing-drafts.ts expireOverdueDrafts).
    for (const line of expiryLines(await expireOverdueDrafts(briefing))) process.stderr.write(`${line}\n`);
    const now = deps.clock.now();
    const window = runWindow(options.window, now);
    const outcome = await runBriefing(
      { list: list.data, scheduledAt: now, window, extraFeeds: options.feed ?? [] },
      briefing,
    ).finally(() => progress.stop());
    const { outcomeJson, outcomeLines, failedSources } = await import('../briefing-report.js');
    for (const line of outcomeLines(outcome, list.data).stderr) process.stderr.write(`${line}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify(outcomeJson(outcome))}\n`);
    else for (const line of outcomeLines(outcome, list.data).stdout) process.stdout.write(`${line}\n`);
    const delivery = outcome.kind === 'sent' ? outcome.delivery : null;
    if (delivery && deliveryIncomplete(delivery)) process.exitCode = EXIT_DELIVERY_INCOMPLETE;
    else if (failedSources(outcome).length > 0) process.exitCode = EXIT_SOURCE_FAILED;
  } finally {
    await deps.close();
  }
}
