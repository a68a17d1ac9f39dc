/**
 * The rules of a newsletter list's identity: the record a new list starts as, changes, and how a list
 * shows itself in mail (title, sender, footer, subject prefix). Pure: the time comes in. Free of zod,
 * so that the small page functions that only read a list stay small; validation is in list-changes.ts.
 */
import type { ListChanges, NewsletterList } from '../ports/list-store.js';

export { isListId, LIST_ID_RE, LIST_ID_RULE } from './list-id.js';

export const DEFAULT_LIST_ID = 'default';
export const DEFAULT_MAX_ITEM_AGE_DAYS = 7;
export const DEFAULT_LIST_TIME_ZONE = 'UTC';

/** A new list's record: unset fields null, tracking off, the default maximum item age. */
export function newList(id: string, title: string, changes: ListChanges, at: string): NewsletterList {
  return {
    id,
    title,
    description: null,
    fromName: null,
    fromAddress: null,
    replyTo: null,
    postalAddress: null,
    logoUrl: null,
    accentColor: null,
    timeZone: DEFAULT_LIST_TIME_ZONE,
    topics: [],
    subjectPrefix: null,
    tracking: false,
    maxItemAgeDays: DEFAULT_MAX_ITEM_AGE_DAYS,
    ...changes,
    createdAt: at,
    updatedAt: at,
  };
}

/** A record with changes applied. */
export function applyListChanges(list: NewsletterList, changes: ListChanges, at: string): NewsletterList {
  return { ...list, ...changes, id: list.id, createdAt: list.createdAt, updatedAt: at };
}

/**
 * The subject as sent: the list's prefix, once, before the subject.
 * @example prefixedSubject('[Harbour]', 'Tides') // '[Harbour] Tides'
 */
export function prefixedSubject(prefix: string | null, subject: string): string {
  if (!prefix || subject.startsWith(`${prefix} `)) return subject;
  return `${prefix} ${subject}`;
}

// Characters that would end or nest a display name: stripped, never escaped into a header.
const MAILBOX_NAME_UNSAFE_RE = /["<>\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const ADDRESS_IN_MAILBOX_RE = /<([^<>]+)>\s*$/;

/**
 * `"Name" <address>` with the name reduced to what a quoted display name can hold.
 * @example mailbox('Fish & "Chips"', 'a@example.org') // '"Fish & Chips" <a@example.org>'
 */
export function mailbox(name: string | null, address: string): string {
  const clean = (name ?? '').replace(MAILBOX_NAME_UNSAFE_RE, '').replace(/\s+/g, ' ').trim();
  return clean ? `"${clean}" <${address}>` : address;
}

/** The bare address of `Name <address>` or of a bare address. */
export function addressOf(mailboxText: string): string {
  return (ADDRESS_IN_MAILBOX_RE.exec(mailboxText)?.[1] ?? mailboxText).trim();
}

/** How a list shows itself in mail and pages, with the deployment's sender and footer behind its own. */
export interface ListPresentation {
  /** The title: masthead, pages, feed. */
  listName: string;
  /** The From header: the list's name and address, or the deployment's address under the list's name. */
  from: string;
  replyTo: string | null;
  postalAddress: string;
  subjectPrefix: string | null;
  /** IANA zone readers' dates are shown in. */
  timeZone: string;
  /** The masthead's logo (its alt text is the title), or null. */
  logoUrl: string | null;
  /** `#rrggbb` of links and the masthead rule, or null for the product's own. */
  accentColor: string | null;
}

/**
 * @example presentList(list, { from: 'Digest <d@example.org>', postalAddress: '1 Quay St' }).from
 *   // '"The Harbour Brief" <d@example.org>' for a list titled "The Harbour Brief" without a sender of its own
 */
export function presentList(
  list: NewsletterList,
  defaults: { from: string; postalAddress: string },
): ListPresentation {
  return {
    listName: list.title,
    from: mailbox(list.fromName ?? list.title, list.fromAddress ?? addressOf(defaults.from)),
    replyTo: list.replyTo,
    postalAddress: list.postalAddress ?? defaults.postalAddress,
    subjectPrefix: list.subjectPrefix,
    timeZone: list.timeZone,
    logoUrl: list.logoUrl,
    accentColor: list.accentColor,
  };
}
