import { Stack } from 'aws-cdk-lib';
import {
  HttpAuthorizer,
  HttpAuthorizerType,
  type HttpRouteAuthorizerConfig,
  type IHttpApi,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface StageJwtAuthorizerProps {
  httpApi: IHttpApi;
  userPool: IUserPool;
  client: IUserPoolClient;
  authorizerName: string;
}

/**
 * The HTTP API's JWT authorizer for Cognito tokens: issuer = the pool's issuer URL, audience = the
 * app client id (API Gateway checks `client_id` of access tokens, which carry no `aud`).
 *
 * Same resource as `HttpJwtAuthorizer`, but created here, in the API's stack, once: CDK's
 * HttpJwtAuthorizer creates its resource in whichever stack binds it first, and routes live in
 * nested stacks, one per route group.
 */
export class StageJwtAuthorizer extends Construct implements IHttpRouteAuthorizer {
  readonly authorizer: HttpAuthorizer;

  constructor(scope: Construct, id: string, props: StageJwtAuthorizerProps) {
    super(scope, id);
    this.authorizer = new HttpAuthorizer(this, 'Authorizer', {
      httpApi: props.httpApi,
      authorizerName: props.authorizerName,
      type: HttpAuthorizerType.JWT,
      identitySource: ['$request.header.Authorization'],
      // The pool's ProviderURL attribute has no scheme; token issuers do.
      jwtIssuer: `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${props.userPool.userPoolId}`,
      jwtAudience: [props.client.userPoolClientId],
    });
  }

  bind(): HttpRouteAuthorizerConfig {
    return { authorizerId: this.authorizer.authorizerId, authorizationType: HttpAuthorizerType.JWT };
  }
}
