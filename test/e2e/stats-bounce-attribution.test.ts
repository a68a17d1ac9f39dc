/**
 * A bounce or complaint belongs to the issue that caused it, not to every issue the person ever
 * received: two issues go to one reader, the reader's address bounces (and complains) after the
 * second, and `digest stats` counts it for the second issue only, the way an unsubscribe is counted.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSubscriberStore } from '../../functions/adapters/dynamo-subscriber-store.js';
import { openLocalDynamo } from '../../functions/adapters/local-runtime.js';
import { DEFAULT_SUBSCRIBERS_TABLE } from '../../functions/cli/local-deps.js';
import { type OutboxNewsletter, outboxNewsletter } from '../support/outbox-newsletter.js';

let dir: string;
let env: NodeJS.ProcessEnv;
let cli: OutboxNewsletter['cli'];
let send: OutboxNewsletter['send'];
let first = '';
let second = '';

beforeAll(async () => {
  ({ dir, env, cli, send } = await outboxNewsletter('stats-bounce'));
  await cli('subscribers', 'add', 'reader@example.net', '--confirmed');
  await cli('subscribers', 'add', 'other@example.net', '--confirmed');
  first = await send();
  second = await send();
  // what the feedback handler leaves behind after the second issue: suppressions with their reasons
  const dynamo = await openLocalDynamo(env.DIGEST_DATA_DIR!);
  try {
    const store = new DynamoSubscriberStore(dynamo.client, DEFAULT_SUBSCRIBERS_TABLE);
    await store.suppress('reader@example.net', 'bounce', new Date().toISOString());
    await store.suppress('other@example.net', 'complaint', new Date().toISOString());
  } finally {
    await dynamo.close();
  }
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bounces and complaints in digest stats', { timeout: 120_000 }, () => {
  it('count for the issue that went out last before them', async () => {
    expect(JSON.parse(await cli('stats', second, '--json'))).toMatchObject({
      sent: 2,
      bounced: 1,
      complained: 1,
    });
  });

  it('do not count again for an earlier issue the same people received', async () => {
    expect(JSON.parse(await cli('stats', first, '--json'))).toMatchObject({
      sent: 2,
      bounced: 0,
      complained: 0,
    });
  });
});
