/**
 * Newsletter lists as things with an identity: the title a reader sees, the sender, the footer's
 * postal address and the reader-facing settings. DynamoDB in AWS (the lists table) and on dynalite
 * locally (adapters/dynamo-list-store).
 *
 * Identity sits beside the briefing settings rather than inside them: a list's identity is read by
 * every reader-facing function (subscribe, confirm, pages, send), while `ListSettings` in the
 * briefings table (mode, cadence, editor, schedule zone) is read only by the briefing functions.
 * Two records keep each function's grant to what it reads.
 */

/** One list. Optional texts are null when unset: the deploy configuration or the product's default applies. */
export interface NewsletterList {
  /** The list id: a lower-case slug (core/newsletter-list LIST_ID_RE), the same rule everywhere. */
  id: string;
  /** What readers see: masthead, From name, pages, feed title ("The Harbour Brief"). */
  title: string;
  description: string | null;
  /** From display name; the title when null. */
  fromName: string | null;
  /** From address; the deployment's sender address when null. */
  fromAddress: string | null;
  replyTo: string | null;
  /** Footer postal address; the deployment's when null. */
  postalAddress: string | null;
  /** An https image URL shown in the masthead. */
  logoUrl: string | null;
  /** `#rrggbb`. */
  accentColor: string | null;
  /** IANA zone readers' dates are shown in. */
  timeZone: string;
  /** Topics a reader may choose on the subscribe page (empty: everything, no choice offered). */
  topics: string[];
  /** Put before every subject, e.g. `[Harbour]`. */
  subjectPrefix: string | null;
  /** Open and click tracking; off unless the list turns it on. */
  tracking: boolean;
  /** A feed item older than this is never sent, even if it was never seen before. */
  maxItemAgeDays: number;
  createdAt: string;
  updatedAt: string;
}

/** The fields `update` may change. */
export type ListChanges = Partial<Omit<NewsletterList, 'id' | 'createdAt' | 'updatedAt'>>;

export interface ListStore {
  /** The list, or null when it does not exist. */
  get(id: string): Promise<NewsletterList | null>;
  /** Every list, ordered by id. */
  list(): Promise<NewsletterList[]>;
  /** Creates a list; false (and nothing written) when the id exists already. */
  create(list: NewsletterList): Promise<boolean>;
  /**
   * Applies changes and returns the new record; null when the list does not exist. With `ifUpdatedAt`, only over the
   * record of that `updatedAt` (the one a form loaded), as part of the write: StaleListError, nothing written, when
   * the record is another one (a change saved since). Without it, the changes land on whatever the record is now.
   */
  update(
    id: string,
    changes: ListChanges,
    at: string,
    options?: { ifUpdatedAt?: string },
  ): Promise<NewsletterList | null>;
  /** Deletes a list's record; false when there was none. Subscribers and the archive are not touched. */
  delete(id: string): Promise<boolean>;
}

/** How a command's error says a list is made; a public route's leaves it out (use-cases/require-list.ts). */
export const CREATE_LIST_HINT = ' (create one with `digest lists create`)';

/**
 * Sending, subscribing or archiving for a list that does not exist. The message names the lists that do, and ends
 * with `hint`: on a public route (subscribe, the subscribe page, archive, feed) none, as the command that creates a
 * list is no business of an anonymous visitor's (list ids are public anyway: each has an archive and a feed).
 */
export class UnknownListError extends Error {
  constructor(
    readonly list: string,
    readonly known: readonly string[],
    hint = CREATE_LIST_HINT,
  ) {
    super(
      `no list "${list}"; ${known.length === 0 ? 'no lists exist' : `lists: ${known.join(', ')}`}${hint}`,
    );
    this.name = 'UnknownListError';
  }
}

/** A change made from a list's record that is no longer the stored one (`update`'s `ifUpdatedAt`); `current` is. */
export class StaleListError extends Error {
  constructor(readonly current: NewsletterList) {
    super(
      `the list "${current.id}" was changed at ${current.updatedAt}, after the record the change was made from`,
    );
    this.name = 'StaleListError';
  }
}

/** Refuses a change made from another record than `current` (`update`'s `ifUpdatedAt`; none given: any record). */
export function checkUpdatedAt(current: NewsletterList, options: { ifUpdatedAt?: string }): void {
  if (options.ifUpdatedAt !== undefined && options.ifUpdatedAt !== current.updatedAt)
    throw new StaleListError(current);
}
