/**
 * `digest sources add|list|remove` manages a list's feeds; `digest sources queue URL…` queues
 * articles for the next briefing (like POST /articles), and `remove` takes a queued one off the queue as it
 * removes a feed; `digest sources settings` shows or changes the list's briefing settings (review mode, editor,
 * time zone, cadence, story cap).
 *
 * `add` reads each new URL as the briefing will (use-cases/read-sources.ts checkFeed) before adding it: a web
 * page added as a feed used to fail every briefing after. `--no-check` adds without reading it (a feed that is down
 * right now, or one only the deployed service can reach). `add` and `queue` check every URL before they write
 * any, so a bad one among several leaves the list as it was.
 */
import type { Command } from 'commander';
import { feedIdentity, parseHttpUrl, sourceUrl, storedUrlForms } from '../../core/source-url.js';
import type { ListSettings } from '../../ports/briefing-store.js';
import { CliError, UsageError } from '../cli-error.js';
import type { CommandDeps } from '../command-deps.js';

/**
 * Fetch refusals that no later briefing gets past (http-fetcher.ts's messages): an address refused, an answer larger
 * than a feed may be, or of a type or coding the reader never takes, and redirects that go nowhere readable.
 */
const NEVER_READ_RE =
  /refusing to fetch|response exceeds|unsupported content (?:type|encoding)|too many redirects|redirected to an invalid URL/;

interface Common {
  list: string;
  create?: boolean;
  dataDir?: string;
  stackOutputs?: string;
}

type BriefingStore = import('../../ports/briefing-store.js').BriefingStore;

/**
 * Runs a subcommand on the list's briefing store. `before` (checks that may refuse the command) runs before
 * `--create` makes the list, so that a refused command leaves the data dir as it was; an unknown list without
 * `--create` is refused first all the same.
 */
async function withStore<T>(
  options: Common,
  run: (store: BriefingStore, deps: CommandDeps, list: string) => Promise<T>,
  before?: (store: BriefingStore, list: string) => Promise<void>,
): Promise<T> {
  const { listNameSchema } = await import('../../core/subscription.js');
  const list = listNameSchema.safeParse(options.list);
  if (!list.success) throw new UsageError(`--list: ${list.error.issues[0]?.message}`);
  const { withCommandDeps } = await import('../command-deps.js');
  return withCommandDeps(options, async (deps) => {
    const { resolveListOption } = await import('../list-option.js');
    const create = options.create === true;
    if (before) {
      if (!create) await resolveListOption(deps, list.data, false);
      await before(await deps.briefingStore(), list.data);
    }
    await resolveListOption(deps, list.data, create);
    return run(await deps.briefingStore(), deps, list.data);
  });
}

/**
 * An operator's URL in its stored form (core/source-url.ts, the rule of every entry point): an http(s) URL, without
 * a user name or password, which every mail and the archive would print.
 */
function httpUrl(raw: string, what: string): string {
  const checked = sourceUrl(raw);
  if (checked.ok) return checked.url;
  if (checked.reason === 'credentials') throw new UsageError(checked.message);
  throw new UsageError(`${what} must be an http(s) URL: ${raw}`);
}

/**
 * The one error line for the URLs refused among those given: each refusal, and when more than one URL was given,
 * that none of them was written. A URL refused as typed is a usage error (exit 2); a feed that cannot be read is 1.
 */
function refusal(
  problems: string[],
  given: number,
  verb: 'added' | 'queued',
  hint = '',
  usage = false,
): CliError {
  const none = given > 1 ? `; none of the ${given} URLs was ${verb}` : '';
  const message = `${problems.join('; ')}${none}${hint}`;
  return usage ? new UsageError(message) : new CliError(message);
}

/** Every URL in its stored form, or one error naming each that is not an http(s) URL: before anything is written. */
function httpUrls(raws: string[], what: string, verb: 'added' | 'queued'): string[] {
  const urls: string[] = [];
  const problems: string[] = [];
  for (const raw of raws) {
    try {
      urls.push(httpUrl(raw, what));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw refusal(problems, raws.length, verb, '', true);
  return urls;
}

/**
 * Reads each URL as a briefing reads a feed, all at once; one error naming every URL that is not a readable feed
 * (or could not be fetched), before anything is added.
 */
async function checkFeeds(urls: string[], given: number): Promise<void> {
  if (urls.length === 0) return;
  const { checkFeed, NotAFeedError } = await import('../../use-cases/read-sources.js');
  const { liveSourceDeps } = await import('../../adapters/feed-reader.js');
  const { cliSwitches } = await import('../cli-env.js');
  const { withLoopbackHint } = await import('../loopback-hint.js');
  const deps = liveSourceDeps({ allowLoopback: cliSwitches().DIGEST_ALLOW_LOOPBACK });
  const results = await Promise.allSettled(urls.map((url) => checkFeed(url, deps)));
  const problems: string[] = [];
  let unreachable = false;
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    const error = result.reason as Error;
    const message = withLoopbackHint(error.message.split('\n')[0] ?? error.message);
    // A feed that is down now may be up at the next briefing; a refused address, a page, or an answer the briefing
    // never reads (too large, another type) will not be, and --no-check would only add a source that always fails.
    if (!(error instanceof NotAFeedError) && !NEVER_READ_RE.test(message)) unreachable = true;
    problems.push(message);
  }
  if (problems.length === 0) return;
  const hint = unreachable
    ? ' (to add a feed that is down right now without reading it, give --no-check)'
    : '';
  throw refusal(problems, given, 'added', hint);
}

/**
 * The pending drafts composed with a queued article (docs/briefings.md, Review mode): taking it off the queue leaves
 * it in them, and approving one sends it, so `remove` says so rather than let the editor believe it is gone.
 */
async function composedWith(store: BriefingStore, list: string, url: string): Promise<string[]> {
  const drafts = await store.pendingDrafts(list);
  return drafts.filter((d) => (d.storyQueuedUrls ?? d.queuedUrls).includes(url)).map((d) => d.issueId);
}

/** The URLs of the list's feeds, as stored. */
async function sourceUrls(store: BriefingStore, list: string): Promise<string[]> {
  return (await store.listSources(list)).map((source) => source.url);
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
    .description(
      'add RSS/Atom feeds to the list, each read first as the briefing reads it; none is added if one is not a feed',
    )
    .option('--no-check', 'add without reading the feeds first (a feed that is down right now)')
    .action(async (raws: string[], options: Common & { check: boolean }) => {
      const typed = httpUrls(raws, 'a feed', 'added');
      const urls = [...new Set(typed.map(feedIdentity))];
      await withStore(
        options,
        async (store, deps, list) => {
          for (const url of typed) {
            const feed = feedIdentity(url);
            if (feed !== url)
              process.stderr.write(
                `dropped "${new URL(url).hash}" from ${url}: a feed is fetched without its #fragment, so the source is ${feed}\n`,
              );
          }
          const known = await sourceUrls(store, list);
          for (const url of urls) {
            // a source stored with a fragment (added before the rule) is the same feed; the same URL is the store's
            // to answer (with --stack-outputs, a feed of the stack's file is added to the table as it always was)
            const same = known.find((stored) => stored !== url && feedIdentity(stored) === url);
            const added = !same && (await store.addSource(list, url, deps.clock.now().toISOString()));
            process.stdout.write(
              added ? `added ${url} to ${list}\n` : `${same ?? url} is already a source of ${list}\n`,
            );
          }
        },
        // the URLs that are not sources yet, each read as the briefing will read it, before any is added
        async (store, list) => {
          if (!options.check) return;
          const known = new Set((await sourceUrls(store, list)).map(feedIdentity));
          await checkFeeds(
            urls.filter((url) => !known.has(url)),
            raws.length,
          );
        },
      );
    });

  common(sources.command('remove <url...>'))
    .description('remove feeds or queued articles from the list')
    .action(async (urls: string[], options: Common) => {
      const { removeQueuedArticle } = await import('../../use-cases/queued-articles.js');
      await withStore(options, async (store, _deps, list) => {
        const missing: string[] = [];
        for (const raw of urls) {
          // the stored form of the URL (storedUrlForms: normalised first, then as typed)
          let removed = false;
          // (and, after those, without a #fragment, as `add` stores a feed since it leaves the fragment out)
          const forms = storedUrlForms(raw);
          const identity = parseHttpUrl(raw) ? feedIdentity(forms[0]!) : forms[0]!;
          for (const url of forms.includes(identity) ? forms : [...forms, identity]) {
            if (!(await store.removeSource(list, url))) continue;
            process.stdout.write(`removed ${url} from ${list}\n`);
            removed = true;
            break;
          }
          const inQueue = await removeQueuedArticle(store, list, raw);
          if (inQueue !== null) {
            process.stdout.write(`removed queued article ${inQueue} from ${list}\n`);
            for (const draft of await composedWith(store, list, inQueue))
              process.stdout.write(
                `  draft ${draft} awaiting approval was composed with it and still holds it: drop it from that draft in the console, or reject the draft\n`,
              );
            removed = true;
          }
          if (!removed) missing.push(raw);
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
      const checked = httpUrls(urls, 'an article', 'queued');
      await withStore(options, async (store, deps, list) => {
        const at = deps.clock.now().toISOString();
        for (const url of checked) {
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
      const { canonicalTimeZone } = await import('../../core/time-zone.js');
      const { normalizeEmail, describeEmailRejection } = await import('../../core/email-address.js');
      await withStore(options, async (store, _deps, list) => {
        const current = await store.getSettings(list);
        const next: ListSettings = { ...current };
        if (options.mode !== undefined) {
          if (options.mode !== 'auto' && options.mode !== 'review')
            throw new UsageError('--mode must be auto or review');
          next.mode = options.mode;
        }
        if (options.editor !== undefined) {
          const r = normalizeEmail(options.editor);
          if (!r.ok) throw new UsageError(`--editor: ${describeEmailRejection(r.reason)}`);
          next.editor = r.email;
        }
        if (options.timezone !== undefined) {
          // stored as the runtime spells it ("europe/london" is Europe/London)
          const zone = canonicalTimeZone(options.timezone);
          if (zone === null) throw new UsageError(`--timezone: unknown time zone ${options.timezone}`);
          next.timezone = zone;
        }
        if (options.cadence !== undefined) {
          if (!(CADENCES as readonly string[]).includes(options.cadence))
            throw new UsageError('--cadence must be hourly, daily or weekly');
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
            throw new UsageError(
              `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be 1..${max}`,
            );
          next[key] = n;
        }
        if (next.mode === 'review' && !next.editor) throw new UsageError('review mode needs --editor');
        if (JSON.stringify(next) !== JSON.stringify(current)) await store.putSettings(next);
        process.stdout.write(`${JSON.stringify(next)}\n`);
      });
    });
}
