import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
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
  /**
   * The WebSocket API, once the real-time stack made it: the URL clients open, the management
   * endpoint and the ARN of its connections (`execute-api:ManageConnections`).
   */
  realtime?: { url: string; endpoint?: string; connectionsArn?: string };
  /** A consumer's queue name: queues are addressed by name, never by cross-stack reference. */
  queueName: (consumer: string) => string;
  deadLetterQueueName: (consumer: string) => string;
  /** Every consumer of the table (the admin's queue and dead-letter views reach them all). */
  consumerNames: string[];
  /** What every function log group of the stage begins with: the admin logs viewer reads them. */
  functionLogGroupPrefix: string;
  /** The name prefix of the stage's camera video streams (Kinesis Video), which grants are scoped to. */
  videoStreamPrefix: string;
  /** The camera worker's fixed names (the ticket route scales its service): StageNames['camera']. */
  camera: { cluster: string; service: string; taskFamily: string; taskRole: string; executionRole: string; serviceParameter: string };
}

/** The camera worker's ECS service (its desired count is what the ticket route and the tasks set). */
export const cameraServiceArn = (cluster: string, service: string) => `arn:${Aws.PARTITION}:ecs:${Aws.REGION}:${Aws.ACCOUNT_ID}:service/${cluster}/${service}`;
/** The two calls that set the camera service's desired count (read first, update when it differs). */
export const CAMERA_SERVICE_SCALE_ACTIONS = ['ecs:DescribeServices', 'ecs:UpdateService'];

/** The control-plane calls the camera routes make on the cameras' Kinesis Video streams. */
export const VIDEO_STREAM_MANAGE_ACTIONS = ['kinesisvideo:CreateStream', 'kinesisvideo:DescribeStream', 'kinesisvideo:DeleteStream', 'kinesisvideo:TagStream'];

/** Any role in any account: the monitored accounts are whatever users connect (resources.monitoring). */
export const MONITORED_ROLES = `arn:${Aws.PARTITION}:iam::*:role/*`;

/** The ARN pattern of the stage's camera streams (the last part is the stream's creation id). */
export function videoStreamArns(prefix: string): string {
  return `arn:${Aws.PARTITION}:kinesisvideo:${Aws.REGION}:${Aws.ACCOUNT_ID}:stream/${prefix}*/*`;
}

/** CloudWatch's metric reads: GetMetricData has no resource-level permissions (Resource "*", reasoned in nag-suppressions). */
export const METRICS_READ_ACTIONS = ['cloudwatch:GetMetricData'];
export const LOGS_READ_ACTIONS = ['logs:FilterLogEvents'];

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

/** Audit keys (shared/audit/audit-writer.ts AUDIT_KEY_PREFIX): the IAM condition on their partition keys. */
export const AUDIT_LEADING_KEYS = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } };
/** What may be done to audit records: append, and read them back. Nothing else, ever. */
export const AUDIT_APPEND_ACTIONS = ['dynamodb:PutItem'];
export const AUDIT_READ_ACTIONS = ['dynamodb:Query'];
/** Denied on audit keys to every function that writes the table: records are never changed or removed. */
export const AUDIT_DENIED_ACTIONS = ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** The Cognito admin calls the API makes (shared/auth/cognito-identity.ts and the admin routes). */
export const USER_POOL_MANAGE_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminGetUser',
  'cognito-idp:ListUsers',
  'cognito-idp:ListUsersInGroup',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
];

/** `sign-out`: the pool's own "sign out everywhere" (its refresh tokens), beside Mosaic's session records. */
export const USER_POOL_SIGN_OUT_ACTIONS = ['cognito-idp:AdminUserGlobalSignOut'];

/** `lookup`: an account by email (inviting a project member), and nothing else. */
export const USER_POOL_LOOKUP_ACTIONS = ['cognito-idp:AdminGetUser'];

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
 *   public Cognito APIs); `sign-out` → AdminUserGlobalSignOut; `lookup` → AdminGetUser; `manage` → the admin actions above;
 *   each on the stage pool only;
 * - realtime `push` → execute-api:ManageConnections on the WebSocket API's connections
 *   (`POST|DELETE|GET @connections/*` of its stage); `url` → nothing.
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
    if (access.table === 'write') {
      principal.addToPrincipalPolicy(
        new PolicyStatement({
          effect: Effect.DENY,
          actions: AUDIT_DENIED_ACTIONS,
          resources: [tableArn],
          conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
        }),
      );
    }
  }

  if (access.audit) {
    const tableArn = resources.table.tableArn;
    principal.addToPrincipalPolicy(
      new PolicyStatement({ actions: AUDIT_APPEND_ACTIONS, resources: [tableArn], conditions: AUDIT_LEADING_KEYS }),
    );
    if (access.audit === 'read') {
      principal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: AUDIT_READ_ACTIONS,
          resources: [tableArn, ...Object.values(TABLE_KEYS.indexes).map((index) => `${tableArn}/index/${index.name}`)],
          conditions: AUDIT_LEADING_KEYS,
        }),
      );
    }
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

  if (access.deadLetters) {
    const names = resources.consumerNames;
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sqs:GetQueueAttributes'],
        resources: names.flatMap((c) => [queueArnOf(resources.queueName(c)), queueArnOf(resources.deadLetterQueueName(c))]),
      }),
    );
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        // Peeking receives with no visibility timeout; re-driving deletes what was sent back.
        actions: ['sqs:ReceiveMessage', ...(access.deadLetters === 'redrive' ? ['sqs:DeleteMessage'] : [])],
        resources: names.map((c) => queueArnOf(resources.deadLetterQueueName(c))),
      }),
    );
    if (access.deadLetters === 'redrive')
      principal.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: names.map((c) => queueArnOf(resources.queueName(c))) }));
  }

  if (access.telemetry) {
    const logs = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group`;
    principal.addToPrincipalPolicy(new PolicyStatement({ actions: METRICS_READ_ACTIONS, resources: ['*'] }));
    principal.addToPrincipalPolicy(new PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: [`${logs}:*`] }));
    principal.addToPrincipalPolicy(
      new PolicyStatement({ actions: LOGS_READ_ACTIONS, resources: [`${logs}:${resources.functionLogGroupPrefix}*`] }),
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

  if (access.cameraTasks === 'start') {
    // The camera worker service's desired count, on that one service only.
    principal.addToPrincipalPolicy(
      new PolicyStatement({ actions: CAMERA_SERVICE_SCALE_ACTIONS, resources: [cameraServiceArn(resources.camera.cluster, resources.camera.service)] }),
    );
  }

  if (access.monitoring === 'assume-role') {
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: [MONITORED_ROLES],
        // Only with an external id (the confused-deputy guard of cross-account roles), and never a role of Mosaic's own account.
        conditions: { Null: { 'sts:ExternalId': 'false' }, StringNotEquals: { 'aws:ResourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
  }

  if (access.realtime === 'push') {
    const arn = resources.realtime?.connectionsArn;
    if (!arn) throw new Error('A function that pushes (realtime: push) must live in the real-time stack');
    principal.addToPrincipalPolicy(new PolicyStatement({ actions: ['execute-api:ManageConnections'], resources: [arn] }));
  }

  if (access.userPool === 'manage' || access.userPool === 'sign-out' || access.userPool === 'lookup') {
    const actions =
      access.userPool === 'manage' ? USER_POOL_MANAGE_ACTIONS : access.userPool === 'lookup' ? USER_POOL_LOOKUP_ACTIONS : USER_POOL_SIGN_OUT_ACTIONS;
    principal.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [resources.userPool.userPoolArn] }));
  }
}

/** The IAM5 finding of the CloudWatch pull's AssumeRole grant: the monitored accounts are the users' own. */
export function monitoringSuppressions(policy: IConstruct, access: ResourceAccess): Suppression[] {
  if (access.monitoring !== 'assume-role') return [];
  return [{ id: `AwsSolutions-IAM5[Resource::${nagString(policy, MONITORED_ROLES)}]`, reason: 'monitoredAccountRoles' }];
}

/** The IAM5 findings of the camera grants: streams are made per camera at run time (by name prefix). */
export function videoStreamSuppressions(policy: IConstruct, access: ResourceAccess, resources: StageResources): Suppression[] {
  return [
    ...(access.videoStreams === 'manage'
      ? [{ id: `AwsSolutions-IAM5[Resource::${nagString(policy, videoStreamArns(resources.videoStreamPrefix))}]`, reason: 'cameraStreamsByPrefix' } as const]
      : []),
  ];
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
