import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFingerprint } from '../../shared/kit/idempotency-state.ts';
import { as, newUser, type ApiResponse } from '../support/http-client.ts';
import { startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';

/**
 * Idempotency-Key when requests time out. These run on a runtime of their own: the flood that
 * makes requests outlive their function's timeout would slow every other test sharing one.
 */
describe('Idempotency-Key holds when requests time out', () => {
  let running: RunningMosaic;
  let db: DynamoDBDocumentClient;
  beforeAll(async () => {
    running = await startMosaic(tempDataDir('idempotency'));
    db = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: running.info.endpoints.dynamodb,
        region: 'us-east-1',
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await running?.stop();
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const idemKey = (userId: string, key: string) => ({ pk: `USER#${userId}`, sk: `IDEM#${key}` });

  async function allGoals(client: ReturnType<typeof as>): Promise<{ id: string; name: string }[]> {
    const out: { id: string; name: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.get(`/v1/goals?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      out.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return out;
  }

  it('90 goal creates that time out under a flood of GET /v1/today, retried with their keys, make 90 goals', async () => {
    const base = running.info.url;
    const client = as(base, await newUser(base));
    // Each goal links 20 activities, so its create makes some 25 calls to the table in a row,
    // each queued behind the flood: it outlives its function's 10 s timeout.
    const activities: string[] = [];
    for (let i = 0; i < 20; i++) activities.push((await client.post('/v1/activities', { name: `Part ${i}` })).body.id);
    const links = activities.map((activityId) => ({ activityId, weight: 1 }));
    const stamp = Date.now();
    const requests = Array.from({ length: 90 }, (_, i) => ({
      body: { name: `Goal ${i}`, targetValue: 100, links },
      headers: { 'idempotency-key': `flood-${stamp}-${i}` },
    }));
    const send = (i: number) => client.post('/v1/goals', requests[i]!.body, { headers: requests[i]!.headers });

    let flooding = true;
    const flood = Array.from({ length: 200 }, async () => {
      while (flooding) await client.get('/v1/today').catch(() => undefined);
    });
    let first: ApiResponse[];
    let during: ApiResponse[];
    try {
      await sleep(1000);
      first = await Promise.all(requests.map((_, i) => send(i)));
      // The precondition of everything below: the flood made the creates time out (503).
      expect(first.filter((r) => r.status === 503).length, JSON.stringify(first.map((r) => r.status))).toBeGreaterThan(0);
      // Retried at once, while the timed-out runs are still going: 409 with Retry-After, not a second goal.
      during = await Promise.all(requests.map((_, i) => send(i)));
    } finally {
      flooding = false;
      await Promise.all(flood);
    }
    const inProgress = during.filter((r) => r.status === 409);
    expect(inProgress.length).toBeGreaterThan(0);
    for (const r of inProgress) {
      expect(r.body.error.code).toBe('request_in_progress');
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // At most the function's timeout plus the lock's margin.
      expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(20);
    }

    // Retry each key, as Retry-After says, until it answers its goal.
    const ids = new Map<number, string>();
    first.forEach((r, i) => r.status === 201 && ids.set(i, r.body.id));
    during.forEach((r, i) => r.status === 201 && ids.set(i, r.body.id));
    let replays = 0;
    const deadline = Date.now() + 150_000;
    while (ids.size < requests.length && Date.now() < deadline) {
      const pending = requests.map((_, i) => i).filter((i) => !ids.has(i));
      const answers = await Promise.all(pending.map(send));
      answers.forEach((r, j) => {
        expect([201, 409, 503], r.text).toContain(r.status);
        if (r.status !== 201) return;
        ids.set(pending[j]!, r.body.id);
        if (r.headers['idempotent-replayed'] === 'true') replays++;
      });
      if (ids.size < requests.length) await sleep(1000);
    }
    expect(ids.size).toBe(90);
    expect(replays).toBeGreaterThan(0);
    const goals = await allGoals(client);
    expect(goals).toHaveLength(90);
    expect(new Set(ids.values())).toEqual(new Set(goals.map((g) => g.id)));
    // Once settled, every key replays its goal.
    const settled = await Promise.all(requests.map((_, i) => send(i)));
    expect(settled.map((r) => r.status)).toEqual(requests.map(() => 201));
    expect(settled.map((r) => r.body.id)).toEqual(requests.map((_, i) => ids.get(i)));
  }, 300_000);

  it('a run killed after its write but before its answer was stored: the retry after the lock finds that goal', async () => {
    const base = running.info.url;
    const user = await newUser(base);
    const client = as(base, user);
    const key = `killed-${Date.now()}`;
    const body = { name: 'Half marathon', targetValue: 21 };
    const first = await client.post('/v1/goals', body, { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    // What a Lambda killed at its deadline leaves: the goal written, the key still in progress.
    await db.send(
      new UpdateCommand({
        TableName: running.info.resources.tableName,
        Key: idemKey(user.id, key),
        UpdateExpression: 'SET #state = :inProgress, lockedUntil = :until REMOVE #response',
        ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
        ExpressionAttributeValues: { ':inProgress': 'in_progress', ':until': Date.now() + 2500 },
      }),
    );
    const locked = await client.post('/v1/goals', body, { headers: { 'idempotency-key': key } });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('request_in_progress');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(3);

    await sleep(Number(locked.headers['retry-after']) * 1000 + 200);
    const rerun = await client.post('/v1/goals', body, { headers: { 'idempotency-key': key } });
    expect(rerun.status).toBe(201);
    expect(rerun.body.id).toBe(first.body.id);
    expect(rerun.headers['idempotent-replayed']).toBeUndefined();
    const replay = await client.post('/v1/goals', body, { headers: { 'idempotency-key': key } });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    expect((await allGoals(client)).map((g) => g.id)).toEqual([first.body.id]);
  });

  it('a run killed before its write: the retry after the lock makes the goal, once', async () => {
    const base = running.info.url;
    const user = await newUser(base);
    const client = as(base, user);
    const key = `killed-early-${Date.now()}`;
    const raw = JSON.stringify({ name: 'Read 12 books', targetValue: 12 });
    // The record a run leaves when it dies right after claiming the key (its lock has ended).
    const now = Date.now();
    await db.send(
      new UpdateCommand({
        TableName: running.info.resources.tableName,
        Key: idemKey(user.id, key),
        UpdateExpression: 'SET #state = :inProgress, fingerprint = :fp, #owner = :owner, lockedUntil = :until, firstTriedAt = :first',
        ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
        ExpressionAttributeValues: {
          ':inProgress': 'in_progress',
          ':fp': requestFingerprint('POST', '/v1/goals', raw),
          ':owner': 'a-killed-run',
          ':until': now - 1,
          ':first': now - 15_000,
        },
      }),
    );
    const headers = { 'idempotency-key': key, 'content-type': 'application/json' };
    const answers = await Promise.all([1, 2, 3].map(() => client.post('/v1/goals', undefined, { raw, headers })));
    const created = answers.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThan(0);
    for (const r of answers) expect([201, 409]).toContain(r.status);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect((await allGoals(client)).map((g) => g.id)).toEqual([created[0]!.body.id]);
    const record = (await db.send(new GetCommand({ TableName: running.info.resources.tableName, Key: idemKey(user.id, key), ConsistentRead: true }))).Item!;
    expect(record).toMatchObject({ state: 'done', firstTriedAt: now - 15_000 });
  });

  it('a run that fails in its own process gives its key back at once: the retry runs, no 409', async () => {
    const base = running.info.url;
    const client = as(base, await newUser(base));
    const headers = { 'idempotency-key': `fails-${Date.now()}` };
    const body = { name: 'Linked', targetValue: 5, links: [{ activityId: '6f1c8c56-1a37-4a4e-9d7e-0a5f3f1d2b11', weight: 1 }] };
    const failed = await client.post('/v1/goals', body, { headers });
    expect(failed.status).toBe(404);
    const again = await client.post('/v1/goals', body, { headers });
    expect(again.status).toBe(404);
    expect(await allGoals(client)).toEqual([]);
  });
});
