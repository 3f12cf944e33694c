import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFingerprint } from '../../shared/kit/idempotency-state.ts';
import { MAX_ACTIVITIES_PER_USER, MAX_GOALS_PER_USER } from '../../shared/tracking/limits.ts';
import { as, eventually, newUser, type ApiResponse, type TestUser } from '../support/http-client.ts';
import { startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';

/**
 * Bursts: caps under hundreds of parallel creates, and Idempotency-Key when requests time out.
 * They run on a runtime of their own, whose per-caller lanes are wide enough for a whole burst
 * to run at once — as it would in the cloud, where each request gets its own Lambda (the local
 * lanes would otherwise queue most of it, or answer 429) — and whose flood would slow every
 * other test sharing a runtime.
 */
const WIDE_LANES = { MOSAIC_CALLER_IN_FLIGHT: '2000', MOSAIC_CALLER_QUEUED: '2000' };
let running: RunningMosaic;
let db: DynamoDBDocumentClient;
let base: string;
let table: string;
beforeAll(async () => {
  running = await startMosaic(tempDataDir('bursts'), WIDE_LANES);
  base = running.info.url;
  table = running.info.resources.tableName;
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
const slotsKey = (userId: string, kind: string) => ({ pk: `USER#${userId}`, sk: `SLOTS#${kind}` });
const idemKey = (userId: string, key: string) => ({ pk: `USER#${userId}`, sk: `IDEM#${key}` });

const tally = (responses: ApiResponse[]) =>
  responses.reduce<Record<string, number>>((m, r) => {
    const key = r.status === 409 ? `409 ${r.body.error.code}` : String(r.status);
    m[key] = (m[key] ?? 0) + 1;
    return m;
  }, {});

async function all<T>(client: ReturnType<typeof as>, path: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const url = `${path}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    let page = await client.get(url);
    // A read that timed out (the runtime whose functions stop after 1 s, on a busy machine) is read again.
    for (let attempt = 1; page.status === 503 && attempt < 20; attempt++) page = await client.get(url);
    expect(page.status, page.text).toBe(200);
    out.push(...(page.body.items as T[]));
    cursor = page.body.nextCursor;
  } while (cursor);
  return out;
}
const countAll = async (client: ReturnType<typeof as>, path: string) => (await all(client, path)).length;
const allGoals = (client: ReturnType<typeof as>) => all<{ id: string; name: string }>(client, '/v1/goals');

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

describe('Idempotency-Key holds when requests time out', () => {
  it('90 goal creates that time out under a flood of GET /v1/today, retried with their keys, make 90 goals', async () => {
    // A runtime whose functions time out after 1 s, so that the flood makes creates time out on
    // any machine (with the real 10 s, a fast one finishes them in time).
    const timing = await startMosaic(tempDataDir('bursts-timeouts'), { ...WIDE_LANES, MOSAIC_HTTP_TIMEOUT_CAP: '1' });
    try {
      await floodedCreates(timing.info.url);
    } finally {
      await timing.stop();
    }
  }, 300_000);

  async function floodedCreates(base: string) {
    // On this runtime anything past 1 s times out, the set-up too when the machine is busy: it
    // does as a client does with a 503 — tries again (a new user; the same key for a create).
    let user: TestUser | undefined;
    for (let attempt = 1; !user; attempt++) {
      user = await newUser(base).catch((error: unknown) => {
        if (attempt >= 20 || !String(error).includes('answered 503')) throw error;
        return undefined;
      });
    }
    const client = as(base, user);
    const stamp = Date.now();
    const created = async (path: string, body: object, key: string) => {
      for (let attempt = 1; ; attempt++) {
        const answer = await client.post(path, body, { headers: { 'idempotency-key': key } });
        if (answer.status !== 503 || attempt >= 20) return answer;
        await sleep(500);
      }
    };
    // Each goal links 20 activities, so its create makes some 25 calls to the table in a row,
    // each queued behind the flood: it outlives its function's (capped, 1 s) timeout (and goes on running
    // after the 503, as a handler does locally; in the cloud it would be killed).
    const activities: string[] = [];
    for (let i = 0; i < 20; i++) {
      const answer = await created('/v1/activities', { name: `Part ${i}` }, `part-${stamp}-${i}`);
      expect(answer.status, answer.text).toBe(201);
      activities.push(answer.body.id);
    }
    const links = activities.map((activityId) => ({ activityId, weight: 1 }));
    const requests = Array.from({ length: 90 }, (_, i) => ({
      body: { name: `Goal ${i}`, targetValue: 100, links },
      headers: { 'idempotency-key': `flood-${stamp}-${i}` },
    }));
    const send = (i: number) => client.post('/v1/goals', requests[i]!.body, { headers: requests[i]!.headers });

    let flooding = true;
    const flood = Array.from({ length: 120 }, async () => {
      while (flooding) await client.get('/v1/today').catch(() => undefined);
    });
    // Each request, and at once again when it timed out: the run it started is still going.
    let first: { answer: ApiResponse; retry?: ApiResponse }[];
    try {
      await sleep(1000);
      first = await Promise.all(
        requests.map(async (_, i) => {
          const answer = await send(i);
          return answer.status === 503 ? { answer, retry: await send(i) } : { answer };
        }),
      );
    } finally {
      flooding = false;
      await Promise.all(flood);
    }
    // The precondition of everything below: the flood made the creates time out (503).
    const timedOut = first.filter((f) => f.answer.status === 503);
    expect(timedOut.length, JSON.stringify(first.map((f) => f.answer.status))).toBeGreaterThan(0);
    // Their immediate retries find the key in progress (409 + Retry-After) or the run done (201),
    // or — queued behind the same flood — time out themselves (503). Which, and how many of each,
    // is up to the machine's load, so no count is asserted here; the 409's contract is checked
    // wherever one comes, and deterministically (a key held in progress) in the tests below.
    const inProgress = timedOut.filter((f) => f.retry!.status === 409).map((f) => f.retry!);
    for (const r of inProgress) {
      expect(r.body.error.code).toBe('request_in_progress');
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // At most the function's timeout plus the lock's margin.
      expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(11);
    }
    for (const f of timedOut) expect([201, 409, 503], f.retry!.text).toContain(f.retry!.status);

    // Retry each key, as Retry-After says, until it answers its goal — a few at a time: on this
    // runtime anything past 1 s times out, and 90 at once on a busy machine time out however
    // often they are tried.
    const ids = new Map<number, string>();
    first.forEach((f, i) => {
      const settled = [f.answer, f.retry].find((r) => r?.status === 201);
      if (settled) ids.set(i, settled.body.id);
    });
    const deadline = Date.now() + 180_000;
    const unsettled = requests.map((_, i) => i).filter((i) => !ids.has(i));
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = unsettled.shift(); i !== undefined; i = unsettled.shift()) {
          for (;;) {
            const r = await send(i);
            expect([201, 409, 503], r.text).toContain(r.status);
            if (r.status === 201) {
              ids.set(i, r.body.id);
              break;
            }
            if (Date.now() > deadline) break;
            await sleep(r.status === 409 ? Number(r.headers['retry-after']) * 1000 : 500);
          }
        }
      }),
    );
    expect(ids.size).toBe(90);
    const goals = await allGoals(client);
    expect(goals).toHaveLength(90);
    expect(new Set(ids.values())).toEqual(new Set(goals.map((g) => g.id)));
    // Once settled, every key replays its goal. One at a time: on this runtime anything past 1 s
    // times out, and a 503 is retried with its key, as a client does (and as the API says).
    const settled: ApiResponse[] = [];
    for (let i = 0; i < requests.length; i++) {
      let answer = await send(i);
      while (answer.status === 503 && Date.now() < deadline + 60_000) {
        await sleep(200);
        answer = await send(i);
      }
      settled.push(answer);
    }
    expect(settled.map((r) => r.status)).toEqual(requests.map(() => 201));
    expect(settled.map((r) => r.body.id)).toEqual(requests.map((_, i) => ids.get(i)));
    expect(settled.every((r) => r.headers['idempotent-replayed'] === 'true')).toBe(true);
  }

  it('a run killed after its write but before its answer was stored: the retry after the lock finds that goal', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const key = `killed-${Date.now()}`;
    const body = { name: 'Half marathon', targetValue: 21 };
    const first = await client.post('/v1/goals', body, { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    // What a Lambda killed at its deadline leaves: the goal written, the key still in progress.
    await db.send(
      new UpdateCommand({
        TableName: table,
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
    const user = await newUser(base);
    const client = as(base, user);
    const key = `killed-early-${Date.now()}`;
    const raw = JSON.stringify({ name: 'Read 12 books', targetValue: 12 });
    // The record a run leaves when it dies right after claiming the key (its lock has ended).
    const now = Date.now();
    await db.send(
      new UpdateCommand({
        TableName: table,
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
    const record = (await db.send(new GetCommand({ TableName: table, Key: idemKey(user.id, key), ConsistentRead: true }))).Item!;
    expect(record).toMatchObject({ state: 'done', firstTriedAt: now - 15_000 });
  });

  it('a run that fails in its own process gives its key back at once: the retry runs, no 409', async () => {
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
