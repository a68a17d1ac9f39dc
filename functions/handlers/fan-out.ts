/**
 * Fan-out: `{ "issueId", "list", "topic"? }` (from the schedule function or an operator's invoke) →
 * the list's confirmed, unsuppressed subscribers (for a topic, its readers and those who picked no topic:
 * `receivesTopic`) as send jobs on SQS, ten per SendMessageBatch.
 * Errors are rethrown: the async invoke retries, then its dead-letter queue keeps the event. A
 * repeated fan-out is harmless: the ledger lets each (issue, recipient) go out once. A repeated one
 * also settles the records a dead sender left in progress for recipients it no longer queues (they
 * left the list, were suppressed or dropped the topic since): fanOutAndSettle.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import type { SubscriberStore } from '../ports/subscriber-store.js';
import {
  type FanOutResult,
  fanOutAndSettle,
  type JobSink,
  type SettleDeps,
} from '../use-cases/deliver-issue.js';
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
  /** The ledger and its lease rule, for settling; the owner is the invocation (`lambda:<request id>`). */
  settle: (owner: string) => Omit<SettleDeps, 'store'>;
  log?: Log;
}

export function createHandler(
  deps: FanOutDeps,
): (
  event: unknown,
  context?: Pick<Context, 'awsRequestId'>,
) => Promise<FanOutResult & { issueId: string; settled: number }> {
  return async (event, context) => {
    const input = eventSchema.parse(event);
    const owner = `lambda:${context?.awsRequestId ?? randomBytes(6).toString('hex')}`;
    const settle = deps.settle(owner);
    const { settled, ...result } = await fanOutAndSettle(
      { store: deps.store, sink: deps.sink, ...settle },
      { ...input, batchSize: 10 },
    );
    // how many were queued: what `digest stats --watch` and the console's progress count up to
    await settle.ledger.recordFanOut(input.issueId, result.queued, settle.now());
    const counts = { ...result, settled: settled.length };
    (deps.log ?? stderrLog)({ level: 'info', event: 'fan-out', issueId: input.issueId, ...counts });
    return { issueId: input.issueId, ...counts };
  };
}

export const handler = lazyHandler(async () => {
  const { subscriberStore } = await import('./runtime/dynamo.js');
  const { jobSink } = await import('./runtime/queue.js');
  const { lambdaSettleDeps } = await import('./runtime/ledger.js');
  const { lambdaLog } = await import('./runtime/logger.js');
  return createHandler({
    store: subscriberStore(),
    sink: jobSink(),
    settle: lambdaSettleDeps,
    log: lambdaLog,
  });
}, attachLambdaContext);
