/**
 * A fault-injecting HTTP proxy in front of dynalite: it forwards every DynamoDB request, except that
 * while an operation is set to throttle, that operation is answered as DynamoDB answers a throttled
 * request (HTTP 400, `ProvisionedThroughputExceededException`) without reaching dynalite, or with the error
 * a test gives (`fail`): any DynamoDB error type, message and fields, as DynamoDB's JSON error body carries them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startRefusingProxy } from './refusing-proxy.js';

/** A DynamoDB error answer: `__type` (without its namespace), `message`, and any other fields of the body. */
export interface DynamoFault {
  type: string;
  message: string;
  fields?: Record<string, unknown>;
}

const THROTTLED: DynamoFault = {
  type: 'ProvisionedThroughputExceededException',
  message: 'The level of configured provisioned throughput for the table was exceeded.',
};

export interface DynamoFaultProxy {
  url: string;
  /** Operations (`BatchGetItem`, `GetItem`, …) answered with a throttling error until cleared. */
  throttle(operations: string[]): void;
  /** Operations answered with this error (HTTP 400) until cleared with `throttle([])` or `fail([])`. */
  fail(operations: string[], fault?: DynamoFault): void;
  /** Requests answered with a fault so far, by operation. */
  throttled: Record<string, number>;
  /** A document client (one attempt per call, no SDK retries) that talks to dynalite through the proxy. */
  client(): DynamoDBDocumentClient;
  close(): Promise<void>;
}

export async function startDynamoFaultProxy(target: string): Promise<DynamoFaultProxy> {
  let throttling = new Set<string>();
  let fault = THROTTLED;
  const throttled: Record<string, number> = {};
  const proxy = await startRefusingProxy(target, {
    answer(req) {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      if (!throttling.has(operation)) return null;
      throttled[operation] = (throttled[operation] ?? 0) + 1;
      return {
        status: 400,
        contentType: 'application/x-amz-json-1.0',
        body: JSON.stringify({
          __type: `com.amazonaws.dynamodb.v20120810#${fault.type}`,
          message: fault.message,
          ...fault.fields,
        }),
      };
    },
  });
  const url = proxy.url;
  const clients: DynamoDBClient[] = [];
  return {
    url,
    throttled,
    throttle(operations) {
      throttling = new Set(operations);
      fault = THROTTLED;
    },
    fail(operations, answer = THROTTLED) {
      throttling = new Set(operations);
      fault = answer;
    },
    client() {
      const base = new DynamoDBClient({
        endpoint: url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      });
      clients.push(base);
      return DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
    },
    async close() {
      for (const client of clients) client.destroy();
      await proxy.close();
    },
  };
}
