import { Stack } from 'aws-cdk-lib';
import { NagSuppressions, type NagPackSuppression } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Every cdk-nag suppression of the app, with its reason, in one place (docs/deploy.md lists the
 * same table). Each is applied to one resource; IAM5 ones also name the wildcard findings they
 * accept (`appliesTo`), so a new wildcard on the same resource is still reported.
 */
export const REASONS = {
  logBucketNoAccessLogs:
    'This bucket is the destination of the server access logs of the stack\'s other buckets (and CloudFront); logging it into itself would recurse, and a log bucket of its own would need one too.',
  lambdaRuntimeNode22:
    'Mosaic pins Node.js 22: esbuild targets node22 and the local runtime, tests and tooling run on the node 22 devDependency, so cloud and local execute the same language level. Moving to nodejs24.x is one deliberate upgrade of all of them.',
  bucketObjectWildcard:
    'Object keys are chosen at run time (per user and per job, e.g. users/<id>/<upload>); object-level actions on <bucket>/* of this one bucket are the narrowest grant presigned uploads and downloads allow. The action wildcards are CDK\'s grantRead/grantPut/grantReadWrite sets for exactly the access the route table declares.',
  schedulerInvokeVersions:
    'CDK\'s grantInvoke adds <function-arn>:* (versions and aliases of the same function) beside the function ARN; the role can invoke this single function only and is assumable only by EventBridge Scheduler.',
  publicRoute:
    'Public by design in the route table (auth: public): callers have no token yet (register, login, refresh) or the route must answer without one (health). The function validates input, applies its per-address rate limit and touches only what the table declares.',
  webhookRoute:
    'Signed webhook (auth: webhook): the sender cannot present a Cognito token, so the function verifies the request signature itself before doing anything.',
  fallbackRoute:
    'The $default catch-all only answers 404 or 405 (with Allow) for requests no route matches; it declares no resources and reads no data, and protected routes keep their JWT authorizer because API Gateway matches them first.',
  passwordPolicy:
    'The pool uses PASSWORD_POLICY (shared/auth/password-policy.ts), which the API also checks to name the broken rule: at least 10 characters with lower case, upper case and digits. Symbols are deliberately not required (length over composition rules, NIST SP 800-63B).',
  noMfa:
    'MFA is not offered yet: the API signs users in with USER_PASSWORD_AUTH on their behalf and has no challenge step. Enabling MFA needs the challenge flow in login first; until then the auth routes are rate limited per address.',
  noPlusTier:
    'Threat protection needs the Cognito Plus feature plan (billed per monthly active user). Accounts are created only by the API (self sign-up off) and the auth routes are rate limited per address; revisit when the user base warrants the cost.',
  cloudFrontDefaultCertificate:
    'The distribution serves the default *.cloudfront.net certificate, for which CloudFront fixes the minimum viewer protocol at TLSv1. A custom domain with an ACM certificate (then TLSv1.2_2021) is a deployment choice outside this template.',
  cloudFrontNoGeoRestriction:
    'Mosaic is offered worldwide; the distribution serves only the static single-page app, so there is no country to exclude.',
  cloudFrontNoWaf:
    'The distribution serves only static, public single-page-app files (no data, no forms); the API, which holds the data, is throttled at its stage and rate limited per route. A CloudFront WebACL (us-east-1, per-request cost) adds nothing the app needs yet.',
  cdkHelperManagedPolicy:
    'CDK-provided helper Lambda (bucket deployment / auto-delete of ephemeral buckets): its role uses the AWSLambdaBasicExecutionRole managed policy to write its own logs; the helper is CDK\'s, not Mosaic code, and runs only during deployments.',
  cdkHelperWildcards:
    'CDK-provided helper Lambda (bucket deployment): CDK grants it read on its staging asset objects, read-write on the web bucket\'s objects and CloudFront invalidation; the wildcards are CDK\'s, scoped to those buckets, and it runs only during deployments.',
  cdkHelperRuntime:
    'CDK-provided helper Lambda: CDK chooses and upgrades its runtime with aws-cdk-lib; it runs only during deployments and never handles user requests.',
} as const;

export type ReasonKey = keyof typeof REASONS;

export interface Suppression {
  id: string;
  reason: ReasonKey;
  /** IAM findings accepted (exact strings or `{ regex }`); required for IAM5. */
  appliesTo?: NagPackSuppression['appliesTo'];
}

function toNag(rules: Suppression[]): NagPackSuppression[] {
  return rules.map((rule) => {
    if (rule.id === 'AwsSolutions-IAM5' && !rule.appliesTo?.length)
      throw new Error('IAM5 suppressions must name the findings they accept (appliesTo).');
    return {
      id: rule.id,
      reason: REASONS[rule.reason],
      ...(rule.appliesTo ? { appliesTo: rule.appliesTo } : {}),
    };
  });
}

/** Suppresses findings on exactly this construct's resource (its default child for L2s). */
export function suppress(construct: IConstruct, rules: Suppression[]): void {
  NagSuppressions.addResourceSuppressions(construct, toNag(rules), false);
}

/** Suppresses findings on a construct and its children: only for CDK-owned helper constructs. */
export function suppressTree(construct: IConstruct, rules: Suppression[]): void {
  NagSuppressions.addResourceSuppressions(construct, toNag(rules), true);
}

/**
 * CDK's own singleton helpers in a stack (bucket deployment, auto-delete objects). They are found
 * by the construct ids CDK gives them, so the suppressions land on them and on nothing else.
 */
export function suppressCdkHelpers(stack: Stack): void {
  for (const child of stack.node.children) {
    const id = child.node.id;
    if (id.startsWith('Custom::CDKBucketDeployment')) {
      suppressTree(child, [
        { id: 'AwsSolutions-IAM4', reason: 'cdkHelperManagedPolicy', appliesTo: [
          'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        ] },
        { id: 'AwsSolutions-IAM5', reason: 'cdkHelperWildcards', appliesTo: [
          'Action::s3:GetObject*',
          'Action::s3:GetBucket*',
          'Action::s3:List*',
          'Action::s3:DeleteObject*',
          'Action::s3:Abort*',
          { regex: '/^Resource::.+\\/\\*$/' },
          'Resource::*',
        ] },
        { id: 'AwsSolutions-L1', reason: 'cdkHelperRuntime' },
      ]);
    } else if (id === 'Custom::S3AutoDeleteObjectsCustomResourceProvider') {
      suppressTree(child, [
        { id: 'AwsSolutions-IAM4', reason: 'cdkHelperManagedPolicy', appliesTo: [
          { regex: '/^Policy::arn:<AWS::Partition>:iam::aws:policy\\/service-role\\/AWSLambdaBasicExecutionRole$/' },
        ] },
        { id: 'AwsSolutions-L1', reason: 'cdkHelperRuntime' },
      ]);
    }
  }
}
