/**
 * `--list ID [--create]` for every data command: an unknown list is an error naming the lists that
 * exist, unless `--create` asks for it to be made on first use (titled from its id; `digest lists
 * update` names it properly later).
 */
import { newList } from '../core/newsletter-list.js';
import { listDisplayName } from '../core/render-model.js';
import type { Clock } from '../ports/clock.js';
import type { ListStore, NewsletterList } from '../ports/list-store.js';
import { requireList } from '../use-cases/require-list.js';

export async function resolveListOption(
  deps: { lists: ListStore; clock: Clock },
  id: string,
  create = false,
  options: { dryRun?: boolean } = {},
): Promise<NewsletterList> {
  const existing = await deps.lists.get(id);
  if (existing) return existing;
  if (create) {
    const list = newList(id, listDisplayName(id), {}, deps.clock.now().toISOString());
    // a dry run writes nothing, the list included: it composes for the list as it would be made
    if (options.dryRun) {
      process.stderr.write(`would create list "${id}" (${list.title}); --dry-run creates nothing\n`);
      return list;
    }
    if (await deps.lists.create(list)) process.stderr.write(`created list "${id}" (${list.title})\n`);
  }
  return requireList(deps.lists, id);
}
