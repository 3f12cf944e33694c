import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerLocalSecret } from './http-client.ts';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface RuntimeInfo {
  url: string;
  /** This start's secret for `/_local/*`; `call` sends it by itself (registerLocalSecret). */
  localSecret: string;
  endpoints: { dynamodb: string; s3: string; sqs: string; cognito: string; eventBridge: string; spotify?: string };
  resources: {
    tableName: string;
    userPoolId: string;
    clientId: string;
    buckets: Record<string, string>;
    queues: Record<string, { url: string; deadLetterUrl: string }>;
  };
}

export interface RunningMosaic {
  info: RuntimeInfo;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<number | null>;
}

/**
 * A free loopback port below the kernel's ephemeral range, for a runtime that a test stops and
 * starts again on the same port (a web page keeps its origin). A port from that range can be taken
 * while the runtime is down by an outgoing connection: a browser retrying the stopped server on
 * loopback can even connect to itself on it. Answers '0' (any port) where the range is unknown.
 */
export async function portForRestarts(): Promise<string> {
  let low: number;
  try {
    low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return '0';
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low - 1000 - Math.floor(Math.random() * Math.min(10_000, low - 2000));
    const free = await new Promise<boolean>((done) => {
      const probe = createServer();
      probe.once('error', () => done(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
    });
    if (free) return String(port);
  }
  return '0';
}

/** Data folders this process made, removed when it is done with them. */
const tempDataDirs = new Set<string>();

/**
 * A fresh data folder for one runtime. It is removed by removeTempDataDirs (after each test file:
 * test/support/clean-temp-dirs.ts) or when this process exits: an import test's folder alone
 * holds gigabytes, and runs add up until the disk is full.
 */
export function tempDataDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `mosaic-${label}-`));
  if (tempDataDirs.size === 0) process.once('exit', removeTempDataDirs);
  tempDataDirs.add(dir);
  return dir;
}

/** How much of a removed folder's runtime log is kept: its end, where a failure shows. */
const KEPT_LOG_BYTES = 2 * 1024 * 1024;

/**
 * Keeps the end of a data folder's runtime log in test-results/runtime-logs/ (ignored by git),
 * so that a test that failed under load can be read about after its folder is gone.
 */
function keepRuntimeLog(dir: string): void {
  const log = join(dir, 'runtime.log');
  // No log (the runtime never started): nothing to keep.
  if (!existsSync(log)) return;
  const kept = join(ROOT, 'test-results', 'runtime-logs');
  mkdirSync(kept, { recursive: true });
  writeFileSync(join(kept, `${basename(dir)}.log`), readFileSync(log).subarray(-KEPT_LOG_BYTES));
}

/** Removes the data folders tempDataDir made (their runtimes stopped first), keeping their logs' ends. */
export function removeTempDataDirs(): void {
  for (const dir of tempDataDirs) {
    keepRuntimeLog(dir);
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    tempDataDirs.delete(dir);
  }
}

/**
 * Starts `npm start`'s program (bin/local.ts) as a child process on a free port, exactly as a
 * user would run it, and waits for its ready line. Its output goes to `<dataDir>/runtime.log`.
 * `nodeOptions` are Node's own flags for that process (a benchmark's `--cpu-prof`).
 */
export async function startMosaic(dataDir: string, env: Record<string, string> = {}, nodeOptions: string[] = []): Promise<RunningMosaic> {
  const child = spawn(process.execPath, [...nodeOptions, join(ROOT, 'bin/local.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', MOSAIC_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(join(dataDir, 'runtime.log'), { flags: 'a' });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  await new Promise<void>((ready, fail) => {
    let seen = '';
    // Listened to only until ready: a runtime under load logs a line per request, which this
    // process (often a benchmark's load generator too) must not keep gathering and searching.
    const onOut = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Mosaic is running at')) {
        detach();
        ready();
      }
    };
    const onErr = (chunk: Buffer) => (seen += chunk.toString());
    const onExit = (code: number | null) => {
      detach();
      fail(new Error(`Mosaic exited with ${code} before it was ready:\n${seen}`));
    };
    const timer = setTimeout(() => fail(new Error(`Mosaic did not start within 90 s:\n${seen}`)), 90_000);
    const detach = () => {
      clearTimeout(timer);
      child.stdout.off('data', onOut);
      child.stderr.off('data', onErr);
      child.off('exit', onExit);
    };
    child.stdout.on('data', onOut);
    child.stderr.on('data', onErr);
    child.once('exit', onExit);
  });
  const info = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as RuntimeInfo;
  registerLocalSecret(info.url, info.localSecret);
  return {
    info,
    dataDir,
    child,
    stop: () =>
      new Promise((done) => {
        // Already gone (a test may kill it with SIGKILL): nothing to wait for.
        if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
        child.once('exit', (code) => done(code));
        child.kill('SIGINT');
      }),
  };
}

/** The pids of a process's children (a runtime's stand-ins, which outlive a kill -9 of it by a moment). */
export function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
}
