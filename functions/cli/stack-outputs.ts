/**
 * The outputs file that `cdk deploy --all --outputs-file FILE` writes:
 * `{ "<StackName>": { "<OutputId>": "value", … }, … }`. Every data command takes it as
 * `--stack-outputs FILE` (or DIGEST_STACK_OUTPUTS) and then works on the deployed resources.
 * The output ids are a contract with infra/stacks (pinned by test/infra/stacks.test.ts).
 */
import { readFileSync } from 'node:fs';
import { CliError } from './cli-error.js';

export interface StackOutputs {
  /** The file it came from (for messages). */
  file: string;
  subscribersTable: string;
  deliveriesTable: string;
  briefingsTable: string;
  archiveBucket: string;
  sendQueueUrl: string;
  apiUrl: string;
  configurationSetName: string;
  tokenSecretArn: string;
  apiKeySecretArn: string | null;
  trackingConfigurationSetName: string | null;
  mailFrom: string | null;
  postalAddress: string | null;
  unsubscribeMailbox: string | null;
  /** Absent in a deployment from before lists had a table: only the built-in `default` list then. */
  listsTable: string | null;
  /** The deploy configuration's lists (DIGEST_LISTS as JSON), absent in an older deployment. */
  configuredLists: string | null;
  /** The title of the built-in `default` list (DIGEST_LIST_TITLE). */
  defaultListTitle: string | null;
  /** The region of the deployment, read from the token secret's ARN. */
  region: string | null;
}

const REQUIRED = {
  subscribersTable: 'SubscribersTableName',
  deliveriesTable: 'DeliveriesTableName',
  briefingsTable: 'BriefingsTableName',
  archiveBucket: 'ArchiveBucketName',
  sendQueueUrl: 'SendQueueUrl',
  apiUrl: 'ApiUrl',
  configurationSetName: 'ConfigurationSetName',
  tokenSecretArn: 'TokenSecretArn',
} as const;

const OPTIONAL = {
  apiKeySecretArn: 'ApiKeySecretArn',
  trackingConfigurationSetName: 'TrackingConfigurationSetName',
  mailFrom: 'MailFrom',
  postalAddress: 'PostalAddress',
  unsubscribeMailbox: 'UnsubscribeMailbox',
  listsTable: 'ListsTableName',
  configuredLists: 'ConfiguredLists',
  defaultListTitle: 'DefaultListTitle',
} as const;

/** The `--stack-outputs <file>` help of a data command. */
export const STACK_OUTPUTS_HELP =
  'work on the deployed service named in this `cdk deploy --outputs-file` file (env DIGEST_STACK_OUTPUTS)';
/** The same for the commands that queue a delivery for the send worker instead of sending it. */
export const STACK_OUTPUTS_HELP_QUEUE =
  'queue the delivery on the deployed service named in this `cdk deploy --outputs-file` file (env DIGEST_STACK_OUTPUTS)';

const ARN_REGION_RE = /^arn:[^:]+:[^:]+:([a-z0-9-]+):/;

/** `--stack-outputs` when given, else DIGEST_STACK_OUTPUTS, else nothing (the local data dir). */
export function stackOutputsFile(option: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const chosen = option ?? env.DIGEST_STACK_OUTPUTS;
  return chosen?.trim() ? chosen.trim() : undefined;
}

/**
 * Reads and checks an outputs file. Outputs of every stack in it are merged (the ids are unique
 * across the two stacks); a missing id is an error that names it.
 */
export function readStackOutputs(file: string): StackOutputs {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read the stack outputs ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  return parseStackOutputs(text, file);
}

export function parseStackOutputs(text: string, file: string): StackOutputs {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not JSON (write it with cdk deploy --all --outputs-file ${file})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new CliError(`${file} is not an outputs file: expected {"<StackName>": {"<OutputId>": "value"}}`);
  const merged = new Map<string, string>();
  for (const stack of Object.values(raw)) {
    if (!stack || typeof stack !== 'object') continue;
    for (const [id, value] of Object.entries(stack))
      if (typeof value === 'string' && value) merged.set(id, value);
  }
  const missing = Object.values(REQUIRED).filter((id) => !merged.has(id));
  if (missing.length > 0) {
    throw new CliError(
      `${file} lacks ${missing.join(', ')}: deploy every stack (cdk deploy --all --outputs-file ${file})`,
    );
  }
  const get = (id: string) => merged.get(id) ?? null;
  const required = Object.fromEntries(Object.entries(REQUIRED).map(([key, id]) => [key, get(id)])) as Record<
    keyof typeof REQUIRED,
    string
  >;
  const optional = Object.fromEntries(Object.entries(OPTIONAL).map(([key, id]) => [key, get(id)])) as Record<
    keyof typeof OPTIONAL,
    string | null
  >;
  return {
    file,
    ...required,
    ...optional,
    region: ARN_REGION_RE.exec(required.tokenSecretArn)?.[1] ?? null,
  };
}
