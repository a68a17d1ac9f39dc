/**
 * The lists in AWS: the lists table (LISTS_TABLE) in front of the deploy configuration's lists
 * (DIGEST_LISTS, with their titles and time zones, where the function has it) and the built-in `default`
 * list, titled DIGEST_LIST_TITLE (the stack sets the configuration's sender name), else DIGEST_FROM's name.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  builtInDefaultList,
  ConfiguredListStore,
  configuredList,
  PRODUCT_NAME,
} from '../../adapters/configured-list-store.js';
import { DynamoListStore } from '../../adapters/dynamo-list-store.js';
import { ConfigError, optionalEnv, requireEnv } from '../../config.js';
import { isListId } from '../../core/list-id.js';
import { listDisplayName } from '../../core/render-model.js';
import type { NewsletterList } from '../../ports/list-store.js';

interface ConfiguredEntry {
  name: string;
  title?: string;
  description?: string;
  timezone?: string;
  /** Open and click tracking (infra/digest.config.json `lists[].tracking`). */
  tracking: boolean;
}

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

/**
 * DIGEST_LISTS's names, titles, descriptions, zones and tracking switches. Read with plain checks rather than the full schema of
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
        tracking: entry?.tracking === true,
      },
    ];
  });
}

/** The configured lists as records: `default` always, then every DIGEST_LISTS entry. */
export function configuredListsFromEnv(env: NodeJS.ProcessEnv = process.env): NewsletterList[] {
  // The stack sets DIGEST_LIST_TITLE wherever it binds the lists table.
  const builtIn = builtInDefaultList(optionalEnv('DIGEST_LIST_TITLE', env) ?? PRODUCT_NAME);
  const lists = new Map<string, NewsletterList>([[builtIn.id, builtIn]]);
  for (const entry of configuredEntries(env)) {
    const title = entry.title ?? lists.get(entry.name)?.title ?? listDisplayName(entry.name);
    lists.set(
      entry.name,
      configuredList(entry.name, title, {
        ...(entry.timezone ? { timeZone: entry.timezone } : {}),
        description: entry.description ?? null,
        tracking: entry.tracking,
      }),
    );
  }
  return [...lists.values()];
}

let lists: ConfiguredListStore | undefined;

/** The container's list store. LISTS_TABLE is read with the plain reader: the page functions carry no zod. */
export function listStore(): ConfiguredListStore {
  lists ??= new ConfiguredListStore(
    // Its own client rather than dynamo.ts's: that module reads env.ts, and the page functions carry no zod.
    new DynamoListStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), requireEnv('LISTS_TABLE')),
    configuredListsFromEnv(process.env),
  );
  return lists;
}
