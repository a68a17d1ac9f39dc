/**
 * The console's dependencies from the stores and use cases it runs on, the same way wherever it is
 * served: `digest dev` (cli/admin-local-deps.ts, the local data dir) and the HTTP API's admin
 * function (handlers/runtime/admin.ts, the deployed tables and bucket). The two differ only in the
 * parts they pass: where drafts live, how an issue is delivered (in-process locally, onto the send
 * queue in AWS), and whether work may go on after an answer.
 */
import { randomBytes } from 'node:crypto';
import { articleFromText, loadArticle } from '../adapters/article-loader.js';
import type { KeySetSource } from '../core/api-keys.js';
import type { QuoteLog } from '../core/quotes/index.js';
import { retryAfterSeconds } from '../core/sliding-window.js';
import { buildStory } from '../core/story.js';
import { embedSnippet, subscribePageUrl } from '../core/subscribe-form.js';
import type { Story } from '../core/types.js';
import type { SubscriberHandlerDeps } from '../handlers/dependencies.js';
import type { SourceDeps } from '../ports/article-sources.js';
import type { BriefingStore } from '../ports/briefing-store.js';
import type { DeliveryLedger } from '../ports/delivery-ledger.js';
import type { EndedSessions } from '../ports/ended-sessions.js';
import type { ImportJobStore } from '../ports/import-jobs.js';
import type { IssueArchive } from '../ports/issue-archive.js';
import type { ListStore } from '../ports/list-store.js';
import type { SubscriberStore } from '../ports/subscriber-store.js';
import type { WindowLimits } from '../ports/window-limits.js';
import type { ComposeInput, ConsoleIssueDeps } from '../use-cases/console-issues.js';
import { exportSubscribersCsv } from '../use-cases/export-subscribers.js';
import { importSubscribers, previewImport } from '../use-cases/import-subscribers.js';
import { removeQueuedArticle } from '../use-cases/queued-articles.js';
import { checkFeed } from '../use-cases/read-sources.js';
import type { AdminDeps, HistoryEvent } from './admin-deps.js';

/**
 * Ten tries per client in any quarter hour (a sliding window: core/sliding-window.ts): enough for typos, far
 * too few to guess a key.
 */
export const SIGN_IN_ATTEMPTS = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/**
 * An import's start-or-cancel claim holds far longer than its upload waits for confirmation (an hour), so a late
 * second click is still refused; then the table's TTL removes it.
 */
const IMPORT_CLAIM_MS = 7 * 86_400_000;

export interface ConsoleParts {
  secret: string;
  now(): Date;
  /** The key set: who may sign in, and whose sessions still stand (read as core/api-keys.ts `checkWithKeySet` says). */
  keys: KeySetSource;
  /** Where sign-out records a session as ended (the briefings table in AWS, the data dir locally). */
  endedSessions: EndedSessions;
  /** The sliding-window limits (in the briefings table): sign-in attempts per client, as they count forwards. */
  limits: WindowLimits;
  /** The console's imports: uploads awaiting confirmation, running and finished imports (data dir, archive bucket). */
  importJobs: ImportJobStore;
  /** The briefings table: the list's sources and queued articles. */
  briefings: Pick<BriefingStore, 'listSources' | 'addSource' | 'removeSource' | 'listQueued' | 'dequeue'>;
  /** The briefing's feed reader (fetcher and parser), to check a feed before it is added. */
  feedReader: Pick<SourceDeps, 'fetchText' | 'parseFeed'>;
  baseUrl(): string;
  lists: ListStore;
  subscribers: SubscriberStore;
  subscription: SubscriberHandlerDeps;
  ledger: DeliveryLedger;
  archive: IssueArchive;
  issues: ConsoleIssueDeps;
  backgroundWork: boolean;
  /** False where the mail transport reports no deliveries, bounces or complaints (the local outbox); absent: it does. */
  deliveryReports?: boolean;
}

export function consoleDeps(parts: ConsoleParts): AdminDeps {
  const { subscribers, archive, ledger, now } = parts;
  return {
    secret: parts.secret,
    now,
    newSessionId: () => randomBytes(18).toString('base64url'),
    keys: parts.keys,
    endedSessions: parts.endedSessions,
    allowSignIn: async (client) => {
      const rule = { limit: SIGN_IN_ATTEMPTS, windowMs: SIGN_IN_WINDOW_MS };
      const at = now();
      const decision = await parts.limits.take(`admin-sign-in#${client}`, 1, rule, at);
      if (decision.allowed) return { allowed: true };
      // One attempt never exceeds the limit on its own, so retryAt is set; the whole window if it ever were not.
      const wait = retryAfterSeconds(decision, at.getTime()) ?? SIGN_IN_WINDOW_MS / 1000;
      return { allowed: false, retryAfterSeconds: wait };
    },
    baseUrl: parts.baseUrl,
    lists: {
      store: parts.lists,
      subscribePage: (id) => subscribePageUrl(parts.baseUrl(), id),
      embedSnippet: (list) => embedSnippet(list, parts.baseUrl()),
    },
    subscribers,
    subscription: parts.subscription,
    importCsv: async (request, onProgress, shouldStop) => {
      const rejected: { line: number; reason: string }[] = [];
      const notInvited: { line: number; email: string }[] = [];
      let rows = 0;
      const report = await importSubscribers(
        { subscribers, clock: { now }, subscription: () => parts.subscription },
        {
          text: request.text,
          list: request.list,
          confirmed: request.confirmed,
          ...(shouldStop ? { shouldStop } : {}),
          onRows: (n) => {
            rows = n;
            onProgress({ rows, imported: 0, settled: 0 });
          },
          // `done` of `total` counts the rows the import writes or invites (imported, or refused while written);
          // the rows it decided to leave alone before writing are the rest of the file, settled from the start.
          progress: {
            update: (done, total, failed = 0) =>
              onProgress({ rows, imported: done - failed, settled: rows - total + done }),
            stop: () => undefined,
          },
          onRejected: (line, reason) => rejected.push({ line, reason }),
          onNotInvited: (line, _reason, email) => notInvited.push({ line, email }),
        },
      );
      return {
        rows: report.rows,
        imported: report.imported,
        skipped: report.skipped,
        rejected,
        invited: report.invited,
        notInvited,
        stopped: report.stopped,
        notDone: report.notDone,
      };
    },
    previewCsv: (request) => previewImport({ subscribers, clock: { now } }, request),
    importJobs: parts.importJobs,
    claimImport: async (id) =>
      (await parts.limits.take(`console-import#${id}`, 1, { limit: 1, windowMs: IMPORT_CLAIM_MS }, now()))
        .allowed,
    exportCsv: (list) => exportSubscribersCsv(subscribers, list),
    history: async (list, email) => {
      const events: HistoryEvent[] = [];
      const record = await subscribers.get(list, email);
      if (record) {
        events.push({ at: record.createdAt, what: 'subscribed' });
        if (record.consent && record.status !== 'pending')
          events.push({ at: record.consent.at, what: `confirmed (${record.consent.method})` });
        if (record.status === 'unsubscribed') events.push({ at: record.updatedAt, what: 'unsubscribed' });
      }
      for (const issue of await archive.listByList(list, 50)) {
        const delivery = await ledger.get(issue.id, email);
        if (!delivery) continue;
        events.push({ at: delivery.updatedAt, what: `issue “${issue.subject}”: ${delivery.status}` });
        if (delivery.bouncedAt) events.push({ at: delivery.bouncedAt, what: `bounced: “${issue.subject}”` });
        if (delivery.complainedAt)
          events.push({ at: delivery.complainedAt, what: `complained: “${issue.subject}”` });
      }
      const suppression = await subscribers.getSuppression(email);
      if (suppression)
        events.push({ at: suppression.lastAt, what: `suppressed (${suppression.reasons.join(', ')})` });
      return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    },
    issues: parts.issues,
    sources: (list) => parts.briefings.listSources(list),
    feeds: {
      check: async (url) => {
        await checkFeed(url, parts.feedReader);
      },
      add: (list, url, at) => parts.briefings.addSource(list, url, at),
      remove: (list, url) => parts.briefings.removeSource(list, url),
    },
    queued: (list) => parts.briefings.listQueued(list),
    removeQueued: (list, url) => removeQueuedArticle(parts.briefings, list, url),
    recentIssues: (list, limit) => archive.listByList(list, limit),
    stats: { ledger, archive, subscribers },
    backgroundWork: parts.backgroundWork,
    deliveryReports: parts.deliveryReports ?? true,
  };
}

/**
 * One story per compose input, in order: a URL is fetched and extracted (over the SSRF-guarded
 * fetcher; loopback only where `digest dev` allows it), pasted text is read as a text article.
 */
export function storyBuilder(options: {
  allowLoopback: boolean;
  /** Where a quotation whose attribution failed is reported (the CLI's stderr line, the Lambda's logger). */
  quoteLog: QuoteLog;
}): ConsoleIssueDeps['buildStories'] {
  return async (inputs: readonly ComposeInput[]): Promise<Story[]> => {
    const stories: Story[] = [];
    for (const input of inputs) {
      const article =
        input.kind === 'url'
          ? await loadArticle(input.url, { allowLoopback: options.allowLoopback })
          : input.title
            ? articleFromText(input.text, { title: input.title })
            : await loadArticle('-', { readStdin: async () => Buffer.from(input.text, 'utf8') });
      stories.push(buildStory(article, { log: options.quoteLog }));
    }
    return stories;
  };
}
