/**
 * Connections and pulls over HTTP: a local server speaks Alertmanager's v2 API and Docker's
 * events API; credentials are sealed and only hinted; "test connection" says what happened;
 * `POST /v1/projects/{id}/fetch` pulls every connection at once, a failing one backs off and shows
 * its error while the other's signals become incidents.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { as, eventually, newUser } from '../support/http-client.ts';

const base = inject('mosaic').url;
const TOKEN = 'am-token-0123456789';
let server: Server;
let origin: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname.startsWith('/am/')) {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(401, { message: 'unauthorized' });
      if (url.pathname === '/am/api/v2/status') return json(200, { versionInfo: { version: '0.27.0' }, cluster: { status: 'ready' } });
      if (url.pathname === '/am/api/v2/alerts')
        return json(200, [
          {
            labels: { alertname: 'QueueBacklog', severity: 'critical', service: 'orders' },
            annotations: { summary: 'QueueBacklog: 12k messages waiting' },
            startsAt: '2026-03-01T10:00:00.000Z',
            endsAt: '2026-03-01T10:10:00.000Z',
            updatedAt: '2026-03-01T10:05:00.000Z',
            fingerprint: '4f1c2a9d7e3b5c60',
            generatorURL: 'http://prometheus:9090/graph',
            receivers: [{ name: 'mosaic' }],
            status: { state: 'active', silencedBy: [], inhibitedBy: [] },
          },
        ]);
    }
    if (url.pathname === '/docker/version') return json(200, { Version: '27.1.1', ApiVersion: '1.46' });
    if (url.pathname === '/docker/events') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const now = Math.floor(Date.now() / 1000);
      res.end(
        [
          { Type: 'container', Action: 'oom', Actor: { ID: 'c0ffee', Attributes: { name: 'worker-1', image: 'shop/worker:3', 'com.docker.compose.service': 'worker' } }, time: now, timeNano: now * 1e9 },
          { Type: 'container', Action: 'die', Actor: { ID: 'c0ffee', Attributes: { name: 'worker-1', image: 'shop/worker:3', exitCode: '137', 'com.docker.compose.service': 'worker' } }, time: now, timeNano: now * 1e9 + 1 },
        ]
          .map((e) => JSON.stringify(e))
          .join('\n') + '\n',
      );
      return;
    }
    json(404, { message: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('connections and pulls', () => {
  it('seals credentials (hint only), tests them, rotates them, pulls on demand; a failing source backs off alone', async () => {
    const owner = await newUser(base);
    const viewer = await newUser(base);
    const o = as(base, owner);
    const projectId = (await o.post('/v1/projects', { name: 'Pulls', groupWaitSeconds: 0 })).body.id;
    await o.post(`/v1/projects/${projectId}/members`, { email: viewer.email, role: 'viewer' });

    expect((await o.post(`/v1/projects/${projectId}/connections`, { source: 'alertmanager', config: { url: 'http://example.com/am' }, credentials: { token: TOKEN } })).status).toBe(400);
    expect((await o.post(`/v1/projects/${projectId}/connections`, { source: 'alertmanager', config: {}, credentials: { token: TOKEN } })).status).toBe(400);
    expect((await as(base, viewer).post(`/v1/projects/${projectId}/connections`, { source: 'docker', config: { url: `${origin}/docker` }, credentials: {} })).status).toBe(403);

    const am = await o.post(`/v1/projects/${projectId}/connections`, { source: 'alertmanager', name: 'Prod Alertmanager', config: { url: `${origin}/am` }, credentials: { token: 'wrong-token-9999' } });
    expect(am.status).toBe(201);
    expect(am.body.credentialsHint).toBe('…9999');
    expect(JSON.stringify(am.body)).not.toContain('wrong-token');
    const bad = await o.post(`/v1/projects/${projectId}/connections/${am.body.id}/test`);
    expect(bad.body).toMatchObject({ ok: false, detail: expect.stringMatching(/refused the credentials \(HTTP 401\)/) });
    const rotated = await o.put(`/v1/projects/${projectId}/connections/${am.body.id}/credentials`, { credentials: { token: TOKEN } });
    expect(rotated.body.credentialsHint).toBe('…6789');
    const good = await o.post(`/v1/projects/${projectId}/connections/${am.body.id}/test`);
    expect(good.body).toMatchObject({ ok: true, detail: 'Alertmanager 0.27.0 answered.' });

    const docker = await o.post(`/v1/projects/${projectId}/connections`, { source: 'docker', config: { url: `${origin}/docker` }, credentials: {} });
    const down = await o.post(`/v1/projects/${projectId}/connections`, { source: 'kubernetes', config: { apiServer: 'http://127.0.0.1:9' }, credentials: { token: 'sa-token-abcd' } });
    expect(down.status).toBe(201);

    expect((await as(base, viewer).post(`/v1/projects/${projectId}/fetch`)).status).toBe(403);
    const fetched = await o.post(`/v1/projects/${projectId}/fetch`);
    expect(fetched.status).toBe(202);
    expect(fetched.body.queued).toBe(3);

    const incidents = await eventually(
      async () => (await o.get(`/v1/projects/${projectId}/incidents`)).body.items as any[],
      (items) => items.some((i) => i.title.startsWith('QueueBacklog')) && items.some((i) => i.title.includes('worker-1') && i.members.length === 2),
      30_000,
    );
    expect(incidents.find((i) => i.title.startsWith('QueueBacklog'))).toMatchObject({ severity: 'critical' });
    const container = incidents.find((i) => i.title.includes('worker-1'));
    expect(container.members.map((m: any) => m.source)).toEqual(['docker', 'docker']);
    expect(container.severity).toBe('critical');

    const statuses = await eventually(
      async () => (await as(base, viewer).get(`/v1/projects/${projectId}/connections`)).body.items as any[],
      (items) => items.every((c) => c.status.state !== 'never'),
      30_000,
    );
    const byId = Object.fromEntries(statuses.map((c) => [c.id, c.status]));
    expect(byId[am.body.id]).toMatchObject({ state: 'ok', failures: 0 });
    expect(byId[docker.body.id].state).toBe('ok');
    expect(byId[down.body.id]).toMatchObject({ state: 'error', failures: 1, lastError: expect.stringMatching(/Could not reach/) });
    expect(Date.parse(byId[down.body.id].nextPullAt)).toBeGreaterThan(Date.now() + 4 * 60_000);

    // Pulling again adds nothing: the same items are the same deliveries.
    const count = (await o.get(`/v1/projects/${projectId}/incidents`)).body.items.find((i: any) => i.title.startsWith('QueueBacklog')).signalCount;
    await o.post(`/v1/projects/${projectId}/fetch`);
    await eventually(async () => (await o.get(`/v1/projects/${projectId}/connections`)).body.items.find((c: any) => c.id === down.body.id).status.failures, (f) => f === 2, 30_000);
    expect((await o.get(`/v1/projects/${projectId}/incidents`)).body.items.find((i: any) => i.title.startsWith('QueueBacklog')).signalCount).toBe(count);

    expect((await o.delete(`/v1/projects/${projectId}/connections/${down.body.id}`)).status).toBe(204);
    expect((await o.get(`/v1/projects/${projectId}/connections`)).body.items).toHaveLength(2);
    expect(seen.some((s) => s.startsWith('GET /am/api/v2/alerts'))).toBe(true);
  });

  it('CloudWatch: checks the role ARN, external id and region; locally the test and the pull say they need the cloud', async () => {
    const o = as(base, await newUser(base));
    const projectId = (await o.post('/v1/projects', { name: 'AWS account' })).body.id;
    const create = (config: Record<string, string>, credentials: Record<string, string>) => o.post(`/v1/projects/${projectId}/connections`, { source: 'cloudwatch', config, credentials });
    const good = { roleArn: 'arn:aws:iam::123456789012:role/mosaic-read', externalId: 'mosaic-ext-7f3a' };
    expect((await create({ region: 'eu-west-1' }, { ...good, roleArn: 'mosaic-read' })).body).toMatchObject({ error: { message: expect.stringMatching(/roleArn must be an IAM role ARN/) } });
    expect((await create({ region: 'eu-west-1' }, { roleArn: good.roleArn })).status).toBe(400);
    expect((await create({ region: 'Ireland' }, good)).status).toBe(400);
    const made = await create({ region: 'eu-west-1', logGroups: '/aws/lambda/checkout', filterPattern: 'ERROR' }, good);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ source: 'cloudwatch', credentialsHint: '…read', config: { region: 'eu-west-1', logGroups: '/aws/lambda/checkout' } });
    expect(JSON.stringify(made.body)).not.toContain('mosaic-ext-7f3a');

    const tested = await o.post(`/v1/projects/${projectId}/connections/${made.body.id}/test`);
    expect(tested.body).toMatchObject({ ok: false, detail: expect.stringMatching(/CloudWatch pulls run in the cloud only/) });
    expect((await o.post(`/v1/projects/${projectId}/fetch`)).body.queued).toBe(1);
    const [status] = await eventually(
      async () => ((await o.get(`/v1/projects/${projectId}/connections`)).body.items as any[]).map((c) => c.status),
      ([s]) => s.state !== 'never',
      30_000,
    );
    expect(status).toMatchObject({ state: 'error', failures: 1, lastError: expect.stringMatching(/local runtime has no AWS account/) });
  });
});
