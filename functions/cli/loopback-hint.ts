/**
 * The SSRF-safe fetcher refuses loopback addresses (adapters/http-fetcher.ts) and knows nothing of
 * the CLI's switch. On a laptop the refusal usually means a feed or page served on this machine,
 * so the CLI says how to allow it (DIGEST_ALLOW_LOOPBACK=1, honoured by the CLI and `digest dev`
 * only; see cli/local-briefing.ts).
 */
const LOOPBACK_REFUSAL_RE = /refusing to fetch \S+: address \S+ is loopback/;

export const LOOPBACK_HINT =
  'set DIGEST_ALLOW_LOOPBACK=1 to read from this machine; for local testing only, never in production';

/**
 * Adds the hint to a loopback refusal; other messages pass unchanged.
 * @example withLoopbackHint('refusing to fetch http://127.0.0.1/f: address 127.0.0.1 is loopback')
 * // 'refusing to fetch http://127.0.0.1/f: address 127.0.0.1 is loopback (set DIGEST_ALLOW_LOOPBACK=1 …)'
 */
export function withLoopbackHint(message: string): string {
  return LOOPBACK_REFUSAL_RE.test(message) && !message.includes('DIGEST_ALLOW_LOOPBACK')
    ? `${message} (${LOOPBACK_HINT})`
    : message;
}
