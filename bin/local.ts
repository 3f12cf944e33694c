/**
 * `npm start`: the whole of Mosaic on this machine — API, web app, queues, schedules and the AWS
 * stand-ins — in one process tree that Ctrl+C stops completely.
 *
 * PORT (default 3000) is the only fixed port; MOSAIC_DATA_DIR (default .mosaic) holds the data.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalRuntime } from '../infra/local/runtime.ts';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.MOSAIC_DATA_DIR ?? join(root, '.mosaic'));
const quiet = process.env.MOSAIC_QUIET === '1';
const retryBaseMs = process.env.MOSAIC_RETRY_BASE_MS ? Number(process.env.MOSAIC_RETRY_BASE_MS) : undefined;

const started = Date.now();
const runtime = await startLocalRuntime({
  port,
  dataDir,
  root,
  retryBaseMs,
  log: quiet ? undefined : (line) => console.log(line),
}).catch((error: Error & { code?: string }) => {
  if (error.code === 'EADDRINUSE') console.error(`Port ${port} is in use; set PORT to another port.`);
  else console.error(error);
  process.exit(1);
});

const stateFile = join(dataDir, 'runtime.json');
writeFileSync(
  stateFile,
  JSON.stringify({ pid: process.pid, url: runtime.url, endpoints: runtime.endpoints, resources: runtime.resources }, null, 2),
);
console.log(`Mosaic is running at ${runtime.url}  (API: ${runtime.url}/v1, data: ${dataDir}, ready in ${Date.now() - started} ms)`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Mosaic…`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await runtime.stop();
  rmSync(stateFile, { force: true });
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
