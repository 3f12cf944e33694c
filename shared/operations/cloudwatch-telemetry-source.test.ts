import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { cloudWatchLogSource, cloudWatchMetricsSource, filterPattern } from './cloudwatch-telemetry-source.ts';

// No stand-in serves CloudWatch: the cloud adapters are checked against a mocked client.
describe('CloudWatch adapters', () => {
  it('reads requests, errors and latency percentiles with GetMetricData SEARCH expressions', async () => {
    const cw = mockClient(CloudWatchClient);
    const t0 = new Date('2026-11-28T10:00:00Z');
    const t1 = new Date('2026-11-28T10:05:00Z');
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'req', Timestamps: [t0, t1], Values: [12, 3] },
        { Id: 'err', Timestamps: [t1], Values: [1] },
        { Id: 'p50', Timestamps: [t0], Values: [8] },
        { Id: 'p95', Timestamps: [t0], Values: [40] },
        { Id: 'p99', Timestamps: [t0], Values: [90] },
        { Id: 'bysvc', Label: 'get-me', Timestamps: [t0, t1], Values: [10, 3] },
        { Id: 'bysvc', Label: 'login', Timestamps: [t0], Values: [2] },
        { Id: 'errsvc', Label: 'login', Timestamps: [t1], Values: [1] },
      ],
    });
    const report = await cloudWatchMetricsSource(new CloudWatchClient({})).query({ from: t0, to: new Date('2026-11-28T10:09:59Z'), periodSeconds: 300 });
    const input = cw.commandCalls(GetMetricDataCommand)[0]!.args[0].input;
    expect(input.MetricDataQueries!.find((q) => q.Id === 'p95')!.Expression).toBe(
      `MAX(SEARCH('{Mosaic,service} MetricName="latency" ', 'p95', 300))`,
    );
    expect(report.series).toEqual([
      { at: t0.toISOString(), requests: 12, errors: 0, p50: 8, p95: 40, p99: 90 },
      { at: t1.toISOString(), requests: 3, errors: 1 },
    ]);
    expect(report.services).toEqual([
      { service: 'get-me', requests: 13, errors: 0 },
      { service: 'login', requests: 2, errors: 1 },
    ]);
  });

  it('filters logs per function log group with a JSON pattern, then by level, newest first', async () => {
    const logs = mockClient(CloudWatchLogsClient);
    logs.on(FilterLogEventsCommand, { logGroupName: '/aws/lambda/mosaic-prod-get-me' }).resolves({
      events: [
        { timestamp: 1000, message: JSON.stringify({ level: 'INFO', message: 'request.completed', requestId: 'r1', service: 'get-me' }) },
        { timestamp: 3000, message: JSON.stringify({ level: 'ERROR', message: 'request.failed', requestId: 'r1', service: 'get-me' }) },
      ],
    });
    logs.on(FilterLogEventsCommand, { logGroupName: '/aws/lambda/mosaic-prod-login' }).resolves({
      events: [{ timestamp: 2000, message: JSON.stringify({ level: 'WARN', message: 'x', requestId: 'r1', service: 'login' }) }],
    });
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/aws/lambda/mosaic-prod-' }).resolves({
      logGroups: [{ logGroupName: '/aws/lambda/mosaic-prod-get-me' }, { logGroupName: '/aws/lambda/mosaic-prod-login' }],
    });
    const source = cloudWatchLogSource(new CloudWatchLogsClient({}), '/aws/lambda/mosaic-prod-');
    const lines = await source.query({ from: new Date(0), to: new Date(10_000), requestId: 'r1', level: 'WARN', limit: 10 });
    expect(lines.map((l) => [l.service, l.level])).toEqual([
      ['get-me', 'ERROR'],
      ['login', 'WARN'],
    ]);
    expect(logs.commandCalls(FilterLogEventsCommand)[0]!.args[0].input.filterPattern).toBe('{ $.requestId = "r1" }');
    expect(filterPattern({ userId: 'u"1' })).toBe('{ $.userId = "u1" }');
  });
});
