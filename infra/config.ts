/**
 * Deployment configuration: typed with zod and validated once at synth, before any construct is built.
 *
 * It is read from the `digest` object in cdk.json context when there is one, otherwise from the JSON file named by
 * the `digestConfigFile` context key (default `infra/digest.config.json`). A bad value stops the synth with one line
 * per problem, each naming the field (`lists[0].schedule.timeZone: ...`).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { isTimeZone } from '../functions/core/time-zone.js';

export const DEFAULT_CONFIG_FILE = 'infra/digest.config.json';

/** SES sends one message per SendRawEmail call; one worker sends its SQS batch one message at a time. */
export const SENDS_PER_WORKER_PER_SECOND = 10;
/** Bounds that SQS puts on an event source's maximum concurrency. */
export const MIN_EVENT_SOURCE_CONCURRENCY = 2;
export const MAX_EVENT_SOURCE_CONCURRENCY = 1000;

const DOMAIN_RE = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const LABEL_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const LIST_NAME_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const ACCOUNT_RE = /^\d{12}$/;
const REGION_RE = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const CRON_WRAPPED_RE = /^cron\((.*)\)$/;

export class DigestConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DigestConfigError';
  }
}

/**
 * Checks an EventBridge Scheduler cron body: six fields (minutes hours day-of-month month day-of-week year),
 * and exactly one of day-of-month and day-of-week is `?`. Returns a reason, or null when it is valid.
 * @example cronProblem('0 7 ? * MON-FRI *') // null
 */
export function cronProblem(body: string): string | null {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    return `needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`;
  }
  const dayOfMonth = fields[2];
  const dayOfWeek = fields[4];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return 'exactly one of day-of-month (3rd field) and day-of-week (5th field) must be "?"';
  }
  return null;
}

/** `cron(0 7 ? * MON-FRI *)` or the bare six fields; normalised to the wrapped form the Scheduler takes. */
const cronSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const body = CRON_WRAPPED_RE.exec(value)?.[1] ?? value;
    const problem = cronProblem(body);
    if (problem) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `"${value}" is not a Scheduler cron: ${problem}`,
      });
      return z.NEVER;
    }
    return `cron(${body.trim().split(/\s+/).join(' ')})`;
  });

const timeZoneSchema = z
  .string()
  .trim()
  .refine(isTimeZone, (value) => ({ message: `"${value}" is not an IANA time zone (e.g. Europe/London)` }));

const emailSchema = z.string().trim().toLowerCase().email();

const listSchema = z
  .object({
    name: z
      .string()
      .regex(LIST_NAME_RE, 'lower-case letters, digits and dashes, starting with a letter or digit'),
    schedule: z.object({ cron: cronSchema, timeZone: timeZoneSchema }).strict(),
    /** `send` delivers to the list; `review` sends the composed issue to the reviewers only. */
    mode: z.enum(['send', 'review']),
    reviewers: z.array(emailSchema).default([]),
    sources: z.array(z.string().url()).default([]),
    /** Open and click tracking (SES rewrites links, adds a pixel). Off unless a list asks for it. */
    tracking: z.boolean().default(false),
  })
  .strict()
  .superRefine((list, ctx) => {
    if (list.mode === 'review' && list.reviewers.length === 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['reviewers'],
        message: 'a list in review mode needs reviewers',
      });
    }
  });

export const digestConfigSchema = z
  .object({
    env: z
      .object({
        /** Optional: without it the stacks are environment-agnostic (the account comes from the deploy credentials). */
        account: z.string().regex(ACCOUNT_RE, 'a 12-digit AWS account id').optional(),
        region: z.string().regex(REGION_RE, 'an AWS region such as eu-west-1'),
      })
      .strict(),
    sender: z
      .object({
        address: emailSchema,
        name: z.string().trim().min(1).max(80).optional(),
        /** The SES domain identity (Easy DKIM). The sender address must be at this domain. */
        domain: z.string().trim().toLowerCase().regex(DOMAIN_RE, 'a domain name such as news.example.org'),
        /** MAIL FROM is `<mailFromSubdomain>.<domain>`: SPF aligns there. */
        mailFromSubdomain: z.string().trim().toLowerCase().regex(LABEL_RE, 'one DNS label such as bounce'),
      })
      .strict(),
    postalAddress: z.string().trim().min(5, 'the footer needs a real postal address'),
    /** Public base URL of the HTTP API (a custom domain). Omitted: the API's execute-api endpoint. */
    baseUrl: z
      .string()
      .url()
      .refine((u) => u.startsWith('https://'), 'must be https')
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    /** Where mailto unsubscribes arrive (List-Unsubscribe mailto). Must be at the sender domain. */
    unsubscribeMailbox: emailSchema,
    ses: z
      .object({
        /** The account's SES maximum send rate (messages per second), from `aws sesv2 get-account`. */
        maxSendRate: z.number().positive().max(100_000),
        /** While in the SES sandbox, SES also authorises against each verified recipient identity. */
        sandboxRecipients: z.array(z.string().trim().toLowerCase().min(3)).default([]),
      })
      .strict(),
    api: z
      .object({
        rateLimit: z.number().int().positive().default(50),
        burstLimit: z.number().int().positive().default(100),
        /** POST /subscribe's own, lower limits (requests per second, burst), across all clients. */
        subscribeRateLimit: z.number().int().positive().default(10),
        subscribeBurstLimit: z.number().int().positive().default(20),
      })
      .strict()
      .default({}),
    logRetentionDays: z
      .union([
        z.literal(1),
        z.literal(3),
        z.literal(5),
        z.literal(7),
        z.literal(14),
        z.literal(30),
        z.literal(60),
        z.literal(90),
        z.literal(180),
        z.literal(365),
      ])
      .default(30),
    alarmEmail: emailSchema.optional(),
    lists: z.array(listSchema).min(1, 'configure at least one list'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const domain = config.sender.domain;
    const atDomain = (address: string) => address.endsWith(`@${domain}`) || address.endsWith(`.${domain}`);
    if (!atDomain(config.sender.address)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['sender', 'address'],
        message: `must be an address at ${domain} (the verified SES domain)`,
      });
    }
    if (!atDomain(config.unsubscribeMailbox)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['unsubscribeMailbox'],
        message: `must be an address at ${domain}, where SES receives mail`,
      });
    }
    const seen = new Set<string>();
    config.lists.forEach((list, index) => {
      if (seen.has(list.name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['lists', index, 'name'],
          message: `duplicate list "${list.name}"`,
        });
      }
      seen.add(list.name);
    });
  });

export type DigestConfig = z.output<typeof digestConfigSchema>;
export type DigestConfigInput = z.input<typeof digestConfigSchema>;
export type ListConfig = DigestConfig['lists'][number];

function fieldPath(path: (string | number)[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  );
}

/** Validates raw configuration; throws DigestConfigError with one line per problem, each naming its field. */
export function parseDigestConfig(raw: unknown, origin: string): DigestConfig {
  const result = digestConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `  ${fieldPath(issue.path) || '(root)'}: ${issue.message}`,
  );
  throw new DigestConfigError(`invalid digest configuration in ${origin}:\n${lines.join('\n')}`);
}

/** Reads the configuration from CDK context (`digest` object, or the file named by `digestConfigFile`). */
export function loadDigestConfig(
  tryGetContext: (key: string) => unknown,
  cwd: string = process.cwd(),
): DigestConfig {
  const inline = tryGetContext('digest');
  if (inline !== undefined) return parseDigestConfig(inline, 'cdk.json context "digest"');
  const fileKey = tryGetContext('digestConfigFile');
  const file = typeof fileKey === 'string' && fileKey ? fileKey : DEFAULT_CONFIG_FILE;
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new DigestConfigError(`cannot read the digest configuration ${file}`, { cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new DigestConfigError(`${file} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return parseDigestConfig(raw, file);
}

/**
 * The send queue's event-source maximum concurrency, derived from the SES rate: every worker sends at most about
 * SENDS_PER_WORKER_PER_SECOND messages a second, so this many workers cannot outrun the account's quota by much
 * (the worker still backs off on throttling). Clamped to the range SQS accepts.
 * @example sendWorkerConcurrency(14) // 2
 */
export function sendWorkerConcurrency(maxSendRate: number): number {
  const wanted = Math.floor(maxSendRate / SENDS_PER_WORKER_PER_SECOND);
  return Math.min(MAX_EVENT_SOURCE_CONCURRENCY, Math.max(MIN_EVENT_SOURCE_CONCURRENCY, wanted));
}

/** The `From:` value handed to the functions. */
export function fromHeader(config: DigestConfig): string {
  const { name, address } = config.sender;
  return name ? `${name} <${address}>` : address;
}
