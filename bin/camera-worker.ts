/**
 * The camera worker's process: `node bin/camera-worker.ts`. The local runtime starts it as a child
 * process (input: the cameras' RTSP addresses); the Fargate container runs it with
 * CAMERA_INPUT=kvs (input: each camera's Kinesis Video stream). It reads the same configuration
 * as the functions (shared/config.ts) plus the CAMERA_* variables below, and prints
 * `camera worker listening on <url>` once it serves.
 */
import { createServer } from 'node:http';
import { dynamoAudit } from '../shared/audit/audit-repository.ts';
import { dynamoCameras } from '../shared/camera/camera-repository.ts';
import { CAMERA_LIMITS } from '../shared/camera/limits.ts';
import { userPoolAdminCheck } from '../shared/camera/worker/admin-check.ts';
import { cloudWatchStale } from '../shared/camera/worker/frame-metrics.ts';
import { auditTrailStreamAudit } from '../shared/camera/worker/stream-audit.ts';
import { createCameraWorker } from '../shared/camera/worker/worker.ts';
import { config } from '../shared/config.ts';
import { appSecret } from '../shared/secrets/app-secrets.ts';
import { stageSecrets } from '../shared/secrets/stage-box.ts';

const env = process.env;
const seconds = (name: string, fallback: number) => (env[name] === undefined ? fallback : Number(env[name])) * 1000;
const inputMode = env.CAMERA_INPUT === 'kvs' ? 'kvs' : 'rtsp';
const log = (entry: Record<string, unknown>) => console.log(JSON.stringify({ at: new Date().toISOString(), ...entry }));

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
});

const server = createServer((req, res) => void worker.handle(req, res));
server.keepAliveTimeout = 65_000; // beyond the load balancer's idle timeout
const host = env.CAMERA_WORKER_HOST ?? '0.0.0.0';
server.listen(Number(env.CAMERA_WORKER_PORT ?? 8080), host, () => {
  const { port } = server.address() as { port: number };
  worker.start();
  console.log(`camera worker listening on http://${host}:${port}`);
});

let stopping = false;
const shutdown = () => {
  if (stopping) return;
  stopping = true;
  worker.stop();
  server.closeAllConnections();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
// Started by the local runtime over an IPC channel: a runtime killed with -9 closes it, and the
// worker (with its ffmpeg children) must not outlive it.
if (process.send) process.on('disconnect', shutdown);
