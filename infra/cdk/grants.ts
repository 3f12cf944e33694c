import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Aws } from 'aws-cdk-lib';
import type { BucketName } from '../../shared/contract/buckets.ts';
import type { AppSecretName } from '../../shared/contract/secrets.ts';
import { TABLE_KEYS } from '../../shared/db/table-design.ts';
import { EVENT_SOURCE } from '../../shared/events/event-spec.ts';
import type { ResourceAccess } from '../routes/types.ts';
import type { IConstruct } from 'constructs';
import { nagString, type Suppression } from './nag-suppressions.ts';

/** The stage's shared resources a function may be granted. */
export interface StageResources {
  table: ITable;
  buckets: Record<BucketName, IBucket>;
  bus: IEventBus;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  secretsKey: IKey;
  appSecrets: Record<AppSecretName, ISecret>;
  /** A consumer's queue name: queues are addressed by name, never by cross-stack reference. */
  queueName: (consumer: string) => string;
  /** The name prefix of the stage's camera video streams (Kinesis Video), which grants are scoped to. */
  videoStreamPrefix: string;
}

/** The control-plane calls the camera routes make on the cameras' Kinesis Video streams. */
export const VIDEO_STREAM_MANAGE_ACTIONS = ['kinesisvideo:CreateStream', 'kinesisvideo:DescribeStream', 'kinesisvideo:DeleteStream', 'kinesisvideo:TagStream'];

/** The ARN pattern of the stage's camera streams (the last part is the stream's creation id). */
export function videoStreamArns(prefix: string): string {
  return `arn:${Aws.PARTITION}:kinesisvideo:${Aws.REGION}:${Aws.ACCOUNT_ID}:stream/${prefix}*/*`;
}

/** Data-plane reads of items (no streams, no control plane). */
export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
/** Item writes: single-item conditional writes and batches (no transactions: see DESIGN §3). */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** The Cognito admin calls the API makes (shared/auth/cognito-identity.ts and the admin routes). */
export const USER_POOL_MANAGE_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminGetUser',
  'cognito-idp:ListUsers',
  'cognito-idp:AdminUserGlobalSignOut',
];

/** `sign-out`: the pool's own "sign out everywhere" (its refresh tokens), beside Mosaic's session records. */
export const USER_POOL_SIGN_OUT_ACTIONS = ['cognito-idp:AdminUserGlobalSignOut'];

/** The findings CDK's bucket grants produce, per declared access (accepted with a reason). */
const BUCKET_GRANT_ACTIONS: Record<'read' | 'write' | 'readwrite', string[]> = {
  read: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
  write: ['s3:Abort*'],
  readwrite: ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'],
};

/**
 * Grants exactly what `access` declares, and nothing more:
 * - table `read` → item reads on the table and its indexes; `write` → reads and item writes
 *   (resources name each index of TABLE_KEYS, no `index/*` wildcard);
 * - bucket `read` / `write` / `readwrite` → CDK's grantRead / grantPut / grantReadWrite;
 * - `publishes` → events:PutEvents on the stage bus, only for those detail types;
 * - `queues` → sqs:SendMessage on those queues;
 * - secrets `envelope` → GenerateDataKey (seal) and/or Decrypt (open) on the stage's key;
 *   `app` → GetSecretValue on those secrets;
 * - user pool `auth` → nothing (sign-in, refresh, change-password, revoke and the TOTP calls are
 *   public Cognito APIs); `sign-out` → AdminUserGlobalSignOut; `manage` → the admin actions above;
 *   each on the stage pool only.
 */
export function grantAccess(grantee: IGrantable, access: ResourceAccess, resources: StageResources): void {
  const principal = grantee.grantPrincipal;
  if (access.table) {
    const tableArn = resources.table.tableArn;
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: access.table === 'write' ? [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS] : TABLE_READ_ACTIONS,
        resources: [tableArn, ...Object.values(TABLE_KEYS.indexes).map((index) => `${tableArn}/index/${index.name}`)],
      }),
    );
  }

  for (const [name, mode] of declaredBuckets(access)) {
    const bucket = resources.buckets[name];
    if (!bucket) throw new Error(`Unknown bucket "${name}" in a route table declaration.`);
    if (mode === 'read') bucket.grantRead(grantee);
    else if (mode === 'write') bucket.grantPut(grantee);
    else bucket.grantReadWrite(grantee);
  }

  if (access.publishes?.length) {
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [resources.bus.eventBusArn],
        conditions: {
          StringEquals: { 'events:source': EVENT_SOURCE, 'events:detail-type': [...new Set(access.publishes)] },
        },
      }),
    );
  }

  if (access.queues?.length) {
    principal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: access.queues.map((q) => queueArnOf(resources.queueName(q))) }),
    );
  }

  const envelope = access.secrets?.envelope;
  if (envelope) {
    const actions = [
      ...(envelope.includes('seal') ? ['kms:GenerateDataKey'] : []),
      ...(envelope.includes('open') ? ['kms:Decrypt'] : []),
    ];
    principal.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [resources.secretsKey.keyArn] }));
  }
  for (const name of access.secrets?.app ?? []) resources.appSecrets[name].grantRead(grantee);

  if (access.videoStreams === 'manage') {
    principal.addToPrincipalPolicy(
      new PolicyStatement({ actions: VIDEO_STREAM_MANAGE_ACTIONS, resources: [videoStreamArns(resources.videoStreamPrefix)] }),
    );
  }

  if (access.userPool === 'manage' || access.userPool === 'sign-out') {
    const actions = access.userPool === 'manage' ? USER_POOL_MANAGE_ACTIONS : USER_POOL_SIGN_OUT_ACTIONS;
    principal.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [resources.userPool.userPoolArn] }));
  }
}

/** The IAM5 finding of the camera stream grant: streams are made per camera at run time, by name prefix. */
export function videoStreamSuppressions(policy: IConstruct, access: ResourceAccess, resources: StageResources): Suppression[] {
  if (access.videoStreams !== 'manage') return [];
  return [{ id: `AwsSolutions-IAM5[Resource::${nagString(policy, videoStreamArns(resources.videoStreamPrefix))}]`, reason: 'cameraStreamsByPrefix' }];
}

type BucketMode = 'read' | 'write' | 'readwrite';

function declaredBuckets(access: ResourceAccess): Array<[BucketName, BucketMode]> {
  return Object.entries(access.buckets ?? {}) as Array<[BucketName, BucketMode]>;
}

/** A queue's ARN in the deploying account and region, from its name. */
export function queueArnOf(queueName: string): string {
  return `arn:${Aws.PARTITION}:sqs:${Aws.REGION}:${Aws.ACCOUNT_ID}:${queueName}`;
}

/** A queue's URL in the deploying account and region, from its name. */
export function queueUrlOf(queueName: string): string {
  return `https://sqs.${Aws.REGION}.${Aws.URL_SUFFIX}/${Aws.ACCOUNT_ID}/${queueName}`;
}

/**
 * The IAM5 findings the declared bucket grants cause on the grantee's policy, named exactly:
 * CDK's wildcard actions for each mode, and `<bucket ARN>/*` of each declared bucket as the policy's
 * template spells it. Call after references are resolved (see suppressAfterResolution).
 */
export function bucketGrantSuppressions(policy: IConstruct, access: ResourceAccess, resources: StageResources): Suppression[] {
  const findings = new Set<string>();
  for (const [name, mode] of declaredBuckets(access)) {
    for (const action of BUCKET_GRANT_ACTIONS[mode]) findings.add(`Action::${action}`);
    findings.add(`Resource::${nagString(policy, resources.buckets[name].bucketArn)}/*`);
  }
  return [...findings].map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason: 'bucketObjectWildcard' }));
}
