import { describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { buildStage, statementsOfRole, asList } from './support/build.ts';

const built = buildStage('dev');
const camera = built.templates.find((t) => t.path === 'mosaic-dev-camera')!;
const resources = camera.template.toJSON().Resources as Record<string, any>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

describe('the camera stack', () => {
  it('defines the worker image (built from the repo\'s Dockerfile) as a Fargate task with logs, Kinesis Video input and no secret in its environment, run by one service at desired 0 behind the target group', () => {
    const [[, task]] = ofType('AWS::ECS::TaskDefinition') as [[string, any]];
    expect(task.Properties.RequiresCompatibilities).toEqual(['FARGATE']);
    expect(task.Properties.Family).toBe('mosaic-dev-camera-worker');
    expect(task.Properties.TaskRoleArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^TaskRole/), 'Arn'] });
    expect(task.Properties.ExecutionRoleArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ExecutionRole/), 'Arn'] });
    const [container] = task.Properties.ContainerDefinitions;
    expect(container.LogConfiguration.LogDriver).toBe('awslogs');
    const env = Object.fromEntries(container.Environment.map((e: any) => [e.Name, e.Value]));
    expect(env.CAMERA_INPUT).toBe('kvs');
    expect(env.ORIGIN_VERIFY).toBeUndefined();
    expect(env.CAMERA_STREAM_URL).toBeUndefined();
    expect(env.CAMERA_PROBE_SECONDS).toBe('0');
    expect(env.CAMERA_TARGET_GROUP_ARN).toBeUndefined();
    expect(JSON.parse(env.CAMERA_SERVICE)).toEqual({ cluster: 'mosaic-dev-camera', service: 'mosaic-dev-camera-worker' });
    expect(JSON.stringify(container.Environment)).not.toMatch(/resolve:secretsmanager/);
    expect(container.PortMappings[0].ContainerPort).toBe(8080);
    const [[clusterId, cluster]] = ofType('AWS::ECS::Cluster') as [[string, any]];
    expect(cluster.Properties.ClusterName).toBe('mosaic-dev-camera');
    // The load balancer checks its targets often, so a new task serves soon.
    const [[groupId, group]] = ofType('AWS::ElasticLoadBalancingV2::TargetGroup') as [[string, any]];
    expect(group.Properties).toMatchObject({ TargetType: 'ip', Port: 8080, HealthCheckPath: '/healthz', HealthCheckIntervalSeconds: 5, HealthyThresholdCount: 2 });
    expect(group.Properties.Targets).toBeUndefined();

    // One Fargate service of that task definition, scaled to zero at deploy, whose tasks ECS puts in (and takes out of) the target group.
    const services = ofType('AWS::ECS::Service') as Array<[string, any]>;
    expect(services).toHaveLength(1);
    const [[, service]] = services as [[string, any]];
    const taskId = ofType('AWS::ECS::TaskDefinition')[0]![0];
    expect(service.Properties).toMatchObject({
      ServiceName: 'mosaic-dev-camera-worker',
      Cluster: { Ref: clusterId },
      TaskDefinition: { Ref: taskId },
      LaunchType: 'FARGATE',
      DesiredCount: 0,
      DeploymentConfiguration: { MinimumHealthyPercent: 0, MaximumPercent: 200, DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
      LoadBalancers: [{ TargetGroupArn: { Ref: groupId }, ContainerName: 'Worker', ContainerPort: 8080 }],
    });
    const network = service.Properties.NetworkConfiguration.AwsvpcConfiguration;
    expect(network.AssignPublicIp).toBe('ENABLED');
    expect(JSON.stringify(network.SecurityGroups)).toContain('TaskSecurity');
  });

  it('tells the ticket route which service to scale (SSM, resolved at deploy) and lets it and the worker set that service\'s count only; nothing runs or passes roles', () => {
    const named = ofType('AWS::SSM::Parameter').find(([, p]) => p.Properties.Name === '/mosaic/dev/camera/service')![1];
    expect(JSON.parse(named.Properties.Value)).toEqual({ cluster: 'mosaic-dev-camera', service: 'mosaic-dev-camera-worker' });
    const ticket = built.resources('AWS::Lambda::Function').find(({ resource }) => resource.Properties.FunctionName === built.names.function('create-camera-ticket'))!;
    expect(ticket.resource.Properties.Environment.Variables.CAMERA_TASKS).toBe('{{resolve:ssm:/mosaic/dev/camera/service}}');

    const serviceArn = (resource: unknown) => JSON.stringify(resource).replace(/\{"Ref":"AWS::(Partition|Region|AccountId)"\}/g, '<$1>');
    const scaling = built.resources('AWS::IAM::Policy').filter(({ resource }) => /"ecs:[A-Za-z]+"/.test(JSON.stringify(resource.Properties.PolicyDocument)));
    // The ticket route's function role and the worker's task role, nothing else.
    expect(scaling).toHaveLength(2);
    for (const { resource } of scaling) {
      const ecs = (resource.Properties.PolicyDocument.Statement as any[]).filter((s) => asList(s.Action).some((a: string) => a.startsWith('ecs:')));
      expect(ecs).toHaveLength(1);
      expect(asList(ecs[0].Action).sort()).toEqual(['ecs:DescribeServices', 'ecs:UpdateService']);
      expect(serviceArn(ecs[0].Resource)).toBe('{"Fn::Join":["",["arn:",<Partition>,":ecs:",<Region>,":",<AccountId>,":service/mosaic-dev-camera/mosaic-dev-camera-worker"]]}');
    }
    const all = JSON.stringify(built.resources('AWS::IAM::Policy').map(({ resource }) => resource.Properties.PolicyDocument));
    expect(all).not.toMatch(/"ecs:(RunTask|StartTask|StopTask|CreateService|DeleteService)"/);
    expect(all).not.toContain('"iam:PassRole"');
  });

  it('puts it behind an internet-facing load balancer that serves HTTPS, redirects HTTP and forwards /camera/* only', () => {
    const [[, lb]] = ofType('AWS::ElasticLoadBalancingV2::LoadBalancer') as [[string, any]];
    expect(lb.Properties.Scheme).toBe('internet-facing');
    const attributes = Object.fromEntries(lb.Properties.LoadBalancerAttributes.map((a: any) => [a.Key, a.Value]));
    expect(attributes['access_logs.s3.enabled']).toBe('true');
    expect(attributes['routing.http.drop_invalid_header_fields.enabled']).toBe('true');
    const listeners = ofType('AWS::ElasticLoadBalancingV2::Listener').map(([, l]) => l.Properties);
    const https = listeners.find((l) => l.Protocol === 'HTTPS')!;
    expect(https.Port).toBe(443);
    expect(https.Certificates[0].CertificateArn).toEqual({ Ref: 'CameraCertificateArn' });
    expect(https.DefaultActions[0].Type).toBe('fixed-response');
    expect(listeners.find((l) => l.Protocol === 'HTTP')!.DefaultActions[0].RedirectConfig).toMatchObject({ Protocol: 'HTTPS', StatusCode: 'HTTP_301' });
    const [[, rule]] = ofType('AWS::ElasticLoadBalancingV2::ListenerRule') as [[string, any]];
    expect(rule.Properties.Conditions[0]).toMatchObject({ Field: 'path-pattern', PathPatternConfig: { Values: ['/camera/*'] } });
    // The tasks admit the load balancer alone.
    const ingress = ofType('AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties);
    expect(ingress.find((r) => r.FromPort === 8080)?.SourceSecurityGroupId).toBeDefined();
    expect(ingress.some((r) => r.FromPort === 8080 && r.CidrIp)).toBe(false);
  });

  it('gives the worker least privilege: its table calls, Decrypt, the signing key, the admin-group read, HLS of the stage\'s camera streams, its metric namespace, its service\'s count; no load balancer call', () => {
    const roleId = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::IAM::Role' && id.startsWith('TaskRole'))![0];
    const statements = statementsOfRole(camera, roleId);
    const actions = statements.flatMap((s) => asList(s.Action)).sort();
    expect(actions).toEqual(
      [
        'cloudwatch:PutMetricData',
        'cognito-idp:AdminListGroupsForUser',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'ecs:DescribeServices',
        'ecs:UpdateService',
        'kinesisvideo:GetDataEndpoint',
        'kinesisvideo:GetHLSStreamingSessionURL',
        'kms:Decrypt',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
      ].sort(),
    );
    const kvs = statements.find((s) => asList(s.Action).includes('kinesisvideo:GetHLSStreamingSessionURL'));
    expect(JSON.stringify(kvs.Resource)).toContain(':stream/mosaic-dev-camera-*/*');
    const del = statements.find((s) => asList(s.Action).includes('dynamodb:DeleteItem'));
    expect(asList(del.Action).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:UpdateItem']);
    expect(del.Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['CAMERA'] } });
    // ECS registers and deregisters the tasks: the task itself may not touch the load balancer.
    expect(JSON.stringify(statements)).not.toContain('elasticloadbalancing:');
    const metric = statements.find((s) => asList(s.Action).includes('cloudwatch:PutMetricData'));
    expect(metric.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'Mosaic/Camera' } });
  });

  it('ships the edge producer\'s policy: PutMedia on the stream of the camera in the principal\'s tag only', () => {
    const [[, policy]] = ofType('AWS::IAM::ManagedPolicy') as [[string, any]];
    const [statement] = policy.Properties.PolicyDocument.Statement;
    expect(asList(statement.Action).sort()).toEqual(['kinesisvideo:DescribeStream', 'kinesisvideo:GetDataEndpoint', 'kinesisvideo:PutMedia']);
    expect(JSON.stringify(statement.Resource)).toContain(':stream/mosaic-dev-camera-${aws:PrincipalTag/cameraId}/*');
  });

  it('lets only the camera routes that create and delete cameras manage Kinesis Video streams, by the stage\'s prefix', () => {
    const managing = built.resources('AWS::IAM::Policy').filter(({ resource }) =>
      JSON.stringify(resource.Properties.PolicyDocument).includes('kinesisvideo:CreateStream'),
    );
    expect(managing).toHaveLength(2);
    for (const { resource } of managing) {
      const [statement] = resource.Properties.PolicyDocument.Statement.filter((s: any) => asList(s.Action).includes('kinesisvideo:CreateStream'));
      expect(asList(statement.Action).sort()).toEqual(['kinesisvideo:CreateStream', 'kinesisvideo:DeleteStream', 'kinesisvideo:DescribeStream', 'kinesisvideo:TagStream']);
      expect(JSON.stringify(statement.Resource)).toContain(':stream/mosaic-dev-camera-*/*');
    }
  });

  it('alarms when a watched camera produced no frame for 5 minutes; no data (no task: nobody watches) is not breaching', () => {
    const ops = built.templates.find((t) => t.path === 'mosaic-dev-ops')!;
    Template.fromJSON(ops.template.toJSON()).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Mosaic/Camera',
      MetricName: 'CamerasWithoutFrames',
      Dimensions: [{ Name: 'Stage', Value: 'dev' }],
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    });
  });

  it('hands the ticket route the stream address through SSM, resolved at deploy time', () => {
    const parameter = ofType('AWS::SSM::Parameter').find(([, p]) => p.Properties.Name === '/mosaic/dev/camera/stream-url')![1];
    expect(parameter.Properties.Value).toEqual({ 'Fn::Join': ['', ['https://', { Ref: 'CameraDomainName' }]] });
    const ticket = built.resources('AWS::Lambda::Function').find(({ resource }) => resource.Properties.FunctionName === built.names.function('create-camera-ticket'))!;
    expect(ticket.resource.Properties.Environment.Variables.CAMERA_STREAM_URL).toBe('{{resolve:ssm:/mosaic/dev/camera/stream-url}}');
  });
});
