/**
 * DeliveryLedger on one DynamoDB table (DELIVERIES_TABLE; locally `digest-deliveries` on dynalite).
 *
 * Key design: partition key `pk` = `ISSUE#<issue id>`, sort key `sk` = `RCPT#<addressKey(recipient)>`:
 * the person's identity (the address lower-cased), so that `Jane@x.org` and `jane@x.org` are one record
 * and a change of case between a crashed send and its resume finds the record instead of sending again.
 * `issueId` and `recipient` are stored plain, `recipient` as the address was typed (the one mailed). One
 * item per (issue, person) is the unit of exactly-once: `claim` is a Put with
 * `attribute_not_exists(issueId)`, and every later transition is an Update conditioned on the
 * current `status` and `owner`, so two senders (a resumed CLI run, a redelivered SQS message)
 * can never both move the same item to `sending`. Everything for an issue is one Query
 * (resume, stats). SES events carry the issue id and the recipient (message tags and
 * `mail.destination`), so settling them needs no secondary index; the `deliveryId` stored on the
 * item is checked in the condition so a stray event cannot settle another delivery.
 * Only single-item conditional writes are used (dynalite has no transactions).
 *
 * Every `reason` written (why a send failed, is unknown, waits for a retry or was skipped) goes through
 * core/delivery.ts `ledgerReason`: one line, bounded, addresses masked. The console shows it to editors beside the
 * recipient, locally and deployed alike, since both keep the ledger in this table.
 *
 * Versions before identity keys wrote `sk` = `RCPT#<address as typed>`. Such a record (an issue in
 * flight during an upgrade) is still found: where the address has upper-case letters and its identity
 * key holds nothing, every read and conditional write of a record looks under the address as typed
 * too, and `claim` looks there before it creates a record (docs/delivery.md, "Keys").
 *
 * Beside the deliveries, in their own partitions so that an issue's Query never meets them:
 *   `CLICKS#<issue>` / `<hash of the SES event>`   one item per Click event (url, at): a put that
 *                                                   fails when it exists, so a redelivered event counts once
 *   `TESTS#<issue>` / `RCPT#<addressKey(recipient)>` the last `--test-to` copy of the issue to that person: a
 *                                                   second copy in another spelling replaces the first, as one
 *                                                   in the same spelling does (docs/delivery.md, "Test copies")
 *   `TESTLIST#<list>` / `<at>#<issue>#<recipient>`  the same copy, found by list (newest last)
 *   `FANOUT#<issue>` / `QUEUED`                     how many jobs fan-outs put on the send queue
 *   `OUTCOME#<issue>` / `COUNTS`                    the issue's counts by status, kept while no sender is at
 *                                                   work on it, and the holds of those who are (dynamo-kept-counts.ts)
 */
import { createHash } from 'node:crypto';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { countRecord, emptyCounts, ledgerReason } from '../core/delivery.js';
import { addressKey } from '../core/email-address.js';
import {
  type ClaimInput,
  type ClaimResult,
  type DeliveryCounts,
  type DeliveryLedger,
  type DeliveryRecord,
  type DeliveryStatus,
  type FeedbackKind,
  type KeptCounts,
  LedgerConflictError,
  type OwnedKey,
  type StatusCounts,
  type TakeOverInput,
  type TestSend,
} from '../ports/delivery-ledger.js';
import { isConditionFailure, KeptCountsTable } from './dynamo-kept-counts.js';
import { pkSkTableDefinition } from './dynamo-key-schema.js';

/** The local table name (`digest` commands and `digest dev`). */
export const LOCAL_DELIVERIES_TABLE = 'digest-deliveries';

/** The table's key schema; the CDK stack declares the same one. */
export function deliveriesTableDefinition(tableName: string): CreateTableCommandInput {
  return pkSkTableDefinition(tableName);
}

const RCPT = 'RCPT#';
type ItemKey = { pk: string; sk: string };
/** A delivery's key: the recipient's identity, whatever the case it was typed in. */
const keyOf = (issueId: string, recipient: string): ItemKey => ({
  pk: `ISSUE#${issueId}`,
  sk: `${RCPT}${addressKey(recipient)}`,
});
/** Where versions before identity keys kept the record: under the address as typed (null: the same key). */
const typedKeyOf = (issueId: string, recipient: string): ItemKey | null =>
  addressKey(recipient) === recipient ? null : { pk: `ISSUE#${issueId}`, sk: `${RCPT}${recipient}` };

const STATUSES: ReadonlySet<string> = new Set<DeliveryStatus>([
  'claimed',
  'sending',
  'sent',
  'failed',
  'unknown',
  'skipped',
]);

function toRecord(item: Record<string, unknown>): DeliveryRecord {
  const str = (k: string) => (typeof item[k] === 'string' ? (item[k] as string) : null);
  const status = str('status') ?? 'claimed';
  return {
    issueId: str('issueId') ?? '',
    recipient: str('recipient') ?? '',
    list: str('list') ?? '',
    deliveryId: str('deliveryId') ?? '',
    status: (STATUSES.has(status) ? status : 'claimed') as DeliveryStatus,
    owner: str('owner') ?? '',
    leaseUntil: typeof item.leaseUntil === 'number' ? item.leaseUntil : 0,
    attempts: typeof item.attempts === 'number' ? item.attempts : 0,
    sesMessageId: str('sesMessageId'),
    reason: str('reason'),
    retryable: item.retryable === true,
    updatedAt: str('updatedAt') ?? '',
    deliveredAt: str('deliveredAt'),
    bouncedAt: str('bouncedAt'),
    softBouncedAt: str('softBouncedAt'),
    complainedAt: str('complainedAt'),
    openedAt: str('openedAt'),
    clickedAt: str('clickedAt'),
    tracked: typeof item.tracked === 'boolean' ? item.tracked : null,
  };
}

/** The recorded time of each feedback kind on a delivery item. */
const FEEDBACK_FIELDS: Record<FeedbackKind, string> = {
  delivery: 'deliveredAt',
  bounce: 'bouncedAt',
  softBounce: 'softBouncedAt',
  complaint: 'complainedAt',
  reject: 'rejectedAt',
  delay: 'delayedAt',
  open: 'openedAt',
  click: 'clickedAt',
};

const eventHash = (eventKey: string) => createHash('sha256').update(eventKey).digest('hex').slice(0, 40);

export interface DynamoDeliveryLedgerOptions {
  /**
   * Records read per query when counting an issue's deliveries (DynamoDB also ends a page at 1 MB).
   * An option so that a test can make a small issue span several pages.
   */
  countsPageSize?: number;
  /** The clock of the holds on kept counts (dynamo-kept-counts.ts): a test sets another process's. */
  wallClock?: () => number;
}

export class DynamoDeliveryLedger implements DeliveryLedger {
  private readonly countsPageSize: number;
  /** Every write that may change a record's status takes a hold on the issue's kept counts first. */
  private readonly kept: KeptCountsTable;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoDeliveryLedgerOptions = {},
  ) {
    this.countsPageSize = options.countsPageSize ?? 1000;
    this.kept = new KeptCountsTable(client, tableName, options.wallClock);
  }

  keptCounts(issueIds: readonly string[]): Promise<Map<string, KeptCounts>> {
    return this.kept.read(issueIds);
  }

  keepCounts(issueId: string, version: string, counts: StatusCounts): Promise<boolean> {
    return this.kept.keep(issueId, version, counts);
  }

  async claim(input: ClaimInput): Promise<ClaimResult> {
    const record: DeliveryRecord = {
      issueId: input.issueId,
      recipient: input.recipient,
      list: input.list,
      deliveryId: input.deliveryId,
      status: 'claimed',
      owner: input.owner,
      leaseUntil: input.leaseUntil,
      attempts: 0,
      sesMessageId: null,
      reason: null,
      retryable: false,
      updatedAt: input.at.toISOString(),
      deliveredAt: null,
      bouncedAt: null,
      softBouncedAt: null,
      complainedAt: null,
      openedAt: null,
      clickedAt: null,
      tracked: null,
    };
    await this.kept.hold(input.issueId);
    // A record an earlier version keyed by the address as typed is this delivery's: never a second one.
    const typed = typedKeyOf(input.issueId, input.recipient);
    const before = typed ? await this.item(typed) : null;
    if (before) return { claimed: false, existing: toRecord(before) };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keyOf(input.issueId, input.recipient), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { claimed: true, record };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const existing = await this.get(input.issueId, input.recipient);
    if (!existing) throw new LedgerConflictError('delivery record vanished while claiming');
    return { claimed: false, existing };
  }

  async takeOver(input: TakeOverInput): Promise<DeliveryRecord | null> {
    await this.kept.hold(input.issueId);
    const ok = await this.updateRecord(
      input.issueId,
      input.recipient,
      {
        UpdateExpression:
          'SET #s = :claimed, #o = :owner, leaseUntil = :lease, updatedAt = :at, retryable = :f',
        ConditionExpression: '#s = :expected AND #o = :expectedOwner',
        ExpressionAttributeValues: {
          ':claimed': 'claimed',
          ':owner': input.owner,
          ':lease': input.leaseUntil,
          ':at': input.at.toISOString(),
          ':f': false,
          ':expected': input.expected.status,
          ':expectedOwner': input.expected.owner,
        },
      },
      false,
    );
    return ok ? this.get(input.issueId, input.recipient) : null;
  }

  async markSending(key: OwnedKey, at: Date, options: { tracked?: boolean } = {}): Promise<void> {
    await this.transition(
      key,
      ['claimed'],
      'sending',
      at,
      // the address as typed when this copy goes out: the one mailed and shown
      { set: ['tracked = :tracked', 'recipient = :recipient'], add: 'attempts :one' },
      { ':one': 1, ':tracked': options.tracked === true, ':recipient': key.recipient },
    );
  }

  async markSent(key: OwnedKey, sesMessageId: string, at: Date): Promise<void> {
    await this.transition(
      key,
      ['sending'],
      'sent',
      at,
      { set: ['sesMessageId = :mid'], remove: 'reason' },
      {
        ':mid': sesMessageId,
      },
    );
  }

  async markRetry(key: OwnedKey, reason: string, leaseUntil: number, at: Date): Promise<void> {
    await this.transition(
      key,
      ['sending'],
      'claimed',
      at,
      { set: ['reason = :reason', 'leaseUntil = :lease'] },
      {
        ':reason': ledgerReason(reason),
        ':lease': leaseUntil,
      },
    );
  }

  async markFailed(key: OwnedKey, reason: string, retryable: boolean, at: Date): Promise<void> {
    await this.transition(
      key,
      ['claimed', 'sending'],
      'failed',
      at,
      { set: ['reason = :reason', 'retryable = :r'] },
      {
        ':reason': ledgerReason(reason),
        ':r': retryable,
      },
    );
  }

  async markSkipped(key: OwnedKey, reason: string, at: Date): Promise<void> {
    await this.transition(
      key,
      ['claimed'],
      'skipped',
      at,
      { set: ['reason = :reason'] },
      { ':reason': ledgerReason(reason) },
    );
  }

  async markUnknown(key: OwnedKey, reason: string, at: Date): Promise<void> {
    await this.transition(
      key,
      ['sending'],
      'unknown',
      at,
      { set: ['reason = :reason'] },
      { ':reason': ledgerReason(reason) },
    );
  }

  async recordEvent(input: {
    issueId: string;
    recipient: string;
    deliveryId: string;
    kind: FeedbackKind | 'send';
    sesMessageId: string | null;
    at: Date;
    link?: string | null;
    eventKey?: string;
  }): Promise<boolean> {
    const at = input.at.toISOString();
    // Send settles an unknown record to sent, Reject makes a sent one failed; the other events change no status.
    if (input.kind === 'send' || input.kind === 'reject') await this.kept.hold(input.issueId);
    if (input.kind === 'send') {
      // Settles a lost answer: SES accepted this delivery. Only an in-flight or unknown record moves.
      const settled = await this.updateRecord(
        input.issueId,
        input.recipient,
        {
          UpdateExpression: 'SET #s = :sent, sesMessageId = :mid, updatedAt = :at, reason = :why',
          ConditionExpression: 'deliveryId = :d AND #s IN (:sending, :unknown)',
          ExpressionAttributeValues: {
            ':sent': 'sent',
            ':mid': input.sesMessageId ?? 'unknown',
            ':at': at,
            ':why': 'settled from the SES Send event',
            ':d': input.deliveryId,
            ':sending': 'sending',
            ':unknown': 'unknown',
          },
        },
        false,
      );
      if (settled) return true;
      const existing = await this.get(input.issueId, input.recipient);
      return existing?.deliveryId === input.deliveryId;
    }
    const names: Record<string, string> = { '#f': FEEDBACK_FIELDS[input.kind] };
    const values: Record<string, unknown> = { ':at': at, ':d': input.deliveryId };
    // The first time of each kind is what counts (unique opens and clicks): a later or repeated event keeps
    // it. Records are created with these fields as NULL, hence the type test beside the existence test.
    let expression = 'SET #f = :at';
    if (input.kind === 'reject') {
      expression += ', #s = :failed, reason = :why';
      names['#s'] = 'status';
      values[':failed'] = 'failed';
      values[':why'] = 'rejected by SES after acceptance';
    }
    values[':null'] = 'NULL';
    const first = await this.updateRecord(
      input.issueId,
      input.recipient,
      {
        UpdateExpression: expression,
        ConditionExpression: 'deliveryId = :d AND (attribute_not_exists(#f) OR attribute_type(#f, :null))',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
      false,
    );
    const matched =
      first || (await this.get(input.issueId, input.recipient))?.deliveryId === input.deliveryId;
    if (matched && input.kind === 'click' && input.link) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              pk: `CLICKS#${input.issueId}`,
              sk: eventHash(input.eventKey ?? `${input.deliveryId}|${at}|${input.link}`),
              issueId: input.issueId,
              url: input.link,
              at,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error; // the same event, delivered again
      }
    }
    return matched;
  }

  async linkClicks(issueId: string): Promise<{ url: string; clicks: number }[]> {
    const counts = new Map<string, number>();
    for await (const item of this.query(`CLICKS#${issueId}`)) {
      if (typeof item.url === 'string') counts.set(item.url, (counts.get(item.url) ?? 0) + 1);
    }
    return [...counts]
      .map(([url, clicks]) => ({ url, clicks }))
      .sort((a, b) => b.clicks - a.clicks || a.url.localeCompare(b.url));
  }

  async recordTestSend(test: TestSend): Promise<void> {
    const item = { ...test };
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `TESTS#${test.issueId}`, sk: `${RCPT}${addressKey(test.recipient)}`, ...item },
      }),
    );
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `TESTLIST#${test.list}`, sk: `${test.at}#${test.issueId}#${test.recipient}`, ...item },
      }),
    );
  }

  async testSends(of: { issueId: string } | { list: string; limit?: number }): Promise<TestSend[]> {
    const out: TestSend[] = [];
    const pk = 'issueId' in of ? `TESTS#${of.issueId}` : `TESTLIST#${of.list}`;
    for await (const item of this.query(pk, 'issueId' in of ? {} : { newestFirst: true })) {
      out.push({
        issueId: String(item.issueId ?? ''),
        list: String(item.list ?? ''),
        recipient: String(item.recipient ?? ''),
        subject: String(item.subject ?? ''),
        at: String(item.at ?? ''),
      });
      if ('list' in of && of.limit !== undefined && out.length >= of.limit) break;
    }
    if ('list' in of) return out;
    // Copies recorded before identity keys (under the address as typed): one per person, the last one.
    const last = new Map<string, TestSend>();
    for (const test of out) {
      const key = addressKey(test.recipient);
      const seen = last.get(key);
      if (!seen || seen.at < test.at) last.set(key, test);
    }
    return out.filter((test) => last.get(addressKey(test.recipient)) === test);
  }

  /**
   * A resumed delivery fans the whole list out again (the worker skips who was sent), so the counts of two
   * fan-outs must not add up: `queued` keeps the largest, the number of recipients the issue has.
   */
  async recordFanOut(issueId: string, queued: number, at: Date): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `FANOUT#${issueId}`, sk: 'QUEUED' },
          UpdateExpression: 'SET queued = :n, updatedAt = :at',
          ConditionExpression: 'attribute_not_exists(queued) OR queued < :n',
          ExpressionAttributeValues: { ':n': queued, ':at': at.toISOString() },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async queued(issueId: string): Promise<number | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `FANOUT#${issueId}`, sk: 'QUEUED' } }),
    );
    return typeof Item?.queued === 'number' ? Item.queued : null;
  }

  async forgetRecipient(recipient: string): Promise<number> {
    // No index leads from an address to its deliveries (every read is per issue): a scan is the price of
    // erasure, paid only when someone asks to be forgotten.
    let removed = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          // the identity key finds every spelling of the address; `recipient` finds test copies and records
          // keyed by the address as typed
          FilterExpression: 'sk = :sk OR recipient = :r',
          ExpressionAttributeValues: { ':sk': `${RCPT}${addressKey(recipient)}`, ':r': recipient },
          ProjectionExpression: 'pk, sk',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        if (String(item.pk).startsWith('ISSUE#'))
          await this.kept.hold(String(item.pk).slice('ISSUE#'.length));
        await this.client.send(
          new DeleteCommand({ TableName: this.tableName, Key: { pk: item.pk, sk: item.sk } }),
        );
        removed++;
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return removed;
  }

  private async *query(pk: string, options: { newestFirst?: boolean } = {}) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ScanIndexForward: !options.newestFirst,
          ExclusiveStartKey: start,
        }),
      );
      yield* (page.Items ?? []) as Record<string, unknown>[];
      start = page.LastEvaluatedKey;
    } while (start);
  }

  async get(issueId: string, recipient: string): Promise<DeliveryRecord | null> {
    const item = await this.item(keyOf(issueId, recipient));
    if (item) return toRecord(item);
    const typed = typedKeyOf(issueId, recipient);
    const before = typed ? await this.item(typed) : null;
    return before ? toRecord(before) : null;
  }

  private async item(key: ItemKey): Promise<Record<string, unknown> | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item ?? null;
  }

  async page(
    issueId: string,
    options: { cursor?: string | null; limit?: number },
  ): Promise<{ items: DeliveryRecord[]; next: string | null }> {
    const { Items, LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keyOf(issueId, '').pk },
        ConsistentRead: true,
        Limit: options.limit ?? 500,
        // the cursor is the sort key as stored (an identity, or an address as typed by an earlier version)
        ...(options.cursor
          ? { ExclusiveStartKey: { pk: keyOf(issueId, '').pk, sk: `${RCPT}${options.cursor}` } }
          : {}),
      }),
    );
    // DynamoDB's LastEvaluatedKey holds only the key attributes (pk, sk): the cursor is the recipient in sk.
    const sk: unknown = LastEvaluatedKey?.sk;
    const next = typeof sk === 'string' && sk.startsWith(RCPT) ? sk.slice(RCPT.length) : null;
    return { items: (Items ?? []).map(toRecord), next };
  }

  async counts(issueId: string): Promise<DeliveryCounts> {
    const counts = emptyCounts();
    let cursor: string | null = null;
    do {
      const page: { items: DeliveryRecord[]; next: string | null } = await this.page(issueId, {
        cursor,
        limit: this.countsPageSize,
      });
      for (const record of page.items) countRecord(counts, record);
      cursor = page.next;
    } while (cursor);
    return counts;
  }

  private async transition(
    key: OwnedKey,
    from: DeliveryStatus[],
    to: DeliveryStatus,
    at: Date,
    clauses: { set?: string[]; add?: string; remove?: string },
    values: Record<string, unknown>,
  ): Promise<void> {
    await this.kept.hold(key.issueId);
    const fromNames = from.map((_, i) => `:from${i}`);
    const set = ['#s = :to', 'updatedAt = :at', ...(clauses.set ?? [])].join(', ');
    const expression = `SET ${set}${clauses.add ? ` ADD ${clauses.add}` : ''}${clauses.remove ? ` REMOVE ${clauses.remove}` : ''}`;
    const ok = await this.updateRecord(
      key.issueId,
      key.recipient,
      {
        UpdateExpression: expression,
        ConditionExpression: `#o = :owner AND #s IN (${fromNames.join(', ')})`,
        ExpressionAttributeValues: {
          ':to': to,
          ':at': at.toISOString(),
          ':owner': key.owner,
          ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
          ...values,
        },
      },
      true,
    );
    if (!ok) {
      throw new LedgerConflictError(
        `delivery ${key.issueId}/${key.recipient} is no longer ${from.join('|')} for this sender`,
      );
    }
  }

  /**
   * A conditional update of a delivery record under its identity key, or, when that finds nothing to update
   * and the address has upper-case letters, under the address as typed (a record of an earlier version).
   */
  private async updateRecord(
    issueId: string,
    recipient: string,
    input: Omit<UpdateCommandInput, 'TableName' | 'Key'>,
    withOwner: boolean,
  ): Promise<boolean> {
    if (await this.update({ ...input, Key: keyOf(issueId, recipient) }, withOwner)) return true;
    const typed = typedKeyOf(issueId, recipient);
    return typed !== null && (await this.update({ ...input, Key: typed }, withOwner));
  }

  private async update(input: Omit<UpdateCommandInput, 'TableName'>, withOwner: boolean): Promise<boolean> {
    const names: Record<string, string> = { '#s': 'status', ...(input.ExpressionAttributeNames ?? {}) };
    const uses = `${input.UpdateExpression} ${input.ConditionExpression ?? ''}`;
    if (withOwner || uses.includes('#o')) names['#o'] = 'owner';
    if (!uses.includes('#s')) delete names['#s'];
    try {
      await this.client.send(
        new UpdateCommand({ TableName: this.tableName, ...input, ExpressionAttributeNames: names }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
