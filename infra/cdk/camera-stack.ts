import { Aws, CfnOutput, CfnParameter, Duration, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { CameraService } from '../../shared/camera/camera-tasks.ts';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FlowLogDestination, FlowLogTrafficType, Peer, Port, SecurityGroup, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { AwsLogDriver, Cluster, ContainerImage, ContainerInsights, CpuArchitecture, FargateService, FargateTaskDefinition, OperatingSystemFamily } from 'aws-cdk-lib/aws-ecs';
import {
  ApplicationLoadBalancer,
  ApplicationProtocol,
  ListenerAction,
  ListenerCondition,
  SslPolicy,
  ApplicationTargetGroup,
  TargetType,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Effect, ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { IgnoreMode } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CAMERA_LIMITS } from '../../shared/camera/limits.ts';
import { videoStreamPrefix } from '../../shared/camera/video-streams.ts';
import { CAMERA_METRICS } from '../../shared/camera/worker/frame-metrics.ts';
import { functionEnvironment } from './function-environment.ts';
import type { StageResources } from './grants.ts';
import { CAMERA_SERVICE_SCALE_ACTIONS, cameraServiceArn, videoStreamArns } from './grants.ts';
import { nagString, suppress, suppressAfterResolution, wildcardFindings, type Suppression } from './nag-suppressions.ts';
import { logBucket } from './secure-bucket.ts';
import type { StageSettings } from './stage.ts';
import { stageNames } from './stage-names.ts';

/** The port the worker listens on in its container. */
const WORKER_PORT = 8080;

/** The SSM parameter holding the stage's stream address (the ticket route reads it at deploy time). */
export const cameraStreamUrlParameter = (stage: string) => `/mosaic/${stage}/camera/stream-url`;

export interface CameraStackProps extends StackProps {
  stage: StageSettings;
  resources: StageResources;
  corsOrigins: string;
  /** The project root: the worker image's build context (narrowed by excludes). */
  root: string;
  /** The stream domain and its ACM certificate; deploy-time parameters when not given as context. */
  domain?: string;
  certificateArn?: string;
}

/**
 * The camera's cloud path (NightMotion), in a stack of its own: the camera worker as an ECS Fargate
 * service (the image built from infra/camera-worker/Dockerfile at deploy; synth stays offline)
 * behind an internet-facing Application Load Balancer with HTTPS (API Gateway cannot hold a long
 * streaming response), which forwards only `/camera/*`. The worker reads each camera's Kinesis
 * Video stream (created and deleted by the camera routes) through GetHLSStreamingSessionURL.
 * Also: the managed policy an edge producer uses (PutMedia on its own camera's stream only, by
 * the `cameraId` tag of its principal), and the stream address for the ticket route (SSM).
 */
export class CameraStack extends Stack {
  readonly loadBalancer: ApplicationLoadBalancer;
  /** `https://<camera domain>`: where browsers open streams (the web app's CSP allows it as an image source). */
  readonly streamOrigin: string;
  readonly task: FargateTaskDefinition;
  readonly taskRole: Role;
  readonly producerPolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: CameraStackProps) {
    super(scope, id, props);
    const { stage, resources } = props;
    const n = stageNames(stage.name);
    const domain =
      props.domain ??
      new CfnParameter(this, 'CameraDomainName', { type: 'String', description: 'DNS name of the camera load balancer (a CNAME/alias to it), e.g. camera.example.com', minLength: 3 }).valueAsString;
    const certificateArn =
      props.certificateArn ??
      new CfnParameter(this, 'CameraCertificateArn', { type: 'String', description: 'ACM certificate for the camera domain, in this region', allowedPattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]+$' })
        .valueAsString;
    this.streamOrigin = `https://${domain}`;

    const accessLogs = logBucket(this, 'AccessLogs', { stage });
    const vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      // Public subnets only: tasks reach AWS APIs and Kinesis Video over the internet gateway (no NAT to pay for);
      // their security group admits the load balancer alone.
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 }],
      flowLogs: {
        all: {
          trafficType: FlowLogTrafficType.REJECT,
          destination: FlowLogDestination.toCloudWatchLogs(
            new LogGroup(this, 'FlowLogs', { retention: stage.logRetention, removalPolicy: stage.removalPolicy }),
          ),
        },
      },
    });

    // One service, scaled to zero: the ticket route sets its desired count to the number of watched
    // cameras; each task protects itself from scale-in while it serves (shared/camera/worker/task-mode.ts).
    const cluster = new Cluster(this, 'Cluster', { vpc, clusterName: n.camera.cluster, containerInsightsV2: ContainerInsights.ENABLED });
    const logGroup = new LogGroup(this, 'WorkerLogs', { logGroupName: `/mosaic/${stage.name}/camera-worker`, retention: stage.logRetention, removalPolicy: stage.removalPolicy });

    // Fixed role names (stage-names.ts), as before: known to operators and tests without a stack reference.
    this.taskRole = new Role(this, 'TaskRole', { roleName: n.camera.taskRole, assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com'), description: `Mosaic ${stage.name} camera worker` });
    const executionRole = new Role(this, 'ExecutionRole', {
      roleName: n.camera.executionRole,
      assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `Mosaic ${stage.name} camera worker: pulls its image, writes its logs`,
    });
    const table = resources.table;
    this.taskRole.addToPrincipalPolicy(
      // Cameras, health, thumbnails, spent tickets: single-item reads and writes of the table.
      new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], resources: [table.tableArn] }),
    );
    this.taskRole.addToPrincipalPolicy(
      // A task takes a camera, beats and removes its own task record, which lives in the cameras' partition.
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['CAMERA'] } },
      }),
    );
    const service: CameraService = { cluster: n.camera.cluster, service: n.camera.service };
    this.taskRole.addToPrincipalPolicy(
      // Tasks re-assert the service's desired count (heartbeat, idle stop): that service only.
      new PolicyStatement({ actions: CAMERA_SERVICE_SCALE_ACTIONS, resources: [cameraServiceArn(service.cluster, service.service)] }),
    );
    this.taskRole.addToPrincipalPolicy(new PolicyStatement({ actions: ['kms:Decrypt'], resources: [(resources.secretsKey).keyArn] }));
    (resources.appSecrets['signing-key']).grantRead(this.taskRole);
    this.taskRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['cognito-idp:AdminListGroupsForUser'], resources: [(resources.userPool).userPoolArn] }),
    );
    this.taskRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['kinesisvideo:GetDataEndpoint', 'kinesisvideo:GetHLSStreamingSessionURL'], resources: [videoStreamArns(resources.videoStreamPrefix)] }),
    );
    this.taskRole.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': CAMERA_METRICS.namespace } },
      }),
    );

    // One camera per task: one ffmpeg (capped to 1920 px at 30 fps at most) and its viewers.
    const task = new FargateTaskDefinition(this, 'Task', {
      family: n.camera.taskFamily,
      cpu: 1024,
      memoryLimitMiB: 2048,
      taskRole: this.taskRole,
      executionRole,
      runtimePlatform: { cpuArchitecture: CpuArchitecture.ARM64, operatingSystemFamily: OperatingSystemFamily.LINUX },
    });
    const environment = functionEnvironment(stage, resources, props.corsOrigins);
    // Not the origin secret (the worker is not behind CloudFront), nor the stream address (this
    // stack writes the parameter it would resolve, which does not exist yet when it resolves).
    const { ORIGIN_VERIFY: _notForTheWorker, CAMERA_STREAM_URL: _ownParameter, ...workerEnvironment } = environment;
    task.addContainer('Worker', {
      image: ContainerImage.fromAsset(props.root, {
        file: 'infra/camera-worker/Dockerfile',
        platform: Platform.LINUX_ARM64,
        // The build context is the project root narrowed to what the image copies.
        ignoreMode: IgnoreMode.DOCKER,
        exclude: ['**', '!package.json', '!package-lock.json', '!bin/camera-worker.ts', '!shared/**', '**/*.test.ts', '!infra/camera-worker/Dockerfile'],
      }),
      logging: new AwsLogDriver({ streamPrefix: 'worker', logGroup }),
      environment: {
        ...workerEnvironment,
        SECRETS_KEY_ID: (resources.secretsKey).keyArn,
        CAMERA_INPUT: 'kvs',
        AWS_REGION: Aws.REGION,
        CAMERA_WORKER_PORT: String(WORKER_PORT),
        // A task serves the one camera it took: nothing idle to probe.
        CAMERA_PROBE_SECONDS: '0',
        // The service this task belongs to (its desired count is re-asserted by each task).
        CAMERA_SERVICE: JSON.stringify(service),
      },
      portMappings: [{ containerPort: WORKER_PORT }],
      readonlyRootFilesystem: true,
    });

    const lbSecurity = new SecurityGroup(this, 'LoadBalancerSecurity', { vpc, description: 'Camera load balancer: HTTPS from anywhere', allowAllOutbound: false });
    lbSecurity.addIngressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS viewers');
    lbSecurity.addIngressRule(Peer.anyIpv4(), Port.tcp(80), 'HTTP, redirected to HTTPS');
    const taskSecurity = new SecurityGroup(this, 'TaskSecurity', { vpc, description: 'Camera worker tasks: from the load balancer, and each other (relayed streams)' });
    taskSecurity.addIngressRule(lbSecurity, Port.tcp(WORKER_PORT), 'The load balancer');
    // The load balancer may hand a camera's stream request to another camera's task, which relays it.
    taskSecurity.addIngressRule(taskSecurity, Port.tcp(WORKER_PORT), 'Other camera tasks (relay)');
    lbSecurity.addEgressRule(taskSecurity, Port.tcp(WORKER_PORT), 'To the camera worker');

    this.loadBalancer = new ApplicationLoadBalancer(this, 'LoadBalancer', { vpc, internetFacing: true, securityGroup: lbSecurity, dropInvalidHeaderFields: true });
    // A stream sends a frame at least every second; an idle minute means the viewer is gone.
    this.loadBalancer.setAttribute('idle_timeout.timeout_seconds', '60');
    // Access logs without logAccessLogs(), which needs the region at synth (its ELB account): the
    // log delivery service principal writes them (docs/camera.md names the regions that need more).
    this.loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
    this.loadBalancer.setAttribute('access_logs.s3.bucket', accessLogs.bucketName);
    this.loadBalancer.setAttribute('access_logs.s3.prefix', 'camera-alb');
    accessLogs.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [accessLogs.arnForObjects(`camera-alb/AWSLogs/${Aws.ACCOUNT_ID}/*`)],
      }),
    );
    // The load balancer checks that it may write when logging is turned on: the policy first.
    this.loadBalancer.node.addDependency(accessLogs.policy!);
    const targets = new ApplicationTargetGroup(this, 'Workers', {
      vpc,
      port: WORKER_PORT,
      protocol: ApplicationProtocol.HTTP,
      targetType: TargetType.IP,
      // ECS registers each task of the service on start and removes it when it stops.
      healthCheck: { path: '/healthz', interval: Duration.seconds(5), timeout: Duration.seconds(4), healthyThresholdCount: 2 },
      deregistrationDelay: Duration.seconds(10),
    });
    const https = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: ApplicationProtocol.HTTPS,
      sslPolicy: SslPolicy.RECOMMENDED_TLS,
      certificates: [{ certificateArn }],
      defaultAction: ListenerAction.fixedResponse(404, { contentType: 'application/json', messageBody: '{"error":{"code":"not_found","message":"Not found."}}' }),
    });
    https.addAction('Streams', { priority: 10, conditions: [ListenerCondition.pathPatterns(['/camera/*'])], action: ListenerAction.forward([targets]) });
    const http = this.loadBalancer.addListener('Http', { port: 80, protocol: ApplicationProtocol.HTTP, defaultAction: ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }) });
    // The stage tags stay off listeners and their rules: the CloudFormation schema cfn-lint checks has no Tags on them.
    for (const untagged of [https, http]) for (const key of ['app', 'stage']) Tags.of(untagged).remove(key, { priority: 1000 });

    // Desired 0 at deploy: nothing runs until someone watches. A deploy that resets a raised count
    // stops no serving task (they are scale-in protected) and the next heartbeat re-asserts it.
    const workers = new FargateService(this, 'Service', {
      cluster,
      serviceName: service.service,
      taskDefinition: task,
      desiredCount: 0,
      // A new revision may replace every task at once (there is nothing to keep up while nobody
      // watches); protected tasks are replaced only once their viewers left.
      minHealthyPercent: 0,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
      assignPublicIp: true,
      securityGroups: [taskSecurity],
      healthCheckGracePeriod: Duration.seconds(30),
    });
    targets.addTarget(workers);
    new StringParameter(this, 'ServiceParameter', {
      parameterName: n.camera.serviceParameter,
      stringValue: JSON.stringify(service),
      description: 'The camera worker service whose desired count the ticket route sets',
    });

    new StringParameter(this, 'StreamUrl', {
      parameterName: cameraStreamUrlParameter(stage.name),
      stringValue: this.streamOrigin,
      description: 'Where the camera worker serves streams (stream tickets name it)',
    });

    // The edge producer's grant: PutMedia (and the calls kvssink makes first) on the one stream of
    // the camera named by the principal's `cameraId` tag. Attach to an IAM user or role per camera.
    const ownStream = `arn:${Aws.PARTITION}:kinesisvideo:${Aws.REGION}:${Aws.ACCOUNT_ID}:stream/${videoStreamPrefix(stage.name)}\${aws:PrincipalTag/cameraId}/*`;
    this.producerPolicy = new ManagedPolicy(this, 'ProducerPolicy', {
      managedPolicyName: `${n.stack('camera')}-producer`,
      description: 'Edge producer of one camera: PutMedia on the Kinesis Video stream of the camera in its cameraId tag',
      statements: [
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['kinesisvideo:PutMedia', 'kinesisvideo:GetDataEndpoint', 'kinesisvideo:DescribeStream'],
          resources: [ownStream],
        }),
      ],
    });

    new CfnOutput(this, 'LoadBalancerDns', { value: this.loadBalancer.loadBalancerDnsName, description: 'Point the camera domain (CNAME/alias) here' });
    new CfnOutput(this, 'ProducerPolicyArn', { value: this.producerPolicy.managedPolicyArn, description: 'Attach to each edge producer\'s principal (tagged cameraId=<id>)' });

    this.task = task;
    this.acknowledge(task, lbSecurity, ownStream, resources);
  }

  private acknowledge(task: FargateTaskDefinition, lbSecurity: SecurityGroup, ownStream: string, resources: StageResources) {
    suppress(lbSecurity, [{ id: 'AwsSolutions-EC23', reason: 'cameraLoadBalancerPublic' }]);
    suppress(this.node.findChild('AccessLogs'), [{ id: 'AwsSolutions-S1', reason: 'cameraAccessLogBucket' }]);
    suppress(task, [{ id: 'AwsSolutions-ECS2', reason: 'cameraWorkerEnvironment' }]);
    const policy = this.taskRole.node.tryFindChild('DefaultPolicy')!;
    suppressAfterResolution(policy, () =>
      wildcardFindings(policy).map((finding): Suppression => {
        if (finding === `Resource::${nagString(policy, videoStreamArns(resources.videoStreamPrefix))}`) return { id: `AwsSolutions-IAM5[${finding}]`, reason: 'cameraStreamsByPrefix' };
        if (finding === 'Resource::*') return { id: `AwsSolutions-IAM5[${finding}]`, reason: 'cameraMetricNamespace' };
        throw new Error(`Unexpected wildcard on the camera worker's role: ${finding}`);
      }),
    );
    suppressAfterResolution(this.producerPolicy, () =>
      wildcardFindings(this.producerPolicy).map((finding): Suppression => {
        if (finding === `Resource::${nagString(this.producerPolicy, ownStream)}`) return { id: `AwsSolutions-IAM5[${finding}]`, reason: 'cameraProducerOwnStream' };
        throw new Error(`Unexpected wildcard on the producer policy: ${finding}`);
      }),
    );
    const execution = task.executionRole?.node.tryFindChild('DefaultPolicy');
    if (execution)
      suppressAfterResolution(execution, () =>
        wildcardFindings(execution).map((finding): Suppression => {
          if (finding === 'Resource::*') return { id: `AwsSolutions-IAM5[${finding}]`, reason: 'ecrAuthorizationToken' };
          throw new Error(`Unexpected wildcard on the camera task's execution role: ${finding}`);
        }),
      );
  }
}

/**
 * The alarm of a watched camera without a frame for CAMERA_LIMITS.staleFrameSeconds (the ops
 * stack's topic). Scaled to zero, a camera nobody watches has no task and so no frames, which is
 * no outage: only cameras people keep asking for count, and no data (no task) is not breaching.
 */
export function cameraFrameAlarm(scope: Construct, stage: string, topic: ITopic): Alarm {
  const alarm = new Alarm(scope, 'CameraWithoutFrames', {
    alarmName: `mosaic-${stage}-camera-without-frames`,
    alarmDescription: `A camera admins kept asking to watch for ${CAMERA_LIMITS.staleFrameSeconds / 60} minutes produced no frame in that time. See docs/camera.md.`,
    metric: new Metric({ namespace: CAMERA_METRICS.namespace, metricName: CAMERA_METRICS.stale, dimensionsMap: { Stage: stage }, statistic: 'Maximum', period: Duration.minutes(1) }),
    threshold: 0,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    // Tasks publish while they run (one per watched camera); none run while nobody watches.
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  alarm.addOkAction(new SnsAction(topic));
  return alarm;
}
