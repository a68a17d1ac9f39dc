/**
 * The admin console's dependencies on a laptop (`digest dev`), from the same local pieces as the
 * CLI commands: the subscriber store, the briefings table, the file archive, the local sender
 * (ledger + outbox or SES) and `digest keys`' key. Sign-in attempts are counted in the briefings
 * table's rate buckets, as forwards are.
 */
import { randomBytes } from 'node:crypto';
import { readLocalApiKey } from '../adapters/api-key-store.js';
import { articleFromText, loadArticle } from '../adapters/article-loader.js';
import { FileIssueDraftStore } from '../adapters/file-issue-draft-store.js';
import type { AdminDeps, HistoryEvent } from '../admin/admin-deps.js';
import { buildStory } from '../core/story.js';
import { embedSnippet, subscribePageUrl } from '../core/subscribe-form.js';
import type { Issue, Story } from '../core/types.js';
import type { Log } from '../handlers/http/errors.js';
import type { Subscriber, SubscriberStore } from '../ports/subscriber-store.js';
import { approveDraft } from '../use-cases/briefing-drafts.js';
import { type ComposeInput, type ConsoleIssueDeps, sendDueDrafts } from '../use-cases/console-issues.js';
import { loopbackAllowed, openLocalBriefing } from './local-briefing.js';
import type { LocalDeps } from './local-deps.js';
import { cliQuoteLog } from './quote-log.js';
import { openLocalSender } from './send-runtime.js';
import { exportSubscribersCsv } from './subscriber-export.js';
import { importSubscribers } from './subscriber-import.js';
import { testCopyDeps } from './test-send.js';

/** Ten tries per client per quarter hour: enough for typos, far too few to guess a key. */
export const SIGN_IN_ATTEMPTS = 10;
const SIGN_IN_WINDOW_MS = 15 * 60_000;
const SCHEDULE_CHECK_MS = 30_000;

export async function openAdminLocalDeps(deps: LocalDeps, log?: Log): Promise<AdminDeps> {
  const { briefing } = await openLocalBriefing(deps, { httpLog: log });
  const store = briefing.store;
  const archive = briefing.archive;
  const sender = await openLocalSender(deps);
  const now = () => deps.clock.now();
  // The briefing's renderer: the same list identity and footer as every other issue of the list.
  const render = (issue: Issue) => briefing.render(issue);
  const lists = localLists(deps);

  const buildStories = async (inputs: readonly ComposeInput[]): Promise<Story[]> => {
    const stories: Story[] = [];
    for (const input of inputs) {
      const article =
        input.kind === 'url'
          ? await loadArticle(input.url, { allowLoopback: loopbackAllowed(deps.env) })
          : input.title
            ? articleFromText(input.text, { title: input.title })
            : await loadArticle('-', { readStdin: async () => Buffer.from(input.text, 'utf8') });
      stories.push(buildStory(article, { log: cliQuoteLog }));
    }
    return stories;
  };

  const history = async (list: string, email: string): Promise<HistoryEvent[]> => {
    const events: HistoryEvent[] = [];
    const record = await deps.subscribers.get(list, email);
    if (record) {
      events.push({ at: record.createdAt, what: 'subscribed' });
      if (record.consent && record.status !== 'pending')
        events.push({ at: record.consent.at, what: `confirmed (${record.consent.method})` });
      if (record.status === 'unsubscribed') events.push({ at: record.updatedAt, what: 'unsubscribed' });
    }
    for (const issue of await archive.listByList(list, 50)) {
      const delivery = await sender.ledger.get(issue.id, email);
      if (!delivery) continue;
      events.push({ at: delivery.updatedAt, what: `issue “${issue.subject}”: ${delivery.status}` });
      if (delivery.bouncedAt) events.push({ at: delivery.bouncedAt, what: `bounced: “${issue.subject}”` });
      if (delivery.complainedAt)
        events.push({ at: delivery.complainedAt, what: `complained: “${issue.subject}”` });
    }
    const suppression = await deps.subscribers.getSuppression(email);
    if (suppression)
      events.push({ at: suppression.lastAt, what: `suppressed (${suppression.reasons.join(', ')})` });
    return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  };

  const issues: ConsoleIssueDeps = {
    drafts: new FileIssueDraftStore(deps.dataDir),
    archive,
    buildStories,
    render,
    // The same test copy as `digest send --test-to` (use-cases/test-copy.ts).
    testCopy: testCopyDeps(deps, sender.ledger),
    deliver: async (issue, rendered) => {
      await sender.deliver(await sender.prepare(rendered, issue.list), {});
    },
    progress: (issueId) => sender.ledger.counts(issueId),
    now,
    briefings: { store, approve: (issueId) => approveDraft(issueId, briefing) },
    ...(log ? { log } : {}),
  };
  // Scheduled drafts go out from this process while it runs (checked every 30 s).
  const due = setInterval(() => {
    sendDueDrafts(issues).catch((error: unknown) =>
      log?.({ level: 'error', route: 'admin-schedule', error: (error as Error)?.name ?? 'Error' }),
    );
  }, SCHEDULE_CHECK_MS);
  due.unref();

  return {
    secret: deps.secret,
    now,
    newSessionId: () => randomBytes(18).toString('base64url'),
    keys: async () => {
      // Read per sign-in: `digest keys --rotate` takes effect without restarting `digest dev`.
      const key = readLocalApiKey(deps.dataDir);
      return key ? [key] : [];
    },
    allowSignIn: async (client) => {
      const at = now().getTime();
      const window = Math.floor(at / SIGN_IN_WINDOW_MS);
      const expires = new Date((window + 2) * SIGN_IN_WINDOW_MS).toISOString();
      return store.takeRate(`admin-sign-in#${client}#${window}`, 1, SIGN_IN_ATTEMPTS, expires);
    },
    baseUrl: () => deps.baseUrl(),
    lists,
    subscribers: deps.subscribers,
    subscription: deps.subscriberHandlerDeps(log),
    importCsv: async (request, onProgress) => {
      const rejected: { line: number; reason: string }[] = [];
      let written = 0;
      const counting = countingStore(deps.subscribers, (n) => {
        written += n;
        onProgress(written);
      });
      const report = await importSubscribers(
        { ...deps, subscribers: counting as LocalDeps['subscribers'] },
        {
          text: request.text,
          list: request.list,
          confirmed: request.confirmed,
          progress: false,
          onRejected: (line, reason) => rejected.push({ line, reason }),
        },
      );
      return { rows: report.rows, imported: report.imported, skipped: report.skipped, rejected };
    },
    exportCsv: async (list) => {
      return exportSubscribersCsv(deps.subscribers, list);
    },
    history,
    issues,
    sources: (list) => store.listSources(list),
    recentIssues: (list, limit) => archive.listByList(list, limit),
    stats: { ledger: sender.ledger, archive, subscribers: deps.subscribers },
    backgroundWork: true,
  };
}

/** The lists table (with the built-in `default` behind it), the hosted subscribe page and its embed snippet. */
function localLists(deps: LocalDeps): AdminDeps['lists'] {
  return {
    store: deps.lists,
    subscribePage: (id) => subscribePageUrl(deps.baseUrl(), id),
    embedSnippet: (list) => embedSnippet(list, deps.baseUrl()),
  };
}

/** The store itself, counting what an import writes so that the console can show its progress. */
function countingStore(store: SubscriberStore, wrote: (count: number) => void): SubscriberStore {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      if (name === 'putMany')
        return async (items: Subscriber[]) => {
          await target.putMany(items);
          wrote(items.length);
        };
      return value.bind(target);
    },
  });
}
