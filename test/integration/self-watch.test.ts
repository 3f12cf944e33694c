/**
 * Mosaic watches itself, locally: a dead letter arrives (an outgoing webhook that always fails is
 * given up on) and the runtime delivers the dead-letter alarm as a signed SNS CloudWatch
 * notification to the system project's hook, where it opens an incident like any alarm.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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
});
