/**
 * JobSink on SQS: SendMessageBatch, ten jobs per call (the API's limit). Entries SQS reports as
 * Failed are sent again (with a short backoff) a few times before the fan-out gives up and
 * rethrows, so that its own retry (async invoke, then its dead-letter queue) takes over. A job
 * queued twice is harmless: the send worker's ledger claim lets only one of them send.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { JobSink, SendJob } from '../use-cases/deliver-issue.js';

export const SQS_BATCH_LIMIT = 10;

export class QueueWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueWriteError';
  }
}

export class SqsJobSink implements JobSink {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly attempts = 4,
  ) {}

  async put(jobs: SendJob[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += SQS_BATCH_LIMIT)
      await this.putBatch(jobs.slice(i, i + SQS_BATCH_LIMIT));
  }

  private async putBatch(batch: SendJob[]): Promise<void> {
    let pending = batch.map((job, i) => ({ Id: String(i), MessageBody: JSON.stringify(job) }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      const { Failed } = await this.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
      );
      const failedIds = new Set((Failed ?? []).map((f) => f.Id));
      pending = pending.filter((e) => failedIds.has(e.Id));
      if (pending.length === 0) return;
      const senderFault = (Failed ?? []).some((f) => f.SenderFault);
      if (senderFault || attempt + 1 >= this.attempts) {
        const first = Failed?.[0];
        throw new QueueWriteError(
          `${pending.length} send job(s) not queued: ${first?.Code ?? 'error'} ${first?.Message ?? ''}`.trim(),
        );
      }
      await sleep(Math.random() * 100 * 2 ** attempt);
    }
  }
}
