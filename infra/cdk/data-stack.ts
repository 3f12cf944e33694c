import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { HttpMethods, StorageClass, type Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { TABLE_KEYS } from '../../shared/db/table-design.ts';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { BUCKETS, BUCKET_NAMES, type BucketName, type BucketSpec } from '../../shared/contract/buckets.ts';
import { APP_SECRETS, APP_SECRET_NAMES, type AppSecretName } from '../../shared/contract/secrets.ts';
import { bucketConstructId, pascal } from './construct-ids.ts';
import { suppress } from './nag-suppressions.ts';
import { logBucket, secureBucket } from './secure-bucket.ts';
import type { StageSettings } from './stage.ts';
import { stageNames } from './stage-names.ts';

export interface DataStackProps extends StackProps {
  stage: StageSettings;
  /**
   * Web origins besides the stage's own that may use presigned URLs straight on the buckets.
   * The stage's web app reaches them on its own origin (`/_files/`, web-stack.ts), so it needs
   * no CORS: with no extra origin the buckets have no CORS rule at all.
   */
  corsOrigins: string[];
}

/**
 * The stage's state: the single table, one bucket per entry of shared/contract/buckets.ts, the
 * event bus, the key that seals stored credentials (envelope encryption) and one Secrets Manager
 * secret per entry of shared/contract/secrets.ts.
 */
export class DataStack extends Stack {
  readonly table: Table;
  readonly buckets: Record<BucketName, Bucket>;
  readonly accessLogs: Bucket;
  readonly bus: EventBus;
  readonly secretsKey: Key;
  readonly appSecrets: Record<AppSecretName, Secret>;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const n = stageNames(stage.name);

    this.table = new Table(this, 'Table', {
      tableName: n.table,
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      timeToLiveAttribute: TABLE_KEYS.ttl,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });
    for (const index of Object.values(TABLE_KEYS.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    this.accessLogs = logBucket(this, 'AccessLogs', { stage });
    const buckets: Partial<Record<BucketName, Bucket>> = {};
    for (const name of BUCKET_NAMES) {
      const spec: BucketSpec = BUCKETS[name];
      buckets[name] = secureBucket(this, bucketConstructId(name), {
        stage,
        accessLogs: { bucket: this.accessLogs, prefix: `${name}/` },
        cors:
          spec.browserAccess && props.corsOrigins.length > 0
            ? [
                {
                  // Presigned uploads and downloads from the listed web apps only.
                  allowedMethods: [HttpMethods.GET, HttpMethods.PUT, HttpMethods.POST, HttpMethods.HEAD],
                  allowedOrigins: props.corsOrigins,
                  allowedHeaders: ['*'],
                  exposedHeaders: ['ETag'],
                  maxAge: 3000,
                },
              ]
            : undefined,
        lifecycleRules: [
          ...('expireAfterDays' in spec && spec.expireAfterDays ? [{ expiration: Duration.days(spec.expireAfterDays) }] : []),
          ...('colderAfterDays' in spec && spec.colderAfterDays
            ? [
                {
                  transitions: [{ storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(spec.colderAfterDays) }],
                  noncurrentVersionTransitions: [{ storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(spec.colderAfterDays) }],
                  // Old versions go a year after they were replaced (the current one stays).
                  noncurrentVersionExpiration: Duration.days(365),
                },
              ]
            : []),
        ],
        ...('versioned' in spec && spec.versioned ? { versioned: true } : {}),
        ...('lockDaysInProd' in spec && spec.lockDaysInProd && stage.name === 'prod' ? { lockDays: spec.lockDaysInProd } : {}),
      });
    }
    this.buckets = buckets as Record<BucketName, Bucket>;

    this.bus = new EventBus(this, 'Bus', { eventBusName: n.bus });

    // Data keys for credentials users store (monitoring sources, Spotify tokens) come from this key.
    this.secretsKey = new Key(this, 'SecretsKey', {
      alias: n.secretsKeyAlias,
      description: `Mosaic ${stage.name}: seals stored credentials (envelope encryption)`,
      enableKeyRotation: true,
      removalPolicy: stage.removalPolicy,
      pendingWindow: Duration.days(stage.ephemeral ? 7 : 30),
    });

    const secrets: Partial<Record<AppSecretName, Secret>> = {};
    for (const name of APP_SECRET_NAMES) {
      const spec = APP_SECRETS[name];
      secrets[name] = new Secret(this, `${pascal(name)}Secret`, {
        secretName: n.appSecret(name),
        description: spec.purpose,
        removalPolicy: stage.removalPolicy,
        ...(spec.generated ? { generateSecretString: { passwordLength: 64, excludePunctuation: true } } : {}),
      });
      suppress(secrets[name], [{ id: 'AwsSolutions-SMG4', reason: 'appSecretRotation' }]);
    }
    this.appSecrets = secrets as Record<AppSecretName, Secret>;
  }
}
