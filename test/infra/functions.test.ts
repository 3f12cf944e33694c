import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FALLBACK_NAME, needsJwt } from '../../infra/cdk/function-catalog.ts';
import { consumers, fallbackRoute, routeList, schedules, socketRoutes } from '../../infra/routes/index.ts';
import { isPerUser, type ConsumerDef } from '../../infra/routes/types.ts';
import { parseConfig } from '../../shared/config-schema.ts';
import { UserPageMessage } from '../../shared/jobs/user-jobs.ts';
import { CORS_POLICY } from '../../shared/kit/cors.ts';
import { ScheduleInput } from '../../shared/kit/schedule-input.ts';
import { buildStage, ourFunctions } from './support/build.ts';

const built = buildStage('test');
const { names } = built;

/** A template value as CloudFormation would resolve it: joins joined, references as placeholders. */
function resolved(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(resolved).join(join[0]);
  return 'resolved-by-cloudformation';
}

/** A function's environment as Lambda would see it. */
function deployedEnvironment(variables: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, resolved(value)]));
}

const allEntries = [
  ...routeList.map((r) => r.name),
  FALLBACK_NAME,
  ...Object.keys(consumers),
  ...Object.entries(schedules).flatMap(([name, s]) => (isPerUser(s) ? [] : [name])),
  ...socketRoutes.map((r) => r.name),
];

describe('functions', () => {
  const fns = ourFunctions(built);

  it('makes exactly one Lambda function per route, the fallback, each consumer and each scheduled function', () => {
    const deployed = fns.map((f) => f.resource.Properties.FunctionName as string).sort();
    expect(deployed).toEqual(allEntries.map((name) => names.function(name)).sort());
    // Every other function is one of CDK's helpers (no explicit name).
    const others = built
      .resources('AWS::Lambda::Function')
      .filter(({ resource }) => !String(resource.Properties.FunctionName ?? '').startsWith(`mosaic-test-`));
    for (const { resource } of others) expect(resource.Properties.FunctionName).toBeUndefined();
  });

  it('runs each on Node 22 / arm64 with the limits of its table entry and the bundled handler', () => {
    for (const { resource, spec } of fns) {
      expect(resource.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
      });
    }
  });

  it('gives every function the configuration shared/config.ts parses, plus its Powertools settings', () => {
    for (const { resource, spec } of fns) {
      const env = resource.Properties.Environment.Variables;
      // AWS_REGION is Lambda's own variable.
      expect(() => parseConfig({ ...deployedEnvironment(env), AWS_REGION: 'us-east-1' }), spec.name).not.toThrow();
      expect(env).toMatchObject({
        STAGE: 'test',
        // No web origin but the stage's own, which needs no CORS (CloudFront serves app and API).
        CORS_ORIGINS: '',
        // CloudFront's origin secret, resolved by CloudFormation from Secrets Manager at deploy time.
        ORIGIN_VERIFY: '{{resolve:secretsmanager:mosaic-test/origin-verify:SecretString:::}}',
        POWERTOOLS_SERVICE_NAME: spec.name,
        POWERTOOLS_METRICS_NAMESPACE: 'Mosaic',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      });
      // The local runtime's trust (its SNS CA, token issuer, key file) cannot reach a cloud function.
      expect(Object.keys(env).filter((k) => k.startsWith('LOCAL_')), spec.name).toEqual([]);
    }
  });

  it('gives every function its own log group, kept 1 month on an ephemeral stage', () => {
    const groups = built.resources('AWS::Logs::LogGroup').map(({ resource }) => resource.Properties);
    for (const { resource } of fns) {
      const name = `/aws/lambda/${resource.Properties.FunctionName}`;
      expect(groups).toContainEqual(expect.objectContaining({ LogGroupName: name, RetentionInDays: 30 }));
    }
  });
});

describe('HTTP API', () => {
  // The WebSocket API's routes live in the real-time stack (tested in realtime.test.ts).
  const routes = built
    .resources('AWS::ApiGatewayV2::Route')
    .filter(({ template }) => template.stack !== built.stacks.realtime)
    .map(({ resource }) => resource.Properties);

  it('has one route per table route with its route key, plus $default', () => {
    expect(routes).toHaveLength(routeList.length + 1);
    for (const route of routeList) {
      expect(routes.filter((r) => r.RouteKey === `${route.method} ${route.path}`), route.name).toHaveLength(1);
    }
    expect(routes.filter((r) => r.RouteKey === '$default')).toHaveLength(1);
    expect(fallbackRoute.path).toBe('$default');
  });

  it('puts the JWT authorizer on user and admin routes only', () => {
    expect(built.resources('AWS::ApiGatewayV2::Authorizer')).toHaveLength(1);
    const apiTemplate = built.templates.find((t) => t.stack === built.stacks.api)!.template;
    apiTemplate.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ 'Fn::ImportValue': Match.stringLikeRegexp('^mosaic-test-auth:.*UserPoolWebClient') }],
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.amazonaws.com/',
              { 'Fn::ImportValue': Match.stringLikeRegexp('^mosaic-test-auth:.*UserPool') },
            ],
          ],
        },
      },
    });
    for (const route of routeList) {
      const props = routes.find((r) => r.RouteKey === `${route.method} ${route.path}`)!;
      if (needsJwt(route.auth)) {
        expect(props.AuthorizationType, route.name).toBe('JWT');
        expect(props.AuthorizerId, route.name).toBeDefined();
      } else {
        expect(props.AuthorizationType ?? 'NONE', route.name).toBe('NONE');
        expect(props.AuthorizerId, route.name).toBeUndefined();
      }
    }
    const fallback = routes.find((r) => r.RouteKey === '$default')!;
    expect(fallback.AuthorizerId).toBeUndefined();
  });

  it('sends $default to the fallback function', () => {
    const apiGroup = built.templates.find(
      (t) => t.stack !== built.stacks.realtime && Object.keys(t.template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: '$default' } })).length > 0,
    )!;
    const fallbackFn = Object.entries(apiGroup.template.findResources('AWS::Lambda::Function', {
      Properties: { FunctionName: names.function(FALLBACK_NAME) },
    }));
    expect(fallbackFn).toHaveLength(1);
    apiGroup.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: { 'Fn::GetAtt': [fallbackFn[0]![0], 'Arn'] },
    });
  });

  it('answers no CORS by default (the app is on its own origin), throttles the stage and logs access', () => {
    const api = built.stacks.api;
    const template = built.templates.find((t) => t.stack === api)!.template;
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: names.api, CorsConfiguration: Match.absent() });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('takes CORS origins from the corsOrigins context', () => {
    const custom = buildStage('test-cors', { corsOrigins: 'https://app.example.com, https://admin.example.com' });
    const template = custom.templates.find((t) => t.stack === custom.stacks.api)!.template;
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: ['https://app.example.com', 'https://admin.example.com'],
        AllowMethods: [...CORS_POLICY.allowMethods],
        AllowHeaders: [...CORS_POLICY.allowHeaders],
        ExposeHeaders: [...CORS_POLICY.exposeHeaders],
        MaxAge: CORS_POLICY.maxAgeSeconds,
      },
    });
    const [fn] = ourFunctions(custom);
    expect(fn!.resource.Properties.Environment.Variables.CORS_ORIGINS).toBe('https://app.example.com,https://admin.example.com');
  });
});

describe('consumers', () => {
  const fns = ourFunctions(built);
  for (const [name, consumer] of Object.entries(consumers) as Array<[string, ConsumerDef]>) {
    it(`${name}: queue + DLQ + ${consumer.eventTypes ? 'bus rule' : 'no bus rule (a job queue)'} + event source mapping with partial batch failures`, () => {
      const queues = built.resources('AWS::SQS::Queue');
      const dlq = queues.find(({ resource }) => resource.Properties.QueueName === names.deadLetterQueue(name))!;
      const queue = queues.find(({ resource }) => resource.Properties.QueueName === names.queue(name))!;
      expect(dlq.resource.Properties).toMatchObject({ MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true });
      expect(queue.resource.Properties).toMatchObject({
        VisibilityTimeout: consumer.visibilityTimeoutSeconds,
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq.id, 'Arn'] }, maxReceiveCount: consumer.maxReceiveCount },
      });
      // TLS-only queue policies.
      for (const q of [queue, dlq]) {
        q.template.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: q.id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
      const rules = queue.template.template.findResources('AWS::Events::Rule', {
        Properties: { Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [queue.id, 'Arn'] } })] },
      });
      if (consumer.eventTypes) {
        queue.template.template.hasResourceProperties('AWS::Events::Rule', {
          EventPattern: { source: ['mosaic'], 'detail-type': consumer.eventTypes },
          Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [queue.id, 'Arn'] } })],
        });
      } else {
        expect(Object.keys(rules)).toHaveLength(0);
      }
      const fn = fns.find((f) => f.spec.name === name)!;
      queue.template.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [queue.id, 'Arn'] },
        FunctionName: { Ref: fn.id },
        BatchSize: consumer.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    });
  }
});

describe('schedules', () => {
  const fns = ourFunctions(built);
  for (const [name, schedule] of Object.entries(schedules)) {
    const target = isPerUser(schedule) ? 'sends a UserPageMessage to the user-pages queue' : 'invokes its function with a ScheduleInput';
    it(`${name}: EventBridge Scheduler ${target}`, () => {
      const [found] = built
        .resources('AWS::Scheduler::Schedule')
        .filter(({ resource }) => resource.Properties.Name === names.schedule(name));
      expect(found).toBeDefined();
      expect(found!.resource.Properties).toMatchObject({ ScheduleExpression: schedule.expression, State: 'ENABLED' });
      const input = JSON.parse(found!.resource.Properties.Target.Input);
      if (isPerUser(schedule)) {
        expect(JSON.stringify(found!.resource.Properties.Target.Arn)).toContain(`:${names.queue('user-pages')}`);
        expect(input).toEqual({ job: schedule.perUser, scheduledTime: '<aws.scheduler.scheduled-time>' });
        expect(UserPageMessage.safeParse(input).success).toBe(true);
      } else {
        const fn = fns.find((f) => f.spec.name === name)!;
        expect(found!.resource.Properties.Target).toMatchObject({ Arn: { 'Fn::GetAtt': [fn.id, 'Arn'] } });
        expect(input).toEqual({ schedule: name, scheduledTime: '<aws.scheduler.scheduled-time>' });
        expect(ScheduleInput.safeParse(input).success).toBe(true);
      }
    });
  }
  it('has one schedule per table schedule', () => {
    expect(built.resources('AWS::Scheduler::Schedule')).toHaveLength(Object.keys(schedules).length);
  });
});
