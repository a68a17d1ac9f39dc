/**
 * The variables of the three smallest functions: the authorizer (API_KEY_SECRET_ARN) and the read-only archive
 * routes, the issue page and the archive pages (ARCHIVE_BUCKET, DIGEST_BASE_URL). They follow env.ts's schema,
 * checked here with plain functions so that these bundles carry no zod (test/unit/runtime-env.test.ts
 * holds both readers to the same answers). ARCHIVE_BUCKET is read here for every function, so that the archive
 * is built one way.
 */
import { type EnvName, envError, publicBaseUrl } from '../../config.js';

export type EdgeEnvName = Extract<EnvName, 'ARCHIVE_BUCKET' | 'DIGEST_BASE_URL' | 'API_KEY_SECRET_ARN'>;

function requiredName(raw: string | undefined): string {
  const value = raw?.trim();
  if (!value) throw new Error('is required');
  return value;
}

const RULES: Record<EdgeEnvName, (raw: string | undefined) => string> = {
  ARCHIVE_BUCKET: requiredName,
  API_KEY_SECRET_ARN: requiredName,
  DIGEST_BASE_URL: publicBaseUrl,
};

/** One of the edge variables from `source`, by the same rules as env.ts; throws ConfigError naming it. */
export function readEdgeEnv(key: EdgeEnvName, source: Readonly<Record<string, string | undefined>>): string {
  try {
    return RULES[key](source[key]);
  } catch (error) {
    throw envError(key, source[key], (error as Error).message);
  }
}

/** The container's value of one edge variable (validated on each cold build; nothing is cached on failure). */
export function edgeEnv(key: EdgeEnvName): string {
  return readEdgeEnv(key, process.env);
}
