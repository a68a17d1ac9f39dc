/**
 * Environment configuration, read and validated once at cold start (Lambda) or at command start (CLI).
 * A missing required variable throws ConfigError naming it. Resource names have no defaults.
 */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** Every variable any function or the CLI reads. Lambdas get the subset their construct binds. */
export const ENV_NAMES = [
  'DIGEST_FROM',
  'DIGEST_POSTAL_ADDRESS',
  'DIGEST_BASE_URL',
  'DIGEST_SECRET',
  'DIGEST_DATA_DIR',
  'DIGEST_TRANSPORT',
  'DIGEST_UNSUBSCRIBE_MAILBOX',
  'SUBSCRIBERS_TABLE',
  'DELIVERIES_TABLE',
  'BRIEFINGS_TABLE',
  'ARCHIVE_BUCKET',
  'SEND_QUEUE_URL',
  'TOKEN_SECRET_ARN',
  'API_KEY_SECRET_ARN',
  'SES_CONFIGURATION_SET',
  'SES_TRACKING_CONFIGURATION_SET',
  'SEND_WORKER_CONCURRENCY',
  'DIGEST_TEMPLATES_DIR',
  'DIGEST_LISTS',
  'DIGEST_LIST_TITLE',
  'LISTS_TABLE',
] as const;
export type EnvName = (typeof ENV_NAMES)[number];

/**
 * Reads one required variable (trimmed), failing fast with its name. Plain string checks, no zod: every Lambda
 * imports this, and the smallest ones (authorizer, archive pages) need no schema library otherwise.
 */
export function requireEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`environment variable ${name} is required`);
  return value;
}

const HTTP_URL_RE = /^https?:\/\/[^/\s]+(?:\/\S*)?$/i;

/**
 * The public base URL of links in mail and pages (DIGEST_BASE_URL): trimmed, an http(s) URL, without trailing
 * slashes. Throws an Error whose message completes "environment variable DIGEST_BASE_URL …".
 */
export function publicBaseUrl(raw: string | undefined): string {
  const value = raw?.trim();
  if (!value) throw new Error('is required');
  if (!HTTP_URL_RE.test(value) || !URL.canParse(value)) throw new Error('must be an http(s) URL');
  return value.replace(/\/+$/, '');
}

/** The one wording of a bad variable: `… X is required`, or `… X must be …, not "<value>"`. */
export function envError(name: EnvName, raw: string | undefined, problem: string): ConfigError {
  if (raw === undefined || !raw.trim()) return new ConfigError(`environment variable ${name} is required`);
  return new ConfigError(`environment variable ${name} ${problem}, not ${JSON.stringify(raw.slice(0, 80))}`);
}

/** Reads one optional variable: undefined when unset or blank. */
export function optionalEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}
