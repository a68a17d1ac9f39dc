/**
 * What DynamoDB's time to live does to a table whose TTL attribute is `expiresAt` (Unix seconds), which dynalite
 * does not do: deletes every item whose `expiresAt` is a number at or before `at`. Items without one stay.
 * DynamoDB deletes them some time after (up to days); a test sweeps at the moment it wants.
 */
import { DeleteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

export async function sweepExpired(client: DynamoDBDocumentClient, table: string, at: Date): Promise<number> {
  const now = Math.floor(at.getTime() / 1000);
  let removed = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      if (typeof item.expiresAt !== 'number' || item.expiresAt > now) continue;
      await client.send(new DeleteCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk } }));
      removed++;
    }
    start = page.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start);
  return removed;
}
