/**
 * The one way this service defines a Lambda: NodejsFunction bundled by the local esbuild (no Docker), Node.js 24 on
 * arm64, minified ESM with source maps, an explicit log group with retention, its own role without managed policies,
 * and `bind*` methods that set an environment variable and the matching IAM grant in one call, scoped to the exact
 * resource ARN.
 *
 * The AWS SDK v3 is left out of the bundles by default (`@aws-sdk/*` external): the Lambda Node.js runtimes from
 * nodejs18.x on include SDK v3 (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-package.html, "Runtime versions
 * nodejs18.x and later include version 3 of the SDK"); see docs/deploy.md for what that relies on. Set the context
 * flag `digest:bundleAwsSdk=true` to bundle a pinned, tree-shaken SDK instead.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { Construct } from 'constructs';
import type { ListDefaults } from '../../functions/adapters/configured-lists.js';
import type { EnvName } from '../../functions/config.js';
import type { ListConfig } from '../config.js';
import { type HandlerName, handlerEntry, REPO_ROOT } from '../handler-catalog.js';

export const DIGEST_RUNTIME = Runtime.NODEJS_24_X;
export const ESBUILD_TARGET = 'node24';
export const BUNDLE_AWS_SDK_CONTEXT = 'digest:bundleAwsSdk';
/** Room for DIGEST_LISTS inside Lambda's 4 KB environment limit, leaving the rest to the other variables. */
export const MAX_LISTS_ENV_BYTES = 2500;

/** Lets ESM bundles load CommonJS dependencies that call require() on Node built-ins. */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __digestCreateRequire } from 'node:module';const require = __digestCreateRequire(import.meta.url);";

export type TableKind = 'subscribers' | 'deliveries' | 'briefings' | 'lists';

/**
 * The deploy configuration's `lists[]` in the runtime's terms (`send` → `auto`, the schedule's time zone, the first
 * reviewer as the editor, the sources as feeds, tracking): DIGEST_LISTS of the functions, and the ConfiguredLists
 * output that `digest --stack-outputs` reads, so that the CLI sees the same configured lists as the functions.
 */
export function listDefaultsJson(lists: readonly ListConfig[]): string {
  return JSON.stringify(
    lists.map(
      (list): ListDefaults => ({
        name: list.name,
        mode: list.mode === 'review' ? 'review' : 'auto',
        timezone: list.schedule.timeZone,
        editor: list.reviewers[0] ?? null,
        feeds: [...list.sources],
        ...(list.tracking ? { tracking: true } : {}),
      }),
    ),
  );
}
/**
 * `r` read, `rw` read-write, `name` the variable only, no grant: for a function whose code names the resource
 * without calling it.
 */
export type Access = 'r' | 'rw' | 'name';

/** A table together with the names of its global secondary indexes (granted one by one, never `index/*`). */
export interface TableRef {
  table: ITable;
  indexNames: readonly string[];
}

const TABLE_ENV: Record<TableKind, EnvName> = {
  subscribers: 'SUBSCRIBERS_TABLE',
  deliveries: 'DELIVERIES_TABLE',
  briefings: 'BRIEFINGS_TABLE',
  lists: 'LISTS_TABLE',
};

const DYNAMO_READ = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const DYNAMO_WRITE = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

export interface MailSettings {
  from: string;
  postalAddress: string;
  baseUrl: string;
  unsubscribeMailbox: string;
}

export interface DigestFunctionProps {
  handler: HandlerName;
  description: string;
  logRetention: RetentionDays;
  memorySize?: number;
  timeout?: Duration;
  /** Dead-letter queue for asynchronous invocations (SNS, SES, EventBridge, Scheduler). */
  deadLetterQueue?: IQueue;
  /** Bundle the AWS SDK instead of using the runtime's copy. */
  bundleAwsSdk?: boolean;
  /**
   * The function extracts articles from HTML: its package also gets `html-extract-worker.cjs`, the
   * self-contained worker thread that runs Readability within a time budget (adapters/html-extract.ts
   * finds it next to index.mjs).
   */
  extractsArticles?: boolean;
}

/** Bundles the extraction worker (linkedom + Readability, CommonJS) as a second file of the package. */
const EXTRACTOR_HOOKS = {
  beforeBundling: (): string[] => [],
  beforeInstall: (): string[] => [],
  afterBundling: (_inputDir: string, outputDir: string): string[] => [
    [
      `"${REPO_ROOT}/node_modules/.bin/esbuild"`,
      `"${REPO_ROOT}/functions/adapters/html-extract-worker.ts"`,
      '--bundle',
      '--platform=node',
      '--format=cjs',
      `--target=${ESBUILD_TARGET}`,
      '--minify',
      '--log-level=warning',
      `--outfile="${outputDir}/html-extract-worker.cjs"`,
    ].join(' '),
  ],
};

export class DigestFunction extends NodejsFunction {
  readonly handlerName: HandlerName;
  readonly functionLogGroup: LogGroup;
  declare readonly role: IRole;
  private readonly boundEnv = new Map<string, string>();
  private readonly starReasons: string[] = [];

  constructor(scope: Construct, id: string, props: DigestFunctionProps) {
    // Created before super() so that the function never gets the default role with the
    // AWSLambdaBasicExecutionRole managed policy (logs:* on every log group).
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.handler} function`,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The LogGroup's Arn attribute is `arn:…:log-group:<name>:*`, which covers its streams and nothing else.
        resources: [logGroup.logGroupArn],
      }),
    );

    super(scope, id, {
      entry: handlerEntry(props.handler),
      handler: 'handler',
      description: props.description,
      runtime: DIGEST_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup,
      tracing: Tracing.ACTIVE,
      deadLetterQueue: props.deadLetterQueue,
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}/package-lock.json`,
      environment: { NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: ESBUILD_TARGET,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        metafile: true,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        externalModules: props.bundleAwsSdk ? [] : ['@aws-sdk/*'],
        bundleAwsSDK: props.bundleAwsSdk ?? false,
        tsconfig: `${REPO_ROOT}/tsconfig.json`,
        ...(props.extractsArticles ? { commandHooks: EXTRACTOR_HOOKS } : {}),
      },
    });
    this.handlerName = props.handler;
    this.functionLogGroup = logGroup;

    this.starReasons.push(
      'active X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) supports no resource-level permissions ' +
        '(https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html)',
    );
    // One acknowledgement per role for its Resource::* statement, naming every action that needs it. It is recorded
    // when the tree is validated, after all bind* calls, because a later bind can add another such action.
    let acknowledged = false;
    this.node.addValidation({
      validate: () => {
        if (acknowledged) return []; // validation runs on every synth of the same tree
        acknowledged = true;
        Validations.of(role).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: `Resource "*" only for actions without resource-level permissions: ${this.starReasons.join('; ')}.`,
        });
        return [];
      },
    });
  }

  /** Sets one environment variable; binding the same name twice to different values is a wiring mistake. */
  setEnv(name: EnvName, value: string): this {
    const previous = this.boundEnv.get(name);
    if (previous !== undefined && previous !== value) {
      throw new Error(`${this.node.path}: ${name} is already bound to another value`);
    }
    this.boundEnv.set(name, value);
    this.addEnvironment(name, value);
    return this;
  }

  /** The env var names bound so far (for tests and docs). */
  get boundEnvNames(): string[] {
    return [...this.boundEnv.keys()];
  }

  /**
   * `<KIND>_TABLE` plus read (or read-write) item access to that table and its named indexes only. `ru`: read, and
   * UpdateItem only (existing records change; nothing is put or deleted).
   */
  bindTable(kind: TableKind, ref: TableRef, access: Access | 'ru'): this {
    const tableArn = ref.table.tableArn;
    this.setEnv(TABLE_ENV[kind], ref.table.tableName);
    if (access === 'name') return this;
    this.addToRolePolicy(
      new PolicyStatement({
        actions:
          access === 'rw'
            ? [...DYNAMO_READ, ...DYNAMO_WRITE]
            : access === 'ru'
              ? [...DYNAMO_READ, 'dynamodb:UpdateItem']
              : DYNAMO_READ,
        resources: [tableArn],
      }),
    );
    if (ref.indexNames.length > 0) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: ref.indexNames.map((name) => `${tableArn}/index/${name}`),
        }),
      );
    }
    return this;
  }

  bindSubscribers(ref: TableRef, access: Access): this {
    return this.bindTable('subscribers', ref, access);
  }

  bindDeliveries(ref: TableRef, access: Access | 'ru'): this {
    return this.bindTable('deliveries', ref, access);
  }

  bindBriefings(ref: TableRef, access: Access): this {
    return this.bindTable('briefings', ref, access);
  }

  /**
   * The lists table (titles, senders, footers: functions/handlers/runtime/lists.ts) and DIGEST_LIST_TITLE, the title
   * of the built-in `default` list where the table has no record of it.
   */
  bindListsTable(ref: TableRef, access: Access, defaultTitle: string, lists: readonly ListConfig[]): this {
    this.setEnv('DIGEST_LIST_TITLE', defaultTitle);
    this.bindLists(lists); // the configured lists' titles and zones where the table has no record

    return this.bindTable('lists', ref, access);
  }

  /** ARCHIVE_BUCKET plus object read (or read-write) in that bucket, and ListBucket so a missing key reads as 404. */
  bindArchive(bucket: IBucket, access: Access): this {
    this.setEnv('ARCHIVE_BUCKET', bucket.bucketName);
    if (access === 'name') return this;
    this.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    this.addToRolePolicy(
      new PolicyStatement({
        actions: access === 'rw' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
    // The finding id is the flattened object ARN exactly as cdk-nag renders it, so that this acknowledges the
    // object wildcard of this one bucket and nothing else.
    const objects = flattenCfnReference(Stack.of(this).resolve(bucket.arnForObjects('*')));
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${objects}]`,
      reason:
        'Object keys (issue ids, dropped article files) are created at run time; the grant covers the objects of the ' +
        'one archive bucket only, with no bucket-level write.',
    });
    return this;
  }

  /**
   * The console's drafts (functions/adapters/s3-issue-draft-store.ts): DeleteObject under `drafts/` of the archive
   * bucket only, on top of bindArchive(bucket, 'rw'), which sets ARCHIVE_BUCKET and grants the reads and writes.
   */
  bindDrafts(bucket: IBucket): this {
    if (this.boundEnv.get('ARCHIVE_BUCKET') === undefined)
      throw new Error(`${this.node.path}: bindDrafts needs bindArchive(bucket, 'rw') first`);
    const drafts = bucket.arnForObjects('drafts/*');
    this.addToRolePolicy(new PolicyStatement({ actions: ['s3:DeleteObject'], resources: [drafts] }));
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(this).resolve(drafts))}]`,
      reason:
        'Draft keys are issue ids created at run time; deleting is allowed under drafts/ of the one archive bucket ' +
        'only, never on the archived issues.',
    });
    return this;
  }

  /**
   * The console's CSV imports (functions/adapters/s3-import-jobs.ts): DeleteObject under `imports/` of the archive
   * bucket only (an upload is deleted once imported, cancelled or expired; a record after 7 days), on top of
   * bindArchive(bucket, 'rw'), which sets ARCHIVE_BUCKET and grants the reads and writes.
   */
  bindImports(bucket: IBucket): this {
    if (this.boundEnv.get('ARCHIVE_BUCKET') === undefined)
      throw new Error(`${this.node.path}: bindImports needs bindArchive(bucket, 'rw') first`);
    const imports = bucket.arnForObjects('imports/*');
    this.addToRolePolicy(new PolicyStatement({ actions: ['s3:DeleteObject'], resources: [imports] }));
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(this).resolve(imports))}]`,
      reason:
        'Import keys are ids created at run time; deleting is allowed under imports/ of the one archive bucket only, ' +
        'never on the archived issues.',
    });
    return this;
  }

  /** SEND_QUEUE_URL plus sqs:SendMessage on that queue only. */
  bindQueue(queue: IQueue, role: 'send' | 'name'): this {
    this.setEnv('SEND_QUEUE_URL', queue.queueUrl);
    if (role === 'send') {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
          resources: [queue.queueArn],
        }),
      );
    }
    return this;
  }

  /** TOKEN_SECRET_ARN or API_KEY_SECRET_ARN plus secretsmanager:GetSecretValue on that secret only (`name`: no grant). */
  bindSecret(secret: ISecret, purpose: 'token' | 'apiKey', access: 'read' | 'name' = 'read'): this {
    this.setEnv(purpose === 'token' ? 'TOKEN_SECRET_ARN' : 'API_KEY_SECRET_ARN', secret.secretArn);
    if (access === 'name') return this;
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
    );
    return this;
  }

  /**
   * SES_CONFIGURATION_SET plus sending through that configuration set from that identity only. `quota` adds
   * ses:GetSendQuota, which has no resource-level permission (acknowledged below with that reason).
   */
  bindSes(
    identity: IEmailIdentity,
    configurationSetName: string,
    options: {
      quota?: boolean;
      sandboxRecipients?: readonly string[];
      nameOnly?: boolean;
      /** The open/click tracking set (the send worker picks it per issue, from the list's record). */
      trackingConfigurationSetName?: string;
    } = {},
  ): this {
    const stack = Stack.of(this);
    this.setEnv('SES_CONFIGURATION_SET', configurationSetName);
    const tracking = options.trackingConfigurationSetName;
    if (tracking) this.setEnv('SES_TRACKING_CONFIGURATION_SET', tracking);
    if (options.nameOnly) return this;
    const configurationSetArn = (name: string) =>
      stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: name });
    const recipients = (options.sandboxRecipients ?? []).map((name) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name }),
    );
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendRawEmail', 'ses:SendEmail'],
        resources: [
          identity.emailIdentityArn,
          configurationSetArn(configurationSetName),
          ...(tracking ? [configurationSetArn(tracking)] : []),
          ...recipients,
        ],
      }),
    );
    if (options.quota) {
      this.addToRolePolicy(new PolicyStatement({ actions: ['ses:GetSendQuota'], resources: ['*'] }));
      this.starReasons.push(
        'ses:GetSendQuota (the worker paces itself to the account send rate) has no resource-level permission ' +
          '(https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html)',
      );
    }
    return this;
  }

  /**
   * DIGEST_LISTS: the validated `lists[]` of the deploy configuration as one JSON array, in the runtime's terms
   * (`send` → `auto`, the schedule's time zone, the first reviewer as the editor, the sources as feeds). The
   * briefing functions use it where the briefings table has no settings or feeds of its own for a list. Plain value,
   * no grant. Lambda allows 4 KB of environment in all, so a configuration that does not fit stops the synth.
   */
  bindLists(lists: readonly ListConfig[]): this {
    const value = listDefaultsJson(lists);
    if (Buffer.byteLength(value, 'utf8') > MAX_LISTS_ENV_BYTES) {
      throw new Error(
        `${this.node.path}: DIGEST_LISTS would be ${Buffer.byteLength(value, 'utf8')} bytes, over the ` +
          `${MAX_LISTS_ENV_BYTES} that fit in a Lambda environment (4 KB in all); shorten lists[].sources`,
      );
    }
    return this.setEnv('DIGEST_LISTS', value);
  }

  /** Sender, footer and link settings: plain values, no grant. */
  bindMailSettings(settings: MailSettings): this {
    this.setEnv('DIGEST_FROM', settings.from);
    this.setEnv('DIGEST_POSTAL_ADDRESS', settings.postalAddress);
    this.setEnv('DIGEST_BASE_URL', settings.baseUrl);
    this.setEnv('DIGEST_UNSUBSCRIBE_MAILBOX', settings.unsubscribeMailbox);
    this.setEnv('DIGEST_TRANSPORT', 'ses');
    return this;
  }
}
