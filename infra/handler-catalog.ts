/**
 * The Lambda handlers the service is made of, one file each under functions/handlers/.
 *
 * The stateless stack builds one DigestFunction per entry. An entry whose file does not exist is not built: by default the synth then FAILS naming the missing files,
 * so that `cdk deploy` never brings up half a service. Setting the context flag `digest:allowMissingHandlers=true`
 * turns that into a synth warning and leaves the function, its routes and its triggers out; the infra test
 * `every planned handler is deployed` keeps failing until each file lands.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const HANDLERS_DIR = join(REPO_ROOT, 'functions', 'handlers');

export const PLANNED_HANDLERS = [
  // subscribers
  'subscribe',
  'confirm',
  'unsubscribe',
  'preferences',
  'feedback',
  'inbound-unsubscribe',
  // delivery
  'fan-out',
  'send-worker',
  'send-events',
  // briefings ('preview' is the `digest dev` page only and is never deployed)
  'schedule',
  'approve',
  'articles',
  'issue-page',
  'archive',
  'forward',
  'authorizer',
  's3-drop',
  // the admin console (`/admin`)
  'admin',
] as const;

export type HandlerName = (typeof PLANNED_HANDLERS)[number];

export const ALLOW_MISSING_HANDLERS_CONTEXT = 'digest:allowMissingHandlers';

export function handlerEntry(name: HandlerName): string {
  return join(HANDLERS_DIR, `${name}.ts`);
}

export function handlerExists(name: HandlerName): boolean {
  return existsSync(handlerEntry(name));
}

export function missingHandlers(): HandlerName[] {
  return PLANNED_HANDLERS.filter((name) => !handlerExists(name));
}
