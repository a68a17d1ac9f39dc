/**
 * Delivering an archived issue in AWS, as the schedule's briefings and the console's sends do: the list's
 * recipients (for an issue of a topic, its readers and those who picked no topic: `receivesTopic`) as jobs on the
 * send queue, for the send worker. A run that resumes an issue (the schedule retrying a window whose issue was
 * archived, a console send of an issue that already has records) also settles the records a dead sender left in
 * progress for recipients it no longer queues (fanOutAndSettle); for a new issue there is nothing to settle.
 */
import { randomBytes } from 'node:crypto';
import type { Issue } from '../../core/types.js';
import { type FanOutResult, fanOutAndSettle, type SettledRecord } from '../../use-cases/deliver-issue.js';
import { subscriberStore } from './dynamo.js';
import { lambdaSettleDeps } from './ledger.js';
import { jobSink } from './queue.js';

export async function queueIssue(issue: Issue): Promise<FanOutResult & { settled: SettledRecord[] }> {
  const settle = lambdaSettleDeps(`lambda:fan-out:${randomBytes(6).toString('hex')}`);
  const out = await fanOutAndSettle(
    { store: subscriberStore(), sink: jobSink(), ...settle },
    {
      issueId: issue.id,
      list: issue.list,
      ...(issue.topic ? { topic: issue.topic } : {}),
      batchSize: 10,
    },
  );
  // how many were queued: what `digest stats --watch` and the console's progress count up to
  await settle.ledger.recordFanOut(issue.id, out.queued, settle.now());
  return out;
}
