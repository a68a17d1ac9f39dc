/**
 * Sliding-window limits: at most `limit` units in any span of `windowMs` (the console's sign-in attempts per
 * client, the recipients a key forwards to). Pure: the time and the record come in from the caller, and the
 * caller stores what comes out (adapters/dynamo-briefing-store.ts `takeInWindow`, a conditional write).
 *
 * Why not a fixed window: a counter per clock window (one per quarter hour) lets the whole limit through
 * just before the window ends and the whole limit again just after, twice the limit within seconds.
 *
 * Why not the sliding-window counter (the current and the previous fixed window's counts, allowing while
 * `previous × (1 − elapsed fraction) + current < limit`): it assumes the previous window's attempts were
 * spread evenly over it, and when they were not it is no bound at all. With a limit of 10 a quarter hour,
 * 10 attempts at 14:59:59 count as 10 × (1 − f) at a fraction f of the window that starts at 15:00, so the
 * tenth attempt of that window is allowed once f > 0.9: 10 more at 15:13:31, 20 in 13½ minutes. In general it
 * lets nearly 2 × limit into a span shorter than one window, which is what the fixed window does too; it only
 * moves the second burst from the start of the next window to near its end.
 *
 * So this is exact: a log of the takes still inside the window, each with its time and count. It stays small
 * without a record per attempt kept for ever: a take leaves the log a window after it was made, and while
 * the log holds more than `limit` units nothing is added, so it never holds more than `limit` entries (10 for
 * sign-in, at most 50 for forwards; every take counts at least 1).
 *
 * The window is half-open, `(now − windowMs, now]`: a take made at `t` counts until `t + windowMs` and no
 * longer. Takes dated after `now` (another instance's clock running ahead) count as inside the window; with
 * several clocks the bound holds to within their skew.
 */

/** One take in the log: when (ms since the epoch) and how many units. */
export interface WindowTake {
  at: number;
  count: number;
}

export interface WindowRule {
  /** Units allowed in any span of `windowMs`. */
  limit: number;
  windowMs: number;
}

export interface WindowDecision {
  allowed: boolean;
  /** The log to store when allowed: the takes still inside the window, this one included, oldest first. */
  takes: WindowTake[];
  /** When refused: the first moment the same take would be allowed if nothing else were taken; null when never (count > limit) or allowed. */
  retryAt: number | null;
  /** When the log holds nothing any more (its newest take's time + windowMs): a storage TTL. */
  expiresAt: number;
}

/**
 * Takes `count` units from the log at time `now`, or refuses (and takes nothing) when the takes inside
 * `(now − windowMs, now]` plus `count` would exceed `limit`.
 *
 * @example
 *   const rule = { limit: 2, windowMs: 60_000 };
 *   takeInWindow([{ at: 0, count: 1 }, { at: 30_000, count: 1 }], 1, rule, 59_999).retryAt // 60_000
 *   takeInWindow([{ at: 0, count: 1 }, { at: 30_000, count: 1 }], 1, rule, 60_000).allowed // true
 */
export function takeInWindow(
  log: readonly WindowTake[],
  count: number,
  rule: WindowRule,
  now: number,
): WindowDecision {
  if (!(Number.isInteger(count) && count > 0)) throw new RangeError('count must be a positive integer');
  if (!(Number.isInteger(rule.limit) && rule.limit > 0))
    throw new RangeError('limit must be a positive integer');
  if (!(rule.windowMs > 0)) throw new RangeError('windowMs must be positive');
  const inside = log
    .filter((take) => take.at > now - rule.windowMs && take.count > 0)
    .sort((a, b) => a.at - b.at);
  const used = inside.reduce((sum, take) => sum + take.count, 0);
  const newest = inside.at(-1)?.at ?? Number.NEGATIVE_INFINITY;
  if (used + count <= rule.limit) {
    const takes = [...inside, { at: now, count }].sort((a, b) => a.at - b.at);
    return { allowed: true, takes, retryAt: null, expiresAt: Math.max(newest, now) + rule.windowMs };
  }
  const expiresAt = newest + rule.windowMs;
  if (count > rule.limit) return { allowed: false, takes: inside, retryAt: null, expiresAt };
  // The oldest takes leave first; the take fits once enough of them have left.
  let left = used;
  let retryAt: number | null = null;
  for (const take of inside) {
    left -= take.count;
    if (left + count <= rule.limit) {
      retryAt = take.at + rule.windowMs;
      break;
    }
  }
  return { allowed: false, takes: inside, retryAt, expiresAt };
}

/**
 * Whole seconds from `now` until a refused take may be tried again (an HTTP `Retry-After`), at least 1; null
 * when the take was allowed or can never be (`retryAt` null).
 *
 * @example
 *   retryAfterSeconds({ allowed: false, takes: [], retryAt: 90_500, expiresAt: 90_500 }, 30_000) // 61
 */
export function retryAfterSeconds(decision: WindowDecision, now: number): number | null {
  if (decision.allowed || decision.retryAt === null) return null;
  return Math.max(1, Math.ceil((decision.retryAt - now) / 1000));
}
