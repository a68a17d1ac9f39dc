/**
 * `digest subscribers add|remove|list|export|forget|import`: the operator's view of a list.
 * Data (list, export) goes to stdout in full; messages about a person mask the address.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Subscriber } from '../../ports/subscriber-store.js';
import { CliError, UsageError } from '../cli-error.js';
import type { CommandDeps } from '../command-deps.js';
import { openProgress, PROGRESS_OPTION_HELP, parseProgressMode } from '../progress.js';

const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

interface CommonOptions {
  dataDir?: string;
  stackOutputs?: string;
  list: string;
  create?: boolean;
}

async function withDeps<T>(
  options: { dataDir?: string; stackOutputs?: string; list?: string; create?: boolean },
  run: (deps: CommandDeps) => Promise<T>,
): Promise<T> {
  // Loaded per action: other commands must not pay for the AWS SDK and dynalite.
  const { withCommandDeps } = await import('../command-deps.js');
  return withCommandDeps(options, async (deps) => {
    // An unknown --list is an error naming the lists that exist, unless --create.
    if (options.list !== undefined) {
      const { resolveListOption } = await import('../list-option.js');
      await resolveListOption(deps, options.list, options.create === true);
    }
    return run(deps);
  });
}

const stackOutputs = (command: Command) =>
  command.option(
    '--stack-outputs <file>',
    'work on the deployed service named in this `cdk deploy --outputs-file` file (env DIGEST_STACK_OUTPUTS)',
  );

async function listName(value: string): Promise<string> {
  const { listNameSchema } = await import('../../core/subscription.js');
  const parsed = listNameSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--list: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

async function address(value: string): Promise<string> {
  const { normalizeEmail, describeEmailRejection } = await import('../../core/email-address.js');
  const result = normalizeEmail(value);
  if (!result.ok) throw new UsageError(`not a valid address: ${describeEmailRejection(result.reason)}`);
  return result.email;
}

export function register(program: Command): void {
  const subscribers = program.command('subscribers').description('manage the subscribers of a list');
  const common = (command: Command) =>
    stackOutputs(
      command
        .option('--list <name>', 'list id', 'default')
        .option('--create', 'create the list when it does not exist yet')
        .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)'),
    );

  common(subscribers.command('add <email>'))
    .description(
      'add a subscriber: sends a confirmation mail, or --confirmed when consent was collected elsewhere',
    )
    .option(
      '--confirmed',
      'add as confirmed (consent already collected); refused for an address that unsubscribed from the list or is suppressed',
    )
    .action(async (email: string, options: CommonOptions & { confirmed?: boolean }) => {
      const list = await listName(options.list);
      const normalized = await address(email);
      const { addConfirmed, subscribe } = await import('../../core/subscription.js');
      const { maskEmail } = await import('../../core/email-address.js');
      await withDeps(options, async (deps) => {
        const now = deps.clock.now();
        const masked = maskEmail(normalized);
        if (options.confirmed) {
          const result = await addConfirmed(
            deps.subscriberHandlerDeps(),
            { email: normalized, list, method: 'cli' },
            now,
          );
          if (result.kind === 'invalid') throw new CliError(result.message);
          if (result.kind === 'suppressed')
            throw new CliError(`${masked} is suppressed (bounce or complaint); not added`);
          // Consent collected elsewhere never overrides an opt-out given here: only the person's own opt-in does.
          if (result.kind === 'unsubscribed')
            throw new CliError(
              `${masked} unsubscribed from ${list}; not added as confirmed: only their own opt-in puts them back (without --confirmed, they are sent the confirmation mail)`,
            );
          if (result.kind === 'removed')
            throw new CliError(`${masked} was removed from ${list} while it was being added; not added`);
          process.stdout.write(
            result.kind === 'added'
              ? `added ${masked} to ${list} (confirmed)\n`
              : `${masked} is already confirmed on ${list}\n`,
          );
          return;
        }
        const deps2 = deps.subscriberHandlerDeps();
        const result = await subscribe(
          deps2,
          { email: normalized, list, method: 'cli', ip: null, userAgent: null },
          now,
        );
        if (result.kind === 'invalid') throw new CliError(`${result.field}: ${result.message}`);
        const said = {
          'confirmation-sent': `added ${masked} to ${list} (pending; confirmation sent)`,
          'rate-limited': `${masked} is pending on ${list}; a confirmation went out less than 10 minutes ago`,
          'already-confirmed': `${masked} is already confirmed on ${list}`,
          suppressed: `${masked} is suppressed (bounce or complaint); no mail sent`,
        }[result.action];
        if (result.action === 'suppressed') throw new CliError(said);
        process.stdout.write(`${said}\n`);
      });
    });

  common(subscribers.command('remove <email>'))
    .description('delete a subscriber record from a list')
    .action(async (email: string, options: CommonOptions) => {
      const list = await listName(options.list);
      const normalized = await address(email);
      const { maskEmail } = await import('../../core/email-address.js');
      await withDeps(options, async (deps) => {
        const existing = await deps.subscribers.get(list, normalized);
        if (!existing) throw new CliError(`${maskEmail(normalized)} is not on ${list}`);
        await deps.subscribers.remove(list, normalized);
        process.stdout.write(`removed ${maskEmail(normalized)} from ${list}\n`);
      });
    });

  common(subscribers.command('list'))
    .description('list the subscribers of a list (every status)')
    .option('--json', 'one JSON array on stdout')
    .action(async (options: CommonOptions & { json?: boolean }) => {
      const list = await listName(options.list);
      await withDeps(options, async (deps) => {
        const rows = await allSubscribers(deps, list);
        const suppressed = await deps.subscribers.suppressedAmong(rows.map((r) => r.email));
        if (options.json) {
          const out = rows.map((s) => ({ ...s, suppressed: suppressed.has(s.email) }));
          process.stdout.write(`${JSON.stringify(out)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write(`no subscribers on ${list}\n`);
          return;
        }
        const width = Math.min(60, Math.max(...rows.map((r) => r.email.length)));
        for (const s of rows) {
          const status = suppressed.has(s.email) ? `${s.status} (suppressed)` : s.status;
          const topics = s.topics.length ? `  topics: ${s.topics.join(';')}` : '';
          process.stdout.write(`${s.email.padEnd(width)}  ${status.padEnd(24)}${topics}\n`);
        }
        process.stdout.write(`${rows.length} subscriber${rows.length === 1 ? '' : 's'} on ${list}\n`);
      });
    });

  common(subscribers.command('export'))
    .description('write the subscribers of a list as CSV to stdout')
    .action(async (options: CommonOptions) => {
      const list = await listName(options.list);
      const { exportSubscribersCsv } = await import('../../use-cases/export-subscribers.js');
      await withDeps(options, async (deps) => {
        process.stdout.write(await exportSubscribersCsv(deps.subscribers, list));
      });
    });

  stackOutputs(
    subscribers
      .command('forget <email>')
      .description(
        "erase a person's data from every list and delivery record (a complaint leaves only a hash in the suppression list)",
      )
      .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)'),
  ).action(async (email: string, options: { dataDir?: string; stackOutputs?: string }) => {
    const normalized = await address(email);
    const { forget } = await import('../../core/subscription.js');
    const { maskEmail } = await import('../../core/email-address.js');
    await withDeps(options, async (deps) => {
      const result = await forget(deps.subscriberHandlerDeps(), normalized);
      // the delivery ledger names the address too (every issue it was sent, its test copies)
      const deliveries = await (await deps.ledger()).forgetRecipient(normalized);
      const suppression = {
        none: '',
        removed: '; suppression entry removed',
        'kept-hash': '; only a hash stays in the suppression list (complaint)',
      }[result.suppression];
      process.stdout.write(
        `forgot ${maskEmail(normalized)}: ${result.removedRecords} record${result.removedRecords === 1 ? '' : 's'} removed${deliveries > 0 ? `, ${deliveries} delivery record${deliveries === 1 ? '' : 's'}` : ''}${suppression}\n`,
      );
    });
  });

  common(subscribers.command('import <file>'))
    .description(
      'import a CSV (header row; email column; optional status, suppressed, topics separated by ";", timezone, created_at and consent_* columns as export writes them)',
    )
    .option('--confirmed', 'import rows without a status as confirmed (consent already collected elsewhere)')
    .option('--progress <mode>', PROGRESS_OPTION_HELP)
    .option('--no-progress', 'the same as --progress none')
    .action(
      async (file: string, options: CommonOptions & { confirmed?: boolean; progress?: string | boolean }) => {
        const progressMode = parseProgressMode(options.progress);
        const list = await listName(options.list);
        let text: string;
        try {
          const info = await stat(file);
          if (info.size > MAX_IMPORT_BYTES)
            throw new CliError(`${file} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
          const { decodeCsvBytes } = await import('../../use-cases/import-subscribers.js');
          text = decodeCsvBytes(await readFile(file));
        } catch (error) {
          if (error instanceof CliError) throw error;
          throw new CliError(
            `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
          );
        }
        const { importSubscribers, OPT_IN_WAIT_MINUTES, SubscriberImportError } = await import(
          '../../use-cases/import-subscribers.js'
        );
        await withDeps(options, async (deps) => {
          const report = await importSubscribers(
            {
              subscribers: deps.subscribers,
              clock: deps.clock,
              subscription: () => deps.subscriberHandlerDeps(),
            },
            {
              text,
              list,
              confirmed: Boolean(options.confirmed),
              progress: await openProgress({ verb: 'imported', mode: progressMode }),
              onRejected: (line, reason) => process.stderr.write(`line ${line}: ${reason}\n`),
              onNotInvited: (line, reason) => process.stderr.write(`line ${line}: ${reason}\n`),
            },
          ).catch((error: unknown) => {
            if (error instanceof SubscriberImportError) throw new CliError(error.message, { cause: error });
            throw error;
          });
          const kinds = [
            `confirmed ${report.confirmed}`,
            `pending ${report.pending}`,
            `sent the opt-in mail ${report.invited}`,
            // Only when there are any, so that the line reads as before for every other import.
            ...(report.notInvited > 0 ? [`not sent the opt-in mail ${report.notInvited}`] : []),
            `unsubscribed ${report.unsubscribed}`,
          ];
          process.stdout.write(
            `imported ${report.imported} into ${list} (${kinds.join(', ')}); ` +
              `suppressed ${report.suppressedNow} address${report.suppressedNow === 1 ? '' : 'es'}; skipped ${report.skipped} ` +
              `(already there ${report.skippedExisting}, unsubscribed earlier ${report.skippedUnsubscribed}, suppressed ${report.skippedSuppressed}); ` +
              `rejected ${report.rejected}\n`,
          );
          if (report.notInvited > 0)
            process.stderr.write(
              `${report.notInvited} row${report.notInvited === 1 ? ' was' : 's were'} not sent the opt-in mail (rate limit) ` +
                `and nothing sends it later: after ${OPT_IN_WAIT_MINUTES} minutes, \`digest subscribers add EMAIL` +
                (list === 'default' ? '' : ` --list ${list}`) +
                '` sends it (docs/subscribers.md)\n',
            );
          if (report.imported === 0 && report.rejected > 0 && report.skipped === 0)
            throw new CliError(`no row of ${file} could be imported`);
        });
      },
    );
}

async function allSubscribers(deps: CommandDeps, list: string): Promise<Subscriber[]> {
  const rows: Subscriber[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.subscribers.pageAll(list, { cursor, limit: 1000 });
    rows.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return rows;
}
