/**
 * The counts by status that the delivery ledger keeps for an issue no sender is at work on (docs/delivery.md,
 * "Counts kept for settled issues"), so that a page listing issues reads one item per issue instead of every
 * delivery record. One item per issue in the ledger's table, `OUTCOME#<issue>` / `COUNTS`:
 *
 *   gen        bumped by every hold; a reader keeps the counts it took only if gen is still what it read first
 *   busyUntil  epoch ms (the writer's clock): until then a sender may still write records of the issue
 *   kept       the counts, written by a reader that counted the records with no hold in force; every hold removes it
 *
 * A writer takes a hold (`hold`) before each write that may change a record's status, and a process renews its hold
 * only when less than half of it is left: one more write per issue and process every five minutes, not one per
 * record. Counts are kept only by a reader that found no hold in force before it counted, and only if no hold came
 * while it counted (the condition on gen). So kept counts are never older than a record's status: a write comes
 * under a hold that removed them, and none is kept again until the hold ends, when every write made under it has
 * landed (a write is issued with at least half of the hold, five minutes, still to go). Only single-item
 * conditional writes: dynalite has no transactions.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { KeptCounts, StatusCounts } from '../ports/delivery-ledger.js';

/** How long a hold lasts: far longer than any write takes to land, SDK retries included. */
export const HOLD_MS = 10 * 60_000;
const BATCH_GET_SIZE = 100;
const STATUS_FIELDS = ['claimed', 'sending', 'sent', 'failed', 'unknown', 'skipped', 'total'] as const;

const keyOf = (issueId: string) => ({ pk: `OUTCOME#${issueId}`, sk: 'COUNTS' });

/** A conditional write refused (the SDK's class, or its name where another copy of the SDK threw it). */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException'
  );
}

function countsOf(value: unknown): StatusCounts | null {
  if (!value || typeof value !== 'object') return null;
  const item = value as Record<string, unknown>;
  const counts = Object.fromEntries(STATUS_FIELDS.map((f) => [f, item[f]]));
  return Object.values(counts).every((n) => typeof n === 'number') ? (counts as StatusCounts) : null;
}

export class KeptCountsTable {
  /** This process's holds, by issue: until when (its wall clock), or the write that takes one. */
  private readonly holds = new Map<string, number | Promise<void>>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly wallClock: () => number = Date.now,
  ) {}

  /** Before a write that may change the status of a record of the issue: the counts kept are dropped. */
  async hold(issueId: string): Promise<void> {
    const now = this.wallClock();
    const held = this.holds.get(issueId);
    if (typeof held === 'number' && held - now > HOLD_MS / 2) return;
    if (held instanceof Promise) return held;
    if (this.holds.size > 1000)
      for (const [id, until] of this.holds)
        if (typeof until === 'number' && until < now) this.holds.delete(id);
    const until = now + HOLD_MS;
    const taking = this.take(issueId, until).then(
      () => void this.holds.set(issueId, until),
      (error: unknown) => {
        this.holds.delete(issueId);
        throw error;
      },
    );
    this.holds.set(issueId, taking);
    return taking;
  }

  private async take(issueId: string, until: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(issueId),
          UpdateExpression: 'SET busyUntil = :until ADD gen :one REMOVE kept',
          // (a longer hold in force already keeps readers from keeping counts, and removed them)
          ConditionExpression: 'attribute_not_exists(busyUntil) OR busyUntil < :until',
          ExpressionAttributeValues: { ':until': until, ':one': 1 },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** The counts kept for each issue, or what a reader needs to keep the counts it takes. */
  async read(issueIds: readonly string[]): Promise<Map<string, KeptCounts>> {
    const items = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < issueIds.length; i += BATCH_GET_SIZE) {
      let keys: Record<string, unknown>[] = issueIds.slice(i, i + BATCH_GET_SIZE).map(keyOf);
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt > 4) throw new Error('could not read the counts kept for the issues');
        const result = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[this.tableName] ?? [])
          items.set(String(item.pk).slice('OUTCOME#'.length), item);
        keys =
          (result.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
        if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
    const now = this.wallClock();
    const out = new Map<string, KeptCounts>();
    for (const id of issueIds) {
      const item = items.get(id);
      const kept = countsOf(item?.kept);
      const busy = typeof item?.busyUntil === 'number' && item.busyUntil >= now;
      out.set(id, kept ? { kept } : { kept: null, version: busy ? null : String(item?.gen ?? 'none') });
    }
    return out;
  }

  /** Keeps counts taken after `read` answered `version`; false when a hold came meanwhile. */
  async keep(issueId: string, version: string, counts: StatusCounts): Promise<boolean> {
    const kept = Object.fromEntries(STATUS_FIELDS.map((f) => [f, counts[f]]));
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(issueId),
          UpdateExpression: 'SET kept = :kept',
          ConditionExpression: version === 'none' ? 'attribute_not_exists(gen)' : 'gen = :gen',
          ExpressionAttributeValues: {
            ':kept': kept,
            ...(version === 'none' ? {} : { ':gen': Number(version) }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
