import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { zipFiles } from '../../test/support/zip-writer.ts';
import {
  ZipCrcError,
  ZipEncryptedError,
  ZipFormatError,
  ZipTooLargeError,
  ZipUnsafePathError,
  ZipUnsupportedError,
} from './errors.ts';
import { openZip, type ZipLimits, type ZipSource } from './zip.ts';

/** The caps of a Mosaic import (10 MiB a file, 50 MiB in all), which these tests were first written for. */
const LIMITS: ZipLimits = { maxEntries: 10_000, maxEntryBytes: 10 * 1024 * 1024, maxTotalBytes: 50 * 1024 * 1024 };

/** Offsets of the parts of an archive built by zipFiles (no archive comment unless told). */
function layout(zip: Buffer, commentLength = 0) {
  const end = zip.length - 22 - commentLength;
  const cd = zip.readUInt32LE(end + 16);
  const centrals: number[] = [];
  for (let p = cd, i = 0; i < zip.readUInt16LE(end + 10); i++) {
    centrals.push(p);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  const locals = centrals.map((c) => zip.readUInt32LE(c + 42));
  return { end, cd, centrals, locals };
}

/** A source that serves bytes the way S3 ranged reads do: in small chunks, counting requests. */
function rangedSource(bytes: Buffer, chunkBytes = 1000) {
  const requests: Array<[number, number]> = [];
  const source: ZipSource = {
    size: bytes.length,
    async *readRange(start, end) {
      requests.push([start, end]);
      for (let at = start; at < end; at += chunkBytes) yield bytes.subarray(at, Math.min(end, at + chunkBytes));
    },
  };
  return { source, requests };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

// Every test runs against bytes in memory and against a ranged source, the two ways archives are read.
describe.each([
  ['bytes in memory', (zip: Buffer) => zip],
  ['a ranged source', (zip: Buffer) => rangedSource(zip).source],
])('zip reader over %s', (_, from) => {
  const open = (zip: Buffer, limits: Partial<ZipLimits> = {}) => openZip(from(zip), { ...LIMITS, ...limits });
  const readAll = async (zip: Buffer, limits: Partial<ZipLimits> = {}) => {
    const archive = await open(zip, limits);
    const out: { name: string; data: Buffer }[] = [];
    for (const entry of archive.entries) if (!entry.isDirectory) out.push({ name: entry.name, data: await archive.read(entry) });
    return out;
  };

  it('reads stored and deflated files, UTF-8 names, empty files and folders', async () => {
    const text = 'date,value\n'.repeat(200);
    const zip = zipFiles([
      { name: 'stored.csv', data: text, store: true },
      { name: 'deflated.csv', data: text },
      { name: 'empty.txt', data: '' },
      { name: 'folder/', data: '', store: true },
      { name: 'folder/Café ☕.csv', data: Buffer.from([0, 1, 2, 255]) },
    ]);
    const archive = await open(zip);
    expect(archive.entries.map((e) => [e.name, e.method, e.isDirectory])).toEqual([
      ['stored.csv', 0, false],
      ['deflated.csv', 8, false],
      ['empty.txt', 8, false],
      ['folder/', 0, true],
      ['folder/Café ☕.csv', 8, false],
    ]);
    expect(archive.entries[1]!.compressedSize).toBeLessThan(text.length / 10);
    expect((await readAll(zip)).map((f) => [f.name, f.data.toString('latin1')])).toEqual([
      ['stored.csv', text],
      ['deflated.csv', text],
      ['empty.txt', ''],
      ['folder/Café ☕.csv', '\x00\x01\x02\xff'],
    ]);
    expect((await archive.read('deflated.csv')).toString()).toBe(text);
    expect(archive.find('folder/')?.isDirectory).toBe(true);
    expect(archive.find('nope')).toBeUndefined();
    expect(await rejection(archive.read('nope'))).toBeInstanceOf(ZipFormatError);
  });

  it('gives each file with its stream, in archive order, folders left out', async () => {
    const zip = zipFiles([
      { name: 'a/', data: '', store: true },
      { name: 'a/one.json', data: '{"n":1}' },
      { name: 'a/two.json', data: '{"n":2}' },
      { name: 'skipped.bin', data: Buffer.alloc(100_000, 7) },
      { name: 'three.json', data: '{"n":3}', store: true },
    ]);
    const archive = await open(zip);
    const seen: string[] = [];
    for await (const { entry, stream } of archive.files()) {
      if (entry.name.endsWith('.bin')) continue; // left unread: destroyed when the next file is asked for
      let text = '';
      for await (const chunk of stream) text += String(chunk);
      seen.push(`${entry.name}=${text}`);
    }
    expect(seen).toEqual(['a/one.json={"n":1}', 'a/two.json={"n":2}', 'three.json={"n":3}']);
  });

  it('reads the archive comment', async () => {
    const comment = 'exported by Loop Habit Tracker — with a comment';
    const archive = await open(zipFiles([{ name: 'a.txt', data: 'hello' }], { comment }));
    expect(archive.comment).toBe(comment);
    expect((await archive.read('a.txt')).toString()).toBe('hello');
  });

  it('refuses an archive whose comment holds a fake end signature (yauzl does not guess which end record is real)', async () => {
    // The hand-written reader before yauzl took the end record whose comment fits exactly; yauzl
    // stops at the last signature it finds, as the ZIP spec forbids the signature in a comment.
    const zip = zipFiles([{ name: 'a.txt', data: 'hello' }], { comment: 'exported by Loop PK\x05\x06 with a fake signature inside' });
    expect(await rejection(open(zip))).toBeInstanceOf(ZipFormatError);
  });

  it('reads archives whose local headers defer sizes to a data descriptor (Java ZipOutputStream)', async () => {
    const zip = zipFiles([{ name: 'a.txt', data: 'hello hello hello' }]);
    const { centrals, locals } = layout(zip);
    zip.writeUInt16LE(0x8, locals[0]! + 6);
    zip.writeUInt16LE(0x8, centrals[0]! + 8);
    zip.fill(0, locals[0]! + 14, locals[0]! + 26); // crc and sizes, now in the descriptor
    expect((await readAll(zip))[0]!.data.toString()).toBe('hello hello hello');
  });

  it('decodes names without the UTF-8 flag as CP437 when they are not UTF-8, and as UTF-8 when they are', async () => {
    const zip = zipFiles([{ name: 'cafX.txt', data: 'x' }]);
    const { centrals, locals } = layout(zip);
    zip[centrals[0]! + 46 + 3] = 0x82; // é in code page 437
    zip[locals[0]! + 30 + 3] = 0x82;
    expect((await open(zip)).entries[0]!.name).toBe('café.txt');

    const unflagged = zipFiles([{ name: 'Café.csv', data: 'x' }]);
    unflagged.writeUInt16LE(0, layout(unflagged).centrals[0]! + 8); // UTF-8 bytes, flag cleared
    expect((await open(unflagged)).entries[0]!.name).toBe('Café.csv');
  });

  it('refuses a file whose bytes do not match their CRC-32', async () => {
    const zip = zipFiles([{ name: 'a.txt', data: 'hello world', store: true }]);
    const { locals } = layout(zip);
    zip[locals[0]! + 30 + 'a.txt'.length] = 'j'.charCodeAt(0); // hello → jello
    const error = await rejection(readAll(zip));
    expect(error).toBeInstanceOf(ZipCrcError);
    expect(error).toMatchObject({ code: 'zip_crc_mismatch', details: { name: 'a.txt' } });
  });

  it('refuses zip bombs: one file over the entry cap, or all files over the total cap, before inflating', async () => {
    const nineMiB = Buffer.alloc(9 * 1024 * 1024);
    const bomb = zipFiles(Array.from({ length: 6 }, (_, i) => ({ name: `zeros${i}.csv`, data: nineMiB })));
    expect(bomb.length).toBeLessThan(200 * 1024);
    const total = await rejection(open(bomb));
    expect(total).toBeInstanceOf(ZipTooLargeError);
    expect(total.message).toMatch(/more than 52428800 bytes in all/);

    const big = zipFiles([{ name: 'big.csv', data: Buffer.alloc(11 * 1024 * 1024) }]);
    const one = await rejection(open(big));
    expect(one).toBeInstanceOf(ZipTooLargeError);
    expect(one).toMatchObject({ code: 'zip_too_large', details: { name: 'big.csv', maxEntryBytes: 10 * 1024 * 1024 } });

    expect(await rejection(open(zipFiles([{ name: 'a', data: 'x'.repeat(600) }, { name: 'b', data: 'x'.repeat(600) }]), { maxTotalBytes: 1000 }))).toBeInstanceOf(
      ZipTooLargeError,
    );
    expect(await rejection(open(zipFiles([{ name: 'a', data: '1' }, { name: 'b', data: '2' }]), { maxEntries: 1 }))).toBeInstanceOf(ZipTooLargeError);
  });

  it('refuses a file compressed beyond the ratio cap, once it is over 1 MiB', async () => {
    const zeros = zipFiles([{ name: 'zeros.csv', data: Buffer.alloc(2 * 1024 * 1024) }]); // about 1030:1
    const error = await rejection(open(zeros));
    expect(error).toBeInstanceOf(ZipTooLargeError);
    expect(error).toMatchObject({ code: 'zip_too_large', details: { name: 'zeros.csv', maxRatio: 500 } });
    expect(error.message).toMatch(/compressed \d+:1/);
    // Small files are not held to it, and the cap can be set per use.
    expect((await readAll(zipFiles([{ name: 'small.csv', data: Buffer.alloc(1024 * 1024) }])))[0]!.data.length).toBe(1024 * 1024);
    expect((await readAll(zeros, { maxRatio: 2000 }))[0]!.data.length).toBe(2 * 1024 * 1024);
  });

  it('never inflates beyond the size a file declares', async () => {
    const zip = zipFiles([{ name: 'liar.csv', data: Buffer.alloc(1024 * 1024) }]);
    const { centrals } = layout(zip);
    zip.writeUInt32LE(100, centrals[0]! + 24); // declares 100 bytes; holds 1 MiB
    const archive = await open(zip);
    let passed = 0;
    const error = await rejection(
      (async () => {
        for await (const chunk of archive.stream('liar.csv')) passed += (chunk as Buffer).length;
      })(),
    );
    expect(error).toBeInstanceOf(ZipFormatError);
    expect(error.message).toMatch(/more than the 100 bytes it declares/);
    expect(passed).toBeLessThanOrEqual(100);
  });

  it('refuses a file that inflates to less than it declares', async () => {
    const zip = zipFiles([{ name: 'short.csv', data: 'x'.repeat(500) }]);
    zip.writeUInt32LE(600, layout(zip).centrals[0]! + 24);
    expect((await rejection(readAll(zip))).message).toMatch(/expands to 500 bytes, not the 600 it declares/);
  });

  it('counts the total cap on the bytes actually inflated, over every read', async () => {
    const zip = zipFiles([{ name: 'a.csv', data: 'x'.repeat(600) }]);
    const archive = await open(zip, { maxTotalBytes: 1000 });
    expect((await archive.read('a.csv')).length).toBe(600);
    const error = await rejection(archive.read('a.csv'));
    expect(error).toBeInstanceOf(ZipTooLargeError);
    expect(error.message).toMatch(/more than 1000 bytes in all/);
  });

  it.each(['../evil.csv', 'habits/../../evil.csv', '/etc/passwd', '\\windows\\evil', 'C:\\evil.csv', 'c:evil', 'a/..\\..\\evil', 'nul\0byte'])(
    'refuses the unsafe path %j',
    async (name) => {
      const error = await rejection(open(zipFiles([{ name: 'ok.csv', data: '1' }, { name, data: '2' }])));
      expect(error).toBeInstanceOf(ZipUnsafePathError);
      expect((error as ZipUnsafePathError).code).toBe('zip_unsafe_path');
    },
  );

  it('allows names that merely contain dots', async () => {
    expect((await open(zipFiles([{ name: 'a..b/..c/d..', data: '1' }]))).entries[0]!.name).toBe('a..b/..c/d..');
  });

  it('refuses encrypted entries, traditional or strong', async () => {
    const zip = zipFiles([{ name: 'secret.csv', data: 'x' }]);
    zip.writeUInt16LE(0x1, layout(zip).centrals[0]! + 8);
    const error = await rejection(open(zip));
    expect(error).toBeInstanceOf(ZipEncryptedError);
    expect(error).toMatchObject({ details: { name: 'secret.csv' } });
    const strong = zipFiles([{ name: 'secret.csv', data: 'x' }]);
    strong.writeUInt16LE(0x41, layout(strong).centrals[0]! + 8);
    expect(await rejection(open(strong))).toBeInstanceOf(ZipEncryptedError);
  });

  it('reads ZIP64 archives (sizes and offsets in ZIP64 fields), as made for archives over 4 GiB', async () => {
    const zip = zipFiles(
      [
        { name: 'export.xml', data: '<HealthData>'.repeat(100) },
        { name: 'stored.txt', data: 'plain', store: true },
      ],
      { zip64: true },
    );
    expect((await readAll(zip)).map((f) => [f.name, f.data.length])).toEqual([
      ['export.xml', 1200],
      ['stored.txt', 5],
    ]);
  });

  it('refuses ZIP64 markers that have nothing behind them', async () => {
    const zip = zipFiles([{ name: 'a.csv', data: 'x' }]);
    // 0xffff entries claimed without ZIP64 records: over the entry cap, and no such directory anyway.
    const count = Buffer.from(zip);
    count.writeUInt16LE(0xffff, layout(count).end + 10);
    expect(await rejection(open(count))).toBeInstanceOf(ZipTooLargeError);
    expect(await rejection(open(count, { maxEntries: 0x10000 }))).toBeInstanceOf(ZipFormatError);
    // A 4 GiB size without a ZIP64 field is taken at its word: over the cap.
    const size = Buffer.from(zip);
    size.writeUInt32LE(0xffffffff, layout(size).centrals[0]! + 24);
    expect(await rejection(open(size))).toMatchObject({ code: 'zip_too_large' });
    // A ZIP64 end-of-central-directory locator before the end record, pointing at no ZIP64 record.
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    const { end } = layout(zip);
    const withLocator = Buffer.concat([zip.subarray(0, end), locator, zip.subarray(end)]);
    expect(await rejection(open(withLocator))).toBeInstanceOf(ZipFormatError);
  });

  it('refuses archives split over several files', async () => {
    const zip = zipFiles([{ name: 'a.csv', data: 'x' }]);
    zip.writeUInt16LE(1, layout(zip).end + 4);
    expect(await rejection(open(zip))).toMatchObject({ code: 'zip_unsupported' });
  });

  it('refuses compression methods other than stored and deflate', async () => {
    const zip = zipFiles([{ name: 'a.csv', data: 'x' }]);
    zip.writeUInt16LE(12, layout(zip).centrals[0]! + 10); // bzip2
    const error = await rejection(open(zip));
    expect(error).toBeInstanceOf(ZipUnsupportedError);
    expect(error.message).toMatch(/compression method 12/);
  });

  it('refuses stored files whose two sizes disagree', async () => {
    const zip = zipFiles([{ name: 'a.csv', data: 'hello', store: true }]);
    zip.writeUInt32LE(4, layout(zip).centrals[0]! + 20);
    expect((await rejection(open(zip))).message).toMatch(/sizes of the stored file "a.csv" disagree/);
  });

  it('refuses entries whose data overlap (many entries on one compressed block)', async () => {
    const zip = zipFiles([
      { name: 'a.csv', data: 'x'.repeat(1000) },
      { name: 'b.csv', data: 'y'.repeat(1000) },
    ]);
    const { centrals } = layout(zip);
    zip.writeUInt32LE(0, centrals[1]! + 42); // b's entry points at a's local header
    expect((await rejection(open(zip))).message).toMatch(/data of "(a|b).csv" and "(a|b).csv" overlap/);
  });

  it('refuses what is not a ZIP, a truncated ZIP, a corrupt stream and duplicate names', async () => {
    expect(await rejection(open(Buffer.from('date,activity\n2026-01-01,Run\n')))).toBeInstanceOf(ZipFormatError);
    expect(await rejection(open(Buffer.alloc(3)))).toBeInstanceOf(ZipFormatError);
    expect(await rejection(open(Buffer.alloc(0)))).toBeInstanceOf(ZipFormatError);
    const zip = zipFiles([{ name: 'a.csv', data: 'x'.repeat(1000) }]);
    expect(await rejection(open(zip.subarray(0, zip.length - 30)))).toBeInstanceOf(ZipFormatError);
    const { cd } = layout(zip);
    const moved = Buffer.from(zip);
    moved.writeUInt32LE(cd + 5000, layout(moved).end + 16);
    expect(await rejection(open(moved))).toBeInstanceOf(ZipFormatError);
    const corrupt = Buffer.from(zip);
    corrupt.fill(0xff, layout(corrupt).locals[0]! + 35, layout(corrupt).locals[0]! + 40);
    const inflating = await rejection(readAll(corrupt));
    expect(inflating).toBeInstanceOf(ZipFormatError);
    expect(inflating.message).toMatch(/"a.csv" cannot be inflated/);
    const noLocal = Buffer.from(zip);
    noLocal.writeUInt32LE(0, layout(noLocal).locals[0]);
    expect(await rejection(readAll(noLocal))).toBeInstanceOf(ZipFormatError);
    expect((await rejection(open(zipFiles([{ name: 'a.csv', data: '1' }, { name: 'a.csv', data: '2' }])))).message).toMatch(/two files named/);
  });
});

describe('zip reader over a ranged source', () => {
  it('streams a large file in chunks, reading the directory in few requests', async () => {
    const files = Array.from({ length: 2000 }, (_, i) => ({ name: `Streaming_History_${i}.json`, data: `[{"i":${i}}]` }));
    const big = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4) big.writeUInt32LE((i * 2654435761) >>> 0, i); // hardly compressible
    const zip = zipFiles([...files, { name: 'export.xml', data: big }]);
    const { end, cd } = layout(zip);
    const { source, requests } = rangedSource(zip, 16 * 1024);
    const archive = await openZip(source, LIMITS);
    expect(archive.entries).toHaveLength(2001);
    // The end record, then the directory in 64 KiB blocks, rather than two requests per entry.
    expect(end - cd).toBeGreaterThan(100 * 1024);
    expect(requests.length).toBeLessThanOrEqual(2 + Math.ceil((end - cd) / (64 * 1024)));

    let largest = 0;
    let bytes = 0;
    for await (const chunk of archive.stream('export.xml')) {
      largest = Math.max(largest, (chunk as Buffer).length);
      bytes += (chunk as Buffer).length;
    }
    expect(bytes).toBe(big.length);
    expect(largest).toBeLessThanOrEqual(64 * 1024); // never the whole file at once
  });

  it('passes a failure of the source on as it is, so that the job is retried rather than failed', async () => {
    const zip = zipFiles([{ name: 'a.csv', data: 'x'.repeat(100_000) }]);
    const outage = new Error('socket hang up');
    let calls = 0;
    const source: ZipSource = {
      size: zip.length,
      async *readRange(start, end) {
        if (++calls > 1) throw outage; // the first read (end record and directory: the whole small file) works; the file data fails
        yield zip.subarray(start, end);
      },
    };
    const archive = await openZip(source, LIMITS);
    expect(await rejection(archive.read('a.csv'))).toBe(outage);
    expect(await rejection(openZip({ size: zip.length, readRange: () => { throw outage; } }, LIMITS))).toBe(outage);
  });
});

describe('the test ZIP writer', () => {
  it('writes deflate streams zlib reads back', () => {
    const data = Buffer.from('abc'.repeat(100));
    const zip = zipFiles([{ name: 'x', data }]);
    const { locals } = layout(zip);
    const body = zip.subarray(locals[0]! + 31, locals[0]! + 31 + zip.readUInt32LE(locals[0]! + 18));
    expect(body.equals(deflateRawSync(data))).toBe(true);
  });
});
