import type { HttpEvent, HttpResult } from './http/types.js';

/**
 * A Lambda handler whose dependencies are built on the first event and then reused by the
 * container (module scope), so that importing a handler module (tests, the dev server) reads no
 * environment and opens no client.
 */
export function lazyHandler<E = HttpEvent, R = HttpResult>(
  build: () => Promise<(event: E) => Promise<R>>,
): (event: E) => Promise<R> {
  let built: Promise<(event: E) => Promise<R>> | null = null;
  return async (event: E) => {
    built ??= build().catch((error: unknown) => {
      built = null;
      throw error;
    });
    return (await built)(event);
  };
}
