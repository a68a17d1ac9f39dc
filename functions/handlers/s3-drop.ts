/**
 * Object-created events for drops (EventBridge "Object Created" from the archive bucket, or classic
 * S3 notifications): `lists/<list>/<anything>` queues the object for that list's next briefing.
 * JSON keys are ignored: the archive writes its own `lists/<list>/…json` summaries there. The object's URL is recorded as an `s3://bucket/key` reference; the briefing reads
 * it through the archive bucket's reader (HTML or plain text). Keys outside `lists/<list>/` are
 * ignored and logged. Idempotent: a redelivered event finds the item already queued.
 */
import type { S3Event } from 'aws-lambda';
import type { BriefingStore } from '../ports/briefing-store.js';
import { LIST_NAME_RE } from './dependencies.js';
import { type Log, stderrLog } from './http/errors.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext } from './runtime/logger.js';

const DROP_KEY_RE = /^lists\/([^/]+)\/(.+)$/;

export interface S3DropDeps {
  store: BriefingStore;
  now: () => Date;
  log?: Log;
}

/** The list a drop key belongs to, or null. */
export function listOfKey(key: string): string | null {
  const m = DROP_KEY_RE.exec(key);
  const list = m ? m[1]! : null;
  return list && LIST_NAME_RE.test(list) && !m![2]!.endsWith('/') ? list : null;
}

interface ObjectCreated {
  bucket: string;
  key: string;
  at: string | null;
}

interface EventBridgeS3Event {
  'detail-type'?: string;
  time?: string;
  detail?: { bucket?: { name?: string }; object?: { key?: string } };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The objects an event is about, whichever of the two shapes it has. */
export function objectsOf(event: S3Event | EventBridgeS3Event): ObjectCreated[] {
  if ('Records' in event && Array.isArray(event.Records)) {
    // S3 notification keys are URL-encoded with '+' for spaces.
    return event.Records.map((r) => ({
      bucket: r.s3.bucket.name,
      key: safeDecode(r.s3.object.key.replace(/\+/g, ' ')),
      at: r.eventTime ?? null,
    }));
  }
  const e = event as EventBridgeS3Event;
  const bucket = e.detail?.bucket?.name;
  const key = e.detail?.object?.key;
  return bucket && key ? [{ bucket, key: safeDecode(key), at: e.time ?? null }] : [];
}

export function createHandler(deps: S3DropDeps) {
  return async (event: S3Event | EventBridgeS3Event): Promise<{ queued: number; ignored: number }> => {
    let queued = 0;
    let ignored = 0;
    for (const { bucket, key, at } of objectsOf(event)) {
      const list = key.endsWith('.json') ? null : listOfKey(key);
      if (!list) {
        ignored++;
        continue;
      }
      const url = `s3://${bucket}/${key}`;
      if (
        await deps.store.queueArticle(list, { url, queuedAt: at ?? deps.now().toISOString(), origin: 's3' })
      )
        queued++;
    }
    (deps.log ?? stderrLog)({ level: 'info', event: 's3-drop', queued, ignored });
    return { queued, ignored };
  };
}

export const handler = lazyHandler(async () => {
  const { briefingStore } = await import('./runtime/briefings.js');
  const { lambdaLog } = await import('./runtime/logger.js');
  return createHandler({ store: briefingStore(), now: () => new Date(), log: lambdaLog });
}, attachLambdaContext);
