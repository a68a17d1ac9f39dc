/**
 * ListStore in memory: for a process that has no table to keep lists in (previews, and tests of
 * routes whose subject is not the store). Same behaviour as the DynamoDB store, nothing persisted.
 */
import { applyListChanges } from '../core/newsletter-list.js';
import {
  checkUpdatedAt,
  type ListChanges,
  type ListStore,
  type NewsletterList,
} from '../ports/list-store.js';

export class MemoryListStore implements ListStore {
  private readonly lists = new Map<string, NewsletterList>();

  constructor(initial: Iterable<NewsletterList> = []) {
    for (const list of initial) this.lists.set(list.id, list);
  }

  async get(id: string): Promise<NewsletterList | null> {
    return this.lists.get(id) ?? null;
  }

  async list(): Promise<NewsletterList[]> {
    return [...this.lists.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  async create(list: NewsletterList): Promise<boolean> {
    if (this.lists.has(list.id)) return false;
    this.lists.set(list.id, list);
    return true;
  }

  async update(
    id: string,
    changes: ListChanges,
    at: string,
    options: { ifUpdatedAt?: string } = {},
  ): Promise<NewsletterList | null> {
    const current = this.lists.get(id);
    if (!current) return null;
    checkUpdatedAt(current, options);
    const next = applyListChanges(current, changes, at);
    this.lists.set(id, next);
    return next;
  }

  async delete(id: string): Promise<boolean> {
    return this.lists.delete(id);
  }
}
