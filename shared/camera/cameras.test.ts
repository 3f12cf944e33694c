import { describe, expect, it } from 'vitest';
import { localKeyring, secretBox } from '../secrets/envelope.ts';
import type { CameraRepository } from './camera-repository.ts';
import { inProcessTasks } from './camera-tasks.ts';
import { createCamera, deleteCamera, listCameras, openCredentials, requestTicket, updateCamera } from './cameras.ts';
import type { CameraRecord } from './model.ts';
import type { CameraHealth } from './responses.ts';
import { CreateCameraBody } from './schemas.ts';
import { verifyTicket } from './tickets.ts';
import type { VideoStreams } from './video-streams.ts';

function memoryCameras(): CameraRepository & { records: Map<string, CameraRecord>; health: Map<string, CameraHealth> } {
  const records = new Map<string, CameraRecord>();
  const health = new Map<string, CameraHealth>();
  const times = new Map<string, number[]>();
  const spent = new Set<string>();
  return {
    records,
    health,
    list: async () => [...records.values()],
    get: async (id) => records.get(id),
    put: async (c) => void records.set(c.id, structuredClone(c)),
    remove: async (id) => void records.delete(id),
    healthOf: async (ids) => new Map(ids.map((id) => [id, health.get(id) ?? { state: 'idle', viewers: 0, lastFrameAt: null, error: null, updatedAt: '' }])),
    putHealth: async (id, h) => void health.set(id, h),
    thumbnail: async () => undefined,
    putThumbnail: async () => undefined,
    async takeTicketAllowance(userId, nowMs, limit, windowMs) {
      const recent = (times.get(userId) ?? []).filter((t) => t > nowMs - windowMs);
      if (recent.length >= limit) return { ok: false, retryAfterMs: recent[recent.length - limit]! + windowMs - nowMs };
      times.set(userId, [...recent, nowMs]);
      return { ok: true };
    },
    spendTicket: async (jti) => (spent.has(jti) ? false : (spent.add(jti), true)),
  };
}

const box = secretBox(localKeyring(Buffer.alloc(32, 7)));
const streamsLog: string[] = [];
const streams: VideoStreams = {
  create: async (id) => (streamsLog.push(`create ${id}`), `stream-${id}`),
  remove: async (name) => void streamsLog.push(`remove ${name}`),
};
const now = new Date('2026-11-28T10:00:00Z');

describe('cameras', () => {
  it('seals credentials, never shows them, and creates and deletes the video stream with the camera', async () => {
    const cameras = memoryCameras();
    const body = CreateCameraBody.parse({ name: 'Porch', rtspUrl: 'rtsp://10.0.0.5:554/stream1', username: 'admin', password: 'pa55-word' });
    const camera = await createCamera({ cameras, box, streams }, body, now);
    expect(camera).toMatchObject({ name: 'Porch', hasCredentials: true, enabled: true, maxWidth: 640, maxFps: 10, rtspUrl: 'rtsp://10.0.0.5:554/stream1' });
    expect(JSON.stringify(camera)).not.toContain('pa55-word');
    const stored = cameras.records.get(camera.id)!;
    expect(JSON.stringify(stored)).not.toContain('pa55-word');
    expect(stored.videoStream).toBe(`stream-${camera.id}`);
    expect(await openCredentials(box, stored)).toEqual({ username: 'admin', password: 'pa55-word' });

    // The password alone replaces the password; the user name stays.
    await updateCamera({ cameras, box, streams }, camera.id, { password: 'new-one' }, now);
    expect(await openCredentials(box, cameras.records.get(camera.id)!)).toEqual({ username: 'admin', password: 'new-one' });
    // Sealed for this camera only: copied to another, it does not open.
    await expect(openCredentials(box, { ...cameras.records.get(camera.id)!, id: 'other' })).rejects.toThrow();

    await deleteCamera({ cameras, streams }, camera.id);
    expect(streamsLog).toEqual([`create ${camera.id}`, `remove stream-${camera.id}`]);
    expect((await listCameras({ cameras })).items).toEqual([]);
  });

  it('refuses an RTSP address with credentials in it, and an RTSP camera without an address', () => {
    expect(CreateCameraBody.safeParse({ name: 'x', rtspUrl: 'rtsp://u:p@10.0.0.5/s' }).success).toBe(false);
    expect(CreateCameraBody.safeParse({ name: 'x', rtspUrl: 'http://10.0.0.5/s' }).success).toBe(false);
    expect(CreateCameraBody.safeParse({ name: 'x' }).success).toBe(false);
    expect(CreateCameraBody.safeParse({ name: 'x', source: 'demo' }).success).toBe(true);
    expect(CreateCameraBody.safeParse({ name: 'x', source: 'demo', maxFps: 31 }).success).toBe(false);
    expect(CreateCameraBody.safeParse({ name: 'x', source: 'demo', maxWidth: 100 }).success).toBe(false);
  });

  it('hands out 2 tickets per rolling minute per user, bound to the user and camera', async () => {
    const cameras = memoryCameras();
    const camera = await createCamera({ cameras, box, streams }, CreateCameraBody.parse({ name: 'Demo', source: 'demo' }), now);
    const deps = { cameras, tasks: inProcessTasks, signingKey: 'k'.repeat(32), streamBaseUrl: 'https://cam.example' };
    const t0 = now.getTime();
    const first = await requestTicket(deps, 'u1', camera.id, t0);
    if (first.state !== 'ready') throw new Error('the in-process worker is always ready');
    expect(first.streamUrl).toBe(`https://cam.example/camera/${camera.id}/stream?ticket=${encodeURIComponent(first.ticket)}`);
    await requestTicket(deps, 'u1', camera.id, t0 + 20_000);
    await expect(requestTicket(deps, 'u1', camera.id, t0 + 30_000)).rejects.toMatchObject({ status: 429, details: { retryAfterSeconds: 30 } });
    await requestTicket(deps, 'u2', camera.id, t0 + 30_000); // another user has their own allowance
    await requestTicket(deps, 'u1', camera.id, t0 + 60_001); // the first one has left the window

    const v = verifyTicket(deps.signingKey, first.ticket, camera.id, t0 + 1000);
    expect(v).toMatchObject({ ok: true, claims: { userId: 'u1', cameraId: camera.id } });
    expect(verifyTicket(deps.signingKey, first.ticket, 'another-camera', t0 + 1000)).toEqual({ ok: false, problem: 'wrong_camera' });
    expect(verifyTicket(deps.signingKey, first.ticket, camera.id, t0 + 60_000)).toEqual({ ok: false, problem: 'expired' });
    expect(verifyTicket('another-key-xxxxxxxxxxxxxxxxxxxxxx', first.ticket, camera.id, t0)).toEqual({ ok: false, problem: 'bad_signature' });
    const [payload, sig] = first.ticket.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), userId: 'u2' })).toString('base64url');
    expect(verifyTicket(deps.signingKey, `${forged}.${sig}`, camera.id, t0)).toEqual({ ok: false, problem: 'bad_signature' });
    expect(verifyTicket(deps.signingKey, 'junk', camera.id, t0)).toEqual({ ok: false, problem: 'malformed' });
  });

  it('refuses a ticket for a turned-off camera or one at its viewer cap', async () => {
    const cameras = memoryCameras();
    const camera = await createCamera({ cameras, box, streams }, CreateCameraBody.parse({ name: 'Demo', source: 'demo', enabled: false }), now);
    const deps = { cameras, tasks: inProcessTasks, signingKey: 'k'.repeat(32), streamBaseUrl: '' };
    await expect(requestTicket(deps, 'u1', camera.id, now.getTime())).rejects.toMatchObject({ status: 409 });
    await updateCamera({ cameras, box, streams }, camera.id, { enabled: true }, now);
    cameras.health.set(camera.id, { state: 'streaming', viewers: 10, lastFrameAt: null, error: null, updatedAt: '' });
    await expect(requestTicket(deps, 'u1', camera.id, now.getTime())).rejects.toMatchObject({ status: 429, code: 'too_many_viewers' });
  });
});
