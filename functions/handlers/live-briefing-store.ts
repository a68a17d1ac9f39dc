/**
 * The briefings table (BRIEFINGS_TABLE) with the deploy configuration's lists (DIGEST_LISTS) as defaults under
 * the table's own settings and feeds (configured-lists.ts), and the dependencies of POST /articles, which needs
 * nothing else. Imported lazily by the handlers.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConfiguredBriefingStore, listDefaultsFromEnv } from '../adapters/configured-lists.js';
import { requireEnv } from '../config.js';
import { authorizerVerdict, type QueueArticleDeps } from './briefing-deps.js';
import { stderrLog } from './http/errors.js';
import { listStoreFromEnv } from './live-list-store.js';

export function briefingStoreFromEnv(env: NodeJS.ProcessEnv = process.env): ConfiguredBriefingStore {
  const lists = listDefaultsFromEnv(env);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return new ConfiguredBriefingStore(doc, requireEnv('BRIEFINGS_TABLE', env), lists);
}

export function liveQueueArticleDeps(env: NodeJS.ProcessEnv = process.env): QueueArticleDeps {
  return {
    briefing: { store: briefingStoreFromEnv(env), now: () => new Date() },
    authenticate: authorizerVerdict,
    lists: listStoreFromEnv(env),
    log: stderrLog,
  };
}
