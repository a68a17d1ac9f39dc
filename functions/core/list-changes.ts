/**
 * Validation of the fields an operator sets on a list (`digest lists create|update`): addresses, an IANA
 * time zone, an https logo, `#rrggbb`, topics, and no control characters in anything that reaches a header.
 */
import { z } from 'zod';
import type { ListChanges } from '../ports/list-store.js';
import { emailSchema } from './email-address.js';
import { topicsSchema } from './subscription.js';
import { isTimeZone } from './time-zone.js';

const ACCENT_RE = /^#[0-9a-fA-F]{6}$/;
// Letters, digits, punctuation and spaces: no control characters, so a title can never split a mail header.
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const lineOf = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is empty`)
    .max(max, `${what} is longer than ${max} characters`)
    .refine((v) => !CONTROL_RE.test(v), `${what} has control characters or line breaks`);

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
    topics: topicsSchema,
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
