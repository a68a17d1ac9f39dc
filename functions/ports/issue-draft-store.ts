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
  /** Newest first (by `updatedAt`). */
  list(limit?: number): Promise<IssueDraft[]>;
  /**
   * The drafts whose status is `scheduled`, whatever their time: what the send-due check reads every
   * minute, so a store whose `list` reads every draft keeps an index of these few.
   */
  listScheduled(): Promise<IssueDraft[]>;
  delete(issueId: string): Promise<void>;
}
