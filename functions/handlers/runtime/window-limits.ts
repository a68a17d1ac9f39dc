/** The sliding-window limits in the briefings table (BRIEFINGS_TABLE), one per container: sign-in attempts, forwards. */
import { DynamoWindowLimits } from '../../adapters/dynamo-window-limits.js';
import { documentClient } from './dynamo.js';
import { env } from './env.js';

let limits: DynamoWindowLimits | undefined;

export function windowLimits(): DynamoWindowLimits {
  limits ??= new DynamoWindowLimits(documentClient(), env('BRIEFINGS_TABLE'));
  return limits;
}
