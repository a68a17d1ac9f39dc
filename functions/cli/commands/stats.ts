/**
 * `digest stats ID [--json]`: what became of an issue, from the delivery ledger. sent, failed and
 * unknown are ledger states; bounced and complained come from the SES events that the send-events
 * handler records on each delivery, or else from a bounce/complaint suppression recorded for the
 * recipient after the issue went out (the subscribers' feedback handling).
 */
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';

interface StatsOptions {
  json?: boolean;
  dataDir?: string;
}

export function register(program: Command): void {
  program
    .command('stats')
    .description('What became of an issue: sent, failed, unknown, bounced and complained')
    .argument('<issue-id>', 'the issue id (printed as `issue: <id>` by digest send)')
    .option('--json', 'one JSON object on stdout')
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .action(async (issueId: string, opts: StatsOptions) => {
      const { resolveDataDir, ensureTable } = await import('../../adapters/local-runtime.js');
      const { openLocalDeps } = await import('../local-deps.js');
      const { DynamoDeliveryLedger, deliveriesTableDefinition, LOCAL_DELIVERIES_TABLE } = await import(
        '../../adapters/dynamo-delivery-ledger.js'
      );
      const { FileIssueArchive } = await import('../../adapters/file-issue-archive.js');
      const { optionalEnv } = await import('../../config.js');
      const deps = await openLocalDeps({ dataDir: resolveDataDir(opts.dataDir) });
      try {
        const table = optionalEnv('DELIVERIES_TABLE', deps.env) ?? LOCAL_DELIVERIES_TABLE;
        await ensureTable(deps.dynamo.client, deliveriesTableDefinition(table));
        const ledger = new DynamoDeliveryLedger(deps.dynamo.client, table);
        const archived = await new FileIssueArchive(deps.dataDir).get(issueId);
        const counts = await ledger.counts(issueId);
        if (!archived && counts.total === 0)
          throw new CliError(`no issue ${issueId} (not archived, nothing delivered)`);
        // Locally no SES events reach the ledger; the subscribers' feedback handling leaves
        // suppression records instead: a bounce or complaint recorded after this issue went out counts.
        for (let cursor: string | null = null; ; ) {
          const page: Awaited<ReturnType<typeof ledger.page>> = await ledger.page(issueId, {
            cursor,
            limit: 500,
          });
          for (const record of page.items) {
            if (record.status !== 'sent' || (record.bouncedAt && record.complainedAt)) continue;
            const suppression = await deps.subscribers.getSuppression(record.recipient);
            if (!suppression || suppression.lastAt < record.updatedAt) continue;
            if (!record.bouncedAt && suppression.reasons.includes('bounce')) counts.bounced++;
            if (!record.complainedAt && suppression.reasons.includes('complaint')) counts.complained++;
          }
          cursor = page.next;
          if (!cursor) break;
        }
        const result = {
          issueId,
          subject: archived?.issue.subject ?? null,
          list: archived?.issue.list ?? null,
          recipients: counts.total,
          sent: counts.sent,
          failed: counts.failed,
          unknown: counts.unknown,
          inProgress: counts.claimed + counts.sending,
          delivered: counts.delivered,
          bounced: counts.bounced,
          complained: counts.complained,
        };
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(result)}\n`);
          return;
        }
        const rows: [string, number | string][] = [
          ['recipients', result.recipients],
          ['sent', result.sent],
          ['failed', result.failed],
          ['unknown', result.unknown],
          ['in progress', result.inProgress],
          ['delivered', result.delivered],
          ['bounced', result.bounced],
          ['complained', result.complained],
        ];
        process.stdout.write(
          `issue ${issueId}${result.subject ? ` "${result.subject}"` : ''}${result.list ? ` (list ${result.list})` : ''}\n` +
            rows.map(([k, v]) => `  ${k.padEnd(12)} ${v}\n`).join(''),
        );
      } finally {
        await deps.close();
      }
    });
}
