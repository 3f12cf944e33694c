import { describe, expect, inject, it } from 'vitest';
import { operationsRoutes } from '../../infra/routes/operations.ts';
import { addToAdminGroup, newAdmin, signInAgain } from '../support/admin.ts';
import { as, call, newUser } from '../support/http-client.ts';
import { claimsOf } from '../support/tokens.ts';

const mosaic = inject('mosaic');

/** A concrete path of every admin route (a made-up user id where the path has one). */
const someId = '00000000-0000-4000-8000-000000000000';
const adminRoutes = Object.values(operationsRoutes).filter((r) => r.auth === 'admin');

describe('admin authorization', () => {
  it('answers 403 to a non-admin on every admin route, and audits each refusal', async () => {
    const user = await newUser(mosaic.url);
    expect(adminRoutes.length).toBeGreaterThanOrEqual(8);
    for (const r of adminRoutes) {
      const res = await call(mosaic.url, r.method, r.path.replace('{id}', someId), { token: user.token, from: user.from });
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
    }
    const admin = await newAdmin(mosaic);
    const trail = await as(mosaic.url, admin).get(`/v1/admin/audit?actor=${user.id}&kind=admin.denied&limit=100`);
    expect(trail.status).toBe(200);
    expect(trail.body.items.map((r: { target: string }) => r.target).sort()).toEqual(adminRoutes.map((r) => `${r.method} ${r.path}`).sort());
    expect(trail.body.items.every((r: { outcome: string; requestId?: string; sourceIp?: string }) => r.outcome === 'denied' && r.requestId && r.sourceIp === user.from)).toBe(true);
    // The page names its users by email, read from their profiles (the records keep ids only).
    expect(trail.body.people).toEqual({ [user.id]: user.email });
  });

  it('answers 401 to a token whose group claim was edited (and audits the rejected token)', async () => {
    const user = await newUser(mosaic.url);
    const [head, , signature] = user.token.split('.');
    const claims = { ...claimsOf(user.token), 'cognito:groups': ['admin'] };
    const edited = `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const res = await call(mosaic.url, 'GET', '/v1/admin/users', { token: edited, from: user.from });
    expect(res.status).toBe(401);
    const admin = await newAdmin(mosaic);
    const trail = await as(mosaic.url, admin).get('/v1/admin/audit?kind=token.rejected&target=GET%20%2Fv1%2Fadmin%2Fusers');
    expect(trail.body.items.some((r: { sourceIp?: string }) => r.sourceIp === user.from)).toBe(true);
  });

  it('takes admin away at once on revoke: the revoked admin\u2019s token no longer opens admin routes', async () => {
    const admin = await newAdmin(mosaic);
    const other = await newAdmin(mosaic);
    expect((await as(mosaic.url, other).get('/v1/admin/users?limit=1')).status).toBe(200);
    const revoked = await as(mosaic.url, admin).delete(`/v1/admin/users/${other.id}/admin`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.isAdmin).toBe(false);
    // The same, unexpired token: refused for admin routes, still fine for the user's own.
    expect((await as(mosaic.url, other).get('/v1/admin/users?limit=1')).status).toBe(403);
    expect((await as(mosaic.url, other).get('/v1/me')).body.isAdmin).toBe(false);
    // Granted again, they are an admin from their next sign-in.
    expect((await as(mosaic.url, admin).put(`/v1/admin/users/${other.id}/admin`)).status).toBe(200);
    const again = await signInAgain(mosaic.url, other);
    expect((await as(mosaic.url, again).get('/v1/admin/users?limit=1')).status).toBe(200);
  });

  it('refuses to disable, delete or demote yourself (409), changing nothing', async () => {
    const admin = await newAdmin(mosaic);
    const api = as(mosaic.url, admin);
    for (const res of [
      await api.post(`/v1/admin/users/${admin.id}/disable`),
      await api.delete(`/v1/admin/users/${admin.id}`),
      await api.delete(`/v1/admin/users/${admin.id}/admin`),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('self_action');
    }
    const me = await api.get(`/v1/admin/users/${admin.id}`);
    expect(me.body).toMatchObject({ isAdmin: true, disabled: false });
  });
});

describe('admin users', () => {
  it('lists, searches, sorts and pages users', async () => {
    const admin = await newAdmin(mosaic);
    const tag = `zz${Date.now().toString(36)}`;
    const made = [];
    for (let i = 0; i < 3; i++) {
      const u = await newUser(mosaic.url);
      await as(mosaic.url, u).patch('/v1/me', { displayName: `${tag} ${i}` });
      made.push(u);
    }
    const api = as(mosaic.url, admin);
    const first = await api.get(`/v1/admin/users?q=${tag}&sort=created&order=asc&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((u: { id: string }) => u.id)).toEqual([made[0]!.id, made[1]!.id]);
    const second = await api.get(`/v1/admin/users?q=${tag}&sort=created&order=asc&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((u: { id: string }) => u.id)).toEqual([made[2]!.id]);
    expect(second.body.nextCursor).toBeUndefined();
    const byEmail = await api.get(`/v1/admin/users?q=${tag}&sort=email&order=desc`);
    const emails = byEmail.body.items.map((u: { email: string }) => u.email);
    expect(emails).toEqual([...emails].sort().reverse());
    expect((await api.get(`/v1/admin/users?q=${made[1]!.email.toUpperCase()}`)).body.items.map((u: { id: string }) => u.id)).toEqual([made[1]!.id]);
    const active = await api.get('/v1/admin/users?sort=lastActive&order=desc&limit=5');
    expect(active.body.items[0].lastActiveAt).toBeDefined();
    expect((await api.get('/v1/admin/users?cursor=nonsense')).status).toBe(400);
    // An inverted range is the caller's mistake, not a failed query.
    const inverted = await api.get('/v1/admin/audit?from=2026-11-30T00:00:00Z&to=2026-11-01T00:00:00Z');
    expect(inverted.status).toBe(400);
    expect(inverted.body.error.details.issues[0]).toMatchObject({ field: 'query.from' });
  });

  it('shows a user\u2019s detail: counts per area, last activity and sign-in history', async () => {
    const admin = await newAdmin(mosaic);
    const user = await newUser(mosaic.url);
    await call(mosaic.url, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: 'Wrong-Horse-1' } });
    const act = await as(mosaic.url, user).post('/v1/activities', { name: 'Run', category: 'fitness', unit: 'km', goal: 5 });
    await as(mosaic.url, user).put(`/v1/entries/2026-11-01/${act.body.id}`, { value: 3 });
    const detail = await as(mosaic.url, admin).get(`/v1/admin/users/${user.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.counts.tracking).toMatchObject({ activities: 1, entries: 1, goals: 0 });
    expect(detail.body.lastActiveAt).toBeDefined();
    expect(detail.body.signIns.map((s: { kind: string }) => s.kind)).toEqual(['sign_in.failed', 'sign_in.succeeded']);
    expect((await as(mosaic.url, admin).get(`/v1/admin/users/${someId}`)).status).toBe(404);
  });

  it('disables a user (sessions end at once, sign-in refused) and enables them again', async () => {
    const admin = await newAdmin(mosaic);
    const user = await newUser(mosaic.url);
    const api = as(mosaic.url, admin);
    // Used just before: the runtime holds the user's token state, and still refuses the next request.
    expect((await as(mosaic.url, user).get('/v1/me')).status).toBe(200);
    const disabled = await api.post(`/v1/admin/users/${user.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect((await as(mosaic.url, user).get('/v1/me')).status).toBe(401);
    expect((await call(mosaic.url, 'POST', '/v1/auth/refresh', { from: user.from, json: { refreshToken: user.refreshToken } })).status).toBe(401);
    const login = await call(mosaic.url, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } });
    expect(login.status).toBe(403);
    expect((await api.post(`/v1/admin/users/${user.id}/enable`)).body.disabled).toBe(false);
    const back = await signInAgain(mosaic.url, user);
    expect((await as(mosaic.url, back).get('/v1/me')).status).toBe(200);
  });

  it('deletes a user with all their data', async () => {
    const admin = await newAdmin(mosaic);
    const user = await newUser(mosaic.url);
    await as(mosaic.url, user).post('/v1/activities', { name: 'Read', category: 'mind', unit: 'pages', goal: 10 });
    const api = as(mosaic.url, admin);
    expect((await api.delete(`/v1/admin/users/${user.id}`)).status).toBe(204);
    expect((await as(mosaic.url, user).get('/v1/me')).status).toBe(401);
    expect((await api.get(`/v1/admin/users/${user.id}`)).status).toBe(404);
    const login = await call(mosaic.url, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } });
    expect(login.status).toBe(401);
    const trail = await api.get(`/v1/admin/audit?target=${user.id}&kind=user.deleted`);
    expect(trail.body.items).toEqual([expect.objectContaining({ actor: admin.id, outcome: 'success', kind: 'user.deleted' })]);
    // A deleted account's id stays an id: nothing of the account is read back into the trail.
    expect(trail.body.people).toEqual({ [admin.id]: admin.email });
  });

  it('grants admin to another user, effective from their next sign-in', async () => {
    const admin = await newAdmin(mosaic);
    const user = await newUser(mosaic.url);
    expect((await as(mosaic.url, admin).put(`/v1/admin/users/${user.id}/admin`)).body.isAdmin).toBe(true);
    const again = await signInAgain(mosaic.url, user);
    expect((await as(mosaic.url, again).get('/v1/admin/users?limit=1')).status).toBe(200);
    void addToAdminGroup;
  });
});
