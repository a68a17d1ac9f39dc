import type { Issue, RenderedIssue } from '../core/types.js';

/** What is kept of every issue: the structured issue and its rendering (placeholders unfilled). */
export interface ArchivedIssue {
  issue: Issue;
  rendered: RenderedIssue;
}

export interface IssueSummary {
  id: string;
  list: string;
  subject: string;
  createdAt: string;
}

/** Issues as HTML, text and JSON. S3 in AWS, files under the data dir locally. */
export interface IssueArchive {
  put(entry: ArchivedIssue): Promise<void>;
  get(issueId: string): Promise<ArchivedIssue | null>;
  /** Newest first. */
  listByList(list: string, limit?: number): Promise<IssueSummary[]>;
}
