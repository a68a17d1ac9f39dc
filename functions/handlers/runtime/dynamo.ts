/**
 * DynamoDB in the Lambdas: one document client per container, and the subscribers table (SUBSCRIBERS_TABLE) over
 * it. The ledger and the briefings table have their own modules (ledger.ts, briefings.ts), so that a function
 * bundles only the stores it uses.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoSubscriberStore } from '../../adapters/dynamo-subscriber-store.js';
import { env } from './env.js';

let documents: DynamoDBDocumentClient | undefined;
let subscribers: DynamoSubscriberStore | undefined;

export function documentClient(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documents;
}

export function subscriberStore(): DynamoSubscriberStore {
  subscribers ??= new DynamoSubscriberStore(documentClient(), env('SUBSCRIBERS_TABLE'));
  return subscribers;
}
