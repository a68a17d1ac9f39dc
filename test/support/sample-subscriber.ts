/** Subscriber records as an import writes them, for tests that seed a store directly. */
import type { Subscriber } from '../../functions/ports/subscriber-store.js';

/** A confirmed subscriber of `list`, imported at `at` (an ISO time): no topics, no time zone. */
export function importedSubscriber(email: string, list: string, at: string): Subscriber {
  return {
    email,
    list,
    status: 'confirmed',
    topics: [],
    timezone: null,
    consent: { at, method: 'import', ip: null, userAgent: null },
    createdAt: at,
    updatedAt: at,
    confirmationSentAt: null,
  };
}
