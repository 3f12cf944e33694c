/**
 * Issue 7, finding 7 in the cloud: CORS limited to the stage's own web origin (plus listed ones),
 * security headers with a strict CSP on CloudFront, per-address throttles and a WAF web ACL in
 * non-ephemeral stages, and the API reachable only through CloudFront.
 */
import { runInNewContext } from 'node:vm';
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CLOUDFRONT_WAF_REGION, MANAGED_RULE_GROUPS, WAF_RATE_LIMITS, webAclParameterName } from '../../infra/cdk/edge-stack.ts';
import { optionsFromContext } from '../../infra/cdk/mosaic-app.ts';
import { API_HEADERS, FILE_HEADERS, SECURITY_HEADERS } from '../../infra/security-headers.ts';
import { BUCKET_NAMES, BUCKETS } from '../../shared/contract/buckets.ts';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '../../shared/kit/edge.ts';
import { buildStage, ourFunctions, type BuiltStage } from './support/build.ts';

const prod = buildStage('prod');
const ephemeral = buildStage('test');
const listed = buildStage('test-cors', { corsOrigins: 'https://app.example.com, https://admin.example.com' });

const templateOf = (built: BuiltStage, part: 'edge' | 'data' | 'api' | 'web') => {
  const stack = built.stacks[part];
  return built.templates.find((t) => t.stack === stack)!.template;
};

/** CloudFront's managed policy ids (CachingDisabled, AllViewerExceptHostHeader). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

function distributionOf(built: BuiltStage) {
  const [distribution] = Object.values(templateOf(built, 'web').findResources('AWS::CloudFront::Distribution')) as any[];
  return distribution.Properties.DistributionConfig;
}

/** The headers a synthesized response headers policy sends, as the wire would carry them. */
function headersOf(built: BuiltStage, ref: { Ref: string }): Record<string, string> {
  const policy = templateOf(built, 'web').toJSON().Resources[ref.Ref].Properties.ResponseHeadersPolicyConfig;
  const out: Record<string, string> = {};
  const sec = policy.SecurityHeadersConfig ?? {};
  const overrides: boolean[] = [];
  if (sec.ContentSecurityPolicy) {
    out['content-security-policy'] = sec.ContentSecurityPolicy.ContentSecurityPolicy;
    overrides.push(sec.ContentSecurityPolicy.Override);
  }
  if (sec.StrictTransportSecurity) {
    const h = sec.StrictTransportSecurity;
    out['strict-transport-security'] = `max-age=${h.AccessControlMaxAgeSec}${h.IncludeSubdomains ? '; includeSubDomains' : ''}${h.Preload ? '; preload' : ''}`;
    overrides.push(h.Override);
  }
  if (sec.ContentTypeOptions) {
    out['x-content-type-options'] = 'nosniff';
    overrides.push(sec.ContentTypeOptions.Override);
  }
  if (sec.FrameOptions) {
    out['x-frame-options'] = sec.FrameOptions.FrameOption;
    overrides.push(sec.FrameOptions.Override);
  }
  if (sec.ReferrerPolicy) {
    out['referrer-policy'] = sec.ReferrerPolicy.ReferrerPolicy;
    overrides.push(sec.ReferrerPolicy.Override);
  }
  for (const item of policy.CustomHeadersConfig?.Items ?? []) {
    out[item.Header] = item.Value;
    overrides.push(item.Override);
  }
  expect(overrides.every(Boolean)).toBe(true);
  return out;
}

/** Runs a CloudFront Function's code on a viewer request. */
function runFunction(built: BuiltStage, ref: { 'Fn::GetAtt': [string, string] }, request: { uri: string; headers?: object }, viewerIp = '198.51.100.4') {
  const code: string = templateOf(built, 'web').toJSON().Resources[ref['Fn::GetAtt'][0]].Properties.FunctionCode;
  return runInNewContext(`${code}; handler(event)`, { event: { request: { headers: {}, querystring: {}, ...request }, viewer: { ip: viewerIp } } });
}

describe('CloudFront: the app, the API and the files on one origin', () => {
  const config = distributionOf(prod);
  const behaviour = (pattern: string) => config.CacheBehaviors.find((b: any) => b.PathPattern === pattern);
  const originOf = (b: any) => config.Origins.find((o: any) => o.Id === b.TargetOriginId);

  it('sends /v1/* to the HTTP API: uncached, every method and header but Host, with the origin secret', () => {
    const api = behaviour('/v1/*');
    expect(api).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
    });
    const origin = originOf(api);
    expect(JSON.stringify(origin.DomainName)).toContain('ApiEndpoint');
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    // The secret's value never appears in the template: CloudFormation resolves it at deploy time.
    expect(origin.OriginCustomHeaders).toEqual([
      { HeaderName: ORIGIN_VERIFY_HEADER, HeaderValue: '{{resolve:secretsmanager:mosaic-prod/origin-verify:SecretString:::}}' },
    ]);
    // The viewer's address travels with the request, whatever the viewer sent in that header.
    const out = runFunction(prod, api.FunctionAssociations[0].FunctionARN, { uri: '/v1/auth/login', headers: { [VIEWER_ADDRESS_HEADER]: { value: '10.0.0.1' } } });
    expect(out.headers[VIEWER_ADDRESS_HEADER]).toEqual({ value: '198.51.100.4' });
  });

  it('gives every function the same origin secret, so direct execute-api calls are refused', () => {
    for (const { resource } of ourFunctions(prod)) {
      expect(resource.Properties.Environment.Variables.ORIGIN_VERIFY).toBe('{{resolve:secretsmanager:mosaic-prod/origin-verify:SecretString:::}}');
    }
    templateOf(prod, 'data').hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'mosaic-prod/origin-verify',
      GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
    });
  });

  it('serves each browser bucket at /_files/<bucket>/*, passing presigned requests on with the path they were signed for', () => {
    const browserBuckets = BUCKET_NAMES.filter((b) => BUCKETS[b].browserAccess);
    expect(browserBuckets.length).toBeGreaterThan(0);
    for (const name of browserBuckets) {
      const files = behaviour(`/_files/${name}/*`);
      expect(files, name).toMatchObject({ ViewerProtocolPolicy: 'https-only', CachePolicyId: CACHING_DISABLED, OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST });
      const origin = originOf(files);
      expect(JSON.stringify(origin.DomainName)).toMatch(new RegExp(`${name}Bucket.*RegionalDomainName`, 'i'));
      expect(origin.OriginAccessControlId).toBeUndefined();
      expect(headersOf(prod, files.ResponseHeadersPolicyId)).toEqual(FILE_HEADERS);
      const out = runFunction(prod, files.FunctionAssociations[0].FunctionARN, { uri: `/_files/${name}/users/u-1/export%201.csv` });
      expect(out.uri).toBe('/users/u-1/export%201.csv');
    }
  });

  it('answers client-side routes with index.html, without error pages that would mask the API’s answers', () => {
    expect(config.CustomErrorResponses).toBeUndefined();
    const spa = config.DefaultCacheBehavior.FunctionAssociations[0].FunctionARN;
    expect(runFunction(prod, spa, { uri: '/today' }).uri).toBe('/index.html');
    expect(runFunction(prod, spa, { uri: '/activities/0b6f/stats' }).uri).toBe('/index.html');
    expect(runFunction(prod, spa, { uri: '/assets/index-abc123.js' }).uri).toBe('/assets/index-abc123.js');
    expect(runFunction(prod, spa, { uri: '/favicon.svg' }).uri).toBe('/favicon.svg');
  });

  it('sends the security headers of infra/security-headers.ts: a strict CSP on the app, and API headers on /v1', () => {
    // The app's policy is SECURITY_HEADERS with the stage's WebSocket API added to connect-src and
    // the camera stream's origin (a deploy-time parameter here) to img-src.
    const { 'content-security-policy': appCsp, ...appRest } = headersOf(prod, config.DefaultCacheBehavior.ResponseHeadersPolicyId);
    const { 'content-security-policy': _plain, ...expectedRest } = SECURITY_HEADERS;
    expect(appRest).toEqual(expectedRest);
    const joined = JSON.stringify(appCsp);
    expect(joined).toContain("connect-src 'self' \"");
    expect(joined).toContain('mosaic-prod-realtime:');
    expect(joined).toContain("img-src 'self' https://");
    expect(joined).toContain('CameraDomainName');
    expect(headersOf(prod, behaviour('/v1/*').ResponseHeadersPolicyId)).toEqual(API_HEADERS);
    const csp = SECURITY_HEADERS['content-security-policy']!;
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(SECURITY_HEADERS['strict-transport-security']).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });
});

describe('CORS lists only the stage’s extra origins', () => {
  it('prod: the API has no CORS configuration, functions allow no origin, buckets have no CORS rule', () => {
    templateOf(prod, 'api').hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
    for (const { resource } of ourFunctions(prod)) expect(resource.Properties.Environment.Variables.CORS_ORIGINS).toBe('');
    for (const { resource } of prod.resources('AWS::S3::Bucket')) expect(resource.Properties.CorsConfiguration).toBeUndefined();
  });

  it('with -c corsOrigins: exactly those origins on the API, the functions and the browser buckets', () => {
    const origins = ['https://app.example.com', 'https://admin.example.com'];
    templateOf(listed, 'api').hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: origins }) });
    for (const { resource } of ourFunctions(listed)) expect(resource.Properties.Environment.Variables.CORS_ORIGINS).toBe(origins.join(','));
    const corsRules = listed.resources('AWS::S3::Bucket').flatMap(({ resource }) => resource.Properties.CorsConfiguration?.CorsRules ?? []);
    expect(corsRules).toHaveLength(BUCKET_NAMES.filter((b) => BUCKETS[b].browserAccess).length);
    for (const rule of corsRules) expect(rule.AllowedOrigins).toEqual(origins);
  });

  it('refuses a wildcard or anything but scheme://host[:port] in -c corsOrigins', () => {
    for (const corsOrigins of ['*', 'https://app.example.com, *', 'https://app.example.com/path', 'app.example.com']) {
      expect(() => optionsFromContext(new App({ context: { corsOrigins } })), corsOrigins).toThrow(/not an origin/);
    }
    expect(optionsFromContext(new App({ context: {} })).corsOrigins).toEqual([]);
  });
});

describe('WAF web ACL (non-ephemeral stages)', () => {
  it('prod: a CLOUDFRONT web ACL in us-east-1 with the AWS managed groups and per-address rate rules', () => {
    expect(prod.stacks.edge).toBeDefined();
    expect(prod.stacks.edge!.region).toBe(CLOUDFRONT_WAF_REGION);
    const edge = templateOf(prod, 'edge');
    edge.resourceCountIs('AWS::WAFv2::WebACL', 1);
    const [acl] = Object.values(edge.findResources('AWS::WAFv2::WebACL')) as any[];
    const { Scope, DefaultAction, Rules } = acl.Properties;
    expect(Scope).toBe('CLOUDFRONT');
    expect(DefaultAction).toEqual({ Allow: {} });
    const managed = Rules.filter((r: any) => r.Statement.ManagedRuleGroupStatement).map((r: any) => r.Statement.ManagedRuleGroupStatement);
    expect(managed.map((m: any) => m.Name).sort()).toEqual([...MANAGED_RULE_GROUPS].sort());
    for (const m of managed) expect(m.VendorName).toBe('AWS');
    const common = managed.find((m: any) => m.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common.RuleActionOverrides).toEqual([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
    expect(JSON.stringify(common.ScopeDownStatement)).toContain('/_files/');

    const rate = Rules.filter((r: any) => r.Statement.RateBasedStatement);
    const auth = rate.find((r: any) => r.Statement.RateBasedStatement.ScopeDownStatement);
    expect(auth.Statement.RateBasedStatement).toMatchObject({
      AggregateKeyType: 'IP',
      Limit: WAF_RATE_LIMITS.auth.limit,
      EvaluationWindowSec: WAF_RATE_LIMITS.auth.windowSeconds,
      ScopeDownStatement: { ByteMatchStatement: { SearchString: '/v1/auth/', PositionalConstraint: 'STARTS_WITH' } },
    });
    expect(auth.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
    const all = rate.find((r: any) => !r.Statement.RateBasedStatement.ScopeDownStatement);
    expect(all.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP', Limit: WAF_RATE_LIMITS.all.limit });
    // Every rule reports metrics and samples.
    for (const r of Rules) expect(r.VisibilityConfig).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
    edge.hasResourceProperties('AWS::SSM::Parameter', { Name: webAclParameterName('prod'), Value: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } });
  });

  it('prod: the distribution takes the ACL’s ARN, read in us-east-1 at deploy time', () => {
    const web = templateOf(prod, 'web');
    const config = distributionOf(prod);
    const [readerId] = config.WebACLId['Fn::GetAtt'];
    expect(config.WebACLId).toEqual({ 'Fn::GetAtt': [readerId, 'Parameter.Value'] });
    const reader = web.toJSON().Resources[readerId];
    expect(JSON.parse(reader.Properties.Create)).toMatchObject({
      service: 'SSM',
      action: 'getParameter',
      region: CLOUDFRONT_WAF_REGION,
      parameters: { Name: webAclParameterName('prod') },
    });
    // The reader may read that one parameter only.
    web.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'ssm:GetParameter',
            Resource: { 'Fn::Join': ['', Match.arrayWith([`:ssm:${CLOUDFRONT_WAF_REGION}:`, `:parameter${webAclParameterName('prod')}`])] },
          }),
        ],
      },
    });
    expect(prod.stacks.web.dependencies).toContain(prod.stacks.edge);
  });

  it('an ephemeral stage has no web ACL (and says why)', () => {
    expect(ephemeral.stacks.edge).toBeUndefined();
    expect(ephemeral.resources('AWS::WAFv2::WebACL')).toEqual([]);
    const [distribution] = Object.values(templateOf(ephemeral, 'web').findResources('AWS::CloudFront::Distribution')) as any[];
    expect(distribution.Properties.DistributionConfig.WebACLId).toBeUndefined();
    const acknowledged = distribution.Metadata.cdk_nag.rules_to_suppress.map((r: { id: string }) => r.id);
    expect(acknowledged).toContain('AwsSolutions-CFR2');
    const [prodDistribution] = Object.values(templateOf(prod, 'web').findResources('AWS::CloudFront::Distribution')) as any[];
    expect(prodDistribution.Metadata.cdk_nag.rules_to_suppress.map((r: { id: string }) => r.id)).not.toContain('AwsSolutions-CFR2');
  });
});
