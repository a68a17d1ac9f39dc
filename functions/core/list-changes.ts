/**
 * Validation of the fields an operator sets on a list (`digest lists create|update`): addresses, an IANA
 * time zone, an https logo, `#rrggbb` readable as a link colour, topics, and no control characters in anything
 * that reaches a header.
 *
 * The logo is an image every reader's mail client fetches, so it must be https. Plain http is accepted only on a
 * loopback host and only where the caller says the service itself runs there (`digest dev`, the CLI on a local data
 * dir whose mail links to 127.0.0.1): nobody else could load it anyway.
 */
import { z } from 'zod';
import type { ListChanges } from '../ports/list-store.js';
import { ACCENT_RE, LINK_BACKGROUNDS, linkContrast, MIN_LINK_CONTRAST } from './accent-colour.js';
import { CONTROL_CHARACTER_RE } from './control-characters.js';
import { emailSchema } from './email-address.js';
import { isLoopbackHost } from './mail-headers.js';
import { topicsSchema } from './subscription.js';
import { canonicalTimeZone, isTimeZone } from './time-zone.js';
import { productErrorMap } from './validation-words.js';

// Letters, digits, punctuation and spaces: no control characters, so a title can never split a mail header.

const lineOf = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is empty`)
    .max(max, `${what} is longer than ${max} characters`)
    .refine((v) => !CONTROL_CHARACTER_RE.test(v), `${what} has control characters or line breaks`);

/** The most days a list's maximum item age may be. */
export const MAX_ITEM_AGE_DAYS = 365;
/** The one rule of a list's maximum item age, said whole whichever part of it a value breaks. */
const MAX_ITEM_AGE_RULE = `the maximum item age is a whole number of days from 1 to ${MAX_ITEM_AGE_DAYS}`;

export interface ListChangeRules {
  /** Accept a plain-http logo on a loopback host (local development only). */
  loopbackLogo?: boolean;
}

function logoUrl(rules: ListChangeRules) {
  const what = rules.loopbackLogo
    ? 'the logo URL must be an https URL (or http on 127.0.0.1 or localhost)'
    : 'the logo URL must be an https URL';
  return z
    .string()
    .trim()
    .max(2048, 'the logo URL is longer than 2048 characters')
    .refine((value) => {
      try {
        const url = new URL(value);
        if (url.protocol === 'https:') return true;
        return rules.loopbackLogo === true && url.protocol === 'http:' && isLoopbackHost(url.hostname);
      } catch {
        return false;
      }
    }, what);
}

const accentColor = z
  .string()
  .trim()
  .regex(ACCENT_RE, 'the accent colour is #rrggbb')
  .superRefine((value, ctx) => {
    const ratio = linkContrast(value);
    if (ratio < MIN_LINK_CONTRAST)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `links in ${value} would be hard to read: ${ratio.toFixed(1)}:1 against the email's light background ${LINK_BACKGROUNDS[0]}, and at least ${MIN_LINK_CONTRAST}:1 is needed (choose a darker shade)`,
      });
  });

/** Every field an operator may set, each validated; `null` clears an optional one. */
export const listChangesSchemaWith = (rules: ListChangeRules = {}) =>
  z
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
      logoUrl: logoUrl(rules).nullable(),
      accentColor: accentColor.nullable(),
      timeZone: z
        .string()
        .trim()
        .refine(isTimeZone, (v) => ({ message: `"${v}" is not an IANA time zone` }))
        // stored as the runtime spells it ("europe/paris" is Europe/Paris), as a subscriber's zone is
        .transform((v) => canonicalTimeZone(v) ?? v),
      subjectPrefix: lineOf(40, 'the subject prefix').nullable(),
      topics: topicsSchema,
      tracking: z.boolean(),
      maxItemAgeDays: z
        .number({ invalid_type_error: MAX_ITEM_AGE_RULE })
        .int(MAX_ITEM_AGE_RULE)
        .min(1, MAX_ITEM_AGE_RULE)
        .max(MAX_ITEM_AGE_DAYS, MAX_ITEM_AGE_RULE),
    })
    .strict()
    .partial();

export type ListChangesResult = { ok: true; changes: ListChanges } | { ok: false; message: string };

/** The rules of a deployed service: an https logo only. */
export const listChangesSchema = listChangesSchemaWith();

/**
 * The item of a list field a problem is about (a topic of `topics`), as given, when it is text: its first 60
 * characters, for the message to quote it. Undefined for a problem of a whole field.
 */
export function givenItem(input: unknown, issue: { path: readonly (string | number)[] }): string | undefined {
  const [field, index] = issue.path;
  const items = typeof field === 'string' && isRecord(input) ? input[field] : undefined;
  const given = typeof index === 'number' && Array.isArray(items) ? items[index] : undefined;
  return typeof given === 'string' ? given.slice(0, 60) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The topics as an operator types them, comma-separated (`--topics`, the console's Topics field): each trimmed,
 * the empty ones dropped, so that an empty text offers no topics. `topicsSchema` validates what this returns.
 * @example topicsFromText(' Ferries, tides ,, ') // ['Ferries', 'tides']
 */
export function topicsFromText(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * Validates changes; the message names each bad field, and a bad item of a list (a topic) as it was given:
 * `topics: "sp@rt": a topic is 1-40 letters, …`.
 */
export function parseListChanges(input: unknown, rules: ListChangeRules = {}): ListChangesResult {
  const result = (rules.loopbackLogo ? listChangesSchemaWith(rules) : listChangesSchema).safeParse(input, {
    errorMap: productErrorMap,
  });
  if (result.success) return { ok: true, changes: result.data as ListChanges };
  const lines = result.error.issues.map((issue) => {
    const given = givenItem(input, issue);
    if (given !== undefined) return `${String(issue.path[0])}: ${JSON.stringify(given)}: ${issue.message}`;
    return `${issue.path.join('.') || 'list'}: ${issue.message}`;
  });
  // one rule broken twice (0.5 days: not whole, and under 1) is said once
  return { ok: false, message: [...new Set(lines)].join('; ') };
}
