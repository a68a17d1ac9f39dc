/**
 * Key schemas of the three tables. They must match what the DynamoDB adapters write: keep this file and the
 * adapters' table definitions in step (test/infra/stacks.test.ts compares them when the adapters export theirs).
 * All keys are strings; billing is on demand.
 */
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

export const TABLE_DESIGNS: Record<'subscribers' | 'deliveries' | 'briefings', TableDesign> = {
  subscribers: {
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  },
  deliveries: {
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [],
  },
  briefings: {
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [],
  },
};
