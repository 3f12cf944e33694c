import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec } from './function-catalog.ts';
import { accessEnvironment } from './function-environment.ts';
import { bucketGrantSuppressions, grantAccess, monitoringSuppressions, videoStreamSuppressions, type StageResources } from './grants.ts';
import { suppress, suppressAfterResolution, wildcardFindings, type Suppression } from './nag-suppressions.ts';
import type { StageSettings } from './stage.ts';
import type { StageNames } from './stage-names.ts';

export interface MosaicFunctionProps {
  spec: FunctionSpec;
  /** Folder holding the function's bundle (`index.mjs`). */
  codeDir: string;
  stage: StageSettings;
  names: StageNames;
  /** The variables every function gets (shared/config.ts). */
  environment: Record<string, string>;
  resources: StageResources;
}

/** Lambda lets a description be 256 characters long. */
const DESCRIPTION_MAX = 256;

/**
 * One function of the route table: Node 22 on arm64, its own log group (retention by stage), its
 * own role holding exactly the grants its `resources` declare, plus writing to its log group.
 */
export class MosaicFunction extends Construct {
  readonly function: LambdaFunction;
  readonly functionName: string;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: MosaicFunctionProps) {
    super(scope, id);
    const { spec, stage, names } = props;
    this.functionName = names.function(spec.name);

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: names.functionLogGroup(this.functionName),
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });

    // No AWSLambdaBasicExecutionRole: the role may write to this function's log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Mosaic ${stage.name} ${spec.kind} function ${spec.name}`,
    });
    this.logGroup.grantWrite(this.role);
    grantAccess(this.role, spec.resources, props.resources);

    this.function = new LambdaFunction(this, 'Function', {
      functionName: this.functionName,
      description: spec.description.slice(0, DESCRIPTION_MAX),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      code: Code.fromAsset(props.codeDir),
      handler: 'index.handler',
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        ...props.environment,
        ...accessEnvironment(spec.resources, props.resources),
        POWERTOOLS_SERVICE_NAME: spec.name,
        POWERTOOLS_METRICS_NAMESPACE: 'Mosaic',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    suppress(this.function, [{ id: 'AwsSolutions-L1', reason: 'lambdaRuntimeNode22' }]);

    const policy = this.role.node.tryFindChild('DefaultPolicy');
    if (policy && (spec.resources.buckets || spec.resources.videoStreams || spec.resources.monitoring))
      suppressAfterResolution(policy, () => [
        ...bucketGrantSuppressions(policy, spec.resources, props.resources),
        ...videoStreamSuppressions(policy, spec.resources, props.resources),
        ...monitoringSuppressions(policy, spec.resources),
      ]);
    if (policy && spec.resources.telemetry)
      suppressAfterResolution(policy, () =>
        wildcardFindings(policy).flatMap((finding): Suppression[] => {
          const id = finding.startsWith('AwsSolutions-IAM5[') ? finding : `AwsSolutions-IAM5[${finding}]`;
          if (id === 'AwsSolutions-IAM5[Resource::*]') return [{ id, reason: 'metricsReadAnyResource' }];
          if (/:log-group:(\/aws\/lambda\/[\w-]+)?\*\]$/.test(id)) return [{ id, reason: 'functionLogGroups' }];
          return [];
        }),
      );
  }
}
