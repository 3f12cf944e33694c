import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ZipSource } from './zip.ts';

/** A stream written to a private temporary file, readable again by ranges. */
export interface TempFile {
  /** The file's bytes as a {@link ZipSource} (random access, as a ZIP inside a ZIP needs). */
  readonly source: ZipSource;
  /** Deletes the file (and its folder); safe to call twice. */
  dispose(): Promise<void>;
}

/**
 * Writes `stream` to a file in a fresh folder under the system's temporary directory (Lambda's
 * `/tmp`) and gives it back as a ranged source: a ZIP found inside a ZIP can only be read by
 * ranges once inflated, and holding it in memory would cost its whole size. A stream that fails
 * (e.g. a CRC mismatch at its end) leaves no file behind.
 */
export async function spoolToTempFile(stream: Readable, prefix = 'mosaic-'): Promise<TempFile> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const path = join(dir, 'spool');
  const dispose = () => rm(dir, { recursive: true, force: true });
  let size: number;
  try {
    await pipeline(stream, createWriteStream(path));
    size = (await stat(path)).size;
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    source: {
      size,
      readRange: (start, end) => (end > start ? createReadStream(path, { start, end: end - 1 }) : []),
    },
    dispose,
  };
}
