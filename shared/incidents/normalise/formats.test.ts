/**
 * Every documented variant of each source's webhook, one small payload each (values made up
 * here, shapes from the vendors' published docs): what it becomes, or the 422 that refuses it.
 * docs/incidents.md has the same list as a table.
 */
import { describe, expect, it } from 'vitest';
import { normaliseAlerts } from './alerts.ts';
import { normaliseCloudWatch } from './cloudwatch.ts';
import { normaliseSentry } from './sentry.ts';

const at = '2026-04-02T08:00:00.000Z';
const refused = expect.objectContaining({ status: 422 });

describe('Sentry integration webhooks and the legacy plugin', () => {
  const issue = (action: string, status: string, extra: Record<string, unknown> = {}) => ({
    action,
    installation: { uuid: 'u-1' },
    actor: { type: 'user', id: 12, name: 'Ana' },
    data: {
      issue: {
        id: '5150',
        shortId: 'BILLING-7',
        title: 'KeyError: plan_id',
        culprit: 'billing/invoices.py in render',
        level: 'error',
        status,
        substatus: extra.substatus ?? 'new',
        platform: 'python',
        project: { id: '3', slug: 'billing', name: 'Billing' },
        firstSeen: '2026-04-02T07:58:00.000000Z',
        lastSeen: '2026-04-02T07:59:30.123456Z',
        permalink: 'https://acme.sentry.io/issues/5150/',
        metadata: { type: 'KeyError', value: 'plan_id' },
        ...extra,
      },
    },
  });
  const hook = (resource: string) => ({ 'sentry-hook-resource': resource });

  it('issue: created and unresolved (regressed, escalating) fire; resolved and archived (or ignored) resolve the same identity', () => {
    const [created] = normaliseSentry(issue('created', 'unresolved'), hook('issue'), at);
    expect(created).toMatchObject({
      kind: 'issue',
      status: 'firing',
      severity: 'high',
      title: 'KeyError: plan_id',
      service: 'billing',
      identity: 'issue:5150',
      at: '2026-04-02T07:59:30.123Z',
      url: 'https://acme.sentry.io/issues/5150/',
    });
    expect(normaliseSentry(issue('unresolved', 'unresolved', { substatus: 'regressed', level: 'fatal' }), hook('issue'), at)[0]).toMatchObject({ status: 'firing', severity: 'critical', identity: 'issue:5150' });
    expect(normaliseSentry(issue('unresolved', 'unresolved', { substatus: 'escalating' }), hook('issue'), at)[0]).toMatchObject({ status: 'firing', labels: { substatus: 'escalating' } });
    for (const [action, status] of [['resolved', 'resolved'], ['archived', 'ignored'], ['ignored', 'ignored']]) {
      const [s] = normaliseSentry(issue(action!, status!, { substatus: 'archived_until_escalating' }), hook('issue'), at);
      expect(s, action).toMatchObject({ status: 'resolved', severity: 'info', identity: 'issue:5150', at });
    }
  });

  it('issue: an assignment is neither an occurrence nor a resolution (no signal)', () => {
    expect(normaliseSentry(issue('assigned', 'unresolved', { assignedTo: { type: 'user', id: '12' } }), hook('issue'), at)).toEqual([]);
  });

  it('event_alert (an issue alert rule fired): the issue’s identity, its level, and the project slug from the event URL', () => {
    const body = {
      action: 'triggered',
      installation: { uuid: 'u-1' },
      data: {
        event: {
          event_id: 'ab12',
          issue_id: '5150',
          project: 3,
          level: 'warning',
          title: 'KeyError: plan_id',
          culprit: 'billing/invoices.py in render',
          datetime: '2026-04-02T07:59:31.5+00:00',
          url: 'https://sentry.io/api/0/projects/acme/billing/events/ab12/',
          web_url: 'https://sentry.io/organizations/acme/issues/5150/events/ab12/',
          issue_url: 'https://sentry.io/api/0/issues/5150/',
          tags: [['environment', 'prod'], ['level', 'warning']],
          metadata: { type: 'KeyError', value: 'plan_id' },
        },
        triggered_rule: 'Page on billing errors',
        issue_alert: { title: 'Page on billing errors', settings: [] },
      },
    };
    const [s] = normaliseSentry(body, hook('event_alert'), at);
    expect(s).toMatchObject({ kind: 'event', status: 'firing', severity: 'medium', identity: 'issue:5150', service: 'billing', resource: 'prod', at: '2026-04-02T07:59:31.500Z', labels: { rule: 'Page on billing errors' } });
    // Without the header, the shape tells it apart.
    expect(normaliseSentry(body, {}, at)[0]).toMatchObject({ identity: 'issue:5150' });
  });

  it('error (every error event): the issue’s identity', () => {
    const [s] = normaliseSentry(
      { action: 'created', data: { error: { issue_id: '77', title: 'ValueError: x', level: 'error', url: 'https://sentry.io/api/0/projects/acme/api/events/e1/', datetime: '2026-04-02T07:00:00Z' } } },
      hook('error'),
      at,
    );
    expect(s).toMatchObject({ status: 'firing', severity: 'high', identity: 'issue:77', service: 'api' });
  });

  it('metric_alert: critical and warning fire, resolved resolves, one identity per alert rule', () => {
    const alert = (action: string) => ({
      action,
      data: {
        metric_alert: {
          id: '901',
          identifier: 4,
          title: 'p95 latency',
          status: action === 'resolved' ? 2 : 20,
          date_started: '2026-04-02T07:40:00Z',
          date_closed: action === 'resolved' ? '2026-04-02T07:55:00Z' : null,
          alert_rule: { id: 33, name: 'p95 latency over 2s', aggregate: 'p95(transaction.duration)', query: '', projects: ['checkout'] },
        },
        description_text: '2.4s p95 in the last 10 minutes\\nThreshold: 2s',
        description_title: `${action === 'resolved' ? 'Resolved' : 'Critical'}: p95 latency over 2s`,
        web_url: 'https://acme.sentry.io/alerts/rules/details/33/',
      },
    });
    const [critical] = normaliseSentry(alert('critical'), hook('metric_alert'), at);
    expect(critical).toMatchObject({ kind: 'metric_alert', status: 'firing', severity: 'critical', identity: 'metric_alert:33', service: 'checkout', title: 'p95 latency over 2s', at: '2026-04-02T07:40:00.000Z' });
    expect(critical!.message).toBe('2.4s p95 in the last 10 minutes\nThreshold: 2s');
    expect(normaliseSentry(alert('warning'), hook('metric_alert'), at)[0]).toMatchObject({ status: 'firing', severity: 'medium', identity: 'metric_alert:33' });
    expect(normaliseSentry(alert('resolved'), hook('metric_alert'), at)[0]).toMatchObject({ status: 'resolved', identity: 'metric_alert:33', at: '2026-04-02T07:55:00.000Z' });
  });

  it('activity_alert: the serialised issue fires like an issue webhook', () => {
    const body = { ...issue('triggered', 'unresolved'), action: 'triggered' };
    expect(normaliseSentry(body, hook('activity_alert'), at)[0]).toMatchObject({ status: 'firing', identity: 'issue:5150', service: 'billing' });
  });

  it('installation, comment, seer and preprod_artifact are understood and carry no signal (with or without the header)', () => {
    const installation = { action: 'created', data: { installation: { uuid: 'u-1', status: 'installed', app: { slug: 'mosaic' } } }, installation: { uuid: 'u-1' } };
    expect(normaliseSentry(installation, hook('installation'), at)).toEqual([]);
    expect(normaliseSentry(installation, {}, at)).toEqual([]);
    const comment = { action: 'created', data: { comment: 'looking', project_slug: 'billing', comment_id: 1, issue_id: 5150 }, installation: { uuid: 'u-1' } };
    expect(normaliseSentry(comment, hook('comment'), at)).toEqual([]);
    expect(normaliseSentry(comment, {}, at)).toEqual([]);
    expect(normaliseSentry({ action: 'root_cause_completed', data: { run_id: 1 } }, hook('seer'), at)).toEqual([]);
    expect(normaliseSentry({ action: 'size_analysis_completed', data: {} }, hook('preprod_artifact'), at)).toEqual([]);
  });

  it('the legacy WebHooks plugin: one firing issue, the same identity as the integration’s issue webhooks', () => {
    const [s] = normaliseSentry(
      {
        id: '5150',
        project: 'billing',
        project_name: 'Billing',
        project_slug: 'billing',
        culprit: 'billing/invoices.py in render',
        level: 'error',
        message: 'KeyError: plan_id',
        url: 'https://acme.sentry.io/organizations/acme/issues/5150/?referrer=webhooks_plugin',
        triggering_rules: ['Send a notification'],
        event: { event_id: 'ab12', level: 'error', title: 'KeyError: plan_id', timestamp: 1775116770.25, tags: [['environment', 'prod']] },
      },
      {},
      at,
    );
    expect(s).toMatchObject({ status: 'firing', severity: 'high', identity: 'issue:5150', service: 'billing', title: 'KeyError: plan_id', at: '2026-04-02T07:59:30.250Z' });
    expect(s!.url).toContain('/issues/5150/');
  });

  it('refuses with 422 what it cannot read: an unknown resource (named), an issue without an id, a non-object', () => {
    expect(() => normaliseSentry({ action: 'created', data: {} }, hook('frobnicate'), at)).toThrow(expect.objectContaining({ status: 422, message: expect.stringContaining('frobnicate') }));
    expect(() => normaliseSentry({ action: 'created', data: { issue: { title: 'x' } } }, hook('issue'), at)).toThrow(refused);
    expect(() => normaliseSentry({ hello: 'world' }, {}, at)).toThrow(refused);
    expect(() => normaliseSentry([1, 2], {}, at)).toThrow(refused);
  });
});

describe('CloudWatch alarms through SNS', () => {
  const arn = (name: string) => `arn:aws:cloudwatch:us-east-2:210987654321:alarm:${name}`;
  const message = (alarm: Record<string, unknown>) => ({ Type: 'Notification', TopicArn: 'arn:aws:sns:us-east-2:210987654321:ops', Message: JSON.stringify(alarm) });
  const metricAlarm = (state: string, extra: Record<string, unknown> = {}) => ({
    AlarmName: 'orders-queue-age',
    AlarmDescription: 'Orders wait too long. severity: critical',
    AWSAccountId: '210987654321',
    AlarmConfigurationUpdatedTimestamp: '2026-03-30T12:00:00.000+0000',
    NewStateValue: state,
    NewStateReason: `Threshold Crossed: 3 datapoints were ${state === 'OK' ? 'not ' : ''}greater than the threshold (300.0).`,
    StateChangeTime: '2026-04-02T07:59:00.250+0000',
    Region: 'US East (Ohio)',
    AlarmArn: arn('orders-queue-age'),
    OldStateValue: state === 'OK' ? 'ALARM' : 'OK',
    OKActions: [],
    AlarmActions: ['arn:aws:sns:us-east-2:210987654321:ops'],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Namespace: 'AWS/SQS',
      StatisticType: 'Statistic',
      Statistic: 'MAXIMUM',
      Unit: null,
      Dimensions: [{ value: 'orders', name: 'QueueName' }],
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 300,
      TreatMissingData: 'missing',
      EvaluateLowSampleCountPercentile: '',
    },
    ...extra,
  });

  it('a single-metric alarm: ALARM fires (severity from the description), INSUFFICIENT_DATA fires low, OK resolves the same ARN', () => {
    const [alarm] = normaliseCloudWatch(message(metricAlarm('ALARM')), at);
    expect(alarm).toMatchObject({
      kind: 'alarm',
      status: 'firing',
      severity: 'critical',
      title: 'orders-queue-age',
      service: 'orders',
      resource: 'QueueName=orders',
      identity: arn('orders-queue-age'),
      at: '2026-04-02T07:59:00.250Z',
      // The region's code from the ARN, as EventBridge names it (the message's Region is "US East (Ohio)").
      labels: { state: 'ALARM', metric: 'ApproximateAgeOfOldestMessage', namespace: 'AWS/SQS', region: 'us-east-2' },
    });
    expect(normaliseCloudWatch(message(metricAlarm('INSUFFICIENT_DATA')), at)[0]).toMatchObject({ status: 'firing', severity: 'low', identity: arn('orders-queue-age') });
    expect(normaliseCloudWatch(message(metricAlarm('OK')), at)[0]).toMatchObject({ status: 'resolved', severity: 'info', identity: arn('orders-queue-age') });
    // No severity in the description: high.
    expect(normaliseCloudWatch(message(metricAlarm('ALARM', { AlarmDescription: null })), at)[0]).toMatchObject({ severity: 'high' });
    // No ARN: the message's own Region is all there is.
    expect(normaliseCloudWatch(message(metricAlarm('ALARM', { AlarmArn: null })), at)[0]!.labels).toMatchObject({ region: 'US East (Ohio)' });
  });

  it('links an alarm to its page in its partition’s console (from the ARN); no ARN, no link', () => {
    expect(normaliseCloudWatch(message(metricAlarm('ALARM')), at)[0]!.url).toBe(
      `https://console.aws.amazon.com/cloudwatch/home?region=us-east-2#alarmsV2:alarm/orders-queue-age`,
    );
    const china = normaliseCloudWatch(message(metricAlarm('ALARM', { AlarmName: 'db cpu/high', AlarmArn: 'arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:db cpu/high' })), at)[0]!;
    expect(china.url).toBe('https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#alarmsV2:alarm/db%20cpu%2Fhigh');
    expect(normaliseCloudWatch(message(metricAlarm('ALARM', { AlarmArn: null })), at)[0]!.url).toBeUndefined();
  });

  it('a metric-math alarm (Trigger.Metrics): named by the expression’s label, service and resource from the metrics’ dimensions', () => {
    const stat = (id: string, name: string) => ({
      Id: id,
      MetricStat: { Metric: { Dimensions: [{ value: 'resize-images', name: 'FunctionName' }], MetricName: name, Namespace: 'AWS/Lambda' }, Period: 60, Stat: 'Sum' },
      ReturnData: false,
    });
    const [s] = normaliseCloudWatch(
      message(metricAlarm('ALARM', { AlarmName: 'resize-error-rate', AlarmArn: arn('resize-error-rate'), Trigger: { Metrics: [{ Expression: '100*e/i', Id: 'rate', Label: 'Error rate', ReturnData: true }, stat('e', 'Errors'), stat('i', 'Invocations')], Period: 60, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold', Threshold: 5, TreatMissingData: 'notBreaching' } })),
      at,
    );
    expect(s).toMatchObject({ status: 'firing', service: 'resize-images', resource: 'FunctionName=resize-images', labels: { metric: 'Error rate', namespace: 'AWS/Lambda' } });
  });

  it('an anomaly-detection alarm (ThresholdMetricId names the band): named by the metric it watches', () => {
    const [s] = normaliseCloudWatch(
      message(
        metricAlarm('ALARM', {
          AlarmName: 'checkout-latency-band',
          AlarmArn: arn('checkout-latency-band'),
          Trigger: {
            Metrics: [
              { Id: 'm1', MetricStat: { Metric: { Dimensions: [{ value: 'shop', name: 'ApiName' }], MetricName: 'Latency', Namespace: 'AWS/ApiGateway' }, Period: 300, Stat: 'p90' }, ReturnData: true },
              { Expression: 'ANOMALY_DETECTION_BAND(m1, 3)', Id: 'band', Label: 'Latency (expected)', ReturnData: true },
            ],
            ThresholdMetricId: 'band',
            ComparisonOperator: 'GreaterThanUpperThreshold',
          },
        }),
      ),
      at,
    );
    expect(s).toMatchObject({ service: 'shop', labels: { metric: 'Latency', namespace: 'AWS/ApiGateway' } });
  });

  it('a composite alarm (AlarmRule, TriggeringChildren, no Trigger): its rule and the children that moved it; OK resolves it', () => {
    const composite = (state: string) =>
      message({
        AlarmName: 'checkout-degraded',
        AlarmDescription: 'Checkout is degraded',
        AWSAccountId: '210987654321',
        NewStateValue: state,
        NewStateReason: `${arn('checkout-5xx')} transitioned to ${state}`,
        StateChangeTime: '2026-04-02T07:59:10.000+0000',
        Region: 'US East (Ohio)',
        AlarmArn: arn('checkout-degraded'),
        OldStateValue: state === 'OK' ? 'ALARM' : 'OK',
        OKActions: [],
        AlarmActions: [],
        InsufficientDataActions: [],
        AlarmRule: 'ALARM("checkout-5xx") OR ALARM("checkout-latency")',
        TriggeringChildren: [{ Arn: arn('checkout-5xx'), State: { Value: state, Timestamp: '2026-04-02T07:59:00.000+0000' } }],
      });
    const [fire] = normaliseCloudWatch(composite('ALARM'), at);
    expect(fire).toMatchObject({ kind: 'alarm', status: 'firing', severity: 'high', title: 'checkout-degraded', identity: arn('checkout-degraded'), labels: { type: 'composite', rule: 'ALARM("checkout-5xx") OR ALARM("checkout-latency")' } });
    expect(fire!.message).toContain('Triggered by: checkout-5xx');
    expect(fire!.service).toBeUndefined();
    expect(normaliseCloudWatch(composite('OK'), at)[0]).toMatchObject({ status: 'resolved', identity: arn('checkout-degraded') });
    // The docs' schema lists the children as bare strings.
    expect(normaliseCloudWatch(message({ AlarmName: 'c', NewStateValue: 'ALARM', AlarmArn: arn('c'), AlarmRule: 'ALARM(a)', TriggeringChildren: [arn('a')] }), at)[0]!.message).toContain('Triggered by: a');
  });

  it('a multi-time-series alarm notifies per contributor: each its own identity (one series’ OK leaves another’s ALARM), named by its attributes', () => {
    const contributor = (state: string, id: string, table: string) =>
      message({
        AlarmName: 'ddb-write-throttles',
        AWSAccountId: '210987654321',
        NewStateValue: state,
        NewStateReason: 'Threshold Crossed',
        StateChangeTime: '2026-04-02T07:59:00.000+0000',
        Region: 'US East (Ohio)',
        AlarmArn: arn('ddb-write-throttles'),
        OldStateValue: 'OK',
        AlarmContributorId: id,
        AlarmContributorAttributes: { TableName: table },
        Trigger: { Metrics: [{ Id: 'q', Expression: 'SELECT SUM(WriteThrottleEvents) FROM "AWS/DynamoDB" GROUP BY TableName', ReturnData: true, Period: 60 }] },
      });
    const [orders] = normaliseCloudWatch(contributor('ALARM', 'c0ffee01', 'orders'), at);
    const [carts] = normaliseCloudWatch(contributor('OK', 'c0ffee02', 'carts'), at);
    expect(orders).toMatchObject({ status: 'firing', title: 'ddb-write-throttles (TableName=orders)', service: 'orders', identity: `${arn('ddb-write-throttles')}#contributor:c0ffee01` });
    expect(carts).toMatchObject({ status: 'resolved', identity: `${arn('ddb-write-throttles')}#contributor:c0ffee02` });
    // The alarm-level notification (no contributor) keeps the alarm's own identity.
    expect(normaliseCloudWatch(message(metricAlarm('ALARM', { AlarmName: 'ddb-write-throttles', AlarmArn: arn('ddb-write-throttles') })), at)[0]!.identity).toBe(arn('ddb-write-throttles'));
    // The same through EventBridge's "CloudWatch Alarm Contributor State Change".
    const [viaBus] = normaliseCloudWatch(
      message({ 'detail-type': 'CloudWatch Alarm Contributor State Change', source: 'aws.cloudwatch', account: '210987654321', region: 'us-east-2', resources: [arn('ddb-write-throttles')], detail: { alarmName: 'ddb-write-throttles', alarmContributor: { id: 'c0ffee01', attributes: { TableName: 'orders' } }, state: { value: 'ALARM', reason: 'Threshold Crossed', timestamp: '2026-04-02T07:59:00.000+0000' }, configuration: { metrics: [] } } }),
      at,
    );
    expect(viaBus).toMatchObject({ identity: orders!.identity, service: 'orders', status: 'firing' });
  });

  it('EventBridge alarm state changes sent to the topic: metric (map dimensions) and composite (reasonData children)', () => {
    const event = (detail: Record<string, unknown>) => message({ version: '0', id: 'e-1', 'detail-type': 'CloudWatch Alarm State Change', source: 'aws.cloudwatch', account: '210987654321', time: '2026-04-02T07:59:00Z', region: 'us-east-2', resources: [arn(String(detail.alarmName))], detail });
    const [metric] = normaliseCloudWatch(
      event({
        alarmName: 'orders-queue-age',
        state: { value: 'ALARM', reason: 'Threshold Crossed', timestamp: '2026-04-02T07:59:00.000+0000' },
        previousState: { value: 'OK' },
        configuration: { description: 'severity: warning', metrics: [{ id: 'q', metricStat: { metric: { namespace: 'AWS/SQS', name: 'ApproximateAgeOfOldestMessage', dimensions: { QueueName: 'orders' } }, period: 60, stat: 'Maximum' }, returnData: true }] },
      }),
      at,
    );
    expect(metric).toMatchObject({ status: 'firing', severity: 'medium', identity: arn('orders-queue-age'), service: 'orders', labels: { metric: 'ApproximateAgeOfOldestMessage', region: 'us-east-2' } });
    const [composite] = normaliseCloudWatch(
      event({
        alarmName: 'checkout-degraded',
        state: { value: 'OK', reason: 'back', reasonData: JSON.stringify({ triggeringAlarms: [{ arn: arn('checkout-5xx'), state: { value: 'OK' } }] }), timestamp: '2026-04-02T08:10:00.000+0000' },
        configuration: { alarmRule: 'ALARM(checkout-5xx)' },
      }),
      at,
    );
    expect(composite).toMatchObject({ status: 'resolved', identity: arn('checkout-degraded'), labels: { type: 'composite', rule: 'ALARM(checkout-5xx)' } });
    expect(composite!.message).toContain('checkout-5xx');
  });

  it('EventBridge metric-math and anomaly-band alarms are named as their SNS messages name them', () => {
    const event = (detail: Record<string, unknown>) => message({ version: '0', id: 'e-2', 'detail-type': 'CloudWatch Alarm State Change', source: 'aws.cloudwatch', account: '210987654321', time: '2026-04-02T07:59:00Z', region: 'us-east-2', resources: [arn(String(detail.alarmName))], detail });
    const stat = (id: string, name: string, returnData = false) => ({ id, metricStat: { metric: { namespace: 'AWS/Lambda', name, dimensions: { FunctionName: 'resize-images' } }, period: 60, stat: 'Sum' }, returnData });
    const state = { value: 'ALARM', reason: 'Threshold Crossed', timestamp: '2026-04-02T07:59:00.000+0000' };
    const [math] = normaliseCloudWatch(
      event({ alarmName: 'resize-error-rate', state, configuration: { metrics: [stat('e', 'Errors'), stat('i', 'Invocations'), { id: 'rate', expression: '100*e/i', label: 'Error rate', returnData: true }] } }),
      at,
    );
    expect(math).toMatchObject({ service: 'resize-images', labels: { metric: 'Error rate', namespace: 'AWS/Lambda', region: 'us-east-2' } });
    const [band] = normaliseCloudWatch(
      event({ alarmName: 'resize-duration-band', state, configuration: { metrics: [stat('m1', 'Duration', true), { id: 'ad1', expression: 'ANOMALY_DETECTION_BAND(m1, 2)', label: 'Duration (expected)', returnData: true }] } }),
      at,
    );
    expect(band!.labels).toMatchObject({ metric: 'Duration', namespace: 'AWS/Lambda' });
  });

  it('non-alarm messages: a configuration change carries no signal; other EventBridge events and plain messages are notifications (attributes as labels)', () => {
    expect(normaliseCloudWatch(message({ 'detail-type': 'CloudWatch Alarm Configuration Change', source: 'aws.cloudwatch', detail: { alarmName: 'x', operation: 'update' } }), at)).toEqual([]);
    const [ec2] = normaliseCloudWatch(message({ 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2', account: '210987654321', region: 'us-east-2', time: '2026-04-02T07:30:00Z', resources: ['arn:aws:ec2:us-east-2:210987654321:instance/i-0abc'], detail: { 'instance-id': 'i-0abc', state: 'stopped' } }), at);
    expect(ec2).toMatchObject({ kind: 'event', status: 'firing', title: 'EC2 Instance State-change Notification', resource: 'i-0abc', at: '2026-04-02T07:30:00.000Z', labels: { eventSource: 'aws.ec2' } });
    expect(ec2!.identity).toBeUndefined();
    const [plain] = normaliseCloudWatch({ Type: 'Notification', Message: 'Nightly export failed\nsee logs', Subject: 'Export failed', Timestamp: '2026-04-02T03:00:00.000Z', MessageAttributes: { severity: { Type: 'String', Value: 'critical' }, team: { Type: 'String', Value: 'data' }, blob: { Type: 'Binary', Value: 'AAE=' } } }, at);
    expect(plain).toMatchObject({ kind: 'notification', severity: 'critical', title: 'Export failed', at: '2026-04-02T03:00:00.000Z', labels: { severity: 'critical', team: 'data' } });
    expect(plain!.labels.blob).toBeUndefined();
    // No Subject: the first line.
    expect(normaliseCloudWatch({ Message: 'Disk almost full\nhost a' }, at)[0]).toMatchObject({ title: 'Disk almost full', severity: 'medium' });
    // A JSON message from another service: named by its own subject-like field; an empty one still has a title.
    expect(normaliseCloudWatch({ Message: JSON.stringify({ notificationType: 'Bounce', bounce: { bounceType: 'Permanent' } }) }, at)[0]!.title).toBe('Bounce');
    expect(normaliseCloudWatch({ Message: '', Subject: '' }, at)[0]!.title).toBe('SNS notification');
  });

  it('AWS Health events: named by their event type, one identity per event and entity, closed resolves what open fired', () => {
    const health = (statusCode: string, category = 'issue') =>
      message({
        'detail-type': 'AWS Health Event',
        source: 'aws.health',
        account: '210987654321',
        region: 'us-east-2',
        time: '2026-04-02T06:00:00Z',
        resources: ['i-0abc'],
        detail: {
          eventArn: 'arn:aws:health:us-east-2::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_7f3',
          service: 'EC2',
          eventTypeCode: 'AWS_EC2_OPERATIONAL_ISSUE',
          eventTypeCategory: category,
          statusCode,
          eventDescription: [{ language: 'en_US', latestDescription: 'Increased API error rates in us-east-2.\nWe are investigating.' }],
          affectedEntities: [{ entityValue: 'i-0abc' }],
        },
      });
    const [open] = normaliseCloudWatch(health('open'), at);
    expect(open).toMatchObject({ kind: 'health', status: 'firing', severity: 'high', title: 'AWS Health: EC2 operational issue', service: 'EC2', resource: 'i-0abc', at: '2026-04-02T06:00:00.000Z' });
    expect(open!.message).toMatch(/^Increased API error rates/);
    const [closed] = normaliseCloudWatch(health('closed'), at);
    expect(closed).toMatchObject({ status: 'resolved', identity: open!.identity });
    expect(open!.identity).toMatch(/AWS_EC2_OPERATIONAL_ISSUE_7f3#i-0abc$/);
    expect(normaliseCloudWatch(health('upcoming', 'scheduledChange'), at)[0]).toMatchObject({ status: 'firing', severity: 'low' });
  });

  it('RDS event notifications: named by the database and the event, the database as the service (as its alarms name it), the console link kept', () => {
    const [rds] = normaliseCloudWatch(
      {
        Type: 'Notification',
        Subject: 'RDS Notification Message',
        Message: JSON.stringify({
          'Event Source': 'db-instance',
          'Event Time': '2026-04-02 05:58:03.123',
          'Identifier Link': 'https://console.aws.amazon.com/rds/home?region=us-east-2#dbinstance:id=orders-db',
          'Source ID': 'orders-db',
          'Source ARN': 'arn:aws:rds:us-east-2:210987654321:db:orders-db',
          'Event ID': 'http://docs.amazonwebservices.com/AmazonRDS/latest/UserGuide/USER_Events.html#RDS-EVENT-0006',
          'Event Message': 'DB instance restarted',
        }),
      },
      at,
    );
    expect(rds).toMatchObject({
      kind: 'event',
      status: 'firing',
      title: 'orders-db: DB instance restarted',
      message: 'DB instance restarted',
      service: 'orders-db',
      resource: 'arn:aws:rds:us-east-2:210987654321:db:orders-db',
      at: '2026-04-02T05:58:03.123Z',
      url: 'https://console.aws.amazon.com/rds/home?region=us-east-2#dbinstance:id=orders-db',
      labels: { eventSource: 'db-instance', eventId: 'RDS-EVENT-0006' },
    });
    expect(rds!.identity).toBeUndefined();
  });
});

describe('Alertmanager webhook v4', () => {
  const group = (alerts: unknown[], extra: Record<string, unknown> = {}) => ({
    version: '4',
    groupKey: '{}/{team="db"}:{alertname="PgReplicationLag"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'mosaic',
    groupLabels: { alertname: 'PgReplicationLag' },
    commonLabels: { alertname: 'PgReplicationLag', team: 'db' },
    commonAnnotations: {},
    externalURL: 'http://am.internal:9093',
    alerts,
    ...extra,
  });
  const alert = (status: string, instance: string, fingerprint?: string, labels: Record<string, string> = {}) => ({
    status,
    labels: { alertname: 'PgReplicationLag', team: 'db', severity: 'warning', job: 'postgres', instance, ...labels },
    annotations: { summary: `Replica ${instance} lags` },
    startsAt: '2026-04-02T07:50:00.123456789Z',
    endsAt: status === 'resolved' ? '2026-04-02T07:58:00Z' : '2026-04-02T08:20:00Z',
    generatorURL: '/graph?g0.expr=pg_lag',
    ...(fingerprint ? { fingerprint } : {}),
  });

  it('a group with mixed statuses: each alert by its own status (a future endsAt on a firing one is ignored)', () => {
    const signals = normaliseAlerts('alertmanager', group([alert('firing', 'pg-2', 'f2'), alert('resolved', 'pg-3', 'f3')]), at);
    expect(signals).toHaveLength(2);
    expect(signals[0]).toMatchObject({ status: 'firing', severity: 'medium', identity: 'f2', service: 'postgres', resource: 'pg-2', title: 'PgReplicationLag: Replica pg-2 lags', at: '2026-04-02T07:50:00.123Z', group: '{}/{team="db"}:{alertname="PgReplicationLag"}', url: 'http://am.internal:9093/' });
    expect(signals[1]).toMatchObject({ status: 'resolved', severity: 'info', identity: 'f3', at: '2026-04-02T07:58:00.000Z' });
  });

  it('links to Prometheus when the generatorURL is absolute; a relative one is no page of Alertmanager’s, so the alert links to Alertmanager', () => {
    const absolute = { ...alert('firing', 'pg-2', 'f2'), generatorURL: 'http://prometheus.internal:9090/graph?g0.expr=pg_lag' };
    expect(normaliseAlerts('alertmanager', group([absolute]), at)[0]!.url).toBe('http://prometheus.internal:9090/graph?g0.expr=pg_lag');
    expect(normaliseAlerts('alertmanager', group([alert('firing', 'pg-2', 'f2')]), at)[0]!.url).toBe('http://am.internal:9093/');
    expect(normaliseAlerts('alertmanager', group([alert('firing', 'pg-2', 'f2')], { externalURL: '' }), at)[0]!.url).toBeUndefined();
  });

  it('a receiver named "test" carries real alerts: only a TestAlert is a test', () => {
    const [real] = normaliseAlerts('alertmanager', group([alert('firing', 'pg-2', 'f2', { severity: 'critical' })], { receiver: 'test' }), at);
    expect(real).toMatchObject({ kind: 'alert', severity: 'critical' });
  });

  it('numbered severity levels (P0–P5, SEV1, sev-2, S3) map to severities; unknown words fall back', () => {
    const severities = ['P0', 'sev1', 'SEV-2', 's3', 'p4', 'Sev 5', 'P9', 'purple'].map(
      (severity) => normaliseAlerts('alertmanager', group([alert('firing', 'pg-2', 'f2', { severity })]), at)[0]!.severity,
    );
    expect(severities).toEqual(['critical', 'critical', 'high', 'medium', 'low', 'info', 'info', 'high']);
  });

  it('refuses a Grafana OnCall (IRM) outgoing webhook with a 422 that names it', () => {
    const oncall = { event: { type: 'resolve', time: '2026-04-02T08:00:00Z' }, alert_group: { id: 'I1', state: 'resolved', title: 'High memory usage' }, integration: { type: 'grafana_alerting' } };
    expect(() => normaliseAlerts('grafana', oncall, at)).toThrow(expect.objectContaining({ status: 422, message: expect.stringContaining('OnCall') }));
  });

  it('keeps only http(s) links: a javascript: or data: generatorURL is no link (the panel’s is taken instead)', () => {
    const hostile = { ...alert('firing', 'pg-2', 'f2'), generatorURL: 'javascript:alert(document.cookie)', panelURL: 'https://grafana.example.com/d/x?viewPanel=2' };
    expect(normaliseAlerts('grafana', group([hostile], { externalURL: '' }), at)[0]!.url).toBe('https://grafana.example.com/d/x?viewPanel=2');
    const only = { ...alert('firing', 'pg-2', 'f2'), generatorURL: 'data:text/html,<script>alert(1)</script>' };
    expect(normaliseAlerts('grafana', group([only], { externalURL: '' }), at)[0]!.url).toBeUndefined();
    expect(normaliseAlerts('alertmanager', group([only], { externalURL: 'javascript:void(0)' }), at)[0]!.url).toBeUndefined();
  });

  it('truncatedAlerts: the alerts that came are read (the rest come on the next notification); unknown keys are ignored', () => {
    const signals = normaliseAlerts('alertmanager', group([alert('firing', 'pg-2', 'f2')], { truncatedAlerts: 5, notification_reason: 'new_alerts', routeLabels: { team: 'db' } }), at);
    expect(signals.map((s) => s.identity)).toEqual(['f2']);
  });

  it('missing optional labels: the alert name from the common labels, a title from the labels, default severity high, a stable identity without a fingerprint', () => {
    const bare = { status: 'firing', labels: { instance: 'pg-9' }, annotations: {}, startsAt: '2026-04-02T07:50:00Z', endsAt: '0001-01-01T00:00:00Z' };
    const [fromCommon] = normaliseAlerts('alertmanager', group([bare]), at);
    expect(fromCommon).toMatchObject({ title: 'PgReplicationLag', severity: 'high', resource: 'pg-9' });
    expect(fromCommon!.service).toBeUndefined();
    const [nameless] = normaliseAlerts('alertmanager', group([bare], { commonLabels: {}, groupLabels: {} }), at);
    expect(nameless!.title).toBe('Alert {instance=pg-9}');
    const [described] = normaliseAlerts('alertmanager', group([{ ...bare, annotations: { description: 'Replica lag over 30s\nfor 5 minutes' } }], { commonLabels: {} }), at);
    expect(described!.title).toBe('Replica lag over 30s');
    // Without a fingerprint the labels' hash is the identity: the resolution meets its firing.
    const [again] = normaliseAlerts('alertmanager', group([{ ...bare, status: 'resolved', endsAt: '2026-04-02T07:59:00Z' }], { status: 'resolved' }), at);
    expect(again!.identity).toBe(fromCommon!.identity);
    expect(again!.status).toBe('resolved');
  });

  it('refuses with 422 what has no alerts list', () => {
    expect(() => normaliseAlerts('alertmanager', { version: '4', status: 'firing' }, at)).toThrow(refused);
    expect(() => normaliseAlerts('alertmanager', 'firing', at)).toThrow(refused);
  });
});

describe('Grafana unified alerting and legacy alerting', () => {
  const grafana = (alerts: unknown[], status = 'firing') => ({
    receiver: 'mosaic',
    status,
    orgId: 1,
    alerts,
    groupLabels: { alertname: 'Disk full' },
    commonLabels: { alertname: 'Disk full' },
    commonAnnotations: {},
    externalURL: 'https://grafana.acme.test/',
    version: '1',
    groupKey: '{}/{}:{alertname="Disk full"}',
    truncatedAlerts: 0,
    title: `[${status.toUpperCase()}:1] Disk full`,
    state: status === 'firing' ? 'alerting' : 'ok',
    message: '**Firing**',
  });
  const disk = (status: string, labels: Record<string, string> = {}, annotations: Record<string, string> = { summary: 'Disk on db-1 is 97% full' }) => ({
    status,
    labels: { alertname: 'Disk full', grafana_folder: 'Infra', host: 'db-1', severity: 'critical', ...labels },
    annotations,
    startsAt: '2026-04-02T07:45:00+02:00',
    endsAt: status === 'resolved' ? '2026-04-02T07:55:00+02:00' : '0001-01-01T00:00:00Z',
    generatorURL: 'https://grafana.acme.test/alerting/grafana/u1/view?orgId=1',
    fingerprint: '9a1b2c3d4e5f6071',
    silenceURL: 'https://grafana.acme.test/alerting/silence/new?matcher=alertname%3DDisk+full',
    dashboardURL: 'https://grafana.acme.test/d/abc',
    panelURL: 'https://grafana.acme.test/d/abc?viewPanel=2',
    values: { B: 97.1, C: 1 },
    valueString: "[ var='B' labels={host=db-1} value=97.1 ]",
  });

  it('firing then resolved (values, valueString, silence/dashboard/panel URLs read or ignored): one identity, each by its own status', () => {
    const [fire] = normaliseAlerts('grafana', grafana([disk('firing')]), at);
    expect(fire).toMatchObject({ source: 'grafana', kind: 'alert', status: 'firing', severity: 'critical', title: 'Disk full: Disk on db-1 is 97% full', resource: 'db-1', identity: '9a1b2c3d4e5f6071', at: '2026-04-02T05:45:00.000Z', url: 'https://grafana.acme.test/alerting/grafana/u1/view?orgId=1' });
    const [ok] = normaliseAlerts('grafana', grafana([disk('resolved')], 'resolved'), at);
    expect(ok).toMatchObject({ status: 'resolved', identity: '9a1b2c3d4e5f6071', at: '2026-04-02T05:55:00.000Z' });
    // No annotations at all: the value string is the message.
    expect(normaliseAlerts('grafana', grafana([disk('firing', {}, {})]), at)[0]!.message).toContain('value=97.1');
    // A relative generatorURL (Grafana 12) is made absolute against externalURL; none at all falls back to the panel.
    expect(normaliseAlerts('grafana', grafana([{ ...disk('firing'), generatorURL: '?orgId=1' }]), at)[0]!.url).toBe('https://grafana.acme.test/?orgId=1');
    expect(normaliseAlerts('grafana', grafana([{ ...disk('firing'), generatorURL: '' }]), at)[0]!.url).toBe('https://grafana.acme.test/d/abc?viewPanel=2');
  });

  it('DatasourceNoData and DatasourceError: named after the rule, no data low, errors medium with the error as message', () => {
    const [noData] = normaliseAlerts('grafana', grafana([disk('firing', { alertname: 'DatasourceNoData', rulename: 'Disk full', severity: '' }, {})]), at);
    expect(noData).toMatchObject({ title: 'Disk full: no data', severity: 'low' });
    const [error] = normaliseAlerts('grafana', grafana([{ ...disk('firing', { alertname: 'DatasourceError', rulename: 'Disk full', severity: '' }, { Error: 'query timed out after 30s' }) }]), at);
    expect(error).toMatchObject({ title: 'Disk full: data source error', severity: 'medium', message: 'query timed out after 30s' });
  });

  it('a test notification is a test signal', () => {
    const [test] = normaliseAlerts('grafana', grafana([{ ...disk('firing', { alertname: 'TestAlert', instance: 'Grafana' }), fingerprint: '57c6d9296de2ad39' }]), at);
    expect(test).toMatchObject({ kind: 'test', severity: 'info' });
  });

  it('legacy alerting: alerting and no_data fire, ok resolves (one identity per rule), paused and pending change nothing, the test notification is a test', () => {
    const legacy = (state: string, extra: Record<string, unknown> = {}) => ({
      dashboardId: 4,
      evalMatches: state === 'alerting' ? [{ value: 91, metric: 'cpu', tags: { host: 'web-1' } }] : [],
      message: 'CPU above 90%',
      orgId: 1,
      panelId: 2,
      ruleId: 12,
      ruleName: 'Web CPU',
      ruleUrl: 'https://grafana.acme.test/d/web?panelId=2&fullscreen&orgId=1',
      state,
      tags: { severity: 'warning' },
      title: `[${state}] Web CPU`,
      ...extra,
    });
    expect(normaliseAlerts('grafana', legacy('alerting'), at)[0]).toMatchObject({ kind: 'legacy_alert', status: 'firing', severity: 'medium', title: 'Web CPU', identity: 'rule:12', message: 'CPU above 90%\ncpu=91' });
    expect(normaliseAlerts('grafana', legacy('no_data'), at)[0]).toMatchObject({ status: 'firing', severity: 'low', identity: 'rule:12' });
    expect(normaliseAlerts('grafana', legacy('ok'), at)[0]).toMatchObject({ status: 'resolved', severity: 'info', identity: 'rule:12' });
    expect(normaliseAlerts('grafana', legacy('paused'), at)).toEqual([]);
    expect(normaliseAlerts('grafana', legacy('pending'), at)).toEqual([]);
    const [test] = normaliseAlerts('grafana', legacy('alerting', { ruleId: 0, ruleName: 'Test notification', message: 'Someone is testing the alert notification within Grafana.' }), at);
    expect(test).toMatchObject({ kind: 'test', severity: 'info' });
    // Versions that sent no ruleId: the rule's URL stands for it.
    const { ruleId: _omitted, ...noId } = legacy('alerting');
    expect(normaliseAlerts('grafana', noId, at)[0]!.identity).toBe('rule:https://grafana.acme.test/d/web?panelId=2&fullscreen&orgId=1');
  });

  it('refuses with 422 a legacy state it does not know', () => {
    expect(() => normaliseAlerts('grafana', { ruleId: 3, ruleName: 'R', state: 'exploded', evalMatches: [] }, at)).toThrow(expect.objectContaining({ status: 422, message: expect.stringContaining('exploded') }));
  });
});
