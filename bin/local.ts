/**
 * `npm start`: the whole of Mosaic on this machine — API, web app, queues, schedules and the AWS
 * stand-ins — in one process tree that Ctrl+C stops completely.
 *
 * PORT (default 3000) is the only fixed port; MOSAIC_HOST (default 127.0.0.1, this machine only)
 * the address it listens on; MOSAIC_DATA_DIR (default .mosaic) holds the data. CORS_ORIGINS
 * lists web origins besides the runtime's own that may call the API; MOSAIC_TRUST_PROXY=1 takes
 * client addresses from a reverse proxy's X-Forwarded-For (docs/home-server.md).
 * MOSAIC_CALLER_IN_FLIGHT and MOSAIC_CALLER_QUEUED change how many requests of one caller run at
 * once and wait (docs/local-runtime.md); MOSAIC_HTTP_TIMEOUT_CAP caps the API functions' timeouts
 * (seconds), for tests of what a timed-out request leaves; MOSAIC_WS_IDLE_SECONDS and
 * MOSAIC_WS_MAX_SECONDS shorten the WebSocket limits (10 min idle, 2 h) for tests.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { relaunchWithLocalNodeFlags } from '../infra/local/node-flags.ts';

// First, before the runtime's modules load: the same process again with Node's flags if needed.
relaunchWithLocalNodeFlags();

const { CALLER_LIMITS } = await import('../infra/local/fair-queue.ts');
const { DEFAULT_BIND_ADDRESS, startLocalRuntime } = await import('../infra/local/runtime.ts');
const { parseOrigins } = await import('../infra/origins.ts');
const { registerInstance, removeRuntimeState, runtimeStateFile, unregisterInstance, writeRuntimeState } = await import('../infra/local/runtime-state.ts');

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const port = Number(process.env.PORT ?? 3000);
const host = process.env.MOSAIC_HOST?.trim() || DEFAULT_BIND_ADDRESS;
const trustProxy = process.env.MOSAIC_TRUST_PROXY === '1';
let corsOrigins: string[];
try {
  corsOrigins = parseOrigins(process.env.CORS_ORIGINS, 'CORS_ORIGINS');
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const dataDir = resolve(process.env.MOSAIC_DATA_DIR ?? join(root, '.mosaic'));
const quiet = process.env.MOSAIC_QUIET === '1';
const retryBaseMs = process.env.MOSAIC_RETRY_BASE_MS ? Number(process.env.MOSAIC_RETRY_BASE_MS) : undefined;
const httpTimeoutCapSeconds = process.env.MOSAIC_HTTP_TIMEOUT_CAP ? Number(process.env.MOSAIC_HTTP_TIMEOUT_CAP) : undefined;
// WebSocket limits in seconds (API Gateway's 10 min idle / 2 h by default), shorter for tests.
const socketIdleSeconds = process.env.MOSAIC_WS_IDLE_SECONDS ? Number(process.env.MOSAIC_WS_IDLE_SECONDS) : undefined;
const socketMaxSeconds = process.env.MOSAIC_WS_MAX_SECONDS ? Number(process.env.MOSAIC_WS_MAX_SECONDS) : undefined;
const callerLimits = {
  inFlight: Number(process.env.MOSAIC_CALLER_IN_FLIGHT ?? CALLER_LIMITS.inFlight),
  queued: Number(process.env.MOSAIC_CALLER_QUEUED ?? CALLER_LIMITS.queued),
};

// Log lines (one per request) are gathered and written a few times a second: one write to the
// terminal or pipe per batch instead of one synchronous write per request.
const pending: string[] = [];
let flushTimer: NodeJS.Timeout | undefined;
function flushLog() {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  if (pending.length) process.stdout.write(`${pending.join('\n')}\n`);
  pending.length = 0;
}
function log(line: string) {
  pending.push(line);
  flushTimer ??= setTimeout(flushLog, 100);
}
process.on('exit', flushLog);

const started = Date.now();
const runtime = await startLocalRuntime({
  port,
  host,
  corsOrigins,
  trustProxy,
  dataDir,
  root,
  retryBaseMs,
  callerLimits,
  httpTimeoutCapSeconds,
  socketIdleSeconds,
  socketMaxSeconds,
  log: quiet ? undefined : log,
}).catch((error: Error & { code?: string }) => {
  if (error.code === 'EADDRINUSE') console.error(`Port ${port} is in use; set PORT to another port.`);
  else console.error(error);
  process.exit(1);
});

writeRuntimeState(dataDir, {
  pid: process.pid,
  url: runtime.url,
  endpoints: runtime.endpoints,
  resources: runtime.resources,
  localSecret: runtime.localSecret,
});
registerInstance(root, dataDir);
flushLog();
if (!/^(127\.|::1$|localhost$)/.test(host)) {
  console.log(
    `Listening on ${host}:${runtime.port}: reachable from other machines. Serve it through a TLS reverse proxy (docs/home-server.md).`,
  );
}
console.log(
  `Mosaic is running at ${runtime.url}  (API: ${runtime.url}/v1, data: ${dataDir}, /_local secret in ${runtimeStateFile(dataDir)}, ready in ${Date.now() - started} ms)`,
);

let stopping = false;
async function shutdown(signal: string, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  flushLog();
  console.log(`\n${signal}: stopping Mosaic…`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await runtime.stop();
  flushLog();
  removeRuntimeState(dataDir);
  unregisterInstance(root);
  process.exit(exitCode);
}
void runtime.lost.then((what) => {
  console.error(`${what}: stopping Mosaic, whose requests would all fail (start it again; its data is kept).`);
  void shutdown('stand-in lost', 1);
});
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
