import { Duration } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectLockRetention,
  ObjectOwnership,
  type CorsRule,
  type IBucket,
  type LifecycleRule,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { StageSettings } from './stage.ts';

export interface SecureBucketProps {
  stage: StageSettings;
  /** Where server access logs go; omit only for a log bucket itself. */
  accessLogs?: { bucket: IBucket; prefix: string };
  cors?: CorsRule[];
  lifecycleRules?: LifecycleRule[];
  versioned?: boolean;
  /** Object Lock in governance mode with this default retention (days). */
  lockDays?: number;
}

/**
 * An S3 bucket with Mosaic's baseline: no public access, TLS-only bucket policy, S3-managed
 * encryption, ACLs off, incomplete multipart uploads cleaned up, server access logs, and the
 * stage's removal rule (ephemeral stages empty and delete it).
 */
export function secureBucket(scope: Construct, id: string, props: SecureBucketProps): Bucket {
  return new Bucket(scope, id, {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: BucketEncryption.S3_MANAGED,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    ...(props.accessLogs
      ? { serverAccessLogsBucket: props.accessLogs.bucket, serverAccessLogsPrefix: props.accessLogs.prefix }
      : {}),
    cors: props.cors,
    lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }, ...(props.lifecycleRules ?? [])],
    removalPolicy: props.stage.removalPolicy,
    autoDeleteObjects: props.stage.autoDeleteObjects,
    ...(props.versioned ? { versioned: true } : {}),
    ...(props.lockDays
      ? { objectLockEnabled: true, objectLockDefaultRetention: ObjectLockRetention.governance(Duration.days(props.lockDays)) }
      : {}),
  });
}

export interface LogBucketProps {
  stage: StageSettings;
  /** CloudFront standard logging writes with ACLs, so its log bucket must accept object ACLs. */
  acceptAcls?: boolean;
}

/** The stack's access-log bucket: same baseline, logs expire (90 days, 1 year for kept stages). */
export function logBucket(scope: Construct, id: string, props: LogBucketProps): Bucket {
  // cdk-nag accepts a bucket without access logs of its own when it is the log destination.
  return new Bucket(scope, id, {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: BucketEncryption.S3_MANAGED,
    objectOwnership: props.acceptAcls ? ObjectOwnership.BUCKET_OWNER_PREFERRED : ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(props.stage.ephemeral ? 90 : 365) }],
    removalPolicy: props.stage.removalPolicy,
    autoDeleteObjects: props.stage.autoDeleteObjects,
  });
}
