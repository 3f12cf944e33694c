import { Aws, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { LogGroupLogDestination, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ConsumerQueue } from './consumer-queue.ts';
import { pascal, type FunctionSpec } from './function-catalog.ts';
import type { StageResources } from './grants.ts';
import { MosaicFunction } from './mosaic-function.ts';
import { nagString, suppress, suppressAfterResolution, wildcardFindings } from './nag-suppressions.ts';
import type { StageSettings } from './stage.ts';
import { stageNames } from './stage-names.ts';
import type { ApiThrottle } from './api-stack.ts';

export interface RealtimeStackProps extends StackProps {
  stage: StageSettings;
  /** The stage's resources (no `realtime`: this stack makes it). */
  resources: StageResources;
  /** The WebSocket routes' functions and the consumers that push (function-catalog REALTIME_GROUP). */
  specs: FunctionSpec[];
  codeDirs: Record<string, string>;
  /** The variables every function gets. */
  environment: Record<string, string>;
  throttle: ApiThrottle;
}

/** The WebSocket API's stage name: clients open `wss://<api>.execute-api.<region>.amazonaws.com/live`. */
export const WEBSOCKET_STAGE = 'live';

/** What the WebSocket stage logs per connection event, one JSON object each. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  connectionId: '$context.connectionId',
  status: '$context.status',
  integrationError: '$context.integrationErrorMessage',
};

/**
 * Real time: the WebSocket API (`$connect`, `$disconnect`, `$default`, one function per route of
 * the route table), its stage with access logs and throttling, and the consumers that push to its
 * connections (bus → queue → function → PostToConnection). Its own stack, so the HTTP API's
 * stack only imports the URL the ticket route hands out.
 */
export class RealtimeStack extends Stack {
  readonly api: WebSocketApi;
  readonly wsStage: WebSocketStage;
  readonly functions: MosaicFunction[] = [];
  readonly consumerQueues: ConsumerQueue[] = [];
  /** The URL clients open. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: RealtimeStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const n = stageNames(stage.name);

    this.api = new WebSocketApi(this, 'WebSocketApi', {
      apiName: n.stack('realtime'),
      description: `Mosaic ${stage.name} real-time WebSocket API (tickets from POST /v1/realtime/tickets)`,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${n.stack('realtime')}`,
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });
    this.wsStage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: WEBSOCKET_STAGE,
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    this.url = this.wsStage.url;

    // Connection ids are chosen by API Gateway at run time: the grant covers this stage's connections.
    const connectionsArn = `arn:${Aws.PARTITION}:execute-api:${Aws.REGION}:${Aws.ACCOUNT_ID}:${this.api.apiId}/${WEBSOCKET_STAGE}/*/@connections/*`;
    const resources: StageResources = {
      ...props.resources,
      realtime: { url: this.url, endpoint: this.wsStage.callbackUrl, connectionsArn },
    };

    for (const spec of props.specs) {
      const fid = pascal(spec.name);
      const fn = new MosaicFunction(this, fid, {
        spec,
        codeDir: props.codeDirs[spec.name]!,
        stage,
        names: n,
        environment: props.environment,
        resources,
      });
      this.functions.push(fn);
      if (spec.resources.realtime === 'push') {
        const policy = fn.role.node.tryFindChild('DefaultPolicy');
        if (policy)
          suppressAfterResolution(policy, () =>
            wildcardFindings(policy)
              .filter((f) => f === `Resource::${nagString(policy, connectionsArn)}`)
              .map((f) => ({ id: `AwsSolutions-IAM5[${f}]`, reason: 'websocketConnections' })),
          );
      }
      if (spec.kind === 'socket') {
        const route = this.api.addRoute(spec.socket.routeKey, {
          integration: new WebSocketLambdaIntegration(`${fid}Integration`, fn.function),
          returnResponse: spec.socket.returnsResponse ?? false,
        });
        // No IAM or Lambda authorizer: $connect redeems the single-use ticket itself.
        suppress(route, [{ id: 'AwsSolutions-APIG4', reason: spec.socket.routeKey === '$connect' ? 'websocketTicket' : 'websocketAfterConnect' }]);
      } else if (spec.kind === 'consumer') {
        this.consumerQueues.push(
          new ConsumerQueue(this, `${fid}Queue`, {
            name: spec.name,
            consumer: spec.consumer,
            fn: fn.function,
            bus: props.resources.bus,
            stage,
            names: n,
          }),
        );
      } else {
        throw new Error(`${spec.name}: only WebSocket routes and pushing consumers live in the real-time stack`);
      }
    }
  }

  /** The deployed name of every function (alarms address them by name). */
  get functionNames(): string[] {
    return this.functions.map((f) => f.functionName);
  }

  get deadLetterQueueNames(): string[] {
    return this.consumerQueues.map((q) => q.deadLetterQueueName);
  }
}
