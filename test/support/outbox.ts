/** The outbox of a data dir as a test reads it: the mail files `digest` wrote there. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The names of the .eml files in `dataDir/outbox`, sorted; none while there is no outbox. */
export function outboxFiles(dataDir: string): string[] {
  try {
    return readdirSync(join(dataDir, 'outbox'))
      .filter((n) => n.endsWith('.eml'))
      .sort();
  } catch {
    return [];
  }
}
