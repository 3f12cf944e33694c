/**
 * Mosaic watches itself, locally: a dead letter arrives (an outgoing webhook that always fails is
 * given up on) and the runtime delivers the dead-letter alarm as a signed SNS CloudWatch
 * notification to the system project's hook, where it opens an incident like any alarm.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newAdmin } from '../support/admin.ts';
import { as, call, eventually, newUser } from '../support/http-client.ts';

const mosaic = inject('mosaic');
const base = mosaic.url;
const dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: mosaic.endpoints.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
let server: Server;

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(500).end('down'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function systemIncidents(): Promise<Array<{ title: string; severity: string; state: string }>> {
  const system = await dynamo.send(new GetItemCommand({ TableName: mosaic.resources.tableName, Key: { pk: { S: 'SYSTEM' }, sk: { S: 'PROJECT' } } }));
  const projectId = system.Item?.projectId?.S;
  if (!projectId) return [];
  const out = await dynamo.send(
    new QueryCommand({ TableName: mosaic.resources.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': { S: `PROJ#${projectId}#INC#active` } } }),
  );
  return (out.Items ?? []).map((i) => ({ title: i.title!.S!, severity: i.severity!.S!, state: i.state!.S! }));
}

describe('Mosaic watches itself', () => {
  it('turns a dead letter into an incident of the system project "Mosaic local"', async () => {
    const system = await dynamo.send(new GetItemCommand({ TableName: mosaic.resources.tableName, Key: { pk: { S: 'SYSTEM' }, sk: { S: 'PROJECT' } } }));
    const project = await dynamo.send(new GetItemCommand({ TableName: mosaic.resources.tableName, Key: { pk: { S: `PROJ#${system.Item!.projectId!.S!}` }, sk: { S: 'META' } } }));
    expect(project.Item?.name?.S).toBe('Mosaic local');

    const owner = await newUser(base);
    const o = as(base, owner);
    const projectId = (await o.post('/v1/projects', { name: 'Dead letters', groupWaitSeconds: 0 })).body.id;
    await o.post(`/v1/projects/${projectId}/outgoing-webhooks`, { name: 'Broken chat', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` });
    const hook = (await o.post(`/v1/projects/${projectId}/hooks`, { source: 'alertmanager' })).body;
    const alert = JSON.stringify({ version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'Boom', severity: 'critical' }, annotations: {}, startsAt: new Date().toISOString(), fingerprint: 'boom' }] });
    expect((await call(base, 'POST', hook.hook.path, { raw: alert, headers: { 'content-type': 'application/json', authorization: `Bearer ${hook.secret}` } })).status).toBe(202);

    const incidents = await eventually(systemIncidents, (items) => items.some((i) => i.title === 'mosaic-local-incident-outgoing-dlq-messages'), 45_000);
    expect(incidents.find((i) => i.title === 'mosaic-local-incident-outgoing-dlq-messages')).toMatchObject({ severity: 'high', state: 'open' });
  });

  it('shows the system project to admins (read, acknowledge, resolve) without membership, and to nobody else', async () => {
    const a = as(base, await newAdmin(mosaic));
    const u = as(base, await newUser(base));
    const system = ((await a.get('/v1/projects')).body.items as any[]).find((p) => p.system);
    expect(system).toMatchObject({ name: 'Mosaic local', role: 'responder', system: true });
    expect(((await u.get('/v1/projects')).body.items as any[]).some((p) => p.system)).toBe(false);
    expect((await u.get(`/v1/projects/${system.id}`)).status).toBe(404);
    expect((await u.get(`/v1/projects/${system.id}/incidents`)).status).toBe(404);
    expect((await u.get(`/v1/projects/${system.id}/hooks`)).status).toBe(404);
    expect((await a.get(`/v1/projects/${system.id}`)).body).toMatchObject({ id: system.id, system: true, role: 'responder' });
    // What the project page reads, an admin may read; owning (hooks, settings) stays with nobody.
    for (const part of ['members', 'hooks', 'connections', 'outgoing-webhooks']) expect((await a.get(`/v1/projects/${system.id}/${part}`)).status, part).toBe(200);
    expect((await a.post(`/v1/projects/${system.id}/hooks`, { source: 'sentry' })).status).toBe(404);
    expect((await a.patch(`/v1/projects/${system.id}`, { name: 'Mine' })).status).toBe(404);

    // An alarm of the stage, signed by the local SNS signer, through the system project's own hook.
    const [hook] = (await a.get(`/v1/projects/${system.id}/hooks`)).body.items;
    const name = 'mosaic-local-admin-view-check';
    const message = JSON.stringify({ AlarmName: name, AlarmArn: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${name}`, NewStateValue: 'ALARM', NewStateReason: 'Threshold Crossed', StateChangeTime: new Date().toISOString(), Region: 'US East (N. Virginia)', AWSAccountId: '000000000000', Trigger: { MetricName: 'Errors', Namespace: 'Mosaic', Dimensions: [] } });
    const topicArn = hook.topicArn ?? 'arn:aws:sns:us-east-1:000000000000:mosaic-local-alarms';
    const envelope = (await call(base, 'POST', '/_local/sns/envelope', { json: { message, subject: `ALARM: "${name}"`, topicArn } })).body;
    expect((await call(base, 'POST', hook.path, { raw: JSON.stringify(envelope), headers: { 'content-type': 'text/plain; charset=UTF-8' } })).status).toBe(202);
    const incident = (await eventually(async () => (await a.get(`/v1/projects/${system.id}/incidents`)).body.items as any[], (items) => items.some((i) => i.title === name), 45_000)).find((i) => i.title === name);

    const path = `/v1/projects/${system.id}/incidents/${incident.id}`;
    expect((await u.get(path)).status).toBe(404);
    expect((await u.post(`${path}/acknowledge`)).status).toBe(404);
    expect((await a.get(path)).body.incident).toMatchObject({ id: incident.id, state: 'open' });
    expect((await a.post(`${path}/acknowledge`)).body.incident.state).toBe('acknowledged');
    expect((await a.post(`${path}/resolve`)).body.incident.state).toBe('resolved');
    const timeline = (await a.get(`${path}/timeline`)).body.items as any[];
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['acknowledged', 'resolved']));
  });
});
