/**
 * Key schemas of the three tables, taken from the DynamoDB adapters' own table definitions (the ones `ensureTable`
 * creates locally), so that the deployed tables and the code that writes them cannot drift apart. TTL is not part
 * of CreateTable, so it is declared here, next to the adapter documentation that names the attribute.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { briefingsTableDefinition } from '../functions/adapters/dynamo-briefing-store.js';
import { deliveriesTableDefinition } from '../functions/adapters/dynamo-delivery-ledger.js';
import { listsTableDefinition } from '../functions/adapters/dynamo-list-store.js';
import { subscribersTableDefinition } from '../functions/adapters/dynamo-subscriber-store.js';

export interface IndexDesign {
  name: string;
  partitionKey: string;
  sortKey?: string;
}

export interface TableDesign {
  partitionKey: string;
  sortKey?: string;
  indexes: readonly IndexDesign[];
  timeToLiveAttribute?: string;
}

export type TableKindName = 'subscribers' | 'deliveries' | 'briefings' | 'lists';

function keyOf(schema: CreateTableCommandInput['KeySchema'], type: 'HASH' | 'RANGE'): string | undefined {
  return schema?.find((k) => k.KeyType === type)?.AttributeName;
}

/** Maps an adapter's CreateTable input to the design the stateful stack builds (string keys, every index). */
export function designFromDefinition(
  definition: CreateTableCommandInput,
  timeToLiveAttribute?: string,
): TableDesign {
  const types = new Map(
    (definition.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]),
  );
  const stringKey = (name: string | undefined, where: string): string | undefined => {
    if (name && types.get(name) !== 'S') throw new Error(`${where}: key ${name} is not a string attribute`);
    return name;
  };
  const partitionKey = stringKey(keyOf(definition.KeySchema, 'HASH'), definition.TableName ?? 'table');
  if (!partitionKey) throw new Error(`${definition.TableName}: no partition key`);
  return {
    partitionKey,
    sortKey: stringKey(keyOf(definition.KeySchema, 'RANGE'), definition.TableName ?? 'table'),
    indexes: (definition.GlobalSecondaryIndexes ?? []).map((index) => {
      const where = `${definition.TableName}/${index.IndexName}`;
      const pk = stringKey(keyOf(index.KeySchema, 'HASH'), where);
      if (!index.IndexName || !pk) throw new Error(`${where}: index without name or partition key`);
      if (index.Projection?.ProjectionType !== 'ALL')
        throw new Error(`${where}: only ALL projections are mapped`);
      return {
        name: index.IndexName,
        partitionKey: pk,
        sortKey: stringKey(keyOf(index.KeySchema, 'RANGE'), where),
      };
    }),
    timeToLiveAttribute,
  };
}

export const TABLE_DESIGNS: Record<TableKindName, TableDesign> = {
  subscribers: designFromDefinition(subscribersTableDefinition('subscribers')),
  deliveries: designFromDefinition(deliveriesTableDefinition('deliveries')),
  // dynamo-briefing-store.ts: "TTL on `expiresAt`" (rate-limit buckets expire by themselves).
  briefings: designFromDefinition(briefingsTableDefinition('briefings'), 'expiresAt'),
  lists: designFromDefinition(listsTableDefinition('lists')),
};
