import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * An on-demand table keyed by string `pk` and `sk`: the single-table shape the briefings and
 * deliveries tables share. The CDK stack declares the same schema from these definitions.
 */
export function pkSkTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}
