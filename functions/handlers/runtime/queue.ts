/** The send queue (SEND_QUEUE_URL) as the fan-out's job sink, one per container. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsJobSink } from '../../adapters/sqs-job-sink.js';
import { env } from './env.js';

let sink: SqsJobSink | undefined;

export function jobSink(): SqsJobSink {
  sink ??= new SqsJobSink(new SQSClient({}), env('SEND_QUEUE_URL'));
  return sink;
}
