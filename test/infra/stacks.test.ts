import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BUCKETS, BUCKET_NAMES } from '../../shared/contract/buckets.ts';
import { isEphemeralStage, stageSettings } from '../../infra/cdk/stage.ts';
import { fitName } from '../../infra/cdk/stage-names.ts';
import { webSourceDir } from '../../infra/cdk/web-stack.ts';
import { PASSWORD_POLICY } from '../../shared/auth/password-policy.ts';
import { TABLE_KEYS } from '../../shared/db/table-design.ts';
import { buildStage, type BuiltStage } from './support/build.ts';

const ephemeral = buildStage('test');
const prod = buildStage('prod');

const templateOf = (built: BuiltStage, part: 'data' | 'auth' | 'api' | 'web' | 'ops') =>
  built.templates.find((t) => t.stack === built.stacks[part])!.template;

describe('stage rule', () => {
  it('treats dev, test* and pr-* as ephemeral; everything else keeps its data', () => {
    for (const stage of ['dev', 'test', 'test-e2e', 'pr-42']) expect(isEphemeralStage(stage), stage).toBe(true);
    for (const stage of ['prod', 'staging', 'demo', 'developer']) expect(isEphemeralStage(stage), stage).toBe(false);
    expect(stageSettings('staging')).toMatchObject({ removalPolicy: 'retain', deletionProtection: false });
    expect(stageSettings('prod')).toMatchObject({ removalPolicy: 'retain', deletionProtection: true });
    expect(stageSettings('pr-7')).toMatchObject({ removalPolicy: 'destroy', deletionProtection: false, autoDeleteObjects: true });
  });

  it('rejects stage names that cannot be part of resource names', () => {
    for (const bad of ['', 'Prod', 'my_stage', '1st', 'a-very-long-stage-name-indeed', 'x-']) {
      expect(() => stageSettings(bad), bad).toThrow(/Invalid stage/);
    }
  });

  it('fits long names to AWS limits without losing uniqueness', () => {
    const long = `mosaic-pr-1234-${'x'.repeat(80)}`;
    const a = fitName(long, 64);
    const b = fitName(`${long}y`, 64);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(a).not.toBe(b);
    expect(fitName('mosaic-dev-get-me', 64)).toBe('mosaic-dev-get-me');
  });

  it('puts the stage in every stack name and tags every stack', () => {
    for (const built of [ephemeral, prod]) {
      const stage = built.stacks.stage.name;
      for (const part of ['data', 'auth', 'api', 'web', 'ops'] as const) {
        expect(built.stacks[part].stackName).toBe(`mosaic-${stage}-${part}`);
        expect(built.stacks[part].tags.tagValues()).toEqual({ app: 'mosaic', stage });
      }
    }
  });
});

describe('data stack', () => {
  it('has the single table of TABLE_KEYS: on demand, PITR, TTL, gsi1 and gsi2 projecting all, AWS-managed encryption', () => {
    const data = templateOf(ephemeral, 'data');
    data.resourceCountIs('AWS::DynamoDB::Table', 1);
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'mosaic-test',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttl, Enabled: true },
      // SSE on without a key of ours: the AWS-managed KMS key (aws/dynamodb).
      SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
      // Every index of the design (gsi2 is the sparse index of pending marks), each projecting all.
      GlobalSecondaryIndexes: Object.values(TABLE_KEYS.indexes).map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it('DESTROYs the table of an ephemeral stage', () => {
    templateOf(ephemeral, 'data').hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });

  it('RETAINs the table of prod, with deletion protection', () => {
    templateOf(prod, 'data').hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
  });

  it('RETAINs every bucket, log group and the user pool of prod; nothing of prod is auto-emptied', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::Logs::LogGroup', 'AWS::Cognito::UserPool', 'AWS::KMS::Key']) {
      for (const { resource, template } of prod.resources(type)) {
        expect(resource.DeletionPolicy, `${type} in ${template.path}`).toBe('Retain');
      }
    }
    expect(prod.resources('Custom::S3AutoDeleteObjects')).toEqual([]);
    templateOf(prod, 'auth').hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
    for (const { resource } of prod.resources('AWS::Logs::LogGroup')) expect(resource.Properties.RetentionInDays).toBe(365);
  });

  it('has one bucket per entry of BUCKETS: private, TLS only, S3-encrypted, logged, no CORS (files are on the web origin), expiring', () => {
    const data = templateOf(ephemeral, 'data');
    // The declared buckets plus the access-log bucket.
    data.resourceCountIs('AWS::S3::Bucket', BUCKET_NAMES.length + 1);
    for (const name of BUCKET_NAMES) {
      data.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: `${name}/` },
        CorsConfiguration: Match.absent(),
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            'expireAfterDays' in BUCKETS[name]
              ? { ExpirationInDays: BUCKETS[name].expireAfterDays, Status: 'Enabled' }
              : Match.objectLike({ Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }], Status: 'Enabled' }),
          ]),
        },
      });
    }
    for (const { resource } of ephemeral.resources('AWS::S3::BucketPolicy')) {
      expect(resource.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('keeps backups versioned, encrypted, moving to colder storage, and under Object Lock in prod only', () => {
    const backups = (built: ReturnType<typeof buildStage>) =>
      built.resources('AWS::S3::Bucket').find(({ resource }) => resource.Properties.LoggingConfiguration?.LogFilePrefix === 'backups/')!.resource.Properties;
    const test = backups(ephemeral);
    expect(test.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(test.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(test.ObjectLockEnabled).toBeUndefined();
    const prod = backups(buildStage('prod'));
    expect(prod.ObjectLockEnabled).toBe(true);
    expect(prod.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } });
    expect(prod.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 365 } })]),
    );
  });

  it('has the stage event bus', () => {
    templateOf(ephemeral, 'data').hasResourceProperties('AWS::Events::EventBus', { Name: 'mosaic-test' });
  });
});

describe('auth stack', () => {
  const auth = templateOf(ephemeral, 'auth');

  it('has an email-username pool without self sign-up, with PASSWORD_POLICY and email recovery', () => {
    auth.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolName: 'mosaic-test-users',
      UsernameAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: {
          MinimumLength: PASSWORD_POLICY.minLength,
          RequireLowercase: PASSWORD_POLICY.requireLowercase,
          RequireUppercase: PASSWORD_POLICY.requireUppercase,
          RequireNumbers: PASSWORD_POLICY.requireDigits,
          RequireSymbols: PASSWORD_POLICY.requireSymbols,
        },
      },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
    auth.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admin' });
  });

  it('has a public app client for USER_PASSWORD_AUTH and refresh, 1 h tokens, 30-day refresh', () => {
    auth.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'mosaic-test-web',
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      AllowedOAuthFlowsUserPoolClient: false,
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 30 * 24 * 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
  });
});

describe('web stack', () => {
  const web = templateOf(ephemeral, 'web');

  it('serves a private bucket through CloudFront with origin access control, HTTPS only, as an SPA', () => {
    web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'https-only',
          // Client-side routes are index.html (a viewer-request function), not error pages:
          // error responses would apply to the API's 403 and 404 too.
          FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: Match.anyValue() }],
        }),
        CustomErrorResponses: Match.absent(),
        Logging: Match.objectLike({ Bucket: Match.anyValue() }),
      }),
    });
  });

  it('deploys the web folder alone (the API is on the same origin: no /config.json)', () => {
    web.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const [deployment] = Object.values(web.findResources('Custom::CDKBucketDeployment')) as Array<{ Properties: { SourceObjectKeys: unknown[] } }>;
    expect(deployment!.Properties.SourceObjectKeys).toHaveLength(1);
  });

  it('picks web/dist over web/public, and deploys nothing when neither exists', () => {
    const root = mkdtempSync(join(tmpdir(), 'mosaic-web-'));
    try {
      expect(webSourceDir(root)).toBeUndefined();
      mkdirSync(join(root, 'web/public'), { recursive: true });
      expect(webSourceDir(root)).toBe(join(root, 'web/public'));
      mkdirSync(join(root, 'web/dist'), { recursive: true });
      expect(webSourceDir(root)).toBe(join(root, 'web/dist'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('ops stack', () => {
  it('alarms on errors and throttles of every function, every DLQ and API 5xx, into an encrypted topic', () => {
    const alarms = ephemeral.resources('AWS::CloudWatch::Alarm').map(({ resource }) => resource.Properties);
    const consumerCount = ephemeral.specs.filter((s) => s.kind === 'consumer').length;
    // + the API's 5xx and the camera frame alarm (test/infra/camera.test.ts)
    expect(alarms).toHaveLength(ephemeral.specs.length * 2 + consumerCount + 2);
    for (const spec of ephemeral.specs) {
      const name = ephemeral.names.function(spec.name);
      for (const metric of ['Errors', 'Throttles']) {
        expect(alarms, `${spec.name} ${metric}`).toContainEqual(
          expect.objectContaining({
            MetricName: metric,
            Namespace: 'AWS/Lambda',
            Dimensions: [{ Name: 'FunctionName', Value: name }],
            Threshold: 0,
            ComparisonOperator: 'GreaterThanThreshold',
          }),
        );
      }
    }
    for (const spec of ephemeral.specs.filter((s) => s.kind === 'consumer')) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: ephemeral.names.deadLetterQueue(spec.name) }],
        }),
      );
    }
    expect(alarms).toContainEqual(expect.objectContaining({ MetricName: '5xx', Namespace: 'AWS/ApiGateway' }));
    for (const alarm of alarms) expect(alarm.AlarmActions).toHaveLength(1);

    const ops = templateOf(ephemeral, 'ops');
    ops.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    ops.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('outputs the API URL, the web URL, the pool and client ids', () => {
    const outputs = templateOf(ephemeral, 'ops').toJSON().Outputs;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'WebUrl', 'UserPoolId', 'UserPoolClientId']));
  });
});
