/**
 * The one check behind "an unknown list is an error everywhere": every command and route that sends,
 * subscribes, queues or archives for a list resolves it here first.
 */
import { isListId } from '../core/newsletter-list.js';
import { type ListStore, type NewsletterList, UnknownListError } from '../ports/list-store.js';

/** The list, or UnknownListError naming the lists that exist (also for an id that breaks the id rule). */
export async function requireList(store: ListStore, id: string): Promise<NewsletterList> {
  const found = isListId(id) ? await store.get(id) : null;
  if (found) return found;
  throw new UnknownListError(
    id,
    (await store.list()).map((list) => list.id),
  );
}
