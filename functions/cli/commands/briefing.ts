/**
 * `digest briefing [--list NAME] [--feed URL …]`: composes an issue from what arrived since the
 * list's last issue (its feeds, any --feed, queued articles) and delivers it like `digest send`.
 * With nothing new it sends nothing, says so on stdout and exits 0. Source failures are reported
 * on stderr, one line each, and never stop the briefing.
 */
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';

interface BriefingOptions {
  list: string;
  create?: boolean;
  feed?: string[];
  dataDir?: string;
  json?: boolean;
  window?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

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
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .action(async (options: BriefingOptions) => {
      const { listNameSchema } = await import('../../core/subscription.js');
      const list = listNameSchema.safeParse(options.list);
      if (!list.success) throw new CliError(`--list: ${list.error.issues[0]?.message}`);
      for (const feed of options.feed ?? []) {
        if (!/^https?:\/\//i.test(feed)) throw new CliError(`--feed must be an http(s) URL: ${feed}`);
      }
      const { resolveDataDir } = await import('../../adapters/local-runtime.js');
      const { openLocalDeps } = await import('../local-deps.js');
      const { openLocalBriefing } = await import('../local-briefing.js');
      const { runBriefing, expireOverdueDrafts } = await import('../../use-cases/briefing.js');
      const deps = await openLocalDeps({ dataDir: resolveDataDir(options.dataDir) });
      try {
        const { resolveListOption } = await import('../list-option.js');
        await resolveListOption(deps, list.data, options.create === true);
        const { briefing } = await openLocalBriefing(deps, {
          log: (line) => process.stderr.write(`${line}\n`),
        });
        for (const id of await expireOverdueDrafts(briefing))
          process.stderr.write(`draft ${id} expired unsent\n`);
        const now = deps.clock.now();
        const window = options.window === 'auto' ? undefined : (options.window ?? `run-${now.toISOString()}`);
        const outcome = await runBriefing(
          { list: list.data, scheduledAt: now, window, extraFeeds: options.feed ?? [] },
          briefing,
        );
        if (options.json) {
          const { reports: _r, ...rest } = outcome as typeof outcome & {
            reports?: unknown;
            dropped?: unknown;
          };
          const { dropped: _d, ...line } = rest as typeof rest & { dropped?: unknown };
          process.stdout.write(`${JSON.stringify(line)}\n`);
          return;
        }
        switch (outcome.kind) {
          case 'empty':
            process.stdout.write(`nothing new for ${list.data}: ${outcome.reason}; nothing sent\n`);
            return;
          case 'duplicate':
            process.stdout.write(
              `window ${outcome.window} of ${list.data} already has issue ${outcome.existing.issueId} (${outcome.existing.status}); nothing sent\n`,
            );
            return;
          case 'draft':
            process.stdout.write(
              `draft ${outcome.issueId} "${outcome.subject}" is waiting for the editor's approval until ${outcome.deadline}\n`,
            );
            return;
          case 'sent': {
            const d = outcome.delivery;
            process.stdout.write(
              `sent issue ${outcome.issueId} "${outcome.subject}": ${d.sent} sent, ${d.skipped} skipped, ${d.failed} failed, ${d.unknown} unknown\n`,
            );
            if (d.failed > 0 || d.unknown > 0) process.exitCode = 2;
          }
        }
      } finally {
        await deps.close();
      }
    });
}
