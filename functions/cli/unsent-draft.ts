/**
 * An id the archive does not know may be a briefing held for approval: `digest briefing` prints a draft's id
 * (`draft <id> … is waiting for the editor's approval until …`), and `stats` and `forward` given it should not
 * answer `no issue <id>`, as for a mistyped id. This names what the id is and why it has nothing to show yet.
 */
import type { BriefingStore, Draft } from '../ports/briefing-store.js';

const WHY: Record<Draft['status'], (draft: Draft) => string> = {
  pending: (d) => `is a briefing draft waiting for the editor's approval until ${d.deadline}: not sent yet`,
  expired: (d) => `is a briefing draft that expired unsent (nobody approved it by ${d.deadline})`,
  rejected: () => 'is a briefing draft an editor rejected: it was never sent',
  approved: () => 'is a briefing draft approved but not published yet: approving it again finishes it',
};

/** `<id> is a briefing draft …`, or null when no draft has that id either. */
export async function unsentDraft(
  store: Pick<BriefingStore, 'getDraft'>,
  issueId: string,
): Promise<string | null> {
  const draft = await store.getDraft(issueId);
  return draft ? `${issueId} ${WHY[draft.status](draft)}` : null;
}
