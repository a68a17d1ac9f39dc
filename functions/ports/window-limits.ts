/**
 * Sliding-window limits shared by every instance (the console's sign-in attempts per client, the recipients a
 * key forwards to): core/sliding-window.ts decides, the store keeps each limit's log and makes a take atomic.
 * DynamoDB in AWS and on dynalite locally (adapters/dynamo-window-limits.ts, in the briefings table).
 */
import type { WindowDecision, WindowRule } from '../core/sliding-window.js';

export interface WindowLimits {
  /**
   * Takes `count` units from the limit named `bucket` at `now` (at most `rule.limit` in any span of
   * `rule.windowMs`), atomically: of callers racing for the last units, one gets them. Refused, and nothing
   * taken, when that would go over the limit.
   */
  take(bucket: string, count: number, rule: WindowRule, now: Date): Promise<WindowDecision>;
}
