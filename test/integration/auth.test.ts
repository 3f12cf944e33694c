import { randomUUID } from 'node:crypto';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { as, call, eventually, newUser, randomLoopback } from '../support/http-client.ts';

const mosaic = inject('mosaic');
const base = mosaic.url;

describe('health', () => {
  it('answers 200 when table, storage and user pool answer', async () => {
    const res = await call(base, 'GET', '/v1/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(Object.keys(res.body.checks).sort()).toEqual(['storage', 'table', 'userPool']);
    for (const check of Object.values(res.body.checks) as Array<{ ok: boolean }>) expect(check.ok).toBe(true);
  });
});

describe('register, login, refresh', () => {
  it('registers, signs in and returns tokens with the user', async () => {
    const from = randomLoopback();
    const email = `Mixed-${randomUUID()}@Example.com`;
    const reg = await call(base, 'POST', '/v1/auth/register', {
      from,
      json: { email, password: 'Correct-Horse-9', displayName: 'Ada', timezone: 'Europe/Berlin' },
    });
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({ email: email.toLowerCase(), displayName: 'Ada', isAdmin: false, timezone: 'Europe/Berlin' });

    const login = await call(base, 'POST', '/v1/auth/login', { from, json: { email, password: 'Correct-Horse-9' } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      accessToken: expect.any(String),
      idToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: expect.any(Number),
      user: { id: reg.body.id, email: email.toLowerCase(), displayName: 'Ada', isAdmin: false, timezone: 'Europe/Berlin' },
    });
    expect(login.body.expiresIn).toBeGreaterThan(0);

    const me = await as(base, { token: login.body.accessToken, from }).get('/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(reg.body.id);
  });

  it('refuses a second account with the same email (409) and a weak password (400 naming it)', async () => {
    const user = await newUser(base);
    const again = await call(base, 'POST', '/v1/auth/register', {
      from: user.from,
      json: { email: user.email.toUpperCase(), password: 'Correct-Horse-9', displayName: 'Twin' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');

    const weak = await call(base, 'POST', '/v1/auth/register', {
      from: randomLoopback(),
      json: { email: `weak-${randomUUID()}@example.com`, password: 'short', displayName: 'Weak' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.issues.map((i: { field: string }) => i.field)).toContain('password');
  });

  it('gives the same 401 for a wrong password and an unknown email', async () => {
    const user = await newUser(base);
    const wrong = await call(base, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: 'Wrong-Horse-9' } });
    const unknown = await call(base, 'POST', '/v1/auth/login', {
      from: user.from,
      json: { email: `nobody-${randomUUID()}@example.com`, password: 'Wrong-Horse-9' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('exchanges a refresh token for a working access token, and refuses a bad one', async () => {
    const user = await newUser(base);
    const res = await call(base, 'POST', '/v1/auth/refresh', { from: user.from, json: { refreshToken: user.refreshToken } });
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    const me = await as(base, { token: res.body.accessToken, from: user.from }).get('/v1/me');
    expect(me.status).toBe(200);

    const bad = await call(base, 'POST', '/v1/auth/refresh', { from: user.from, json: { refreshToken: 'not-a-token' } });
    expect(bad.status).toBe(401);
  });

  it('rate limits sign-in attempts per client address with 429 and Retry-After', async () => {
    const from = randomLoopback();
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 12; i++) {
      const res = await call(base, 'POST', '/v1/auth/login', { from, json: { email: 'x@example.com', password: 'nope' } });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited!.body.error.code).toBe('too_many_requests');
    // Another address is not affected.
    const other = await call(base, 'POST', '/v1/auth/login', { from: randomLoopback(), json: { email: 'x@example.com', password: 'nope' } });
    expect(other.status).toBe(401);
  });
});

describe('profile', () => {
  it('changes display name and time zone, and rejects an unknown zone naming the field', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const res = await client.patch('/v1/me', { displayName: 'Grace', timezone: 'America/New_York' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ displayName: 'Grace', timezone: 'America/New_York' });
    expect((await client.get('/v1/me')).body.timezone).toBe('America/New_York');

    const bad = await client.patch('/v1/me', { timezone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].field).toBe('timezone');
    expect((await client.get('/v1/me')).body.timezone).toBe('America/New_York');
  });

  it('changes the password only with the current one', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const wrong = await client.patch('/v1/me', { password: { current: 'Not-The-One-1', new: 'Brand-New-Pass-2' } });
    expect(wrong.status).toBe(400);
    const right = await client.patch('/v1/me', { password: { current: user.password, new: 'Brand-New-Pass-2' } });
    expect(right.status).toBe(200);
    const old = await call(base, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } });
    expect(old.status).toBe(401);
    const fresh = await call(base, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: 'Brand-New-Pass-2' } });
    expect(fresh.status).toBe(200);
  });

  it('deletes the account and every item of its data', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const activity = await client.post('/v1/activities', { name: 'Read' });
    expect(activity.status).toBe(201);
    const date = new Date().toISOString().slice(0, 10);
    expect((await client.put(`/v1/entries/${date}/${activity.body.id}`, { value: 1 })).status).toBe(200);

    expect((await client.delete('/v1/me')).status).toBe(204);
    const login = await call(base, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } });
    expect(login.status).toBe(401);

    const dynamo = new DynamoDBClient({
      endpoint: mosaic.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const remaining = await eventually(
      async () =>
        (
          await dynamo.send(
            new QueryCommand({
              TableName: mosaic.resources.tableName,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': { S: `USER#${user.id}` } },
              Select: 'COUNT',
              ConsistentRead: true,
            }),
          )
        ).Count,
      (count) => count === 0,
    );
    expect(remaining).toBe(0);
  });
});
