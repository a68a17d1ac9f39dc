/**
 * Stand-ins of the deployed service for tests of `digest … --stack-outputs` (the CLI as a process):
 * - DynamoDB: a dynalite server with the tables that the synthesized stateful stack declares, built from
 *   its own AWS::DynamoDB::Table properties (KeySchema, AttributeDefinitions, GlobalSecondaryIndexes;
 *   test/support/stand-in-tables: synthesized once per change of the infrastructure or function sources);
 * - S3: s3rver; SES: aws-ses-v2-local behind the fault proxy (which answers GetSendQuota);
 * - SQS: fauxqs, an in-process SQS emulator from npm;
 * - Secrets Manager: no stand-in package is installed, so a small HTTP endpoint here answers
 *   GetSecretValue, PutSecretValue and UpdateSecretVersionStage (AWS JSON 1.1), with versions and staging
 *   labels. It stands in for AWS, not for our code.
 * It writes the outputs file in the shape `cdk deploy --all --outputs-file` writes, and gives the
 * environment (the SDK's standard AWS_ENDPOINT_URL_* variables) that points the CLI at all of them.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { interceptLocalhostDns, startFauxqs } from 'fauxqs';
import S3rver from 's3rver';
import { type FaultProxy, startSesLocal } from './fault-proxy.js';
import { standInTables } from './stand-in-tables.js';

// s3rver accepts only its own key pair; the other stand-ins take any
export const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const REGION = 'us-east-1';

type Json = Record<string, unknown>;

export interface DeployedStandIns {
  outputsFile: string;
  outputs: Record<string, Record<string, string>>;
  tables: { subscribers: string; deliveries: string; briefings: string; lists: string };
  bucket: string;
  queueUrl: string;
  /** The environment a CLI run needs: endpoints, fake credentials, region. */
  env: NodeJS.ProcessEnv;
  endpoints: { dynamodb: string; s3: string; ses: string; sqs: string; secretsManager: string };
  documentClient: DynamoDBDocumentClient;
  sesProxy: FaultProxy;
  secrets: Map<string, string>;
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.closeAllConnections();
    server.close(() => ok());
  });
}

/** One version of a secret: its value and the staging labels on it. */
interface SecretVersion {
  value: string;
  stages: Set<string>;
}

/**
 * GetSecretValue, PutSecretValue and UpdateSecretVersionStage over AWS JSON 1.1, secrets by ARN, with
 * versions and staging labels as the Secrets Manager API reference describes them: a label is on one
 * version at a time; PutSecretValue without VersionStages makes the new version AWSCURRENT (the one it
 * replaces becomes AWSPREVIOUS), with VersionStages it attaches only those; ClientRequestToken is the
 * version id (the same token and value again: the same version; another value: ResourceExistsException);
 * UpdateSecretVersionStage refuses to move a label held by a version other than RemoveFromVersionId
 * (InvalidParameterException). `secrets` holds each secret's AWSCURRENT value: a test may read it, or set it
 * (which makes a new current version).
 */
export function startSecretsManager(secrets: Map<string, string>): Server {
  const versions = new Map<string, { byId: Map<string, SecretVersion>; current: string }>();
  const holder = (byId: Map<string, SecretVersion>, stage: string) =>
    [...byId].find(([, v]) => v.stages.has(stage))?.[0];
  const attach = (id: string, byId: Map<string, SecretVersion>, versionId: string, stage: string) => {
    const from = holder(byId, stage);
    if (from === versionId) return;
    if (from) byId.get(from)?.stages.delete(stage);
    byId.get(versionId)?.stages.add(stage);
    if (stage !== 'AWSCURRENT') return;
    if (from) attach(id, byId, from, 'AWSPREVIOUS');
    secrets.set(id, byId.get(versionId)?.value ?? '');
  };
  /** The versions of a secret; a value set straight into `secrets` by a test is a new current version. */
  const versionsOf = (id: string) => {
    const value = secrets.get(id) ?? '';
    let entry = versions.get(id);
    if (!entry || entry.current !== value) {
      entry ??= { byId: new Map(), current: value };
      const versionId = randomUUID();
      entry.byId.set(versionId, { value, stages: new Set() });
      attach(id, entry.byId, versionId, 'AWSCURRENT');
      entry.current = value;
      versions.set(id, entry);
    }
    return entry;
  };
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as {
        SecretId?: string;
        SecretString?: string;
        ClientRequestToken?: string;
        VersionStages?: string[];
        VersionId?: string;
        VersionStage?: string;
        MoveToVersionId?: string;
        RemoveFromVersionId?: string;
      };
      const answer = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(value));
      };
      const refuse = (type: string, message: string) => answer(400, { __type: type, message });
      const id = body.SecretId ?? '';
      if (!secrets.has(id))
        return refuse('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      const entry = versionsOf(id);
      const { byId } = entry;
      const settled = () => {
        entry.current = secrets.get(id) ?? '';
      };
      if (target.endsWith('.GetSecretValue')) {
        const versionId = body.VersionId ?? holder(byId, body.VersionStage ?? 'AWSCURRENT');
        const version = versionId ? byId.get(versionId) : undefined;
        if (!versionId || !version)
          return refuse(
            'ResourceNotFoundException',
            "Secrets Manager can't find the specified secret value.",
          );
        return answer(200, {
          ARN: id,
          Name: id,
          SecretString: version.value,
          VersionId: versionId,
          VersionStages: [...version.stages],
        });
      }
      if (target.endsWith('.PutSecretValue')) {
        const versionId = body.ClientRequestToken ?? randomUUID();
        const value = body.SecretString ?? '';
        const existing = byId.get(versionId);
        if (existing && existing.value !== value)
          return refuse(
            'ResourceExistsException',
            `a version with ClientRequestToken ${versionId} already exists`,
          );
        if (!existing) byId.set(versionId, { value, stages: new Set() });
        for (const stage of body.VersionStages ?? ['AWSCURRENT']) attach(id, byId, versionId, stage);
        settled();
        return answer(200, {
          ARN: id,
          Name: id,
          VersionId: versionId,
          VersionStages: [...(byId.get(versionId)?.stages ?? [])],
        });
      }
      if (target.endsWith('.UpdateSecretVersionStage')) {
        const stage = body.VersionStage ?? '';
        const from = holder(byId, stage);
        const to = body.MoveToVersionId;
        if (to !== undefined && !byId.has(to))
          return refuse('ResourceNotFoundException', `no version ${to} of the secret`);
        if (from !== undefined && from !== to && body.RemoveFromVersionId !== from)
          return refuse(
            'InvalidParameterException',
            `staging label ${stage} is attached to version ${from}: RemoveFromVersionId must name that version`,
          );
        if (to !== undefined) attach(id, byId, to, stage);
        else if (from !== undefined) byId.get(from)?.stages.delete(stage);
        settled();
        return answer(200, { ARN: id, Name: id });
      }
      return refuse('InvalidRequestException', `not answered by this stand-in: ${target}`);
    });
  });
}

export async function startDeployedStandIns(dir: string): Promise<DeployedStandIns> {
  const synthesized = await standInTables();
  const { outputs: templateOutputs, tables: definitions } = synthesized;
  const tableOf = (outputId: string) => {
    const ref = ((templateOutputs[outputId] as Json | undefined)?.Value as Json | undefined)?.Ref as
      | string
      | undefined;
    const table = ref ? definitions[ref] : undefined;
    if (!table) throw new Error(`the stateful stack has no table behind ${outputId}`);
    return table;
  };

  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dynamoUrl = await listen(dynamo);
  const client = new DynamoDBClient({ endpoint: dynamoUrl, region: REGION, credentials: CREDENTIALS });
  for (const definition of Object.values(definitions))
    await client.send(new CreateTableCommand(definition as never));
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });

  mkdirSync(join(dir, 's3'), { recursive: true });
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dir, 's3') });
  const { port: s3Port } = await s3.run();
  const s3Url = `http://127.0.0.1:${s3Port}`;
  const bucket = 'newsletter-digest-archive-standin';
  const created = await fetch(`${s3Url}/${bucket}`, { method: 'PUT' });
  if (!created.ok) throw new Error(`s3rver: cannot create the bucket (${created.status})`);

  const ses = await startSesLocal({ maxSendRate: 14 });
  const sesProxy = ses.proxy;

  const sqs = await startFauxqs({ port: 0, logger: false, host: '127.0.0.1' });
  const queue = sqs.createQueue('newsletter-digest-send');
  const queueUrl = (queue as { queueUrl: string }).queueUrl;

  const tokenSecretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:TokenSecret-StAnDi';
  const apiKeySecretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ApiKeySecret-StAnDi';
  const secrets = new Map([
    [tokenSecretArn, 'stand-in-token-key-0123456789abcdef0123456789abcdef'],
    // what CloudFormation generates: one plain random string
    [apiKeySecretArn, 'GeneratedApiKey0123456789abcdefGeneratedApiKey01'],
  ]);
  const secretsServer = startSecretsManager(secrets);
  const secretsUrl = await listen(secretsServer);

  const tables = {
    subscribers: tableOf('SubscribersTableName').TableName as string,
    deliveries: tableOf('DeliveriesTableName').TableName as string,
    briefings: tableOf('BriefingsTableName').TableName as string,
    lists: tableOf('ListsTableName').TableName as string,
  };
  const outputs: Record<string, Record<string, string>> = {
    [synthesized.statefulStackName]: {
      SubscribersTableName: tables.subscribers,
      DeliveriesTableName: tables.deliveries,
      BriefingsTableName: tables.briefings,
      ArchiveBucketName: bucket,
      ConfigurationSetName: 'newsletter-digest-events',
      TrackingConfigurationSetName: 'newsletter-digest-tracking',
      ListsTableName: tables.lists,
      TokenSecretArn: tokenSecretArn,
      ApiKeySecretArn: apiKeySecretArn,
    },
    [synthesized.statelessStackName]: {
      SendQueueUrl: queueUrl,
      ApiUrl: 'https://digest-api.example.org',
      MailFrom: 'Harbour Digest <digest@news.example.org>',
      PostalAddress: 'Harbour Digest, 1 Quay Street, Exampleton',
      UnsubscribeMailbox: 'unsubscribe@news.example.org',
      // what the stateless stack outputs for the repository's deploy configuration
      ConfiguredLists: synthesized.configuredLists,
      DefaultListTitle: synthesized.defaultListTitle,
    },
  };
  const outputsFile = join(dir, 'cdk-outputs.json');
  writeFileSync(outputsFile, JSON.stringify(outputs, null, 2));
  const endpoints = {
    dynamodb: dynamoUrl,
    s3: s3Url,
    ses: sesProxy.url,
    sqs: `http://127.0.0.1:${sqs.port}`,
    secretsManager: secretsUrl,
  };

  return {
    outputsFile,
    outputs,
    tables,
    bucket,
    queueUrl,
    endpoints,
    documentClient,
    sesProxy,
    secrets,
    env: {
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      AWS_ENDPOINT_URL_SES: endpoints.ses,
      AWS_ENDPOINT_URL_SQS: endpoints.sqs,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_REGION: REGION,
    },
    async close() {
      client.destroy();
      await close(secretsServer);
      await sqs.stop();
      await ses.close();
      await s3.close();
      await close(dynamo);
    },
  };
}

/** An S3 client on the stand-ins' s3rver (path-style, as s3rver serves buckets). */
export function standInS3Client(standIns: DeployedStandIns): S3Client {
  return new S3Client({
    endpoint: standIns.endpoints.s3,
    region: REGION,
    credentials: CREDENTIALS,
    forcePathStyle: true,
  });
}

/**
 * The environment the stateless stack gives a Lambda that renders and sends issues, for the stand-ins: the
 * endpoints, the stacks' outputs (sender, postal address, API URL, tables, bucket, token secret, configuration
 * set), the list title, and silent Powertools logs. The send queue and function-specific settings are the test's.
 */
export function lambdaEnvironment(standIns: DeployedStandIns): NodeJS.ProcessEnv {
  const stateful = Object.values(standIns.outputs)[0]!;
  const stateless = Object.values(standIns.outputs)[1]!;
  return {
    ...standIns.env,
    DIGEST_FROM: stateless.MailFrom,
    DIGEST_POSTAL_ADDRESS: stateless.PostalAddress,
    DIGEST_BASE_URL: stateless.ApiUrl,
    DIGEST_LIST_TITLE: 'Harbour Digest',
    SUBSCRIBERS_TABLE: standIns.tables.subscribers,
    DELIVERIES_TABLE: standIns.tables.deliveries,
    BRIEFINGS_TABLE: standIns.tables.briefings,
    LISTS_TABLE: standIns.tables.lists,
    ARCHIVE_BUCKET: standIns.bucket,
    TOKEN_SECRET_ARN: stateful.TokenSecretArn,
    SES_CONFIGURATION_SET: stateful.ConfigurationSetName,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
}

/** A send queue of the test's own that a Lambda's SEND_QUEUE_URL check takes, and how to stop it. */
export interface OwnSendQueue {
  queueUrl: string;
  /** The queue's origin, for AWS_ENDPOINT_URL_SQS. */
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts a fauxqs of the test's own with the queue `name`. The stand-ins' fauxqs names its queues under
 * `sqs.<region>.127.0.0.1`, which is no valid URL host (the Lambdas' SEND_QUEUE_URL check refuses it), and finds a
 * queue by its exact URL; a fauxqs of our own names it under `sqs.<region>.localhost`, which fauxqs' own DNS shim
 * resolves to 127.0.0.1 for this test process until `close`.
 */
export async function startOwnSendQueue(name: string): Promise<OwnSendQueue> {
  const restoreDns = interceptLocalhostDns();
  const server = await startFauxqs({ port: 0, logger: false });
  const created = new SQSClient({
    endpoint: `http://127.0.0.1:${server.port}`,
    region: REGION,
    credentials: CREDENTIALS,
  });
  const queueUrl = (await created.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  created.destroy();
  return {
    queueUrl,
    endpoint: new URL(queueUrl).origin,
    async close() {
      await server.stop();
      restoreDns();
    },
  };
}
