/**
 * `digest stats ID [--json] [--watch]`: what became of an issue; `digest stats --list L`: the list's
 * last issues side by side. The numbers come from use-cases/issue-stats (the web console shows the
 * same object). `--watch` follows a delivery (a deployed send runs in the send worker) to its end.
 */
import type { Command } from 'commander';
import type { DeliveryProgress, IssueStats, ListStats, Undelivered } from '../../use-cases/issue-stats.js';
import { CliError, UsageError } from '../cli-error.js';

interface StatsOptions {
  json?: boolean;
  list?: string;
  limit?: string;
  watch?: boolean;
  interval?: string;
  dataDir?: string;
  stackOutputs?: string;
}

export function register(program: Command): void {
  program
    .command('stats')
    .description(
      'What became of an issue: sent, delivered, opens, clicks, top links, bounces, complaints, unsubscribes',
    )
    .argument('[issue-id]', 'the issue id (printed as `issue: <id>` by digest send)')
    .option('--list <name>', "the list's last issues side by side (instead of one issue)")
    .option('--limit <n>', 'with --list: how many issues', '5')
    .option('--json', 'one JSON object on stdout')
    .option('--watch', 'follow the delivery until every recipient has an outcome')
    .option('--interval <seconds>', 'with --watch: seconds between reads', '2')
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .option(
      '--stack-outputs <file>',
      'work on the deployed service named in this `cdk deploy --outputs-file` file (env DIGEST_STACK_OUTPUTS)',
    )
    .action(async (issueId: string | undefined, opts: StatsOptions) => {
      if (!issueId && !opts.list) throw new CliError('give an issue id, or --list NAME', { exitCode: 2 });
      if (issueId && opts.list) throw new CliError('give an issue id or --list, not both', { exitCode: 2 });
      // (a list's figures are of sent issues, read once: there is no one delivery to follow)
      if (opts.list && opts.watch) throw new UsageError('--watch follows one issue: give its id, not --list');
      const limit = Number.parseInt(opts.limit ?? '5', 10);
      if (!(limit >= 1 && limit <= 50)) throw new CliError('--limit must be from 1 to 50', { exitCode: 2 });
      const interval = Number(opts.interval ?? '2');
      if (!(interval >= 0.1 && interval <= 600))
        throw new CliError('--interval must be from 0.1 to 600 seconds', { exitCode: 2 });

      const { withCommandDeps } = await import('../command-deps.js');
      const {
        issueStats,
        listStats,
        followDelivery,
        IssueNotFoundError,
        nothingReported,
        undeliveredRecipients,
      } = await import('../../use-cases/issue-stats.js');
      const { maskEmail } = await import('../../core/email-address.js');
      await withCommandDeps(opts, async (deps) => {
        const statsDeps = {
          ledger: await deps.ledger(),
          archive: deps.archive,
          subscribers: deps.subscribers,
        };
        if (opts.list) {
          // An unknown list is an error naming the lists that exist, as for every other command.
          const { requireList } = await import('../../use-cases/require-list.js');
          await requireList(deps.lists, opts.list);
          const result = await listStats(statsDeps, opts.list, limit);
          const masked = {
            ...result,
            tests: result.tests.map((t) => ({ ...t, recipient: maskEmail(t.recipient) })),
          };
          process.stdout.write(opts.json ? `${JSON.stringify(masked)}\n` : formatList(masked));
          return;
        }
        const id = issueId as string;
        const read = async (stats: () => Promise<IssueStats>) => {
          try {
            return await stats();
          } catch (error) {
            if (error instanceof IssueNotFoundError) {
              const { unsentDraft } = await import('../unsent-draft.js');
              throw new CliError((await unsentDraft(await deps.briefingStore(), id)) ?? error.message);
            }
            throw error;
          }
        };
        let last = '';
        const stats = await read(
          opts.watch
            ? () =>
                followDelivery(statsDeps, id, {
                  onProgress: (progress) => {
                    const line = progressLine(progress);
                    if (line !== last) process.stderr.write(`${line}\n`);
                    last = line;
                  },
                  wait: () => new Promise((ok) => setTimeout(ok, interval * 1000)),
                })
            : () => issueStats(statsDeps, id),
        );
        const shown = {
          ...stats,
          tests: stats.tests.map((t) => ({ ...t, recipient: maskEmail(t.recipient) })),
        };
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(shown)}\n`);
          return;
        }
        // who did not get it and why, as the console's stats page lists them (addresses masked, as test copies')
        const report =
          stats.failed + stats.unknown + stats.inProgress > 0
            ? await undeliveredRecipients(statsDeps.ledger, id, {
                now: deps.clock.now(),
                limit: UNDELIVERED_SHOWN,
              })
            : null;
        const note = deps.deployed === null && nothingReported(stats) ? localFeedbackNote(deps.env) : '';
        process.stdout.write(
          formatIssue(shown) + note + (report ? formatUndelivered(report, id, maskEmail) : ''),
        );
      });
    });
}

/**
 * Under a local issue's figures when the mail service has reported nothing of it: delivered, bounced and complained
 * come from its reports (SES events), and a send to the outbox, the local default, gets none, so "delivered 0" there
 * says nothing about the copies.
 */
function localFeedbackNote(env: NodeJS.ProcessEnv): string {
  if ((env.DIGEST_TRANSPORT ?? 'outbox') !== 'outbox') return '';
  return 'note: delivered, bounced and complained count what the mail service reports (SES events); a copy written to the outbox, the default here, gets no such report\n';
}

/** Recipients listed under "did not get it" (the counts cover them all). */
const UNDELIVERED_SHOWN = 50;

/**
 * The recipients who failed, are unknown or stalled, with the ledger's reason, and what resumes the delivery: the
 * console's table (admin/undelivered.ts) in the terminal. Nothing when every recipient has been sent.
 */
function formatUndelivered(report: Undelivered, issueId: string, mask: (email: string) => string): string {
  const total = report.failed + report.unknown + report.stalled;
  if (total === 0) return '';
  let out = `did not get it: ${report.failed} failed, ${report.unknown} unknown, ${report.stalled} stalled\n`;
  for (const r of report.recipients)
    out += `  ${mask(r.recipient).padEnd(28)} ${r.outcome.padEnd(8)} ${r.at}  ${r.reason ?? '(no reason recorded)'}\n`;
  if (total > report.recipients.length) out += `  … and ${total - report.recipients.length} more\n`;
  out += `resume: digest send --issue ${issueId} (unknown recipients are resent only with --resend-unknown)\n`;
  return out;
}

function progressLine(stats: DeliveryProgress): string {
  const total = stats.queued ?? stats.recipients;
  const skipped = stats.skipped > 0 ? `, ${stats.skipped} skipped` : '';
  return `sent ${stats.sent}/${total}, ${stats.failed} failed, ${stats.unknown} unknown${skipped}, ${stats.inProgress} in progress`;
}

const percent = (rate: number | null) => (rate === null ? '' : `  (${(rate * 100).toFixed(1)}%)`);
/** Opens and clicks of an issue sent while its list had tracking off were never counted: not "0". */
const NOT_TRACKED = 'not tracked';

function formatIssue(stats: IssueStats): string {
  const head = `issue ${stats.issueId}${stats.subject ? ` "${stats.subject}"` : ''}${stats.list ? ` (list ${stats.list})` : ''}\n`;
  const rows: [string, string][] = [
    ['recipients', String(stats.recipients)],
    ...(stats.queued !== null ? [['queued', String(stats.queued)] as [string, string]] : []),
    ['sent', String(stats.sent)],
    ['delivered', String(stats.delivered)],
    ['opened', stats.tracking ? `${stats.opened}${percent(stats.openRate)}` : NOT_TRACKED],
    ['clicked', stats.tracking ? `${stats.clicked}${percent(stats.clickRate)}` : NOT_TRACKED],
    ['bounced', String(stats.bounced)],
    ['  hard', String(stats.bouncedHard)],
    ['  soft', String(stats.bouncedSoft)],
    ['complained', String(stats.complained)],
    ['unsubscribed', String(stats.unsubscribed)],
    ['unknown', String(stats.unknown)],
    ['failed', String(stats.failed)],
    ['skipped', String(stats.skipped)],
    ['in progress', String(stats.inProgress)],
  ];
  let out = head + rows.map(([k, v]) => `  ${k.padEnd(13)} ${v}\n`).join('');
  if (stats.links.length > 0) {
    out += 'top links\n';
    for (const link of stats.links.slice(0, 10)) out += `  ${String(link.clicks).padStart(6)}  ${link.url}\n`;
  }
  if (stats.tests.length > 0) {
    out += `test copies (not counted above): ${stats.tests.length}\n`;
    for (const test of stats.tests) out += `  ${test.at}  ${test.recipient}\n`;
  }
  return out;
}

/**
 * The columns of `stats --list`, right-aligned: each at least as wide as its header (opened and clicked as "not
 * tracked"), and a gap before each, so that no header or value ever runs into the next ("bouncedcomplained").
 */
const LIST_COLUMNS = [
  { head: 'sent', width: 8 },
  { head: 'delivered', width: 9 },
  { head: 'opened', width: 11 },
  { head: 'clicked', width: 11 },
  { head: 'bounced', width: 8 },
  { head: 'complained', width: 10 },
  { head: 'unsub', width: 8 },
] as const;
const ISSUE_COLUMN = 21;
/** Before every column, whatever its value: a value wider than its column still stands apart. */
const GAP = '  ';

function formatList(result: ListStats): string {
  if (result.issues.length === 0 && result.tests.length === 0) return `no issues on ${result.list}\n`;
  const count = (value: number, rate: number | null = null) =>
    rate === null ? String(value) : `${value} ${(rate * 100).toFixed(0)}%`;
  // Opens and clicks of an issue sent with tracking off were never counted: "not tracked", not 0.
  const tracked = (s: IssueStats, value: number, rate: number | null) =>
    s.tracking ? count(value, rate) : NOT_TRACKED;
  const row = (issue: string, cells: readonly string[], subject: string) =>
    `${issue.padEnd(ISSUE_COLUMN)}${cells.map((c, i) => `${GAP}${c.padStart(LIST_COLUMNS[i]!.width)}`).join('')}${GAP}${subject}\n`;
  let out = `list ${result.list}: last ${result.issues.length} issue${result.issues.length === 1 ? '' : 's'}\n`;
  out += row(
    'issue',
    LIST_COLUMNS.map((c) => c.head),
    'subject',
  );
  for (const s of result.issues) {
    const cells = [
      count(s.sent),
      count(s.delivered),
      tracked(s, s.opened, s.openRate),
      tracked(s, s.clicked, s.clickRate),
      count(s.bounced),
      count(s.complained),
      count(s.unsubscribed),
    ];
    out += row(s.issueId, cells, s.subject ?? '');
  }
  if (result.tests.length > 0) {
    out += 'test copies (not counted above)\n';
    for (const t of result.tests) out += `  ${t.at}  ${t.issueId}  ${t.recipient}  ${t.subject}\n`;
  }
  return out;
}
