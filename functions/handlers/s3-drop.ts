/**
 * S3 object-created events for drops: `lists/<list>/<anything>` queues the object for that list's
 * next briefing. The object's URL is recorded as an `s3://bucket/key` reference; the briefing reads
 * it through the archive bucket's reader (HTML or plain text). Keys outside `lists/<list>/` are
 * ignored and logged. Idempotent: a redelivered event finds the item already queued.
 */
import type { S3Event } from 'aws-lambda';
import type { BriefingStore } from '../ports/briefing-store.js';
import { LIST_NAME_RE } from './briefing-deps.js';

const DROP_KEY_RE = /^lists\/([^/]+)\/(.+)$/;

export interface S3DropDeps {
  store: BriefingStore;
  now: () => Date;
}

/** The list a drop key belongs to, or null. */
export function listOfKey(key: string): string | null {
  const m = DROP_KEY_RE.exec(key);
  const list = m ? m[1]! : null;
  return list && LIST_NAME_RE.test(list) && !m![2]!.endsWith('/') ? list : null;
}

export function createHandler(deps: S3DropDeps) {
  return async (event: S3Event): Promise<{ queued: number; ignored: number }> => {
    let queued = 0;
    let ignored = 0;
    for (const record of event.Records ?? []) {
      // S3 event keys are URL-encoded with '+' for spaces.
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const list = listOfKey(key);
      if (!list) {
        ignored++;
        continue;
      }
      const url = `s3://${record.s3.bucket.name}/${key}`;
      const at = record.eventTime ?? deps.now().toISOString();
      if (await deps.store.queueArticle(list, { url, queuedAt: at, origin: 's3' })) queued++;
    }
    process.stdout.write(`${JSON.stringify({ level: 'info', event: 's3-drop', queued, ignored })}\n`);
    return { queued, ignored };
  };
}

let live: ReturnType<typeof createHandler> | null = null;
export const handler = async (event: S3Event) => {
  if (!live) {
    const m = await import('./live-briefing-deps.js');
    const d = await m.liveBriefingDeps();
    live = createHandler({ store: d.store, now: d.now });
  }
  return live(event);
};
