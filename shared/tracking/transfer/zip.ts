import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  ZipCrcError,
  ZipEncryptedError,
  ZipFormatError,
  ZipTooLargeError,
  ZipUnsafePathError,
  ZipUnsupportedError,
} from './errors.ts';
import { MAX_IMPORT_BYTES, MAX_ZIP_ENTRIES, MAX_ZIP_UNCOMPRESSED_BYTES } from './limits.ts';

/**
 * A ZIP reader for archives held in memory (an import is at most MAX_IMPORT_BYTES), and a small
 * writer. The reader trusts nothing in the archive: every offset and length is bounds-checked,
 * sizes are capped before anything is inflated and again while inflating, and every file's
 * CRC-32 is verified. It reads the central directory (the archive's own index) and, for each file
 * read, its local header; methods 0 (stored) and 8 (deflate) only.
 */

/** One file (or folder, when `name` ends with `/`) listed in an archive. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated (backslashes are turned into slashes). */
  name: string;
  isDirectory: boolean;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  /** Declared uncompressed size (checked when the file is read). */
  size: number;
  crc32: number;
  /** Offset of the local header. */
  offset: number;
}

/** Caps of one archive; each defaults to the import cap of the same purpose. */
export interface ZipLimits {
  /** Largest size one file may expand to (default MAX_IMPORT_BYTES). */
  maxEntryBytes?: number;
  /** Largest size all files together may expand to (default MAX_ZIP_UNCOMPRESSED_BYTES). */
  maxTotalBytes?: number;
  /** Most entries listed (default MAX_ZIP_ENTRIES). */
  maxEntries?: number;
}

/** An opened archive: its listing, and the bytes of any file on demand. */
export interface ZipArchive {
  entries: readonly ZipEntry[];
  /** The archive comment. */
  comment: string;
  /** The entry with this exact name, if any. */
  find(name: string): ZipEntry | undefined;
  /** Inflates one file and checks its size and CRC-32. */
  read(entry: ZipEntry | string): Buffer;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const END_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const FLAG_ENCRYPTED = 0x1;
const FLAG_STRONG_ENCRYPTION = 0x40;
const FLAG_UTF8 = 0x800;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const METHOD_AES = 99;

/**
 * Opens an archive: finds the end of central directory record (after an archive comment of up
 * to 64 KiB, if any), reads and checks the whole central directory, and returns the listing.
 *
 * Throws, before inflating anything: {@link ZipFormatError} (not a ZIP, truncated, offsets out
 * of bounds, two files of the same name), {@link ZipUnsupportedError} (ZIP64, split archives,
 * methods other than stored and deflate), {@link ZipEncryptedError}, {@link ZipUnsafePathError}
 * (absolute paths, drive letters, `..` segments), {@link ZipTooLargeError} (an entry or the sum of
 * all entries declared beyond the caps, or too many entries).
 */
export function openZip(zip: Uint8Array, limits: ZipLimits = {}): ZipArchive {
  const maxEntryBytes = limits.maxEntryBytes ?? MAX_IMPORT_BYTES;
  const maxTotalBytes = limits.maxTotalBytes ?? MAX_ZIP_UNCOMPRESSED_BYTES;
  const maxEntries = limits.maxEntries ?? MAX_ZIP_ENTRIES;
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);

  const end = findEnd(buf);
  const disk = buf.readUInt16LE(end + 4);
  const cdDisk = buf.readUInt16LE(end + 6);
  const entriesHere = buf.readUInt16LE(end + 8);
  const count = buf.readUInt16LE(end + 10);
  const cdSize = buf.readUInt32LE(end + 12);
  const cdOffset = buf.readUInt32LE(end + 16);
  const commentLength = buf.readUInt16LE(end + 20);
  if (end >= 20 && buf.readUInt32LE(end - 20) === SIG_ZIP64_LOCATOR) throw new ZipUnsupportedError('ZIP64');
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipUnsupportedError('ZIP64');
  if (disk !== 0 || cdDisk !== 0 || entriesHere !== count) throw new ZipUnsupportedError('an archive split over several files');
  if (count > maxEntries) throw new ZipTooLargeError(`The ZIP lists ${count} files; at most ${maxEntries} are read.`, { maxEntries });
  if (cdOffset + cdSize > end) throw new ZipFormatError('the central directory lies outside the file');
  const comment = decodeName(buf.subarray(end + END_SIZE, end + END_SIZE + commentLength), false);

  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + CENTRAL_SIZE > cdOffset + cdSize || buf.readUInt32LE(p) !== SIG_CENTRAL) {
      throw new ZipFormatError(`central directory record ${i + 1} is missing`);
    }
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const entryCommentLength = buf.readUInt16LE(p + 32);
    const startDisk = buf.readUInt16LE(p + 34);
    const offset = buf.readUInt32LE(p + 42);
    const next = p + CENTRAL_SIZE + nameLength + extraLength + entryCommentLength;
    if (next > cdOffset + cdSize) throw new ZipFormatError(`central directory record ${i + 1} is cut short`);
    const rawName = decodeName(buf.subarray(p + CENTRAL_SIZE, p + CENTRAL_SIZE + nameLength), (flags & FLAG_UTF8) !== 0);
    p = next;

    const name = rawName.replace(/\\/g, '/');
    if (!isSafePath(name)) throw new ZipUnsafePathError(rawName);
    if (compressedSize === 0xffffffff || size === 0xffffffff || offset === 0xffffffff || startDisk === 0xffff) {
      throw new ZipUnsupportedError('ZIP64', { name });
    }
    if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION) || method === METHOD_AES) throw new ZipEncryptedError(name);
    if (method !== METHOD_STORED && method !== METHOD_DEFLATE) {
      throw new ZipUnsupportedError(`compression method ${method} (only stored and deflate are read)`, { name });
    }
    if (offset + LOCAL_SIZE > cdOffset) throw new ZipFormatError(`the data of "${name}" lies outside the file`);
    if (byName.has(name)) throw new ZipFormatError(`it holds two files named "${name}"`);
    const isDirectory = name.endsWith('/');
    if (!isDirectory) {
      if (size > maxEntryBytes) {
        throw new ZipTooLargeError(`"${name}" in the ZIP expands to ${size} bytes; one file may be at most ${maxEntryBytes} bytes.`, {
          name,
          size,
          maxEntryBytes,
        });
      }
      total += size;
      if (total > maxTotalBytes) {
        throw new ZipTooLargeError(`The files in the ZIP expand to more than ${maxTotalBytes} bytes in all; this is refused.`, {
          maxTotalBytes,
        });
      }
    }
    const entry: ZipEntry = { name, isDirectory, method, compressedSize, size, crc32: crc, offset };
    entries.push(entry);
    byName.set(name, entry);
  }

  const find = (name: string) => byName.get(name);
  return {
    entries,
    comment,
    find,
    read(which) {
      const entry = typeof which === 'string' ? find(which) : which;
      if (!entry) throw new ZipFormatError(`it holds no file named "${String(which)}"`);
      return readEntry(buf, entry, cdOffset);
    },
  };
}

/** Every file of an archive (folders left out), read and checked; see {@link openZip}. */
export function readZip(zip: Uint8Array, limits: ZipLimits = {}): { name: string; data: Buffer }[] {
  const archive = openZip(zip, limits);
  return archive.entries.filter((e) => !e.isDirectory).map((e) => ({ name: e.name, data: archive.read(e) }));
}

function findEnd(buf: Buffer): number {
  if (buf.length < END_SIZE) throw new ZipFormatError('the file is too short to be a ZIP');
  const lowest = Math.max(0, buf.length - END_SIZE - 0xffff);
  let loose = -1;
  for (let i = buf.length - END_SIZE; i >= lowest; i--) {
    if (buf.readUInt32LE(i) !== SIG_END) continue;
    const commentEnd = i + END_SIZE + buf.readUInt16LE(i + 20);
    if (commentEnd === buf.length) return i;
    // Some tools miscount the comment; accept a record whose comment fits, when no exact one exists.
    if (commentEnd <= buf.length && loose < 0) loose = i;
  }
  if (loose >= 0) return loose;
  throw new ZipFormatError('no end of central directory record was found');
}

function readEntry(buf: Buffer, entry: ZipEntry, cdOffset: number): Buffer {
  if (entry.isDirectory) return Buffer.alloc(0);
  const p = entry.offset;
  if (buf.readUInt32LE(p) !== SIG_LOCAL) throw new ZipFormatError(`the local header of "${entry.name}" is missing`);
  const start = p + LOCAL_SIZE + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const stop = start + entry.compressedSize;
  if (stop > cdOffset) throw new ZipFormatError(`the data of "${entry.name}" runs past the end of the file`);
  const raw = buf.subarray(start, stop);
  let data: Buffer;
  if (entry.method === METHOD_STORED) {
    if (entry.compressedSize !== entry.size) throw new ZipFormatError(`the sizes of the stored file "${entry.name}" disagree`);
    data = Buffer.from(raw);
  } else {
    try {
      // Never inflate more than the declared size: a lying header cannot make us allocate more.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      const tooBig = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError;
      throw new ZipFormatError(tooBig ? `"${entry.name}" expands to more than the ${entry.size} bytes it declares` : `"${entry.name}" cannot be inflated`, {
        name: entry.name,
      });
    }
    if (data.length !== entry.size) throw new ZipFormatError(`"${entry.name}" expands to ${data.length} bytes, not the ${entry.size} it declares`);
  }
  if (crc32(data) >>> 0 !== entry.crc32) throw new ZipCrcError(entry.name);
  return data;
}

/** A relative path that stays inside the folder it is unpacked in. */
function isSafePath(name: string): boolean {
  if (name === '' || name.includes('\0')) return false;
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return false;
  return !name.split('/').some((segment) => segment === '..');
}

// Code page 437, bytes 0x80–0xFF: the encoding of names without the UTF-8 flag, per the ZIP spec.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

/** A name flagged UTF-8 is UTF-8; an unflagged one is too if it decodes (many tools omit the flag), else CP437. */
function decodeName(bytes: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder('utf-8').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let out = '';
    for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
    return out;
  }
}

/** One file to put in an archive. */
export interface ZipInput {
  name: string;
  data: Uint8Array | string;
  /** Store instead of deflating. */
  store?: boolean;
}

/**
 * Builds a ZIP archive (deflate unless `store`; names in UTF-8, flagged as such when not ASCII;
 * one fixed modification time, 1980-01-01 00:00, unless `date` is given, so output is
 * reproducible). Names are written as given, unchecked — tests use that to build hostile archives.
 */
export function zipFiles(files: readonly ZipInput[], options: { comment?: string; date?: Date } = {}): Buffer {
  const { time, date } = dosTime(options.date);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const data = typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : Buffer.from(file.data);
    const name = Buffer.from(file.name, 'utf8');
    const method = file.store ? METHOD_STORED : METHOD_DEFLATE;
    const body = file.store ? data : deflateRawSync(data);
    const crc = crc32(data) >>> 0;
    const flags = /^[\x20-\x7e]*$/.test(file.name) ? 0 : FLAG_UTF8;

    const local = Buffer.alloc(LOCAL_SIZE);
    local.writeUInt32LE(SIG_LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(CENTRAL_SIZE);
    central.writeUInt32LE(SIG_CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += LOCAL_SIZE + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const comment = Buffer.from(options.comment ?? '', 'utf8');
  const end = Buffer.alloc(END_SIZE);
  end.writeUInt32LE(SIG_END, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, directory, end, comment]);
}

function dosTime(at?: Date): { time: number; date: number } {
  if (!at) return { time: 0, date: (0 << 9) | (1 << 5) | 1 };
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}
