import { NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import {
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type IHttpApi,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Construct } from 'constructs';
import type { AuthRule } from '../../shared/contract/routes.ts';
import { ConsumerQueue } from './consumer-queue.ts';
import { needsJwt, pascal, type FunctionSpec } from './function-catalog.ts';
import type { StageResources } from './grants.ts';
import { MosaicFunction } from './mosaic-function.ts';
import { suppress, type ReasonKey } from './nag-suppressions.ts';
import { ScheduledInvoke } from './scheduled-invoke.ts';
import type { StageSettings } from './stage.ts';
import type { StageNames } from './stage-names.ts';

export interface FunctionGroupStackProps extends NestedStackProps {
  specs: FunctionSpec[];
  codeDirs: Record<string, string>;
  stage: StageSettings;
  names: StageNames;
  environment: Record<string, string>;
  resources: StageResources;
  httpApi: IHttpApi;
  jwtAuthorizer: IHttpRouteAuthorizer;
}

/** What we tell cdk-nag about a route without a JWT authorizer (APIG4). */
const UNAUTHENTICATED_REASON: Record<Exclude<AuthRule, 'user' | 'admin'>, ReasonKey> = {
  public: 'publicRoute',
  webhook: 'webhookRoute',
};

/**
 * One group of the route table's functions (a route tag, the consumers, the schedules) with what
 * connects each to its trigger: an API route, a queue fed by the bus, or a schedule.
 */
export class FunctionGroupStack extends NestedStack {
  readonly functions: MosaicFunction[] = [];
  readonly consumerQueues: ConsumerQueue[] = [];

  constructor(scope: Construct, id: string, props: FunctionGroupStackProps) {
    super(scope, id, props);

    for (const spec of props.specs) {
      const id = pascal(spec.name);
      const fn = new MosaicFunction(this, id, {
        spec,
        codeDir: props.codeDirs[spec.name]!,
        stage: props.stage,
        names: props.names,
        environment: props.environment,
        resources: props.resources,
      });
      this.functions.push(fn);

      switch (spec.kind) {
        case 'http':
        case 'fallback': {
          const route = spec.route;
          const jwt = needsJwt(route.auth);
          const httpRoute = new HttpRoute(this, `${id}Route`, {
            httpApi: props.httpApi,
            routeKey:
              spec.kind === 'fallback'
                ? HttpRouteKey.DEFAULT
                : HttpRouteKey.with(route.path, HttpMethod[route.method as keyof typeof HttpMethod]),
            integration: new HttpLambdaIntegration(`${id}Integration`, fn.function),
            ...(jwt ? { authorizer: props.jwtAuthorizer } : {}),
          });
          if (!jwt) {
            const reason: ReasonKey =
              spec.kind === 'fallback'
                ? 'fallbackRoute'
                : UNAUTHENTICATED_REASON[route.auth as keyof typeof UNAUTHENTICATED_REASON];
            suppress(httpRoute, [{ id: 'AwsSolutions-APIG4', reason }]);
          }
          break;
        }
        case 'consumer':
          this.consumerQueues.push(
            new ConsumerQueue(this, `${id}Queue`, {
              name: spec.name,
              consumer: spec.consumer,
              fn: fn.function,
              bus: props.resources.bus,
              stage: props.stage,
              names: props.names,
            }),
          );
          break;
        case 'schedule':
          new ScheduledInvoke(this, `${id}Schedule`, {
            name: spec.name,
            schedule: spec.schedule,
            fn: fn.function,
            names: props.names,
          });
          break;
      }
    }
  }
}
