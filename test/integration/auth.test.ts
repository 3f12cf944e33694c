import { randomUUID } from 'node:crypto';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { accountRoutes } from '../../infra/routes/account.ts';
import { as, call, eventually, newUser, randomLoopback } from '../support/http-client.ts';
import { totp } from '../support/totp.ts';

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
    expect(reg.status).toBe(202);
    expect(reg.body).toEqual({ status: 'accepted', message: expect.stringContaining('sign in') });

    const login = await call(base, 'POST', '/v1/auth/login', { from, json: { email, password: 'Correct-Horse-9' } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      accessToken: expect.any(String),
      idToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: expect.any(Number),
      user: { email: email.toLowerCase(), displayName: 'Ada', isAdmin: false, timezone: 'Europe/Berlin', mfaEnabled: false },
    });
    expect(login.body.expiresIn).toBeGreaterThan(0);

    const me = await as(base, { token: login.body.accessToken, from }).get('/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(login.body.user.id);
  });

  it('answers a known email exactly as a new one (no enumeration) and tells the owner in the app', async () => {
    const owner = await newUser(base);
    const from = randomLoopback();
    const known = await call(base, 'POST', '/v1/auth/register', {
      from,
      json: { email: owner.email.toUpperCase(), password: 'Other-Horse-77', displayName: 'Twin' },
    });
    const fresh = await call(base, 'POST', '/v1/auth/register', {
      from,
      json: { email: `fresh-${randomUUID()}@example.com`, password: 'Other-Horse-77', displayName: 'Twin' },
    });
    expect(known.status).toBe(fresh.status);
    expect(known.status).toBe(202);
    expect(known.body).toEqual(fresh.body);
    expect(Object.keys(known.headers).sort()).toEqual(Object.keys(fresh.headers).sort());
    // The owner's account is untouched, and the owner is told.
    const signIn = await call(base, 'POST', '/v1/auth/login', { from: owner.from, json: { email: owner.email, password: owner.password } });
    expect(signIn.status).toBe(200);
    const notes = await as(base, { token: signIn.body.accessToken, from: owner.from }).get('/v1/notifications');
    expect(notes.body.items).toEqual([
      expect.objectContaining({ kind: 'security', subjectId: 'registration', data: { event: 'register.existing_email' } }),
    ]);
  });

  it('refuses a weak password (400 naming it), and common ones that meet the composition rules', async () => {
    const weak = await call(base, 'POST', '/v1/auth/register', {
      from: randomLoopback(),
      json: { email: `weak-${randomUUID()}@example.com`, password: 'short', displayName: 'Weak' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.issues.map((i: { field: string }) => i.field)).toContain('password');

    const from = randomLoopback();
    for (const password of ['Password12', 'Qwerty1234', 'Aaaaaaaaa1']) {
      const res = await call(base, 'POST', '/v1/auth/register', {
        from,
        json: { email: `common-${randomUUID()}@example.com`, password, displayName: 'Common' },
      });
      expect(res.status, password).toBe(400);
      expect(res.body.error.details.issues).toEqual([{ field: 'password', message: expect.stringMatching(/^is too easy to guess: /) }]);
    }
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
    const { requests, windowSeconds } = accountRoutes.login.rateLimit!;
    // The limit counts in fixed windows on the clock; a burst that straddled a window's end would
    // be counted in two. So the burst starts at the beginning of a window whenever less than half
    // of the current one is left (it takes well under a second).
    const windowMs = windowSeconds * 1000;
    const left = windowMs - (Date.now() % windowMs);
    if (left < windowMs / 2) await sleep(left + 50);
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < requests + 2; i++) {
      // A different email each time: this is the address's limit, not an account's lockout.
      const res = await call(base, 'POST', '/v1/auth/login', { from, json: { email: `x${i}-${randomUUID()}@example.com`, password: 'nope' } });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, requests).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(requests)).toEqual([429, 429]);
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited!.body.error.code).toBe('too_many_requests');
    // Another address is not affected.
    const other = await call(base, 'POST', '/v1/auth/login', { from: randomLoopback(), json: { email: 'x@example.com', password: 'nope' } });
    expect(other.status).toBe(401);
  });
});

describe('account lockout', () => {
  const login = (from: string, email: string, password: string) => call(base, 'POST', '/v1/auth/login', { from, json: { email, password } });

  it('locks an account for every new address after 20 failures from rotating addresses, saying until when', async () => {
    const user = await newUser(base); // signed in once from user.from: a known address
    for (let i = 0; i < 20; i++) expect((await login(randomLoopback(), user.email, `Guess-${i}-Horse`)).status).toBe(401);
    // Before: a login from yet another address succeeded at once. Now it is refused, right password or not.
    const locked = await login(randomLoopback(), user.email, user.password);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('sign_in_locked');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(locked.body.error.message).toMatch(/^Too many failed attempts for this account\. Try again in \d+ s \(after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\.$/);
    expect(locked.body.error.details).toEqual({ retryAfterSeconds: retryAfter, retryAt: expect.any(String) });
    // The owner's own address, where they signed in before, is not held by the account-wide lock.
    expect((await login(user.from, user.email, user.password)).status).toBe(200);
  });

  it('locks an account from one address after 5 failures, without touching other addresses', async () => {
    const user = await newUser(base);
    const from = randomLoopback();
    for (let i = 0; i < 5; i++) expect((await login(from, user.email, `Guess-${i}-Horse`)).status).toBe(401);
    const locked = await login(from, user.email, user.password);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('sign_in_locked');
    expect((await login(user.from, user.email, user.password)).status).toBe(200);
  });

  it('limits guessing the current password through PATCH /v1/me with a token', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await client.patch('/v1/me', { password: { current: `Guess-${i}-Horse`, new: 'Brand-New-Pass-2' } })).status);
    // Before: every guess answered 400, without end.
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    const right = await client.patch('/v1/me', { password: { current: user.password, new: 'Brand-New-Pass-2' } });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('sign_in_locked');
  });
});

describe('sessions', () => {
  const refresh = (from: string, refreshToken: string) => call(base, 'POST', '/v1/auth/refresh', { from, json: { refreshToken } });

  it('signs this session out: its refresh token and its access token stop working, other sessions go on', async () => {
    const user = await newUser(base);
    const other = await call(base, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } });
    const out = await as(base, user).post('/v1/auth/logout', { refreshToken: user.refreshToken });
    expect(out.status).toBe(204);
    expect((await refresh(user.from, user.refreshToken)).status).toBe(401);
    expect((await as(base, user).get('/v1/me')).status).toBe(401);
    expect((await refresh(user.from, other.body.refreshToken)).status).toBe(200);
    expect((await as(base, { token: other.body.accessToken, from: user.from }).get('/v1/me')).status).toBe(200);
  });

  it('signs out everywhere: every session and token ends, and a new sign-in works', async () => {
    const user = await newUser(base);
    const other = await call(base, 'POST', '/v1/auth/login', { from: randomLoopback(), json: { email: user.email, password: user.password } });
    expect((await as(base, user).post('/v1/auth/logout-all')).status).toBe(204);
    for (const session of [user, { token: other.body.accessToken, refreshToken: other.body.refreshToken }]) {
      expect((await refresh(user.from, session.refreshToken)).status).toBe(401);
      expect((await as(base, { token: session.token, from: user.from }).get('/v1/me')).status).toBe(401);
    }
    const again = await call(base, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } });
    expect((await as(base, { token: again.body.accessToken, from: user.from }).get('/v1/me')).status).toBe(200);
    expect((await refresh(user.from, again.body.refreshToken)).status).toBe(200);
  });

  it('ends every other session when the password changes', async () => {
    const user = await newUser(base);
    const other = await call(base, 'POST', '/v1/auth/login', { from: randomLoopback(), json: { email: user.email, password: user.password } });
    // Before: the other session's refresh token kept working after the change.
    expect((await refresh(user.from, other.body.refreshToken)).status).toBe(200);
    const changed = await as(base, user).patch('/v1/me', { password: { current: user.password, new: 'Brand-New-Pass-2' } });
    expect(changed.status).toBe(200);
    expect((await refresh(user.from, other.body.refreshToken)).status).toBe(401);
    expect((await refresh(user.from, user.refreshToken)).status).toBe(401);
    expect((await as(base, { token: other.body.accessToken, from: user.from }).get('/v1/me')).status).toBe(401);
  });
});

/**
 * The runtime keeps a user's token state for a moment (AUTH_STATE_CACHE_MS) between requests.
 * Each revocation below happens while the token's requests are under way (the state cached, a
 * read in flight), and the very next request after the answer must be refused all the same.
 */
describe('revocation with the token state cached', () => {
  /** Runs `revoke` while `user`'s token keeps reading; every read answers 200 or, once ended, 401. */
  async function revokeWhileReading(user: { token: string; from: string }, revoke: () => Promise<{ status: number }>, expected: number) {
    const client = as(base, user);
    // Warm: these requests leave the state cached in the runtime.
    for (const res of await Promise.all(Array.from({ length: 5 }, () => client.get('/v1/activities?limit=1')))) expect(res.status).toBe(200);
    let reading = true;
    const statuses: number[] = [];
    const readers = Array.from({ length: 4 }, async () => {
      while (reading) statuses.push((await client.get('/v1/activities?limit=1')).status);
    });
    const answer = await revoke();
    expect(answer.status).toBe(expected);
    const next = await client.get('/v1/activities?limit=1');
    reading = false;
    await Promise.all(readers);
    expect(next.status).toBe(401);
    expect(statuses.every((s) => s === 200 || s === 401)).toBe(true);
  }

  it('refuses a signed-out access token on the very next request', async () => {
    const user = await newUser(base);
    await revokeWhileReading(user, () => as(base, user).post('/v1/auth/logout', { refreshToken: user.refreshToken }), 204);
  });

  it('refuses every token on the very next request after signing out everywhere', async () => {
    const user = await newUser(base);
    const other = await call(base, 'POST', '/v1/auth/login', { from: randomLoopback(), json: { email: user.email, password: user.password } });
    await revokeWhileReading({ token: other.body.accessToken, from: user.from }, () => as(base, user).post('/v1/auth/logout-all'), 204);
    expect((await as(base, user).get('/v1/me')).status).toBe(401);
  });

  it('refuses a deleted account\u2019s token on the very next request', async () => {
    const user = await newUser(base);
    await revokeWhileReading(user, () => as(base, user).delete('/v1/me', { json: { password: user.password } }), 204);
  });

  it('answers "today" in a changed time zone from the very next request', async () => {
    // 25 hours apart: their dates always differ.
    const user = await newUser(base, { timezone: 'Pacific/Kiritimati' });
    const client = as(base, user);
    const dateIn = (timeZone: string, at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
    for (const [i, timezone] of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Pacific/Kiritimati'].entries()) {
      if (timezone !== (await client.get('/v1/me')).body.timezone) expect((await client.patch('/v1/me', { timezone })).status).toBe(200);
      const before = new Date();
      const today = await client.get('/v1/today');
      const after = new Date();
      expect(today.status).toBe(200);
      expect(today.body.timezone).toBe(timezone);
      expect([dateIn(timezone, before), dateIn(timezone, after)]).toContain(today.body.date);
      // Creating an activity reads the zone from the profile itself: the two agree.
      const created = await client.post('/v1/activities', { name: `Walk ${i}` });
      expect(created.status).toBe(201);
      expect([dateIn(timezone, before), dateIn(timezone, new Date())]).toContain(created.body.startDate);
    }
  });
});

describe('TOTP MFA', () => {
  it('enrols, then asks for the code at sign-in: a wrong code is refused, the right one gives tokens that refresh', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    // A code before any authenticator was set up: a clear 409, not a failure of ours.
    const early = await client.post('/v1/me/mfa/enable', { code: '123456' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/mfa\/setup/);
    const setup = await client.post('/v1/me/mfa/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.otpauthUri).toContain(`secret=${setup.body.secret}`);
    expect((await client.post('/v1/me/mfa/enable', { code: '000000' })).status).toBe(400);
    const enabled = await client.post('/v1/me/mfa/enable', { code: totp(setup.body.secret) });
    expect(enabled.status).toBe(200);
    expect(enabled.body.mfaEnabled).toBe(true);

    const challenge = await call(base, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } });
    expect(challenge.status).toBe(200);
    expect(challenge.body).toEqual({ challenge: 'totp', challengeId: expect.any(String), expiresIn: 180 });
    const wrongCode = String((Number(totp(setup.body.secret)) + 500_000) % 1_000_000).padStart(6, '0');
    const wrong = await call(base, 'POST', '/v1/auth/login/mfa', { from: user.from, json: { challengeId: challenge.body.challengeId, code: wrongCode } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.issues[0].field).toBe('code');
    const forged = await call(base, 'POST', '/v1/auth/login/mfa', { from: user.from, json: { challengeId: 'made-up', code: totp(setup.body.secret) } });
    expect(forged.status).toBe(401);

    const session = await call(base, 'POST', '/v1/auth/login/mfa', {
      from: user.from,
      json: { challengeId: challenge.body.challengeId, code: totp(setup.body.secret) },
    });
    expect(session.status).toBe(200);
    expect(session.body.user).toMatchObject({ id: user.id, mfaEnabled: true });
    expect((await as(base, { token: session.body.accessToken, from: user.from }).get('/v1/me')).status).toBe(200);
    const renewed = await call(base, 'POST', '/v1/auth/refresh', { from: user.from, json: { refreshToken: session.body.refreshToken } });
    expect(renewed.status).toBe(200);

    // Off again only with the password.
    const mine = as(base, { token: session.body.accessToken, from: user.from });
    expect((await mine.post('/v1/me/mfa/disable', { password: 'Wrong-Horse-9' })).status).toBe(400);
    expect((await mine.post('/v1/me/mfa/disable', { password: user.password })).body.mfaEnabled).toBe(false);
    const plain = await call(base, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } });
    expect(plain.body.accessToken).toEqual(expect.any(String));
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

  it('changes the password only with the current one, and refuses a common new one', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const wrong = await client.patch('/v1/me', { password: { current: 'Not-The-One-1', new: 'Brand-New-Pass-2' } });
    expect(wrong.status).toBe(400);
    const common = await client.patch('/v1/me', { password: { current: user.password, new: 'Qwerty1234' } });
    expect(common.status).toBe(400);
    expect(common.body.error.details.issues[0].field).toBe('password.new');
    const right = await client.patch('/v1/me', { password: { current: user.password, new: 'Brand-New-Pass-2' } });
    expect(right.status).toBe(200);
    const old = await call(base, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } });
    expect(old.status).toBe(401);
    const fresh = await call(base, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: 'Brand-New-Pass-2' } });
    expect(fresh.status).toBe(200);
  });

  it('deletes the account only with its current password', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const refused = await client.delete('/v1/me', { json: { password: 'Wrong-Horse-9' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.issues[0].field).toBe('password');
    expect((await client.get('/v1/me')).status).toBe(200);
  });

  it('deletes the account and every item of its data', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const activity = await client.post('/v1/activities', { name: 'Read' });
    expect(activity.status).toBe(201);
    const date = new Date().toISOString().slice(0, 10);
    expect((await client.put(`/v1/entries/${date}/${activity.body.id}`, { value: 1 })).status).toBe(200);

    expect((await client.delete('/v1/me', { json: { password: user.password } })).status).toBe(204);
    const login = await call(base, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } });
    expect(login.status).toBe(401);
    // The token issued before the deletion is refused at once, though it has not expired.
    expect((await client.get('/v1/me')).status).toBe(401);

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
