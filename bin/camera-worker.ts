/**
 * The camera worker's process: `node bin/camera-worker.ts`. The local runtime starts it as a child
 * process serving every camera (input: the cameras' RTSP addresses); in the cloud it is a task of
 * the camera service (CAMERA_SERVICE, CAMERA_INPUT=kvs: Kinesis Video), which the ticket route
 * scales to one task per watched camera; each takes one camera and gives it up after its last
 * viewer left (shared/camera/worker/task-mode.ts). It reads the same configuration
 * as the functions (shared/config.ts) plus the CAMERA_* variables below, and prints
 * `camera worker listening on <url>` once it serves.
 */
import { createServer } from 'node:http';
import type { CameraService } from '../shared/camera/camera-tasks.ts';
import { dynamoAudit } from '../shared/audit/audit-repository.ts';
import { dynamoCameras, dynamoCameraTasks } from '../shared/camera/camera-repository.ts';
import { CAMERA_LIMITS } from '../shared/camera/limits.ts';
import { userPoolAdminCheck } from '../shared/camera/worker/admin-check.ts';
import { cloudWatchStale } from '../shared/camera/worker/frame-metrics.ts';
import { auditTrailStreamAudit } from '../shared/camera/worker/stream-audit.ts';
import { cameraTask, relayToCameraTask } from '../shared/camera/worker/task-mode.ts';
import { createCameraWorker } from '../shared/camera/worker/worker.ts';
import { config } from '../shared/config.ts';
import { appSecret } from '../shared/secrets/app-secrets.ts';
import { stageSecrets } from '../shared/secrets/stage-box.ts';

const env = process.env;
const seconds = (name: string, fallback: number) => (env[name] === undefined ? fallback : Number(env[name])) * 1000;
const inputMode = env.CAMERA_INPUT === 'kvs' ? 'kvs' : 'rtsp';
const log = (entry: Record<string, unknown>) => console.log(JSON.stringify({ at: new Date().toISOString(), ...entry }));
const port = Number(env.CAMERA_WORKER_PORT ?? 8080);
/** A cloud task of this service (JSON CameraService) serves one camera at a time; unset, every camera (the local runtime). */
const service = env.CAMERA_SERVICE ? (JSON.parse(env.CAMERA_SERVICE) as CameraService) : undefined;
let ownCamera: () => string | undefined = () => undefined;

const worker = createCameraWorker({
  cameras: dynamoCameras,
  box: stageSecrets(),
  signingKey: () => appSecret('signing-key'),
  isAdmin: userPoolAdminCheck(config.USER_POOL_ID, config.AWS_REGION),
  inputMode,
  hlsUrlOf: inputMode === 'kvs' ? (await import('../shared/camera/worker/kvs-input.ts')).kvsHlsUrl(config.AWS_REGION) : undefined,
  audit: auditTrailStreamAudit(dynamoAudit, log),
  publishStale: inputMode === 'kvs' ? cloudWatchStale(config.AWS_REGION, config.STAGE) : undefined,
  settings: {
    recheckMs: seconds('CAMERA_RECHECK_SECONDS', CAMERA_LIMITS.adminRecheckSeconds),
    probeIntervalMs: seconds('CAMERA_PROBE_SECONDS', 30),
    firstFrameTimeoutMs: seconds('CAMERA_FIRST_FRAME_SECONDS', CAMERA_LIMITS.firstFrameTimeoutSeconds),
    exposeStatus: env.CAMERA_STATUS === '1',
  },
  log,
  ffmpegPath: env.FFMPEG_PATH,
  ...(service ? { ownCamera: () => ownCamera(), relay: relayToCameraTask(dynamoCameraTasks, port) } : {}),
});

const server = createServer((req, res) => void worker.handle(req, res));
server.keepAliveTimeout = 65_000; // beyond the load balancer's idle timeout
const host = env.CAMERA_WORKER_HOST ?? '0.0.0.0';
server.listen(port, host, () => {
  const { port: listening } = server.address() as { port: number };
  worker.start();
  console.log(`camera worker listening on http://${host}:${listening}`);
  if (service) void runAsTask(service);
});

/** The cloud task's life: protection on, take a camera, heartbeat, give it up when idle (shared/camera/worker/task-mode.ts). */
async function runAsTask(target: CameraService) {
  const { ecsTaskIdentity, ecsScaleInProtection } = await import('../shared/camera/worker/ecs-task-identity.ts');
  const { ecsDesiredCount } = await import('../shared/camera/ecs-service.ts');
  const { ECSClient } = await import('@aws-sdk/client-ecs');
  const task = cameraTask({
    records: dynamoCameraTasks,
    identity: () => ecsTaskIdentity(env.ECS_CONTAINER_METADATA_URI_V4!),
    protection: ecsScaleInProtection(env.ECS_AGENT_URI!),
    setDesired: ecsDesiredCount(new ECSClient({ region: config.AWS_REGION }), target),
    viewers: (cameraId) => worker.hub.status().find((s) => s.cameraId === cameraId)?.viewers ?? 0,
    release: (cameraId) => worker.hub.endViewers((id) => id === cameraId, 'shutdown'),
    exit: shutdown,
    log,
    // The target group's health check: 2 healthy checks 5 s apart (infra/cdk/camera-stack.ts), and a margin.
    warmUpMs: 12_000,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  ownCamera = task.camera;
  // ECS stops a task with SIGTERM: its record and the count go first.
  process.removeListener('SIGTERM', shutdown);
  process.once('SIGTERM', () => void task.stop('shutdown', Date.now()));
  try {
    await task.start(Date.now);
  } catch (error) {
    log({ msg: 'camera.task.start_failed', level: 'error', error: (error as Error).message });
    return shutdown();
  }
  // Every 2 s, so that a viewer waits little for a claimed start to be taken; heartbeats keep their own 30 s pace.
  let ticking = false;
  const tick = () => {
    if (ticking) return;
    ticking = true;
    void task
      .tick(Date.now())
      .catch((error: Error) => log({ msg: 'camera.task.tick_failed', error: error.message }))
      .finally(() => (ticking = false));
  };
  tick();
  setInterval(tick, 2_000).unref();
}

let stopping = false;
function shutdown() {
  if (stopping) return;
  stopping = true;
  worker.stop();
  server.closeAllConnections();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
// Started by the local runtime over an IPC channel: a runtime killed with -9 closes it, and the
// worker (with its ffmpeg children) must not outlive it.
if (process.send) process.on('disconnect', shutdown);
