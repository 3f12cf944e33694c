import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  ZipCrcError,
  ZipEncryptedError,
  ZipFormatError,
  ZipTooLargeError,
  ZipUnsafePathError,
  ZipUnsupportedError,
} from './errors.ts';
import { openZip, readZip, zipFiles } from './zip.ts';

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

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('zip reader', () => {
  it('reads stored and deflated files, UTF-8 names, empty files and folders', () => {
    const text = 'date,value\n'.repeat(200);
    const zip = zipFiles([
      { name: 'stored.csv', data: text, store: true },
      { name: 'deflated.csv', data: text },
      { name: 'empty.txt', data: '' },
      { name: 'folder/', data: '', store: true },
      { name: 'folder/Café ☕.csv', data: Buffer.from([0, 1, 2, 255]) },
    ]);
    const archive = openZip(zip);
    expect(archive.entries.map((e) => [e.name, e.method, e.isDirectory])).toEqual([
      ['stored.csv', 0, false],
      ['deflated.csv', 8, false],
      ['empty.txt', 8, false],
      ['folder/', 0, true],
      ['folder/Café ☕.csv', 8, false],
    ]);
    expect(archive.entries[1]!.compressedSize).toBeLessThan(text.length / 10);
    expect(readZip(zip).map((f) => [f.name, f.data.toString('latin1')])).toEqual([
      ['stored.csv', text],
      ['deflated.csv', text],
      ['empty.txt', ''],
      ['folder/Café ☕.csv', '\x00\x01\x02\xff'],
    ]);
    expect(archive.read('deflated.csv').toString()).toBe(text);
  });

  it('finds the end record after an archive comment, even one holding a fake end signature', () => {
    const comment = 'exported by Loop PK\x05\x06 with a fake signature inside';
    const zip = zipFiles([{ name: 'a.txt', data: 'hello' }], { comment });
    const archive = openZip(zip);
    expect(archive.comment).toBe(comment);
    expect(archive.read('a.txt').toString()).toBe('hello');
  });

  it('reads archives whose local headers defer sizes to a data descriptor (Java ZipOutputStream)', () => {
    const zip = zipFiles([{ name: 'a.txt', data: 'hello hello hello' }]);
    const { centrals, locals } = layout(zip);
    zip.writeUInt16LE(0x8, locals[0]! + 6);
    zip.writeUInt16LE(0x8, centrals[0]! + 8);
    zip.fill(0, locals[0]! + 14, locals[0]! + 26); // crc and sizes, now in the descriptor
    expect(readZip(zip)[0]!.data.toString()).toBe('hello hello hello');
  });

  it('decodes names without the UTF-8 flag as CP437 when they are not UTF-8', () => {
    const zip = zipFiles([{ name: 'cafX.txt', data: 'x' }]);
    const { centrals, locals } = layout(zip);
    zip[centrals[0]! + 46 + 3] = 0x82; // é in code page 437
    zip[locals[0]! + 30 + 3] = 0x82;
    expect(openZip(zip).entries[0]!.name).toBe('café.txt');
  });

  it('refuses a file whose bytes do not match their CRC-32', () => {
    const zip = zipFiles([{ name: 'a.txt', data: 'hello world', store: true }]);
    const { locals } = layout(zip);
    zip[locals[0]! + 30 + 'a.txt'.length] = 'j'.charCodeAt(0); // hello → jello
    const error = thrown(() => readZip(zip));
    expect(error).toBeInstanceOf(ZipCrcError);
    expect(error).toMatchObject({ code: 'zip_crc_mismatch', details: { name: 'a.txt' } });
  });

  it('refuses zip bombs: one file over the entry cap, or all files over the total cap, before inflating', () => {
    const nineMiB = Buffer.alloc(9 * 1024 * 1024);
    const bomb = zipFiles(Array.from({ length: 6 }, (_, i) => ({ name: `zeros${i}.csv`, data: nineMiB })));
    expect(bomb.length).toBeLessThan(200 * 1024);
    const total = thrown(() => openZip(bomb));
    expect(total).toBeInstanceOf(ZipTooLargeError);
    expect(total.message).toMatch(/more than 52428800 bytes in all/);

    const big = zipFiles([{ name: 'big.csv', data: Buffer.alloc(11 * 1024 * 1024) }]);
    const one = thrown(() => openZip(big));
    expect(one).toBeInstanceOf(ZipTooLargeError);
    expect(one).toMatchObject({ code: 'zip_too_large', details: { name: 'big.csv', maxEntryBytes: 10 * 1024 * 1024 } });

    expect(() => openZip(zipFiles([{ name: 'a', data: 'x'.repeat(600) }, { name: 'b', data: 'x'.repeat(600) }]), { maxTotalBytes: 1000 })).toThrow(
      ZipTooLargeError,
    );
    expect(() => openZip(zipFiles([{ name: 'a', data: '1' }, { name: 'b', data: '2' }]), { maxEntries: 1 })).toThrow(ZipTooLargeError);
  });

  it('never inflates beyond the size a file declares', () => {
    const zip = zipFiles([{ name: 'liar.csv', data: Buffer.alloc(1024 * 1024) }]);
    const { centrals } = layout(zip);
    zip.writeUInt32LE(100, centrals[0]! + 24); // declares 100 bytes; holds 1 MiB
    const error = thrown(() => openZip(zip).read('liar.csv'));
    expect(error).toBeInstanceOf(ZipFormatError);
    expect(error.message).toMatch(/more than the 100 bytes it declares/);
  });

  it.each(['../evil.csv', 'habits/../../evil.csv', '/etc/passwd', '\\windows\\evil', 'C:\\evil.csv', 'c:evil', 'a/..\\..\\evil'])(
    'refuses the unsafe path %j',
    (name) => {
      const error = thrown(() => openZip(zipFiles([{ name: 'ok.csv', data: '1' }, { name, data: '2' }])));
      expect(error).toBeInstanceOf(ZipUnsafePathError);
      expect((error as ZipUnsafePathError).code).toBe('zip_unsafe_path');
    },
  );

  it('allows names that merely contain dots', () => {
    expect(openZip(zipFiles([{ name: 'a..b/..c/d..', data: '1' }])).entries[0]!.name).toBe('a..b/..c/d..');
  });

  it('refuses encrypted entries', () => {
    const zip = zipFiles([{ name: 'secret.csv', data: 'x' }]);
    zip.writeUInt16LE(0x1, layout(zip).centrals[0]! + 8);
    expect(thrown(() => openZip(zip))).toBeInstanceOf(ZipEncryptedError);
  });

  it('refuses ZIP64 archives and entries', () => {
    const zip = zipFiles([{ name: 'a.csv', data: 'x' }]);
    const count = Buffer.from(zip);
    count.writeUInt16LE(0xffff, layout(count).end + 10);
    expect(thrown(() => openZip(count))).toBeInstanceOf(ZipUnsupportedError);
    const size = Buffer.from(zip);
    size.writeUInt32LE(0xffffffff, layout(size).centrals[0]! + 24);
    expect(thrown(() => openZip(size))).toMatchObject({ code: 'zip_unsupported', details: { feature: 'ZIP64' } });
    // A ZIP64 end-of-central-directory locator before the end record.
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    const { end } = layout(zip);
    const withLocator = Buffer.concat([zip.subarray(0, end), locator, zip.subarray(end)]);
    expect(thrown(() => openZip(withLocator))).toBeInstanceOf(ZipUnsupportedError);
  });

  it('refuses compression methods other than stored and deflate', () => {
    const zip = zipFiles([{ name: 'a.csv', data: 'x' }]);
    zip.writeUInt16LE(12, layout(zip).centrals[0]! + 10); // bzip2
    expect(thrown(() => openZip(zip)).message).toMatch(/compression method 12/);
  });

  it('refuses what is not a ZIP, a truncated ZIP, a corrupt stream and duplicate names', () => {
    expect(thrown(() => openZip(Buffer.from('date,activity\n2026-01-01,Run\n')))).toBeInstanceOf(ZipFormatError);
    expect(thrown(() => openZip(Buffer.alloc(3)))).toBeInstanceOf(ZipFormatError);
    const zip = zipFiles([{ name: 'a.csv', data: 'x'.repeat(1000) }]);
    expect(thrown(() => openZip(zip.subarray(0, zip.length - 30)))).toBeInstanceOf(ZipFormatError);
    const { cd } = layout(zip);
    const moved = Buffer.from(zip);
    moved.writeUInt32LE(cd + 5000, layout(moved).end + 16);
    expect(thrown(() => openZip(moved))).toBeInstanceOf(ZipFormatError);
    const corrupt = Buffer.from(zip);
    corrupt.fill(0xff, layout(corrupt).locals[0]! + 35, layout(corrupt).locals[0]! + 40);
    expect(thrown(() => openZip(corrupt).read('a.csv'))).toBeInstanceOf(ZipFormatError);
    expect(thrown(() => openZip(zipFiles([{ name: 'a.csv', data: '1' }, { name: 'a.csv', data: '2' }]))).message).toMatch(/two files named/);
  });

  it('writes deflate streams zlib reads back (sanity of the writer)', () => {
    const data = Buffer.from('abc'.repeat(100));
    const zip = zipFiles([{ name: 'x', data }]);
    const { locals } = layout(zip);
    const body = zip.subarray(locals[0]! + 31, locals[0]! + 31 + zip.readUInt32LE(locals[0]! + 18));
    expect(body.equals(deflateRawSync(data))).toBe(true);
  });
});
