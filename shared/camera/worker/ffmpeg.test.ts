import { describe, expect, it } from 'vitest';
import { classifyFailure, ffmpegArgs, redact } from './ffmpeg.ts';
import { isJpeg, MjpegSplitter } from './mjpeg.ts';

describe('ffmpeg output', () => {
  it('redacts URL credentials and known secrets, also percent-encoded', () => {
    const secret = 'p@ss w0rd';
    const line = `rtsp://admin:${encodeURIComponent(secret)}@10.0.0.5:554/s: Server returned 401 Unauthorized; tried ${secret}`;
    const out = redact(line, [secret]);
    expect(out).toBe('rtsp://***@10.0.0.5:554/s: Server returned 401 Unauthorized; tried ***');
  });

  it('tells a wrong password, an unreachable camera, a missing path, a stream that ended early and a codec problem apart', () => {
    expect(classifyFailure(['[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized'])).toBe('wrong_password');
    expect(classifyFailure(['rtsp://***@10.0.0.9/cam: Connection refused'])).toBe('unreachable');
    expect(classifyFailure(['[tcp @ 0x2] Connection to tcp://10.0.0.9:554 failed: Connection timed out'])).toBe('unreachable');
    expect(classifyFailure(['[rtsp @ 0x1] method DESCRIBE failed: 404 Not Found'])).toBe('not_found');
    expect(classifyFailure(['Could not find codec parameters for stream 0 (Video: none): unknown codec'])).toBe('codec');
    expect(classifyFailure(['[h264 @ 0x3] Error while decoding MB 12 7, bytestream -5'])).toBe('codec');
    // A stream that ended before its first whole picture sent no picture; it was not undecodable.
    const endedEarly = [
      '[h264 @ 0x4] missing picture in access unit with size 6',
      '[h264 @ 0x4] no frame!',
      'Error while decoding stream #0:0: Invalid data found when processing input',
      'Cannot determine format of input stream 0:0 after EOF',
    ];
    expect(classifyFailure(endedEarly)).toBe('no_frames');
    expect(classifyFailure(['something else entirely'])).toBe('failed');
  });

  it('caps size (never upscaling) and rate, video only, MJPEG on stdout', () => {
    const args = ffmpegArgs({ args: ['-i', 'x'], secrets: [] }, { maxWidth: 640, maxFps: 5 }, 1);
    expect(args.join(' ')).toBe("-hide_banner -nostdin -loglevel error -i x -an -vf fps=5,scale='min(640,iw)':-2 -q:v 6 -frames:v 1 -f mjpeg pipe:1");
  });
});

describe('MjpegSplitter', () => {
  const jpeg = (fill: number, size: number) => Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(size, fill), Buffer.from([0xff, 0xd9])]);

  it('splits frames across arbitrary chunk boundaries, including between FF and D9', () => {
    const frames = [jpeg(1, 100), jpeg(2, 5000), jpeg(3, 10)];
    const all = Buffer.concat(frames);
    for (const step of [1, 2, 3, 7, 101, 4096]) {
      const splitter = new MjpegSplitter();
      const out: Buffer[] = [];
      for (let i = 0; i < all.length; i += step) out.push(...splitter.push(all.subarray(i, i + step)));
      expect(out, `chunks of ${step}`).toEqual(frames);
      expect(out.every(isJpeg)).toBe(true);
    }
  });
});
