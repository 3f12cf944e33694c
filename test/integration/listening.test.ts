import { describe, expect, inject, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { as, call, eventually, newUser, postUploadForm, queuesDrained, type TestUser } from '../support/http-client.ts';
import { ROOT } from '../support/local-process.ts';
import { accountMusicRow, asAccountFile, asStreamingFile, audiobook, episode, streamingRow } from '../support/spotify-export.ts';
import { connectAs } from '../support/ws-client.ts';
import { zipFiles } from '../support/zip-writer.ts';

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

    // An open tab hears that the sync finished.
    const tab = await connectAs(base, user);
    const status = await collect(client, (s) => s.initialSync?.status === 'done' && s.playsCollected > 0);
    expect(status.initialSync.stoppedBy).toMatch(/^(empty_batch|max_age|max_requests|no_progress)$/);
    expect(status.playsCollected).toBeGreaterThan(50);
    const runs = (await client.get('/v1/listening/runs')).body.items;
    expect(runs[0]).toMatchObject({ kind: 'initial-sync', outcome: 'succeeded', trigger: 'schedule' });
    expect(runs[0].playsAdded).toBe(status.playsCollected);
    const synced = (await tab.next((m) => m.type === 'event' && m.event === 'listening.synced')) as { data: Record<string, unknown> };
    expect(synced.data).toEqual({ runId: runs[0].id, kind: 'initial-sync', playsAdded: status.playsCollected, finishedAt: runs[0].endedAt });
    tab.ws.close();

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
    // (The initial sync's announcement is pushed before the tab opens.)
    await queuesDrained(base);
    // The state the storm starts from, once every run has ended (the fan-out may have run a poll
    // after the initial sync was seen done).
    const beforeStorm = (await client.get('/v1/listening/spotify')).body;
    const tab = await connectAs(base, user);
    await sandboxControl(sandbox, 'faults', { user: spotifyUser, status: 429, count: 4, retryAfter: 1 });
    const stormed = await collect(client, (s) => s.lastPollAt !== beforeStorm.lastPollAt);
    expect(stormed.afterCursor).toBe(beforeStorm.afterCursor);
    expect(stormed.lastError.message).toMatch(/429/);
    const runs = (await client.get('/v1/listening/runs')).body.items;
    expect(runs[0]).toMatchObject({ kind: 'poll', outcome: 'rate_limited', playsAdded: 0 });
    // A run that did not succeed is not announced.
    await queuesDrained(base);
    expect(tab.messages.filter((m) => m.type === 'event' && m.event === 'listening.synced')).toEqual([]);
    tab.ws.close();
    // The storm passes: the next run picks up from the same cursor.
    // Under load a poll already queued may meet the storm's last 429s first: another run follows it.
    let calm = stormed;
    let latest = '';
    for (let attempt = 0; attempt < 3 && latest !== 'succeeded'; attempt++) {
      await new Promise((r) => setTimeout(r, 1100));
      const previous = calm.lastPollAt;
      calm = await collect(client, (s) => s.lastPollAt !== previous);
      latest = (await client.get('/v1/listening/runs')).body.items[0].outcome;
    }
    expect(latest).toBe('succeeded');
    expect(calm.afterCursor).toBeGreaterThanOrEqual(cursor);

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
    expect((await admin.get('/v1/admin/users/nonexistent/listening')).status).toBe(400);
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

/** Uploads an export through the presigned form, starts its import, and waits for its end. */
async function importExport(client: ReturnType<typeof as>, bytes: Buffer, fileName = 'my_spotify_data.zip') {
  const created = await client.post('/v1/listening/imports', { fileName, size: bytes.length });
  expect(created.status).toBe(201);
  expect(created.body.import.status).toBe('awaiting_upload');
  expect((await postUploadForm(base, created.body.upload, bytes, fileName)).ok).toBe(true);
  const started = await client.post(`/v1/listening/imports/${created.body.import.id}/start`);
  expect(started.status).toBe(202);
  return eventually(async () => (await client.get(`/v1/listening/imports/${created.body.import.id}`)).body, (j) => j.status === 'completed' || j.status === 'failed', 60_000);
}

const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const at = (m: number, s = 0) => new Date(Date.UTC(2024, 2, 5, 18, m, s)).toISOString().replace('.000Z', 'Z');
const track = (n: number) => ({ master_metadata_track_name: `Song ${n}`, master_metadata_album_artist_name: `Band ${n % 2}`, spotify_track_uri: `spotify:track:0aaaaaaaaaaaaaaaaaaaa${n}` });

/** An export in Spotify's layout: extended history (tracks, an episode, an audiobook chapter), the same tracks in account data, and the PDF. */
function sampleExport() {
  const tracks = [1, 2, 3, 4].map((n) => streamingRow({ ts: at(n * 5, 7), ...track(n) }));
  return zipFiles([
    { name: 'Spotify Extended Streaming History/', data: '', store: true },
    { name: 'Spotify Extended Streaming History/Streaming_History_Audio_2024.json', data: asStreamingFile([tracks[2], ...tracks.slice(0, 2), streamingRow({ ts: at(40), ...episode() }), tracks[3], streamingRow({ ts: at(50), ...audiobook(), ms_played: 600_000 })]) },
    { name: 'Spotify Account Data/StreamingHistory_music_0.json', data: asAccountFile(tracks.map((t, i) => accountMusicRow(minute(t.ts), `Band ${(i + 1) % 2}`, `Song ${i + 1}`, t.ms_played))) },
    { name: 'Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf', data: '%PDF-1.7\n1 0 obj' },
  ]);
}

describe('listening: importing a Spotify privacy export', () => {
  it('imports a ZIP of both formats through a presigned upload: per-file summaries, one play per listen with both sources, roll-ups; a re-import changes nothing', async () => {
    const user = await newUser(base, { timezone: 'Europe/Berlin' });
    const client = as(base, user);
    const zip = sampleExport();
    const tab = await connectAs(base, user);
    const job = await importExport(client, zip);
    expect(job).toMatchObject({ status: 'completed', error: null });
    const synced = (await tab.next((m) => m.type === 'event' && m.event === 'listening.synced')) as { data: Record<string, unknown> };
    expect(synced.data).toEqual({ runId: `import-${job.id}`, importId: job.id, kind: 'import', playsAdded: 6, finishedAt: job.finishedAt });
    tab.ws.close();
    expect(job.files.map((f: any) => [f.name.split('/').pop(), f.status, f.format ?? null, f.plays])).toEqual([
      ['Streaming_History_Audio_2024.json', 'read', 'extended-streaming', 6],
      ['StreamingHistory_music_0.json', 'read', 'account-music', 4],
      ['ReadMeFirst_ExtendedStreamingHistory.pdf', 'not-spotify', null, 0],
    ]);
    // The account-data rows are the extended plays seen again: merged, not added.
    expect(job.progress).toMatchObject({ records: 10, plays: 10, rejected: 0, added: 6, merged: 4, duplicates: 0, kinds: { track: 8, episode: 1, audiobook: 1 } });
    expect(job.playsPerSecond).toBeGreaterThanOrEqual(0);

    const overview = (await client.get('/v1/listening/overview')).body;
    expect(overview.allTimePlays).toBe(6);
    const timeline = (await client.get('/v1/listening/plays?limit=10')).body.items;
    expect(timeline).toHaveLength(6);
    const songs = timeline.filter((p: any) => p.kind === 'track');
    expect(songs.map((p: any) => p.sources.sort())).toEqual(Array(4).fill(['account', 'extended']));
    expect(timeline.map((p: any) => p.kind).sort()).toEqual(['audiobook', 'episode', 'track', 'track', 'track', 'track']);
    const runs = (await client.get('/v1/listening/runs')).body.items;
    expect(runs[0]).toMatchObject({ kind: 'import', trigger: 'upload', outcome: 'succeeded', playsAdded: 6 });

    // The same export again: every play is already there; the roll-ups stay as they were.
    const again = await importExport(client, zip);
    expect(again.progress).toMatchObject({ plays: 10, added: 0, merged: 0, duplicates: 10 });
    expect((await client.get('/v1/listening/overview')).body).toEqual(overview);
    expect((await client.get('/v1/listening/top/track?range=all')).body.items.map((i: any) => i.plays)).toEqual([1, 1, 1, 1]);
    const list = (await client.get('/v1/listening/imports')).body.items;
    expect(list.map((i: any) => i.id)).toEqual([again.id, job.id]);
  });

  it('merges an export into the plays the collector already has (a single account-data JSON file)', async () => {
    const user = await newUser(base);
    const { client } = await connect(user);
    await collect(client, (s) => s.initialSync?.status === 'done' && s.playsCollected > 0);
    const before = (await client.get('/v1/listening/overview')).body;
    const plays: any[] = [];
    let cursor: string | undefined;
    do {
      const page = (await client.get(`/v1/listening/plays?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
      plays.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(plays.length).toBe(before.allTimePlays);
    const tracks = plays.filter((p) => p.kind === 'track' && p.by);
    const file = Buffer.from(asAccountFile(tracks.map((p) => accountMusicRow(minute(p.endedAt), p.by, p.name, p.msPlayed))));

    const job = await importExport(client, file, 'StreamingHistory_music_0.json');
    expect(job.status).toBe('completed');
    expect(job.files).toMatchObject([{ status: 'read', format: 'account-music', plays: tracks.length }]);
    expect(job.progress).toMatchObject({ added: 0, merged: tracks.length });
    expect((await client.get('/v1/listening/overview')).body.allTimePlays).toBe(before.allTimePlays);
    const after = (await client.get('/v1/listening/plays?limit=5')).body.items;
    expect(after.filter((p: any) => p.kind === 'track').every((p: any) => p.sources.sort().join() === 'account,api')).toBe(true);
  });

  it('fails a ZIP without history, a truncated ZIP and a JSON that is not history with a clear error, writing nothing', async () => {
    const user = await newUser(base);
    const client = as(base, user);
    const noHistory = await importExport(client, zipFiles([{ name: 'Spotify Account Data/Userdata.json', data: JSON.stringify({ username: 'x', email: 'x@example.com' }) }, { name: 'notes.txt', data: 'hello' }]));
    expect(noHistory).toMatchObject({ status: 'failed', error: { code: 'not_spotify_export' } });
    expect(noHistory.error.message).toMatch(/No Spotify listening history in this upload, so nothing was imported \(Spotify Account Data\/Userdata.json: Not a Spotify history file/);
    expect(noHistory.files.map((f: any) => f.status)).toEqual(['not-spotify', 'not-spotify']);

    const whole = sampleExport();
    const truncated = await importExport(client, whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect(truncated).toMatchObject({ status: 'failed', error: { code: 'zip_invalid' } });

    const other = await importExport(client, Buffer.from(JSON.stringify([{ date: '2024-01-01', steps: 4000 }])), 'steps.json');
    expect(other).toMatchObject({ status: 'failed', error: { code: 'not_spotify_export' } });
    expect(other.error.message).toMatch(/steps\.json: Not a Spotify history file/);

    expect((await client.get('/v1/listening/overview')).body.allTimePlays).toBe(0);
    expect((await client.get('/v1/listening/plays')).body.items).toEqual([]);
    const runs = (await client.get('/v1/listening/runs')).body.items;
    expect(runs.map((r: any) => r.outcome)).toEqual(['failed', 'failed', 'failed']);
  });

  it('shows how far an import got in percent: 0 before it runs, rising, the share read when a damaged file stops it, 100 when completed', async () => {
    const client = as(base, await newUser(base));
    const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => streamingRow({ ts: at(from + i), ...track(from + i) }));
    const first = asStreamingFile(rows(0, 20));
    const second = asStreamingFile(rows(30, 20));
    // The second file stored, not deflated: its bytes can be damaged in place.
    const whole = zipFiles([
      { name: 'Spotify Extended Streaming History/Streaming_History_Audio_2023.json', data: first },
      { name: 'Spotify Extended Streaming History/Streaming_History_Audio_2024.json', data: second, store: true },
    ]);

    // Every figure the job shows while it runs: none goes back, the last is 100.
    const created = await client.post('/v1/listening/imports', { fileName: 'my_spotify_data.zip', size: whole.length });
    expect(created.body.import.percent).toBe(0);
    expect((await postUploadForm(base, created.body.upload, whole, 'my_spotify_data.zip')).ok).toBe(true);
    expect((await client.post(`/v1/listening/imports/${created.body.import.id}/start`)).body.percent).toBe(0);
    const seen: number[] = [];
    const done = await eventually(
      async () => {
        const job = (await client.get(`/v1/listening/imports/${created.body.import.id}`)).body;
        seen.push(job.percent);
        return job;
      },
      (j) => j.status === 'completed' || j.status === 'failed',
      60_000,
    );
    expect(done).toMatchObject({ status: 'completed', percent: 100, progress: { plays: 40 } });
    expect(seen).toEqual([...seen].sort((x, y) => x - y));

    // The second file is damaged (its checksum fails at its end): the run stops having stored the
    // first file, and the job keeps the share it got to — about the first file's part of the bytes.
    const damaged = Buffer.from(whole);
    damaged.write('X', whole.indexOf('Song 31') + 6);
    const failed = await importExport(client, damaged);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'zip_crc_mismatch' }, progress: { plays: 20 } });
    const share = Math.floor((100 * first.length) / (first.length + second.length));
    expect(failed.percent).toBeGreaterThanOrEqual(share - 1);
    expect(failed.percent).toBeLessThanOrEqual(share + 1);
  });

  it('refuses an export over 500 MiB up front, and an id that is not one', async () => {
    const client = as(base, await newUser(base));
    const big = await client.post('/v1/listening/imports', { fileName: 'my_spotify_data.zip', size: 501 * 1024 * 1024 });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('export_too_large');
    expect((await client.get('/v1/listening/imports/nope')).status).toBe(400);
    expect((await client.get('/v1/listening/imports/0000000000aaaa')).status).toBe(404);
  });
});
