/**
 * KeyedLock as a short lease in the briefings table:
 *
 *   pk             sk      what
 *   LOCK#<name>    LEASE   `owner` (random per holder), `until` (ms), `expiresAt` (the table's TTL, Unix seconds)
 *
 * Taken with a conditional put (no lease, or one whose `until` has passed: its holder died), released with a
 * conditional delete on the owner, so that a holder whose lease ran out never removes its successor's. The lease
 * outlasts by far what it guards (a read and a write of one small object), and a taker waits a few seconds at most
 * before it gives up with LockBusyError.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type KeyedLock, LockBusyError } from '../ports/keyed-lock.js';

const DEFAULT_LEASE_MS = 15_000;
const DEFAULT_WAIT_MS = 5_000;

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}

export class DynamoLeaseLock implements KeyedLock {
  private readonly leaseMs: number;
  private readonly waitMs: number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: { leaseMs?: number; waitMs?: number } = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  }

  async run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const key = { pk: `LOCK#${name}`, sk: 'LEASE' };
    const owner = randomUUID();
    const giveUpAt = Date.now() + this.waitMs;
    for (let attempt = 0; ; attempt++) {
      const now = Date.now();
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...key,
              owner,
              until: now + this.leaseMs,
              expiresAt: Math.ceil((now + this.leaseMs) / 1000) + 60,
            },
            ConditionExpression: 'attribute_not_exists(pk) OR #until < :now',
            ExpressionAttributeNames: { '#until': 'until' },
            ExpressionAttributeValues: { ':now': now },
          }),
        );
        break;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      if (Date.now() >= giveUpAt) throw new LockBusyError(name);
      await sleep(Math.min(10 * 2 ** attempt, 200));
    }
    try {
      return await work();
    } finally {
      await this.client
        .send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: key,
            ConditionExpression: '#owner = :me',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':me': owner },
          }),
        )
        // Not ours any more (the lease ran out), or the table did not answer: the lease ends by itself either way,
        // and what `work` did stands.
        .catch(() => undefined);
    }
  }
}
