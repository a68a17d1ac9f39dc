/**
 * Counts the DynamoDB requests a client makes, through the client's own middleware: each command with its
 * table, index and operation, so a test can say how many requests an operation took and on which index.
 * Commands, not timings: the SDK's retries of one command are not counted apart.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoRequest {
  /** `Query`, `GetItem`, `BatchGetItem`, … */
  operation: string;
  table: string | null;
  index: string | null;
}

export interface DynamoRequestLog {
  readonly requests: DynamoRequest[];
  /** The requests since `clear()` that match, e.g. `{ operation: 'Query', table: 'subscribers' }`. */
  count(match: Partial<DynamoRequest>): number;
  clear(): void;
}

export function logDynamoRequests(client: DynamoDBDocumentClient): DynamoRequestLog {
  const requests: DynamoRequest[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TableName?: string; IndexName?: string; RequestItems?: object };
      requests.push({
        operation: String(context.commandName ?? '').replace(/Command$/, ''),
        table: input.TableName ?? (input.RequestItems ? (Object.keys(input.RequestItems)[0] ?? null) : null),
        index: input.IndexName ?? null,
      });
      return next(args);
    },
    { step: 'initialize', name: 'testRequestLog' },
  );
  return {
    requests,
    count: (match) =>
      requests.filter((r) =>
        (Object.entries(match) as [keyof DynamoRequest, string | null][]).every(([k, v]) => r[k] === v),
      ).length,
    clear: () => {
      requests.length = 0;
    },
  };
}
