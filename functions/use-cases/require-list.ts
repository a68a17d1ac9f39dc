/**
 * The one check behind "an unknown list is an error everywhere": every command and route that sends,
 * subscribes, queues or archives for a list resolves it here first. Both name the lists that exist; the
 * public routes' answer (`requirePublicList`) leaves out the command that creates one.
 */
import { isListId } from '../core/newsletter-list.js';
import { listDisplayName } from '../core/render-model.js';
import {
  CREATE_LIST_HINT,
  type ListStore,
  type NewsletterList,
  UnknownListError,
} from '../ports/list-store.js';

/**
 * The list, or UnknownListError naming the lists that exist (also for an id that breaks the id rule) and, unless
 * `hint` says otherwise, how one is made.
 */
export async function requireList(
  store: ListStore,
  id: string,
  hint = CREATE_LIST_HINT,
): Promise<NewsletterList> {
  const found = isListId(id) ? await store.get(id) : null;
  if (found) return found;
  throw new UnknownListError(
    id,
    (await store.list()).map((list) => list.id),
    hint,
  );
}

/**
 * The list a public route serves (subscribe, the subscribe page, archive, feed): requireList's error without the
 * command that creates one.
 */
export const requirePublicList = (store: ListStore, id: string): Promise<NewsletterList> =>
  requireList(store, id, '');

/** The title readers know a list by; for a list deleted since (an old link), its id title-cased. */
export async function listTitle(store: ListStore, id: string): Promise<string> {
  return (isListId(id) ? await store.get(id) : null)?.title ?? listDisplayName(id);
}
