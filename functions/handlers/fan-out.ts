/**
 * Fan-out: `{ "issueId", "list", "topic"? }` (from the schedule function or an operator's invoke) →
 * the list's confirmed, unsuppressed subscribers as send jobs on SQS, ten per SendMessageBatch.
 * Errors are rethrown: the async invoke retries, then its dead-letter queue keeps the event. A
 * repeated fan-out is harmless: the ledger lets each (issue, recipient) go out once.
 */
import { z } from 'zod';
import type { SubscriberStore } from '../ports/subscriber-store.js';
import { type FanOutResult, fanOut, type JobSink } from '../use-cases/deliver-issue.js';
import { type Log, stderrLog } from './http/errors.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext } from './runtime/logger.js';

const eventSchema = z.object({
  issueId: z.string().min(1).max(200),
  list: z.string().min(1).max(100),
  topic: z.string().min(1).max(100).optional(),
});

export interface FanOutDeps {
  store: SubscriberStore;
  sink: JobSink;
  log?: Log;
}

export function createHandler(
  deps: FanOutDeps,
): (event: unknown) => Promise<FanOutResult & { issueId: string }> {
  return async (event) => {
    const input = eventSchema.parse(event);
    const result = await fanOut(deps, { ...input, batchSize: 10 });
    (deps.log ?? stderrLog)({ level: 'info', event: 'fan-out', issueId: input.issueId, ...result });
    return { issueId: input.issueId, ...result };
  };
}

export const handler = lazyHandler(async () => {
  const { subscriberStore } = await import('./runtime/dynamo.js');
  const { jobSink } = await import('./runtime/queue.js');
  const { lambdaLog } = await import('./runtime/logger.js');
  return createHandler({ store: subscriberStore(), sink: jobSink(), log: lambdaLog });
}, attachLambdaContext);
