// Scale on paper: from the per-message costs measured earlier in this run, the time to deliver
// and the AWS bill for 10k, 100k and 1M subscribers. Prices are inputs, stated with their date.
import type { BenchOptions } from './bench.js';
import { measured } from './bench-results.js';
import { fmt, table } from './bench-util.js';

/** us-east-1 list prices as published in 2025–2026 (the figures AWS's pricing pages showed). */
export const PRICES = {
  sesPer1000: 0.1,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  sqsPerMillionRequests: 0.4,
  dynamoPerMillionWrites: 0.625,
  dynamoPerMillionReads: 0.125,
};

/** The send worker's Lambda settings (infra: 256 MB arm64, SQS batches of 10). */
export const WORKER = { memoryGb: 0.25, batchSize: 10 };

/**
 * Wall time one message keeps a worker busy in AWS: our CPU (measured) plus the SES API round trip,
 * which cannot be measured here. 25 ms is an assumption, stated in the output.
 */
const SES_ROUND_TRIP_MS = 25;

export interface ScaleInputs {
  perRecipientCpuMs: number;
  fanOutMsPerSubscriber: number;
}

export function costPerMessage(inputs: ScaleInputs) {
  const workerMs = inputs.perRecipientCpuMs + SES_ROUND_TRIP_MS;
  const lambdaGbSeconds = (WORKER.memoryGb * (workerMs + inputs.fanOutMsPerSubscriber)) / 1000;
  const lambda =
    lambdaGbSeconds * PRICES.lambdaArmPerGbSecond +
    (PRICES.lambdaPerMillionRequests / 1e6) * (1 / WORKER.batchSize);
  // fan-out SendMessageBatch (1/10), the event source's receive (1/10) and delete (1/10)
  const sqs = (PRICES.sqsPerMillionRequests / 1e6) * (3 / WORKER.batchSize);
  // ledger: claim, sending, sent = 3 writes; suppression check (0.5 RRU) + paging the list (≈ 0.125 RRU)
  const dynamo = (PRICES.dynamoPerMillionWrites / 1e6) * 3 + (PRICES.dynamoPerMillionReads / 1e6) * 0.625;
  const ses = PRICES.sesPer1000 / 1000;
  return { workerMs, lambda, sqs, dynamo, ses, total: lambda + sqs + dynamo + ses };
}

export async function run(_options: BenchOptions): Promise<string> {
  const inputs: ScaleInputs = {
    perRecipientCpuMs: measured.perRecipientCpuMs ?? 0.2,
    fanOutMsPerSubscriber: measured.fanOutMsPerSubscriber ?? 0.05,
  };
  const sources = [
    `per-recipient CPU (personalise + MIME + ledger bookkeeping): ${fmt(inputs.perRecipientCpuMs, 3)} ms ${measured.perRecipientCpuMs === undefined ? '(assumed: not measured in this run)' : '(measured above)'}`,
    `fan-out paging per subscriber: ${fmt(inputs.fanOutMsPerSubscriber, 4)} ms ${measured.fanOutMsPerSubscriber === undefined ? '(assumed: not measured in this run)' : '(measured above, dynalite)'}`,
    `SES API round trip: ${SES_ROUND_TRIP_MS} ms (assumed; not measurable offline)`,
  ];
  const c = costPerMessage(inputs);
  const sizes = [10_000, 100_000, 1_000_000];
  const rates = [14, 100, 1000];
  // one worker sends serially; the event source's maximum concurrency is set from the SES rate
  const perWorkerRate = 1000 / c.workerMs;
  const timeRows = sizes.map((n) => [
    n.toLocaleString('en-US'),
    ...rates.map((rate) => {
      const seconds = n / rate;
      const workers = Math.ceil(rate / perWorkerRate);
      return `${seconds >= 3600 ? `${fmt(seconds / 3600, 1)} h` : `${fmt(seconds / 60, 1)} min`} (${workers} worker${workers > 1 ? 's' : ''})`;
    }),
  ]);
  const costRows = sizes.map((n) => [
    n.toLocaleString('en-US'),
    `$${fmt(c.ses * n)}`,
    `$${fmt(c.lambda * n, 4)}`,
    `$${fmt(c.sqs * n, 4)}`,
    `$${fmt(c.dynamo * n, 4)}`,
    `$${fmt(c.total * n)}`,
  ]);
  return [
    '## Scale on paper',
    '',
    'Inputs:',
    ...sources.map((s) => `- ${s}`),
    `- prices (us-east-1): SES $${PRICES.sesPer1000}/1000 mails; Lambda arm64 $${PRICES.lambdaArmPerGbSecond}/GB-s and $${PRICES.lambdaPerMillionRequests}/M requests; SQS $${PRICES.sqsPerMillionRequests}/M requests; DynamoDB on demand $${PRICES.dynamoPerMillionWrites}/M writes, $${PRICES.dynamoPerMillionReads}/M reads. Free tiers ignored.`,
    `- send worker: ${WORKER.memoryGb * 1024} MB, batches of ${WORKER.batchSize}; one worker sends about ${fmt(perWorkerRate, 0)} messages/s.`,
    '',
    "Time to deliver: SES's rate is the bottleneck, never our CPU.",
    '',
    table(['subscribers', ...rates.map((r) => `at ${r}/s`)], timeRows),
    '',
    'Cost of one issue:',
    '',
    table(['subscribers', 'SES', 'Lambda', 'SQS', 'DynamoDB', 'total'], costRows),
  ].join('\n');
}
