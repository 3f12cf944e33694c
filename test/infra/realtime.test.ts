import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { WEBSOCKET_STAGE } from '../../infra/cdk/realtime-stack.ts';
import { httpRoutes, socketRoutes } from '../../infra/routes/index.ts';
import { clientEventTypes } from '../../shared/realtime/client-events.ts';
import { buildStage, ourFunctions } from './support/build.ts';

const built = buildStage('test');
const { names } = built;
const realtime = built.stacks.realtime!;
const template = built.templates.find((t) => t.stack === realtime)!.template;
const fns = ourFunctions(built);
const fn = (name: string) => fns.find((f) => f.spec.name === name)!;

describe('real-time stack', () => {
  it('is a stack of its own holding a WebSocket API with $connect, $disconnect and $default', () => {
    expect(realtime.stackName).toBe('mosaic-test-realtime');
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET', Name: 'mosaic-test-realtime' });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r: any) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['$connect', '$default', '$disconnect']);
  });

  it('runs one function per WebSocket route of the table, integrated with its route', () => {
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r: any) => r.Properties);
    for (const route of socketRoutes) {
      const f = fn(route.name);
      expect(f.template.stack, route.name).toBe(realtime);
      const r = routes.find((x) => x.RouteKey === route.routeKey)!;
      const integrationId = (r.Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
      const uri = JSON.stringify(integrations[integrationId.Ref]!.Properties.IntegrationUri);
      expect(uri, route.name).toContain(f.id);
      // Only $default answers the client (a pong); $connect answers with its status and header.
      expect(r.RouteResponseSelectionExpression, route.name).toBe(route.returnsResponse ? '$default' : undefined);
    }
  });

  it('logs access and throttles its stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: WEBSOCKET_STAGE,
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('connectionId') },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });

  it('feeds the push consumer exactly the events the catalog marks for clients', () => {
    expect(clientEventTypes).toEqual(expect.arrayContaining(['entry.logged', 'activity.at_risk', 'goal.completed', 'nudge.sent', 'stats.updated', 'import.completed', 'listening.synced']));
    expect(clientEventTypes).not.toContain('import.requested');
    expect(clientEventTypes).not.toContain('user.deleted');
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: names.rule('realtime-push'),
      EventPattern: { source: ['mosaic'], 'detail-type': clientEventTypes },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('lets only the push consumer manage connections, and only this API stage\u2019s', () => {
    const manage = fns.filter((f) => f.actions.includes('execute-api:ManageConnections'));
    expect(manage.map((f) => f.spec.name)).toEqual(['realtime-push']);
    const statement = manage[0]!.statements.find((s) => [s.Action].flat().includes('execute-api:ManageConnections'));
    expect(JSON.stringify(statement.Resource)).toContain(`/${WEBSOCKET_STAGE}/*/@connections/*`);
    const env = fn('realtime-push').resource.Properties.Environment.Variables;
    expect(env.REALTIME_ENDPOINT).toBeDefined();
  });

  it('hands the WebSocket URL to the ticket route (in the API stack) and to no other HTTP function', () => {
    const ticket = fn('create-realtime-ticket');
    expect(ticket.template.stack).not.toBe(realtime);
    const url = JSON.stringify(ticket.resource.Properties.Environment.Variables.REALTIME_URL);
    expect(url).toContain('"wss://"');
    expect(url).toContain('mosaic-test-realtime:');
    expect(url).toContain(`/${WEBSOCKET_STAGE}`);
    for (const f of fns) {
      if (f.spec.name === 'create-realtime-ticket' || f.spec.resources.realtime) continue;
      expect(f.resource.Properties.Environment.Variables.REALTIME_URL, f.spec.name).toBeUndefined();
    }
    expect(httpRoutes['create-realtime-ticket']).toMatchObject({ auth: 'user', method: 'POST', idempotent: false });
  });
});

describe('web app policy', () => {
  it("lets the app connect to the stage's WebSocket API and nowhere else beside its own origin", () => {
    const web = built.templates.find((t) => t.stack === built.stacks.web)!.template;
    const policies = Object.values(web.findResources('AWS::CloudFront::ResponseHeadersPolicy')).map((p: any) =>
      JSON.stringify(p.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig?.ContentSecurityPolicy?.ContentSecurityPolicy ?? ''),
    );
    const app = policies.filter((p) => p.includes('connect-src'));
    expect(app.some((p) => p.includes("connect-src 'self' ") && p.includes('mosaic-test-realtime:'))).toBe(true);
  });
});
