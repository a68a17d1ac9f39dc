/**
 * The one way a Lambda entry point is made: dependencies are built on the first event and reused by the container
 * (module scope), so that importing a handler module (tests, the dev server) reads no environment and opens no
 * client. A build that fails is not kept: the next event builds again, so a container that met a missing secret
 * or a throttled Secrets Manager once recovers as soon as the cause is gone, instead of failing until recycled.
 * What the entry throws passes through maskedError: the runtime logs a thrown error itself, unmasked otherwise.
 */
import { maskedError } from '../../core/log-redaction.js';

/** A handler; the context may be left out where the handler does not use it (HTTP routes, `digest dev`). */
export type LambdaEntry<E, R, C> = undefined extends C
  ? (event: E, context?: C) => Promise<R>
  : (event: E, context: C) => Promise<R>;

export function lazyHandler<E, R, C = unknown>(
  build: () => Promise<LambdaEntry<E, R, C>>,
  /** Called with each invocation's context before the handler runs (the logger attaches it). */
  onInvoke?: (context: C) => void,
): LambdaEntry<E, R, C> {
  type Entry = (event: E, context: C) => Promise<R>;
  let built: Promise<Entry> | null = null;
  const entry: Entry = async (event, context) => {
    onInvoke?.(context);
    built ??= (build() as Promise<Entry>).catch((error: unknown) => {
      built = null;
      throw error;
    });
    try {
      return await (await built)(event, context);
    } catch (error) {
      throw maskedError(error);
    }
  };
  return entry as LambdaEntry<E, R, C>;
}
