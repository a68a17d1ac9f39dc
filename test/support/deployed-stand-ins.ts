/**
 * Stand-ins of the deployed service for tests of `digest … --stack-outputs` (the CLI as a process):
 * - DynamoDB: a dynalite server with the tables that the synthesized stateful stack declares, built from
 *   its own AWS::DynamoDB::Table properties (KeySchema, AttributeDefinitions, GlobalSecondaryIndexes;
 *   test/support/stand-in-tables: synthesized once per change of the infrastructure or function sources);
 * - S3: s3rver; SES: aws-ses-v2-local behind the fault proxy (which answers GetSendQuota);
 * - SQS: fauxqs, an in-process SQS emulator from npm;
 * - Secrets Manager: no stand-in package is installed, so a tiny HTTP endpoint here answers
 *   GetSecretValue and PutSecretValue (AWS JSON 1.1). It stands in for AWS, not for our code.
 * It writes the outputs file in the shape `cdk deploy --all --outputs-file` writes, and gives the
 * environment (the SDK's standard AWS_ENDPOINT_URL_* variables) that points the CLI at all of them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { startFauxqs } from 'fauxqs';
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

/** GetSecretValue / PutSecretValue over AWS JSON 1.1, secrets by ARN. */
export function startSecretsManager(secrets: Map<string, string>): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as {
        SecretId?: string;
        SecretString?: string;
      };
      const answer = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(value));
      };
      const id = body.SecretId ?? '';
      if (!secrets.has(id))
        return answer(400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        });
      if (target.endsWith('.GetSecretValue'))
        return answer(200, { ARN: id, Name: id, SecretString: secrets.get(id), VersionId: 'v1' });
      if (target.endsWith('.PutSecretValue')) {
        secrets.set(id, body.SecretString ?? '');
        return answer(200, { ARN: id, Name: id, VersionId: 'v2' });
      }
      return answer(400, {
        __type: 'InvalidRequestException',
        message: `not answered by this stand-in: ${target}`,
      });
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
