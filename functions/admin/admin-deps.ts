/**
 * What the admin console needs, as small functions over the same stores and use cases as the CLI.
 * `digest dev` builds them from its local dependencies (cli/admin-local-deps); tests build them the
 * same way on a fresh data dir.
 */
import type { KeySetSource } from '../core/api-keys.js';
import type { SubscriptionDeps } from '../core/subscription.js';
import type { FeedSource, QueuedItem } from '../ports/briefing-store.js';
import type { EndedSessions } from '../ports/ended-sessions.js';
import type {
  ImportJobProgress,
  ImportJobResult,
  ImportJobStore,
  ImportPreview,
} from '../ports/import-jobs.js';
import type { IssueSummary } from '../ports/issue-archive.js';
import type { ListStore, NewsletterList } from '../ports/list-store.js';
import type { SubscriberStore } from '../ports/subscriber-store.js';
import type { ConsoleIssueDeps } from '../use-cases/console-issues.js';
import type { IssueStatsDeps } from '../use-cases/issue-stats.js';

export interface ConsoleLists {
  store: ListStore;
  /** The hosted subscribe page of a list, and the HTML snippet that posts to it. */
  subscribePage(id: string): string;
  embedSnippet(list: NewsletterList): string;
}

export interface ImportRequest {
  text: string;
  list: string;
  confirmed: boolean;
}

/** What an import did (ports/import-jobs.ts). */
export type ImportResult = ImportJobResult;

/** How far an import has come, for its progress bar (ports/import-jobs.ts). */
export type ImportState = ImportJobProgress;

export interface HistoryEvent {
  at: string;
  what: string;
}

/** A sign-in attempt taken, or refused with the wait (whole seconds, at least 1) before the next is allowed. */
export type SignInAttempt = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface AdminDeps {
  /** The token secret: signs sessions and CSRF tokens. */
  secret: string;
  now(): Date;
  /** A random session id (base64url, 16+ characters). */
  newSessionId(): string;
  /**
   * The key set (`digest keys`): every key in it may sign in, and a session lasts only while the key
   * it was opened with is in it (checked on every request, core/api-keys.ts `checkWithKeySet`).
   */
  keys: KeySetSource;
  /**
   * Sessions signed out before their expiry: sign-out records its session here, and every request
   * refuses a session found here as it refuses an expired one. Shared by every server of the console
   * (the briefings table in AWS, the data dir locally), never one process's memory.
   */
  endedSessions: EndedSessions;
  /**
   * Takes one sign-in attempt for a client; refused when it has tried too often lately, with the seconds until
   * its oldest attempt leaves the window and it may try again.
   */
  allowSignIn(client: string): Promise<SignInAttempt>;
  /** Where the console is served: https decides the cookie's `Secure` flag. */
  baseUrl(): string;
  lists: ConsoleLists;
  subscribers: SubscriberStore;
  /**
   * Imports a CSV (use-cases/import-subscribers.ts, as `digest subscribers import`): progress as it goes, and
   * `shouldStop` asked before each batch of writes and each opt-in mail (the console's Stop).
   */
  importCsv(
    request: ImportRequest,
    onProgress: (state: ImportState) => void,
    shouldStop?: () => boolean | Promise<boolean>,
  ): Promise<ImportResult>;
  /** What importing a CSV would do, both ways of the consent choice; reads only (the confirm step). */
  previewCsv(request: Omit<ImportRequest, 'confirmed'>): Promise<ImportPreview>;
  /** Where the console's imports are kept (uploads awaiting confirmation, running and finished imports). */
  importJobs: ImportJobStore;
  /**
   * Takes the one right to start or cancel an awaiting import (a conditional write shared by every server of the
   * console): false when a Confirm or Cancel took it first, so a double click never starts two imports.
   */
  claimImport(id: string): Promise<boolean>;
  /** The list as CSV, in the columns of `digest subscribers export`. */
  exportCsv(list: string): Promise<string>;
  /** The store and the confirmation mail: add, subscribe and forget go through core/subscription. */
  subscription: SubscriptionDeps;
  /** Subscribed, confirmed, issues received, bounces, unsubscribed: oldest first. */
  history(list: string, email: string): Promise<HistoryEvent[]>;
  issues: ConsoleIssueDeps;
  sources(list: string): Promise<FeedSource[]>;
  /** A list's feeds, changed as `digest sources add|remove` changes them (false: already there, or not there). */
  feeds: {
    /**
     * Reads the URL as the list's briefing will read it (use-cases/read-sources.ts checkFeed, as `digest sources add`
     * does): throws NotAFeedError for a page or anything else that is no feed, FeedFetchError when it cannot be read.
     */
    check(url: string): Promise<void>;
    add(list: string, url: string, at: string): Promise<boolean>;
    remove(list: string, url: string): Promise<boolean>;
  };
  /** The articles queued for the list's next briefing (`digest sources queue`, POST /articles, S3 drops). */
  queued(list: string): Promise<QueuedItem[]>;
  /**
   * Takes a queued article off the list's queue, as `digest sources remove URL` does (use-cases/queued-articles.ts):
   * the URL as it was stored, or null when the list has no such queued article.
   */
  removeQueued(list: string, url: string): Promise<string | null>;
  recentIssues(list: string, limit: number): Promise<IssueSummary[]>;
  /** The ledger, archive and subscribers that use-cases/issue-stats.ts reads (as `digest stats` does). */
  stats: IssueStatsDeps;
  /** True where work may go on after the answer (a long-running server); false in a Lambda. */
  backgroundWork: boolean;
  /**
   * Whether the mail transport reports what became of each mail (SES events: delivered, bounced, complained): true in
   * AWS and with `DIGEST_TRANSPORT=ses`; false for the local outbox, whose copies get no report, so that the stats
   * page says why such an issue reads "delivered 0" (as `digest stats` does).
   */
  deliveryReports: boolean;
}
