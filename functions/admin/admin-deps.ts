/**
 * What the admin console needs, as small functions over the same stores and use cases as the CLI.
 * `digest dev` builds them from its local dependencies (cli/admin-local-deps); tests build them the
 * same way on a fresh data dir.
 */
import type { KeySetSource } from '../core/api-keys.js';
import type { SubscriptionDeps } from '../core/subscription.js';
import type { FeedSource } from '../ports/briefing-store.js';
import type { EndedSessions } from '../ports/ended-sessions.js';
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

export interface ImportResult {
  rows: number;
  imported: number;
  skipped: number;
  rejected: { line: number; reason: string }[];
  /** Rows without a status that were sent the double opt-in mail. */
  invited: number;
  /**
   * Rows written pending whose opt-in mail the rate limit held back (one per address every 10 minutes, any list):
   * nothing sends it later (use-cases/import-subscribers.ts).
   */
  notInvited: { line: number; email: string }[];
}

/** How far an import has come, for its progress bar. */
export interface ImportState {
  /** The file's data rows, as the CSV parser reads them (0 until the file is read). */
  rows: number;
  /** Rows written so far. */
  imported: number;
  /** Rows done with so far, written, skipped or refused: `rows` once the import has ended. */
  settled: number;
}

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
  importCsv(request: ImportRequest, onProgress: (state: ImportState) => void): Promise<ImportResult>;
  /** The list as CSV, in the columns of `digest subscribers export`. */
  exportCsv(list: string): Promise<string>;
  /** The store and the confirmation mail: add, subscribe and forget go through core/subscription. */
  subscription: SubscriptionDeps;
  /** Subscribed, confirmed, issues received, bounces, unsubscribed: oldest first. */
  history(list: string, email: string): Promise<HistoryEvent[]>;
  issues: ConsoleIssueDeps;
  sources(list: string): Promise<FeedSource[]>;
  recentIssues(list: string, limit: number): Promise<IssueSummary[]>;
  /** The ledger, archive and subscribers that use-cases/issue-stats.ts reads (as `digest stats` does). */
  stats: IssueStatsDeps;
  /** True where work may go on after the answer (a long-running server); false in a Lambda. */
  backgroundWork: boolean;
}
