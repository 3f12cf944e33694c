import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './local-process.ts';

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
  // Port 0: the server takes a free port as it listens and says which (a port found free
  // beforehand could be taken by another process before it listened).
  const child = spawn('/usr/bin/python3', [join(ROOT, 'test/support/rtsp-server.py'), '0', user, password], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`The RTSP test source did not start: ${seen}`)), 15_000);
    child.stdout.on('data', (c: Buffer) => {
      seen += c.toString();
      const ready = /ready (\d+)/.exec(seen);
      if (ready) {
        clearTimeout(timer);
        resolve(Number(ready[1]));
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
