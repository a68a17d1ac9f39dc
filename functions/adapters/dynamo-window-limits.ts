/**
 * WindowLimits in the briefings table (BRIEFINGS_TABLE), beside the console's other state there: one item per
 * limit,
 *
 *   pk               sk       what
 *   RATE#<bucket>    WINDOW   `takes`: [{ at (ms), n }] still inside the window, oldest first; `v`: its version;
 *                             `expiresAt`: the table's TTL attribute (Unix seconds), a window after the newest take
 *
 * Buckets: `admin-sign-in#<client address>`, `forward#<key id>`. A module of its own, so that the functions that
 * only read and write briefings do not bundle it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  takeInWindow,
  type WindowDecision,
  type WindowRule,
  type WindowTake,
} from '../core/sliding-window.js';
import type { WindowLimits } from '../ports/window-limits.js';

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException'
  );
}

/** The stored log: `[{ at, n }]`, anything else read as no take. */
function storedTakes(value: unknown): WindowTake[] {
  if (!Array.isArray(value)) return [];
  const takes: WindowTake[] = [];
  for (const entry of value as { at?: unknown; n?: unknown }[])
    if (typeof entry?.at === 'number' && typeof entry.n === 'number')
      takes.push({ at: entry.at, count: entry.n });
  return takes;
}

export class DynamoWindowLimits implements WindowLimits {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Read, decide, write back only if nobody wrote in between: a consistent read of the log and its version
   * `v`, core/sliding-window.ts decides, and the new log is put on the condition that `v` is still the one read
   * (or that there is no log yet). A racer that lost reads again and decides on what the winner wrote, so two
   * callers taking the last unit never both get it. Each lost race means another take went in, so after
   * `limit` of them the log is full and the take is refused without a write; past that bound (takes leaving the
   * window as fast as they come), it is refused too, with `retryAt` now: a limit errs on the side of refusing.
   */
  async take(bucket: string, count: number, rule: WindowRule, now: Date): Promise<WindowDecision> {
    const Key = { pk: `RATE#${bucket}`, sk: 'WINDOW' };
    let takes: WindowTake[] = [];
    for (let race = 0; race <= rule.limit; race++) {
      const out = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }),
      );
      const version = typeof out.Item?.v === 'number' ? out.Item.v : null;
      takes = storedTakes(out.Item?.takes);
      const decision = takeInWindow(takes, count, rule, now.getTime());
      if (!decision.allowed) return decision;
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...Key,
              takes: decision.takes.map((take) => ({ at: take.at, n: take.count })),
              v: (version ?? 0) + 1,
              expiresAt: Math.ceil(decision.expiresAt / 1000),
            },
            ...(version === null
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': version } }),
          }),
        );
        return decision;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    const refused = takeInWindow(takes, count, rule, now.getTime());
    return { ...refused, allowed: false, takes, retryAt: now.getTime() };
  }
}
