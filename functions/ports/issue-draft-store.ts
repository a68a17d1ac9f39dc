/**
 * Issues an editor composes in the admin console, kept until they are sent: the structured issue
 * (with its audit trail), who started it, and where it stands. Files under the data dir locally
 * (adapters/file-issue-draft-store); an issue that is sent goes to the IssueArchive as any other.
 */
import type { Issue } from '../core/types.js';

export type IssueDraftStatus = 'editing' | 'scheduled' | 'sending' | 'sent';

export interface IssueDraft {
  issue: Issue;
  status: IssueDraftStatus;
  createdBy: string;
  updatedAt: string;
  /** ISO time a scheduled draft goes out; null unless `scheduled`. */
  sendAt: string | null;
}

export interface IssueDraftStore {
  get(issueId: string): Promise<IssueDraft | null>;
  /** Creates or replaces the draft. */
  put(draft: IssueDraft): Promise<void>;
  /**
   * Replaces the draft only while the stored one is still at `expected.version` (core/issue-version.ts); false, and
   * nothing written, when a change was saved since or the draft is gone. The check is part of the write (a lock
   * around the read and the write, or a conditional write), so that of two saves made from the same version, one
   * lands and the other is refused: never both, the first silently lost.
   */
  replace(draft: IssueDraft, expected: { version: string }): Promise<boolean>;
  /** Newest first (by `updatedAt`). */
  list(limit?: number): Promise<IssueDraft[]>;
  /**
   * The drafts whose status is `scheduled`, whatever their time: what the send-due check reads every
   * minute, so a store whose `list` reads every draft keeps an index of these few.
   */
  listScheduled(): Promise<IssueDraft[]>;
  delete(issueId: string): Promise<void>;
}
