/**
 * ListStore on its own DynamoDB table (LISTS_TABLE), one item per list keyed by `id`. A table of its
 * own, not items in the briefings table: every reader-facing function reads lists, and none of them
 * needs the briefings table's queues, drafts and rate buckets.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  applyListChanges,
  DEFAULT_LIST_TIME_ZONE,
  DEFAULT_MAX_ITEM_AGE_DAYS,
} from '../core/newsletter-list.js';
import {
  checkUpdatedAt,
  type ListChanges,
  type ListStore,
  type NewsletterList,
} from '../ports/list-store.js';

/** The table's key schema; the CDK stack declares the same one. */
export function listsTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/** The local table name (`digest` commands and `digest dev`). */
export const LOCAL_LISTS_TABLE = 'digest-lists';

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException'
  );
}

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/** Reads an item defensively: a field a later version added is defaulted, never undefined. */
function fromItem(item: Record<string, unknown>): NewsletterList {
  return {
    id: String(item.id),
    title: text(item.title) ?? String(item.id),
    description: text(item.description),
    fromName: text(item.fromName),
    fromAddress: text(item.fromAddress),
    replyTo: text(item.replyTo),
    postalAddress: text(item.postalAddress),
    logoUrl: text(item.logoUrl),
    accentColor: text(item.accentColor),
    timeZone: text(item.timeZone) ?? DEFAULT_LIST_TIME_ZONE,
    subjectPrefix: text(item.subjectPrefix),
    topics: Array.isArray(item.topics) ? item.topics.filter((t): t is string => typeof t === 'string') : [],
    tracking: item.tracking === true,
    maxItemAgeDays: typeof item.maxItemAgeDays === 'number' ? item.maxItemAgeDays : DEFAULT_MAX_ITEM_AGE_DAYS,
    createdAt: String(item.createdAt ?? ''),
    updatedAt: String(item.updatedAt ?? ''),
  };
}

export class DynamoListStore implements ListStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<NewsletterList | null> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item) : null;
  }

  async list(): Promise<NewsletterList[]> {
    const lists: NewsletterList[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: start, ConsistentRead: true }),
      );
      for (const item of out.Items ?? []) lists.push(fromItem(item));
      start = out.LastEvaluatedKey;
    } while (start);
    return lists.sort((a, b) => a.id.localeCompare(b.id));
  }

  async create(list: NewsletterList): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: list,
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async update(
    id: string,
    changes: ListChanges,
    at: string,
    options: { ifUpdatedAt?: string } = {},
  ): Promise<NewsletterList | null> {
    // Read, then write conditioned on the version read: two concurrent updates never lose each other's fields. With
    // `ifUpdatedAt` the version is the caller's: a record changed since is refused, never written over or retried.
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.get(id);
      if (!current) return null;
      checkUpdatedAt(current, options);
      const next = applyListChanges(current, changes, at);
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: next,
            ConditionExpression: 'updatedAt = :read',
            ExpressionAttributeValues: { ':read': current.updatedAt },
          }),
        );
        return next;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new Error(`list "${id}" kept changing while it was being updated; try again`);
  }

  async delete(id: string): Promise<boolean> {
    const out = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { id }, ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes !== undefined;
  }
}
