/**
 * The version of an issue as the console's forms and the approve link of a [Review] mail carry it: how many changes
 * its audit trail holds. Every edit appends to the trail, so a form from an older page, the same form posted twice,
 * or an approve link mailed before an edit names a version that is gone, and is refused rather than applied to (or
 * sending) what changed since.
 */
import type { Issue } from './types.js';

/** @example issueVersion({ audit: [{ at: '…', by: 'desk', op: 'drop-story', summary: '…' }] }) // '1' */
export function issueVersion(issue: Pick<Issue, 'audit'>): string {
  return String(issue.audit?.length ?? 0);
}
