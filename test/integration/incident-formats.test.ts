/**
 * Webhook variants that change what happens end to end, through the real hook path (local
 * runtime over HTTP): a composite CloudWatch alarm firing then OK resolves its incident (also
 * when a forwarder passes SNS's Lambda event on), a configuration change opens nothing, an
 * Alertmanager group whose alerts fire and resolve one by one, a Sentry issue alert resolved by
 * issue.resolved with an assignment in between changing nothing. Payloads are small ones
 * written here; the per-variant unit tests are in shared/incidents/normalise/formats.test.ts.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { as, call, eventually, newUser, type TestUser } from '../support/http-client.ts';

const base = inject('mosaic').url;

async function project(owner: TestUser, name: string) {
  const res = await as(base, owner).post('/v1/projects', { name, groupWaitSeconds: 0 });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function incidents(user: TestUser, projectId: string, state = 'active') {
  return (await as(base, user).get(`/v1/projects/${projectId}/incidents?state=${state}`)).body.items as any[];
}

describe('CloudWatch composite alarms and non-alarm messages through SNS', () => {
  const topicArn = 'arn:aws:sns:us-east-2:210987654321:checkout-alarms';
  const alarmArn = 'arn:aws:cloudwatch:us-east-2:210987654321:alarm:checkout-degraded';
  const composite = (state: 'ALARM' | 'OK') =>
    JSON.stringify({
      AlarmName: 'checkout-degraded',
      AlarmDescription: 'Checkout is degraded. severity: critical',
      AWSAccountId: '210987654321',
      NewStateValue: state,
      NewStateReason: `checkout-5xx transitioned to ${state}`,
      StateChangeTime: new Date().toISOString().replace('Z', '+0000'),
      Region: 'US East (Ohio)',
      AlarmArn: alarmArn,
      OldStateValue: state === 'OK' ? 'ALARM' : 'OK',
      OKActions: [],
      AlarmActions: [topicArn],
      InsufficientDataActions: [],
      AlarmRule: 'ALARM("checkout-5xx") OR ALARM("checkout-latency")',
      TriggeringChildren: [{ Arn: 'arn:aws:cloudwatch:us-east-2:210987654321:alarm:checkout-5xx', State: { Value: state, Timestamp: '2026-04-02T07:59:00.000+0000' } }],
    });
  const envelope = async (input: Record<string, unknown>) => (await call(base, 'POST', '/_local/sns/envelope', { json: input })).body;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => call(base, 'POST', path, { raw: JSON.stringify(body), headers: { 'content-type': 'text/plain; charset=UTF-8', ...headers } });

  it('a composite alarm opens an incident on ALARM and its OK (forwarded as a Lambda SNS event) resolves it; a configuration change opens nothing', async () => {
    const owner = await newUser(base);
    const projectId = await project(owner, 'Composite');
    const hook = (await as(base, owner).post(`/v1/projects/${projectId}/hooks`, { source: 'cloudwatch' })).body.hook;

    // Raw message delivery has no envelope to verify: refused, and told why.
    const raw = await post(hook.path, JSON.parse(composite('ALARM')), { 'x-amz-sns-rawdelivery': 'true' });
    expect(raw.status).toBe(401);
    expect(raw.body.error.message).toMatch(/raw message delivery/i);

    const config = await envelope({ message: JSON.stringify({ 'detail-type': 'CloudWatch Alarm Configuration Change', source: 'aws.cloudwatch', detail: { alarmName: 'checkout-degraded', operation: 'update' } }), topicArn });
    expect((await post(hook.path, config)).body).toMatchObject({ signals: 0, duplicate: false });

    const fire = await envelope({ message: composite('ALARM'), subject: 'ALARM: "checkout-degraded" in US East (Ohio)', topicArn });
    expect((await post(hook.path, fire)).body).toMatchObject({ signals: 1 });
    const incident = (await eventually(() => incidents(owner, projectId), (items) => items.length === 1))[0];
    expect(incident).toMatchObject({ title: 'checkout-degraded', severity: 'critical' });
    expect(incident.members).toHaveLength(1);
    expect(incident.members[0]).toMatchObject({ source: 'cloudwatch', identity: alarmArn, status: 'firing' });

    // The OK as a forwarder passes it on: SNS's Lambda event (its one record, Lambda key casing).
    const ok = await envelope({ message: composite('OK'), subject: 'OK: "checkout-degraded" in US East (Ohio)', topicArn });
    const { SigningCertURL, UnsubscribeURL, ...rest } = ok;
    const lambdaEvent = { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${topicArn}:sub-1`, Sns: { ...rest, SigningCertUrl: SigningCertURL, UnsubscribeUrl: UnsubscribeURL, MessageAttributes: {} } }] };
    expect((await post(hook.path, lambdaEvent, { 'content-type': 'application/json' })).body).toMatchObject({ signals: 1, duplicate: false });
    const resolved = await eventually(() => incidents(owner, projectId, 'resolved'), (items) => items.some((i) => i.id === incident.id));
    expect(resolved.find((i) => i.id === incident.id).members[0]).toMatchObject({ identity: alarmArn, status: 'resolved' });
    expect(await incidents(owner, projectId)).toEqual([]);
  });
});

describe('an Alertmanager group whose alerts fire and resolve one by one', () => {
  const group = (statuses: Record<string, 'firing' | 'resolved'>) => ({
    version: '4',
    groupKey: '{}/{team="db"}:{alertname="PgReplicationLag"}',
    truncatedAlerts: 0,
    status: Object.values(statuses).includes('firing') ? 'firing' : 'resolved',
    receiver: 'mosaic',
    groupLabels: { alertname: 'PgReplicationLag' },
    commonLabels: { alertname: 'PgReplicationLag', team: 'db', job: 'postgres' },
    commonAnnotations: {},
    externalURL: 'http://am.internal:9093',
    alerts: Object.entries(statuses).map(([instance, status]) => ({
      status,
      labels: { alertname: 'PgReplicationLag', team: 'db', job: 'postgres', severity: 'critical', instance },
      annotations: { summary: `Replica ${instance} lags` },
      startsAt: '2026-04-02T07:50:00Z',
      // A firing alert carries a future endsAt: only `status` counts.
      endsAt: status === 'resolved' ? '2026-04-02T07:58:00Z' : '2099-01-01T00:00:00Z',
      generatorURL: '/graph?g0.expr=pg_lag',
      fingerprint: `fp-${instance}`,
    })),
  });

  it('keeps the incident open while one alert still fires and resolves it when the last one resolves', async () => {
    const owner = await newUser(base);
    const projectId = await project(owner, 'Postgres');
    const am = (await as(base, owner).post(`/v1/projects/${projectId}/hooks`, { source: 'alertmanager' })).body;
    const send = (body: unknown) => call(base, 'POST', am.hook.path, { raw: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${am.secret}` } });

    expect((await send(group({ 'pg-2': 'firing', 'pg-3': 'firing' }))).body).toMatchObject({ signals: 2 });
    const opened = await eventually(() => incidents(owner, projectId), (items) => items.length === 1 && items[0].members.length === 2);
    const id = opened[0].id;
    expect(opened[0]).toMatchObject({ severity: 'critical' });

    // One firing, one resolved in the same notification.
    expect((await send(group({ 'pg-2': 'firing', 'pg-3': 'resolved' }))).body).toMatchObject({ signals: 2 });
    const mixed = await eventually(() => incidents(owner, projectId), (items) => items[0]?.members.some((m: any) => m.identity === 'fp-pg-3' && m.status === 'resolved'));
    expect(mixed).toHaveLength(1);
    expect(mixed[0]).toMatchObject({ id, state: 'open' });
    expect(mixed[0].members.find((m: any) => m.identity === 'fp-pg-2')).toMatchObject({ status: 'firing', service: 'postgres' });

    expect((await send(group({ 'pg-2': 'resolved' }))).body).toMatchObject({ signals: 1 });
    await eventually(() => incidents(owner, projectId, 'resolved'), (items) => items.some((i) => i.id === id));
    expect(await incidents(owner, projectId)).toEqual([]);
  });
});

describe('a Sentry issue alert resolved by issue.resolved', () => {
  const secret = 'sentry-formats-secret-0123456789';
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest('hex');

  it('event_alert opens (service from the event URL), an assignment changes nothing, issue.resolved resolves', async () => {
    const owner = await newUser(base);
    const projectId = await project(owner, 'Billing');
    const hook = (await as(base, owner).post(`/v1/projects/${projectId}/hooks`, { source: 'sentry', secret })).body.hook;
    const send = (resource: string, body: unknown) => {
      const raw = JSON.stringify(body);
      return call(base, 'POST', hook.path, { raw, headers: { 'content-type': 'application/json', 'sentry-hook-resource': resource, 'sentry-hook-signature': sign(raw) } });
    };
    const issue = (action: string, status: string) => ({ action, installation: { uuid: 'u-1' }, data: { issue: { id: '88001', title: 'KeyError: plan_id', level: 'error', status, project: { slug: 'billing' } } } });

    const alert = { action: 'triggered', installation: { uuid: 'u-1' }, data: { event: { issue_id: '88001', title: 'KeyError: plan_id', level: 'error', datetime: new Date().toISOString(), url: 'https://sentry.io/api/0/projects/acme/billing/events/e1/' }, triggered_rule: 'Page billing' } };
    expect((await send('event_alert', alert)).body).toMatchObject({ signals: 1 });
    const incident = (await eventually(() => incidents(owner, projectId), (items) => items.length === 1))[0];
    expect(incident.members[0]).toMatchObject({ identity: 'issue:88001', service: 'billing', status: 'firing' });

    expect((await send('issue', issue('assigned', 'unresolved'))).body).toMatchObject({ signals: 0, duplicate: false });
    expect((await send('issue', issue('resolved', 'resolved'))).body).toMatchObject({ signals: 1 });
    await eventually(() => incidents(owner, projectId, 'resolved'), (items) => items.some((i) => i.id === incident.id));
  });
});
