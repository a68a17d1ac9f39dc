/**
 * Every environment variable a Lambda reads, as one zod schema, and typed getters over it. A getter validates its
 * variable on first use and fails with ConfigError naming it (`SEND_WORKER_CONCURRENCY must be an integer ≥ 1,
 * not "abc"`); a good value is kept for the container's life, a failure is not, so a fixed configuration is read
 * on the next invocation. Resource names get no defaults. Each function reads only the variables its own code
 * path needs; test/infra/stacks.test.ts holds those reads to what its construct binds.
 *
 * The three smallest functions (the authorizer, the issue page and the archive pages) read their two or three
 * names through edge.ts, with the same rules written without zod (a 58 KB library next to a 3–8 KB bundle);
 * test/unit/runtime-env.test.ts holds both readers to the same answers.
 */
import { z } from 'zod';
import { type EnvName, envError, publicBaseUrl } from '../../config.js';

const name = z.string().trim().min(1, 'is required');
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

export const ENV_SCHEMA = z.object({
  DIGEST_FROM: name,
  DIGEST_POSTAL_ADDRESS: name,
  DIGEST_BASE_URL: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      try {
        return publicBaseUrl(raw);
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
        return z.NEVER;
      }
    }),
  DIGEST_UNSUBSCRIBE_MAILBOX: optionalText,
  SUBSCRIBERS_TABLE: name,
  DELIVERIES_TABLE: name,
  BRIEFINGS_TABLE: name,
  ARCHIVE_BUCKET: name,
  SEND_QUEUE_URL: z.string().trim().url('must be the queue URL'),
  TOKEN_SECRET_ARN: name,
  API_KEY_SECRET_ARN: name,
  SES_CONFIGURATION_SET: name,
  /** The open/click tracking set: the mail of a list whose record turns tracking on goes through it. */
  SES_TRACKING_CONFIGURATION_SET: optionalText,
  SEND_WORKER_CONCURRENCY: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be at least 1'),
  /** JSON, parsed by adapters/configured-lists.ts (which names the variable in its errors). */
  DIGEST_LISTS: optionalText,
});

export type LambdaEnvName = keyof typeof ENV_SCHEMA.shape & EnvName;
export type LambdaEnv = z.output<typeof ENV_SCHEMA>;

/** Validates one variable of `source`; throws ConfigError naming it. Pure: tests pass their own `source`. */
export function readEnv<K extends LambdaEnvName>(
  key: K,
  source: Readonly<Record<string, string | undefined>>,
): LambdaEnv[K] {
  const parsed = ENV_SCHEMA.shape[key].safeParse(source[key]);
  if (parsed.success) return parsed.data as LambdaEnv[K];
  throw envError(key, source[key], parsed.error.issues[0]?.message ?? 'is invalid');
}

const cache = new Map<LambdaEnvName, unknown>();

/** The container's value of one variable, validated on first use. The one place a Lambda reads process.env. */
export function env<K extends LambdaEnvName>(key: K): LambdaEnv[K] {
  if (cache.has(key)) return cache.get(key) as LambdaEnv[K];
  const value = readEnv(key, process.env);
  cache.set(key, value);
  return value;
}
