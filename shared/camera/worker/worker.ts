import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SecretBox } from '../../secrets/envelope.ts';
import type { CameraRepository } from '../camera-repository.ts';
import { openCredentials } from '../cameras.ts';
import { CAMERA_LIMITS } from '../limits.ts';
import type { CameraHealth } from '../responses.ts';
import { verifyTicket } from '../tickets.ts';
import type { AdminCheck } from './admin-check.ts';
import { cameraInput, type HlsUrlOf, type InputMode } from './camera-input.ts';
import type { PublishStale } from './frame-metrics.ts';
import type { StreamAudit } from './stream-audit.ts';
import { createStreamHub, StreamFailure, type EndReason } from './stream-hub.ts';
import { noteDemand, watchedWithoutFrames, type Demand } from './watch-demand.ts';

export interface WorkerSettings {
  /** How often viewers' admin role and their cameras are checked again. */
  recheckMs: number;
  /** How often idle enabled cameras are probed for a frame (0: never; a cloud task serves one watched camera). */
  probeIntervalMs: number;
  /** How often the number of watched cameras without frames is published (the alarm's metric). */
  metricIntervalMs?: number;
  firstFrameTimeoutMs: number;
  /** Answer GET /_status (local runtime only; the load balancer forwards /camera/* alone anyway). */
  exposeStatus: boolean;
}

export interface WorkerDeps {
  cameras: CameraRepository;
  box: SecretBox;
  signingKey: () => Promise<string | undefined>;
  isAdmin: AdminCheck;
  inputMode: InputMode;
  hlsUrlOf?: HlsUrlOf;
  audit: StreamAudit;
  publishStale?: PublishStale;
  settings: WorkerSettings;
  log: (entry: Record<string, unknown>) => void;
  ffmpegPath?: string;
  /** The one camera this worker serves now (a cloud task: none before it took one); unset: every camera (the local runtime). */
  ownCamera?: () => string | undefined;
  /** Where another camera's stream request goes when `ownCamera` is set (its own task). */
  relay?: (cameraId: string, req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/** The multipart boundary of the MJPEG stream. */
export const BOUNDARY = 'mosaicframe';
const STREAM_PATH = /^\/camera\/([0-9a-f-]{36})\/stream$/;
/** Health is written when it changes, and while streaming at most this often. */
const HEALTH_WRITE_MS = 5000;
/** While streaming, the thumbnail is refreshed this often. */
const THUMBNAIL_MS = 60_000;
const MAX_THUMBNAIL_BYTES = 300 * 1024;

function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/**
 * The camera worker: serves `GET /camera/{id}/stream?ticket=…` as multipart/x-mixed-replace
 * MJPEG after checking the ticket (signature, expiry, camera, single use) and that its user is
 * still an administrator; shares one ffmpeg per camera among its viewers; re-checks viewers'
 * role and cameras every `recheckMs`; keeps cameras' health and thumbnails, probes idle enabled
 * cameras (locally), and publishes how many watched cameras give no frames (the alarm's metric). The same module runs as a child process
 * of the local runtime and in the Fargate container (bin/camera-worker.ts).
 */
export function createCameraWorker(deps: WorkerDeps) {
  const { cameras, settings } = deps;
  const log = (entry: Record<string, unknown>) => deps.log(entry);
  const written = new Map<string, { at: number; key: string }>();
  const lastThumb = new Map<string, number>();
  const chains = new Map<string, Promise<void>>();
  /** Stream requests per camera, and its last frame: the alarm counts watched cameras only (watch-demand.ts). */
  const demand = new Map<string, Demand>();
  const lastFrames = new Map<string, number>();
  const staleWindowMs = CAMERA_LIMITS.staleFrameSeconds * 1000;

  const writeHealth = (cameraId: string, health: CameraHealth, force = false) => {
    const key = `${health.state}|${health.viewers}|${health.error?.kind ?? ''}`;
    const before = written.get(cameraId);
    const now = Date.now();
    if (!force && before && before.key === key && now - before.at < HEALTH_WRITE_MS) return;
    written.set(cameraId, { at: now, key });
    // One write at a time per camera, in order: a later state never lands before an earlier one.
    const next = (chains.get(cameraId) ?? Promise.resolve())
      .then(() => cameras.putHealth(cameraId, health))
      .catch((error: Error) => log({ msg: 'camera.health.write_failed', cameraId, error: error.message }));
    chains.set(cameraId, next);
  };

  const hub = createStreamHub({
    async resolve(cameraId) {
      const camera = await cameras.get(cameraId);
      if (!camera) throw new StreamFailure('not_found', 'the camera was deleted');
      const credentials = await openCredentials(deps.box, camera);
      const input = await cameraInput(camera, credentials, deps.inputMode, deps.hlsUrlOf);
      return { input, caps: { maxWidth: camera.maxWidth, maxFps: camera.maxFps } };
    },
    onHealth: (cameraId, health) => writeHealth(cameraId, health),
    onFrame(cameraId, frame) {
      const now = Date.now();
      lastFrames.set(cameraId, now);
      if (now - (lastThumb.get(cameraId) ?? 0) < THUMBNAIL_MS || frame.length > MAX_THUMBNAIL_BYTES) return;
      lastThumb.set(cameraId, now);
      cameras.putThumbnail(cameraId, frame, new Date(now).toISOString()).catch(() => undefined);
    },
    log,
    firstFrameTimeoutMs: settings.firstFrameTimeoutMs,
    ffmpegPath: deps.ffmpegPath,
  });

  async function stream(req: IncomingMessage, res: ServerResponse, cameraId: string, ticket: string | null) {
    const key = await deps.signingKey();
    if (!key) return sendError(res, 503, 'service_unavailable', 'The signing key is not set.');
    const checked = verifyTicket(key, ticket ?? '', cameraId, Date.now());
    if (!checked.ok) {
      const words = { malformed: 'A stream ticket is required.', bad_signature: 'The ticket is not valid.', expired: 'The ticket has expired; ask for a new one.', wrong_camera: 'The ticket is for another camera.' };
      return sendError(res, 401, checked.problem === 'expired' ? 'ticket_expired' : 'ticket_invalid', words[checked.problem]);
    }
    const { claims } = checked;
    if (!(await cameras.spendTicket(claims.jti, claims.exp))) return sendError(res, 401, 'ticket_used', 'The ticket was used already; ask for a new one.');
    if (!(await deps.isAdmin(claims.userId))) return sendError(res, 403, 'forbidden', 'This needs an administrator.');
    const camera = await cameras.get(cameraId);
    if (!camera) return sendError(res, 404, 'not_found', 'The camera was not found.');
    if (!camera.enabled) return sendError(res, 409, 'conflict', 'The camera is turned off.');
    demand.set(cameraId, noteDemand(demand.get(cameraId), Date.now(), staleWindowMs));
    const watching = hub.status().find((s) => s.cameraId === cameraId)?.viewers ?? 0;
    if (watching >= CAMERA_LIMITS.maxViewersPerCamera) {
      return sendError(res, 429, 'too_many_viewers', `At most ${CAMERA_LIMITS.maxViewersPerCamera} people can watch a camera at once.`);
    }

    const startedAt = Date.now();
    let ended = false;
    let leave: (() => void) | undefined;
    const end = (reason: EndReason, failure?: StreamFailure) => {
      if (ended) return;
      ended = true;
      leave?.();
      void deps.audit.record({
        action: 'camera_stream.stopped',
        cameraId,
        userId: claims.userId,
        at: new Date().toISOString(),
        reason,
        ...(failure ? { error: failure.kind } : {}),
        durationMs: Date.now() - startedAt,
      });
      if (!res.writableEnded) res.end();
    };
    let headersSent = false;
    const viewer = {
      userId: claims.userId,
      onFrame(frame: Buffer) {
        if (!headersSent || ended) return;
        // A slow viewer drops frames instead of holding the others back or buffering without end.
        if (res.writableLength > 2 * frame.length) return;
        res.cork();
        // X-Frame-Time: when the worker sent the frame (epoch ms), for the latency bench.
        res.write(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${frame.length}\r\nX-Frame-Time: ${Date.now()}\r\n\r\n`);
        res.write(frame);
        res.write('\r\n');
        res.uncork();
      },
      onEnd: (reason: EndReason, failure?: StreamFailure) => end(reason, failure),
    };
    req.once('close', () => end('left'));
    try {
      leave = await hub.join(cameraId, viewer);
    } catch (error) {
      ended = true;
      const failure = error instanceof StreamFailure ? error : new StreamFailure('failed', (error as Error).message);
      // A start that failed before its first frame is audited as a stop with the error.
      void deps.audit.record({ action: 'camera_stream.stopped', cameraId, userId: claims.userId, at: new Date().toISOString(), reason: 'failed', error: failure.kind, durationMs: Date.now() - startedAt });
      return sendError(res, 502, failure.kind, failure.message);
    }
    if (ended || req.destroyed) return end('left');
    // Headers only once a frame has come: a failure before it is answered as an error instead.
    res.writeHead(200, {
      'content-type': `multipart/x-mixed-replace; boundary=${BOUNDARY}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'cross-origin',
      connection: 'close',
    });
    headersSent = true;
    void deps.audit.record({ action: 'camera_stream.started', cameraId, userId: claims.userId, at: new Date(startedAt).toISOString() });
    const latest = hub.latestFrame(cameraId);
    if (latest) viewer.onFrame(latest);
  }

  /** Viewers whose admin role was revoked, and streams of cameras deleted, disabled or changed. */
  async function recheck() {
    for (const userId of hub.viewerUserIds()) {
      let admin = true;
      try {
        admin = await deps.isAdmin(userId);
      } catch (error) {
        log({ msg: 'camera.admin_check.failed', error: (error as Error).message });
      }
      if (!admin) hub.endViewers((_c, v) => v.userId === userId, 'admin_revoked');
    }
    for (const live of hub.status()) {
      const camera = await cameras.get(live.cameraId);
      if (!camera) hub.endViewers((c) => c === live.cameraId, 'camera_deleted');
      else if (!camera.enabled) hub.endViewers((c) => c === live.cameraId, 'camera_disabled');
    }
  }

  /**
   * The alarm's metric: cameras people have kept asking for over the last CAMERA_LIMITS.staleFrameSeconds
   * that produced no frame in that time (a camera nobody watches has no worker in the cloud, hence no frames).
   */
  async function watchedStale(nowMs = Date.now()) {
    for (const live of hub.status()) if (live.viewers > 0) demand.set(live.cameraId, noteDemand(demand.get(live.cameraId), nowMs, staleWindowMs));
    let stale = 0;
    for (const [cameraId, d] of demand) {
      if (nowMs - d.last > staleWindowMs) demand.delete(cameraId);
      else if (watchedWithoutFrames(d, lastFrames.get(cameraId), nowMs, staleWindowMs)) stale++;
    }
    await deps.publishStale?.(stale);
    return stale;
  }

  /** Grabs a frame of each idle enabled camera whose last one is old (thumbnail, health, errors in words). */
  async function probe() {
    const all = await cameras.list();
    const health = await cameras.healthOf(all.map((c) => c.id));
    const now = Date.now();
    for (const camera of all) {
      if (!camera.enabled) continue;
      let h = health.get(camera.id)!;
      const age = h.lastFrameAt ? now - Date.parse(h.lastFrameAt) : Infinity;
      if (!hub.isLive(camera.id) && age > CAMERA_LIMITS.probeAfterSeconds * 1000) {
        try {
          const frame = await hub.grabFrame(camera.id, CAMERA_LIMITS.thumbnailWidth);
          const at = new Date().toISOString();
          await cameras.putThumbnail(camera.id, frame, at);
          h = { state: 'idle', viewers: 0, lastFrameAt: at, error: null, updatedAt: at };
        } catch (error) {
          const failure = error instanceof StreamFailure ? error : new StreamFailure('failed', (error as Error).message);
          const at = new Date().toISOString();
          h = { ...h, state: 'error', error: { kind: failure.kind, message: failure.message, at }, updatedAt: at };
          log({ msg: 'camera.probe.failed', cameraId: camera.id, kind: failure.kind, detail: failure.detail });
        }
        if (!hub.isLive(camera.id)) writeHealth(camera.id, h, true);
      }
    }
  }

  const timers: NodeJS.Timeout[] = [];
  const loop = (everyMs: number, fn: () => Promise<unknown>, name: string) => {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      fn()
        .catch((error: Error) => log({ msg: `camera.${name}.failed`, error: error.message }))
        .finally(() => (running = false));
    }, everyMs);
    timer.unref();
    timers.push(timer);
  };

  return {
    hub,
    probe,
    recheck,
    watchedStale,
    start() {
      loop(settings.recheckMs, recheck, 'recheck');
      if (settings.probeIntervalMs > 0) loop(settings.probeIntervalMs, probe, 'probe');
      loop(settings.metricIntervalMs ?? 60_000, watchedStale, 'metric');
    },
    stop() {
      for (const t of timers) clearInterval(t);
      hub.stopAll();
    },
    /** The worker's request handler. */
    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const url = new URL(req.url ?? '/', 'http://worker');
      try {
        if (url.pathname === '/healthz') return sendError(res, 200, 'ok', 'The camera worker is running.');
        if (url.pathname === '/_status' && settings.exposeStatus) {
          const body = JSON.stringify({ streams: hub.status() });
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end(body);
        }
        const m = STREAM_PATH.exec(url.pathname);
        if (!m) return sendError(res, 404, 'not_found', `${req.method} ${url.pathname} was not found.`);
        if (req.method !== 'GET') return sendError(res, 405, 'method_not_allowed', 'Allowed methods: GET.', { allow: 'GET' });
        if (deps.ownCamera && deps.relay && m[1] !== deps.ownCamera()) return await deps.relay(m[1]!, req, res);
        await stream(req, res, m[1]!, url.searchParams.get('ticket'));
      } catch (error) {
        log({ msg: 'camera.request.failed', error: (error as Error).message });
        if (!res.headersSent) sendError(res, 500, 'internal', 'The camera worker failed.');
        else res.destroy();
      }
    },
  };
}
