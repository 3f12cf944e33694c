import { describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { buildStage, statementsOfRole, asList } from './support/build.ts';

const built = buildStage('dev');
const camera = built.templates.find((t) => t.path === 'mosaic-dev-camera')!;
const resources = camera.template.toJSON().Resources as Record<string, any>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

describe('the camera stack', () => {
  it('runs the worker image (built from the repo\'s Dockerfile) as a Fargate service with logs, Kinesis Video input and no secret in its environment', () => {
    const [[, task]] = ofType('AWS::ECS::TaskDefinition') as [[string, any]];
    expect(task.Properties.RequiresCompatibilities).toEqual(['FARGATE']);
    const [container] = task.Properties.ContainerDefinitions;
    expect(container.LogConfiguration.LogDriver).toBe('awslogs');
    const env = Object.fromEntries(container.Environment.map((e: any) => [e.Name, e.Value]));
    expect(env.CAMERA_INPUT).toBe('kvs');
    expect(env.ORIGIN_VERIFY).toBeUndefined();
    expect(env.CAMERA_STREAM_URL).toBeUndefined();
    expect(JSON.stringify(container.Environment)).not.toMatch(/resolve:secretsmanager/);
    const [[, service]] = ofType('AWS::ECS::Service') as [[string, any]];
    expect(service.Properties.LaunchType).toBe('FARGATE');
    expect(service.Properties.LoadBalancers[0].ContainerPort).toBe(8080);
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
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'kinesisvideo:GetDataEndpoint',
        'kinesisvideo:GetHLSStreamingSessionURL',
        'kms:Decrypt',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
      ].sort(),
    );
    const kvs = statements.find((s) => asList(s.Action).includes('kinesisvideo:GetHLSStreamingSessionURL'));
    expect(JSON.stringify(kvs.Resource)).toContain(':stream/mosaic-dev-camera-*/*');
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

  it('alarms when an enabled camera produced no frame for 5 minutes, missing data counting as breaching', () => {
    const ops = built.templates.find((t) => t.path === 'mosaic-dev-ops')!;
    Template.fromJSON(ops.template.toJSON()).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Mosaic/Camera',
      MetricName: 'CamerasWithoutFrames',
      Dimensions: [{ Name: 'Stage', Value: 'dev' }],
      Threshold: 0,
      TreatMissingData: 'breaching',
    });
  });

  it('hands the ticket route the stream address through SSM, resolved at deploy time', () => {
    const [[, parameter]] = ofType('AWS::SSM::Parameter') as [[string, any]];
    expect(parameter.Properties.Name).toBe('/mosaic/dev/camera/stream-url');
    expect(parameter.Properties.Value).toEqual({ 'Fn::Join': ['', ['https://', { Ref: 'CameraDomainName' }]] });
    const ticket = built.resources('AWS::Lambda::Function').find(({ resource }) => resource.Properties.FunctionName === built.names.function('create-camera-ticket'))!;
    expect(ticket.resource.Properties.Environment.Variables.CAMERA_STREAM_URL).toBe('{{resolve:ssm:/mosaic/dev/camera/stream-url}}');
  });
});
