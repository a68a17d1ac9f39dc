/**
 * Everything that holds data or identity and must outlive a redeploy of the code: the four tables, the issue
 * archive, the SES identity and its two configuration sets with their event topic, and the two secrets. Nothing here
 * refers to the stateless stack, so it can be deployed first and kept when the functions are torn down. The tables,
 * buckets, secrets and key are retained even if the stack is deleted; the SES identity, configuration sets and topic
 * hold no data and are not (a new identity's DKIM records must be published again: docs/deploy.md).
 */
import {
  Aws,
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  ConfigurationSet,
  DkimIdentity,
  EasyDkimSigningKeyLength,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  MailFromBehaviorOnMxFailure,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { DigestConfig } from '../config.js';
import type { TableRef } from '../constructs/digest-function.js';
import { TABLE_DESIGNS, type TableDesign } from '../table-designs.js';

/** What every configuration set publishes to the SES events topic (functions/handlers/send-events.ts). */
export const DELIVERY_EVENTS = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.DELIVERY_DELAY,
  EmailSendingEvent.RENDERING_FAILURE,
];

/** Where the console keeps its CSV imports in the archive bucket (functions/adapters/s3-import-jobs.ts). */
export const IMPORTS_PREFIX = 'imports/';
/** Days an old version of an import object (a deleted upload, an overwritten record) is kept. */
export const IMPORTS_NONCURRENT_DAYS = 1;
/**
 * Days after its last write that an import object still in the bucket is deleted: past the 7 days an import's
 * record is kept (functions/use-cases/console-imports.ts IMPORT_KEPT_MS), for the objects no console page removed.
 */
export const IMPORTS_EXPIRATION_DAYS = 8;

export interface StatefulStackProps extends StackProps {
  config: DigestConfig;
}

/** What the stateless stack receives: typed, so a missing resource is a compile error, not a deploy error. */
export interface StatefulResources {
  tables: { subscribers: TableRef; deliveries: TableRef; briefings: TableRef; lists: TableRef };
  archiveBucket: Bucket;
  /** The archive bucket's name built from pseudo parameters only: usable in the other stack without a reference. */
  archiveBucketName: string;
  identity: EmailIdentity;
  configurationSetName: string;
  /**
   * The configuration set that also publishes Open and Click, and the lists the configuration turns tracking on for
   * (a list's record in the lists table overrides that at send time).
   */
  tracking: { configurationSetName: string; lists: string[] };
  sesEventsTopic: Topic;
  topicKey: Key;
  tokenSecret: Secret;
  apiKeySecret: Secret;
}

/** `newsletter-digest-archive-<account>-<region>`, from pseudo parameters when the stack is environment-agnostic. */
export function archiveBucketName(scope: Construct): string {
  return `newsletter-digest-archive-${Aws.ACCOUNT_ID}-${Stack.of(scope).region}`;
}

export class StatefulStack extends Stack {
  readonly resources: StatefulResources;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    const tables = {
      subscribers: this.table('Subscribers', TABLE_DESIGNS.subscribers),
      deliveries: this.table('Deliveries', TABLE_DESIGNS.deliveries),
      briefings: this.table('Briefings', TABLE_DESIGNS.briefings),
      lists: this.table('Lists', TABLE_DESIGNS.lists),
    };

    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the server access log bucket of the archive; logging it into itself would log its own writes.',
    });

    const archiveBucket = new Bucket(this, 'Archive', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'archive/',
      // A fixed name (unique per account and region) lets the stateless stack grant object access by name,
      // without a cross-stack reference inside its policies.
      bucketName: archiveBucketName(this),
      lifecycleRules: [
        // An overwritten or deleted issue stays recoverable for 90 days.
        { noncurrentVersionExpiration: Duration.days(90) },
        // The console's CSV imports hold addresses and consent fields: an upload is deleted once imported,
        // cancelled or expired, and a record (its report names addresses) after 7 days, so their old versions
        // go after a day instead of 90 (the shorter expiration of two rules wins), and anything the console never
        // deleted (no page listed the imports since) after IMPORTS_EXPIRATION_DAYS.
        {
          id: 'Imports',
          prefix: IMPORTS_PREFIX,
          noncurrentVersionExpiration: Duration.days(IMPORTS_NONCURRENT_DAYS),
          expiration: Duration.days(IMPORTS_EXPIRATION_DAYS),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Object-created events go to EventBridge, so that the stateless stack reacts to dropped articles without this
    // stack depending on a function. Set on the L1 resource: the L2 flag would add a notifications custom resource.
    (archiveBucket.node.defaultChild as CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    // SES publishes to an encrypted topic only with a customer managed key whose policy lets SES use it.
    const topicKey = new Key(this, 'TopicKey', {
      description: 'Encrypts the SES event and alarm topics of newsletter-digest',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const service of ['ses.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      topicKey.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal(service)],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
      );
    }

    const sesEventsTopic = new Topic(this, 'SesEvents', {
      displayName: 'newsletter-digest SES events',
      masterKey: topicKey,
      enforceSSL: true,
    });

    const configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    configurationSet.addEventDestination('ToSns', {
      destination: EventDestination.snsTopic(sesEventsTopic),
      events: DELIVERY_EVENTS,
    });
    // Open and click tracking rewrites links and adds a pixel. Only the mail of a list whose record turns tracking on
    // goes through this second set (the send worker reads the switch from the lists table, else from
    // lists[].tracking); every other list's mail is left as written. The set exists in every deployment, so that
    // `digest lists update L --tracking` works without a redeploy (docs/deploy.md, "Analytics").
    const trackedLists = config.lists.filter((list) => list.tracking).map((list) => list.name);
    const trackingSet = new ConfigurationSet(this, 'TrackingConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    trackingSet.addEventDestination('ToSns', {
      destination: EventDestination.snsTopic(sesEventsTopic),
      events: [...DELIVERY_EVENTS, EmailSendingEvent.OPEN, EmailSendingEvent.CLICK],
    });
    const tracking: StatefulResources['tracking'] = {
      configurationSetName: trackingSet.configurationSetName,
      lists: trackedLists,
    };
    new CfnOutput(this, 'TrackingConfigurationSetName', {
      description: `SES configuration set with open and click tracking, for lists whose record turns it on (configured on: ${trackedLists.join(', ') || 'none'})`,
      value: trackingSet.configurationSetName,
    });

    const identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(config.sender.domain),
      dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT),
      dkimSigning: true,
      configurationSet,
      mailFromDomain: `${config.sender.mailFromSubdomain}.${config.sender.domain}`,
      // Without the MAIL FROM MX record SES falls back to amazonses.com: mail still goes out, DKIM still aligns.
      mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
    });

    // The DNS records the deploy guide asks for (docs/deploy.md), printed by `cdk deploy`.
    identity.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `DkimCname${index + 1}`, {
        description: 'Easy DKIM: CNAME record name and value',
        value: Fn.join(' CNAME ', [record.name, record.value]),
      });
    });
    new CfnOutput(this, 'MailFromMx', {
      description: 'Custom MAIL FROM: MX record',
      value: `${config.sender.mailFromSubdomain}.${config.sender.domain} MX 10 feedback-smtp.${this.region}.amazonses.com`,
    });
    new CfnOutput(this, 'MailFromSpf', {
      description: 'Custom MAIL FROM: SPF TXT record',
      value: `${config.sender.mailFromSubdomain}.${config.sender.domain} TXT "v=spf1 include:amazonses.com ~all"`,
    });

    const tokenSecret = new Secret(this, 'TokenSecret', {
      description: 'HMAC key of the subscribe, confirm, unsubscribe and preferences tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(tokenSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The token key signs the unsubscribe links of every digest already delivered; rotating it automatically ' +
        'would break RFC 8058 one-click unsubscribe in old mail. It is rotated by hand with a grace period (docs/deploy.md).',
    });

    const apiKeySecret = new Secret(this, 'ApiKeySecret', {
      description: 'Bearer key for the authenticated API routes (POST /articles, POST /issues/{id}/forward)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(apiKeySecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The API key is held by the editors and tools that post articles; it has no rotation Lambda and is rotated ' +
        'by hand (put-secret-value) when an editor leaves. A removed key stops at once; a new one works within 5 seconds.',
    });

    // The outputs file of `cdk deploy --outputs-file` is what `digest --stack-outputs` reads (docs/deploy.md).
    const outputs: [string, string, string][] = [
      ['SubscribersTableName', 'Subscribers table (SUBSCRIBERS_TABLE)', tables.subscribers.table.tableName],
      ['DeliveriesTableName', 'Delivery ledger table (DELIVERIES_TABLE)', tables.deliveries.table.tableName],
      [
        'BriefingsTableName',
        'Briefings table: sources, queued articles, drafts',
        tables.briefings.table.tableName,
      ],
      ['ListsTableName', 'Lists table: titles, senders, footers (LISTS_TABLE)', tables.lists.table.tableName],
      ['ArchiveBucketName', 'Issue archive bucket (ARCHIVE_BUCKET)', archiveBucket.bucketName],
      ['ConfigurationSetName', 'SES configuration set of every mail', configurationSet.configurationSetName],
      ['TokenSecretArn', 'Secret holding the token key (TOKEN_SECRET_ARN)', tokenSecret.secretArn],
      ['ApiKeySecretArn', 'Secret holding the API keys of the authenticated routes', apiKeySecret.secretArn],
    ];
    for (const [id, description, value] of outputs) new CfnOutput(this, id, { description, value });

    this.resources = {
      tables,
      archiveBucket,
      archiveBucketName: archiveBucketName(this),
      identity,
      configurationSetName: configurationSet.configurationSetName,
      tracking,
      sesEventsTopic,
      topicKey,
      tokenSecret,
      apiKeySecret,
    };
  }

  private table(id: string, design: TableDesign): TableRef {
    const table = new Table(this, id, {
      partitionKey: { name: design.partitionKey, type: AttributeType.STRING },
      sortKey: design.sortKey ? { name: design.sortKey, type: AttributeType.STRING } : undefined,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: design.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of design.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: index.sortKey ? { name: index.sortKey, type: AttributeType.STRING } : undefined,
      });
    }
    return { table, indexNames: design.indexes.map((index) => index.name) };
  }
}
