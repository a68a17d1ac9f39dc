/**
 * BriefingStore on one DynamoDB table (BRIEFINGS_TABLE): `pk`/`sk` strings, TTL on `expiresAt`.
 *
 *   pk                      sk                              what
 *   LIST#<list>             SETTINGS                        ListSettings
 *   LIST#<list>             SOURCE#<feed url>               a feed
 *   LIST#<list>             QUEUE#<article url>             a queued article (one per URL)
 *   LIST#<list>             SENT#<at>#<issue>#<nnn>         fingerprint of a story already sent
 *   LIST#<list>             DROPPED#<at>#<issue>#<nnn>      fingerprint of a story an editor dropped before sending;
 *                                                           `expiresAt` STORY_MEMORY_DAYS after <at>
 *   LIST#<list>             STORY#<sha-256 of the key>      a story's claim: the one issue that carries it;
 *                                                           `expiresAt` STORY_MEMORY_DAYS after it was claimed or
 *                                                           last renewed
 *   LIST#<list>             LAST                            the last issue's window
 *   ISSUE#<list>#<window>   ISSUE                           the window claim: one issue per window
 *   DRAFT#<issue>           DRAFT                           a draft: pending, approved, expired or rejected
 *   PENDING                 <deadline>#<issue>              index of pending drafts, for the sweep
 *   RATE#<bucket>           RATE                            a counter that never resets: a one-shot claim
 *   RATE#<bucket>           WINDOW                          a sliding-window limit (dynamo-window-limits.ts)
 *   LOCK#<name>             LEASE                           a short lease (dynamo-lease-lock.ts): a console draft's save
 *   SESSION#<session id>    ENDED                           a signed-out console session (dynamo-ended-sessions.ts)
 */
import { createHash } from 'node:crypto';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SeenFingerprint } from '../core/compose.js';
import { pool } from '../core/pool.js';
import {
  type BriefingStore,
  type ClaimResult,
  DEFAULT_LIST_SETTINGS,
  type Draft,
  type DraftStatus,
  type FeedSource,
  type LastIssue,
  type ListSettings,
  type QueuedItem,
  STORY_MEMORY_DAYS,
  type StoryClaim,
  type StoryClaimResult,
  type WindowClaim,
  type WindowStatus,
} from '../ports/briefing-store.js';
import { pkSkTableDefinition } from './dynamo-key-schema.js';

/** The table's key schema; the CDK stack declares the same one. */
export function briefingsTableDefinition(tableName: string): CreateTableCommandInput {
  return pkSkTableDefinition(tableName);
}

/** The local table name (`digest` commands and `digest dev`). */
export const LOCAL_BRIEFINGS_TABLE = 'digest-briefings';

const DEFAULT_STALE_MS = 15 * 60_000;

type Item = Record<string, unknown>;

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException'
  );
}

const listPk = (list: string) => `LIST#${list}`;
const windowPk = (list: string, window: string) => `ISSUE#${list}#${window}`;
const draftPk = (issueId: string) => `DRAFT#${issueId}`;
/** A digest of the claim key: a URL may be longer than a sort key may be (1 KB). */
const storySk = (key: string) => `STORY#${createHash('sha256').update(key).digest('base64url')}`;

/** The table's TTL value (Unix seconds) of a story's claim or an editor's drop written or renewed at `at`. */
function storyMemoryExpiry(at: string): number {
  return Math.ceil((Date.parse(at) + STORY_MEMORY_DAYS * 86_400_000) / 1000);
}

/** How many claims are renewed at once. */
const RENEW_CONCURRENCY = 8;

function storyClaimOf(item: Item): StoryClaim {
  return {
    key: String(item.key),
    issueId: String(item.issueId),
    claimedAt: String(item.claimedAt),
    title: (item.title as string | null | undefined) ?? null,
    url: (item.url as string | null | undefined) ?? null,
  };
}

/**
 * The condition that a stored draft's issue is at a version (core/issue-version.ts: the length of its audit trail;
 * version 0 has none, or none yet), to AND with the rest of a draft write's condition (`#d` is the draft). Nothing
 * when no version is expected.
 */
function versionCondition(expect: { version: string } | undefined): {
  condition: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
} {
  if (!expect) return { condition: '', names: {}, values: {} };
  const version = Number(expect.version);
  // A version that is no count (a form's garbage) matches no draft.
  if (!Number.isSafeInteger(version) || version < 0)
    return { condition: ' AND attribute_not_exists(#d)', names: {}, values: {} };
  return {
    condition:
      version === 0
        ? ' AND (attribute_not_exists(#d.#i.#a) OR size(#d.#i.#a) = :n)'
        : ' AND size(#d.#i.#a) = :n',
    names: { '#i': 'issue', '#a': 'audit' },
    values: { ':n': version },
  };
}

function fingerprintOf(item: Item): SeenFingerprint {
  return {
    url: (item.url as string | null | undefined) ?? null,
    guid: (item.guid as string | null | undefined) ?? null,
    minhash: Array.isArray(item.minhash) ? (item.minhash as number[]) : null,
  };
}

export class DynamoBriefingStore implements BriefingStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async get(pk: string, sk: string): Promise<Item | null> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }),
    );
    return (out.Item as Item | undefined) ?? null;
  }

  private async query(
    input: Omit<QueryCommandInput, 'TableName'>,
    limit = Number.POSITIVE_INFINITY,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          ...input,
          TableName: this.tableName,
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      items.push(...((out.Items as Item[] | undefined) ?? []));
      start = out.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (start && items.length < limit);
    return items.slice(0, limit);
  }

  private prefix(pk: string, prefix: string, forward = true, limit?: number): Promise<Item[]> {
    return this.query(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
        ScanIndexForward: forward,
        ...(limit ? { Limit: limit } : {}),
      },
      limit,
    );
  }

  async getSettings(list: string): Promise<ListSettings> {
    return (await this.findSettings(list)) ?? { ...DEFAULT_LIST_SETTINGS, list };
  }

  /** The list's stored settings (defaults filling missing fields), or null when the table has no record. */
  async findSettings(list: string): Promise<ListSettings | null> {
    const item = await this.get(listPk(list), 'SETTINGS');
    if (!item) return null;
    const stored = (item.settings as Partial<ListSettings> | undefined) ?? {};
    return { ...DEFAULT_LIST_SETTINGS, ...stored, list };
  }

  async putSettings(settings: ListSettings): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: listPk(settings.list), sk: 'SETTINGS', settings },
      }),
    );
  }

  async addSource(list: string, url: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: listPk(list), sk: `SOURCE#${url}`, url, addedAt: at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async removeSource(list: string, url: string): Promise<boolean> {
    const out = await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: listPk(list), sk: `SOURCE#${url}` },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Boolean(out.Attributes);
  }

  async listSources(list: string): Promise<FeedSource[]> {
    const items = await this.prefix(listPk(list), 'SOURCE#');
    return items.map((i) => ({ url: String(i.url), addedAt: String(i.addedAt) }));
  }

  async queueArticle(list: string, item: QueuedItem): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: listPk(list), sk: `QUEUE#${item.url}`, ...item },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async listQueued(list: string): Promise<QueuedItem[]> {
    const items = await this.prefix(listPk(list), 'QUEUE#');
    return items
      .map(
        (i) =>
          ({
            url: String(i.url),
            queuedAt: String(i.queuedAt),
            origin: i.origin === 's3' ? 's3' : 'queue',
          }) as QueuedItem,
      )
      .sort((a, b) => (a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : 0));
  }

  async dequeue(list: string, urls: readonly string[]): Promise<void> {
    for (const url of new Set(urls)) {
      await this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: { pk: listPk(list), sk: `QUEUE#${url}` } }),
      );
    }
  }

  async recentlySent(list: string, limit = 2000): Promise<SeenFingerprint[]> {
    return (await this.prefix(listPk(list), 'SENT#', false, limit)).map(fingerprintOf);
  }

  async recordSent(
    list: string,
    issueId: string,
    fingerprints: readonly SeenFingerprint[],
    at: string,
  ): Promise<void> {
    await this.recordFingerprints('SENT#', list, issueId, fingerprints, at);
  }

  async recentlyDropped(list: string, limit = 2000): Promise<SeenFingerprint[]> {
    return (await this.prefix(listPk(list), 'DROPPED#', false, limit)).map(fingerprintOf);
  }

  async recordDropped(
    list: string,
    issueId: string,
    fingerprints: readonly SeenFingerprint[],
    at: string,
  ): Promise<void> {
    await this.recordFingerprints('DROPPED#', list, issueId, fingerprints, at);
  }

  private async recordFingerprints(
    prefix: 'SENT#' | 'DROPPED#',
    list: string,
    issueId: string,
    fingerprints: readonly SeenFingerprint[],
    at: string,
  ): Promise<void> {
    let n = 0;
    for (const f of fingerprints) {
      const sk = `${prefix}${at}#${issueId}#${String(n++).padStart(3, '0')}`;
      // An editor's drop is forgotten after STORY_MEMORY_DAYS (a feed item is long too old by then); what was sent
      // is kept, the history every briefing reads.
      const expiry = prefix === 'DROPPED#' ? { expiresAt: storyMemoryExpiry(at) } : {};
      // Deterministic keys: recording the same issue twice rewrites the same items.
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: listPk(list), sk, issueId, url: f.url, guid: f.guid, minhash: f.minhash, ...expiry },
        }),
      );
    }
  }

  async claimStory(list: string, claim: StoryClaim): Promise<StoryClaimResult> {
    const key = { pk: listPk(list), sk: storySk(claim.key) };
    // A claim released between the failed write and the read is tried again (a few times at most).
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const out = await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...key, ...claim, expiresAt: storyMemoryExpiry(claim.claimedAt) },
            ConditionExpression: 'attribute_not_exists(pk) OR issueId = :me',
            ExpressionAttributeValues: { ':me': claim.issueId },
            ReturnValues: 'ALL_OLD',
          }),
        );
        return { claimed: true, fresh: !out.Attributes };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const holder = await this.get(key.pk, key.sk);
      if (holder) return { claimed: false, holder: storyClaimOf(holder) };
    }
    throw new Error(`the claim of ${claim.key} on ${list} keeps changing hands`);
  }

  async takeOverStory(list: string, claim: StoryClaim, from: StoryClaim): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: listPk(list),
            sk: storySk(claim.key),
            ...claim,
            expiresAt: storyMemoryExpiry(claim.claimedAt),
          },
          ConditionExpression: 'issueId = :from AND claimedAt = :at',
          ExpressionAttributeValues: { ':from': from.issueId, ':at': from.claimedAt },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async renewStories(list: string, keys: readonly string[], at: string): Promise<void> {
    const expiresAt = storyMemoryExpiry(at);
    const todo = [...new Set(keys)];
    const renew = async (key: string) => {
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: listPk(list), sk: storySk(key) },
            UpdateExpression: 'SET expiresAt = :e',
            // Never create a claim, never shorten one; a claim written before claims expired gets an expiry here.
            ConditionExpression:
              'attribute_exists(pk) AND (attribute_not_exists(expiresAt) OR expiresAt < :e)',
            ExpressionAttributeValues: { ':e': expiresAt },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    };
    await pool(todo, RENEW_CONCURRENCY, renew);
  }

  async releaseStory(list: string, claim: StoryClaim): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: listPk(list), sk: storySk(claim.key) },
          ConditionExpression: 'issueId = :me AND claimedAt = :at',
          ExpressionAttributeValues: { ':me': claim.issueId, ':at': claim.claimedAt },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async getLastIssue(list: string): Promise<LastIssue | null> {
    const item = await this.get(listPk(list), 'LAST');
    if (!item) return null;
    return { issueId: String(item.issueId), window: String(item.window), windowEnd: String(item.windowEnd) };
  }

  async setLastIssue(list: string, last: LastIssue): Promise<void> {
    // Never move the window backwards (an approval of an older draft after a newer issue).
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: listPk(list), sk: 'LAST', ...last },
          ConditionExpression: 'attribute_not_exists(pk) OR windowEnd <= :end',
          ExpressionAttributeValues: { ':end': last.windowEnd },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async claimWindow(
    list: string,
    window: string,
    issueId: string,
    at: string,
    staleAfterMs = DEFAULT_STALE_MS,
  ): Promise<ClaimResult> {
    const claim: WindowClaim = {
      list,
      window,
      issueId,
      status: 'composing',
      claimedAt: at,
      updatedAt: at,
      note: null,
    };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: windowPk(list, window), sk: 'ISSUE', ...claim },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { claimed: true, claim };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const existing = await this.getWindow(list, window);
    if (!existing) throw new Error(`window ${list}/${window} vanished while it was being claimed`);
    const staleBefore = new Date(Date.parse(at) - staleAfterMs).toISOString();
    // A stale `composing` claim (its process died), a `failed` one (the run threw before anything was archived:
    // the Scheduler's retry of that window), a `conflict` one (nothing was sent: another issue had claimed one
    // of its stories) and a `no-recipients` one (nothing was sent: nobody on the list could be mailed) are taken
    // over, keeping the issue id. The condition on the status and time read makes one taker win.
    const stale = existing.status === 'composing' && existing.updatedAt <= staleBefore;
    const retried = ['failed', 'conflict', 'no-recipients'].includes(existing.status);
    if (stale || retried) {
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: windowPk(list, window), sk: 'ISSUE' },
            UpdateExpression: 'SET #s = :composing, updatedAt = :at, note = :none',
            ConditionExpression: '#s = :seenStatus AND updatedAt = :seen',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':at': at,
              ':composing': 'composing',
              ':none': null,
              ':seenStatus': existing.status,
              ':seen': existing.updatedAt,
            },
          }),
        );
        return { claimed: true, claim: { ...existing, status: 'composing', updatedAt: at, note: null } };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    return { claimed: false, existing };
  }

  async settleWindow(
    list: string,
    window: string,
    status: WindowStatus,
    at: string,
    note: string | null = null,
  ): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: windowPk(list, window), sk: 'ISSUE' },
        UpdateExpression: 'SET #s = :s, updatedAt = :at, note = :note',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': status, ':at': at, ':note': note },
      }),
    );
  }

  async getWindow(list: string, window: string): Promise<WindowClaim | null> {
    const item = await this.get(windowPk(list, window), 'ISSUE');
    if (!item) return null;
    return {
      list,
      window,
      issueId: String(item.issueId),
      status: item.status as WindowStatus,
      claimedAt: String(item.claimedAt),
      updatedAt: String(item.updatedAt),
      note: (item.note as string | null | undefined) ?? null,
    };
  }

  async putDraft(draft: Draft): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: draftPk(draft.issueId), sk: 'DRAFT', draft } }),
    );
    if (draft.status === 'pending') {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: 'PENDING', sk: `${draft.deadline}#${draft.issueId}`, issueId: draft.issueId },
        }),
      );
    }
  }

  async getDraft(issueId: string): Promise<Draft | null> {
    const item = await this.get(draftPk(issueId), 'DRAFT');
    return (item?.draft as Draft | undefined) ?? null;
  }

  async updatePendingDraft(draft: Draft, expect?: { version: string }): Promise<boolean> {
    const version = versionCondition(expect);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: draftPk(draft.issueId), sk: 'DRAFT', draft },
          ConditionExpression: `#d.#s = :pending${version.condition}`,
          ExpressionAttributeNames: { '#d': 'draft', '#s': 'status', ...version.names },
          ExpressionAttributeValues: { ':pending': 'pending', ...version.values },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async settleDraft(
    issueId: string,
    to: Exclude<DraftStatus, 'pending'>,
    at: string,
    expect?: { version: string },
  ): Promise<boolean> {
    let deadline: string;
    const version = versionCondition(expect);
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: draftPk(issueId), sk: 'DRAFT' },
          UpdateExpression: 'SET #d.#s = :to, #d.settledAt = :at',
          ConditionExpression: `#d.#s = :pending${version.condition}`,
          ExpressionAttributeNames: { '#d': 'draft', '#s': 'status', ...version.names },
          ExpressionAttributeValues: { ':to': to, ':at': at, ':pending': 'pending', ...version.values },
          ReturnValues: 'ALL_NEW',
        }),
      );
      deadline = String((out.Attributes?.draft as Draft | undefined)?.deadline);
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: 'PENDING', sk: `${deadline}#${issueId}` } }),
    );
    return true;
  }

  async overdueDrafts(at: string): Promise<Draft[]> {
    const index = await this.query({
      KeyConditionExpression: 'pk = :pk AND sk <= :at',
      ExpressionAttributeValues: { ':pk': 'PENDING', ':at': `${at}#\uffff` },
    });
    const drafts: Draft[] = [];
    for (const entry of index) {
      const draft = await this.getDraft(String(entry.issueId));
      if (draft && draft.status === 'pending' && draft.deadline <= at) drafts.push(draft);
    }
    return drafts;
  }

  async pendingDrafts(list: string): Promise<Draft[]> {
    const index = await this.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'PENDING' },
    });
    const drafts: Draft[] = [];
    for (const entry of index) {
      const draft = await this.getDraft(String(entry.issueId));
      if (draft && draft.status === 'pending' && draft.list === list) drafts.push(draft);
    }
    return drafts;
  }

  async takeRate(bucket: string, count: number, limit: number, expiresAt: string): Promise<boolean> {
    if (count > limit) return false;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `RATE#${bucket}`, sk: 'RATE' },
          UpdateExpression: 'ADD n :c SET expiresAt = :ttl',
          ConditionExpression: 'attribute_not_exists(n) OR n <= :max',
          ExpressionAttributeValues: {
            ':c': count,
            ':max': limit - count,
            ':ttl': Math.ceil(Date.parse(expiresAt) / 1000),
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
