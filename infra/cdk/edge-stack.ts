import { Stack, type StackProps } from 'aws-cdk-lib';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { FILES_PATH } from '../../shared/contract/buckets.ts';
import type { StageSettings } from './stage.ts';
import { stageNames } from './stage-names.ts';

/** WAF web ACLs for CloudFront live in us-east-1, whatever region the stage deploys to. */
export const CLOUDFRONT_WAF_REGION = 'us-east-1';

/**
 * Per-client (per viewer IP) limits the WAF enforces, declared once: the rules below and
 * docs/deploy.md. They sit in front of the functions' own per-address limits (route table
 * `limits.rateLimit`), which stay: the WAF stops floods at the edge before they cost a Lambda
 * invocation, the functions keep the finer per-route limits.
 */
export const WAF_RATE_LIMITS = {
  /** Sign-in, registration, refresh and the rest of `/v1/auth/`: per address, 5-minute window. */
  auth: { pathPrefix: '/v1/auth/', limit: 100, windowSeconds: 300 },
  /** Everything the distribution serves (app, API, files): per address, 5-minute window. */
  all: { limit: 3000, windowSeconds: 300 },
} as const;

/** AWS managed rule groups on every request (the Common and KnownBadInputs ones not on `/_files/` uploads and downloads). */
export const MANAGED_RULE_GROUPS = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'] as const;

/** The SSM parameter (in us-east-1) that hands the web ACL's ARN to the web stack. */
export function webAclParameterName(stage: string): string {
  return `/${stageNames(stage).stack('edge')}/web-acl-arn`;
}

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

const notUnder = (prefix: string): CfnWebACL.StatementProperty => ({
  notStatement: {
    statement: {
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'STARTS_WITH',
        searchString: prefix,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    },
  },
});

function managedGroup(name: (typeof MANAGED_RULE_GROUPS)[number], priority: number): CfnWebACL.RuleProperty {
  const signedFiles = name !== 'AWSManagedRulesAmazonIpReputationList';
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        // Uploads are files (CSV, JSON, ZIP) under a presigned signature: body rules would read
        // their content as attacks, and the 8 KB body rule would refuse every import.
        ...(signedFiles ? { scopeDownStatement: notUnder(`${FILES_PATH}/`) } : {}),
        // Some API bodies are larger than 8 KB by design (inline imports, about 1.4 MB): each
        // function enforces its route's bodyBytes with 413, so the group's 8 KB rule only counts.
        ...(name === 'AWSManagedRulesCommonRuleSet' ? { ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }] } : {}),
      },
    },
    visibilityConfig: visibility(name),
  };
}

function rateRule(name: string, priority: number, limit: number, windowSeconds: number, pathPrefix?: string): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    action: { block: { customResponse: { responseCode: 429 } } },
    statement: {
      rateBasedStatement: {
        aggregateKeyType: 'IP',
        limit,
        evaluationWindowSec: windowSeconds,
        ...(pathPrefix
          ? {
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: pathPrefix,
                  textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
                },
              },
            }
          : {}),
      },
    },
    visibilityConfig: visibility(name),
  };
}

export interface EdgeStackProps extends StackProps {
  stage: StageSettings;
}

/**
 * The stage's WAF web ACL for its CloudFront distribution (app, API and files all pass through
 * it). A CLOUDFRONT-scoped web ACL must be created in us-east-1, so this small stack is pinned
 * there (account: that of the credentials in use, like the other stacks); its ARN reaches the web
 * stack, in any region, through an SSM parameter in us-east-1 that the web stack reads at deploy
 * time (web-stack.ts). Both synthesize offline. Non-ephemeral stages only (mosaic-app.ts).
 */
export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { ...props, env: { ...props.env, region: CLOUDFRONT_WAF_REGION } });
    const n = stageNames(props.stage.name);
    const { auth, all } = WAF_RATE_LIMITS;
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: n.stack('web'),
      description: `Mosaic ${props.stage.name}: managed rule groups and per-address rate limits in front of the app, API and files`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(n.stack('web')),
      rules: [
        managedGroup('AWSManagedRulesAmazonIpReputationList', 0),
        rateRule('auth-per-address', 1, auth.limit, auth.windowSeconds, auth.pathPrefix),
        rateRule('all-per-address', 2, all.limit, all.windowSeconds),
        managedGroup('AWSManagedRulesCommonRuleSet', 3),
        managedGroup('AWSManagedRulesKnownBadInputsRuleSet', 4),
      ],
    });
    new StringParameter(this, 'WebAclArn', {
      parameterName: webAclParameterName(props.stage.name),
      stringValue: this.webAcl.attrArn,
      description: `Mosaic ${props.stage.name}: ARN of the CloudFront web ACL (read by the web stack)`,
    });
  }
}
