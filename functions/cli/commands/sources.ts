/**
 * `digest sources add|list|remove` manages a list's feeds; `digest sources queue URL…` queues
 * articles for the next briefing (like POST /articles); `digest sources settings` shows or changes
 * the list's briefing settings (review mode, editor, time zone, cadence, story cap).
 */
import type { Command } from 'commander';
import type { ListSettings } from '../../ports/briefing-store.js';
import { CliError } from '../cli-error.js';
import type { CommandDeps } from '../command-deps.js';

interface Common {
  list: string;
  create?: boolean;
  dataDir?: string;
  stackOutputs?: string;
}

async function withStore<T>(
  options: Common,
  run: (
    store: import('../../ports/briefing-store.js').BriefingStore,
    deps: CommandDeps,
    list: string,
  ) => Promise<T>,
): Promise<T> {
  const { listNameSchema } = await import('../../core/subscription.js');
  const list = listNameSchema.safeParse(options.list);
  if (!list.success) throw new CliError(`--list: ${list.error.issues[0]?.message}`);
  const { withCommandDeps } = await import('../command-deps.js');
  return withCommandDeps(options, async (deps) => {
    const { resolveListOption } = await import('../list-option.js');
    await resolveListOption(deps, list.data, options.create === true);
    return run(await deps.briefingStore(), deps, list.data);
  });
}

function httpUrl(raw: string, what: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
  } catch {}
  throw new CliError(`${what} must be an http(s) URL: ${raw}`);
}

export function register(program: Command): void {
  const sources = program.command('sources').description("manage a list's feeds and queued articles");
  const common = (c: Command) =>
    c
      .option('--list <name>', 'list id', 'default')
      .option('--create', 'create the list when it does not exist yet')
      .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
      .option(
        '--stack-outputs <file>',
        'work on the deployed service named in this `cdk deploy --outputs-file` file (env DIGEST_STACK_OUTPUTS)',
      );

  common(sources.command('add <url...>'))
    .description('add RSS/Atom feeds to the list')
    .action(async (urls: string[], options: Common) => {
      await withStore(options, async (store, deps, list) => {
        for (const raw of urls) {
          const url = httpUrl(raw, 'a feed');
          const added = await store.addSource(list, url, deps.clock.now().toISOString());
          process.stdout.write(
            added ? `added ${url} to ${list}\n` : `${url} is already a source of ${list}\n`,
          );
        }
      });
    });

  common(sources.command('remove <url...>'))
    .description('remove feeds from the list')
    .action(async (urls: string[], options: Common) => {
      await withStore(options, async (store, _deps, list) => {
        const missing: string[] = [];
        for (const raw of urls) {
          // `add` stores the URL normalised (lower-case host, a path of at least '/'): match that form
          // first, then the text as typed, for a source stored some other way.
          let url = raw;
          try {
            url = httpUrl(raw, 'a feed');
          } catch {}
          let removed = await store.removeSource(list, url);
          if (!removed && url !== raw) {
            removed = await store.removeSource(list, raw);
            if (removed) url = raw;
          }
          if (removed) process.stdout.write(`removed ${url} from ${list}\n`);
          else missing.push(raw);
        }
        // An error, once the others are removed: one `digest: …` line on stderr, exit 1.
        if (missing.length === 1) throw new CliError(`${missing[0]} is not a source of ${list}`);
        if (missing.length > 1) throw new CliError(`${missing.join(', ')} are not sources of ${list}`);
      });
    });

  common(sources.command('list'))
    .description("list the list's feeds and queued articles")
    .option('--json', 'one JSON object')
    .action(async (options: Common & { json?: boolean }) => {
      await withStore(options, async (store, _deps, list) => {
        const feeds = await store.listSources(list);
        const queued = await store.listQueued(list);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ list, feeds, queued })}\n`);
          return;
        }
        if (feeds.length === 0 && queued.length === 0) process.stdout.write(`${list} has no sources\n`);
        for (const f of feeds) process.stdout.write(`feed\t${f.url}\t${f.addedAt}\n`);
        for (const q of queued) process.stdout.write(`queued\t${q.url}\t${q.queuedAt}\n`);
      });
    });

  common(sources.command('queue <url...>'))
    .description("queue article URLs for the list's next briefing")
    .action(async (urls: string[], options: Common) => {
      await withStore(options, async (store, deps, list) => {
        const at = deps.clock.now().toISOString();
        for (const raw of urls) {
          const url = httpUrl(raw, 'an article');
          const queued = await store.queueArticle(list, { url, queuedAt: at, origin: 'queue' });
          process.stdout.write(queued ? `queued ${url} for ${list}\n` : `${url} is already queued\n`);
        }
      });
    });

  common(sources.command('settings'))
    .description("show or change the list's briefing settings")
    .option('--mode <mode>', 'auto (send) or review (draft + editor approval)')
    .option('--editor <email>', 'who approves drafts in review mode')
    .option('--timezone <zone>', 'IANA time zone of the schedule window')
    .option('--cadence <cadence>', 'hourly, daily or weekly: the window an issue covers')
    .option('--max-stories <n>', 'stories per issue')
    .option('--review-hours <n>', 'hours a draft waits for approval')
    .action(async (options: Common & Record<string, string | undefined>) => {
      const { CADENCES } = await import('../../core/briefing-window.js');
      const { isTimeZone } = await import('../../core/time-zone.js');
      const { normalizeEmail, describeEmailRejection } = await import('../../core/email-address.js');
      await withStore(options, async (store, _deps, list) => {
        const current = await store.getSettings(list);
        const next: ListSettings = { ...current };
        if (options.mode !== undefined) {
          if (options.mode !== 'auto' && options.mode !== 'review')
            throw new CliError('--mode must be auto or review');
          next.mode = options.mode;
        }
        if (options.editor !== undefined) {
          const r = normalizeEmail(options.editor);
          if (!r.ok) throw new CliError(`--editor: ${describeEmailRejection(r.reason)}`);
          next.editor = r.email;
        }
        if (options.timezone !== undefined) {
          if (!isTimeZone(options.timezone))
            throw new CliError(`--timezone: unknown time zone ${options.timezone}`);
          next.timezone = options.timezone;
        }
        if (options.cadence !== undefined) {
          if (!(CADENCES as readonly string[]).includes(options.cadence))
            throw new CliError('--cadence must be hourly, daily or weekly');
          next.cadence = options.cadence as ListSettings['cadence'];
        }
        for (const [flag, key, max] of [
          ['maxStories', 'maxStories', 20],
          ['reviewHours', 'reviewHours', 24 * 7],
        ] as const) {
          const raw = options[flag];
          if (raw === undefined) continue;
          const n = Number(raw);
          if (!Number.isInteger(n) || n < 1 || n > max)
            throw new CliError(`--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be 1..${max}`);
          next[key] = n;
        }
        if (next.mode === 'review' && !next.editor) throw new CliError('review mode needs --editor');
        if (JSON.stringify(next) !== JSON.stringify(current)) await store.putSettings(next);
        process.stdout.write(`${JSON.stringify(next)}\n`);
      });
    });
}
