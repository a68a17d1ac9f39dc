/** The delivery ledger (DELIVERIES_TABLE), one per container. */
import { DynamoDeliveryLedger } from '../../adapters/dynamo-delivery-ledger.js';
import { documentClient } from './dynamo.js';
import { env } from './env.js';

let ledger: DynamoDeliveryLedger | undefined;

export function deliveryLedger(): DynamoDeliveryLedger {
  ledger ??= new DynamoDeliveryLedger(documentClient(), env('DELIVERIES_TABLE'));
  return ledger;
}
