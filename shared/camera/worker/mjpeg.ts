/**
 * Splits ffmpeg's `-f mjpeg` output (JPEGs back to back) into whole frames. A JPEG starts with
 * SOI (FF D8) and ends with EOI (FF D9); inside the entropy-coded data a 0xFF byte is always
 * stuffed (FF 00) or a restart marker (FF D0–D7), so FF D9 occurs only at a frame's end.
 */
export class MjpegSplitter {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** Bytes a frame may grow to before the splitter gives up on it (a 4K JPEG is far below). */
  private readonly maxFrameBytes: number;
  constructor(maxFrameBytes = 8 * 1024 * 1024) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** The frames completed by this chunk. */
  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let data = this.pendingLength ? Buffer.concat([...this.pending, chunk]) : chunk;
    // Resume the end search one byte back: FF may end the previous chunk.
    let searchFrom = Math.max(0, this.pendingLength - 1);
    this.pending = [];
    this.pendingLength = 0;
    for (;;) {
      const start = data.indexOf(SOI);
      if (start < 0) {
        // Junk between frames; but a trailing FF may be the first half of the next SOI.
        if (data.length && data[data.length - 1] === 0xff) {
          this.pending = [data.subarray(data.length - 1)];
          this.pendingLength = 1;
        }
        return frames;
      }
      const end = data.indexOf(EOI, Math.max(start + 2, searchFrom));
      if (end < 0) {
        const rest = data.subarray(start);
        if (rest.length <= this.maxFrameBytes) {
          this.pending = [rest];
          this.pendingLength = rest.length;
        }
        return frames;
      }
      frames.push(Buffer.from(data.subarray(start, end + 2)));
      data = data.subarray(end + 2);
      searchFrom = 0;
    }
  }
}

const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);

/** True for a buffer that is one whole JPEG (starts with SOI, ends with EOI). */
export function isJpeg(frame: Buffer): boolean {
  return frame.length > 4 && frame[0] === 0xff && frame[1] === 0xd8 && frame[frame.length - 2] === 0xff && frame[frame.length - 1] === 0xd9;
}
