import { randomUUID } from 'node:crypto';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { as, eventually, newUser, type ApiResponse } from '../support/http-client.ts';
import { MAX_ACTIVITIES_PER_USER, MAX_GOALS_PER_USER } from '../../shared/tracking/limits.ts';

const mosaic = inject('mosaic');
const base = mosaic.url;
const table = mosaic.resources.tableName;
const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: mosaic.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }),
);
const slotsKey = (userId: string, kind: string) => ({ pk: `USER#${userId}`, sk: `SLOTS#${kind}` });

const tally = (responses: ApiResponse[]) =>
  responses.reduce<Record<string, number>>((m, r) => {
    const key = r.status === 409 ? `409 ${r.body.error.code}` : String(r.status);
    m[key] = (m[key] ?? 0) + 1;
    return m;
  }, {});

async function countAll(client: ReturnType<typeof as>, path: string): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const page = await client.get(`${path}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    n += page.body.items.length;
    cursor = page.body.nextCursor;
  } while (cursor);
  return n;
}

describe('caps are atomic', () => {
  it(`260 parallel activity creates store exactly ${MAX_ACTIVITIES_PER_USER}; the other 60 get 409 limit_reached, never a 5xx`, async () => {
    const client = as(base, await newUser(base));
    const answers = await Promise.all(Array.from({ length: 260 }, (_, i) => client.post('/v1/activities', { name: `Habit ${i}` })));
    expect(tally(answers)).toEqual({ '201': MAX_ACTIVITIES_PER_USER, '409 limit_reached': 260 - MAX_ACTIVITIES_PER_USER });
    expect(answers.find((r) => r.status === 409)!.body.error.message).toMatch(/at most 200 activities/);
    expect(await countAll(client, '/v1/activities')).toBe(MAX_ACTIVITIES_PER_USER);

    // Deleting one frees its slot: one more fits, and then the cap holds again.
    const victim = answers.find((r) => r.status === 201)!.body;
    expect((await client.post(`/v1/activities/${victim.id}/deactivate`)).status).toBe(200);
    expect((await client.delete(`/v1/activities/${victim.id}`)).status).toBe(204);
    expect((await client.post('/v1/activities', { name: 'Replacement' })).status).toBe(201);
    expect((await client.post('/v1/activities', { name: 'One too many' })).status).toBe(409);
    expect(await countAll(client, '/v1/activities')).toBe(MAX_ACTIVITIES_PER_USER);
  });

  it(`130 parallel goal creates store exactly ${MAX_GOALS_PER_USER}; deleting one frees a slot`, async () => {
    const client = as(base, await newUser(base));
    const answers = await Promise.all(Array.from({ length: 130 }, (_, i) => client.post('/v1/goals', { name: `Goal ${i}`, targetValue: 10 })));
    expect(tally(answers)).toEqual({ '201': MAX_GOALS_PER_USER, '409 limit_reached': 130 - MAX_GOALS_PER_USER });
    expect(await countAll(client, '/v1/goals')).toBe(MAX_GOALS_PER_USER);
    const victim = answers.find((r) => r.status === 201)!.body;
    expect((await client.delete(`/v1/goals/${victim.id}`)).status).toBe(204);
    const again = await Promise.all(Array.from({ length: 5 }, (_, i) => client.post('/v1/goals', { name: `Late ${i}`, targetValue: 1 })));
    expect(tally(again)).toEqual({ '201': 1, '409 limit_reached': 4 });
    expect(await countAll(client, '/v1/goals')).toBe(MAX_GOALS_PER_USER);
  });

  it('a failed create gives its slot back (a duplicate name takes no slot)', async () => {
    const client = as(base, await newUser(base));
    for (let i = 0; i < MAX_ACTIVITIES_PER_USER - 1; i++) expect((await client.post('/v1/activities', { name: `A${i}` })).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await client.post('/v1/activities', { name: 'a0' })).status).toBe(409);
    expect((await client.post('/v1/activities', { name: 'Last one' })).status).toBe(201);
    expect((await client.post('/v1/activities', { name: 'Past the cap' })).body.error.code).toBe('limit_reached');
  });

  it('imports count against the same cap: activities past it are rejected with the reason', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    await Promise.all(Array.from({ length: MAX_ACTIVITIES_PER_USER - 1 }, (_, i) => client.post('/v1/activities', { name: `Own ${i}` })));
    const csv = ['date,activity,status', '2026-01-01,Imported A,done', '2026-01-01,Imported B,done', '2026-01-01,Imported C,done'].join('\n');
    const created = await client.post('/v1/imports', { format: 'csv', content: csv });
    const job = await eventually(
      async () => (await client.get(`/v1/imports/${created.body.import.id}`)).body,
      (j) => j.status === 'completed' || j.status === 'failed',
      30_000,
    );
    expect(job.status).toBe('completed');
    expect(job.summary).toMatchObject({ activitiesCreated: 1, imported: 1, rejected: 2 });
    expect(job.summary.rejections[0].reason).toMatch(/at most 200 activities/);
    expect(await countAll(client, '/v1/activities')).toBe(MAX_ACTIVITIES_PER_USER);
    expect((await client.post('/v1/activities', { name: 'No room' })).status).toBe(409);
  });

  it('a slot whose item never arrived (its function died between the two writes) is reclaimed once stale', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    await Promise.all(Array.from({ length: MAX_GOALS_PER_USER - 1 }, (_, i) => client.post('/v1/goals', { name: `G${i}`, targetValue: 1 })));
    // The state a create leaves when it dies after taking its slot: a slot, no goal.
    const phantom = randomUUID();
    const takeSlot = (takenAt: number) =>
      db.send(
        new UpdateCommand({
          TableName: table,
          Key: slotsKey(user.id, 'goal'),
          UpdateExpression: 'SET slots.#id = :at',
          ExpressionAttributeNames: { '#id': phantom },
          ExpressionAttributeValues: { ':at': takenAt },
        }),
      );
    // A fresh one may still be on its way: it counts.
    await takeSlot(Date.now());
    expect((await client.post('/v1/goals', { name: 'Blocked', targetValue: 1 })).body.error.code).toBe('limit_reached');
    // Taken long ago with no goal to show for it: given back, and the create goes through.
    await takeSlot(Date.now() - 60 * 60_000);
    expect((await client.post('/v1/goals', { name: 'Fits', targetValue: 1 })).status).toBe(201);
    expect(await countAll(client, '/v1/goals')).toBe(MAX_GOALS_PER_USER);
    const slots = (await db.send(new GetCommand({ TableName: table, Key: slotsKey(user.id, 'goal'), ConsistentRead: true }))).Item!.slots;
    expect(Object.keys(slots)).toHaveLength(MAX_GOALS_PER_USER);
    expect(slots).not.toHaveProperty(phantom);
  });

  it('items made before the slots existed are counted: the slots item is seeded from them', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    await Promise.all(Array.from({ length: MAX_GOALS_PER_USER }, (_, i) => client.post('/v1/goals', { name: `G${i}`, targetValue: 1 })));
    await db.send(new DeleteCommand({ TableName: table, Key: slotsKey(user.id, 'goal') }));
    const answers = await Promise.all(Array.from({ length: 3 }, () => client.post('/v1/goals', { name: 'Over', targetValue: 1 })));
    expect(tally(answers)).toEqual({ '409 limit_reached': 3 });
    expect(await countAll(client, '/v1/goals')).toBe(MAX_GOALS_PER_USER);
  });
});
