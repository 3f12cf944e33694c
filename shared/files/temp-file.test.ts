import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spoolToTempFile } from './temp-file.ts';

async function text(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

describe('spoolToTempFile', () => {
  let dir: string;
  let previous: string | undefined;
  beforeEach(async () => {
    // A private temporary directory, so that what is left in it can be checked.
    dir = await mkdtemp(join(tmpdir(), 'temp-file-test-'));
    previous = process.env.TMPDIR;
    process.env.TMPDIR = dir;
  });
  afterEach(async () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a stream to a file read back by ranges, deleted by dispose', async () => {
    const file = await spoolToTempFile(Readable.from([Buffer.from('hello, '), Buffer.from('tides')]));
    expect(file.source.size).toBe(12);
    expect(await text(file.source.readRange(0, 12))).toBe('hello, tides');
    expect(await text(file.source.readRange(7, 12))).toBe('tides');
    expect(await text(file.source.readRange(5, 5))).toBe('');
    expect(await readdir(dir)).toHaveLength(1);
    await file.dispose();
    await file.dispose();
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves nothing behind when the stream fails', async () => {
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from('partial');
        throw new Error('CRC mismatch');
      })(),
    );
    await expect(spoolToTempFile(failing)).rejects.toThrow('CRC mismatch');
    expect(await readdir(dir)).toEqual([]);
  });
});
