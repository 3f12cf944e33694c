import { get, type IncomingMessage } from 'node:http';

/** A viewer of a multipart/x-mixed-replace MJPEG stream, as a browser's <img> is. */
export interface MjpegViewer {
  status: number;
  contentType: string;
  /** The parsed error body of a refused stream. */
  error?: { code: string; message: string };
  /** Every frame received, with the time (ms, performance.now()) it completed and the worker's send time (epoch ms). */
  frames: Array<{ jpeg: Buffer; at: number; receivedAt: number; sentAt?: number }>;
  /** Resolves when the server ends the stream (or the viewer closes it). */
  ended: Promise<void>;
  waitFrames(count: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Parses multipart parts (`--boundary`, headers with Content-Length, body) from a stream. */
function partReader(boundary: string, onPart: (body: Buffer, sentAt: number | undefined) => void) {
  let buffer: Buffer = Buffer.alloc(0);
  const marker = Buffer.from(`--${boundary}`);
  return (chunk: Buffer) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    for (;;) {
      const start = buffer.indexOf(marker);
      if (start < 0) return;
      const headerEnd = buffer.indexOf('\r\n\r\n', start);
      if (headerEnd < 0) return;
      const headers = buffer.subarray(start, headerEnd).toString('latin1');
      const length = Number(/content-length:\s*(\d+)/i.exec(headers)?.[1] ?? NaN);
      if (!Number.isFinite(length)) throw new Error(`A part without Content-Length: ${headers}`);
      const bodyStart = headerEnd + 4;
      if (buffer.length < bodyStart + length) return;
      const sentAt = /x-frame-time:\s*(\d+)/i.exec(headers)?.[1];
      onPart(Buffer.from(buffer.subarray(bodyStart, bodyStart + length)), sentAt ? Number(sentAt) : undefined);
      buffer = buffer.subarray(bodyStart + length);
    }
  };
}

/** Opens a stream URL; resolves once the response has started (or was refused). */
export function openMjpeg(url: string): Promise<MjpegViewer> {
  return new Promise((resolve, reject) => {
    const request = get(url, (res: IncomingMessage) => {
      const contentType = String(res.headers['content-type'] ?? '');
      const frames: MjpegViewer['frames'] = [];
      const waiters: Array<() => void> = [];
      const ended = new Promise<void>((done) => {
        res.once('end', done);
        res.once('close', done);
        res.once('error', () => done());
      });
      const viewer: MjpegViewer = {
        status: res.statusCode ?? 0,
        contentType,
        frames,
        ended,
        waitFrames(count, timeoutMs = 20_000) {
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`${frames.length} of ${count} frames within ${timeoutMs} ms`)), timeoutMs);
            const check = () => {
              if (frames.length >= count) {
                clearTimeout(timer);
                ok();
                return true;
              }
              return false;
            };
            const wait = () => {
              if (!check()) waiters.push(wait);
            };
            wait();
            void ended.then(() => {
              if (!check()) {
                clearTimeout(timer);
                fail(new Error(`The stream ended after ${frames.length} of ${count} frames`));
              }
            });
          });
        },
        close: () => request.destroy(),
      };
      const boundary = /boundary=([^;\s]+)/.exec(contentType)?.[1];
      if (viewer.status !== 200 || !boundary) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () => {
          try {
            viewer.error = (JSON.parse(Buffer.concat(chunks).toString()) as { error: MjpegViewer['error'] }).error;
          } catch {
            // not JSON
          }
          resolve(viewer);
        });
        return;
      }
      const read = partReader(boundary, (jpeg, sentAt) => {
        frames.push({ jpeg, at: performance.now(), receivedAt: Date.now(), sentAt });
        for (const w of waiters.splice(0)) w();
      });
      res.on('data', read);
      resolve(viewer);
    });
    request.once('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
  });
}

/** Width and height from a JPEG's start-of-frame marker; undefined when it has none (not a JPEG). */
export function jpegSize(jpeg: Buffer): { width: number; height: number } | undefined {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || jpeg[jpeg.length - 2] !== 0xff || jpeg[jpeg.length - 1] !== 0xd9) return undefined;
  let i = 2;
  while (i + 9 < jpeg.length) {
    if (jpeg[i] !== 0xff) return undefined;
    const marker = jpeg[i + 1]!;
    const length = jpeg.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: jpeg.readUInt16BE(i + 5), width: jpeg.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return undefined;
}
