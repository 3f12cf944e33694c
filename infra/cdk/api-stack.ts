import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { CORS_POLICY } from '../../shared/kit/cors.ts';
import { USER_PAGES_QUEUE } from '../../shared/jobs/user-jobs.ts';
import { isPerUser, type ScheduleDef } from '../routes/types.ts';
import { functionGroups, pascal, type FunctionSpec } from './function-catalog.ts';
import { functionEnvironment } from './function-environment.ts';
import { FunctionGroupStack } from './function-group-stack.ts';
import { ScheduledSend } from './scheduled-send.ts';
import type { StageResources } from './grants.ts';
import type { StageSettings } from './stage.ts';
import { StageJwtAuthorizer } from './stage-jwt-authorizer.ts';
import { stageNames } from './stage-names.ts';

export interface ApiThrottle {
  /** Steady-state requests per second for the whole stage. */
  rateLimit: number;
  /** Burst capacity for the whole stage. */
  burstLimit: number;
}

export interface ApiStackProps extends StackProps {
  stage: StageSettings;
  resources: StageResources;
  /** Every function of the route table. */
  specs: FunctionSpec[];
  /** Every schedule of the route table (the per-user ones have no function of their own). */
  schedules: Readonly<Record<string, ScheduleDef>>;
  /** Bundle folder per function name. */
  codeDirs: Record<string, string>;
  /**
   * Web origins besides the stage's own that may call the API (CORS). The stage's web app calls
   * it on its own origin (CloudFront `/v1/*`), so with none the API answers no CORS at all.
   */
  corsOrigins: string[];
  throttle: ApiThrottle;
}

/** Request fields written to the access log, one JSON object per request. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  userAgent: '$context.identity.userAgent',
};

/**
 * The HTTP API and every function of the route table. Functions, routes, queues and schedules live
 * in nested stacks, one per route group (functionGroups), so the table can grow far beyond one
 * template's 500 resources; the API, its stage and the JWT authorizer live here.
 */
export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly httpStage: HttpStage;
  readonly groups: FunctionGroupStack[] = [];

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { stage, resources } = props;
    const n = stageNames(stage.name);
    const origins = props.corsOrigins;

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: n.api,
      description: `Mosaic ${stage.name} HTTP API (served at /v1 of the stage's CloudFront address)`,
      createDefaultStage: false,
      ...(origins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: [...origins],
              allowMethods: CORS_POLICY.allowMethods.map((m) => CorsHttpMethod[m]),
              allowHeaders: [...CORS_POLICY.allowHeaders],
              exposeHeaders: [...CORS_POLICY.exposeHeaders],
              maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
            },
          }
        : {}),
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: n.apiAccessLogGroup,
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });
    this.httpStage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const jwtAuthorizer = new StageJwtAuthorizer(this, 'JwtAuthorizer', {
      httpApi: this.httpApi,
      userPool: resources.userPool,
      client: resources.userPoolClient,
      authorizerName: `${n.api}-cognito`,
    });

    const environment = functionEnvironment(stage, resources, origins.join(','));
    for (const [group, specs] of functionGroups(props.specs)) {
      this.groups.push(
        new FunctionGroupStack(this, `${pascal(group)}Functions`, {
          description: `Mosaic ${stage.name}: ${group} functions`,
          specs,
          codeDirs: props.codeDirs,
          stage,
          names: n,
          environment,
          resources,
          httpApi: this.httpApi,
          jwtAuthorizer,
        }),
      );
    }

    const fanOut = this.groups.find((g) => g.consumerQueues.some((q) => q.name === USER_PAGES_QUEUE));
    for (const [name, schedule] of Object.entries(props.schedules)) {
      if (!isPerUser(schedule)) continue;
      const send = new ScheduledSend(this, `${pascal(name)}Schedule`, {
        name,
        schedule,
        queueName: n.queue(USER_PAGES_QUEUE),
        names: n,
      });
      // The queue is addressed by name: create it first.
      if (fanOut) send.node.addDependency(fanOut);
    }
  }

  /** The deployed name of every function (alarms address them by name). */
  get functionNames(): string[] {
    return this.groups.flatMap((g) => g.functions.map((f) => f.functionName));
  }

  /** The name of every dead-letter queue. */
  get deadLetterQueueNames(): string[] {
    return this.groups.flatMap((g) => g.consumerQueues.map((q) => q.deadLetterQueueName));
  }
}
