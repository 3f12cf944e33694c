/**
 * Incidents over HTTP against the local runtime: projects and members (non-members get 404,
 * viewers 403), hooks verified on the raw body (Sentry HMAC, bearer, Grafana HMAC), the bad
 * inputs of the issue, correlation into incidents, actions, notifications and outgoing webhooks.
 * Payloads are small ones written here (the real samples run in `npm run test:samples`).
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { as, call, eventually, newUser, type TestUser } from '../support/http-client.ts';

const base = inject('mosaic').url;

const sentryIssue = (id: string, action: 'created' | 'resolved', extra: Record<string, unknown> = {}) => ({
  action,
  installation: { uuid: 'inst-1' },
  data: {
    issue: {
      id,
      title: `TypeError: cannot read 'x' of undefined (${id})`,
      culprit: 'app/main.js',
      level: 'error',
      status: action === 'resolved' ? 'resolved' : 'unresolved',
      project: { slug: 'checkout' },
      lastSeen: new Date().toISOString(),
      ...extra,
    },
  },
  actor: { type: 'application', id: 'sentry', name: 'Sentry' },
});

const amAlert = (name: string, status: 'firing' | 'resolved', fingerprint: string, severity = 'critical', service = 'payments') => ({
  version: '4',
  groupKey: `{}:{alertname="${name}"}`,
  status,
  receiver: 'mosaic',
  groupLabels: { alertname: name },
  commonLabels: { alertname: name },
  commonAnnotations: {},
  externalURL: 'http://alertmanager.local:9093',
  alerts: [
    {
      status,
      labels: { alertname: name, severity, service, instance: 'pay-1' },
      annotations: { summary: `${name} on pay-1` },
      startsAt: '2026-03-01T10:00:00.123456789Z',
      endsAt: status === 'resolved' ? '2026-03-01T10:05:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: '/graph?g0.expr=up',
      fingerprint,
    },
  ],
});

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

async function project(owner: TestUser, name = 'Checkout') {
  const res = await as(base, owner).post('/v1/projects', { name, groupWaitSeconds: 0 });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

function deliver(hookPath: string, body: string, headers: Record<string, string>) {
  return call(base, 'POST', hookPath, { raw: body, headers: { 'content-type': 'application/json', ...headers } });
}

async function incidents(user: TestUser, projectId: string, state = 'active') {
  return (await as(base, user).get(`/v1/projects/${projectId}/incidents?state=${state}`)).body.items as any[];
}

describe('projects and members', () => {
  it('lets the owner invite by email with a role; non-members get 404, viewers 403', async () => {
    const owner = await newUser(base);
    const viewer = await newUser(base);
    const stranger = await newUser(base);
    const id = await project(owner);
    const o = as(base, owner);
    expect((await o.post(`/v1/projects/${id}/members`, { email: viewer.email.toUpperCase(), role: 'viewer' })).status).toBe(201);
    expect((await o.post(`/v1/projects/${id}/members`, { email: 'nobody-here@example.com', role: 'viewer' })).status).toBe(404);
    expect((await o.post(`/v1/projects/${id}/members`, { email: viewer.email, role: 'viewer' })).status).toBe(409);

    const members = (await o.get(`/v1/projects/${id}/members`)).body.items;
    expect(members.map((m: any) => m.role)).toEqual(['owner', 'viewer']);
    // An update that names nothing to change is refused, and changes nothing.
    const before = (await o.get(`/v1/projects/${id}`)).body;
    expect((await o.patch(`/v1/projects/${id}`, {})).status).toBe(400);
    expect((await o.get(`/v1/projects/${id}`)).body.updatedAt).toBe(before.updatedAt);

    const v = as(base, viewer);
    expect((await v.get(`/v1/projects/${id}`)).body.role).toBe('viewer');
    expect((await v.get('/v1/projects')).body.items.map((p: any) => p.id)).toContain(id);
    expect((await v.patch(`/v1/projects/${id}`, { name: 'Mine now' })).status).toBe(403);
    expect((await v.post(`/v1/projects/${id}/hooks`, { source: 'sentry' })).status).toBe(403);

    const s = as(base, stranger);
    for (const path of [`/v1/projects/${id}`, `/v1/projects/${id}/members`, `/v1/projects/${id}/incidents`, `/v1/projects/${id}/hooks`]) {
      expect((await s.get(path)).status, path).toBe(404);
    }
    expect((await s.delete(`/v1/projects/${id}`)).status).toBe(404);
    expect((await s.get('/v1/projects')).body.items).toEqual([]);

    // The last owner cannot step down or leave; a viewer may leave.
    expect((await o.patch(`/v1/projects/${id}/members/${owner.id}`, { role: 'viewer' })).status).toBe(409);
    expect((await o.delete(`/v1/projects/${id}/members/${owner.id}`)).status).toBe(400);
    expect((await v.delete(`/v1/projects/${id}/members/${viewer.id}`)).status).toBe(204);
    expect((await v.get(`/v1/projects/${id}`)).status).toBe(404);
  });

  it('deletes a project with its hooks: the hook URL stops working', async () => {
    const owner = await newUser(base);
    const id = await project(owner);
    const o = as(base, owner);
    const hook = (await o.post(`/v1/projects/${id}/hooks`, { source: 'alertmanager' })).body;
    expect((await o.delete(`/v1/projects/${id}`)).status).toBe(204);
    expect((await o.get(`/v1/projects/${id}`)).status).toBe(404);
    const body = JSON.stringify(amAlert('Gone', 'firing', 'f-gone'));
    expect((await deliver(hook.hook.path, body, { authorization: `Bearer ${hook.secret}` })).status).toBe(404);
  });
});

describe('hooks: verify, then enqueue', () => {
  let owner: TestUser;
  let viewer: TestUser;
  let projectId: string;
  let sentryPath: string;
  let amPath: string;
  let amToken: string;
  const sentrySecret = 'sentry-client-secret-0123456789';

  beforeAll(async () => {
    owner = await newUser(base);
    viewer = await newUser(base);
    projectId = await project(owner);
    const o = as(base, owner);
    await o.post(`/v1/projects/${projectId}/members`, { email: viewer.email, role: 'viewer' });
    const sentry = (await o.post(`/v1/projects/${projectId}/hooks`, { source: 'sentry', secret: sentrySecret })).body;
    sentryPath = sentry.hook.path;
    expect(sentry.secret).toBeNull();
    expect(sentry.hook.secretHint).toBe('…6789');
    const am = (await o.post(`/v1/projects/${projectId}/hooks`, { source: 'alertmanager' })).body;
    amPath = am.hook.path;
    amToken = am.secret;
    expect(amToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const listed = (await o.get(`/v1/projects/${projectId}/hooks`)).body.items;
    expect(JSON.stringify(listed)).not.toContain(amToken);
    expect(JSON.stringify(listed)).not.toContain(sentrySecret);
  });

  it('refuses unsigned and wrongly signed deliveries with 401 and stores nothing', async () => {
    const body = JSON.stringify(sentryIssue('901', 'created'));
    expect((await deliver(sentryPath, body, {})).status).toBe(401);
    expect((await deliver(sentryPath, body, { 'sentry-hook-signature': sign('wrong-secret-123', body) })).status).toBe(401);
    const am = JSON.stringify(amAlert('Unsigned', 'firing', 'f-unsigned'));
    expect((await deliver(amPath, am, {})).status).toBe(401);
    expect((await deliver(amPath, am, { authorization: 'Bearer not-the-token' })).status).toBe(401);
    const hooks = (await as(base, owner).get(`/v1/projects/${projectId}/hooks`)).body.items;
    expect(hooks.every((h: any) => h.deliveries === 0)).toBe(true);
    expect(await incidents(owner, projectId)).toEqual([]);
  });

  it('answers 404 for an unknown hook, 413 for an oversize body, 400 for malformed JSON, 422 for an unknown shape', async () => {
    expect((await deliver('/v1/hooks/h' + 'A'.repeat(43), '{}', {})).status).toBe(404);
    expect((await deliver('/v1/hooks/nope', '{}', {})).status).toBe(404);
    const big = JSON.stringify({ pad: 'x'.repeat(300 * 1024) });
    expect((await deliver(amPath, big, { authorization: `Bearer ${amToken}` })).status).toBe(413);
    const junk = '{"alerts": [';
    const bad = await deliver(amPath, junk, { authorization: `Bearer ${amToken}` });
    expect(bad.status).toBe(400);
    const odd = JSON.stringify({ hello: 'world' });
    const unknown = await deliver(sentryPath, odd, { 'sentry-hook-signature': sign(sentrySecret, odd) });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toMatch(/legacy WebHooks plugin/);
  });

  it('accepts a signed Sentry issue (202), drops a replay, and resolves the incident on issue.resolved', async () => {
    const created = JSON.stringify(sentryIssue('1001', 'created'));
    const headers = { 'sentry-hook-signature': sign(sentrySecret, created), 'sentry-hook-resource': 'issue', 'request-id': 'aaaabbbbccccdddd0001' };
    const first = await deliver(sentryPath, created, headers);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ signals: 1, duplicate: false });
    const replay = await deliver(sentryPath, created, headers);
    expect(replay.status).toBe(202);
    expect(replay.body.duplicate).toBe(true);
    const open = await eventually(() => incidents(owner, projectId), (items) => items.some((i) => i.title.includes('1001')));
    const incident = open.find((i) => i.title.includes('1001'));
    expect(incident).toMatchObject({ state: 'open', severity: 'high', signalCount: 1 });
    expect(incident.members[0]).toMatchObject({ source: 'sentry', identity: 'issue:1001', service: 'checkout' });

    const resolved = JSON.stringify(sentryIssue('1001', 'resolved'));
    expect((await deliver(sentryPath, resolved, { 'sentry-hook-signature': sign(sentrySecret, resolved), 'sentry-hook-resource': 'issue' })).status).toBe(202);
    const after = await eventually(() => incidents(owner, projectId, 'resolved'), (items) => items.some((i) => i.id === incident.id));
    expect(after.find((i) => i.id === incident.id).state).toBe('resolved');
    const timeline = await eventually(
      async () => (await as(base, viewer).get(`/v1/projects/${projectId}/incidents/${incident.id}/timeline`)).body.items,
      (items: any[]) => items.length === 4,
    );
    expect(timeline.map((e: any) => e.kind)).toEqual(['opened', 'signal', 'signal', 'resolved']);
  });

  it('opens a new linked incident when a resolved one fires again (it never absorbs)', async () => {
    const fire = JSON.stringify(amAlert('DiskFull', 'firing', 'fp-disk'));
    const auth = { authorization: `Bearer ${amToken}` };
    expect((await deliver(amPath, fire, auth)).status).toBe(202);
    const first = (await eventually(() => incidents(owner, projectId), (items) => items.some((i) => i.title.startsWith('DiskFull')))).find((i) => i.title.startsWith('DiskFull'));
    expect(first.severity).toBe('critical');
    const resolve = JSON.stringify(amAlert('DiskFull', 'resolved', 'fp-disk'));
    await deliver(amPath, resolve, auth);
    await eventually(() => incidents(owner, projectId, 'resolved'), (items) => items.some((i) => i.id === first.id));
    // The same alert fires again later (a new startsAt, so a new delivery).
    const again = JSON.stringify({ ...amAlert('DiskFull', 'firing', 'fp-disk'), alerts: [{ ...amAlert('DiskFull', 'firing', 'fp-disk').alerts[0], startsAt: '2026-03-01T11:00:00Z' }] });
    expect((await deliver(amPath, again, auth)).status).toBe(202);
    const second = (await eventually(() => incidents(owner, projectId), (items) => items.some((i) => i.title.startsWith('DiskFull')))).find((i) => i.title.startsWith('DiskFull'));
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ previousId: first.id, occurrence: 2 });
    const detail = (await as(base, owner).get(`/v1/projects/${projectId}/incidents/${second.id}`)).body;
    expect(detail.related).toEqual([{ id: first.id, title: first.title, state: 'resolved', relation: 'previous' }]);
  });

  it('lets responders act and refuses a viewer’s resolve with 403', async () => {
    const fire = JSON.stringify(amAlert('HighLatency', 'firing', 'fp-lat', 'warning', 'search'));
    await deliver(amPath, fire, { authorization: `Bearer ${amToken}` });
    const incident = (await eventually(() => incidents(owner, projectId), (items) => items.some((i) => i.title.startsWith('HighLatency')))).find((i) => i.title.startsWith('HighLatency'));
    const path = `/v1/projects/${projectId}/incidents/${incident.id}`;
    expect((await as(base, viewer).post(`${path}/resolve`)).status).toBe(403);
    expect((await as(base, viewer).post(`${path}/comments`, { text: 'me too' })).status).toBe(403);
    const o = as(base, owner);
    expect((await o.post(`${path}/acknowledge`)).body.incident.state).toBe('acknowledged');
    expect((await o.post(`${path}/comments`, { text: 'Rolling back the deploy' })).status).toBe(201);
    expect((await o.post(`${path}/resolve`)).body.incident).toMatchObject({ state: 'resolved', resolvedBy: owner.id });
    expect((await o.post(`${path}/reopen`)).body.incident.state).toBe('open');
    const kinds = (await o.get(`${path}/timeline`)).body.items.map((e: any) => e.kind);
    expect(kinds).toEqual(['opened', 'signal', 'acknowledged', 'comment', 'resolved', 'reopened']);
  });

  it('rotates the Sentry secret: the old one stops verifying', async () => {
    const o = as(base, owner);
    const hookId = sentryPath.split('/').pop();
    const rotated = await o.post(`/v1/projects/${projectId}/hooks/${hookId}/secret`, { secret: 'a-brand-new-secret-42' });
    expect(rotated.status).toBe(200);
    expect(rotated.body.hook.secretHint).toBe('…t-42');
    const body = JSON.stringify(sentryIssue('2002', 'created'));
    expect((await deliver(sentryPath, body, { 'sentry-hook-signature': sign(sentrySecret, body) })).status).toBe(401);
    expect((await deliver(sentryPath, body, { 'sentry-hook-signature': sign('a-brand-new-secret-42', body) })).status).toBe(202);
  });
});

describe('grafana hooks and notifications', () => {
  let server: Server;
  const received: any[] = [];
  let failuresLeft = 1;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          res.writeHead(503).end();
          return;
        }
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('verifies Grafana HMAC (with timestamp), understands the legacy format, notifies members and posts to the outgoing webhook (retrying)', async () => {
    const owner = await newUser(base);
    const responder = await newUser(base);
    const projectId = await project(owner, 'Grafana land');
    const o = as(base, owner);
    await o.post(`/v1/projects/${projectId}/members`, { email: responder.email, role: 'responder' });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack`;
    const out = await o.post(`/v1/projects/${projectId}/outgoing-webhooks`, { name: 'Team chat', url });
    expect(out.status).toBe(201);
    expect(JSON.stringify(out.body)).not.toContain('/slack');
    expect((await o.post(`/v1/projects/${projectId}/outgoing-webhooks`, { name: 'Plain', url: 'http://example.com/x' })).status).toBe(400);
    // Never the metadata range, never credentials in the URL (the checks of shared/kit/target-url.ts).
    for (const bad of ['http://169.254.169.254/latest/meta-data/', 'https://user:pass@example.com/x']) {
      const refused = await o.post(`/v1/projects/${projectId}/outgoing-webhooks`, { name: 'Bad', url: bad });
      expect(refused.status, bad).toBe(400);
      expect(refused.body.error.code).toBe('invalid_url');
    }

    const hook = (await o.post(`/v1/projects/${projectId}/hooks`, { source: 'grafana', auth: 'hmac' })).body;
    expect(hook.hook.auth).toBe('grafana-hmac');
    const legacy = JSON.stringify({ ruleId: 7, ruleName: 'CPU alert', state: 'alerting', message: 'CPU is high', title: '[Alerting] CPU alert', evalMatches: [{ metric: 'cpu', value: 97 }] });
    const ts = String(Math.floor(Date.now() / 1000));
    const headers = { 'x-grafana-alerting-signature': sign(hook.secret, `${ts}:${legacy}`), 'x-grafana-alerting-signature-timestamp': ts };
    expect((await deliver(hook.hook.path, legacy, { 'x-grafana-alerting-signature': sign('nope', legacy) })).status).toBe(401);
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    expect((await deliver(hook.hook.path, legacy, { 'x-grafana-alerting-signature': sign(hook.secret, `${stale}:${legacy}`), 'x-grafana-alerting-signature-timestamp': stale })).status).toBe(401);
    expect((await deliver(hook.hook.path, legacy, headers)).status).toBe(202);

    const incident = (await eventually(() => incidents(owner, projectId), (items) => items.length === 1))[0];
    expect(incident).toMatchObject({ title: 'CPU alert', severity: 'high' });
    expect(incident.members[0]).toMatchObject({ source: 'grafana', identity: 'rule:7' });

    const notes = await eventually(
      async () => (await as(base, responder).get('/v1/notifications')).body.items,
      (items: any[]) => items.some((n) => n.kind === 'incident'),
    );
    const note = notes.find((n: any) => n.kind === 'incident');
    expect(note).toMatchObject({ title: 'Incident opened: CPU alert', data: { projectId, incidentId: incident.id, change: 'opened' } });
    // One incident notification is marked read on its own (its id holds the change after a dot).
    expect((await as(base, responder).post(`/v1/notifications/${note.id}/read`)).status).toBe(200);
    expect((await as(base, responder).get('/v1/notifications')).body.items.find((n: any) => n.id === note.id).readAt).toBeTruthy();

    // The first post got a 503; the retry lands.
    const posted = await eventually(() => Promise.resolve(received), (r) => r.length >= 1, 30_000);
    expect(posted[0].text).toMatch(/^Incident opened \[HIGH\] CPU alert — Grafana land$/);
    const status = await eventually(async () => (await o.get(`/v1/projects/${projectId}/outgoing-webhooks`)).body.items[0].lastStatus, (s) => s?.ok === true);
    expect(status.detail).toBe('HTTP 200');
  });
});

describe('CloudWatch alarms through SNS (signed by the local runtime’s own SNS CA)', () => {
  const topicArn = 'arn:aws:sns:eu-west-1:123456789012:ops-alarms';
  const alarm = (state: 'ALARM' | 'OK', name = 'api-5xx') =>
    JSON.stringify({
      AlarmName: name,
      AlarmDescription: 'severity: critical',
      AWSAccountId: '123456789012',
      NewStateValue: state,
      NewStateReason: state === 'ALARM' ? 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).' : 'Back to normal',
      StateChangeTime: '2026-03-01T10:00:00.000+0000',
      Region: 'EU (Ireland)',
      AlarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`,
      OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
      Trigger: { MetricName: '5XXError', Namespace: 'AWS/ApiGateway', Dimensions: [{ name: 'ApiName', value: 'shop' }] },
    });
  const envelope = async (input: Record<string, unknown>) => (await call(base, 'POST', '/_local/sns/envelope', { json: input })).body;
  const post = (path: string, env: unknown) => call(base, 'POST', path, { raw: JSON.stringify(env), headers: { 'content-type': 'text/plain; charset=UTF-8' } });

  it('confirms the subscription only after its signature checks, pins the topic, and turns ALARM/OK into an incident that resolves', async () => {
    const owner = await newUser(base);
    const projectId = await project(owner, 'AWS');
    const hook = (await as(base, owner).post(`/v1/projects/${projectId}/hooks`, { source: 'cloudwatch' })).body.hook;
    expect(hook.auth).toBe('sns-signature');

    const confirmation = await envelope({ type: 'SubscriptionConfirmation', message: 'You have chosen to subscribe', topicArn });
    const tampered = { ...confirmation, TopicArn: 'arn:aws:sns:eu-west-1:123456789012:other' };
    expect((await post(hook.path, tampered)).status).toBe(401);
    expect((await post(hook.path, confirmation)).status).toBe(202);
    const confirmed = await eventually(async () => (await call(base, 'GET', '/_local/sns/confirmed')).body, (c: Record<string, string[]>) => (c[topicArn] ?? []).includes(confirmation.Token));
    expect(confirmed[tampered.TopicArn]).toBeUndefined();
    await eventually(async () => (await as(base, owner).get(`/v1/projects/${projectId}/hooks`)).body.items[0].topicArn, (t) => t === topicArn);

    // A certificate from anywhere but SNS (or, locally, the runtime's own origin) is refused.
    const fire = await envelope({ message: alarm('ALARM'), subject: 'ALARM: "api-5xx" in EU (Ireland)', topicArn });
    expect((await post(hook.path, { ...fire, SigningCertURL: 'https://evil.example.com/SimpleNotificationService-x.pem' })).status).toBe(401);
    expect((await post(hook.path, { ...fire, Message: alarm('OK') })).status).toBe(401);
    const other = await envelope({ message: alarm('ALARM'), topicArn: 'arn:aws:sns:eu-west-1:123456789012:someone-else' });
    expect((await post(hook.path, other)).status).toBe(401);

    expect((await post(hook.path, fire)).status).toBe(202);
    expect((await post(hook.path, fire)).body.duplicate).toBe(true);
    const incident = (await eventually(() => incidents(owner, projectId), (items) => items.length === 1))[0];
    expect(incident).toMatchObject({ title: 'api-5xx', severity: 'critical' });
    expect(incident.members[0]).toMatchObject({ identity: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:api-5xx', service: 'shop' });

    const ok = await envelope({ message: alarm('OK'), subject: 'OK: "api-5xx" in EU (Ireland)', topicArn });
    expect((await post(hook.path, ok)).status).toBe(202);
    await eventually(() => incidents(owner, projectId, 'resolved'), (items) => items.some((i) => i.id === incident.id));
  });
});
