/**
 * Briefing dependencies on a laptop, built from the shared LocalDeps: the briefings table on the
 * shared dynalite, the file archive under the data dir, the outbox (or SES) mailer, and delivery
 * through the same local sender as `digest send` (cli/send-runtime).
 *
 * DIGEST_ALLOW_LOOPBACK=1 lets the feed reader fetch from 127.0.0.1. It exists for tests that serve
 * feeds on loopback, is honoured only by the CLI and `digest dev`, and must never be set in
 * production (it reopens a server-side request forgery path to local services).
 */
import { randomBytes } from 'node:crypto';
import { readLocalApiKeys } from '../adapters/api-key-store.js';
import {
  briefingsTableDefinition,
  DynamoBriefingStore,
  LOCAL_BRIEFINGS_TABLE,
} from '../adapters/dynamo-briefing-store.js';
import { DynamoWindowLimits } from '../adapters/dynamo-window-limits.js';
import { liveSourceDeps } from '../adapters/feed-reader.js';
import { FileIssueArchive } from '../adapters/file-issue-archive.js';
import { ensureTable } from '../adapters/local-runtime.js';
import { renderForward } from '../adapters/render-issue.js';
import { sesRefusalReason } from '../adapters/ses-mailer.js';
import { optionalEnv } from '../config.js';
import { checkBearer } from '../core/api-keys.js';
import type { BriefingHttpDeps } from '../handlers/dependencies.js';
import type { Log } from '../handlers/http/errors.js';
import { header } from '../handlers/http/request.js';
import type { SourceDeps } from '../ports/article-sources.js';
import type { BriefingDeps } from '../use-cases/briefing.js';
import type { ForwardDeps } from '../use-cases/forward.js';
import { requireList } from '../use-cases/require-list.js';
import { renderForList } from './list-issue.js';
import type { LocalDeps } from './local-deps.js';
import { withLoopbackHint } from './loopback-hint.js';
import { cliQuoteLog } from './quote-log.js';
import type { LocalSender } from './send-runtime.js';

/** A new briefing issue id: UTC date and 12 random hex digits (the archive's id rule). */
export function newBriefingId(now: Date): string {
  return `${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(6).toString('hex')}`;
}

export function loopbackAllowed(env: NodeJS.ProcessEnv): boolean {
  return env.DIGEST_ALLOW_LOOPBACK === '1';
}

/** A refused loopback feed or page says how to allow it (the report carries the message). */
function withHintedRefusals(sources: SourceDeps): SourceDeps {
  return {
    ...sources,
    fetchText: (url, options) =>
      sources.fetchText(url, options).catch((error: unknown) => {
        if (error instanceof Error) error.message = withLoopbackHint(error.message);
        throw error;
      }),
  };
}

export interface LocalBriefing {
  briefing: BriefingDeps;
  forward: ForwardDeps;
  http: BriefingHttpDeps;
}

export async function openLocalBriefing(
  deps: LocalDeps,
  options: {
    log?: (line: string) => void;
    httpLog?: Log;
    onProgress?: (done: number, total: number, failed: number) => void;
  } = {},
): Promise<LocalBriefing> {
  const table = optionalEnv('BRIEFINGS_TABLE', deps.env) ?? LOCAL_BRIEFINGS_TABLE;
  await ensureTable(deps.dynamo.client, briefingsTableDefinition(table));
  const store = new DynamoBriefingStore(deps.dynamo.client, table);
  const archive = new FileIssueArchive(deps.dataDir);
  const now = () => deps.clock.now();
  const baseUrl = deps.baseUrl();
  let sender: Promise<LocalSender> | null = null;
  const briefing: BriefingDeps = {
    store,
    archive,
    sources: withHintedRefusals(
      liveSourceDeps({ allowLoopback: loopbackAllowed(deps.env), now, quoteLog: cliQuoteLog }),
    ),
    // The list's title, sender and footer, read when the issue is rendered.
    render: async (issue, options = {}) => {
      const list = await requireList(deps.lists, issue.list);
      return renderForList(issue, list, { baseUrl, mail: deps.mail }, options);
    },
    // The same local sender as `digest send` (ledger, outbox or SES, rate gate, dead letters).
    deliver: async (issue, rendered) => {
      const { openLocalSender } = await import('./send-runtime.js');
      sender ??= openLocalSender(deps);
      const local = await sender;
      const summary = await local.deliver(await local.prepare(rendered, issue.list), {
        onProgress: options.onProgress,
      });
      return {
        sent: summary.sent,
        skipped: summary.skipped,
        failed: summary.failed,
        unknown: summary.unknown,
      };
    },
    // Who can be mailed: an approval for a list nobody on which can be is refused, the draft kept.
    subscribers: deps.subscribers,
    mailer: deps.mailer,
    from: deps.mail.from,
    baseUrl,
    secret: deps.secret,
    now,
    newIssueId: () => newBriefingId(now()),
    log: options.log,
    maxItemAgeDays: async (list) => (await deps.lists.get(list))?.maxItemAgeDays,
    listTitle: async (list) => (await deps.lists.get(list))?.title,
  };
  const forward: ForwardDeps = {
    archive,
    limits: new DynamoWindowLimits(deps.dynamo.client, table),
    mailer: deps.mailer,
    // SES's refusals of an address (an outbox error is never one)
    refusalReason: sesRefusalReason,
    renderForward,
    from: deps.mail.from,
    baseUrl,
    postalAddress: deps.mail.postalAddress,
    lists: deps.lists,
    now,
    suppressedAmong: (emails) => deps.subscribers.suppressedAmong(emails),
  };
  const http: BriefingHttpDeps = {
    briefing,
    forward,
    lists: deps.lists,
    postalAddress: deps.mail.postalAddress,
    log: options.httpLog,
    // Read per request: `digest keys --name/--rotate` take effect without restarting `digest dev`.
    authenticate: async (event) =>
      checkBearer(header(event, 'authorization'), readLocalApiKeys(deps.dataDir)),
  };
  return { briefing, forward, http };
}
