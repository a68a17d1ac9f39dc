/**
 * Taking an article off a list's queue (queued by `digest sources queue`, POST /articles or an S3 drop) before a
 * briefing reads it: what `digest sources remove URL` does for a queued article, and the console's Remove button
 * beside each queued article, with the same rule for matching the URL given to the URL stored.
 */
import { storedUrlForms } from '../core/source-url.js';
import type { BriefingStore } from '../ports/briefing-store.js';

/**
 * Removes the queued article `raw` names from the list's queue.
 * @returns the URL as it was stored (and removed), or null when no queued article of the list has that URL (never
 *   queued, already sent in an issue, or removed already).
 */
export async function removeQueuedArticle(
  store: Pick<BriefingStore, 'listQueued' | 'dequeue'>,
  list: string,
  raw: string,
): Promise<string | null> {
  const queued = await store.listQueued(list);
  const stored = storedUrlForms(raw).find((url) => queued.some((q) => q.url === url));
  if (stored === undefined) return null;
  await store.dequeue(list, [stored]);
  return stored;
}
