import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { as, newUser, queuesDrained, type TestUser } from '../support/http-client.ts';
import { ROOT } from '../support/local-process.ts';

const mosaic = inject('mosaic');
const run = promisify(execFile);
const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const table = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: mosaic.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
);
const TableName = mosaic.resources.tableName;

async function dryRun(user: TestUser) {
  const out = await run(process.execPath, [join(ROOT, 'bin/admin.ts'), 'repair', user.email, '--dry-run', '--json'], {
    env: { ...process.env, MOSAIC_DATA_DIR: mosaic.dataDir },
  });
  return JSON.parse(out.stdout) as { counts: Record<string, number>; marks: number; tombstones: number };
}

const clean = { counts: { day: 0, month: 0, stats: 0, goal: 0, atRisk: 0 }, marks: 0, tombstones: 0 };

describe('pending marks on the table', () => {
  it('the consumer settles every mark it applies, and a deleted entry is a tombstone no read shows until it is gone', async () => {
    const user = await newUser(mosaic.url, { timezone: 'UTC' });
    const client = as(mosaic.url, user);
    const act = (await client.post('/v1/activities', { name: 'Run', unit: 'km', goal: 5 })).body;
    const goal = (await client.post('/v1/goals', { name: 'Far', targetValue: 1000, startDate: day(30), links: [{ activityId: act.id, weight: 1 }] })).body;
    expect((await client.put(`/v1/entries/${day(1)}/${act.id}`, { value: 6 })).status).toBe(200);

    // Once the consumer has applied the write, its mark (and so its index entry) is gone.
    const key = { pk: `USER#${user.id}`, sk: `ENTRY#${day(1)}#${act.id}` };
    await queuesDrained(mosaic.url);
    const settled = (await table.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }))).Item!;
    expect(settled).toMatchObject({ value: 6 });
    expect(settled).not.toHaveProperty('pendingId');
    expect(settled).not.toHaveProperty('gsi2pk');
    expect(await dryRun(user)).toMatchObject(clean);

    // A deletion leaves a tombstone no read shows; the consumer applies it and deletes it.
    expect((await client.delete(`/v1/entries/${day(1)}/${act.id}`)).status).toBe(204);
    expect((await client.get(`/v1/entries?from=${day(1)}&to=${day(1)}`)).body.items).toEqual([]);
    expect((await client.get(`/v1/entries?activityId=${act.id}`)).body.items).toEqual([]);
    const today = await client.get(`/v1/today?date=${day(1)}`);
    expect(today.body.items.find((i: { activity: { id: string } }) => i.activity.id === act.id).entry).toBeNull();
    expect((await client.delete(`/v1/entries/${day(1)}/${act.id}`)).status).toBe(404);
    await queuesDrained(mosaic.url);
    expect((await table.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }))).Item).toBeUndefined();
    expect(await dryRun(user)).toMatchObject(clean);

    // Finalize's missed entry, an activity change and a goal change settle their marks too.
    expect((await client.post(`/v1/days/${day(0)}/finalize`)).body.recorded).toBe(1);
    expect((await client.post(`/v1/activities/${act.id}/pauses`, { from: day(0) })).status).toBe(201);
    expect((await client.patch(`/v1/goals/${goal.id}`, { targetValue: 900 })).status).toBe(200);
    await queuesDrained(mosaic.url);
    expect(await dryRun(user)).toMatchObject(clean);
    const marked = await table.send(
      new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', FilterExpression: 'attribute_exists(pendingId)', ExpressionAttributeValues: { ':pk': `USER#${user.id}` } }),
    );
    expect(marked.Items).toEqual([]);
  });

  it('deletes an activity to the end: entries, months, the goal link and its progress', async () => {
    const user = await newUser(mosaic.url, { timezone: 'UTC' });
    const client = as(mosaic.url, user);
    const run1 = (await client.post('/v1/activities', { name: 'Run', unit: 'km' })).body;
    const swim = (await client.post('/v1/activities', { name: 'Swim', unit: 'km' })).body;
    const goal = (
      await client.post('/v1/goals', {
        name: 'Move',
        targetValue: 1000,
        startDate: day(30),
        links: [
          { activityId: run1.id, weight: 1 },
          { activityId: swim.id, weight: 1 },
        ],
      })
    ).body;
    await client.put(`/v1/entries/${day(2)}/${run1.id}`, { value: 4 });
    await client.put(`/v1/entries/${day(2)}/${swim.id}`, { value: 2 });
    await client.delete(`/v1/entries/${day(2)}/${run1.id}`);
    await client.put(`/v1/entries/${day(3)}/${run1.id}`, { value: 5 });
    await client.post(`/v1/activities/${run1.id}/deactivate`);
    expect((await client.delete(`/v1/activities/${run1.id}`)).status).toBe(204);
    await queuesDrained(mosaic.url);
    expect((await client.get(`/v1/goals/${goal.id}`)).body).toMatchObject({ links: [{ activityId: swim.id, weight: 1 }], currentValue: 2 });
    expect((await client.get(`/v1/activities/${run1.id}`)).status).toBe(404);
    const partition = await table.send(
      new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `USER#${user.id}` } }),
    );
    // Nothing of the activity is left (its entries, tombstone, months, item), and no mark.
    const left = { Items: (partition.Items ?? []).filter((i) => (i.sk as string).includes(run1.id) || 'pendingId' in i) };
    expect(left.Items?.map((i) => i.sk)).toEqual([]);
    expect(await dryRun(user)).toMatchObject(clean);
  });
});
