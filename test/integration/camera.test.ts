import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueTicket } from '../../shared/camera/tickets.ts';
import { as, call, eventually, newUser, type TestUser } from '../support/http-client.ts';
import { jpegSize, openMjpeg, type MjpegViewer } from '../support/mjpeg-client.ts';
import { ROOT, startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';
import { startRtspSource, type RtspSource } from '../support/rtsp-source.ts';

const run = promisify(execFile);
const RTSP_USER = 'viewer';
const RTSP_PASSWORD = 'Sekr3t-cam-pass';
const WRONG_PASSWORD = 'Not-the-pass-77';

let mosaic: RunningMosaic;
let rtsp: RtspSource;
let url: string;
const open: MjpegViewer[] = [];

/** A user made an administrator with the CLI, signed in again to carry the group. */
async function newAdmin(): Promise<TestUser> {
  const user = await newUser(url);
  await run(process.execPath, [join(ROOT, 'bin/admin.ts'), 'grant', user.email], { env: { ...process.env, MOSAIC_DATA_DIR: mosaic.dataDir } });
  const login = await call(url, 'POST', '/v1/auth/login', { from: user.from, json: { email: user.email, password: user.password } });
  expect(login.body.user.isAdmin).toBe(true);
  return { ...user, token: login.body.accessToken };
}

async function view(admin: TestUser, cameraId: string): Promise<MjpegViewer> {
  const ticket = await as(url, admin).post(`/v1/admin/cameras/${cameraId}/ticket`);
  expect(ticket.status, ticket.text).toBe(201);
  // Locally the runtime's worker serves every camera: always ready, never `starting`.
  expect(ticket.body.state).toBe('ready');
  const viewer = await openMjpeg(ticket.body.streamUrl);
  open.push(viewer);
  return viewer;
}

const streams = async () => (await call(url, 'GET', '/_local/camera')).body.streams as Array<{ cameraId: string; pid: number; viewers: number }>;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  [mosaic, rtsp] = await Promise.all([
    // Viewers' admin role is checked every second here (30 s by default); idle cameras are probed every 2 s.
    startMosaic(tempDataDir('camera'), { CAMERA_RECHECK_SECONDS: '1', CAMERA_PROBE_SECONDS: '2' }),
    startRtspSource(RTSP_USER, RTSP_PASSWORD),
  ]);
  url = mosaic.info.url;
});

afterAll(async () => {
  for (const v of open) v.close();
  rtsp?.stop();
  await mosaic?.stop();
});

describe('cameras (NightMotion)', () => {
  it('are for administrators only', async () => {
    const user = await newUser(url);
    const client = as(url, user);
    expect((await client.get('/v1/admin/cameras')).status).toBe(403);
    expect((await client.post('/v1/admin/cameras', { name: 'Mine', source: 'demo' })).status).toBe(403);
    const admin = await newAdmin();
    const camera = (await as(url, admin).post('/v1/admin/cameras', { name: 'Refused', source: 'demo' })).body;
    expect((await client.post(`/v1/admin/cameras/${camera.id}/ticket`)).status).toBe(403);
    expect((await client.get(`/v1/admin/cameras/${camera.id}/snapshot`)).status).toBe(403);
    expect((await call(url, 'GET', `/v1/admin/cameras/${camera.id}`)).status).toBe(401);
  });

  it('streams the demo camera as valid JPEGs within the size and rate caps, shared by two viewers on one ffmpeg that stops after the last', async () => {
    const admin = await newAdmin();
    const client = as(url, admin);
    const created = await client.post('/v1/admin/cameras', { name: 'Demo', source: 'demo', maxWidth: 320, maxFps: 5 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Demo', source: 'demo', hasCredentials: false, maxWidth: 320, maxFps: 5, health: { state: 'idle' } });
    const id = created.body.id as string;

    const before = new Date().toISOString();
    const first = await view(admin, id);
    expect(first.status).toBe(200);
    expect(first.contentType).toBe('multipart/x-mixed-replace; boundary=mosaicframe');
    await first.waitFrames(6);
    const startedAt = first.frames[0]!.at;
    for (const { jpeg } of first.frames) expect(jpegSize(jpeg)).toEqual({ width: 320, height: 180 });

    const second = await view(admin, id);
    expect(second.status).toBe(200);
    await second.waitFrames(3);
    const [live] = (await streams()).filter((s) => s.cameraId === id);
    expect(live).toMatchObject({ viewers: 2 });
    expect((await streams()).filter((s) => s.cameraId === id)).toHaveLength(1);
    expect(alive(live!.pid)).toBe(true);

    // The rate cap: never more frames than maxFps allows over the time watched (+1 for the first).
    const seconds = (first.frames.at(-1)!.at - startedAt) / 1000;
    expect(first.frames.length).toBeLessThanOrEqual(Math.ceil(seconds * 5) + 2);

    expect((await client.get(`/v1/admin/cameras/${id}`)).body.health).toMatchObject({ state: 'streaming', viewers: 2 });
    // The admin health page: the worker's last report of the running stream (a recent frame, two viewers).
    const health = (await client.get('/v1/admin/health')).body;
    const row = health.cameras.find((c: { id: string }) => c.id === id);
    expect(row).toMatchObject({ name: 'Demo', enabled: true, state: 'streaming', viewers: 2, error: null });
    expect(row.lastFrameAt >= before).toBe(true);

    first.close();
    await eventually(streams, (s) => s.find((x) => x.cameraId === id)?.viewers === 1);
    expect((await streams()).find((x) => x.cameraId === id)?.pid).toBe(live!.pid);
    expect(alive(live!.pid)).toBe(true);
    second.close();
    await eventually(streams, (s) => !s.some((x) => x.cameraId === id));
    await eventually(async () => alive(live!.pid), (a) => !a);

    // Each viewer's start and stop is in the audit trail: who, which camera, when, why it stopped.
    const trail = await eventually(
      async () => (await client.get(`/v1/admin/audit?target=${id}`)).body.items as Array<Record<string, any>>,
      (items) => items.filter((r) => r.kind === 'camera_stream.stopped').length === 2,
    );
    expect(trail.filter((r) => r.kind === 'camera_stream.started')).toHaveLength(2);
    for (const record of trail) {
      expect(record).toMatchObject({ actor: admin.id, target: id, outcome: 'success' });
      expect(record.at >= before).toBe(true);
    }
    for (const stop of trail.filter((r) => r.kind === 'camera_stream.stopped')) {
      expect(stop.detail).toMatchObject({ reason: 'left' });
      expect(stop.detail.durationMs).toBeGreaterThan(0);
    }

    // The snapshot route answers the last picture as one JPEG.
    const snapshot = await eventually(() => client.get(`/v1/admin/cameras/${id}/snapshot`), (r) => r.status === 200);
    expect(snapshot.headers['content-type']).toBe('image/jpeg');
    expect(jpegSize(snapshot.bytes)).toEqual({ width: 320, height: 180 });
  });

  it('refuses a reused, expired or forged ticket, and a third ticket within a minute', async () => {
    const admin = await newAdmin();
    const client = as(url, admin);
    const id = (await client.post('/v1/admin/cameras', { name: 'Tickets', source: 'demo', maxWidth: 160, maxFps: 2 })).body.id as string;
    const ticket = await client.post(`/v1/admin/cameras/${id}/ticket`);
    const viewer = await openMjpeg(ticket.body.streamUrl);
    open.push(viewer);
    expect(viewer.status).toBe(200);
    viewer.close();
    const reused = await openMjpeg(ticket.body.streamUrl);
    expect(reused).toMatchObject({ status: 401, error: { code: 'ticket_used' } });

    const key = readFileSync(join(mosaic.dataDir, 'secrets', 'signing-key'), 'utf8').trim();
    const expired = issueTicket(key, admin.id, id, Date.now() - 120_000, 60).ticket;
    expect(await openMjpeg(`${url}/camera/${id}/stream?ticket=${encodeURIComponent(expired)}`)).toMatchObject({ status: 401, error: { code: 'ticket_expired' } });
    const forged = issueTicket('not-the-key-of-this-installation', admin.id, id, Date.now(), 60).ticket;
    expect(await openMjpeg(`${url}/camera/${id}/stream?ticket=${encodeURIComponent(forged)}`)).toMatchObject({ status: 401, error: { code: 'ticket_invalid' } });
    expect(await openMjpeg(`${url}/camera/${id}/stream`)).toMatchObject({ status: 401 });

    const second = await client.post(`/v1/admin/cameras/${id}/ticket`);
    expect(second.status).toBe(201);
    const third = await client.post(`/v1/admin/cameras/${id}/ticket`);
    expect(third.status).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);

    // A ticket of a user who is no longer an admin opens nothing.
    const other = await newAdmin();
    const orphan = await as(url, other).post(`/v1/admin/cameras/${id}/ticket`);
    await run(process.execPath, [join(ROOT, 'bin/admin.ts'), 'revoke', other.email], { env: { ...process.env, MOSAIC_DATA_DIR: mosaic.dataDir } });
    expect(await openMjpeg(orphan.body.streamUrl)).toMatchObject({ status: 403 });
  });

  it('ends a stream when the viewer\'s admin role is revoked', async () => {
    const admin = await newAdmin();
    const id = (await as(url, admin).post('/v1/admin/cameras', { name: 'Revoked', source: 'demo', maxWidth: 160, maxFps: 2 })).body.id as string;
    const viewer = await view(admin, id);
    await viewer.waitFrames(1);
    await run(process.execPath, [join(ROOT, 'bin/admin.ts'), 'revoke', admin.email], { env: { ...process.env, MOSAIC_DATA_DIR: mosaic.dataDir } });
    await viewer.ended;
    await eventually(streams, (s) => !s.some((x) => x.cameraId === id));
    const operator = await newAdmin();
    const stops = await eventually(
      async () => (await as(url, operator).get(`/v1/admin/audit?target=${id}&kind=camera_stream.stopped`)).body.items as Array<Record<string, any>>,
      (items) => items.length === 1,
    );
    expect(stops[0]).toMatchObject({ actor: admin.id, detail: { reason: 'admin_revoked' } });
  });

  it('ends the streams of a camera an admin turns off, and audits why', async () => {
    const admin = await newAdmin();
    const client = as(url, admin);
    const id = (await client.post('/v1/admin/cameras', { name: 'Turned off', source: 'demo', maxWidth: 160, maxFps: 2 })).body.id as string;
    const viewer = await view(admin, id);
    await viewer.waitFrames(1);
    expect((await client.patch(`/v1/admin/cameras/${id}`, { enabled: false })).status).toBe(200);
    await viewer.ended;
    const stops = await eventually(
      async () => (await client.get(`/v1/admin/audit?target=${id}&kind=camera_stream.stopped`)).body.items as Array<Record<string, any>>,
      (items) => items.length === 1,
    );
    expect(stops[0]).toMatchObject({ actor: admin.id, target: id, outcome: 'success', detail: { reason: 'camera_disabled' } });
  });

  it('streams an RTSP camera with its password, then reports a changed password as such without logging it', async () => {
    const admin = await newAdmin();
    const client = as(url, admin);
    const created = await client.post('/v1/admin/cameras', { name: 'Porch', rtspUrl: rtsp.url, username: RTSP_USER, password: RTSP_PASSWORD, maxWidth: 640, maxFps: 5 });
    expect(created.status).toBe(201);
    expect(created.text).not.toContain(RTSP_PASSWORD);
    const id = created.body.id as string;

    const viewer = await view(admin, id);
    expect(viewer.status, JSON.stringify(viewer.error)).toBe(200);
    await viewer.waitFrames(3);
    for (const { jpeg } of viewer.frames) expect(jpegSize(jpeg)).toEqual({ width: 640, height: 360 });
    viewer.close();
    await eventually(streams, (s) => !s.some((x) => x.cameraId === id));

    expect((await client.patch(`/v1/admin/cameras/${id}`, { password: WRONG_PASSWORD })).status).toBe(200);
    const refused = await view(admin, id);
    expect(refused).toMatchObject({ status: 502, error: { code: 'wrong_password', message: 'The camera refused the user name or password.' } });
    const camera = (await client.get(`/v1/admin/cameras/${id}`)).body;
    expect(camera.health).toMatchObject({ state: 'error', error: { kind: 'wrong_password' } });
    // The failed start is audited with its classified error, never the password.
    const failedStop = await eventually(
      async () => (await client.get(`/v1/admin/audit?target=${id}&kind=camera_stream.stopped`)).body.items as Array<Record<string, any>>,
      (items) => items.some((r) => r.outcome === 'failed'),
    );
    expect(failedStop.find((r) => r.outcome === 'failed')).toMatchObject({ actor: admin.id, detail: { reason: 'failed', error: 'wrong_password' } });
    expect(JSON.stringify(failedStop)).not.toContain(WRONG_PASSWORD);
    expect(JSON.stringify(camera)).not.toContain(WRONG_PASSWORD);

    const log = await eventually(async () => readFileSync(join(mosaic.dataDir, 'runtime.log'), 'utf8'), (l) => l.includes('"kind":"wrong_password"'));
    expect(log).not.toContain(RTSP_PASSWORD);
    expect(log).not.toContain(WRONG_PASSWORD);
  });

  it('says an unreachable camera is unreachable', async () => {
    const admin = await newAdmin();
    const client = as(url, admin);
    const id = (await client.post('/v1/admin/cameras', { name: 'Gone', rtspUrl: 'rtsp://127.0.0.1:9/cam', username: 'u', password: 'p-unreachable' })).body.id as string;
    expect(await view(admin, id)).toMatchObject({ status: 502, error: { code: 'unreachable' } });
    const health = await eventually(
      async () => (await client.get('/v1/admin/health')).body,
      (h) => h.cameras.some((c: { id: string; state: string }) => c.id === id && c.state === 'error'),
    );
    expect(health.cameras.find((c: { id: string }) => c.id === id)).toMatchObject({ name: 'Gone', viewers: 0, lastFrameAt: null, error: { kind: 'unreachable' } });
    // An enabled camera in error makes the stage degraded.
    expect(health.status).not.toBe('ok');
  });
});
