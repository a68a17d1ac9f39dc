/**
 * The briefings table (BRIEFINGS_TABLE), one per container, with the deploy configuration's lists (DIGEST_LISTS)
 * as defaults under the table's own settings and feeds (adapters/configured-lists.ts).
 */
import { ConfiguredBriefingStore, parseListDefaults } from '../../adapters/configured-lists.js';
import { documentClient } from './dynamo.js';
import { env } from './env.js';

let briefings: ConfiguredBriefingStore | undefined;

export function briefingStore(): ConfiguredBriefingStore {
  briefings ??= new ConfiguredBriefingStore(
    documentClient(),
    env('BRIEFINGS_TABLE'),
    parseListDefaults(env('DIGEST_LISTS')),
  );
  return briefings;
}
