/**
 * The code and its triggers: every Lambda (through DigestFunction), the HTTP API with its authorizer and throttling,
 * the send queue and dead-letter queues, the SES receipt rule for the unsubscribe mailbox, the SNS subscriptions to
 * the SES events, one EventBridge Scheduler schedule per list, and the alarms. It receives the stateful resources as
 * typed props and never changes them (no cross-stack policy edits), so the two stacks cannot form a cycle.
 */
import { Annotations, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  type CfnStage,
  HttpApi,
  type HttpMethod,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
  HttpMethod as Method,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  Alarm,
  type AlarmProps,
  ComparisonOperator,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { ReceiptRuleSet } from 'aws-cdk-lib/aws-ses';
import { EmailEncoding, Sns as SesSnsAction } from 'aws-cdk-lib/aws-ses-actions';
import { FilterOrPolicy, SubscriptionFilter, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type DigestConfig, fromHeader, sendWorkerConcurrency } from '../config.js';
import { DigestFunction, listDefaultsJson, type MailSettings } from '../constructs/digest-function.js';
import { type HandlerName, handlerExists, PLANNED_HANDLERS } from '../handler-catalog.js';
import type { StatefulResources } from './stateful-stack.js';

export interface StatelessStackProps extends StackProps {
  config: DigestConfig;
  stateful: StatefulResources;
  /** Leave out (with a warning) the functions whose handler file does not exist yet, instead of failing. */
  allowMissingHandlers?: boolean;
  bundleAwsSdk?: boolean;
}

/** SES account-level reputation thresholds: SES reviews an account at 5% bounces and 0.1% complaints. */
export const BOUNCE_RATE_ALARM = 0.04;
export const COMPLAINT_RATE_ALARM = 0.0008;
/** One SendRawEmail per message, one message at a time: a minute covers a full batch of 10 with retries. */
export const SEND_WORKER_TIMEOUT = Duration.seconds(60);
export const SEND_BATCH_SIZE = 10;
export const SEND_MAX_RECEIVE_COUNT = 5;

interface FunctionSpec {
  description: string;
  memorySize?: number;
  timeout?: Duration;
  /** Invoked asynchronously (SNS, SES, EventBridge, Scheduler): failed events go to the async dead-letter queue. */
  async?: boolean;
  /** Reads article pages (feeds, drops): the package carries the extraction worker. */
  extractsArticles?: boolean;
}

const SPECS: Record<HandlerName, FunctionSpec> = {
  subscribe: { description: 'POST /subscribe: records a pending subscriber and mails the confirmation' },
  confirm: { description: 'GET /confirm: a confirm button; POST /confirm confirms (signed token)' },
  unsubscribe: { description: 'GET/POST /unsubscribe: page and RFC 8058 one-click unsubscribe' },
  preferences: { description: 'GET/POST /preferences: lists and topics of a subscriber' },
  feedback: { description: 'SES bounce and complaint events: suppression', async: true },
  'inbound-unsubscribe': {
    description: 'Mail to the unsubscribe mailbox (List-Unsubscribe mailto)',
    async: true,
  },
  'fan-out': {
    description: 'Pages the confirmed subscribers of an issue onto the send queue',
    memorySize: 512,
    timeout: Duration.minutes(5),
    async: true,
  },
  'send-worker': {
    description: 'Send queue consumer: personalise, MIME, SES SendRawEmail, delivery ledger',
    memorySize: 512,
    timeout: SEND_WORKER_TIMEOUT,
  },
  'send-events': { description: 'SES Send/Delivery events: settles the delivery ledger', async: true },
  schedule: {
    description: 'Scheduled briefing: composes what arrived since the last issue and starts its delivery',
    memorySize: 1024,
    extractsArticles: true,
    // It fans the issue out in-process (runtime/drafts.ts): 100,000 subscribers are 10,000 SendMessageBatch calls.
    timeout: Duration.minutes(15),
    async: true,
  },
  approve: {
    description: 'GET/POST /drafts/approve: an editor approves a review-mode draft, which is then sent',
    // An HTTP API integration times out after 30 s; a large list's fan-out continues past that answer.
    timeout: Duration.minutes(5),
  },
  articles: {
    description: 'POST /articles: queues article URLs for a list (authenticated)',
    timeout: Duration.seconds(20),
  },
  'issue-page': { description: 'GET /issues/{id}: the web version of an issue' },
  archive: { description: 'GET /lists/{list}/archive, feed.xml and subscribe' },
  forward: {
    description: 'POST /issues/{id}/forward: sends an issue to stakeholders (authenticated)',
    timeout: Duration.seconds(30),
  },
  authorizer: {
    description: 'Lambda authorizer: bearer key against Secrets Manager',
    memorySize: 128,
    timeout: Duration.seconds(5),
  },
  's3-drop': {
    description: 'Articles dropped under lists/<list>/ in the archive bucket',
    timeout: Duration.seconds(60),
    async: true,
  },
  admin: {
    description:
      'ANY /admin/*: the admin console (lists, subscribers, issues, stats), signed in with an API key',
    // Composing reads and summarizes article pages; an HTTP API integration answers within 30 s.
    memorySize: 1024,
    timeout: Duration.seconds(30),
    extractsArticles: true,
  },
};

interface RouteSpec {
  method: HttpMethod;
  path: string;
  handler: HandlerName;
  authenticated?: boolean;
}

/** The routes of ARCHITECTURE.md that run in AWS (`GET /`, the local preview, is `digest dev` only). */
export const ROUTES: readonly RouteSpec[] = [
  { method: Method.POST, path: '/subscribe', handler: 'subscribe' },
  { method: Method.GET, path: '/confirm', handler: 'confirm' },
  { method: Method.POST, path: '/confirm', handler: 'confirm' },
  { method: Method.GET, path: '/unsubscribe', handler: 'unsubscribe' },
  { method: Method.POST, path: '/unsubscribe', handler: 'unsubscribe' },
  { method: Method.GET, path: '/preferences', handler: 'preferences' },
  { method: Method.POST, path: '/preferences', handler: 'preferences' },
  { method: Method.GET, path: '/drafts/approve', handler: 'approve' },
  { method: Method.POST, path: '/drafts/approve', handler: 'approve' },
  { method: Method.POST, path: '/articles', handler: 'articles', authenticated: true },
  { method: Method.GET, path: '/issues/{id}', handler: 'issue-page' },
  { method: Method.POST, path: '/issues/{id}/forward', handler: 'forward', authenticated: true },
  { method: Method.GET, path: '/lists/{list}/archive', handler: 'archive' },
  { method: Method.GET, path: '/lists/{list}/feed.xml', handler: 'archive' },
  { method: Method.GET, path: '/lists/{list}/subscribe', handler: 'archive' },
  // The console checks its own session cookie, CSRF token and sign-in throttle (functions/admin/router.ts).
  { method: Method.ANY, path: '/admin', handler: 'admin' },
  { method: Method.ANY, path: '/admin/{proxy+}', handler: 'admin' },
];

export class StatelessStack extends Stack {
  readonly functions: Partial<Record<HandlerName, DigestFunction>> = {};
  readonly missingHandlers: HandlerName[];
  readonly api: HttpApi;
  readonly sendQueue: Queue;
  readonly sendDeadLetterQueue: Queue;
  readonly asyncDeadLetterQueue: Queue;
  readonly schedulerDeadLetterQueue: Queue;
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, stateful } = props;
    const retention = config.logRetentionDays as RetentionDays;

    this.missingHandlers = PLANNED_HANDLERS.filter((name) => !handlerExists(name));
    if (this.missingHandlers.length > 0 && !props.allowMissingHandlers) {
      throw new Error(
        `handler files missing: ${this.missingHandlers.map((n) => `functions/handlers/${n}.ts`).join(', ')}. ` +
          'Deploying without them would bring up half the service; set context digest:allowMissingHandlers=true to synth anyway.',
      );
    }

    // ---- queues -------------------------------------------------------------------------------------------
    this.sendDeadLetterQueue = this.queue('SendDlq', Duration.days(14));
    this.sendQueue = new Queue(this, 'SendQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS recommends at least six times the function timeout, so that retries of a throttled batch are not
      // redelivered while the first attempt still runs.
      visibilityTimeout: Duration.seconds(SEND_WORKER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.sendDeadLetterQueue, maxReceiveCount: SEND_MAX_RECEIVE_COUNT },
    });
    this.asyncDeadLetterQueue = this.queue('AsyncDlq', Duration.days(14));
    Validations.of(this.asyncDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the asynchronously invoked functions (SNS, SES, EventBridge).',
    });
    this.schedulerDeadLetterQueue = this.queue('SchedulerDlq', Duration.days(14));
    Validations.of(this.schedulerDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the EventBridge Scheduler schedules (one per list).',
    });

    // ---- functions ----------------------------------------------------------------------------------------
    const mail: MailSettings = {
      from: fromHeader(config),
      postalAddress: config.postalAddress,
      baseUrl: '', // set below once the API exists
      unsubscribeMailbox: config.unsubscribeMailbox,
    };
    for (const name of PLANNED_HANDLERS) {
      if (this.missingHandlers.includes(name)) continue;
      const spec = SPECS[name];
      this.functions[name] = new DigestFunction(this, pascal(name), {
        handler: name,
        description: spec.description,
        memorySize: spec.memorySize,
        timeout: spec.timeout,
        logRetention: retention,
        deadLetterQueue: spec.async ? this.asyncDeadLetterQueue : undefined,
        bundleAwsSdk: props.bundleAwsSdk,
        extractsArticles: spec.extractsArticles,
      });
    }
    for (const name of this.missingHandlers) {
      Annotations.of(this).addWarningV2(
        'digest:missing-handler',
        `functions/handlers/${name}.ts does not exist: the ${name} function is not deployed`,
      );
    }

    // ---- HTTP API -----------------------------------------------------------------------------------------
    this.api = new HttpApi(this, 'Api', {
      description: 'newsletter-digest public API',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention });
    const stage = new HttpStage(this, 'ApiStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.api.rateLimit, burstLimit: config.api.burstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    mail.baseUrl = config.baseUrl ?? this.api.apiEndpoint;
    new CfnOutput(this, 'ApiEndpoint', { description: 'HTTP API endpoint', value: this.api.apiEndpoint });
    new CfnOutput(this, 'BaseUrl', {
      description: 'Base URL of links in mail (DIGEST_BASE_URL)',
      value: mail.baseUrl,
    });
    // Read by `digest --stack-outputs` (with the stateful stack's outputs): the links of mail the CLI sends
    // and the queue its `send` and `briefing` fan out to.
    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the HTTP API', value: mail.baseUrl });
    new CfnOutput(this, 'AdminUrl', {
      description: 'The admin console (sign in with a key from `digest keys --stack-outputs`)',
      value: `${mail.baseUrl}/admin`,
    });
    new CfnOutput(this, 'SendQueueUrl', {
      description: 'Send queue (fan-out → send worker)',
      value: this.sendQueue.queueUrl,
    });
    new CfnOutput(this, 'MailFrom', { description: 'From of every mail (DIGEST_FROM)', value: mail.from });
    new CfnOutput(this, 'PostalAddress', { description: 'Footer postal address', value: mail.postalAddress });
    new CfnOutput(this, 'UnsubscribeMailbox', {
      description: 'List-Unsubscribe mailto address',
      value: mail.unsubscribeMailbox,
    });
    // The configured lists as the functions get them (DIGEST_LISTS): the CLI's lists, settings and feeds where the
    // tables have no record of their own, and the title of the built-in `default` list.
    new CfnOutput(this, 'ConfiguredLists', {
      description: 'lists[] of the deploy configuration (DIGEST_LISTS)',
      value: listDefaultsJson(config.lists),
    });
    new CfnOutput(this, 'DefaultListTitle', {
      description: 'Title of the built-in default list (DIGEST_LIST_TITLE)',
      value: config.sender.name ?? 'Newsletter Digest',
    });

    const authorizerFn = this.functions.authorizer;
    const authorizer: IHttpRouteAuthorizer | undefined = authorizerFn
      ? new HttpLambdaAuthorizer('ApiKeyAuthorizer', authorizerFn, {
          responseTypes: [HttpLambdaResponseType.SIMPLE],
          identitySource: ['$request.header.Authorization'],
          // no cache: a revoked key must stop at once (handlers/authorizer.ts re-reads the key set)
          resultsCacheTtl: Duration.seconds(0),
        })
      : undefined;
    // Each route has its own throttle bucket: a /subscribe flood (its own, lower limit) cannot spend the
    // budget of confirm and one-click unsubscribe. Per client limits: handlers/runtime/subscribers.ts.
    const { rateLimit, burstLimit } = config.api;
    const routeThrottles = new Map([
      [
        'POST /subscribe',
        { rateLimit: config.api.subscribeRateLimit, burstLimit: config.api.subscribeBurstLimit },
      ],
      ['GET /confirm', { rateLimit, burstLimit }],
      ['POST /confirm', { rateLimit, burstLimit }],
      ['POST /unsubscribe', { rateLimit, burstLimit }],
    ]);
    // CfnStage.routeSettings is raw JSON (a map keyed by route): CloudFormation's own property names.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    const integrations = new Map<HandlerName, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      const fn = this.functions[route.handler];
      if (!fn) continue;
      if (route.authenticated && !authorizer) continue; // never expose an authenticated route without its authorizer
      let integration = integrations.get(route.handler);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(route.handler)}Integration`, fn);
        integrations.set(route.handler, integration);
      }
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [route.method],
        integration,
        authorizer: route.authenticated ? authorizer : undefined,
      });
      const limit = routeThrottles.get(`${route.method} ${route.path}`);
      if (limit && created) {
        routeSettings[`${route.method} ${route.path}`] = {
          ThrottlingRateLimit: limit.rateLimit,
          ThrottlingBurstLimit: limit.burstLimit,
        };
        stage.node.addDependency(created); // a stage's route settings name routes that must exist first
      }
      if (!route.authenticated && created) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            route.handler === 'admin'
              ? `${route.method} ${route.path} is the admin console: every page but sign-in needs an HMAC-signed session cookie obtained with an API key, every POST a CSRF token, sign-in attempts are throttled per client, and the stage is throttled.`
              : `${route.method} ${route.path} is public by design (subscribers and mail readers call it); state-changing requests carry an HMAC-signed, purpose-bound token checked in the function, and the stage is throttled.`,
        });
      }
    }
    (stage.node.defaultChild as CfnStage).routeSettings = routeSettings;

    // ---- bindings: env var + exact grant, one call each -----------------------------------------------------
    // Each function gets the names its own code path reads (handlers/runtime/), and a grant where it calls the
    // resource; test/infra/bundles.test.ts holds the bundles' reads and these bindings to each other.
    const { tables, identity, configurationSetName, tokenSecret, apiKeySecret } = stateful;
    const archiveBucket = Bucket.fromBucketName(this, 'ArchiveBucket', stateful.archiveBucketName);
    const ses = { sandboxRecipients: config.ses.sandboxRecipients };
    const f = this.functions;
    const { subscribers, deliveries, briefings, lists } = tables;

    // Every page and mail a reader sees carries the list's title (runtime/lists.ts): read-only.
    const listTitle = config.sender.name ?? 'Newsletter Digest';
    for (const fn of [f.subscribe, f.preferences, f.confirm, f.unsubscribe])
      fn?.bindListsTable(lists, 'r', listTitle, config.lists);
    // Subscriber routes (runtime/subscribers.ts): one set of dependencies; subscribe and preferences (adding a
    // list) send the confirmation, confirm and unsubscribe never send, so they get the configuration set's name only.
    for (const fn of [f.subscribe, f.preferences]) {
      fn?.bindSubscribers(subscribers, 'rw')
        .bindSecret(tokenSecret, 'token')
        .bindSes(identity, configurationSetName, ses)
        .bindMailSettings(mail);
    }
    for (const fn of [f.confirm, f.unsubscribe]) {
      fn?.bindSubscribers(subscribers, 'rw')
        .bindSecret(tokenSecret, 'token')
        .bindSes(identity, configurationSetName, { nameOnly: true })
        .bindMailSettings(mail);
    }
    // Suppression from SES feedback; inbound-unsubscribe also verifies the token in the mail it was sent.
    f.feedback?.bindSubscribers(subscribers, 'rw');
    f['inbound-unsubscribe']?.bindSubscribers(subscribers, 'rw').bindSecret(tokenSecret, 'token');

    // Delivery. fan-out: subscribers → send jobs on the queue, and the ledger read and updated (a repeated fan-out
    // settles the records a dead sender left in progress: Query, then conditional UpdateItem; no record is created
    // or deleted); send-worker: the ledger, the subscribers (consent read again right before each send), the
    // archived issue, SES at rate / SEND_WORKER_CONCURRENCY per container; send-events: the ledger.
    f['fan-out']
      ?.bindSubscribers(subscribers, 'r')
      .bindQueue(this.sendQueue, 'send')
      .bindDeliveries(deliveries, 'ru');
    f['send-worker']
      ?.bindDeliveries(deliveries, 'rw')
      .bindSubscribers(subscribers, 'r')
      .bindArchive(archiveBucket, 'r')
      .bindSecret(tokenSecret, 'token')
      .bindSes(identity, configurationSetName, {
        ...ses,
        quota: true,
        trackingConfigurationSetName: stateful.tracking.configurationSetName,
      })
      .bindMailSettings(mail)
      .setEnv('SEND_WORKER_CONCURRENCY', String(sendWorkerConcurrency(config.ses.maxSendRate)))
      // the list's tracking switch (table, then configuration), read once per issue
      .bindListsTable(lists, 'r', listTitle, config.lists);
    f['send-events']?.bindDeliveries(deliveries, 'rw');

    // Briefings. schedule and approve compose, archive, fan out to the queue and mail the editor's preview; the
    // links they sign need the secret. Each list's settings and feeds come from the table, else DIGEST_LISTS.
    for (const fn of [f.schedule, f.approve]) {
      fn?.bindBriefings(briefings, 'rw')
        .bindArchive(archiveBucket, 'rw')
        .bindSubscribers(subscribers, 'r')
        .bindQueue(this.sendQueue, 'send')
        .bindSecret(tokenSecret, 'token')
        .bindSes(identity, configurationSetName, ses)
        .bindMailSettings(mail)
        .bindLists(config.lists);
    }
    // The schedule resumes the delivery of a window's archived issue when it retries it, settling the records a dead
    // sender left in progress (read and update only). The approve route only ever delivers an issue for the first
    // time (runtime/drafts.ts); both record how many recipients they queued (an UpdateItem), which progress waits for.
    f.schedule?.bindDeliveries(deliveries, 'ru');
    f.approve?.bindDeliveries(deliveries, 'ru');
    // queue an article URL (or a dropped object) for the next briefing
    for (const fn of [f.articles, f['s3-drop']]) fn?.bindBriefings(briefings, 'rw').bindLists(config.lists);
    // the read-only archive routes
    for (const fn of [f['issue-page'], f.archive])
      fn?.bindArchive(archiveBucket, 'r').setEnv('DIGEST_BASE_URL', mail.baseUrl);
    // per-key hourly cap (briefings table), the archived issue, the suppression list, the mail
    f.forward
      ?.bindBriefings(briefings, 'rw')
      .bindArchive(archiveBucket, 'r')
      .bindSubscribers(subscribers, 'r')
      .bindSes(identity, configurationSetName, ses)
      .bindMailSettings(mail)
      .bindLists(config.lists);
    // The list's title, sender and footer in every issue, page and forwarded copy; an unknown list is 404.
    for (const fn of [f.schedule, f.approve, f.articles, f['issue-page'], f.archive, f.forward])
      fn?.bindListsTable(lists, 'r', listTitle, config.lists);
    f.authorizer?.bindSecret(apiKeySecret, 'apiKey');
    // The admin console runs the CLI's use cases: subscribers (add, import, forget), the ledger (progress, stats,
    // test copies, forget), lists (create, edit), briefings (sign-in throttle, sources, approval), the archive, its
    // drafts and its CSV imports (uploads awaiting confirmation, running imports), the send queue (send now), SES
    // (test copies, confirmations), the token secret (sessions, links) and the API key set (sign-in).
    f.admin
      ?.bindSubscribers(subscribers, 'rw')
      .bindDeliveries(deliveries, 'rw')
      .bindBriefings(briefings, 'rw')
      .bindListsTable(lists, 'rw', listTitle, config.lists)
      .bindArchive(archiveBucket, 'rw')
      .bindDrafts(archiveBucket)
      .bindImports(archiveBucket)
      .bindQueue(this.sendQueue, 'send')
      .bindSecret(tokenSecret, 'token')
      .bindSecret(apiKeySecret, 'apiKey')
      .bindSes(identity, configurationSetName, ses)
      .bindMailSettings(mail);

    // ---- event sources --------------------------------------------------------------------------------------
    f['send-worker']?.addEventSource(
      new SqsEventSource(this.sendQueue, {
        batchSize: SEND_BATCH_SIZE,
        reportBatchItemFailures: true,
        maxConcurrency: sendWorkerConcurrency(config.ses.maxSendRate),
      }),
    );
    if (f.feedback) {
      // Only bounces and complaints matter for suppression: without the filter every Send and Delivery event
      // (two per message) would invoke it too.
      stateful.sesEventsTopic.addSubscription(
        new LambdaSubscription(f.feedback, {
          filterPolicyWithMessageBody: {
            eventType: FilterOrPolicy.filter(
              SubscriptionFilter.stringFilter({ allowlist: ['Bounce', 'Complaint'] }),
            ),
          },
        }),
      );
    }
    if (f['send-events']) stateful.sesEventsTopic.addSubscription(new LambdaSubscription(f['send-events']));

    if (f['inbound-unsubscribe']) {
      // SES receipt rule → SNS (the whole message, Base64) → the function: the handler reads the token from the
      // subject, the plus-part of the recipient or the body (functions/handlers/inbound-unsubscribe.ts).
      const inboundTopic = new Topic(this, 'InboundMail', {
        displayName: 'newsletter-digest unsubscribe mailbox',
        masterKey: stateful.topicKey,
        enforceSSL: true,
      });
      inboundTopic.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal('ses.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [inboundTopic.topicArn],
          conditions: { StringEquals: { 'AWS:SourceAccount': this.account } },
        }),
      );
      inboundTopic.addSubscription(new LambdaSubscription(f['inbound-unsubscribe']));
      const ruleSet = new ReceiptRuleSet(this, 'InboundRules', {
        rules: [
          {
            recipients: [config.unsubscribeMailbox],
            scanEnabled: true,
            actions: [new SesSnsAction({ topic: inboundTopic, encoding: EmailEncoding.BASE64 })],
          },
        ],
      });
      // CloudFormation cannot activate a rule set: the operator does, by this name (docs/deploy.md, "Deploy").
      new CfnOutput(this, 'ReceiptRuleSetName', {
        description: 'SES receipt rule set of the unsubscribe mailbox (aws ses set-active-receipt-rule-set)',
        value: ruleSet.receiptRuleSetName,
      });
    }

    if (f['s3-drop']) {
      new Rule(this, 'ArticleDropped', {
        description: 'An article file was dropped in the archive bucket (lists/<list>/...)',
        eventPattern: {
          source: ['aws.s3'],
          detailType: ['Object Created'],
          // The archive itself writes only JSON (issues/<id>.json, lists/<list>/<n>-<id>.json): without this
          // filter every published issue's summary would come back as a dropped article. Drops are HTML or text.
          detail: {
            bucket: { name: [archiveBucket.bucketName] },
            object: { key: [{ 'anything-but': { suffix: '.json' } }] },
          },
        },
        targets: [
          new LambdaFunction(f['s3-drop'], { deadLetterQueue: this.asyncDeadLetterQueue, retryAttempts: 4 }),
        ],
      });
    }

    // ---- schedules: one per list, the review-draft sweep, and the console's scheduled drafts --------------------
    const scheduled = [f.schedule, f.admin].filter((fn): fn is DigestFunction => fn !== undefined);
    const schedulerRole =
      scheduled.length > 0
        ? new Role(this, 'SchedulerRole', {
            assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
              conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
            }),
            description:
              "Lets EventBridge Scheduler start each list's briefing and the console's check for due drafts",
          })
        : undefined;
    if (schedulerRole) {
      schedulerRole.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: scheduled.map((fn) => fn.functionArn),
        }),
      );
      schedulerRole.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['sqs:SendMessage'],
          resources: [this.schedulerDeadLetterQueue.queueArn],
        }),
      );
    }
    const targetOf =
      (fn: DigestFunction, retryPolicy: CfnSchedule.RetryPolicyProperty) =>
      (input: Record<string, unknown>): CfnSchedule.TargetProperty => ({
        arn: fn.functionArn,
        roleArn: schedulerRole!.roleArn,
        input: JSON.stringify(input),
        retryPolicy,
        deadLetterConfig: { arn: this.schedulerDeadLetterQueue.queueArn },
      });
    if (f.admin) {
      // The console's scheduled drafts (functions/handlers/admin.ts): every minute, the drafts whose time has come
      // are sent. A missed check is made up by the next one, so the target is not retried.
      new CfnSchedule(this, 'Schedule-console-drafts', {
        description: "Sends the admin console's scheduled drafts whose time has come",
        scheduleExpression: 'rate(1 minute)',
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: targetOf(f.admin, { maximumEventAgeInSeconds: 60, maximumRetryAttempts: 0 })({
          consoleDrafts: 'send-due',
        }),
      });
    }
    if (f.schedule) {
      // Invoked by hand to run a list's briefing now, or read for its DIGEST_LISTS (docs/deploy.md).
      new CfnOutput(this, 'ScheduleFunctionName', {
        description: "The schedule function: runs a list's briefing (aws lambda invoke)",
        value: f.schedule.functionName,
      });
      const target = targetOf(f.schedule, { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 3 });
      for (const list of config.lists) {
        new CfnSchedule(this, `Schedule-${list.name}`, {
          description: `Briefing of the ${list.name} list (${list.mode})`,
          scheduleExpression: list.schedule.cron,
          scheduleExpressionTimezone: list.schedule.timeZone,
          flexibleTimeWindow: { mode: 'OFF' },
          state: 'ENABLED',
          // The handler's contract (functions/handlers/schedule.ts): the window comes from the scheduled time.
          target: target({ list: list.name, scheduledTime: '<aws.scheduler.scheduled-time>' }),
        });
      }
      const reviewed = config.lists.find((list) => list.mode === 'review');
      if (reviewed) {
        new CfnSchedule(this, 'Schedule-draft-sweep', {
          description: 'Expires review drafts whose approval deadline has passed (and tells their editors)',
          scheduleExpression: 'rate(15 minutes)',
          flexibleTimeWindow: { mode: 'OFF' },
          state: 'ENABLED',
          target: target({ list: reviewed.name, sweep: true }),
        });
      }
    }

    // ---- alarms -----------------------------------------------------------------------------------------------
    this.alarmTopic = new Topic(this, 'Alarms', {
      displayName: 'newsletter-digest alarms',
      masterKey: stateful.topicKey,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
    const notify = new SnsAction(this.alarmTopic);
    const alarm = (alarmId: string, props: AlarmProps) =>
      new Alarm(this, alarmId, props).addAlarmAction(notify);
    const whenAny = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    };
    const deadLetterQueues = [
      ['SendDlqDepth', this.sendDeadLetterQueue],
      ['AsyncDlqDepth', this.asyncDeadLetterQueue],
      ['SchedulerDlqDepth', this.schedulerDeadLetterQueue],
    ] as const;
    for (const [alarmId, queue] of deadLetterQueues) {
      alarm(alarmId, {
        ...whenAny,
        alarmDescription: `Messages are waiting in ${alarmId.replace('Depth', '')}: something failed for good`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
      });
    }
    const reputation = (metricName: string) =>
      new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.minutes(15) });
    alarm('BounceRate', {
      alarmDescription: `SES bounce rate above ${BOUNCE_RATE_ALARM * 100}% (SES reviews the account at 5%)`,
      metric: reputation('Reputation.BounceRate'),
      threshold: BOUNCE_RATE_ALARM,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm('ComplaintRate', {
      alarmDescription: `SES complaint rate above ${COMPLAINT_RATE_ALARM * 100}% (SES reviews the account at 0.1%)`,
      metric: reputation('Reputation.ComplaintRate'),
      threshold: COMPLAINT_RATE_ALARM,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const [name, fn] of Object.entries(this.functions)) {
      alarm(`${pascal(name)}Errors`, {
        ...whenAny,
        alarmDescription: `The ${name} function threw`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      });
    }
  }

  private queue(id: string, retention: Duration): Queue {
    return new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: retention,
    });
  }
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}
