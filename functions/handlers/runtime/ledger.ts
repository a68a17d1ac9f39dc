/** The delivery ledger (DELIVERIES_TABLE), one per container, and what a Lambda needs to settle records in it. */
import { DynamoDeliveryLedger } from '../../adapters/dynamo-delivery-ledger.js';
import type { SettleDeps } from '../../use-cases/deliver-issue.js';
import { documentClient } from './dynamo.js';
import { env } from './env.js';

/** Longer than one worker invocation (60 s), shorter than the queue's visibility timeout (360 s). */
export const LAMBDA_LEASE_MS = 90_000;

let ledger: DynamoDeliveryLedger | undefined;

export function deliveryLedger(): DynamoDeliveryLedger {
  ledger ??= new DynamoDeliveryLedger(documentClient(), env('DELIVERIES_TABLE'));
  return ledger;
}

/**
 * A fan-out's settling of the records a dead sender left in progress (fanOutAndSettle): in AWS a sender is gone
 * when its lease has ended (no Lambda outlives its lease). `owner` holds a record only for the moment of settling it.
 */
export function lambdaSettleDeps(owner: string): Omit<SettleDeps, 'store'> {
  return {
    ledger: deliveryLedger(),
    owner,
    leaseMs: LAMBDA_LEASE_MS,
    isOwnerGone: (record, now) => record.leaseUntil < now.getTime(),
    now: () => new Date(),
  };
}
