import { ConflictError, DomainError, LimitReachedError, NotFoundError, TooManyRequestsError } from '../kit/errors.ts';
import { newId } from '../kit/ids.ts';
import type { SecretBox } from '../secrets/envelope.ts';
import type { CameraRepository } from './camera-repository.ts';
import { CAMERA_LIMITS } from './limits.ts';
import { credentialsContext, IDLE_HEALTH, type CameraCredentials, type CameraRecord } from './model.ts';
import { CAMERA_TASK_TIMING, type CameraTasks } from './camera-tasks.ts';
import type { Camera, CameraHealth, CameraStarting, CameraTicket } from './responses.ts';
import type { CreateCameraBody, UpdateCameraBody } from './schemas.ts';
import { issueTicket } from './tickets.ts';
import type { VideoStreams } from './video-streams.ts';

/** What the camera domain works with: the repository, the stage's secret box, the video streams. */
export interface CameraDeps {
  cameras: CameraRepository;
  box: SecretBox;
  streams: VideoStreams;
}

function view(camera: CameraRecord, health: CameraHealth = IDLE_HEALTH): Camera {
  return {
    id: camera.id,
    name: camera.name,
    source: camera.source,
    rtspUrl: camera.rtspUrl ?? null,
    hasCredentials: camera.credentials !== undefined,
    enabled: camera.enabled,
    maxWidth: camera.maxWidth,
    maxFps: camera.maxFps,
    createdAt: camera.createdAt,
    updatedAt: camera.updatedAt,
    health,
  };
}

async function mustGet(cameras: CameraRepository, id: string): Promise<CameraRecord> {
  const camera = await cameras.get(id);
  if (!camera) throw new NotFoundError('The camera');
  return camera;
}

/** Every camera with what the worker last said about it, by name. */
export async function listCameras(deps: Pick<CameraDeps, 'cameras'>): Promise<{ items: Camera[] }> {
  const cameras = await deps.cameras.list();
  const health = await deps.cameras.healthOf(cameras.map((c) => c.id));
  return { items: cameras.sort((a, b) => a.name.localeCompare(b.name)).map((c) => view(c, health.get(c.id))) };
}

/** One camera's row on the admin health page. */
export type CameraHealthRow = { id: string; name: string; enabled: boolean } & CameraHealth;

/**
 * Every camera's health as its worker last wrote it (on each change, and every few seconds while
 * streaming): the admin health page. Read from the table, so it needs no running worker.
 */
export async function camerasHealth(deps: Pick<CameraDeps, 'cameras'>): Promise<CameraHealthRow[]> {
  const cameras = await deps.cameras.list();
  const health = await deps.cameras.healthOf(cameras.map((c) => c.id));
  return cameras.sort((a, b) => a.name.localeCompare(b.name)).map((c) => ({ id: c.id, name: c.name, enabled: c.enabled, ...health.get(c.id)! }));
}

export async function getCamera(deps: Pick<CameraDeps, 'cameras'>, id: string): Promise<Camera> {
  const camera = await mustGet(deps.cameras, id);
  return view(camera, (await deps.cameras.healthOf([id])).get(id));
}

/** The credentials of a camera, opened (the worker only; never returned by a route). */
export async function openCredentials(box: SecretBox, camera: CameraRecord): Promise<CameraCredentials | undefined> {
  if (!camera.credentials) return undefined;
  return JSON.parse(await box.open(camera.credentials, credentialsContext(camera.id))) as CameraCredentials;
}

async function seal(box: SecretBox, cameraId: string, credentials: CameraCredentials | undefined) {
  if (!credentials || (!credentials.username && !credentials.password)) return undefined;
  return box.seal(JSON.stringify(credentials), credentialsContext(cameraId));
}

/**
 * Adds a camera (up to CAMERA_LIMITS.maxCameras), sealing its credentials, and creates its video
 * stream first: a camera is never stored without the stream the cloud path needs.
 */
export async function createCamera(deps: CameraDeps, body: CreateCameraBody, now: Date): Promise<Camera> {
  const existing = await deps.cameras.list();
  if (existing.length >= CAMERA_LIMITS.maxCameras) throw new LimitReachedError(`At most ${CAMERA_LIMITS.maxCameras} cameras.`, CAMERA_LIMITS.maxCameras);
  const id = newId();
  const isRtsp = body.source === 'rtsp';
  const credentials = isRtsp ? await seal(deps.box, id, { username: body.username ?? '', password: body.password ?? '' }) : undefined;
  const videoStream = isRtsp ? await deps.streams.create(id) : undefined;
  const at = now.toISOString();
  const camera: CameraRecord = {
    id,
    name: body.name,
    source: body.source,
    ...(isRtsp && body.rtspUrl ? { rtspUrl: body.rtspUrl } : {}),
    ...(credentials ? { credentials } : {}),
    enabled: body.enabled,
    maxWidth: body.maxWidth,
    maxFps: body.maxFps,
    ...(videoStream ? { videoStream } : {}),
    createdAt: at,
    updatedAt: at,
  };
  await deps.cameras.put(camera);
  return view(camera);
}

/** Changes a camera; a user name or password given replaces that part of the sealed credentials. */
export async function updateCamera(deps: CameraDeps, id: string, body: UpdateCameraBody, now: Date): Promise<Camera> {
  const camera = await mustGet(deps.cameras, id);
  if (camera.source === 'demo' && (body.rtspUrl !== undefined || body.username != null || body.password != null)) {
    throw new ConflictError('A demo camera has no address or credentials.');
  }
  let credentials = camera.credentials;
  if (body.username !== undefined || body.password !== undefined) {
    const before = (await openCredentials(deps.box, camera)) ?? { username: '', password: '' };
    credentials = await seal(deps.box, id, {
      username: body.username === undefined ? before.username : (body.username ?? ''),
      password: body.password === undefined ? before.password : (body.password ?? ''),
    });
  }
  const { credentials: _old, ...rest } = camera;
  const next: CameraRecord = {
    ...rest,
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.rtspUrl !== undefined ? { rtspUrl: body.rtspUrl } : {}),
    ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
    ...(body.maxWidth !== undefined ? { maxWidth: body.maxWidth } : {}),
    ...(body.maxFps !== undefined ? { maxFps: body.maxFps } : {}),
    ...(credentials ? { credentials } : {}),
    updatedAt: now.toISOString(),
  };
  await deps.cameras.put(next);
  return view(next, (await deps.cameras.healthOf([id])).get(id));
}

/** Deletes a camera, its health, thumbnail and video stream. Deleting it again is a no-op. */
export async function deleteCamera(deps: Pick<CameraDeps, 'cameras' | 'streams'>, id: string): Promise<void> {
  const camera = await deps.cameras.get(id);
  if (!camera) return;
  await deps.cameras.remove(id);
  if (camera.videoStream) await deps.streams.remove(camera.videoStream);
}

/** 429 `too_many_viewers`: the camera has as many viewers as the worker serves. */
export class TooManyViewersError extends DomainError {
  constructor() {
    super(429, 'too_many_viewers', `At most ${CAMERA_LIMITS.maxViewersPerCamera} people can watch a camera at once.`, {
      limit: CAMERA_LIMITS.maxViewersPerCamera,
    });
  }
}

/**
 * A single-use stream ticket for an admin: refused for a disabled camera, past
 * CAMERA_LIMITS.ticketsPerMinute in a rolling minute, or when the camera has its maximum of viewers.
 * Where cameras' worker tasks are started on demand and this one's is not ready, it is started and
 * the answer is `starting` (no ticket, nothing counted): the page asks again.
 */
export async function requestTicket(
  deps: Pick<CameraDeps, 'cameras'> & { tasks: CameraTasks; signingKey: string; streamBaseUrl: string },
  userId: string,
  cameraId: string,
  nowMs: number,
): Promise<CameraTicket | CameraStarting> {
  const camera = await mustGet(deps.cameras, cameraId);
  if (!camera.enabled) throw new ConflictError('The camera is turned off.');
  const health = (await deps.cameras.healthOf([cameraId])).get(cameraId)!;
  if (health.viewers >= CAMERA_LIMITS.maxViewersPerCamera) throw new TooManyViewersError();
  if ((await deps.tasks.ensure(cameraId, nowMs)) === 'starting') return { state: 'starting', retryAfterSeconds: CAMERA_TASK_TIMING.retryAfterSeconds };
  const allowance = await deps.cameras.takeTicketAllowance(userId, nowMs, CAMERA_LIMITS.ticketsPerMinute, 60_000);
  if (!allowance.ok) throw new TooManyRequestsError(Math.max(1, Math.ceil(allowance.retryAfterMs / 1000)));
  const { ticket, claims } = issueTicket(deps.signingKey, userId, cameraId, nowMs, CAMERA_LIMITS.ticketTtlSeconds);
  return {
    state: 'ready',
    ticket,
    streamUrl: `${deps.streamBaseUrl}${streamPath(cameraId)}?ticket=${encodeURIComponent(ticket)}`,
    expiresAt: new Date(claims.exp).toISOString(),
  };
}

/** The worker's stream path of a camera (behind the load balancer; locally on the runtime's port). */
export const streamPath = (cameraId: string) => `/camera/${cameraId}/stream`;

/** The camera's last thumbnail (a JPEG), 404 while the worker has not seen a frame yet. */
export async function readSnapshot(deps: Pick<CameraDeps, 'cameras'>, cameraId: string): Promise<{ jpeg: Buffer; at: string }> {
  await mustGet(deps.cameras, cameraId);
  const thumb = await deps.cameras.thumbnail(cameraId);
  if (!thumb) throw new NotFoundError('A picture of this camera');
  return thumb;
}
