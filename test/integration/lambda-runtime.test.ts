/**
 * A Lambda entry point as AWS runs it: the exported `handler` of functions/handlers/feedback.ts, built from its
 * environment by the composition root (handlers/runtime/) against a real DynamoDB stand-in (in-memory dynalite
 * reached through the SDK's AWS_ENDPOINT_URL_DYNAMODB), logging through the Powertools Logger.
 */
import type { Context, SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  DynamoSubscriberStore,
  subscribersTableDefinition,
} from '../../functions/adapters/dynamo-subscriber-store.js';
import { ensureTable, type LocalDynamo, openLocalDynamo } from '../../functions/adapters/local-runtime.js';
import { captureLogs } from '../support/log-capture.js';

const TABLE = 'subscribers-runtime';
const saved = { ...process.env };
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await openLocalDynamo('/unused', { inMemory: true });
  await ensureTable(dynamo.client, subscribersTableDefinition(TABLE));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  delete process.env.SUBSCRIBERS_TABLE;
});

afterAll(async () => {
  process.env = saved;
  await dynamo?.close();
});

const bounce = (address: string): SNSEvent => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn',
      Sns: {
        MessageId: 'm1',
        Message: JSON.stringify({
          eventType: 'Bounce',
          bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: address }] },
          mail: {},
        }),
      } as SNSEvent['Records'][number]['Sns'],
    },
  ],
});

const context = { awsRequestId: 'req-1', functionName: 'feedback' } as Context;

it('a handler whose first build failed builds again on the next event and succeeds, logging no address', async () => {
  const { handler } = await import('../../functions/handlers/feedback.js');
  await expect(handler(bounce('first@example.org'), context)).rejects.toThrow(
    'environment variable SUBSCRIBERS_TABLE is required',
  );

  process.env.SUBSCRIBERS_TABLE = TABLE;
  const { result, output: logged } = await captureLogs(() =>
    handler(bounce('hard.bounce@example.org'), context),
  );
  expect(result).toMatchObject({ suppressed: 1 });
  const store = new DynamoSubscriberStore(dynamo.client, TABLE);
  expect(await store.isSuppressed('hard.bounce@example.org')).toBe(true);

  expect(logged).toContain('"event":"suppressed"');
  expect(logged).toContain('req-1');
  expect(logged).not.toContain('hard.bounce@example.org');
  expect(logged).toContain('h***@example.org');
});
