/**
 * What a data command works on, local or deployed (command-deps.ts opens one or the other; deployed-deps.ts builds
 * the deployed one). Apart from command-deps.ts so that deployed-deps.ts can name the shape without importing the
 * module that loads it.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConfiguredListStore } from '../adapters/configured-list-store.js';
import type { DynamoBriefingStore } from '../adapters/dynamo-briefing-store.js';
import type { DynamoDeliveryLedger } from '../adapters/dynamo-delivery-ledger.js';
import type { DynamoSubscriberStore } from '../adapters/dynamo-subscriber-store.js';
import type { MailSettings } from '../adapters/local-runtime.js';
import type { SubscriberHandlerDeps } from '../handlers/dependencies.js';
import type { Log } from '../handlers/http/errors.js';
import type { Clock } from '../ports/clock.js';
import type { IssueArchive } from '../ports/issue-archive.js';
import type { Mailer } from '../ports/mailer.js';
import type { WindowLimits } from '../ports/window-limits.js';
import type { JobSink } from '../use-cases/deliver-issue.js';
import type { LocalDeps } from './local-deps.js';
import type { StackOutputs } from './stack-outputs.js';

export interface CommandDeps {
  /** The outputs of the deployed stacks, or null on the local data dir. */
  deployed: StackOutputs | null;
  /** The local dependencies, or null against the deployed service. */
  local: LocalDeps | null;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  secret: string;
  mail: MailSettings;
  baseUrl(): string;
  mailer: Mailer;
  documentClient: DynamoDBDocumentClient;
  subscribers: DynamoSubscriberStore;
  /** The lists (table, then the built-in `default`). */
  lists: ConfiguredListStore;
  subscriberHandlerDeps(log?: Log): SubscriberHandlerDeps;
  ledger(): Promise<DynamoDeliveryLedger>;
  briefingStore(): Promise<DynamoBriefingStore>;
  /** The sliding-window limits in the briefings table (the forward budget). */
  windowLimits(): Promise<WindowLimits>;
  archive: IssueArchive;
  /** The send queue (deployed only): `send` and `briefing` fan out to it like the schedule does. */
  sendQueue(): JobSink;
  close(): Promise<void>;
}
