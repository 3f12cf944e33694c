import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { rules } from 'cdk-nag';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * Every cdk-nag suppression of the app, with its reason, in one place (docs/deploy.md lists the
 * same table). cdk-nag 3 uses CDK's `Validations.of(x).acknowledge({ id, reason })`; each
 * acknowledgement here targets ONE CloudFormation resource, and IAM5 ones name the single wildcard
 * finding they accept (`AwsSolutions-IAM5[Resource::…]`), so any other wildcard is still reported.
 * Each is also written into the resource's template Metadata (`cdk_nag.rules_to_suppress`) as an
 * audit trail.
 */
export const REASONS = {
  metricsReadAnyResource:
    'cloudwatch:GetMetricData has no resource-level permissions (AWS allows only Resource "*"); it reads metric values and nothing else. Only the admin metrics and health functions (auth: admin) hold it.',
  functionLogGroups:
    'logs:FilterLogEvents on the stage\'s own function log groups only (`/aws/lambda/mosaic-<stage>-*`: functions are added with the route table, and Lambda names the streams inside at run time), and logs:DescribeLogGroups, a list action that takes no narrower resource, to find them. Only the admin logs, metrics and health functions (auth: admin) hold them.',
  lambdaRuntimeNode22:
    'Mosaic pins Node.js 22: esbuild targets node22 and the local runtime, tests and tooling run on the node 22 devDependency, so cloud and local execute the same language level. Moving to nodejs24.x is one deliberate upgrade of all of them.',
  bucketObjectWildcard:
    'Object keys are chosen at run time (per user and per job, e.g. users/<id>/<upload>); object-level actions on <bucket>/* of this one bucket are the narrowest grant presigned uploads and downloads allow. The action wildcards are CDK\'s grantRead/grantPut/grantReadWrite sets for exactly the access the route table declares.',
  schedulerInvokeVersions:
    'CDK\'s grantInvoke adds <function-arn>:* (versions and aliases of the same function) beside the function ARN; the role can invoke this single function only and is assumable only by EventBridge Scheduler.',
  publicRoute:
    'Public by design in the route table (auth: public): callers have no token yet (register, login, its MFA step, refresh) or the route must answer without one (health). Requests reach it only through the stage\'s CloudFront distribution (the function refuses any without the origin secret), where non-ephemeral stages apply the WAF web ACL with a per-address rate rule on /v1/auth/; the function validates its input, enforces the per-address limits the table declares and the per-account sign-in lockout, and can touch only what the table grants; the stage throttle caps the rest.',
  webhookRoute:
    'Signed webhook (auth: webhook): the sender cannot present a Cognito token, so the function verifies the request signature itself before doing anything.',
  fallbackRoute:
    'The $default catch-all only answers 404 or 405 (with Allow) for requests no route matches; it declares no resources and reads no data, and protected routes keep their JWT authorizer because API Gateway matches them first.',
  passwordPolicy:
    'The pool uses PASSWORD_POLICY (shared/auth/password-policy.ts), which the API also checks to name the broken rule: at least 10 characters with lower case, upper case and digits. Symbols are deliberately not required (length over composition rules, NIST SP 800-63B).',
  optionalMfa:
    'MFA is optional, not required: every user can turn on TOTP (an authenticator app; no SMS) from the profile, after which sign-in asks for the code (SOFTWARE_TOKEN_MFA challenge through the API). Requiring it of everyone would shut out users without an authenticator app. Without it, accounts are guarded by the password policy with a common-password check, a per-account and per-address lockout with back-off, and per-address rate limits (docs/auth.md).',
  noPlusTier:
    'Threat protection needs the Cognito Plus feature plan (billed per monthly active user). Accounts are created only by the API (self sign-up off); the API locks accounts with back-off after failed sign-ins (per account and per address), refuses common passwords and rate limits the auth routes per address; revisit when the user base warrants the cost.',
  cloudFrontDefaultCertificate:
    'The distribution serves the default *.cloudfront.net certificate, for which CloudFront fixes the minimum viewer protocol at TLSv1. A custom domain with an ACM certificate (then TLSv1.2_2021) is a deployment choice outside this template.',
  cloudFrontNoGeoRestriction:
    'Mosaic is offered worldwide and people use it from any country, so there is no country to exclude; abuse is handled per address by the WAF rate rules (non-ephemeral stages) and the API\'s per-address limits, not by geography.',
  cloudFrontNoWafEphemeral:
    'Ephemeral stage (dev, test*, pr-*: throw-away data, short-lived, used by the team): it gets no WAF web ACL, which costs a monthly fee per ACL and per rule. Every non-ephemeral stage (prod, staging, …) attaches the EdgeStack web ACL with the AWS managed rule groups and per-address rate rules; the API\'s own per-address limits apply in every stage.',
  cdkHelperManagedPolicy:
    'CDK-provided helper Lambda (the web bucket deployment, and the custom resource that reads the web ACL ARN from us-east-1): its role uses the AWSLambdaBasicExecutionRole managed policy to write its own logs; the helper is CDK\'s, not Mosaic code, and runs only during deployments.',
  cdkHelperWildcards:
    'CDK-provided helper Lambda (bucket deployment): CDK grants it read on its staging asset objects, read-write on the web bucket\'s objects and CloudFront invalidation; the wildcards are CDK\'s, scoped to those buckets, and it runs only during deployments.',
  appSecretRotation:
    'Application secrets are credentials of another service (Spotify app credentials), which that service issues and an operator replaces; the HMAC key of values that live minutes (OAuth state, tickets), replaced with put-secret-value at any time, ending at most the few values in flight; or the origin secret CloudFront and the API share, replaced with put-secret-value followed by a deploy of the api and web stacks. No rotation Lambda is run for any of them; docs/deploy.md has the steps.',
  websocketTicket:
    'The WebSocket $connect route cannot carry a Cognito token (browsers cannot set headers on a WebSocket, and a token in the query string leaks into logs); its function redeems a single-use ticket of one minute that the JWT-protected route POST /v1/realtime/tickets issued, offered as a Sec-WebSocket-Protocol value, and refuses the connection without one.',
  websocketAfterConnect:
    'API Gateway authorizes a WebSocket once, on $connect (which redeems a single-use ticket issued to a signed-in user); $disconnect and $default run only on a connection that passed it, and $default only answers a ping with a pong, reading and writing no data.',
  websocketConnections:
    'Connection ids are assigned by API Gateway at run time; execute-api:ManageConnections is granted on the connections of this one WebSocket API and stage (<api>/live/*/@connections/*), the narrowest resource PostToConnection allows, and only to the consumer that pushes events.',
  monitoredAccountRoles:
    'CloudWatch connections read the monitored AWS accounts of users\' projects, which are not known when the stage deploys: sts:AssumeRole on any role ARN is the only resource that allows it. The statement holds only with an external id (Null sts:ExternalId false) and never on a role of Mosaic\'s own account (aws:ResourceAccount); what the assumed session may do is decided by the role in the monitored account, whose trust policy must name Mosaic\'s account and that external id. Only the connection test and the pull consumer hold it.',
  cameraStreamsByPrefix:
    'Cameras are data an admin adds at run time, each with its own Kinesis Video stream named mosaic-<stage>-camera-<camera id>; a stream ARN ends in its creation time, unknown before it exists. The grant names this stage\'s camera prefix, so only the stage\'s camera streams can be created, described or deleted.',
  cameraLoadBalancerPublic:
    'The camera load balancer is where admins\' browsers open streams, so it accepts HTTPS (and HTTP, only to redirect) from any address. It forwards /camera/* alone to the worker, which answers a stream only to a single-use ticket (HMAC, about a minute, one admin and camera) after checking that the admin still holds the role; everything else gets a fixed 404.',
  cameraWorkerEnvironment:
    'The worker\'s environment holds names and addresses only (table, pool, bus, key ARN, stage): no secret. The signing key is read from Secrets Manager and camera credentials are sealed in the table and opened with KMS at run time.',
  cameraMetricNamespace:
    'cloudwatch:PutMetricData has no resource-level permissions; the statement is limited by the cloudwatch:namespace condition to Mosaic/Camera.',
  cameraProducerOwnStream:
    'An edge producer may write to one stream only: the resource is the stage\'s camera stream named by the principal\'s own cameraId tag (ABAC); the trailing /* is the stream\'s creation id, which changes when a camera is re-created.',
  cameraAccessLogBucket:
    'This bucket is the destination of the camera load balancer\'s access logs: it holds logs only (expiring), blocks public access, enforces TLS and encrypts; logging access to the log bucket itself would need another log bucket without end.',
  ecrAuthorizationToken:
    'CDK\'s execution role for a container image asset: ecr:GetAuthorizationToken has no resource-level permissions (the image pull itself is limited to the asset repository).',
  cdkHelperRuntime:
    'CDK-provided helper Lambda: CDK chooses and upgrades its runtime with aws-cdk-lib; it runs only during deployments and never handles user requests.',
} as const;

export type ReasonKey = keyof typeof REASONS;

export interface Suppression {
  /** Rule id, with the finding for multi-finding rules: `AwsSolutions-IAM5[Action::s3:List*]`. */
  id: string;
  reason: ReasonKey;
}

/** The CloudFormation resource behind a construct (an L2's default child). */
function cfnOf(construct: IConstruct): CfnResource {
  const target = CfnResource.isCfnResource(construct) ? construct : construct.node.defaultChild;
  if (!target || !CfnResource.isCfnResource(target))
    throw new Error(`No CloudFormation resource to acknowledge cdk-nag findings on at ${construct.node.path}`);
  return target;
}

/** Acknowledges findings on exactly this construct's CloudFormation resource. */
export function suppress(construct: IConstruct, suppressions: Suppression[]): void {
  const cfn = cfnOf(construct);
  const existing = (cfn.getMetadata('cdk_nag') as { rules_to_suppress?: Array<{ id: string; reason: string }> })
    ?.rules_to_suppress ?? [];
  const added = suppressions.filter((s) => !existing.some((e) => e.id === s.id));
  if (added.length === 0) return;
  Validations.of(cfn).acknowledge(...added.map((s) => ({ id: s.id, reason: REASONS[s.reason] })));
  cfn.addMetadata('cdk_nag', {
    rules_to_suppress: [...existing, ...added.map((s) => ({ id: s.id, reason: REASONS[s.reason] }))],
  });
}

/**
 * Acknowledges findings that can only be named once CDK has resolved cross-stack references
 * (an IAM5 finding spells the resource as the template does: an import, a nested-stack parameter).
 * Runs as a construct validation: after references are resolved, before cdk-nag validates.
 */
export function suppressAfterResolution(construct: IConstruct, compute: () => Suppression[]): void {
  construct.node.addValidation({
    validate: () => {
      suppress(construct, compute());
      return [];
    },
  });
}

/** The string cdk-nag uses for a (token) value in findings, as resolved in `scope`'s stack. */
export function nagString(scope: IConstruct, value: string): string {
  return flattenCfnReference(Stack.of(scope).resolve(value));
}

/** The IAM5 findings cdk-nag reports on a policy resource (resolved references). */
export function wildcardFindings(policy: IConstruct): string[] {
  const result = rules.iam.IAMNoWildcardPermissions(cfnOf(policy));
  return Array.isArray(result) ? result : [];
}

const MANAGED_LOGS_POLICY = 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

/** IAM5 findings CDK's bucket-deployment helper is expected to carry (S3 object access, CloudFront invalidation). */
const HELPER_WILDCARDS = [
  /^Action::s3:(GetObject|GetBucket|List|DeleteObject|Abort|PutObject)\*$/,
  /^Resource::.+\/\*$/,
  /^Resource::\*$/,
];

/** The construct id CDK gives its AwsCustomResource singleton Lambda in a stack. */
const AWS_CUSTOM_RESOURCE_PROVIDER = 'AWS679f53fac002430cb0da5b7982bd2287';

/**
 * CDK's own helper Lambdas in a stack (the bucket deployment singleton, the AwsCustomResource
 * singleton): found by the construct id CDK gives them; acknowledgements land on their role,
 * policy and function resources only.
 */
export function suppressCdkHelpers(stack: Stack): void {
  for (const child of stack.node.children) {
    const id = child.node.id;
    if (!id.startsWith('Custom::CDKBucketDeployment') && id !== AWS_CUSTOM_RESOURCE_PROVIDER) continue;
    const role = child.node.tryFindChild('ServiceRole');
    if (role) {
      suppress(role, [{ id: MANAGED_LOGS_POLICY, reason: 'cdkHelperManagedPolicy' }]);
      const policy = role.node.tryFindChild('DefaultPolicy');
      if (policy)
        suppressAfterResolution(policy, () =>
          wildcardFindings(policy)
            .filter((finding) => HELPER_WILDCARDS.some((pattern) => pattern.test(finding)))
            .map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason: 'cdkHelperWildcards' })),
        );
    }
    suppress(child, [{ id: 'AwsSolutions-L1', reason: 'cdkHelperRuntime' }]);
  }
}
