/**
 * The `digest` command's environment, read in one place (the Lambdas' counterpart is
 * handlers/runtime/env.ts). The command shares the Lambdas' variable names (DIGEST_FROM,
 * DIGEST_BASE_URL, SUBSCRIBERS_TABLE …) but every one has a working local default, so their
 * readers (adapters/local-runtime.ts, cli/local-deps.ts, cli/stack-outputs.ts) take the environment
 * as an argument and commands pass them `cliEnv()`. The command's own switches are typed here.
 */
import { z } from 'zod';

/** A whole number ≥ 1, else undefined (the default applies). */
const POSITIVE_WHOLE_NUMBER = z
  .string()
  .optional()
  .transform((v) => {
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  });

const SWITCHES_SCHEMA = z.object({
  /** Any value: full error stacks on stderr, and every handler log line of `digest dev`. */
  DIGEST_DEBUG: z
    .string()
    .optional()
    .transform((v) => Boolean(v)),
  /** `1`: summarize, render, send, sources and briefing may fetch loopback addresses (tests, a local feed). */
  DIGEST_ALLOW_LOOPBACK: z
    .string()
    .optional()
    .transform((v) => v === '1'),
  /** The plain progress line's interval in ms (default 5 s); anything but a whole number ≥ 1 is ignored. */
  DIGEST_PROGRESS_INTERVAL_MS: POSITIVE_WHOLE_NUMBER,
  /** Threads of a `summarize --jsonl` batch of 64 lines or more (default: the free cores, at most 2). */
  DIGEST_JSONL_THREADS: POSITIVE_WHOLE_NUMBER,
});

export type CliSwitches = z.output<typeof SWITCHES_SCHEMA>;

/** The environment the command runs with, for the readers that take one. */
export function cliEnv(): NodeJS.ProcessEnv {
  return process.env;
}

/** The command's own switches, read from `env` (the process's by default). */
export function cliSwitches(env: Readonly<Record<string, string | undefined>> = cliEnv()): CliSwitches {
  return SWITCHES_SCHEMA.parse({
    DIGEST_DEBUG: env.DIGEST_DEBUG,
    DIGEST_ALLOW_LOOPBACK: env.DIGEST_ALLOW_LOOPBACK,
    DIGEST_PROGRESS_INTERVAL_MS: env.DIGEST_PROGRESS_INTERVAL_MS,
    DIGEST_JSONL_THREADS: env.DIGEST_JSONL_THREADS,
  });
}

/**
 * Tells the AWS SDK not to print its Node-version warning (nine lines on stderr on Node 20): set
 * before the SDK loads, unless the caller's environment already decides.
 */
export function quietSdkVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
