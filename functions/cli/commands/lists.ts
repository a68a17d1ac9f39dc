/**
 * `digest lists create|update|show|list|delete|embed`: newsletter lists as things with an identity.
 * A list id follows one rule everywhere (core/newsletter-list LIST_ID_RE); it is never lower-cased
 * for the operator, so the CLI and the API always mean the same list.
 */
import type { Command } from 'commander';
import type { ListChanges, NewsletterList } from '../../ports/list-store.js';
import { cliEnv } from '../cli-env.js';
import { CliError, UsageError } from '../cli-error.js';
import type { CommandDeps } from '../data-deps.js';
import { collect } from '../repeatable-option.js';
import { STACK_OUTPUTS_HELP } from '../stack-outputs.js';

interface FieldOptions {
  title?: string;
  description?: string;
  fromName?: string;
  from?: string;
  replyTo?: string;
  postalAddress?: string;
  timeZone?: string;
  logoUrl?: string;
  accentColor?: string;
  subjectPrefix?: string;
  tracking?: boolean;
  maxItemAgeDays?: string;
  /** One value per --topics given, each comma-separated. */
  topics?: string[];
  dataDir?: string;
  stackOutputs?: string;
}

/** The local data dir, or the deployed lists table with --stack-outputs. */
async function withDeps<T>(
  options: { dataDir?: string; stackOutputs?: string },
  run: (deps: CommandDeps) => Promise<T>,
): Promise<T> {
  const { withCommandDeps } = await import('../command-deps.js');
  return withCommandDeps(options, run);
}

async function listId(value: string): Promise<string> {
  const { isListId, LIST_ID_RULE } = await import('../../core/newsletter-list.js');
  if (!isListId(value)) throw new UsageError(`${JSON.stringify(value)} is not a list id: ${LIST_ID_RULE}`);
  return value;
}

/**
 * True when this data dir's mail links to this machine (`digest dev`, no DIGEST_BASE_URL): only then may a logo be
 * plain http on 127.0.0.1 or localhost, since no other reader could load it. Never for the deployed service.
 */
async function servedOnLoopback(options: { dataDir?: string; stackOutputs?: string }): Promise<boolean> {
  const { stackOutputsFile } = await import('../stack-outputs.js');
  if (stackOutputsFile(options.stackOutputs, cliEnv())) return false;
  const { baseUrl, resolveDataDir } = await import('../../adapters/local-runtime.js');
  const { isLoopbackHost } = await import('../../core/mail-headers.js');
  const url = new URL(baseUrl(resolveDataDir(options.dataDir, cliEnv()), cliEnv()));
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** The flags given, as validated changes; an empty flag value clears an optional field. */
async function changesFrom(options: FieldOptions): Promise<ListChanges> {
  const { parseListChanges, topicsFromText } = await import('../../core/list-changes.js');
  const raw: Record<string, unknown> = {};
  const optional = (key: keyof ListChanges, value: string | undefined) => {
    if (value !== undefined) raw[key] = value.trim() === '' ? null : value;
  };
  if (options.title !== undefined) raw.title = options.title;
  optional('description', options.description);
  optional('fromName', options.fromName);
  optional('fromAddress', options.from);
  optional('replyTo', options.replyTo);
  optional('postalAddress', options.postalAddress);
  optional('logoUrl', options.logoUrl);
  optional('accentColor', options.accentColor);
  optional('subjectPrefix', options.subjectPrefix);
  if (options.timeZone !== undefined) raw.timeZone = options.timeZone;
  if (options.tracking !== undefined) raw.tracking = options.tracking;
  // `--topics Ferries --topics Tides` is `--topics Ferries,Tides`: every --topics adds its topics
  if (options.topics !== undefined) raw.topics = topicsFromText(options.topics.join(','));
  if (options.maxItemAgeDays !== undefined) {
    const days = Number(options.maxItemAgeDays);
    raw.maxItemAgeDays = Number.isFinite(days) ? days : options.maxItemAgeDays;
  }
  const parsed = parseListChanges(raw, { loopbackLogo: await servedOnLoopback(options) });
  // a bad flag value is a bad option: exit 2, as for every command but briefing (exit-codes.ts), named as typed
  if (!parsed.ok) throw new UsageError(asFlags(parsed.message));
  return parsed.changes;
}

/** A field of the list as its flag: `fromAddress: …` is `--from: …` to whoever typed `--from`. */
const FIELD_FLAGS: Record<string, string> = { fromAddress: 'from' };

/** parseListChanges's message (`field: why; field: why`) with each field named by its flag. */
function asFlags(message: string): string {
  return message.replace(/(^|; )([a-zA-Z]+):/g, (whole: string, before: string, field: string) => {
    // (`list: …` is about the changes as a whole, no flag's)
    if (field === 'list') return whole;
    const flag = FIELD_FLAGS[field] ?? field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    return `${before}--${flag}:`;
  });
}

function fieldFlags(command: Command, titleRequired: boolean): Command {
  return command
    .option(
      '--title <text>',
      `what readers see: masthead, From name, pages, feed${titleRequired ? ' (required)' : ''}`,
    )
    .option('--description <text>', 'one or two sentences for the subscribe page and the feed')
    .option('--from-name <text>', 'From display name (default: the title)')
    .option('--from <address>', 'From address (default: DIGEST_FROM)')
    .option('--reply-to <address>', 'Reply-To address')
    .option('--postal-address <text>', 'footer postal address (default: DIGEST_POSTAL_ADDRESS)')
    .option('--time-zone <tz>', 'IANA time zone readers see dates in (default UTC)')
    .option('--logo-url <url>', 'https URL of a logo for the masthead (its alt text is the title)')
    .option('--accent-color <#rrggbb>', 'colour of links and the masthead rule (at least 4.5:1 on white)')
    .option('--subject-prefix <text>', 'put before every subject, e.g. "[Harbour]"')
    .option('--tracking', 'count opens and clicks')
    .option('--no-tracking', 'do not count opens and clicks (the default)')
    .option('--max-item-age-days <n>', 'never send a feed item older than this (default 7)')
    .option(
      '--topics <a,b>',
      'topics readers may choose on the subscribe page (comma-separated, repeatable; empty: none)',
      collect,
    )
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .option('--stack-outputs <file>', STACK_OUTPUTS_HELP);
}

/**
 * The text form's label of every field of a list. A Record over the type's keys: a field added to NewsletterList
 * without a label here does not compile, so the text form never shows less than `--json`.
 */
const LABELS: Record<keyof NewsletterList, string> = {
  id: 'id',
  title: 'title',
  description: 'description',
  fromName: 'from name',
  fromAddress: 'from',
  replyTo: 'reply-to',
  postalAddress: 'postal address',
  timeZone: 'time zone',
  logoUrl: 'logo',
  accentColor: 'accent colour',
  subjectPrefix: 'subject prefix',
  topics: 'topics',
  tracking: 'tracking',
  maxItemAgeDays: 'max item age',
  createdAt: 'created',
  updatedAt: 'updated',
};

/** One setting for people: '-' when unset, on/off, a list joined, the item age in days. */
function shownValue(key: string, value: unknown): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return '-';
  if (key === 'maxItemAgeDays' && typeof value === 'number') return `${value} day${value === 1 ? '' : 's'}`;
  if (key === 'tracking' && typeof value === 'boolean')
    return value ? 'on (opens and clicks counted)' : 'off';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * `lists show` without --json: one line per field of the same object --json prints, in LABELS' order, and any
 * field a store returns beyond them under its own name.
 */
function describe(list: NewsletterList): string {
  const record = list as unknown as Record<string, unknown>;
  const labels = LABELS as Record<string, string>;
  const keys = [...Object.keys(LABELS), ...Object.keys(record).filter((key) => !(key in LABELS))];
  const rows = keys.map((key) => [labels[key] ?? key, shownValue(key, record[key])] as const);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}\n`).join('');
}

/** How many people are still on the list (pending or confirmed), from the store's count by status. */
async function remaining(deps: CommandDeps, list: string): Promise<number> {
  const counts = await deps.subscribers.countByStatus(list);
  return counts.pending + counts.confirmed;
}

async function removeAll(deps: CommandDeps, list: string): Promise<number> {
  let removed = 0;
  for (;;) {
    const page = await deps.subscribers.pageAll(list, { cursor: null, limit: 500 });
    if (page.items.length === 0) return removed;
    for (const subscriber of page.items) await deps.subscribers.remove(list, subscriber.email);
    removed += page.items.length;
  }
}

export function register(program: Command): void {
  const lists = program.command('lists').description('create and manage newsletter lists');

  fieldFlags(lists.command('create <id>'), true)
    .description('create a list (id: lower-case letters, digits, "-" and "_")')
    .action(async (rawId: string, options: FieldOptions) => {
      const id = await listId(rawId);
      if (options.title === undefined) throw new UsageError('--title is required');
      const changes = await changesFrom(options);
      await withDeps(options, async (deps) => {
        const { newList } = await import('../../core/newsletter-list.js');
        const { title, ...rest } = changes;
        const list = newList(id, title ?? id, rest, deps.clock.now().toISOString());
        if (!(await deps.lists.create(list))) throw new CliError(`the list "${id}" exists already`);
        process.stderr.write(`created list "${id}" (${list.title})\n`);
      });
    });

  fieldFlags(lists.command('update <id>'), false)
    .description('change a list (an empty value clears an optional field)')
    .action(async (rawId: string, options: FieldOptions) => {
      const id = await listId(rawId);
      const changes = await changesFrom(options);
      if (Object.keys(changes).length === 0)
        throw new UsageError('nothing to change: give at least one flag');
      await withDeps(options, async (deps) => {
        const { requireList } = await import('../../use-cases/require-list.js');
        await requireList(deps.lists, id);
        const updated = await deps.lists.update(id, changes, deps.clock.now().toISOString());
        if (!updated) await requireList(deps.lists, id);
        process.stderr.write(`updated list "${id}"\n`);
      });
    });

  lists
    .command('show <id>')
    .description('show a list')
    .option('--json', 'print the list as one JSON object')
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .option('--stack-outputs <file>', STACK_OUTPUTS_HELP)
    .action(async (id: string, options: { json?: boolean; dataDir?: string; stackOutputs?: string }) => {
      await withDeps(options, async (deps) => {
        const { requireList } = await import('../../use-cases/require-list.js');
        const list = await requireList(deps.lists, id);
        process.stdout.write(options.json ? `${JSON.stringify(list)}\n` : describe(list));
      });
    });

  lists
    .command('list')
    .description('every list')
    .option('--json', 'print one JSON array')
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .option('--stack-outputs <file>', STACK_OUTPUTS_HELP)
    .action(async (options: { json?: boolean; dataDir?: string; stackOutputs?: string }) => {
      await withDeps(options, async (deps) => {
        const all = await deps.lists.list();
        if (options.json) {
          process.stdout.write(`${JSON.stringify(all)}\n`);
          return;
        }
        const width = Math.max(2, ...all.map((l) => l.id.length));
        for (const list of all) process.stdout.write(`${list.id.padEnd(width)}  ${list.title}\n`);
      });
    });

  lists
    .command('delete <id>')
    .description('delete a list; refuses while people are on it unless --force. The archive stays.')
    .option('--force', 'delete it and its subscriber records even though people are on it')
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .option('--stack-outputs <file>', STACK_OUTPUTS_HELP)
    .action(async (id: string, options: { force?: boolean; dataDir?: string; stackOutputs?: string }) => {
      await withDeps(options, async (deps) => {
        const { requireList } = await import('../../use-cases/require-list.js');
        await requireList(deps.lists, id);
        if (deps.lists.isConfigured(id))
          throw new CliError(`the list "${id}" is built in (configuration) and cannot be deleted`);
        const left = await remaining(deps, id);
        if (left > 0 && !options.force)
          throw new CliError(
            `the list "${id}" still has ${left} subscriber${left === 1 ? '' : 's'}; remove them first, or add --force`,
          );
        const removed = options.force ? await removeAll(deps, id) : 0;
        await deps.lists.delete(id);
        process.stderr.write(
          `deleted list "${id}"${removed > 0 ? ` and ${removed} subscriber record${removed === 1 ? '' : 's'}` : ''}; its archive stays\n`,
        );
      });
    });

  lists
    .command('embed <id>')
    .description('print an HTML subscribe form to paste into a web page')
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .option('--stack-outputs <file>', STACK_OUTPUTS_HELP)
    .action(async (id: string, options: { dataDir?: string; stackOutputs?: string }) => {
      await withDeps(options, async (deps) => {
        const { requireList } = await import('../../use-cases/require-list.js');
        const { embedSnippet } = await import('../../core/subscribe-form.js');
        const list = await requireList(deps.lists, id);
        process.stdout.write(`${embedSnippet(list, deps.baseUrl())}\n`);
      });
    });
}
