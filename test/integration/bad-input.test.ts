import { describe, expect, inject, it } from 'vitest';
import { as, call, newUser } from '../support/http-client.ts';
import { claimsOf, localPoolKey, signJwt, strangerKey } from '../support/tokens.ts';

const mosaic = inject('mosaic');
const base = mosaic.url;

function expectErrorShape(body: { error: Record<string, unknown> }, code: string) {
  expect(body.error).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
}

describe('bad input gets a clear answer and changes nothing', () => {
  it('malformed JSON → 400 invalid_json, nothing created', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const res = await client.post('/v1/activities', undefined, {
      raw: '{"name": "Run",',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'invalid_json');
    expect((await client.get('/v1/activities')).body.items).toEqual([]);
  });

  it('schema violation → 400 naming the field, nothing created', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const res = await client.post('/v1/activities', { name: '', goal: -3 });
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'validation_failed');
    const fields = res.body.error.details.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'goal']));
    expect(res.body.error.message).toContain('name');
    expect((await client.get('/v1/activities')).body.items).toEqual([]);
  });

  it('unknown path → 404; wrong method → 405 with Allow', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const unknown = await client.get('/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expectErrorShape(unknown.body, 'not_found');
    const wrong = await client.patch('/v1/activities', { name: 'x' });
    expect(wrong.status).toBe(405);
    expectErrorShape(wrong.body, 'method_not_allowed');
    expect(wrong.headers.allow).toBe('GET, POST');
  });

  it('oversized body → 413, nothing created', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const res = await client.post('/v1/activities', { name: 'Big', description: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
    expectErrorShape(res.body, 'payload_too_large');
    expect((await client.get('/v1/activities')).body.items).toEqual([]);
  });

  it('missing, expired, forged and wrong-client tokens → 401', async () => {
    const user = await newUser(base);
    const claims = claimsOf(user.token);
    const now = Math.floor(Date.now() / 1000);
    const poolKey = localPoolKey(mosaic.dataDir);
    const expired = signJwt({ ...claims, iat: now - 7200, exp: now - 3600 }, poolKey);
    const forged = signJwt({ ...claims, exp: now + 3600 }, strangerKey());
    const otherClient = signJwt({ ...claims, client_id: 'someotherclient', exp: now + 3600 }, poolKey);
    const idToken = signJwt({ ...claims, token_use: 'id', exp: now + 3600 }, poolKey);
    // The control: the same claims, properly signed and unexpired, are accepted.
    const valid = signJwt({ ...claims, exp: now + 3600 }, poolKey);
    expect((await call(base, 'GET', '/v1/me', { token: valid })).status).toBe(200);

    const missing = await call(base, 'GET', '/v1/me');
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    for (const token of [expired, forged, otherClient, idToken, 'not.a.jwt']) {
      const res = await call(base, 'GET', '/v1/me', { token });
      expect(res.status).toBe(401);
      expectErrorShape(res.body, 'unauthorized');
    }
  });

  it("another user's activity → 404, never 403; and it stays untouched", async () => {
    const owner = await newUser(base);
    const stranger = await newUser(base);
    const created = await as(base, owner).post('/v1/activities', { name: 'Private' });
    const id = created.body.id;
    const them = as(base, stranger);
    for (const res of [
      await them.get(`/v1/activities/${id}`),
      await them.patch(`/v1/activities/${id}`, { name: 'Hijacked' }),
      await them.delete(`/v1/activities/${id}`),
      await them.put(`/v1/entries/2026-01-01/${id}`, { value: 1 }),
    ]) {
      expect(res.status).toBe(404);
      expectErrorShape(res.body, 'not_found');
    }
    expect((await as(base, owner).get(`/v1/activities/${id}`)).body.name).toBe('Private');
  });

  it('duplicate activity name (any case) → 409, nothing created', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    expect((await client.post('/v1/activities', { name: 'Meditate' })).status).toBe(201);
    const dup = await client.post('/v1/activities', { name: '  meditate ' });
    expect(dup.status).toBe(409);
    expectErrorShape(dup.body, 'conflict');
    expect((await client.get('/v1/activities')).body.items).toHaveLength(1);
  });

  it('impossible or out-of-range date → 400, nothing written', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const activity = (await client.post('/v1/activities', { name: 'Walk' })).body;
    for (const date of ['2026-02-30', '1969-12-31', '2999-01-01', '2026-13-01', 'yesterday']) {
      const res = await client.put(`/v1/entries/${date}/${activity.id}`, { value: 1 });
      expect(res.status, date).toBe(400);
      expect(res.body.error.details.issues[0].field).toBe('params.date');
    }
    expect((await client.get('/v1/today?date=2026-02-30')).status).toBe(400);
  });

  it('unknown activity in an entry → 404', async () => {
    const user = await newUser(base);
    const res = await as(base, user).put('/v1/entries/2026-01-01/6f1c8c56-1a37-4a4e-9d7e-0a5f3f1d2b11', { value: 1 });
    expect(res.status).toBe(404);
  });

  it('a bad cursor → 400', async () => {
    const user = await newUser(base);
    const res = await as(base, user).get('/v1/activities?cursor=garbage');
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'invalid_cursor');
  });

  it('a well-formed cursor of another list, or an empty key, → 400 and never a 500', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const act = (await client.post('/v1/activities', { name: 'Read' })).body;
    await client.put(`/v1/entries/2026-01-01/${act.id}`, { value: 1 });
    await client.put(`/v1/entries/2026-01-02/${act.id}`, { value: 1 });
    const entriesCursor = (await client.get('/v1/entries?limit=1')).body.nextCursor as string;
    expect(entriesCursor).toBeTruthy();
    for (const url of [
      `/v1/entries?limit=1&cursor=${encode({ sk: `ACT#${act.id}` })}`,
      `/v1/entries?limit=1&cursor=${encode({ sk: '' })}`,
      `/v1/activities?limit=1&cursor=${entriesCursor}`,
    ]) {
      const res = await client.get(url);
      expect(res.status, url).toBe(400);
      expectErrorShape(res.body, 'invalid_cursor');
    }
  });
});
