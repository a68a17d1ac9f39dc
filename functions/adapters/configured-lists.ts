/**
 * The deploy configuration's lists (infra/digest.config.json `lists[]`) as the functions see them: the stateless
 * stack passes them as one JSON environment variable, DIGEST_LISTS, already mapped to the runtime's names
 * (`mode` `send` → `auto`). They are the defaults of each list's settings and feeds in AWS:
 *
 * - settings: a `LIST#<list>` / `SETTINGS` record in the briefings table wins (written by `digest sources settings`);
 *   without one, the configured list's mode, time zone and editor apply; without either, DEFAULT_LIST_SETTINGS.
 * - feeds: the table's `SOURCE#` records win when there are any; otherwise the configured list's feeds.
 *
 * Parsed and validated at cold start: a bad value throws ConfigError naming DIGEST_LISTS.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import { isTimeZone } from '../core/time-zone.js';
import { DEFAULT_LIST_SETTINGS, type FeedSource, type ListSettings } from '../ports/briefing-store.js';
import { DynamoBriefingStore } from './dynamo-briefing-store.js';

export const LISTS_ENV = 'DIGEST_LISTS';

/** `addedAt` of a feed that comes from the deploy configuration rather than the table. */
export const CONFIGURED_FEED_ADDED_AT = '1970-01-01T00:00:00.000Z';

const listDefaultsSchema = z
  .object({
    name: z.string().trim().min(1),
    mode: z.enum(['auto', 'review']),
    timezone: z.string().refine(isTimeZone, (v) => ({ message: `"${v}" is not an IANA time zone` })),
    editor: z.string().trim().email().nullable(),
    feeds: z.array(z.string().url()),
    /** What readers see (infra/digest.config.json `lists[].title`); absent: the built-in default rule. */
    title: z.string().trim().min(1).max(120).optional(),
    description: z.string().trim().max(1000).optional(),
    /** Open and click tracking where the lists table has no record of the list (read by runtime/lists.ts). */
    tracking: z.boolean().optional(),
  })
  .strict();

/** One configured list, in the runtime's terms (what DIGEST_LISTS carries, as a JSON array). */
export type ListDefaults = z.output<typeof listDefaultsSchema>;

const listsSchema = z.array(listDefaultsSchema).superRefine((lists, ctx) => {
  const seen = new Set<string>();
  lists.forEach((list, index) => {
    if (seen.has(list.name)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [index, 'name'],
        message: `duplicate list "${list.name}"`,
      });
    }
    seen.add(list.name);
  });
});

/** Parses DIGEST_LISTS; unset or blank means no configured lists. Throws ConfigError naming the variable. */
export function parseListDefaults(raw: string | undefined): Map<string, ListDefaults> {
  const text = raw?.trim();
  if (!text) return new Map();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(
      `environment variable ${LISTS_ENV} is not valid JSON: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const result = listsSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`environment variable ${LISTS_ENV} is invalid: ${problems.join('; ')}`);
  }
  return new Map(result.data.map((list) => [list.name, list]));
}

export function listDefaultsFromEnv(env: NodeJS.ProcessEnv = process.env): Map<string, ListDefaults> {
  return parseListDefaults(env[LISTS_ENV]);
}

/** The settings a configured list starts with when the table has no record of its own. */
export function settingsFromDefaults(defaults: ListDefaults): ListSettings {
  return {
    ...DEFAULT_LIST_SETTINGS,
    list: defaults.name,
    mode: defaults.mode,
    timezone: defaults.timezone,
    editor: defaults.editor,
  };
}

/** The briefings table, with the configured lists as the fallback for settings and feeds (see the file comment). */
export class ConfiguredBriefingStore extends DynamoBriefingStore {
  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    private readonly lists: ReadonlyMap<string, ListDefaults>,
  ) {
    super(client, tableName);
  }

  override async getSettings(list: string): Promise<ListSettings> {
    const stored = await this.findSettings(list);
    if (stored) return stored;
    const configured = this.lists.get(list);
    return configured ? settingsFromDefaults(configured) : { ...DEFAULT_LIST_SETTINGS, list };
  }

  override async listSources(list: string): Promise<FeedSource[]> {
    const stored = await super.listSources(list);
    if (stored.length > 0) return stored;
    return (this.lists.get(list)?.feeds ?? []).map((url) => ({ url, addedAt: CONFIGURED_FEED_ADDED_AT }));
  }
}
