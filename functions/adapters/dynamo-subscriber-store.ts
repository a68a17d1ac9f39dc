/**
 * SubscriberStore on DynamoDB: the same code against AWS and against dynalite locally.
 * Key design and access patterns: docs/subscribers.md.
 *
 *   subscriber   pk = LIST#<list>              sk = EMAIL#<email>
 *                gsi1pk = EMAIL#<email>        gsi1sk = LIST#<list>         (index byEmail: listsOf)
 *                gsi2pk = CONFIRMED#<list>     gsi2sk = EMAIL#<email>       (index confirmedByList, sparse:
 *                                                                            only confirmed records carry it)
 *   suppression  pk = SUPPRESSED#<sha256(lower-cased email)>  sk = SUPPRESSION
 *   send slot    pk = EMAIL#<email>             sk = CONFIRM-SLOT          (no GSI keys: in no index;
 *                                                                            no LIST# pk: not in pageAll)
 *
 * `<email>` in a key is `addressKey(email)`, the lower-cased address: case variants are one record and one
 * send slot. The record's `email` attribute keeps the address as last typed (what mail is sent to).
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { addressKey, emailHash } from '../core/email-address.js';
import { pool } from '../core/pool.js';
import { searchCursorKey, searchPageOf, subscriberMatches } from '../core/subscriber-search.js';
import type {
  ConditionalWrite,
  Page,
  RecipientStanding,
  SearchPage,
  Subscriber,
  SubscriberSearch,
  SubscriberStatus,
  SubscriberStore,
  Suppression,
  SuppressionReason,
} from '../ports/subscriber-store.js';

export const BY_EMAIL_INDEX = 'byEmail';
export const CONFIRMED_INDEX = 'confirmedByList';
const SUPPRESSION_SK = 'SUPPRESSION';
const CONFIRM_SLOT_SK = 'CONFIRM-SLOT';
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;
const BATCH_WRITE_SIZE = 25;
const BATCH_GET_SIZE = 100;
const BATCH_CONCURRENCY = 4;
/** Conditional PutItems in flight in a bulk conditional write (see putManyIfUnchanged). */
const CONDITIONAL_PUT_CONCURRENCY = 32;

/** The table definition (for ensureTable locally; infra declares the same keys and indexes). */
export function subscribersTableDefinition(tableName: string): CreateTableCommandInput {
  const attr = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      attr('pk'),
      attr('sk'),
      attr('gsi1pk'),
      attr('gsi1sk'),
      attr('gsi2pk'),
      attr('gsi2sk'),
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: BY_EMAIL_INDEX,
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: CONFIRMED_INDEX,
        KeySchema: [
          { AttributeName: 'gsi2pk', KeyType: 'HASH' },
          { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

export class InvalidCursorError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the paging cursor is not valid', options);
    this.name = 'InvalidCursorError';
  }
}

export class DynamoSubscriberStore implements SubscriberStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(list: string, email: string): Promise<Subscriber | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: subscriberKey(list, email), ConsistentRead: true }),
    );
    return Item ? fromItem(Item) : null;
  }

  async put(subscriber: Subscriber): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: toItem(subscriber) }));
  }

  async putIfUnchanged(subscriber: Subscriber, read: Subscriber | null): Promise<boolean> {
    if (
      read &&
      subscriberKey(read.list, read.email).sk !== subscriberKey(subscriber.list, subscriber.email).sk
    )
      throw new RangeError('putIfUnchanged: the record read is another address');
    try {
      // The check and the write are one atomic step in DynamoDB.
      await this.client.send(new PutCommand(conditionalPut(this.tableName, subscriber, read)));
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async putManyIfUnchanged(writes: readonly ConditionalWrite[]): Promise<ConditionalWrite[]> {
    // BatchWriteItem takes no conditions. Of the two ways to write many records conditionally, one PutItem per
    // record with its own ConditionExpression, CONDITIONAL_PUT_CONCURRENCY in flight, is the one used:
    // - every record succeeds or fails on its own, so a record that changed meanwhile refuses only itself
    //   (a TransactWriteItems of up to 100 Puts is cancelled whole by one failed condition, and must then be
    //   read from its CancellationReasons and sent again without that item);
    // - one write unit per record (a transaction costs two);
    // - dynalite, which runs the store locally (the CLI's data dir, the tests), does not implement
    //   TransactWriteItems at all.
    // Measured on dynalite, 5,000 records: conditional PutItems 32 in flight about 7.5 s (16 in flight slower,
    // 64 no faster), against 1.5 to 4.7 s unconditionally with BatchWriteItem (25 per request, 4 in flight):
    // dynalite is bound by its work per request. In AWS, where round-trip latency dominates, 32 requests in
    // flight write 32 records per round trip (the batches wrote up to 100), far below the table's
    // per-partition write limits.
    const refused = new Set<ConditionalWrite>();
    await pool(writes, CONDITIONAL_PUT_CONCURRENCY, async (write) => {
      if (!(await this.putIfUnchanged(write.subscriber, write.read))) refused.add(write);
    });
    // In the order they were given, whatever order the requests came back in.
    return writes.filter((w) => refused.has(w));
  }

  async putMany(subscribers: Subscriber[]): Promise<void> {
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < subscribers.length; i += BATCH_WRITE_SIZE) {
      batches.push(
        subscribers.slice(i, i + BATCH_WRITE_SIZE).map((s) => ({ PutRequest: { Item: toItem(s) } })),
      );
    }
    // A few batches in flight: round trips overlap; far below any per-partition write limit.
    await pool(batches, BATCH_CONCURRENCY, (batch) => this.batchWrite(batch));
  }

  async remove(list: string, email: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: subscriberKey(list, email) }));
  }

  async pageConfirmed(
    list: string,
    options: { topic?: string; cursor?: string | null; limit?: number },
  ): Promise<Page<Subscriber>> {
    const input: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: CONFIRMED_INDEX,
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': `CONFIRMED#${list}` },
    };
    if (options.topic !== undefined) {
      // `receivesTopic` (core/topic-audience.ts) as a filter: the records carrying the topic, and those with no
      // topics, which get every issue. A record stores its topics as a list, empty when the reader picked none
      // (`toItem`); a record without the attribute reads as no topics (`fromItem`), so it matches too.
      input.FilterExpression =
        'contains(topics, :topic) OR size(topics) = :zero OR attribute_not_exists(topics)';
      input.ExpressionAttributeValues = {
        ...input.ExpressionAttributeValues,
        ':topic': options.topic,
        ':zero': 0,
      };
    }
    return this.page(input, options);
  }

  async countByStatus(list: string): Promise<Record<SubscriberStatus, number>> {
    // One pass over the list's records that returns only their status, in as few requests as DynamoDB allows
    // (each Query reads up to 1 MB; no Limit). DynamoDB bills a Query, a `Select: 'COUNT'` one included, for every
    // record it reads, so this costs what reading the records costs; what it saves is the requests (a page of
    // 1,000 records each before), the transfer and the decoding of every record. Counting per status with
    // `Select: 'COUNT'` would read more: pending and unsubscribed records are in no index, so each of those counts
    // reads the whole list again (the confirmed count alone could come from confirmedByList). Per-list counters
    // kept by the writes would read one item, and are not used: docs/subscribers.md, "Counting a list".
    const counts: Record<SubscriberStatus, number> = { confirmed: 0, pending: 0, unsubscribed: 0 };
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :email)',
          ProjectionExpression: '#status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pk': `LIST#${list}`, ':email': 'EMAIL#' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of result.Items ?? []) {
        const status = item.status as SubscriberStatus;
        if (status in counts) counts[status]++;
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return counts;
  }

  async pageAll(
    list: string,
    options: { cursor?: string | null; limit?: number },
  ): Promise<Page<Subscriber>> {
    return this.page(
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :email)',
        ExpressionAttributeValues: { ':pk': `LIST#${list}`, ':email': 'EMAIL#' },
      },
      options,
    );
  }

  async searchPage(
    list: string,
    search: SubscriberSearch,
    options: { after?: string | null; before?: string | null; limit: number },
  ): Promise<SearchPage> {
    const limit = Math.min(Math.max(1, Math.floor(options.limit)), MAX_PAGE);
    const direction = options.before ? 'backward' : 'forward';
    const from = searchCursorKey(options.before || options.after);
    // The list's partition in address order (either way), from the cursor's place. The filter only saves
    // bandwidth: DynamoDB bills every record it reads, matching or not. A filter may not name the table's own
    // keys, so the address is matched in gsi1pk (`EMAIL#<lower-cased address>`, on every record); that may also
    // match the `EMAIL#` prefix, so each record is matched again here. A page reads its records and one match more (to
    // know whether a next page exists), never the whole list: that is also why the console shows no total
    // count, which for a filtered search would read every record of the list on every page.
    // A search for confirmed records reads the sparse confirmedByList index instead, which holds exactly those:
    // its sort key `EMAIL#<lower-cased address>` is the table's, so it gives the same records in the same order,
    // and a cursor names the same place in both (the place of a record that has left the index meanwhile too).
    // It reads only confirmed records, where the partition would also read every pending and unsubscribed one.
    // Like the partition's query, its reads are eventually consistent (an index cannot be read otherwise).
    const byIndex = search.status === 'confirmed';
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = byIndex
      ? { ':pk': `CONFIRMED#${list}` }
      : { ':pk': `LIST#${list}`, ':email': 'EMAIL#' };
    const filters: string[] = [];
    if (search.contains) {
      filters.push('contains(gsi1pk, :contains)');
      values[':contains'] = search.contains;
    }
    if (search.status && !byIndex) {
      filters.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = search.status;
    }
    if (search.topic) {
      filters.push('contains(topics, :topic)');
      values[':topic'] = search.topic;
    }
    const input: QueryCommandInput = {
      TableName: this.tableName,
      ...(byIndex
        ? { IndexName: CONFIRMED_INDEX, KeyConditionExpression: 'gsi2pk = :pk' }
        : { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :email)' }),
      ExpressionAttributeValues: values,
      ScanIndexForward: direction === 'forward',
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    };
    const read: Subscriber[] = [];
    // A start key on an index names the index's keys and the table's.
    let startKey: Record<string, unknown> | undefined =
      from === null
        ? undefined
        : {
            pk: `LIST#${list}`,
            sk: `EMAIL#${from}`,
            ...(byIndex ? { gsi2pk: `CONFIRMED#${list}`, gsi2sk: `EMAIL#${from}` } : {}),
          };
    // Unfiltered, one query of limit + 1 records is the page. Filtered, the records to read for it are unknown:
    // each further query reads twice as many as the one before, so a rare match costs a few round trips and a
    // common one reads little past the page.
    let evaluate = limit + 1;
    do {
      const result = await this.client.send(
        new QueryCommand({ ...input, Limit: evaluate, ExclusiveStartKey: startKey }),
      );
      for (const item of result.Items ?? []) {
        const subscriber = fromItem(item);
        if (read.length <= limit && subscriberMatches(subscriber, search)) read.push(subscriber);
      }
      startKey = result.LastEvaluatedKey;
      evaluate = Math.min(MAX_PAGE, evaluate * 2);
    } while (startKey && read.length <= limit);
    return searchPageOf(read, limit, direction, from !== null);
  }

  async listsOf(email: string): Promise<Subscriber[]> {
    const found: Subscriber[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Subscriber> = await this.page(
        {
          TableName: this.tableName,
          IndexName: BY_EMAIL_INDEX,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': `EMAIL#${addressKey(email)}` },
        },
        { cursor, limit: MAX_PAGE },
      );
      found.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return found;
  }

  async suppress(email: string, reason: SuppressionReason, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: suppressionKey(email),
        // The address is kept (for the operator) unless the person is forgotten later; the first time
        // and every reason accumulate, so a later bounce never hides an earlier complaint.
        UpdateExpression:
          'SET email = :email, firstAt = if_not_exists(firstAt, :at), lastAt = :at ADD reasons :reason',
        ExpressionAttributeValues: { ':email': email, ':at': at, ':reason': new Set([reason]) },
      }),
    );
  }

  async isSuppressed(email: string): Promise<boolean> {
    return (await this.getSuppression(email)) !== null;
  }

  async getSuppression(email: string): Promise<Suppression | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: suppressionKey(email), ConsistentRead: true }),
    );
    if (!Item) return null;
    return {
      email: typeof Item.email === 'string' ? Item.email : null,
      reasons: [...((Item.reasons as Set<SuppressionReason> | undefined) ?? [])].sort(),
      firstAt: String(Item.firstAt),
      lastAt: String(Item.lastAt),
    };
  }

  async suppressedAmong(emails: string[]): Promise<Set<string>> {
    return new Set((await this.suppressionsAmong(emails, 'pk')).keys());
  }

  async suppressionReasonsAmong(emails: string[]): Promise<Map<string, SuppressionReason[]>> {
    const found = new Map<string, SuppressionReason[]>();
    for (const [email, item] of await this.suppressionsAmong(emails, 'pk, reasons'))
      found.set(email, [...((item.reasons as Set<SuppressionReason> | undefined) ?? [])].sort());
    return found;
  }

  /**
   * The suppression items of those of `emails` that have one (each address that shares an item's hash maps to
   * it), BATCH_GET_SIZE keys a BatchGetItem, consistent reads, only the `projection` attributes.
   */
  private async suppressionsAmong(
    emails: string[],
    projection: string,
  ): Promise<Map<string, Record<string, unknown>>> {
    const byHash = new Map<string, string[]>();
    for (const email of emails) {
      const hash = emailHash(email);
      byHash.set(hash, [...(byHash.get(hash) ?? []), email]);
    }
    const hashes = [...byHash.keys()];
    const found = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < hashes.length; i += BATCH_GET_SIZE) {
      let keys: Record<string, unknown>[] = hashes
        .slice(i, i + BATCH_GET_SIZE)
        .map((hash) => ({ pk: `SUPPRESSED#${hash}`, sk: SUPPRESSION_SK }));
      for (let attempt = 0; keys.length > 0; attempt++) {
        const result = await this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: { Keys: keys, ProjectionExpression: projection, ConsistentRead: true },
            },
          }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          const hash = String(item.pk).slice('SUPPRESSED#'.length);
          for (const email of byHash.get(hash) ?? []) found.set(email, item);
        }
        keys =
          (result.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
        if (keys.length > 0) await backoff(attempt);
      }
    }
    return found;
  }

  async standing(list: string, email: string): Promise<RecipientStanding> {
    const recordKey = subscriberKey(list, email);
    const barKey = suppressionKey(email);
    let keys: Record<string, unknown>[] = [recordKey, barKey];
    let subscriber: Subscriber | null = null;
    let suppressed = false;
    // Both items in one strongly consistent BatchGetItem; a key DynamoDB leaves unprocessed (throttling) is
    // asked again a few times, and if it never comes the read fails rather than guess.
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 4) throw new Error(`could not read the standing of a recipient of ${list}`);
      const result = await this.client.send(
        new BatchGetCommand({
          RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } },
        }),
      );
      for (const item of result.Responses?.[this.tableName] ?? []) {
        if (item.pk === barKey.pk && item.sk === barKey.sk) suppressed = true;
        else if (item.pk === recordKey.pk && item.sk === recordKey.sk) subscriber = fromItem(item);
      }
      keys = (result.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      if (keys.length > 0) await backoff(attempt);
    }
    return { subscriber, suppressed };
  }

  async anonymiseSuppression(email: string): Promise<void> {
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: suppressionKey(email),
          UpdateExpression: 'REMOVE email',
          ConditionExpression: 'attribute_exists(pk)',
        }),
      )
      .catch((error: unknown) => {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  async removeSuppression(email: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: suppressionKey(email) }));
  }

  async claimConfirmationSlot(email: string, at: string, windowMs: number): Promise<boolean> {
    const sentAt = isoInstant(at);
    if (!Number.isFinite(windowMs) || windowMs < 0) throw new RangeError(`bad window: ${windowMs}`);
    const cutoff = new Date(Date.parse(sentAt) - windowMs).toISOString();
    try {
      // One item per address, written only when there is none or its last send is old enough:
      // DynamoDB evaluates the condition and the write atomically, so one concurrent caller wins.
      // Both sides are toISOString() forms, so the string comparison is the time comparison.
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...confirmSlotKey(email), type: 'confirmation-slot', sentAt },
          ConditionExpression: 'attribute_not_exists(pk) OR sentAt <= :cutoff',
          ExpressionAttributeValues: { ':cutoff': cutoff },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async removeConfirmationSlot(email: string, claimedAt?: string): Promise<void> {
    if (claimedAt === undefined) {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: confirmSlotKey(email) }));
      return;
    }
    await this.client
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: confirmSlotKey(email),
          ConditionExpression: 'sentAt = :at',
          ExpressionAttributeValues: { ':at': isoInstant(claimedAt) },
        }),
      )
      .catch((error: unknown) => {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  private async page(
    input: QueryCommandInput,
    options: { cursor?: string | null; limit?: number },
  ): Promise<Page<Subscriber>> {
    const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_PAGE)), MAX_PAGE);
    const items: Subscriber[] = [];
    let startKey = decodeCursor(options.cursor);
    // With a filter, one query may return fewer items than asked: keep going, never past `limit`
    // evaluated items, so that LastEvaluatedKey is exactly where the next page starts.
    do {
      const result = await this.client.send(
        new QueryCommand({ ...input, Limit: limit - items.length, ExclusiveStartKey: startKey }),
      );
      for (const item of result.Items ?? []) items.push(fromItem(item));
      startKey = result.LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return { items, next: startKey ? encodeCursor(startKey) : null };
  }

  private async batchWrite(requests: Record<string, unknown>[]): Promise<void> {
    let pending = requests;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`batch write left ${pending.length} items unprocessed`);
      const result = await this.client.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } }),
      );
      pending = (result.UnprocessedItems?.[this.tableName] as Record<string, unknown>[] | undefined) ?? [];
      if (pending.length > 0) await backoff(attempt);
    }
  }
}

function subscriberKey(list: string, email: string): { pk: string; sk: string } {
  return { pk: `LIST#${list}`, sk: `EMAIL#${addressKey(email)}` };
}

function suppressionKey(email: string): { pk: string; sk: string } {
  return { pk: `SUPPRESSED#${emailHash(email)}`, sk: SUPPRESSION_SK };
}

function confirmSlotKey(email: string): { pk: string; sk: string } {
  return { pk: `EMAIL#${addressKey(email)}`, sk: CONFIRM_SLOT_SK };
}

/** `at` as the fixed-width toISOString() form, so that instants compare as strings. */
function isoInstant(at: string): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`not a time: ${at}`);
  return new Date(ms).toISOString();
}

/**
 * The PutItem of `subscriber`, conditional on the stored record being as `read` found it: absent when `read` is
 * null, else with the same status, createdAt and updatedAt (attributes every record has always carried).
 */
function conditionalPut(tableName: string, subscriber: Subscriber, read: Subscriber | null) {
  return {
    TableName: tableName,
    Item: toItem(subscriber),
    ...(read
      ? {
          ConditionExpression: '#status = :status AND createdAt = :createdAt AND updatedAt = :updatedAt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': read.status,
            ':createdAt': read.createdAt,
            ':updatedAt': read.updatedAt,
          },
        }
      : { ConditionExpression: 'attribute_not_exists(pk)' }),
  };
}

function toItem(s: Subscriber): Record<string, unknown> {
  return {
    ...subscriberKey(s.list, s.email),
    gsi1pk: `EMAIL#${addressKey(s.email)}`,
    gsi1sk: `LIST#${s.list}`,
    ...(s.status === 'confirmed'
      ? { gsi2pk: `CONFIRMED#${s.list}`, gsi2sk: `EMAIL#${addressKey(s.email)}` }
      : {}),
    type: 'subscriber',
    email: s.email,
    list: s.list,
    status: s.status,
    topics: s.topics,
    timezone: s.timezone,
    consent: s.consent,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    confirmationSentAt: s.confirmationSentAt,
  };
}

function fromItem(item: Record<string, unknown>): Subscriber {
  return {
    email: String(item.email),
    list: String(item.list),
    status: item.status as Subscriber['status'],
    topics: Array.isArray(item.topics) ? item.topics.map(String) : [],
    timezone: typeof item.timezone === 'string' ? item.timezone : null,
    consent: (item.consent as Subscriber['consent']) ?? null,
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    confirmationSentAt: typeof item.confirmationSentAt === 'string' ? item.confirmationSentAt : null,
  };
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | null | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!key || typeof key !== 'object' || Array.isArray(key)) throw new Error('not an object');
    for (const value of Object.values(key)) if (typeof value !== 'string') throw new Error('not a key');
    return key as Record<string, unknown>;
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
}

function backoff(attempt: number): Promise<void> {
  return new Promise((ok) => setTimeout(ok, Math.min(1000, 25 * 2 ** attempt)));
}
