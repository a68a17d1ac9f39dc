/**
 * CDK assertions on the two stacks, from ONE synth of the real app (same builder, config and cdk.json context as
 * `cdk synth`) with cdk-nag AwsSolutions running. Asset bundling is skipped here (`aws:cdk:bundling-stacks: []`)
 * because nothing below depends on bundle contents; test/infra/bundles.test.ts bundles for real.
 *
 * Functions whose handler file does not exist yet are left out of the synth (digest:allowMissingHandlers) and the
 * test `every planned handler is deployed` fails until they land.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseListDefaults } from '../../functions/adapters/configured-lists.js';
import { IMPORTS_PREFIX as STORE_IMPORTS_PREFIX } from '../../functions/adapters/s3-import-jobs.js';
import { IMPORT_CONFIRM_MS, IMPORT_KEPT_MS } from '../../functions/use-cases/console-imports.js';
import { addNagChecks, buildDigestApp, cdkJsonContext, type DigestApp } from '../../infra/build-app.js';
import { sendWorkerConcurrency } from '../../infra/config.js';
import { PLANNED_HANDLERS } from '../../infra/handler-catalog.js';
import { IMPORTS_PREFIX } from '../../infra/stacks/stateful-stack.js';
import { ROUTES, SEND_MAX_RECEIVE_COUNT } from '../../infra/stacks/stateless-stack.js';

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
}

const WILDCARD_OK = new Set(['ses:GetSendQuota', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords']);

let outdir: string;
let built: DigestApp;
let synthError: unknown;
let stateful: Template;
let stateless: Template;
let statefulOutputs: Record<string, { Value: unknown }>;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'digest-cdk-'));
  const app = new App({
    outdir,
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], 'digest:allowMissingHandlers': true },
  });
  built = buildDigestApp(app);
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  stateful = Template.fromStack(built.stateful);
  stateless = Template.fromStack(built.stateless);
  statefulOutputs = (stateful.toJSON().Outputs ?? {}) as typeof statefulOutputs;
}, 600_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** Replaces each weak cross-stack reference (Fn::GetStackOutput) by the stateful output's value. */
function crossResolve(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(crossResolve);
  if (value && typeof value === 'object') {
    const ref = (value as Json)['Fn::GetStackOutput'] as { OutputName?: string } | undefined;
    if (ref?.OutputName) {
      const output = statefulOutputs[ref.OutputName];
      if (!output) throw new Error(`no stateful output ${ref.OutputName}`);
      return output.Value;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, crossResolve(v)]));
  }
  return value;
}

function logicalId(stack: Stack, element: unknown): string {
  return stack.getLogicalId(element as CfnElement);
}

function resourcesOf(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type)) as [string, Resource][];
}

function functionOf(handler: string): [string, Resource] {
  const fn = built.stateless.functions[handler as (typeof PLANNED_HANDLERS)[number]];
  if (!fn) throw new Error(`function ${handler} is not deployed (functions/handlers/${handler}.ts missing?)`);
  const id = logicalId(built.stateless, fn.node.defaultChild);
  return [id, stateless.toJSON().Resources[id] as Resource];
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

function statementsOf(handler: string): Statement[] {
  const fn = built.stateless.functions[handler as (typeof PLANNED_HANDLERS)[number]];
  if (!fn) throw new Error(`function ${handler} is not deployed`);
  const roleId = logicalId(built.stateless, fn.role!.node.defaultChild);
  const policies = resourcesOf(stateless, 'AWS::IAM::Policy').filter(([, r]) =>
    (r.Properties.Roles as unknown[]).some(
      (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId }),
    ),
  );
  return policies.flatMap(
    ([, r]) => crossResolve((r.Properties.PolicyDocument as Json).Statement) as Statement[],
  );
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The resources that `action` is allowed on, across the function's policy. */
function grantedResources(handler: string, action: string): unknown[] {
  return statementsOf(handler)
    .filter((s) => s.Effect === 'Allow' && asArray(s.Action).includes(action))
    .flatMap((s) => asArray(s.Resource));
}

function envOf(handler: string): Json {
  const [, fn] = functionOf(handler);
  return crossResolve((fn.Properties.Environment as { Variables: Json }).Variables) as Json;
}

const getAtt = (stack: Stack, element: unknown, attr: string) => ({
  'Fn::GetAtt': [logicalId(stack, element), attr],
});
const ref = (stack: Stack, element: unknown) => ({ Ref: logicalId(stack, element) });

describe('cdk-nag AwsSolutions', () => {
  it('synthesises with no unacknowledged finding', () => {
    expect(synthError).toBeUndefined();
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations?: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
  });

  it('is registered on the app the builder returns', () => {
    const plugins = (built.stateful.node.root as App)._validationPlugins;
    expect(plugins.some((p) => p instanceof AwsSolutionsChecks)).toBe(true);
  });

  it('fails a synth with an unacknowledged finding (the same registration, on a tiny app)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-nag-'));
    try {
      const app = new App({ outdir: dir });
      new Queue(new Stack(app, 'Bad'), 'PlainQueue');
      addNagChecks(app);
      expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives every acknowledgement a specific reason', () => {
    const acks = built.stateless.node
      .findAll()
      .concat(built.stateful.node.findAll())
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acks.length).toBeGreaterThan(0);
    for (const [id, reason] of acks) expect(reason.length, id).toBeGreaterThan(60);
  });
});

describe('stateful stack', () => {
  it('has four on-demand tables (subscribers, deliveries, briefings, lists) with point-in-time recovery and deletion protection', () => {
    const tables = resourcesOf(stateful, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(4);
    for (const [, t] of tables) {
      expect(t.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    }
  });

  it("lets DynamoDB expire the briefings table's short-lived records (rate buckets, send claims, signed-out console sessions) by TTL", () => {
    const id = logicalId(built.stateful, built.stateful.resources.tables.briefings.table.node.defaultChild);
    expect((stateful.toJSON().Resources[id] as Resource).Properties.TimeToLiveSpecification).toEqual({
      AttributeName: 'expiresAt',
      Enabled: true,
    });
  });

  it('keeps the archive private, encrypted, versioned, logged and SSL-only', () => {
    const bucketId = logicalId(built.stateful, built.stateful.resources.archiveBucket.node.defaultChild);
    const bucket = stateful.toJSON().Resources[bucketId] as Resource;
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { LogFilePrefix: 'archive/' },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    });
  });

  it("keeps the console's imports (addresses, consent fields) days, not the 90 days of an issue's old versions", () => {
    const bucketId = logicalId(built.stateful, built.stateful.resources.archiveBucket.node.defaultChild);
    const rules = (
      (stateful.toJSON().Resources[bucketId] as Resource).Properties.LifecycleConfiguration as {
        Rules: Json[];
      }
    ).Rules;
    // the prefix the import store writes under
    expect(IMPORTS_PREFIX).toBe(STORE_IMPORTS_PREFIX);
    const imports = rules.filter((rule) => rule.Prefix === IMPORTS_PREFIX);
    expect(imports).toHaveLength(1);
    const rule = imports[0]!;
    expect(rule).toMatchObject({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 1 } });
    // A backstop for what no console page removed: past the 7 days a record is promised, within a few more.
    const days = rule.ExpirationInDays as number;
    expect(days * 86_400_000).toBeGreaterThan(IMPORT_KEPT_MS + IMPORT_CONFIRM_MS);
    expect(days).toBeLessThanOrEqual(10);
    // The archived issues themselves never expire; their old versions stay 90 days.
    const others = rules.filter((r) => r.Prefix !== IMPORTS_PREFIX);
    expect(others).toEqual([{ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 90 } }]);
  });

  it('verifies the sender domain with Easy DKIM and a custom MAIL FROM', () => {
    const { sender } = built.config;
    stateful.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: sender.domain,
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      MailFromAttributes: { MailFromDomain: `${sender.mailFromSubdomain}.${sender.domain}` },
    });
  });

  it('publishes every delivery event to an encrypted SNS topic, and opens and clicks only for tracked lists', () => {
    const destinations = resourcesOf(stateful, 'AWS::SES::ConfigurationSetEventDestination');
    const setIds = resourcesOf(stateful, 'AWS::SES::ConfigurationSet').map(([id]) => id);
    const plainSet = logicalId(
      built.stateful,
      built.stateful.node.findChild('ConfigurationSet').node.defaultChild,
    );
    const trackingSet = setIds.find((id) => id !== plainSet);
    expect(setIds).toHaveLength(2);
    const typesOf = (setId: string | undefined) => {
      const found = destinations.find(([, d]) => (d.Properties.ConfigurationSetName as Json).Ref === setId);
      return ((found?.[1].Properties.EventDestination as Json | undefined)?.MatchingEventTypes ??
        []) as string[];
    };
    const delivery = [
      'send',
      'delivery',
      'bounce',
      'complaint',
      'reject',
      'deliveryDelay',
      'renderingFailure',
    ];
    expect([...typesOf(plainSet)].sort()).toEqual([...delivery].sort());
    expect([...typesOf(trackingSet)].sort()).toEqual([...delivery, 'open', 'click'].sort());
    for (const [, d] of destinations) {
      expect((d.Properties.EventDestination as Json).SnsDestination).toEqual({
        TopicARN: ref(built.stateful, built.stateful.resources.sesEventsTopic.node.defaultChild),
      });
    }
    expect(built.stateful.resources.tracking.lists).toEqual(
      built.config.lists.filter((list) => list.tracking).map((list) => list.name),
    );
    stateful.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
    const [, topic] = resourcesOf(stateful, 'AWS::SNS::Topic')[0]!;
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
  });

  it('declares the outputs that `digest --stack-outputs` reads, with these exact ids', () => {
    const statelessOutputs = (stateless.toJSON().Outputs ?? {}) as Record<string, { Value: unknown }>;
    const stack = built.stateful;
    const res = stack.resources;
    expect(statefulOutputs.SubscribersTableName?.Value).toEqual(
      ref(stack, res.tables.subscribers.table.node.defaultChild),
    );
    expect(statefulOutputs.DeliveriesTableName?.Value).toEqual(
      ref(stack, res.tables.deliveries.table.node.defaultChild),
    );
    expect(statefulOutputs.BriefingsTableName?.Value).toEqual(
      ref(stack, res.tables.briefings.table.node.defaultChild),
    );
    expect(statefulOutputs.ArchiveBucketName?.Value).toEqual(ref(stack, res.archiveBucket.node.defaultChild));
    expect(statefulOutputs.ConfigurationSetName?.Value).toEqual(
      ref(stack, stack.node.findChild('ConfigurationSet').node.defaultChild),
    );
    expect(statefulOutputs.TrackingConfigurationSetName?.Value).toEqual(
      ref(stack, stack.node.findChild('TrackingConfigurationSet').node.defaultChild),
    );
    expect(statefulOutputs.TokenSecretArn?.Value).toEqual(ref(stack, res.tokenSecret.node.defaultChild));
    expect(statefulOutputs.ApiKeySecretArn?.Value).toEqual(ref(stack, res.apiKeySecret.node.defaultChild));
    expect(statelessOutputs.SendQueueUrl?.Value).toEqual(
      ref(built.stateless, built.stateless.sendQueue.node.defaultChild),
    );
    expect(statelessOutputs.ApiUrl?.Value).toBeDefined();
    // the configured lists exactly as the functions get them, so that the CLI sees the same lists
    expect(statelessOutputs.ConfiguredLists?.Value).toBe(envOf('schedule').DIGEST_LISTS);
    expect(statelessOutputs.DefaultListTitle?.Value).toBe(envOf('schedule').DIGEST_LIST_TITLE);
  });

  it('names the receipt rule set and the schedule function that the deploy guide has the operator type', () => {
    const statelessOutputs = (stateless.toJSON().Outputs ?? {}) as Record<string, { Value: unknown }>;
    const [ruleSetId] = resourcesOf(stateless, 'AWS::SES::ReceiptRuleSet').map(([id]) => id);
    expect(ruleSetId).toBeDefined();
    expect(statelessOutputs.ReceiptRuleSetName?.Value).toEqual({ Ref: ruleSetId });
    expect(statelessOutputs.ScheduleFunctionName?.Value).toEqual(
      ref(built.stateless, built.stateless.functions.schedule?.node.defaultChild),
    );
  });

  it('holds the token key and the API key in Secrets Manager', () => {
    expect(resourcesOf(stateful, 'AWS::SecretsManager::Secret')).toHaveLength(2);
  });
});

describe('functions', () => {
  it('every planned handler is deployed (fails until each functions/handlers/<name>.ts exists)', () => {
    expect(built.stateless.missingHandlers).toEqual([]);
    expect(Object.keys(built.stateless.functions).sort()).toEqual([...PLANNED_HANDLERS].sort());
  });

  it('run Node.js 24 on arm64 with source maps, X-Ray and an explicit log group', () => {
    const fns = Object.keys(built.stateless.functions);
    expect(fns.length).toBeGreaterThan(0);
    for (const name of fns) {
      const [, fn] = functionOf(name);
      expect(fn.Properties, name).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
      });
      expect((fn.Properties.LoggingConfig as Json).LogGroup, name).toBeDefined();
    }
    for (const [, group] of resourcesOf(stateless, 'AWS::Logs::LogGroup')) {
      expect(group.Properties.RetentionInDays).toBe(built.config.logRetentionDays);
    }
  });

  it('have roles without managed policies and no wildcard action anywhere', () => {
    for (const [id, role] of resourcesOf(stateless, 'AWS::IAM::Role')) {
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
    for (const [id, policy] of resourcesOf(stateless, 'AWS::IAM::Policy')) {
      for (const s of (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
        for (const action of asArray(s.Action)) expect(action, id).not.toContain('*');
        if (asArray(s.Resource).includes('*')) {
          for (const action of asArray(s.Action))
            expect(WILDCARD_OK.has(action), `${id}: ${action} on *`).toBe(true);
        }
      }
    }
  });
});

describe('bindings: env var and exact grant together', () => {
  const s = () => built.stateful;
  const res = () => built.stateful.resources;
  const tableArn = (kind: 'subscribers' | 'deliveries' | 'briefings' | 'lists') =>
    getAtt(s(), res().tables[kind].table.node.defaultChild, 'Arn');
  const tableName = (kind: 'subscribers' | 'deliveries' | 'briefings' | 'lists') =>
    ref(s(), res().tables[kind].table.node.defaultChild);
  const secretArn = (which: 'tokenSecret' | 'apiKeySecret') => ref(s(), res()[which].node.defaultChild);
  const identityArn = () =>
    JSON.stringify({
      'Fn::Join': [
        '',
        [
          `arn:aws:ses:${built.config.env.region}:`,
          { Ref: 'AWS::AccountId' },
          ':identity/',
          ref(s(), res().identity.node.defaultChild),
        ],
      ],
    });
  const configSetArn = () =>
    JSON.stringify({
      'Fn::Join': [
        '',
        [
          `arn:aws:ses:${built.config.env.region}:`,
          { Ref: 'AWS::AccountId' },
          ':configuration-set/',
          ref(s(), built.stateful.node.findChild('ConfigurationSet').node.defaultChild),
        ],
      ],
    });
  const sendQueueArn = () => getAtt(built.stateless, built.stateless.sendQueue.node.defaultChild, 'Arn');

  it('subscribe: subscribers table (rw), token secret, SES identity + configuration set', () => {
    const env = envOf('subscribe');
    expect(env.SUBSCRIBERS_TABLE).toEqual(tableName('subscribers'));
    expect(env.TOKEN_SECRET_ARN).toEqual(secretArn('tokenSecret'));
    expect(env.SES_CONFIGURATION_SET).toBeDefined();
    expect(env.DIGEST_FROM).toContain(built.config.sender.address);
    expect(env.DIGEST_POSTAL_ADDRESS).toBe(built.config.postalAddress);
    expect(env.DIGEST_UNSUBSCRIBE_MAILBOX).toBe(built.config.unsubscribeMailbox);
    expect(env.DIGEST_BASE_URL).toBeDefined();
    expect(grantedResources('subscribe', 'dynamodb:PutItem')).toEqual([tableArn('subscribers')]);
    expect(grantedResources('subscribe', 'secretsmanager:GetSecretValue')).toEqual([
      secretArn('tokenSecret'),
    ]);
    expect(
      grantedResources('subscribe', 'ses:SendRawEmail')
        .map((r) => JSON.stringify(r))
        .sort(),
    ).toEqual([configSetArn(), identityArn()].sort());
    expect(grantedResources('subscribe', 'ses:GetSendQuota')).toEqual([]);
    expect(env.API_KEY_SECRET_ARN).toBeUndefined();
  });

  it('send-worker: ledger (rw), subscribers (r: consent at send time), the archived issue, SES with GetSendQuota, consumes the send queue', () => {
    const env = envOf('send-worker');
    expect(env.DELIVERIES_TABLE).toEqual(tableName('deliveries'));
    expect(env.SUBSCRIBERS_TABLE).toEqual(tableName('subscribers'));
    expect(grantedResources('send-worker', 'dynamodb:BatchGetItem')).toContainEqual(tableArn('subscribers'));
    expect(grantedResources('send-worker', 'dynamodb:PutItem')).not.toContainEqual(tableArn('subscribers'));
    expect(env.SEND_WORKER_CONCURRENCY).toBe(String(sendWorkerConcurrency(built.config.ses.maxSendRate)));
    expect(grantedResources('send-worker', 'dynamodb:PutItem')).toEqual([tableArn('deliveries')]);
    expect(grantedResources('send-worker', 'dynamodb:GetItem')).toEqual([
      tableArn('deliveries'),
      tableArn('lists'),
      tableArn('subscribers'),
    ]);
    expect(grantedResources('send-worker', 's3:GetObject')).toHaveLength(1);
    expect(grantedResources('send-worker', 'ses:GetSendQuota')).toEqual(['*']);
    const roleAcks = built.stateless.functions['send-worker']!.role!.node.metadata.filter(
      (m) =>
        m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY &&
        Object.keys(m.data as object).some((id) => id.endsWith('AwsSolutions-IAM5[Resource::*]')),
    );
    expect(roleAcks).toHaveLength(1);
    expect(JSON.stringify(roleAcks[0]!.data)).toMatch(/GetSendQuota.*resource-level/);
    // identity, configuration set, tracking configuration set
    expect(grantedResources('send-worker', 'ses:SendRawEmail')).toHaveLength(3);
    expect(env.SES_TRACKING_CONFIGURATION_SET).toEqual(
      ref(built.stateful, built.stateful.node.findChild('TrackingConfigurationSet').node.defaultChild),
    );
    // the switch is the list's: the lists table (read), then DIGEST_LISTS
    expect(env.LISTS_TABLE).toEqual(tableName('lists'));
    expect(JSON.parse(env.DIGEST_LISTS as string)).toEqual(
      expect.arrayContaining(
        built.config.lists
          .filter((list) => list.tracking)
          .map((list) => expect.objectContaining({ name: list.name, tracking: true })),
      ),
    );
    expect(grantedResources('send-worker', 'sqs:ReceiveMessage')).toEqual([sendQueueArn()]);
    expect(grantedResources('send-worker', 'sqs:SendMessage')).toEqual([]);
  });

  it.skipIf(!PLANNED_HANDLERS.includes('fan-out' as never))(
    'fan-out: sends to the send queue only, reads subscribers',
    () => {
      const env = envOf('fan-out');
      expect(env.SEND_QUEUE_URL).toEqual(ref(built.stateless, built.stateless.sendQueue.node.defaultChild));
      // The other SendMessage grant is the function's own dead-letter queue for failed asynchronous invocations.
      expect(grantedResources('fan-out', 'sqs:SendMessage')).toEqual(
        expect.arrayContaining([
          sendQueueArn(),
          getAtt(built.stateless, built.stateless.asyncDeadLetterQueue.node.defaultChild, 'Arn'),
        ]),
      );
      expect(grantedResources('fan-out', 'sqs:SendMessage')).toHaveLength(2);
      // the table and each of its named indexes (never `index/*`)
      const subscribersArn = JSON.stringify(tableArn('subscribers'));
      const queried = grantedResources('fan-out', 'dynamodb:Query')
        .map((r) => JSON.stringify(r))
        .filter((r) => r.includes(subscribersArn));
      const indexes = built.stateful.resources.tables.subscribers.indexNames;
      expect(queried).toHaveLength(1 + indexes.length);
      for (const q of queried) expect(q).toContain(JSON.stringify(tableArn('subscribers')));
      for (const index of indexes) expect(queried.some((q) => q.includes(`/index/${index}`))).toBe(true);
      expect(grantedResources('fan-out', 'dynamodb:PutItem')).toEqual([]);
      // the ledger: read and updated (settling the records a dead sender left in progress), never put or deleted
      expect(env.DELIVERIES_TABLE).toEqual(tableName('deliveries'));
      expect(grantedResources('fan-out', 'dynamodb:UpdateItem')).toEqual([tableArn('deliveries')]);
      expect(grantedResources('fan-out', 'dynamodb:Query')).toContainEqual(tableArn('deliveries'));
      for (const action of ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'])
        expect(grantedResources('fan-out', action), action).toEqual([]);
    },
  );

  it('authorizer: the API key secret and nothing else', () => {
    const env = envOf('authorizer');
    expect(env.API_KEY_SECRET_ARN).toEqual(secretArn('apiKeySecret'));
    expect(grantedResources('authorizer', 'secretsmanager:GetSecretValue')).toEqual([
      secretArn('apiKeySecret'),
    ]);
    const actions = statementsOf('authorizer').flatMap((st) => asArray(st.Action));
    expect(actions.filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'))).toEqual([
      'secretsmanager:GetSecretValue',
    ]);
  });

  it('feedback: suppression in the subscribers table only', () => {
    expect(grantedResources('feedback', 'dynamodb:PutItem')).toEqual([tableArn('subscribers')]);
    expect(envOf('feedback').DELIVERIES_TABLE).toBeUndefined();
    expect(grantedResources('feedback', 'secretsmanager:GetSecretValue')).toEqual([]);
  });

  it('issue-page: the archive bucket, the base URL and the lists table, and only archive and lists reads granted', () => {
    const env = envOf('issue-page');
    expect(Object.keys(env).sort()).toEqual([
      'ARCHIVE_BUCKET',
      'DIGEST_BASE_URL',
      'DIGEST_LISTS',
      'DIGEST_LIST_TITLE',
      'LISTS_TABLE',
      'NODE_OPTIONS',
    ]);
    const actions = statementsOf('issue-page').flatMap((st) => asArray(st.Action));
    expect(actions.filter((a) => /^(sqs|ses):/.test(a))).toEqual([]);
    // DynamoDB reads on the lists table only (the web copy carries the list's title).
    expect(actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
    expect(envOf('issue-page').LISTS_TABLE).toBeDefined();
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:ListBucket']));
    expect(actions).not.toContain('secretsmanager:GetSecretValue');
  });

  it('of the briefing functions only schedule and approve, which sign links, may read the token secret', () => {
    for (const name of ['schedule', 'approve'])
      expect(grantedResources(name, 'secretsmanager:GetSecretValue'), name).toHaveLength(1);
    for (const name of ['articles', 'issue-page', 'archive', 'forward', 's3-drop']) {
      expect(envOf(name).TOKEN_SECRET_ARN, name).toBeUndefined();
      expect(grantedResources(name, 'secretsmanager:GetSecretValue'), name).toEqual([]);
    }
  });

  it('schedule and approve compose, archive and queue; articles only queues URLs', () => {
    for (const name of ['schedule', 'approve']) {
      expect(grantedResources(name, 's3:PutObject'), name).toHaveLength(1);
      expect(grantedResources(name, 'sqs:SendMessage'), name).toContainEqual(sendQueueArn());
    }
    // the schedule resumes an archived issue's delivery and settles stranded ledger records: read and update only
    expect(grantedResources('schedule', 'dynamodb:UpdateItem')).toEqual([
      tableArn('briefings'),
      tableArn('deliveries'),
    ]);
    expect(envOf('schedule').DELIVERIES_TABLE).toEqual(tableName('deliveries'));
    expect(grantedResources('schedule', 'dynamodb:PutItem')).not.toContainEqual(tableArn('deliveries'));
    expect(grantedResources('schedule', 'dynamodb:DeleteItem')).not.toContainEqual(tableArn('deliveries'));
    // approve only ever delivers an issue for the first time: it records the queued count, and creates or deletes
    // no delivery record
    expect(grantedResources('approve', 'dynamodb:UpdateItem')).toEqual([
      tableArn('briefings'),
      tableArn('deliveries'),
    ]);
    expect(envOf('approve').DELIVERIES_TABLE).toEqual(tableName('deliveries'));
    expect(grantedResources('approve', 'dynamodb:PutItem')).not.toContainEqual(tableArn('deliveries'));
    expect(grantedResources('approve', 'dynamodb:DeleteItem')).not.toContainEqual(tableArn('deliveries'));
    expect(grantedResources('articles', 'dynamodb:PutItem')).toEqual([tableArn('briefings')]);
    expect(grantedResources('articles', 's3:GetObject')).toEqual([]);
    expect(grantedResources('articles', 'ses:SendRawEmail')).toEqual([]);
  });

  it('admin: the console behind ANY /admin and /admin/{proxy+}, with the use cases its pages run and deletes only drafts and imports', () => {
    const env = envOf('admin');
    for (const name of [
      'SUBSCRIBERS_TABLE',
      'DELIVERIES_TABLE',
      'BRIEFINGS_TABLE',
      'LISTS_TABLE',
      'ARCHIVE_BUCKET',
      'SEND_QUEUE_URL',
      'TOKEN_SECRET_ARN',
      'API_KEY_SECRET_ARN',
      'SES_CONFIGURATION_SET',
      'DIGEST_FROM',
      'DIGEST_BASE_URL',
    ])
      expect(env[name], name).toBeDefined();
    expect(
      grantedResources('admin', 'secretsmanager:GetSecretValue')
        .map((r) => JSON.stringify(r))
        .sort(),
    ).toEqual([secretArn('tokenSecret'), secretArn('apiKeySecret')].map((r) => JSON.stringify(r)).sort());
    expect(grantedResources('admin', 'sqs:SendMessage')).toEqual([sendQueueArn()]);
    for (const kind of ['subscribers', 'deliveries', 'briefings'] as const)
      expect(grantedResources('admin', 'dynamodb:PutItem')).toContainEqual(tableArn(kind));
    // Sign-out records the session as ended in the briefings table, and every console request reads it there.
    expect(grantedResources('admin', 'dynamodb:GetItem')).toContainEqual(tableArn('briefings'));
    expect(grantedResources('admin', 's3:PutObject')).toHaveLength(1);
    // Drafts once sent or discarded, and a CSV import's upload and record (functions/adapters/s3-import-jobs.ts).
    const deletes = grantedResources('admin', 's3:DeleteObject').map((r) => JSON.stringify(r));
    expect(deletes).toHaveLength(2);
    expect(deletes.some((r) => /newsletter-digest-archive-.*\/drafts\/\*"/.test(r))).toBe(true);
    expect(deletes.some((r) => /newsletter-digest-archive-.*\/imports\/\*"/.test(r))).toBe(true);
    for (const name of Object.keys(built.stateless.functions).filter((n) => n !== 'admin'))
      expect(grantedResources(name, 's3:DeleteObject'), name).toEqual([]);
    expect(grantedResources('admin', 'ses:GetSendQuota')).toEqual([]);
    const routes = resourcesOf(stateless, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const admin = routes.filter((r) => String(r.RouteKey).includes('/admin'));
    expect(admin.map((r) => r.RouteKey).sort()).toEqual(['ANY /admin', 'ANY /admin/{proxy+}']);
    for (const route of admin) expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
    const outputs = (stateless.toJSON().Outputs ?? {}) as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.AdminUrl?.Value)).toContain('/admin');
  });

  it('archive functions read the one archive bucket by name', () => {
    const env = envOf('issue-page');
    expect(JSON.stringify(env.ARCHIVE_BUCKET)).toContain('newsletter-digest-archive-');
    const objects = grantedResources('issue-page', 's3:GetObject');
    expect(objects).toHaveLength(1);
    expect(JSON.stringify(objects[0])).toMatch(/newsletter-digest-archive-.*\/\*"/);
    expect(grantedResources('issue-page', 's3:PutObject')).toEqual([]);
  });
});

describe('queues', () => {
  it('attaches the dead-letter queue to the send queue', () => {
    const sendQueue = stateless.toJSON().Resources[
      logicalId(built.stateless, built.stateless.sendQueue.node.defaultChild)
    ] as Resource;
    expect(sendQueue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: getAtt(
        built.stateless,
        built.stateless.sendDeadLetterQueue.node.defaultChild,
        'Arn',
      ),
      maxReceiveCount: SEND_MAX_RECEIVE_COUNT,
    });
  });

  it('encrypts every queue and refuses plain HTTP', () => {
    const queues = resourcesOf(stateless, 'AWS::SQS::Queue');
    for (const [id, q] of queues) expect(q.Properties.SqsManagedSseEnabled, id).toBe(true);
    const policies = resourcesOf(stateless, 'AWS::SQS::QueuePolicy');
    expect(policies).toHaveLength(queues.length);
    for (const [, p] of policies)
      expect(JSON.stringify(p.Properties)).toContain('"aws:SecureTransport":"false"');
  });

  it('ties the send worker concurrency to the SES rate', () => {
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: ref(built.stateless, built.stateless.functions['send-worker']?.node.defaultChild),
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: sendWorkerConcurrency(built.config.ses.maxSendRate) },
    });
  });

  it('gives asynchronously invoked functions a dead-letter queue', () => {
    const asyncDlq = getAtt(built.stateless, built.stateless.asyncDeadLetterQueue.node.defaultChild, 'Arn');
    for (const name of ['feedback', 'inbound-unsubscribe', 'schedule', 's3-drop']) {
      const [, fn] = functionOf(name);
      expect(fn.Properties.DeadLetterConfig, name).toEqual({ TargetArn: asyncDlq });
    }
  });
});

describe('schedules', () => {
  it('has one schedule per configured list, with its cron and time zone', () => {
    const schedules = resourcesOf(stateless, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
    const sweeps = built.config.lists.some((l) => l.mode === 'review') ? 1 : 0;
    // One per list, the review-draft sweep, and the console's check for due drafts.
    expect(schedules).toHaveLength(built.config.lists.length + sweeps + 1);
    for (const list of built.config.lists) {
      const schedule = schedules.find(
        (p) => JSON.parse((p.Target as { Input: string }).Input).list === list.name,
      );
      expect(schedule, list.name).toMatchObject({
        ScheduleExpression: list.schedule.cron,
        ScheduleExpressionTimezone: list.schedule.timeZone,
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: getAtt(built.stateless, built.stateless.functions.schedule?.node.defaultChild, 'Arn'),
          DeadLetterConfig: {
            Arn: getAtt(built.stateless, built.stateless.schedulerDeadLetterQueue.node.defaultChild, 'Arn'),
          },
        },
      });
      // The contract of functions/handlers/schedule.ts: the list and the scheduled time, which names the window.
      expect(JSON.parse((schedule!.Target as { Input: string }).Input)).toEqual({
        list: list.name,
        scheduledTime: '<aws.scheduler.scheduled-time>',
      });
    }
  });

  it("carries every list's settings (runtime mode names, time zones, editor, feeds, tracking) to the briefing functions", () => {
    const env = envOf('schedule');
    expect(typeof env.DIGEST_LISTS).toBe('string');
    const carried = parseListDefaults(env.DIGEST_LISTS as string);
    expect([...carried.keys()]).toEqual(built.config.lists.map((l) => l.name));
    for (const list of built.config.lists) {
      expect(carried.get(list.name), list.name).toEqual({
        name: list.name,
        mode: list.mode === 'send' ? 'auto' : 'review',
        timezone: list.schedule.timeZone,
        editor: list.reviewers[0] ?? null,
        feeds: list.sources,
        ...(list.tracking ? { tracking: true } : {}),
      });
    }
    // The repository's config has lists in two zones and both modes, so the mapping is really exercised.
    expect(new Set([...carried.values()].map((l) => l.timezone)).size).toBeGreaterThan(1);
    expect([...carried.values()].map((l) => l.mode).sort()).toEqual(['auto', 'review']);
    for (const name of ['approve', 'articles', 's3-drop']) {
      expect(envOf(name).DIGEST_LISTS, name).toBe(env.DIGEST_LISTS);
    }
  });

  it("sends the console's scheduled drafts: the admin function every minute, not retried (the next check is)", () => {
    const schedules = resourcesOf(stateless, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
    const drafts = schedules.filter(
      (p) => JSON.parse((p.Target as { Input: string }).Input).consoleDrafts !== undefined,
    );
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      ScheduleExpression: 'rate(1 minute)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: getAtt(built.stateless, built.stateless.functions.admin?.node.defaultChild, 'Arn'),
        RetryPolicy: { MaximumRetryAttempts: 0 },
        DeadLetterConfig: {
          Arn: getAtt(built.stateless, built.stateless.schedulerDeadLetterQueue.node.defaultChild, 'Arn'),
        },
      },
    });
    // The contract of functions/handlers/admin.ts.
    expect(JSON.parse((drafts[0]!.Target as { Input: string }).Input)).toEqual({ consoleDrafts: 'send-due' });
  });

  it('lets the scheduler invoke exactly the schedule and admin functions', () => {
    const role = built.stateless.node.findChild('SchedulerRole');
    const policy = resourcesOf(stateless, 'AWS::IAM::Policy').find(([, p]) =>
      JSON.stringify(p.Properties.Roles).includes(logicalId(built.stateless, role.node.defaultChild)),
    );
    const statements = (policy![1].Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    const invoked = statements.find((st) => st.Action === 'lambda:InvokeFunction')?.Resource;
    expect(invoked).toHaveLength(2);
    expect(invoked).toEqual(
      expect.arrayContaining([
        getAtt(built.stateless, built.stateless.functions.schedule?.node.defaultChild, 'Arn'),
        getAtt(built.stateless, built.stateless.functions.admin?.node.defaultChild, 'Arn'),
      ]),
    );
  });
});

describe('HTTP API', () => {
  it('throttles the default stage and logs access', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: built.config.api.rateLimit,
        ThrottlingBurstLimit: built.config.api.burstLimit,
      },
      AccessLogSettings: { DestinationArn: {} },
    });
  });

  it('gives /subscribe its own lower throttle, and confirm and one-click unsubscribe their own buckets', () => {
    const [stage] = resourcesOf(stateless, 'AWS::ApiGatewayV2::Stage').map(([, r]) => r);
    const settings = stage!.Properties.RouteSettings as Json;
    const { rateLimit, burstLimit, subscribeRateLimit, subscribeBurstLimit } = built.config.api;
    expect(subscribeRateLimit).toBeLessThan(rateLimit);
    expect(settings).toEqual({
      'POST /subscribe': {
        ThrottlingRateLimit: subscribeRateLimit,
        ThrottlingBurstLimit: subscribeBurstLimit,
      },
      'GET /confirm': { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit },
      'POST /confirm': { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit },
      'POST /unsubscribe': { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit },
    });
    // Route settings name routes, which must exist before the stage.
    const routeIds = resourcesOf(stateless, 'AWS::ApiGatewayV2::Route')
      .filter(([, r]) => Object.hasOwn(settings, r.Properties.RouteKey as string))
      .map(([id]) => id);
    expect(routeIds).toHaveLength(4);
    expect((stage as unknown as Json).DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('has the routes of ARCHITECTURE.md; the authenticated ones behind the Lambda authorizer', () => {
    const routes = new Map(
      resourcesOf(stateless, 'AWS::ApiGatewayV2::Route').map(([, r]) => [
        r.Properties.RouteKey as string,
        r.Properties,
      ]),
    );
    expect([...routes.keys()].sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    const authorizers = resourcesOf(stateless, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0]!;
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 0, // a revoked key stops at once
    });
    for (const route of ROUTES) {
      const props = routes.get(`${route.method} ${route.path}`)!;
      if (route.authenticated) {
        expect(props, route.path).toMatchObject({
          AuthorizationType: 'CUSTOM',
          AuthorizerId: { Ref: authorizerId },
        });
      } else {
        expect(props.AuthorizationType ?? 'NONE', route.path).toBe('NONE');
      }
    }
  });
});

describe('mail in and events out', () => {
  it('routes the unsubscribe mailbox through SNS (whole message, Base64) to the inbound-unsubscribe function', () => {
    const topic = built.stateless.node.findChild('InboundMail');
    const topicRef = ref(built.stateless, topic.node.defaultChild);
    stateless.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Recipients: [built.config.unsubscribeMailbox],
        Enabled: true,
        ScanEnabled: true,
        Actions: [{ SNSAction: { Encoding: 'Base64', TopicArn: topicRef } }],
      },
    });
    stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: topicRef,
      Endpoint: getAtt(
        built.stateless,
        built.stateless.functions['inbound-unsubscribe']?.node.defaultChild,
        'Arn',
      ),
    });
  });

  it('subscribes the feedback function to the SES events topic', () => {
    const topicArn = ref(built.stateful, built.stateful.resources.sesEventsTopic.node.defaultChild);
    const subscriptions = resourcesOf(stateless, 'AWS::SNS::Subscription').map(
      ([, r]) => crossResolve(r.Properties) as Json,
    );
    expect(subscriptions).toContainEqual(
      expect.objectContaining({
        Protocol: 'lambda',
        TopicArn: topicArn,
        Endpoint: getAtt(built.stateless, built.stateless.functions.feedback?.node.defaultChild, 'Arn'),
        FilterPolicyScope: 'MessageBody',
        FilterPolicy: { eventType: ['Bounce', 'Complaint'] },
      }),
    );
    expect(subscriptions).toContainEqual(
      expect.objectContaining({
        Protocol: 'lambda',
        TopicArn: topicArn,
        Endpoint: getAtt(built.stateless, built.stateless.functions['send-events']?.node.defaultChild, 'Arn'),
      }),
    );
  });
});

describe('alarms', () => {
  const alarms = () => resourcesOf(stateless, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);

  it('watches the SES bounce and complaint rates', () => {
    const bounce = alarms().find((a) => a.MetricName === 'Reputation.BounceRate');
    const complaint = alarms().find((a) => a.MetricName === 'Reputation.ComplaintRate');
    expect(bounce).toMatchObject({ Namespace: 'AWS/SES', ComparisonOperator: 'GreaterThanThreshold' });
    expect(bounce!.Threshold as number).toBeLessThan(0.05);
    expect(complaint!.Threshold as number).toBeLessThan(0.001);
  });

  it('watches every dead-letter queue and every function', () => {
    const dlqs = [
      built.stateless.sendDeadLetterQueue,
      built.stateless.asyncDeadLetterQueue,
      built.stateless.schedulerDeadLetterQueue,
    ];
    for (const dlq of dlqs) {
      const name = getAtt(built.stateless, dlq.node.defaultChild, 'QueueName');
      expect(
        alarms().some(
          (a) =>
            a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
            JSON.stringify(a.Dimensions).includes(JSON.stringify(name)),
        ),
      ).toBe(true);
    }
    const errorAlarms = alarms().filter((a) => a.MetricName === 'Errors');
    expect(errorAlarms).toHaveLength(Object.keys(built.stateless.functions).length);
    for (const a of alarms()) expect((a.AlarmActions as unknown[]).length).toBe(1);
  });
});
