/**
 * The lists a deployment (or a fresh data dir) has before anyone runs `digest lists create`, with the
 * table in front of them: a record in the lists table wins; without one, the configured list applies.
 *
 * - Locally the only configured list is `default`, titled by DIGEST_LIST_TITLE, else the display name
 *   of DIGEST_FROM, else the product's name.
 * - In AWS the stateless stack also passes infra/digest.config.json's lists (DIGEST_LISTS), each with
 *   its title and time zone.
 *
 * Updating a configured list writes a full record to the table (the configuration, then the change).
 * A configured list cannot be deleted: it would come back from the configuration at once.
 */
import { optionalEnv } from '../config.js';
import { DEFAULT_LIST_ID, newList } from '../core/newsletter-list.js';
import {
  checkUpdatedAt,
  type ListChanges,
  type ListStore,
  type NewsletterList,
} from '../ports/list-store.js';

/** `createdAt` of a list that comes from configuration rather than the table. */
export const CONFIGURED_LIST_CREATED_AT = '1970-01-01T00:00:00.000Z';
export const PRODUCT_NAME = 'Newsletter Digest';

const DISPLAY_NAME_RE = /^\s*"?([^"<]*?)"?\s*<[^<>]+>\s*$/;

/** The display name of `Name <address>`, or null for a bare address. */
export function displayNameOf(mailbox: string | undefined): string | null {
  const name = mailbox ? DISPLAY_NAME_RE.exec(mailbox)?.[1]?.trim() : undefined;
  return name ? name : null;
}

/** The title of the built-in `default` list: DIGEST_LIST_TITLE > DIGEST_FROM's display name > the product's name. */
export function defaultListTitle(env: NodeJS.ProcessEnv): string {
  return (
    optionalEnv('DIGEST_LIST_TITLE', env) ?? displayNameOf(optionalEnv('DIGEST_FROM', env)) ?? PRODUCT_NAME
  );
}

/** The built-in `default` list with its configured title (locally `defaultListTitle(env)`). */
export function builtInDefaultList(title: string): NewsletterList {
  return newList(DEFAULT_LIST_ID, title, {}, CONFIGURED_LIST_CREATED_AT);
}

/** A configured list (deploy configuration) as a record. */
export function configuredList(id: string, title: string, changes: ListChanges = {}): NewsletterList {
  return newList(id, title, changes, CONFIGURED_LIST_CREATED_AT);
}

export class ConfiguredListError extends Error {
  constructor(readonly list: string) {
    super(`the list "${list}" comes from the configuration and cannot be deleted`);
    this.name = 'ConfiguredListError';
  }
}

export class ConfiguredListStore implements ListStore {
  private readonly configured: ReadonlyMap<string, NewsletterList>;

  constructor(
    private readonly table: ListStore,
    configured: Iterable<NewsletterList>,
  ) {
    this.configured = new Map([...configured].map((list) => [list.id, list]));
  }

  /** True when the configuration defines the list (it exists even without a table record). */
  isConfigured(id: string): boolean {
    return this.configured.has(id);
  }

  async get(id: string): Promise<NewsletterList | null> {
    return (await this.table.get(id)) ?? this.configured.get(id) ?? null;
  }

  async list(): Promise<NewsletterList[]> {
    const byId = new Map(this.configured);
    for (const list of await this.table.list()) byId.set(list.id, list);
    return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  async create(list: NewsletterList): Promise<boolean> {
    if (this.configured.has(list.id)) return false;
    return this.table.create(list);
  }

  async update(
    id: string,
    changes: ListChanges,
    at: string,
    options: { ifUpdatedAt?: string } = {},
  ): Promise<NewsletterList | null> {
    const updated = await this.table.update(id, changes, at, options);
    if (updated) return updated;
    const configured = this.configured.get(id);
    if (!configured) return null;
    // A configured list with no record yet is at the configuration's `updatedAt`.
    checkUpdatedAt(configured, options);
    const first = { ...configured, ...changes, id, createdAt: at, updatedAt: at };
    // Lost a race with another first update: apply ours on top of what it wrote (or, from a form that loaded the
    // configured list, refused: the table's update finds a record of another `updatedAt`).
    if (await this.table.create(first)) return first;
    return this.table.update(id, changes, at, options);
  }

  async delete(id: string): Promise<boolean> {
    if (this.configured.has(id)) throw new ConfiguredListError(id);
    return this.table.delete(id);
  }
}
