import { describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { buildStage, statementsOfRole, asList } from './support/build.ts';

const built = buildStage('dev');
const camera = built.templates.find((t) => t.path === 'mosaic-dev-camera')!;
const resources = camera.template.toJSON().Resources as Record<string, any>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

describe('the camera stack', () => {
  it('defines the worker image (built from the repo\'s Dockerfile) as a Fargate task with logs, Kinesis Video input and no secret in its environment, and runs nothing at rest', () => {
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
    expect(env.CAMERA_TARGET_GROUP_ARN).toEqual({ Ref: expect.stringMatching(/^Workers/) });
    expect(JSON.stringify(container.Environment)).not.toMatch(/resolve:secretsmanager/);
    expect(container.PortMappings[0].ContainerPort).toBe(8080);
    // Scaled to zero: no service keeps a task running; the ticket route starts one per watched camera.
    expect(ofType('AWS::ECS::Service')).toHaveLength(0);
    const [[, cluster]] = ofType('AWS::ECS::Cluster') as [[string, any]];
    expect(cluster.Properties.ClusterName).toBe('mosaic-dev-camera');
    // Each task registers itself in the target group; the load balancer checks it often, so a new task serves soon.
    const [[, group]] = ofType('AWS::ElasticLoadBalancingV2::TargetGroup') as [[string, any]];
    expect(group.Properties).toMatchObject({ TargetType: 'ip', Port: 8080, HealthCheckPath: '/healthz', HealthCheckIntervalSeconds: 5, HealthyThresholdCount: 2 });
    expect(group.Properties.Targets).toBeUndefined();
  });

  it('tells the ticket route how to launch a task (SSM, resolved at deploy) and lets it run only the worker\'s family in its cluster, passing only the worker\'s two roles', () => {
    const launch = ofType('AWS::SSM::Parameter').find(([, p]) => p.Properties.Name === '/mosaic/dev/camera/task-launch')![1];
    const json = JSON.stringify(launch.Properties.Value);
    for (const part of ['cluster', 'taskDefinition', 'mosaic-dev-camera-worker', 'subnets', 'securityGroups', 'TaskSecurity', 'container', 'Worker']) expect(json).toContain(part);
    const roles = ofType('AWS::IAM::Role').map(([, r]) => r.Properties.RoleName);
    expect(roles).toEqual(expect.arrayContaining(['mosaic-dev-camera-task', 'mosaic-dev-camera-task-exec']));

    const ticket = built.resources('AWS::Lambda::Function').find(({ resource }) => resource.Properties.FunctionName === built.names.function('create-camera-ticket'))!;
    expect(ticket.resource.Properties.Environment.Variables.CAMERA_TASKS).toBe('{{resolve:ssm:/mosaic/dev/camera/task-launch}}');
    const starting = built.resources('AWS::IAM::Policy').filter(({ resource }) => JSON.stringify(resource.Properties.PolicyDocument).includes('ecs:RunTask'));
    expect(starting).toHaveLength(1);
    const statements = starting[0]!.resource.Properties.PolicyDocument.Statement as any[];
    const run = statements.find((s) => asList(s.Action).includes('ecs:RunTask'));
    expect(asList(run.Action)).toEqual(['ecs:RunTask']);
    expect(JSON.stringify(run.Resource)).toContain(':task-definition/mosaic-dev-camera-worker:*');
    expect(JSON.stringify(run.Condition.ArnEquals['ecs:cluster'])).toContain(':cluster/mosaic-dev-camera');
    const pass = statements.find((s) => asList(s.Action).includes('iam:PassRole'));
    expect(asList(pass.Action)).toEqual(['iam:PassRole']);
    const passed = asList(pass.Resource).map((r) => JSON.stringify(r));
    expect(passed).toHaveLength(2);
    expect(passed.join()).toContain(':role/mosaic-dev-camera-task');
    expect(passed.join()).toContain(':role/mosaic-dev-camera-task-exec');
    expect(pass.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
    // Nothing else may start, stop or change ECS tasks or services.
    const ecsWriters = built.resources('AWS::IAM::Policy').filter(({ resource }) => /"ecs:(RunTask|StartTask|StopTask|UpdateService|CreateService)"/.test(JSON.stringify(resource.Properties.PolicyDocument)));
    expect(ecsWriters).toHaveLength(1);
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

  it('gives the worker least privilege: its table calls, Decrypt, the signing key, the admin-group read, HLS of the stage\'s camera streams, its metric namespace', () => {
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
        'elasticloadbalancing:DeregisterTargets',
        'elasticloadbalancing:RegisterTargets',
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
    expect(del.Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['CAMERA'] } });
    const elb = statements.find((s) => asList(s.Action).includes('elasticloadbalancing:RegisterTargets'));
    expect(elb.Resource).toEqual({ Ref: expect.stringMatching(/^Workers/) });
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
