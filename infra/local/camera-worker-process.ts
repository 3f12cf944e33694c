import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface CameraWorkerProcess {
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts the camera worker (bin/camera-worker.ts, the module the Fargate container runs) as a
 * child process on a free loopback port, with the functions' environment: it reads cameras'
 * RTSP addresses directly (no Kinesis Video hop). The gateway passes `/camera/…` to it.
 */
export async function startCameraWorker(root: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<CameraWorkerProcess> {
  const child = spawn(process.execPath, [join(root, 'bin/camera-worker.ts')], {
    cwd: root,
    env: { ...env, CAMERA_WORKER_HOST: '127.0.0.1', CAMERA_WORKER_PORT: '0', CAMERA_STATUS: '1', CAMERA_INPUT: 'rtsp' },
    // The IPC channel only tells the worker when the runtime is gone (it exits then).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The camera worker did not start within 30 s')), 30_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^camera worker listening on http:\/\/[^:]+:(\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      } else log(`[camera] ${line}`);
    });
    createInterface({ input: child.stderr! }).on('line', (line) => log(`[camera] ${line}`));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The camera worker exited with ${code}`));
    });
  });
  return {
    port,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
