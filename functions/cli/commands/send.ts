/**
 * `digest send [FILE|URL …] [--list NAME] [--subject TEXT] [--test-to ADDRESS] [--dry-run] [--json]`
 * `digest send --issue ID [--resend-unknown]`
 *
 * Composes an issue (one story per input), renders it once, archives it, writes `issue: <id>` on
 * stderr and delivers it to the list's confirmed, unsuppressed subscribers through the outbox
 * (default) or SES (DIGEST_TRANSPORT=ses). Every (issue, recipient) goes out at most once: a
 * second run with `--issue ID` sends only to those not yet sent to. Recipients whose send may or
 * may not have reached SES (`unknown`) are reported and only resent with `--resend-unknown`.
 */
import type { Command } from 'commander';
import type { DeliverySummary } from '../../core/delivery.js';
import type { Issue, RenderedIssue } from '../../core/types.js';
import { CliError } from '../cli-error.js';

interface SendOptions {
  list: string;
  subject?: string;
  testTo?: string;
  dryRun?: boolean;
  json?: boolean;
  issue?: string;
  resendUnknown?: boolean;
  topic?: string;
  concurrency?: string;
  dataDir?: string;
}

const allowLoopback = () => process.env.DIGEST_ALLOW_LOOPBACK === '1';

function summaryLine(summary: DeliverySummary): string {
  return `sent ${summary.sent}, skipped ${summary.skipped} (already sent or suppressed), failed ${summary.failed}, unknown ${summary.unknown}`;
}

function jsonLine(summary: DeliverySummary, extra: Record<string, unknown> = {}): string {
  const { issueId, sent, skipped, failed, unknown } = summary;
  return `${JSON.stringify({ issueId, sent, skipped, failed, unknown, ...extra })}\n`;
}

async function compose(inputs: string[], opts: SendOptions, now: Date) {
  const { loadArticle } = await import('../../adapters/article-loader.js');
  const { buildStory } = await import('../../core/story.js');
  const { issueOfStories } = await import('../../core/issue-of-stories.js');
  const stories = [];
  for (const input of inputs)
    stories.push(buildStory(await loadArticle(input, { allowLoopback: allowLoopback() })));
  return issueOfStories(stories, { list: opts.list, now, subject: opts.subject ?? null });
}

export function register(program: Command): void {
  program
    .command('send')
    .description('Compose an issue from articles and deliver it to a list (or resume one with --issue)')
    .argument('[inputs...]', 'article files or http(s) URLs, one story each, in this order')
    .option('--list <name>', 'the list to deliver to', 'default')
    .option('--subject <text>', 'subject line (default: from the stories)')
    .option('--topic <topic>', 'only subscribers of this topic')
    .option('--test-to <address>', 'send one copy to this address only; nobody is marked as delivered')
    .option('--dry-run', 'compose and report, send nothing')
    .option('--json', 'end with one JSON line {"issueId","sent","skipped","failed","unknown"} on stdout')
    .option('--issue <id>', 'resume the delivery of an archived issue')
    .option(
      '--resend-unknown',
      'with --issue: send again to recipients whose earlier send may or may not have gone out',
    )
    .option('--concurrency <n>', 'parallel sends (default 4 for the outbox, 8 for SES)')
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .action(async (inputs: string[], opts: SendOptions) => {
      if (opts.issue && inputs.length > 0)
        throw new CliError('give either articles or --issue ID, not both', { exitCode: 2 });
      if (!opts.issue && inputs.length === 0) {
        throw new CliError('nothing to send: give article files or URLs, or --issue ID to resume', {
          exitCode: 2,
        });
      }
      if (opts.resendUnknown && !opts.issue)
        throw new CliError('--resend-unknown needs --issue ID', { exitCode: 2 });
      const concurrency = opts.concurrency === undefined ? undefined : Number.parseInt(opts.concurrency, 10);
      if (concurrency !== undefined && !(concurrency >= 1 && concurrency <= 64)) {
        throw new CliError('--concurrency must be a whole number from 1 to 64', { exitCode: 2 });
      }
      const { listNameSchema } = await import('../../core/subscription.js');
      const listName = listNameSchema.safeParse(opts.list);
      if (!listName.success)
        throw new CliError(`not a valid list name: ${JSON.stringify(opts.list)}`, { exitCode: 2 });

      const { resolveDataDir } = await import('../../adapters/local-runtime.js');
      const { openLocalDeps } = await import('../local-deps.js');
      const deps = await openLocalDeps({ dataDir: resolveDataDir(opts.dataDir) });
      try {
        const { FileIssueArchive } = await import('../../adapters/file-issue-archive.js');
        const { renderIssue } = await import('../../adapters/render-issue.js');
        const archive = new FileIssueArchive(deps.dataDir);

        let issue: Issue;
        let rendered: RenderedIssue;
        if (opts.issue) {
          const archived = await archive.get(opts.issue);
          if (!archived) throw new CliError(`no issue ${opts.issue} in ${archive.dir}`);
          ({ issue, rendered } = archived);
        } else {
          issue = await compose(inputs, opts, deps.clock.now());
          rendered = renderIssue(issue, { baseUrl: deps.baseUrl(), postalAddress: deps.mail.postalAddress });
        }

        const { openLocalSender } = await import('../send-runtime.js');
        const sender = await openLocalSender(deps);
        const prepared = await sender.prepare(rendered, issue.list);

        if (opts.dryRun) {
          const { fanOut } = await import('../../use-cases/deliver-issue.js');
          let recipients = 0;
          const counted = await fanOut(
            {
              store: deps.subscribers,
              sink: {
                put: async (jobs) => {
                  recipients += jobs.length;
                },
              },
            },
            {
              issueId: issue.id,
              list: issue.list,
              ...(opts.topic ? { topic: opts.topic } : {}),
              batchSize: 500,
            },
          );
          process.stderr.write(
            `dry run: issue ${issue.id} "${rendered.subject}" (${issue.stories.length} ${issue.stories.length === 1 ? 'story' : 'stories'}) would go to ${recipients} subscriber(s) of ${issue.list}; ${counted.suppressed} suppressed; nothing sent\n`,
          );
          if (opts.json) {
            const summary = {
              issueId: issue.id,
              sent: 0,
              skipped: counted.suppressed,
              failed: 0,
              unknown: 0,
            };
            process.stdout.write(jsonLine(summary, { dryRun: true, recipients }));
          }
          return;
        }

        if (!opts.issue) await archive.put({ issue, rendered });

        if (opts.testTo) {
          await sendTest(deps, sender, prepared, opts.testTo, issue);
          const summary = { issueId: issue.id, sent: 1, skipped: 0, failed: 0, unknown: 0 };
          if (opts.json) process.stdout.write(jsonLine(summary, { testTo: true }));
          return;
        }

        process.stderr.write(`issue: ${issue.id}\n`);
        const progress = await progressBar();
        const summary = await sender.deliver(prepared, {
          resendUnknown: opts.resendUnknown === true,
          ...(opts.topic ? { topic: opts.topic } : {}),
          ...(concurrency ? { concurrency } : {}),
          onProgress: (done, total) => progress.update(done, total),
        });
        progress.stop();
        process.stderr.write(`${summaryLine(summary)}\n`);
        for (const [reason, count] of Object.entries(summary.reasons)) {
          if (reason !== 'already sent') process.stderr.write(`  ${count} × ${reason}\n`);
        }
        if (summary.unknown > 0 && !opts.resendUnknown) {
          process.stderr.write(
            `${summary.unknown} recipient(s) may or may not have received it; not resent. Check \`digest stats ${issue.id}\`, or resend them with \`digest send --issue ${issue.id} --resend-unknown\`\n`,
          );
        }
        if (opts.json) process.stdout.write(jsonLine(summary));
      } finally {
        await deps.close();
      }
    });
}

async function sendTest(
  deps: import('../local-deps.js').LocalDeps,
  sender: import('../send-runtime.js').LocalSender,
  prepared: import('../../use-cases/deliver-issue.js').PreparedIssue,
  address: string,
  issue: Issue,
): Promise<void> {
  const { normalizeEmail, describeEmailRejection, maskEmail } = await import('../../core/email-address.js');
  const normal = normalizeEmail(address);
  if (!normal.ok) throw new CliError(`--test-to: ${describeEmailRejection(normal.reason)}`, { exitCode: 2 });
  const { signToken } = await import('../../core/tokens.js');
  const { listHeaders } = await import('../../adapters/mime.js');
  const worker = sender.workerDeps(prepared);
  const now = deps.clock.now();
  const link = (purpose: 'unsubscribe' | 'preferences') =>
    `${worker.settings.baseUrl}/${purpose}?token=${signToken({ email: normal.email, list: issue.list, purpose }, deps.secret, now)}`;
  const links = { unsubscribeUrl: link('unsubscribe'), preferencesUrl: link('preferences') };
  const deliveryId = `${issue.id}.test`;
  const messageId = worker.messageId(deliveryId);
  const part = {
    to: normal.email,
    messageId,
    deliveryId,
    headers: listHeaders({
      unsubscribeUrl: links.unsubscribeUrl,
      list: issue.list,
      listIdDomain: worker.settings.listIdDomain,
    }),
  };
  const raw = await prepared.message.forRecipient(part, links);

  await worker.mailer.sendRaw({ to: normal.email, raw, messageId, deliveryId }, { 'digest-issue': issue.id });
  process.stderr.write(
    `test copy of issue ${issue.id} sent to ${maskEmail(normal.email)}; nobody marked as delivered\n`,
  );
}

/** A cli-progress bar on stderr when it is a terminal; nothing otherwise (stderr stays clean). */
async function progressBar(): Promise<{ update(done: number, total: number): void; stop(): void }> {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: 'sending [{bar}] {value}/{total}',
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
