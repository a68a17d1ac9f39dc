/**
 * Briefing state per list: settings, feed sources, queued articles, what was already sent (and what an editor
 * dropped), the schedule windows (one issue per window), the story claims (one issue per story) and drafts awaiting
 * an editor's approval.
 * DynamoDB in AWS and on dynalite locally (adapters/dynamo-briefing-store).
 */
import type { Cadence } from '../core/briefing-window.js';
import type { SeenFingerprint } from '../core/compose.js';
import type { Issue } from '../core/types.js';

export type ListMode = 'auto' | 'review';

export interface ListSettings {
  list: string;
  /** `review`: briefings are drafts until an editor approves them. */
  mode: ListMode;
  /** IANA zone the schedule window is computed in. */
  timezone: string;
  cadence: Cadence;
  maxStories: number;
  /** Who approves drafts (review mode). */
  editor: string | null;
  /** How long a draft waits for approval before it expires unsent. */
  reviewHours: number;
}

export const DEFAULT_LIST_SETTINGS: Omit<ListSettings, 'list'> = {
  mode: 'auto',
  timezone: 'UTC',
  cadence: 'daily',
  maxStories: 5,
  editor: null,
  reviewHours: 12,
};

/**
 * How long a story's claim (`claimStory`) and an editor's drop (`recordDropped`) are kept: the table's time to live
 * removes them this long after they were written, or, for a claim, after the last briefing that met its story again
 * (`renewStories`). Longer than the longest maximum item age a list may have (365 days) and the day a feed's date may
 * run ahead, so that a dated item is too old to be sent before its claim goes; an undated item a feed keeps, and an
 * article queued again, are met by the briefings that read them, which renew the claim (docs/briefings.md).
 */
export const STORY_MEMORY_DAYS = 400;

export interface FeedSource {
  url: string;
  addedAt: string;
}

export type QueueOrigin = 'queue' | 's3';

export interface QueuedItem {
  url: string;
  queuedAt: string;
  origin: QueueOrigin;
}

/**
 * `conflict`: nothing was sent because a story of the window's issue was claimed by another issue (another run at
 * the same time sent it); like `failed`, a later run of the same window takes the claim over and composes again.
 * `no-recipients`: nothing was sent because nobody on the list could be mailed; taken over by a later run the same
 * way. `expired`: its draft was not approved by the deadline; `rejected`: an editor rejected its draft.
 */
export type WindowStatus =
  | 'composing'
  | 'empty'
  | 'draft'
  | 'sent'
  | 'expired'
  | 'rejected'
  | 'failed'
  | 'conflict'
  | 'no-recipients';

/** The record that makes one window produce one issue. */
export interface WindowClaim {
  list: string;
  window: string;
  issueId: string;
  status: WindowStatus;
  claimedAt: string;
  updatedAt: string;
  /** Why the window ended empty, or what failed. */
  note: string | null;
}

export type ClaimResult = { claimed: true; claim: WindowClaim } | { claimed: false; existing: WindowClaim };

/**
 * `pending` until it is settled: `approved` (and sent), `expired` (nobody approved it by its deadline) or `rejected`
 * (an editor rejected it in the console). None of the last two is ever sent.
 */
export type DraftStatus = 'pending' | 'approved' | 'expired' | 'rejected';

export interface Draft {
  issueId: string;
  list: string;
  window: string;
  issue: Issue;
  /**
   * Who gets the [Review] mail and the expiry notice: the list's editor. Null for a draft held for the console on a
   * list without one (`hold`): no notice is mailed. A draft stored before this was kept holds the sender address
   * instead, and its notice is skipped the same way (briefing-drafts.ts `expireDraft`).
   */
  editor: string | null;
  createdAt: string;
  /** ISO time after which approval is refused and the draft expires. */
  deadline: string;
  status: DraftStatus;
  /**
   * The fingerprints of the stories as composed. When it is approved, those of the stories it still carries are
   * recorded as sent, those an editor dropped as dropped.
   */
  fingerprints: SeenFingerprint[];
  /**
   * Queued URLs the composition used up: its stories' and those found redundant. When it is approved they leave the
   * queue, but for those of stories an editor dropped (`storyQueuedUrls`), which stay queued.
   */
  queuedUrls: string[];
  /**
   * For each of `fingerprints`, the queued URL its story was read from (null: a feed item). Absent on drafts stored
   * before it was kept: then every queued URL leaves the queue when the draft is approved.
   */
  storyQueuedUrls?: (string | null)[];
  /** End of this issue's window, the next issue's `since`. */
  windowEnd: string;
}

/**
 * The claim of one story of a list for the one issue that carries it, taken right before the issue's delivery
 * starts (use-cases/story-claims.ts).
 */
export interface StoryClaim {
  /** The story's claim key (core/compose.ts `storyClaimKey`). */
  key: string;
  issueId: string;
  claimedAt: string;
  /** To name the story to whoever finds it claimed. */
  title: string | null;
  url: string | null;
}

/**
 * `fresh`: this call wrote the claim (and may release it); false when the issue held it already (a retry or a
 * resume of the same issue).
 */
export type StoryClaimResult = { claimed: true; fresh: boolean } | { claimed: false; holder: StoryClaim };

export interface LastIssue {
  issueId: string;
  window: string;
  /** The next briefing takes what arrived after this ISO time. */
  windowEnd: string;
}

export interface BriefingStore {
  getSettings(list: string): Promise<ListSettings>;
  putSettings(settings: ListSettings): Promise<void>;

  addSource(list: string, url: string, at: string): Promise<boolean>;
  removeSource(list: string, url: string): Promise<boolean>;
  listSources(list: string): Promise<FeedSource[]>;

  /** Queues an article for the list's next briefing; false when that URL is already queued. */
  queueArticle(list: string, item: QueuedItem): Promise<boolean>;
  listQueued(list: string): Promise<QueuedItem[]>;
  dequeue(list: string, urls: readonly string[]): Promise<void>;

  /** What recent issues carried, newest first. */
  recentlySent(list: string, limit?: number): Promise<SeenFingerprint[]>;
  recordSent(
    list: string,
    issueId: string,
    fingerprints: readonly SeenFingerprint[],
    at: string,
  ): Promise<void>;

  /** Records the stories an editor dropped from an issue before sending it (their fingerprints). */
  recordDropped(
    list: string,
    issueId: string,
    fingerprints: readonly SeenFingerprint[],
    at: string,
  ): Promise<void>;
  /** What editors dropped from recent issues, newest first. */
  recentlyDropped(list: string, limit?: number): Promise<SeenFingerprint[]>;

  /**
   * Claims a story of the list for an issue with a conditional write on `STORY#<digest of the key>`: it passes when
   * no issue holds the story or this one does already, and fails with the holder otherwise.
   */
  claimStory(list: string, claim: StoryClaim): Promise<StoryClaimResult>;
  /**
   * Renews the claims of these stories (their claim keys) so that they last STORY_MEMORY_DAYS from `at`: a briefing
   * met them again. A key without a claim is left without one; a claim that lasts longer already is left alone.
   */
  renewStories(list: string, keys: readonly string[], at: string): Promise<void>;
  /** Takes a claim over from its holder as read (its issue and time); false when it changed meanwhile. */
  takeOverStory(list: string, claim: StoryClaim, from: StoryClaim): Promise<boolean>;
  /** Removes a claim as this claim wrote it (its issue and time); a claim that changed since is left alone. */
  releaseStory(list: string, claim: StoryClaim): Promise<void>;

  getLastIssue(list: string): Promise<LastIssue | null>;
  setLastIssue(list: string, last: LastIssue): Promise<void>;

  /**
   * Claims a window with a conditional write on `ISSUE#<list>#<window>`. A claim still
   * `composing` after `staleAfterMs` (its process died), one whose run `failed` before archiving, and one that
   * sent nothing (`conflict`, `no-recipients`) may be taken over, keeping its issue id.
   */
  claimWindow(
    list: string,
    window: string,
    issueId: string,
    at: string,
    staleAfterMs?: number,
  ): Promise<ClaimResult>;
  settleWindow(
    list: string,
    window: string,
    status: WindowStatus,
    at: string,
    note?: string | null,
  ): Promise<void>;
  getWindow(list: string, window: string): Promise<WindowClaim | null>;

  putDraft(draft: Draft): Promise<void>;
  getDraft(issueId: string): Promise<Draft | null>;
  /**
   * Replaces a draft that is still pending (an editor's change); false, and nothing written, when it was approved or
   * expired meanwhile, or, with `expect`, when its issue is no longer at that version (another change was saved since:
   * core/issue-version.ts). The check is the write's condition, so of two saves from one version only one lands.
   */
  updatePendingDraft(draft: Draft, expect?: { version: string }): Promise<boolean>;
  /**
   * Moves a draft from `pending` to `to`; false when it was no longer pending (someone else won) or, with `expect`,
   * when its issue is no longer at that version (an edit saved since: core/issue-version.ts).
   */
  settleDraft(
    issueId: string,
    to: Exclude<DraftStatus, 'pending'>,
    at: string,
    expect?: { version: string },
  ): Promise<boolean>;
  /** Pending drafts whose deadline is at or before `at`. */
  overdueDrafts(at: string): Promise<Draft[]>;
  /** Every pending draft of a list. */
  pendingDrafts(list: string): Promise<Draft[]>;

  /**
   * Takes `count` units from a counter that never resets before `expiresAt`: with `count` and `limit` 1, a
   * one-shot claim (the console's `console-send#<issue>#<version>`). False, and nothing taken, when that would go over
   * `limit`. Not a rate limit: a counter per clock window lets twice its limit through around the window's
   * end; rate limits are sliding windows (ports/window-limits.ts).
   */
  takeRate(bucket: string, count: number, limit: number, expiresAt: string): Promise<boolean>;
}
