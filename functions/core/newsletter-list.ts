/**
 * The rules of a newsletter list's identity: one id rule for every route and command, validation of
 * the fields an operator sets, and the record a new list starts as. Pure: the time comes in.
 */
import { z } from 'zod';
import type { ListChanges, NewsletterList } from '../ports/list-store.js';
import { emailSchema } from './email-address.js';

/**
 * A list id is a lower-case slug: 1-64 of a-z, 0-9, `-` and `_`, starting with a letter or digit. It is
 * never lower-cased for the caller: `Default` is refused, not taken to mean `default`, so the CLI and
 * the API agree on which list an id names.
 */
export const LIST_ID_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const LIST_ID_RULE = 'a list id is 1-64 of a-z, 0-9, "-" and "_", starting with a letter or digit';

export const DEFAULT_LIST_ID = 'default';
export const DEFAULT_MAX_ITEM_AGE_DAYS = 7;
export const DEFAULT_LIST_TIME_ZONE = 'UTC';

const ACCENT_RE = /^#[0-9a-fA-F]{6}$/;
// Letters, digits, punctuation and spaces: no control characters, so a title can never split a mail header.
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The list id rule as a zod schema (trims, never lower-cases). */
export const listIdSchema = z.string().trim().regex(LIST_ID_RE, LIST_ID_RULE);

/** True when `id` follows the list id rule exactly. */
export function isListId(id: string): boolean {
  return LIST_ID_RE.test(id);
}

const lineOf = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is empty`)
    .max(max, `${what} is longer than ${max} characters`)
    .refine((v) => !CONTROL_RE.test(v), `${what} has control characters or line breaks`);

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const httpsUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      return new URL(value).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'the logo URL must be an https URL');

/** Every field an operator may set, each validated; `null` clears an optional one. */
export const listChangesSchema = z
  .object({
    title: lineOf(120, 'the title'),
    description: z
      .string()
      .trim()
      .max(1000, 'the description is longer than 1000 characters')
      .nullable()
      .transform((v) => (v ? v : null)),
    fromName: lineOf(120, 'the from name').nullable(),
    fromAddress: emailSchema.nullable(),
    replyTo: emailSchema.nullable(),
    postalAddress: lineOf(300, 'the postal address').nullable(),
    logoUrl: httpsUrl.nullable(),
    accentColor: z.string().trim().regex(ACCENT_RE, 'the accent colour is #rrggbb').nullable(),
    timeZone: z
      .string()
      .trim()
      .refine(isTimeZone, (v) => ({ message: `"${v}" is not an IANA time zone` })),
    subjectPrefix: lineOf(40, 'the subject prefix').nullable(),
    tracking: z.boolean(),
    maxItemAgeDays: z.number().int('the maximum item age is whole days').min(1).max(365),
  })
  .strict()
  .partial();

export type ListChangesResult = { ok: true; changes: ListChanges } | { ok: false; message: string };

/** Validates changes; the message names each bad field. */
export function parseListChanges(input: unknown): ListChangesResult {
  const result = listChangesSchema.safeParse(input);
  if (result.success) return { ok: true, changes: result.data as ListChanges };
  const message = result.error.issues
    .map((issue) => `${issue.path.join('.') || 'list'}: ${issue.message}`)
    .join('; ');
  return { ok: false, message };
}

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
 * The subject as sent: the list's prefix, once, before the issue's subject.
 * @example prefixedSubject('[Harbour]', 'Tides') // '[Harbour] Tides'
 */
export function prefixedSubject(prefix: string | null, subject: string): string {
  if (!prefix || subject.startsWith(`${prefix} `)) return subject;
  return `${prefix} ${subject}`;
}
