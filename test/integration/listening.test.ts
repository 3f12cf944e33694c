import { describe, expect, inject, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { as, call, eventually, newUser, queuesDrained, type TestUser } from '../support/http-client.ts';
import { ROOT } from '../support/local-process.ts';

const mosaic = inject('mosaic');
const base = mosaic.url;

/** Spotify's consent page answered for the user: the redirect's query (code and state, or error). */
async function consent(authorizeUrl: string, decision: 'allow' | 'deny'): Promise<URLSearchParams> {
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Agree');
  const decide = new URL(authorizeUrl);
  decide.pathname = '/authorize/decide';
  decide.searchParams.set('decision', decision);
  const res = await fetch(decide, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(location.pathname).toBe('/listening/connect');
  return location.searchParams;
}

async function connect(user: TestUser) {
  const client = as(base, user);
  const start = await client.post('/v1/listening/spotify/connect');
  expect(start.status).toBe(200);
  const url = new URL(start.body.authorizeUrl);
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  const back = await consent(start.body.authorizeUrl, 'allow');
  const done = await client.post('/v1/listening/spotify/callback', { state: back.get('state'), code: back.get('code') });
  expect(done.status).toBe(200);
  return { client, connection: done.body, state: back.get('state')!, sandbox: url.origin };
}

const sandboxControl = (sandbox: string, path: string, body: unknown) => fetch(`${sandbox}/sandbox/${path}`, { method: 'POST', body: JSON.stringify(body) });

async function collect(client: ReturnType<typeof as>, done: (s: any) => boolean) {
  expect((await call(base, 'POST', '/_local/schedules/listening-collector')).status).toBe(200);
  return eventually(async () => (await client.get('/v1/listening/spotify')).body, done, 60_000);
}

describe('listening: Spotify connect, collector, history', () => {
  it('connects with PKCE and a signed state, runs the initial sync, and answers history from roll-ups', async () => {
    const user = await newUser(base, { timezone: 'Europe/Berlin' });
    const { client, connection, state } = await connect(user);
    expect(connection).toMatchObject({ status: 'connected', initialSync: { status: 'pending' } });
    expect(connection.tokens).toBeUndefined();
    // The state works once.
    const again = await client.post('/v1/listening/spotify/callback', { state, code: 'x' });
    expect(again.status).toBe(400);

    const status = await collect(client, (s) => s.initialSync?.status === 'done');
    expect(status.initialSync.stoppedBy).toMatch(/^(empty_batch|max_age|max_requests|no_progress)$/);
    expect(status.playsCollected).toBeGreaterThan(50);
    const runs = (await client.get('/v1/listening/runs')).body.items;
    expect(runs[0]).toMatchObject({ kind: 'initial-sync', outcome: 'succeeded', trigger: 'schedule' });
    expect(runs[0].playsAdded).toBe(status.playsCollected);

    const top = await client.get('/v1/listening/top/artist?range=all&limit=5');
    expect(top.status).toBe(200);
    expect(top.body.items.length).toBe(5);
    const overview = (await client.get('/v1/listening/overview')).body;
    expect(overview.allTimePlays).toBe(status.playsCollected);
    const heat = (await client.get('/v1/listening/heatmap?range=all')).body;
    expect(heat.plays.flat().reduce((s: number, v: number) => s + v, 0)).toBe(status.playsCollected);
    const timeline = (await client.get('/v1/listening/plays?limit=3')).body;
    expect(timeline.items).toHaveLength(3);
    expect(timeline.items[0].sources).toEqual(['api']);
    const artist = await client.get(`/v1/listening/artists/${top.body.items[0].key}`);
    expect(artist.status).toBe(200);
    expect(artist.body.plays).toBe(top.body.items[0].plays);
    const week = await client.get('/v1/listening/time?range=4w&granularity=week');
    expect(week.status).toBe(200);
    const found = await client.get(`/v1/listening/search?q=${encodeURIComponent(top.body.items[0].name)}`);
    expect(found.body.items.some((i: any) => i.key === top.body.items[0].key)).toBe(true);
  });

  it('refuses a forged or expired state with 400, and says so clearly when the user declines', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const start = (await client.post('/v1/listening/spotify/connect')).body;
    const back = await consent(start.authorizeUrl, 'allow');
    const forged = `${back.get('state')!.split('.')[0]}.AAAA${back.get('state')!.split('.')[1]!.slice(4)}`;
    const res = await client.post('/v1/listening/spotify/callback', { state: forged, code: back.get('code') });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('state_invalid');
    // Another user's state is refused too.
    const other = as(base, await newUser(base));
    expect((await other.post('/v1/listening/spotify/callback', { state: back.get('state'), code: back.get('code') })).status).toBe(400);

    const denied = await consent((await client.post('/v1/listening/spotify/connect')).body.authorizeUrl, 'deny');
    expect(denied.get('error')).toBe('access_denied');
    const refused = await client.post('/v1/listening/spotify/callback', { state: denied.get('state'), error: denied.get('error') });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('spotify_access_denied');
    expect(refused.body.error.message).toMatch(/declined/);
    expect((await client.get('/v1/listening/spotify')).body.status).toBe('not_connected');
  });

  it('backs off on a 429 storm without losing plays, refreshes on 401, and asks to reconnect when the grant is revoked', async () => {
    const user = await newUser(base);
    const { client, sandbox } = await connect(user);
    const first = await collect(client, (s) => s.initialSync?.status === 'done');
    const spotifyUser = first.spotifyUserId;
    const cursor = first.afterCursor;

    // A storm: more 429s than a run accepts → the run stops, the cursor stays, next poll after Retry-After.
    await sandboxControl(sandbox, 'faults', { user: spotifyUser, status: 429, count: 4, retryAfter: 1 });
    const stormed = await collect(client, (s) => s.lastPollAt !== first.lastPollAt);
    expect(stormed.afterCursor).toBe(cursor);
    expect(stormed.lastError.message).toMatch(/429/);
    const runs = (await client.get('/v1/listening/runs')).body.items;
    expect(runs[0]).toMatchObject({ kind: 'poll', outcome: 'rate_limited', playsAdded: 0 });
    // The storm passes: the next run picks up from the same cursor.
    await new Promise((r) => setTimeout(r, 1100));
    const calm = await collect(client, (s) => s.lastPollAt !== stormed.lastPollAt);
    expect(calm.afterCursor).toBeGreaterThanOrEqual(cursor);
    expect((await client.get('/v1/listening/runs')).body.items[0].outcome).toBe('succeeded');

    // Tokens expired on Spotify's side: a 401, one refresh, and the run succeeds.
    await sandboxControl(sandbox, 'expire', { user: spotifyUser });
    const refreshed = await collect(client, (s) => s.lastPollAt !== calm.lastPollAt);
    expect(refreshed.status).toBe('connected');
    expect((await client.get('/v1/listening/runs')).body.items[0].outcome).toBe('succeeded');

    // Revoked: invalid_grant → needs reconnect and a notification.
    await sandboxControl(sandbox, 'revoke', { user: spotifyUser });
    await sandboxControl(sandbox, 'expire', { user: spotifyUser });
    const revoked = await collect(client, (s) => s.status === 'needs_reconnect');
    expect(revoked.lastError.message).toMatch(/invalid_grant/);
    const notes = (await client.get('/v1/notifications')).body.items;
    expect(notes.some((n: any) => n.kind === 'spotify_reconnect')).toBe(true);

    expect((await client.delete('/v1/listening/spotify')).status).toBe(204);
    expect((await client.get('/v1/listening/spotify')).body).toEqual({ status: 'not_connected' });
    // Plays stay after a disconnect.
    expect((await client.get('/v1/listening/overview')).body.allTimePlays).toBeGreaterThan(0);
  });

  it('lets an admin see the collector, pause it (the schedule skips it), resume it and trigger a sync', async () => {
    const user = await newUser(base);
    const { client } = await connect(user);
    await collect(client, (s) => s.initialSync?.status === 'done');
    const other = await newUser(base);
    const asOther = as(base, other);
    // Not an admin: refused.
    expect((await asOther.get(`/v1/admin/users/${user.id}/listening`)).status).toBe(403);
    execFileSync(process.execPath, [join(ROOT, 'bin/admin.ts'), 'grant', other.email], { env: { ...process.env, MOSAIC_DATA_DIR: mosaic.dataDir }, stdio: 'pipe' });
    const login = await call(base, 'POST', '/v1/auth/login', { from: other.from, json: { email: other.email, password: other.password } });
    const admin = as(base, { token: login.body.accessToken, from: other.from });
    const view = (await admin.get(`/v1/admin/users/${user.id}/listening`)).body;
    expect(view.connection).toMatchObject({ status: 'connected', lastPollAt: expect.any(String) });
    expect(view.connection.tokens).toBeUndefined();
    expect(view.runs[0].kind).toBe('initial-sync');

    expect((await admin.post(`/v1/admin/users/${user.id}/listening/pause`)).body.connection.status).toBe('paused');
    const pausedAt = new Date().toISOString();
    expect((await call(base, 'POST', '/_local/schedules/listening-collector')).status).toBe(200);
    // The fan-out reaches every connected user before the collector is resumed.
    await queuesDrained(base);
    expect((await admin.post(`/v1/admin/users/${user.id}/listening/resume`)).body.connection.status).toBe('connected');
    expect((await admin.post(`/v1/admin/users/${user.id}/listening/sync`)).status).toBe(202);
    const runs = await eventually(async () => (await client.get('/v1/listening/runs')).body.items, (items: any[]) => items[0]?.trigger === 'manual', 60_000);
    expect(runs[0]).toMatchObject({ kind: 'poll', trigger: 'manual', outcome: 'succeeded' });
    // The paused user was skipped by the schedule: no scheduled run started after the pause.
    expect(runs.filter((r: any) => r.trigger === 'schedule' && r.startedAt > pausedAt)).toEqual([]);
  });
});
