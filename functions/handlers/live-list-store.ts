/**
 * The lists in AWS: the lists table (LISTS_TABLE) in front of the deploy configuration's lists
 * (DIGEST_LISTS, with their titles and time zones) and the built-in `default` list, whose title is the
 * sender's display name (DIGEST_FROM) unless DIGEST_LIST_TITLE says otherwise. Imported lazily.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  builtInDefaultList,
  ConfiguredListStore,
  configuredList,
} from '../adapters/configured-list-store.js';
import { DynamoListStore } from '../adapters/dynamo-list-store.js';
import { ConfigError, optionalEnv, requireEnv } from '../config.js';
import { isListId } from '../core/list-id.js';
import { listDisplayName } from '../core/render-model.js';
import type { NewsletterList } from '../ports/list-store.js';

interface ConfiguredEntry {
  name: string;
  title?: string;
  description?: string;
  timezone?: string;
}

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

/**
 * DIGEST_LISTS's names, titles, descriptions and zones. Read with plain checks rather than the full schema of
 * configured-lists.ts: the stack writes this value (validated at synth, and again by the briefing functions),
 * and the page functions that only need a title stay free of zod.
 */
function configuredEntries(env: NodeJS.ProcessEnv): ConfiguredEntry[] {
  const raw = optionalEnv('DIGEST_LISTS', env);
  if (!raw) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new ConfigError('environment variable DIGEST_LISTS is not valid JSON', { cause });
  }
  if (!Array.isArray(json)) throw new ConfigError('environment variable DIGEST_LISTS is not a JSON array');
  return json.flatMap((entry: Record<string, unknown> | null) => {
    const name = textOf(entry?.name);
    if (!name || !isListId(name))
      throw new ConfigError(`DIGEST_LISTS: ${JSON.stringify(name)} is not a list id`);
    return [
      {
        name,
        title: textOf(entry?.title),
        description: textOf(entry?.description),
        timezone: textOf(entry?.timezone),
      },
    ];
  });
}

/** The configured lists as records: `default` always, then every DIGEST_LISTS entry. */
export function configuredListsFromEnv(env: NodeJS.ProcessEnv = process.env): NewsletterList[] {
  const builtIn = builtInDefaultList(env);
  const lists = new Map<string, NewsletterList>([[builtIn.id, builtIn]]);
  for (const entry of configuredEntries(env)) {
    const title = entry.title ?? lists.get(entry.name)?.title ?? listDisplayName(entry.name);
    lists.set(
      entry.name,
      configuredList(entry.name, title, {
        ...(entry.timezone ? { timeZone: entry.timezone } : {}),
        description: entry.description ?? null,
      }),
    );
  }
  return [...lists.values()];
}

export function listStoreFromEnv(env: NodeJS.ProcessEnv = process.env): ConfiguredListStore {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return new ConfiguredListStore(
    new DynamoListStore(client, requireEnv('LISTS_TABLE', env)),
    configuredListsFromEnv(env),
  );
}
