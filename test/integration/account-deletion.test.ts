/**
 * Deleting an account leaves nothing behind: a user makes data in every area (tracking, imports
 * and exports, notifications, wearables, real time, incidents — a project of their own with a
 * hook and an incident, and a membership with an acknowledgement and a comment in someone
 * else's project —, listening, MCP tokens, backups), deletes the account, and then neither the
 * whole table nor any bucket holds their id. Audit records and the short-lived auth tombstone
 * are the documented exceptions (docs/data-model.md, "Deleting an account").
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { localS3Credentials } from '../../infra/local/secrets.ts';
import { as, call, eventually, newUser, queuesDrained, type TestUser } from '../support/http-client.ts';
import { connectAs } from '../support/ws-client.ts';

const mosaic = inject('mosaic');
const base = mosaic.url;
const today = () => new Date().toISOString().slice(0, 10);

const dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: mosaic.endpoints.dynamodb, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const s3 = new S3Client({ endpoint: mosaic.endpoints.s3, region: 'us-east-1', forcePathStyle: true, credentials: localS3Credentials(mosaic.dataDir) });

/** Every item of the whole table that mentions `needle` anywhere (keys or attributes). */
async function itemsMentioning(needle: string): Promise<Array<Record<string, unknown>>> {
  const found: Array<Record<string, unknown>> = [];
  let start: Record<string, any> | undefined;
  do {
    const out = await dynamo.send(new ScanCommand({ TableName: mosaic.resources.tableName, ExclusiveStartKey: start }));
    for (const item of out.Items ?? []) if (JSON.stringify(item).includes(needle)) found.push(item);
    start = out.LastEvaluatedKey;
  } while (start);
  return found;
}

/** Every object key of every bucket that starts with one of `prefixes` or contains `needle`. */
async function objectsOf(needle: string, prefixes: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const [name, bucket] of Object.entries(mosaic.resources.buckets)) {
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key!.includes(needle) || prefixes.some((p) => o.Key!.startsWith(p))) found.push(`${name}/${o.Key}`);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  return found;
}

const alert = (name: string) =>
  JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="${name}"}`,
    status: 'firing',
    receiver: 'mosaic',
    groupLabels: { alertname: name },
    commonLabels: { alertname: name },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local:9093',
    alerts: [{ status: 'firing', labels: { alertname: name, severity: 'critical' }, annotations: {}, startsAt: new Date().toISOString(), endsAt: '0001-01-01T00:00:00Z', fingerprint: `fp-${name}` }],
  });

/** A project with an Alertmanager hook that received one alert; returns the project, its incident and the hook. */
async function projectWithIncident(owner: TestUser, name: string) {
  const o = as(base, owner);
  const projectId = (await o.post('/v1/projects', { name, groupWaitSeconds: 0 })).body.id as string;
  const hook = (await o.post(`/v1/projects/${projectId}/hooks`, { source: 'alertmanager' })).body;
  const delivered = await call(base, 'POST', hook.hook.path, { raw: alert(name), headers: { 'content-type': 'application/json', authorization: `Bearer ${hook.secret}` } });
  expect(delivered.status, delivered.text).toBeLessThan(300);
  const incident = await eventually(
    async () => ((await o.get(`/v1/projects/${projectId}/incidents?state=active`)).body.items as any[])[0],
    (i) => i !== undefined,
    30_000,
  );
  return { projectId, incidentId: incident.id as string, hookId: hook.hook.id as string };
}

async function connectSpotify(client: ReturnType<typeof as>) {
  const start = (await client.post('/v1/listening/spotify/connect')).body;
  const decide = new URL(start.authorizeUrl);
  decide.pathname = '/authorize/decide';
  decide.searchParams.set('decision', 'allow');
  const back = new URL((await fetch(decide, { redirect: 'manual' })).headers.get('location')!).searchParams;
  expect((await client.post('/v1/listening/spotify/callback', { state: back.get('state'), code: back.get('code') })).status).toBe(200);
  expect((await call(base, 'POST', '/_local/schedules/listening-collector')).status).toBe(200);
  await eventually(async () => (await client.get('/v1/listening/spotify')).body, (s) => s.initialSync?.status === 'done' && s.playsCollected > 0, 60_000);
}

describe('deleting an account (issue 12)', () => {
  it('leaves nothing of the user in the table or any bucket, in every area', async () => {
    const user = await newUser(base, { timezone: 'UTC' });
    const teammate = await newUser(base);
    const client = as(base, user);

    // Tracking: an activity, an entry, a goal; two imports (a completed one's file is deleted as it
    // completes, a failed one's stays in the imports bucket for a retry) and an export.
    const walk = (await client.post('/v1/activities', { name: 'Walk', unit: 'steps', goal: 1000, reminders: ['07:00', '19:30'] })).body;
    // Reminders: the activity's reminder slots (above) and a browser's push subscription.
    const p256dh = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
    expect((await client.post('/v1/push/subscriptions', { endpoint: 'https://push.example.com/sub/1', keys: { p256dh, auth: Buffer.alloc(16, 1).toString('base64url') } })).status).toBe(201);
    expect((await client.put(`/v1/entries/${today()}/${walk.id}`, { value: 1200 })).status).toBe(200);
    expect((await client.post('/v1/goals', { name: 'Walk a lot', targetValue: 10, startDate: '2026-01-01', links: [{ activityId: walk.id, weight: 1 }] })).status).toBeLessThan(300);
    const imported = (await client.post('/v1/imports', { format: 'csv', content: 'date,activity,value\r\n2026-01-05,Read,1\r\n' })).body.import;
    await eventually(async () => (await client.get(`/v1/imports/${imported.id}`)).body, (j) => j.status === 'completed', 30_000);
    const refused = (await client.post('/v1/imports', { format: 'csv', content: 'day,habit\r\n2026-01-05,Read\r\n' })).body.import;
    await eventually(async () => (await client.get(`/v1/imports/${refused.id}`)).body, (j) => j.status === 'failed', 30_000);
    expect((await client.post('/v1/exports', { format: 'json' })).status).toBe(201);
    // Wearables: a batch (raw copy in the wearables bucket) and a rule.
    const hour = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
    expect((await client.post('/v1/ingest/wearable/batch', { source: 'garmin', records: [{ metric: 'steps', unit: 'count', start: hour(3), end: hour(2), value: 900 }] })).status).toBe(200);
    expect((await client.post('/v1/wearables/rules', { metric: 'steps', activityId: walk.id, aggregation: 'sum', unit: 'count' })).status).toBe(201);
    // Real time: an open connection and a ticket never redeemed.
    const tab = await connectAs(base, user);
    expect((await client.post('/v1/realtime/tickets')).status).toBe(201);
    // Incidents: a project of their own (hook, incident, raw signal), and a membership in a teammate's where they act.
    const own = await projectWithIncident(user, 'Mine alone');
    const theirs = await projectWithIncident(teammate, 'Team project');
    expect((await as(base, teammate).post(`/v1/projects/${theirs.projectId}/members`, { email: user.email, role: 'responder' })).status).toBe(201);
    const incidentPath = `/v1/projects/${theirs.projectId}/incidents/${theirs.incidentId}`;
    expect((await client.post(`${incidentPath}/acknowledge`)).status).toBe(200);
    expect((await client.post(`${incidentPath}/comments`, { text: 'Looking into it' })).status).toBe(201);
    // Listening: plays from the Spotify sandbox (partitions of their own, outside the user's).
    await connectSpotify(client);
    // MCP: an access token. Operations: a backup.
    expect((await client.post('/v1/me/access-tokens', { name: 'Claude', scopes: ['tracking:read'] })).status).toBe(201);
    expect((await client.post('/v1/me/backups')).status).toBeLessThan(300);
    await queuesDrained(base);

    const before = await itemsMentioning(user.id);
    expect(before.length).toBeGreaterThan(50);
    expect(before.some((i) => JSON.stringify(i).includes('#PLAYS#'))).toBe(true);
    expect(await objectsOf(user.id, [`${own.projectId}/`])).toEqual(
      expect.arrayContaining([expect.stringMatching(/^imports\//), expect.stringMatching(/^exports\//), expect.stringMatching(/^wearables\//), expect.stringMatching(/^backups\//), expect.stringMatching(/^signals\//)]),
    );

    expect((await client.delete('/v1/me', { json: { password: user.password } })).status).toBe(204);
    tab.ws.close();
    // Audit records are append-only (the documented exception); the auth tombstone refuses the
    // deleted account's tokens for two days, then expires. Everything else goes.
    const leftovers = async () => {
      await queuesDrained(base);
      return (await itemsMentioning(user.id))
        .map((i) => `${(i.pk as { S: string }).S} ${(i.sk as { S: string }).S}`)
        .filter((key) => !key.startsWith('AUDIT#') && !key.startsWith(`AUTH#${user.id} `));
    };
    const left = await eventually(leftovers, (keys) => keys.length === 0, 30_000, 1000).catch(() => leftovers());
    expect(left).toEqual([]);
    expect(await objectsOf(user.id, [`${own.projectId}/`])).toEqual([]);

    // The teammate's project stays, without them: the acknowledgement and comment name a deleted account.
    const t = as(base, teammate);
    expect((await t.get(`/v1/projects/${own.projectId}`)).status).toBe(404);
    expect((await t.get(`/v1/projects/${theirs.projectId}/members`)).body.items.map((m: any) => m.userId)).toEqual([teammate.id]);
    const timeline = (await t.get(`${incidentPath}/timeline`)).body.items as any[];
    expect(timeline.filter((e) => e.kind === 'comment').map((e) => e.actor)).toEqual([{ id: 'deleted', name: 'Deleted account' }]);
  }, 180_000);
});
