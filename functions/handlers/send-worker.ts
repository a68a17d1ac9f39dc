/**
 * Send worker: SQS batch of send jobs → one exactly-once send each (use-cases/deliver-issue).
 * Powertools' BatchProcessor reports the records that threw as partial failures, so SQS redelivers
 * only those; after maxReceiveCount the queue's dead-letter queue keeps them (poison jobs,
 * retries exhausted). Permanent failures and unknown outcomes are recorded in the ledger and
 * count as processed: redelivering them would change nothing, or could send twice.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { processSendJob, type SendWorkerDeps } from '../use-cases/deliver-issue.js';
import { type Log, stderrLog } from './http/errors.js';
import { lazyHandler } from './runtime/lazy-handler.js';
import { attachLambdaContext } from './runtime/logger.js';

export function createHandler(
  deps: Omit<SendWorkerDeps, 'owner'>,
  log: Log = stderrLog,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  return async (event, context) => {
    const processor = new BatchProcessor(EventType.SQS);
    const owner = `lambda:${context.awsRequestId}`;
    const record = async (item: SQSRecord) => {
      const result = await processSendJob(JSON.parse(item.body) as unknown, { ...deps, owner });
      log({ level: 'info', event: 'send', outcome: result.outcome, reason: result.reason });
      return result.outcome;
    };
    return processPartialResponse(event, record, processor, { context });
  };
}

export const handler = lazyHandler(async () => {
  const { sendWorkerDeps } = await import('./runtime/send-worker.js');
  const { lambdaLog } = await import('./runtime/logger.js');
  return createHandler(await sendWorkerDeps(), lambdaLog);
}, attachLambdaContext);
