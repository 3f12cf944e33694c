import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './local-process.ts';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RtspSource {
  /** The address without credentials, as an admin enters it. */
  url: string;
  stop(): void;
}

/**
 * Starts the password-protected RTSP test source (test/support/rtsp-server.py, GStreamer's RTSP
 * server from Debian) on a free loopback port.
 */
export async function startRtspSource(user: string, password: string): Promise<RtspSource> {
  const port = await freePort();
  const child = spawn('/usr/bin/python3', [join(ROOT, 'test/support/rtsp-server.py'), String(port), user, password], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`The RTSP test source did not start: ${seen}`)), 15_000);
    child.stdout.on('data', (c: Buffer) => {
      seen += c.toString();
      if (seen.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (c: Buffer) => (seen += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The RTSP test source exited with ${code}: ${seen}`));
    });
  });
  return { url: `rtsp://127.0.0.1:${port}/cam`, stop: () => void child.kill('SIGTERM') };
}
