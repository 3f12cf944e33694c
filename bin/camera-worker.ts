/**
 * The camera worker's process: `node bin/camera-worker.ts`. The local runtime starts it as a child
 * process serving every camera (input: the cameras' RTSP addresses); in the cloud the ticket route
 * starts one Fargate task per watched camera (CAMERA_ID, CAMERA_INPUT=kvs: its Kinesis Video
 * stream), which registers itself with the load balancer and stops after its last viewer left. It reads the same configuration
 * as the functions (shared/config.ts) plus the CAMERA_* variables below, and prints
 * `camera worker listening on <url>` once it serves.
 */
import { createServer } from 'node:http';
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
/** A cloud task serves this one camera; unset, every camera (the local runtime). */
const ownCamera = env.CAMERA_ID || undefined;

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
  ...(ownCamera ? { ownCamera, relay: relayToCameraTask(dynamoCameraTasks, port) } : {}),
});

const server = createServer((req, res) => void worker.handle(req, res));
server.keepAliveTimeout = 65_000; // beyond the load balancer's idle timeout
const host = env.CAMERA_WORKER_HOST ?? '0.0.0.0';
server.listen(port, host, () => {
  const { port: listening } = server.address() as { port: number };
  worker.start();
  console.log(`camera worker listening on http://${host}:${listening}`);
  if (ownCamera) void runAsTask(ownCamera);
});

/** The cloud task's life: register, report ready, heartbeat, stop when idle (shared/camera/worker/task-mode.ts). */
async function runAsTask(cameraId: string) {
  const { ecsTaskIdentity, targetGroup } = await import('../shared/camera/worker/ecs-task-identity.ts');
  const task = cameraTask({
    cameraId,
    port,
    records: dynamoCameraTasks,
    identity: () => ecsTaskIdentity(env.ECS_CONTAINER_METADATA_URI_V4!),
    target: targetGroup(config.AWS_REGION, env.CAMERA_TARGET_GROUP_ARN!),
    viewers: () => worker.hub.status().find((s) => s.cameraId === cameraId)?.viewers ?? 0,
    exit: shutdown,
    log,
    // The target group's health check: 2 healthy checks 5 s apart (infra/cdk/camera-stack.ts), and a margin.
    warmUpMs: 12_000,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  try {
    await task.start(Date.now);
  } catch (error) {
    log({ msg: 'camera.task.start_failed', level: 'error', error: (error as Error).message });
    return shutdown();
  }
  const timer = setInterval(() => void task.tick(Date.now()).catch((error: Error) => log({ msg: 'camera.task.tick_failed', error: error.message })), 10_000);
  timer.unref();
  const stopTask = () => void task.stop('shutdown');
  // ECS stops a task with SIGTERM: leave the target group and the record before going.
  process.removeListener('SIGTERM', shutdown);
  process.once('SIGTERM', stopTask);
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
