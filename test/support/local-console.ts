/**
 * The editor's console over an in-memory local stack, served on 127.0.0.1 at a random port, and the API key that
 * signs in to it: for tests that read what the console's pages cost or show.
 */
import { updateLocalApiKeys } from '../../functions/adapters/api-key-changes.js';
import { startLocalHttpServer } from '../../functions/adapters/local-http-server.js';
import { createAdminHandler } from '../../functions/admin/router.js';
import { openAdminLocalDeps } from '../../functions/cli/admin-local-deps.js';
import { type LocalDeps, openLocalDeps } from '../../functions/cli/local-deps.js';

export interface LocalConsole {
  deps: LocalDeps;
  server: Awaited<ReturnType<typeof startLocalHttpServer>>;
  /** An API key of the data dir, to sign in with. */
  key: string;
}

export async function startLocalConsole(
  dataDir: string,
  clock: { now(): Date },
  secret: string,
): Promise<LocalConsole> {
  const env = { ...process.env, DIGEST_SECRET: secret, DIGEST_TRANSPORT: 'outbox' };
  const deps = await openLocalDeps({ dataDir, inMemory: true, clock, env });
  const key = (await updateLocalApiKeys(dataDir, { rotate: false })).key.key;
  const handler = createAdminHandler(await openAdminLocalDeps(deps), () => {});
  const paths = ['/admin', '/admin/:a', '/admin/:a/:b', '/admin/:a/:b/:c'];
  const server = await startLocalHttpServer({
    routes: paths.map((path) => ({ method: ['GET', 'POST'] as const, path, handler })),
  });
  return { deps, server, key };
}
