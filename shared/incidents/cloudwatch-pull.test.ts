/**
 * CloudWatch pulls through the real SDK adapter with mocked clients (no stand-in serves STS,
 * CloudWatch or CloudWatch Logs): AssumeRole with the external id, alarms in ALARM over pages,
 * their return to OK, log events from a checkpoint, AccessDenied and throttling as the
 * connection's status.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { functionTestEnv } from '../../test/support/function-env.ts';
import type { CloudWatchApi } from './cloudwatch-pull.ts';
import { backoffMs, pullConnection, testConnection, type Connection, type ConnectionDeps } from './connections.ts';
import { fingerprintOf } from './fingerprint.ts';
import type { SignalBatch } from './model.ts';
import { normaliseCloudWatch } from './normalise/cloudwatch.ts';

const sts = mockClient(STSClient);
const cw = mockClient(CloudWatchClient);
const logs = mockClient(CloudWatchLogsClient);

const NOW = new Date('2026-11-28T12:00:00.000Z');
const ARN_A = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:checkout-errors';
const ARN_B = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:site-down';
const ROLE = 'arn:aws:iam::123456789012:role/mosaic-read';
const GROUP = '/aws/lambda/checkout';

const alarmA = (state: 'ALARM' | 'OK', at: string) => ({
  AlarmName: 'checkout-errors',
  AlarmArn: ARN_A,
  AlarmDescription: 'Checkout errors. severity: critical',
  StateValue: state,
  StateReason: state === 'ALARM' ? 'Threshold Crossed: 1 datapoint [7.0] was greater than the threshold (5.0).' : 'Threshold Crossed: back under.',
  StateUpdatedTimestamp: new Date(at),
  MetricName: 'Errors',
  Namespace: 'AWS/Lambda',
  Dimensions: [{ Name: 'FunctionName', Value: 'checkout' }],
});
const alarmB = { AlarmName: 'site-down', AlarmArn: ARN_B, StateValue: 'ALARM' as const, StateReason: 'Composite: checkout-errors', StateUpdatedTimestamp: new Date('2026-11-28T11:50:00Z'), AlarmRule: 'ALARM(checkout-errors)' };

let api: CloudWatchApi;
let store: Map<string, Connection>;
let sent: SignalBatch[];
let slept: number[];

function deps(): ConnectionDeps & { enqueue(b: SignalBatch[]): Promise<void> } {
  return {
    projects: { member: async () => ({ userId: 'u1', role: 'owner' }), get: async () => ({ id: 'p1' }) } as never,
    connections: {
      list: async () => [...store.values()],
      get: async (_p, id) => structuredClone(store.get(id)),
      put: async (c) => void store.set(c.id, structuredClone(c)),
      remove: async (_p, id) => void store.delete(id),
      due: async () => [],
    },
    box: { seal: async (plain) => ({ plain }) as never, open: async (sealed) => (sealed as unknown as { plain: string }).plain },
    fetcher: () => Promise.reject(new Error('no HTTP here')),
    allowLocalHttp: false,
    newId: () => 'c1',
    now: () => NOW,
    cloudwatch: api,
    sleep: async (ms) => void slept.push(ms),
    enqueue: async (batches) => void sent.push(...batches),
  };
}

function connect(id: string, role = ROLE, extra: Record<string, string> = {}) {
  store.set(id, {
    id,
    projectId: 'p1',
    source: 'cloudwatch',
    name: 'prod account',
    config: { region: 'eu-west-1', logGroups: GROUP, ...extra },
    sealedCredentials: JSON.stringify({ plain: JSON.stringify({ roleArn: role, externalId: 'mosaic-ext-7f3a' }) }),
    hint: '…read',
    createdAt: NOW.toISOString(),
    status: { state: 'never', failures: 0, nextPullAt: NOW.toISOString() },
  });
}

const signals = () => sent.flatMap((b) => b.signals);

beforeEach(async () => {
  for (const [k, v] of Object.entries(functionTestEnv('test', { AWS_REGION: 'eu-west-1' }))) vi.stubEnv(k, v);
  vi.resetModules();
  const aws = await import('./cloudwatch-aws.ts');
  api = aws.awsCloudWatch;
  sts.reset();
  cw.reset();
  logs.reset();
  sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIA1', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) } });
  store = new Map();
  sent = [];
  slept = [];
});
afterEach(() => vi.unstubAllEnvs());

describe('CloudWatch pulls', () => {
  it('assumes the role with the external id, reads every page of alarms in ALARM and of matching log events', async () => {
    connect('c1');
    cw.on(DescribeAlarmsCommand, { StateValue: 'ALARM' }).resolvesOnce({ MetricAlarms: [alarmA('ALARM', '2026-11-28T11:55:00Z')], NextToken: 'page-2' }).resolvesOnce({ CompositeAlarms: [alarmB] });
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [{ eventId: 'e1', timestamp: Date.parse('2026-11-28T11:58:00Z'), logStreamName: '2026/11/28/[$LATEST]ab', message: 'ERROR payment 4411 declined for order 77' }], nextToken: 'logs-2' })
      .resolvesOnce({ events: [{ eventId: 'e2', timestamp: Date.parse('2026-11-28T11:59:00Z'), logStreamName: '2026/11/28/[$LATEST]ab', message: 'FATAL out of memory' }] });

    expect(await pullConnection(deps(), { projectId: 'p1', connectionId: 'c1' })).toEqual({ pulled: 4, state: 'ok' });

    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toMatchObject({ RoleArn: ROLE, ExternalId: 'mosaic-ext-7f3a', RoleSessionName: 'mosaic-c1' });
    const alarmCalls = cw.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input);
    expect(alarmCalls).toEqual([
      { StateValue: 'ALARM', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100 },
      { StateValue: 'ALARM', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100, NextToken: 'page-2' },
    ]);
    const logCalls = logs.commandCalls(FilterLogEventsCommand).map((c) => c.args[0].input);
    expect(logCalls[0]).toMatchObject({ logGroupName: GROUP, filterPattern: '?ERROR ?Error ?FATAL ?Exception ?Traceback', endTime: NOW.getTime() });
    expect(logCalls[1]).toMatchObject({ nextToken: 'logs-2', startTime: logCalls[0]!.startTime });

    const [a, b, e1, e2] = signals();
    expect(a).toMatchObject({ source: 'cloudwatch', kind: 'alarm', status: 'firing', severity: 'critical', identity: ARN_A, service: 'checkout', title: 'checkout-errors' });
    expect(a!.labels).toMatchObject({ state: 'ALARM', metric: 'Errors', namespace: 'AWS/Lambda', account: '123456789012', region: 'eu-west-1' });
    expect(b).toMatchObject({ identity: ARN_B, status: 'firing', severity: 'high' });
    expect(e1).toMatchObject({ kind: 'log', status: 'firing', severity: 'high', service: 'checkout', title: 'ERROR payment 4411 declined for order 77', at: '2026-11-28T11:58:00.000Z' });
    expect(e1!.identity).toBeUndefined();
    expect(e2).toMatchObject({ severity: 'critical' });
    expect(store.get('c1')!.status).toMatchObject({ state: 'ok', failures: 0 });
    expect(JSON.parse(store.get('c1')!.checkpoint!)).toEqual({
      firing: { [ARN_A]: 'checkout-errors', [ARN_B]: 'site-down' },
      logs: { [GROUP]: { t: Date.parse('2026-11-28T11:59:00Z'), ids: ['e2'] } },
    });
  });

  it('gives a pulled alarm the identity SNS gives the same alarm, so both land on one fingerprint', async () => {
    connect('c1', ROLE, { logGroups: '' });
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarmA('ALARM', '2026-11-28T11:55:00Z')] });
    await pullConnection(deps(), { projectId: 'p1', connectionId: 'c1' });
    const pushed = normaliseCloudWatch(
      {
        Type: 'Notification',
        Subject: 'ALARM: "checkout-errors" in EU (Ireland)',
        Message: JSON.stringify({ AlarmName: 'checkout-errors', AlarmArn: ARN_A, NewStateValue: 'ALARM', Region: 'EU (Ireland)', AWSAccountId: '123456789012', StateChangeTime: '2026-11-28T11:55:00.000+0000', Trigger: { MetricName: 'Errors', Namespace: 'AWS/Lambda', Dimensions: [{ name: 'FunctionName', value: 'checkout' }] } }),
      },
      NOW.toISOString(),
    );
    expect(fingerprintOf(signals()[0]!)).toBe(fingerprintOf(pushed[0]!));
    expect(fingerprintOf(signals()[0]!)).toBe(`cloudwatch:${ARN_A}`);
  });

  it('reads a pulled composite alarm (its rule) and a metric-math alarm (dimensions on its metrics) as their SNS messages read', async () => {
    connect('c1', ROLE, { logGroups: '' });
    const math = {
      AlarmName: 'resize-error-rate',
      AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:resize-error-rate',
      StateValue: 'ALARM' as const,
      StateUpdatedTimestamp: new Date('2026-11-28T11:58:00Z'),
      Metrics: [
        { Id: 'rate', Expression: '100*e/i', Label: 'Error rate', ReturnData: true },
        { Id: 'e', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: 'resize' }] }, Period: 60, Stat: 'Sum' }, ReturnData: false },
      ],
    };
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [math], CompositeAlarms: [alarmB] });
    await pullConnection(deps(), { projectId: 'p1', connectionId: 'c1' });
    const pulled = signals();
    expect(pulled.find((s) => s.title === 'resize-error-rate')).toMatchObject({ service: 'resize', resource: 'FunctionName=resize', labels: { metric: 'Error rate', namespace: 'AWS/Lambda' } });
    const [pushed] = normaliseCloudWatch({ Type: 'Notification', Message: JSON.stringify({ AlarmName: 'site-down', AlarmArn: ARN_B, NewStateValue: 'ALARM', AlarmRule: 'ALARM(checkout-errors)', TriggeringChildren: [] }) }, NOW.toISOString());
    const composite = pulled.find((s) => s.title === 'site-down')!;
    expect(composite.labels).toMatchObject({ type: 'composite', rule: 'ALARM(checkout-errors)' });
    expect(fingerprintOf(composite)).toBe(fingerprintOf(pushed!));
    expect(pushed!.labels).toMatchObject({ type: 'composite', rule: composite.labels.rule });
  });

  it('resolves an alarm seen firing once it is OK, and reads logs on from the checkpoint without repeats', async () => {
    connect('c1');
    cw.on(DescribeAlarmsCommand, { StateValue: 'ALARM' }).resolvesOnce({ MetricAlarms: [alarmA('ALARM', '2026-11-28T11:55:00Z')], CompositeAlarms: [alarmB] });
    const e2 = { eventId: 'e2', timestamp: Date.parse('2026-11-28T11:59:00Z'), logStreamName: 's', message: 'ERROR one' };
    logs.on(FilterLogEventsCommand).resolvesOnce({ events: [e2] });
    await pullConnection(deps(), { projectId: 'p1', connectionId: 'c1' });
    const firstKeys = sent.map((b) => b.deliveryId);

    // Next pull: A is OK now, B still in ALARM; the log group answers e2 again (same millisecond) and e3.
    sent = [];
    cw.on(DescribeAlarmsCommand, { StateValue: 'ALARM' }).resolves({ CompositeAlarms: [alarmB] });
    cw.on(DescribeAlarmsCommand, { AlarmNames: ['checkout-errors'] }).resolves({ MetricAlarms: [alarmA('OK', '2026-11-28T12:02:00Z')] });
    logs.on(FilterLogEventsCommand).resolves({ events: [e2, { eventId: 'e3', timestamp: Date.parse('2026-11-28T12:01:00Z'), logStreamName: 's', message: 'ERROR two' }] });
    expect(await pullConnection(deps(), { projectId: 'p1', connectionId: 'c1' })).toEqual({ pulled: 3, state: 'ok' });

    expect(logs.commandCalls(FilterLogEventsCommand)[1]!.args[0].input.startTime).toBe(e2.timestamp);
    expect(signals().map((s) => [s.kind, s.identity ?? s.message, s.status])).toEqual([
      ['alarm', ARN_B, 'firing'],
      ['alarm', ARN_A, 'resolved'],
      ['log', 'ERROR two', 'firing'],
    ]);
    // B unchanged: the same delivery id as before, which the consumer drops as a repeat.
    expect(sent[0]!.deliveryId).toBe(firstKeys[1]);
    expect(JSON.parse(store.get('c1')!.checkpoint!).firing).toEqual({ [ARN_B]: 'site-down' });
    // The role was assumed once: the session is kept while its credentials last.
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('resolves an alarm that was deleted, and keeps watching one in INSUFFICIENT_DATA', async () => {
    connect('c1', ROLE, { logGroups: '' });
    store.get('c1')!.checkpoint = JSON.stringify({ firing: { [ARN_A]: 'checkout-errors', [ARN_B]: 'site-down' }, logs: {} });
    cw.on(DescribeAlarmsCommand, { StateValue: 'ALARM' }).resolves({});
    cw.on(DescribeAlarmsCommand, { AlarmNames: ['checkout-errors', 'site-down'] }).resolves({ MetricAlarms: [{ ...alarmA('OK', '2026-11-28T12:00:00Z'), StateValue: 'INSUFFICIENT_DATA' }] });
    await pullConnection(deps(), { projectId: 'p1', connectionId: 'c1' });
    expect(signals().map((s) => [s.identity, s.status, s.message])).toEqual([[ARN_B, 'resolved', 'The alarm was deleted.']]);
    expect(JSON.parse(store.get('c1')!.checkpoint!).firing).toEqual({ [ARN_A]: 'checkout-errors' });
  });

  it('AccessDenied on AssumeRole: the connection shows why and backs off; the test says the same', async () => {
    connect('c1', 'arn:aws:iam::210987654321:role/not-trusting');
    sts.on(AssumeRoleCommand, { RoleArn: 'arn:aws:iam::210987654321:role/not-trusting' }).rejects(Object.assign(new Error('User is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }));
    expect(await pullConnection(deps(), { projectId: 'p1', connectionId: 'c1' })).toEqual({ pulled: 0, state: 'error' });
    const status = store.get('c1')!.status;
    expect(status).toMatchObject({ state: 'error', failures: 1, nextPullAt: new Date(NOW.getTime() + backoffMs(1)).toISOString() });
    expect(status.lastError).toMatch(/may not assume arn:aws:iam::210987654321:role\/not-trusting \(AccessDenied\).*trust policy.*external id/);
    expect(sent).toEqual([]);
    const test = await testConnection(deps(), 'p1', 'u1', 'c1');
    expect(test).toMatchObject({ ok: false, detail: status.lastError });
  });

  it('AccessDenied on the log group: names the missing permission', async () => {
    connect('c1');
    cw.on(DescribeAlarmsCommand).resolves({});
    logs.on(FilterLogEventsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    await pullConnection(deps(), { projectId: 'p1', connectionId: 'c1' });
    expect(store.get('c1')!.status.lastError).toBe('The assumed role may not call logs:FilterLogEvents (AccessDeniedException); add it to the role’s permissions.');
  });

  it('throttling: retried with growing pauses; still throttled, the connection backs off', async () => {
    connect('c1', ROLE, { logGroups: '' });
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
    cw.on(DescribeAlarmsCommand).rejectsOnce(throttled).rejectsOnce(throttled).resolves({ MetricAlarms: [alarmA('ALARM', '2026-11-28T11:55:00Z')] });
    expect(await pullConnection(deps(), { projectId: 'p1', connectionId: 'c1' })).toEqual({ pulled: 1, state: 'ok' });
    expect(slept).toEqual([500, 1000]);

    slept = [];
    cw.reset();
    cw.on(DescribeAlarmsCommand).rejects(throttled);
    store.get('c1')!.status.failures = 2;
    expect(await pullConnection(deps(), { projectId: 'p1', connectionId: 'c1' })).toEqual({ pulled: 0, state: 'error' });
    expect(slept).toEqual([500, 1000, 2000]);
    expect(store.get('c1')!.status).toMatchObject({ state: 'error', failures: 3, nextPullAt: new Date(NOW.getTime() + backoffMs(3)).toISOString() });
    expect(store.get('c1')!.status.lastError).toMatch(/throttled DescribeAlarms 4 times/);
  });

  it('test connection: assumes the role, counts alarms in ALARM, checks each log group', async () => {
    connect('c1', ROLE, { logGroups: `${GROUP}, /ecs/shop` });
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarmA('ALARM', '2026-11-28T11:55:00Z')], CompositeAlarms: [alarmB] });
    logs.on(FilterLogEventsCommand, { logGroupName: GROUP }).resolves({ events: [] });
    logs.on(FilterLogEventsCommand, { logGroupName: '/ecs/shop' }).rejects(Object.assign(new Error('The specified log group does not exist.'), { name: 'ResourceNotFoundException' }));
    expect(await testConnection(deps(), 'p1', 'u1', 'c1')).toMatchObject({ ok: false, detail: 'Log group /ecs/shop does not exist in eu-west-1.' });
    logs.on(FilterLogEventsCommand, { logGroupName: '/ecs/shop' }).resolves({ events: [] });
    expect(await testConnection(deps(), 'p1', 'u1', 'c1')).toMatchObject({ ok: true, detail: `Assumed ${ROLE} in eu-west-1: 2 alarms in ALARM; 2 log groups readable.` });
    expect(store.get('c1')!.status.lastTest).toMatchObject({ ok: true });
  });
});
