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
import { issueTopic } from '../../core/topic-audience.js';
import type { Issue, RenderedIssue } from '../../core/types.js';
import { cliEnv } from '../cli-env.js';
import { CliError, UsageError } from '../cli-error.js';
import type { CommandDeps } from '../command-deps.js';
import { deliveryIncomplete, EXIT_DELIVERY_INCOMPLETE } from '../exit-codes.js';
import { openProgress, PROGRESS_OPTION_HELP, parseProgressMode } from '../progress.js';

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
  create?: boolean;
  progress?: string | boolean;
  dataDir?: string;
  stackOutputs?: string;
}

function summaryLine(summary: DeliverySummary): string {
  return `sent ${summary.sent}, skipped ${summary.skipped} (already sent, suppressed or no longer subscribed), failed ${summary.failed}, unknown ${summary.unknown}`;
}

function jsonLine(summary: DeliverySummary, extra: Record<string, unknown> = {}): string {
  const { issueId, sent, skipped, failed, unknown } = summary;
  return `${JSON.stringify({ issueId, sent, skipped, failed, unknown, ...extra })}\n`;
}

/**
 * Archives a new issue as a briefing publishes one: one story, one issue (use-cases/story-claims.ts). The stories
 * read from a URL are claimed for it first, so that a story another issue carries (a briefing sent it, or an
 * earlier `digest send`) refuses the send before anything is archived or sent, and are recorded as sent once it is
 * archived, so that the list's next briefing leaves them out instead of mailing the same article again.
 */
async function publish(deps: CommandDeps, issue: Issue, rendered: RenderedIssue): Promise<void> {
  const { claimStories, describeConflict, storiesWithUrls } = await import('../../use-cases/story-claims.js');
  const carried = storiesWithUrls(issue);
  const store = carried.length > 0 ? await deps.briefingStore() : null;
  if (store) {
    const claim = await claimStories(
      { store, archive: deps.archive, now: () => deps.clock.now() },
      issue,
      carried,
    );
    if (!claim.ok)
      throw new CliError(
        `not sent: ${describeConflict(claim.conflict)}, and a story goes out in one issue only; send the others without it`,
      );
  }
  await deps.archive.put({ issue, rendered });
  if (store)
    await store.recordSent(
      issue.list,
      issue.id,
      carried.map((c) => c.fingerprint),
      deps.clock.now().toISOString(),
    );
}

/**
 * `--dry-run` with `--issue`: what the resume would do, read from the delivery ledger as the send worker reads it
 * (use-cases/deliver-issue.ts resumePreview): who has the issue already, who would be sent it now, who is unknown or
 * failed and stays so. Nothing is sent, and no ledger record is written or settled.
 */
async function dryRunResume(
  deps: CommandDeps,
  issue: Issue,
  subject: string,
  opts: SendOptions,
): Promise<void> {
  const { resumePreview } = await import('../../use-cases/deliver-issue.js');
  const now = deps.clock.now();
  // locally a claim's sender may be a dead process of this machine; in AWS only its lease tells
  const isOwnerGone = deps.deployed
    ? (record: { leaseUntil: number }) => record.leaseUntil < now.getTime()
    : (await import('../send-runtime.js')).isLocalOwnerGone;
  const preview = await resumePreview(
    {
      store: deps.subscribers,
      ledger: await deps.ledger(),
      isOwnerGone: (record) => isOwnerGone(record, now),
    },
    {
      issueId: issue.id,
      list: issue.list,
      ...(issue.topic ? { topic: issue.topic } : {}),
      resendUnknown: opts.resendUnknown === true,
    },
  );
  const parts = [
    `${preview.alreadySent} already have it`,
    `${preview.wouldSend} would be sent it now`,
    `${preview.unknown} unknown${preview.unknown > 0 ? ' (not resent without --resend-unknown)' : ''}`,
    `${preview.failed} failed for good (not retried)`,
  ];
  if (preview.skippedBefore > 0) parts.push(`${preview.skippedBefore} skipped by an earlier run`);
  if (preview.inProgress > 0) parts.push(`${preview.inProgress} being sent by another run`);
  process.stderr.write(
    `dry run: resuming issue ${issue.id} "${subject}" to ${preview.audience} subscriber(s) of ${issue.list}: ${parts.join(', ')}; ${preview.suppressed} suppressed; nothing sent\n`,
  );
  if (opts.json) {
    const summary = {
      issueId: issue.id,
      sent: 0,
      skipped: preview.suppressed + preview.alreadySent + preview.skippedBefore + preview.inProgress,
      failed: preview.failed,
      unknown: preview.unknown,
    };
    process.stdout.write(
      jsonLine(summary, {
        dryRun: true,
        recipients: preview.audience,
        wouldSend: preview.wouldSend,
        alreadySent: preview.alreadySent,
      }),
    );
  }
}

export function register(program: Command): void {
  program
    .command('send')
    .description('Compose an issue from articles and deliver it to a list (or resume one with --issue)')
    .argument('[inputs...]', 'article files or http(s) URLs, one story each, in this order')
    .option('--list <name>', 'the list to deliver to', 'default')
    .option('--create', 'create the list when it does not exist yet')
    .option('--subject <text>', 'subject line (default: from the stories)')
    .option('--topic <topic>', 'only subscribers of this topic, and those who picked no topic')
    .option('--test-to <address>', 'send one copy to this address only; nobody is marked as delivered')
    .option('--dry-run', 'compose and report, send nothing')
    .option('--json', 'end with one JSON line {"issueId","sent","skipped","failed","unknown"} on stdout')
    .option('--issue <id>', 'resume the delivery of an archived issue')
    .option(
      '--resend-unknown',
      'with --issue: send again to recipients whose earlier send may or may not have gone out',
    )
    .option('--concurrency <n>', 'parallel sends (default 4 for the outbox, 8 for SES)')
    .option('--progress <mode>', PROGRESS_OPTION_HELP)
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .option(
      '--stack-outputs <file>',
      'queue the delivery on the deployed service named in this `cdk deploy --outputs-file` file (env DIGEST_STACK_OUTPUTS)',
    )
    .action(async (inputs: string[], opts: SendOptions, command: Command) => {
      if (opts.issue && inputs.length > 0)
        throw new CliError('give either articles or --issue ID, not both', { exitCode: 2 });
      // A resume sends the archived issue as it was composed, to its own list: a subject or a list given with it
      // would change nothing, and the command line would say it did.
      const listGiven = command.getOptionValueSource('list') === 'cli';
      if (opts.issue) {
        const ignored = [
          opts.subject !== undefined ? '--subject' : null,
          opts.create ? '--create' : null,
        ].filter((flag) => flag !== null);
        if (ignored.length > 0)
          throw new UsageError(
            `${ignored.join(' and ')} cannot change issue ${opts.issue}: --issue sends an archived issue as it was composed, to its own list; to send its articles otherwise, give them instead of --issue`,
          );
      }
      if (!opts.issue && inputs.length === 0) {
        throw new CliError('nothing to send: give article files or URLs, or --issue ID to resume', {
          exitCode: 2,
        });
      }
      if (opts.resendUnknown && !opts.issue)
        throw new CliError('--resend-unknown needs --issue ID', { exitCode: 2 });
      const progressMode = parseProgressMode(opts.progress);
      const concurrency = opts.concurrency === undefined ? undefined : Number.parseInt(opts.concurrency, 10);
      if (concurrency !== undefined && !(concurrency >= 1 && concurrency <= 64)) {
        throw new CliError('--concurrency must be a whole number from 1 to 64', { exitCode: 2 });
      }
      const { subjectOption } = await import('../subject-option.js');
      opts.subject = subjectOption(opts.subject);
      const { listNameSchema } = await import('../../core/subscription.js');
      const listName = listNameSchema.safeParse(opts.list);
      if (!listName.success)
        throw new CliError(`not a valid list name: ${JSON.stringify(opts.list)}`, { exitCode: 2 });

      if (opts.resendUnknown && (opts.stackOutputs || cliEnv().DIGEST_STACK_OUTPUTS)) {
        throw new CliError(
          '--resend-unknown works on a local data dir only: in AWS the SES Send events settle unknown deliveries',
          { exitCode: 2 },
        );
      }

      const { openCommandDeps } = await import('../command-deps.js');
      const deps = await openCommandDeps({ dataDir: opts.dataDir, stackOutputs: opts.stackOutputs });
      try {
        const archive = deps.archive;
        let issue: Issue;
        let rendered: RenderedIssue;
        if (opts.issue) {
          const archived = await archive.get(opts.issue);
          if (!archived) throw new CliError(`no issue ${opts.issue} in the archive`);
          ({ issue, rendered } = archived);
          if (listGiven && listName.data !== issue.list)
            throw new UsageError(
              `issue ${issue.id} is an issue of the list ${issue.list}, not ${listName.data}: --issue sends it to its own list; to send its articles to ${listName.data}, give them instead of --issue`,
            );
          // The audience is part of the issue: a resume never widens a topic issue to the whole list, nor moves
          // it to another topic. An issue that records no topic (sent to the whole list, or archived before issues
          // recorded theirs) may be resumed with --topic: narrowing can only send to fewer people.
          // (a topic is read as readers' are: "Civic" is the topic "civic")
          if (opts.topic !== undefined) opts.topic = opts.topic.trim().toLowerCase();
          if (opts.topic !== undefined && issue.topic !== undefined && opts.topic !== issue.topic) {
            throw new CliError(
              `issue ${issue.id} goes to the topic ${JSON.stringify(issue.topic)}; resume it without --topic`,
              { exitCode: 2 },
            );
          }
          if (opts.topic !== undefined && issue.topic === undefined) issue = { ...issue, topic: opts.topic };
        } else {
          const { composeForList, renderForList } = await import('../list-issue.js');
          const { resolveListOption } = await import('../list-option.js');
          const list = await resolveListOption(deps, listName.data, opts.create === true, {
            dryRun: opts.dryRun === true,
          });
          if (opts.topic !== undefined) {
            const topic = issueTopic(opts.topic, list.id, list.topics);
            if (!topic.ok) throw new CliError(topic.message, { exitCode: 2 });
            opts.topic = topic.topic;
          }
          issue = await composeForList(inputs, list, {
            now: deps.clock.now(),
            subject: opts.subject ?? null,
            ...(opts.topic ? { topic: opts.topic } : {}),
          });
          // The list's title, sender, footer, subject prefix, logo, accent and time zone: `digest render` shows the same.
          // A test copy of this new issue is never archived, so it has no web version to link to (a test copy of an
          // archived issue, `--issue ID --test-to`, keeps the archived link).
          rendered = renderForList(
            issue,
            list,
            { baseUrl: deps.baseUrl(), mail: deps.mail },
            { webVersion: !opts.testTo },
          );
        }

        if (opts.dryRun && opts.issue) {
          await dryRunResume(deps, issue, rendered.subject, opts);
          return;
        }

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
              ...(issue.topic ? { topic: issue.topic } : {}),
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
            process.stdout.write(jsonLine(summary, { dryRun: true, recipients, wouldSend: recipients }));
          }
          return;
        }

        if (opts.testTo) {
          // A test copy is private: not archived, not a delivery of the issue (cli/test-send.ts).
          const { sendTestCopy } = await import('../test-send.js');
          const { maskEmail } = await import('../../core/email-address.js');
          const sent = await sendTestCopy(deps, issue, rendered, opts.testTo);
          process.stderr.write(
            `test copy of issue ${issue.id} sent to ${maskEmail(sent.recipient)} ("${sent.subject}"); not archived, nobody marked as delivered\n`,
          );
          const summary = { issueId: issue.id, sent: 1, skipped: 0, failed: 0, unknown: 0 };
          if (opts.json) process.stdout.write(jsonLine(summary, { testTo: true }));
          return;
        }

        if (!opts.issue) await publish(deps, issue, rendered);
        process.stderr.write(`issue: ${issue.id}\n`);

        if (deps.deployed) {
          // In AWS the send worker delivers: queue the recipients the way the schedule does, and return.
          const { fanOut, fanOutAndSettle, settledCounts } = await import('../../use-cases/deliver-issue.js');
          const { resumeOwner } = await import('../resume-owner.js');
          const ledger = await deps.ledger();
          const fanOutInput = {
            issueId: issue.id,
            list: issue.list,
            ...(issue.topic ? { topic: issue.topic } : {}),
            batchSize: 10,
          };
          const sink = deps.sendQueue();
          // A resume also settles the records a dead sender left in progress for people it no longer queues.
          const queuedOut = opts.issue
            ? await fanOutAndSettle(
                {
                  store: deps.subscribers,
                  sink,
                  ledger,
                  ...(await resumeOwner()),
                  now: () => deps.clock.now(),
                },
                fanOutInput,
              )
            : { ...(await fanOut({ store: deps.subscribers, sink }, fanOutInput)), settled: [] };
          await ledger.recordFanOut(issue.id, queuedOut.queued, deps.clock.now());
          process.stderr.write(
            `queued ${queuedOut.queued} recipient(s) of ${issue.list} (${queuedOut.suppressed} suppressed); follow it with \`digest stats ${issue.id} --watch\`\n`,
          );
          const settled = settledCounts(queuedOut.settled);
          if (queuedOut.settled.length > 0) {
            process.stderr.write(
              `settled ${queuedOut.settled.length} recipient(s) an earlier run left in progress who are no longer subscribed: ${settled.skipped} skipped, ${settled.unknown} unknown\n`,
            );
          }
          if (opts.json) {
            const summary = {
              issueId: issue.id,
              sent: 0,
              skipped: queuedOut.suppressed + settled.skipped - settled.unknownSuppressed,
              failed: 0,
              unknown: settled.unknown,
            };
            process.stdout.write(jsonLine(summary, { queued: queuedOut.queued }));
          }
          return;
        }

        const local = deps.local as import('../local-deps.js').LocalDeps;
        const { openLocalSender } = await import('../send-runtime.js');
        const sender = await openLocalSender(local);
        const prepared = await sender.prepare(rendered, issue.list);
        const progress = await openProgress({ verb: 'sent', mode: progressMode });
        const summary = await sender
          .deliver(prepared, {
            resendUnknown: opts.resendUnknown === true,
            ...(issue.topic ? { topic: issue.topic } : {}),
            ...(concurrency ? { concurrency } : {}),
            onProgress: (done, total, failed) => progress.update(done, total, failed),
          })
          .finally(() => progress.stop());
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
        // As `digest briefing`: a delivery with recipients failed or unknown exits 2, for a cron job to act on.
        if (deliveryIncomplete(summary)) process.exitCode = EXIT_DELIVERY_INCOMPLETE;
      } finally {
        await deps.close();
      }
    });
}
