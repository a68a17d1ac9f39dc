/**
 * Fan-out: `{ "issueId", "list", "topic"? }` (from the schedule function or an operator's invoke) →
 * the list's confirmed, unsuppressed subscribers as send jobs on SQS, ten per SendMessageBatch.
 * Errors are rethrown: the async invoke retries, then its dead-letter queue keeps the event. A
 * repeated fan-out is harmless: the ledger lets each (issue, recipient) go out once.
 */
import { z } from 'zod';
import type { SubscriberStore } from '../ports/subscriber-store.js';
import { type FanOutResult, fanOut, type JobSink } from '../use-cases/deliver-issue.js';
import { lazyHandler } from './lazy-handler.js';

const eventSchema = z.object({
  issueId: z.string().min(1).max(200),
  list: z.string().min(1).max(100),
  topic: z.string().min(1).max(100).optional(),
});

export interface FanOutDeps {
  store: SubscriberStore;
  sink: JobSink;
}

export function createHandler(
  deps: FanOutDeps,
): (event: unknown) => Promise<FanOutResult & { issueId: string }> {
  return async (event) => {
    const input = eventSchema.parse(event);
    const result = await fanOut(deps, { ...input, batchSize: 10 });
    console.log(JSON.stringify({ level: 'info', event: 'fan-out', issueId: input.issueId, ...result }));
    return { issueId: input.issueId, ...result };
  };
}

export const handler = lazyHandler<unknown, FanOutResult & { issueId: string }>(async () => {
  const { fanOutDepsFromEnv } = await import('./live-delivery-deps.js');
  return createHandler(fanOutDepsFromEnv());
});
