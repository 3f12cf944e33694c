import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A small ZIP writer for tests: it writes names as given, unchecked, and its output is easy to
 * edit byte by byte, so tests use it to build hostile and damaged archives as well as exports.
 */

/** One file to put in an archive. */
export interface ZipInput {
  name: string;
  data: Uint8Array | string;
  /** Store instead of deflating. */
  store?: boolean;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const LOCAL_SIZE = 30;
const CENTRAL_SIZE = 46;
const END_SIZE = 22;
const FLAG_UTF8 = 0x800;

/**
 * Builds a ZIP archive (deflate unless `store`; names in UTF-8, flagged as such when not ASCII;
 * one fixed modification time, 1980-01-01 00:00, unless `date` is given, so output is
 * reproducible). With `zip64`, the central directory gives sizes and offsets in ZIP64 extra
 * fields and the archive ends with ZIP64 end records, as tools do for archives over 4 GiB.
 */
export function zipFiles(files: readonly ZipInput[], options: { comment?: string; date?: Date; zip64?: boolean } = {}): Buffer {
  const { time, date } = dosTime(options.date);
  const zip64 = options.zip64 === true;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const data = typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : Buffer.from(file.data);
    const name = Buffer.from(file.name, 'utf8');
    const method = file.store ? 0 : 8;
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

    const extra = Buffer.alloc(zip64 ? 28 : 0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(data.length), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const central = Buffer.alloc(CENTRAL_SIZE);
    central.writeUInt32LE(SIG_CENTRAL, 0);
    central.writeUInt16LE(zip64 ? 45 : 20, 4);
    central.writeUInt16LE(zip64 ? 45 : 20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(zip64 ? 0xffffffff : body.length, 20);
    central.writeUInt32LE(zip64 ? 0xffffffff : data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    centrals.push(central, name, extra);
    offset += LOCAL_SIZE + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(SIG_ZIP64_END, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(files.length), 24);
    record.writeBigUInt64LE(BigInt(files.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(SIG_ZIP64_LOCATOR, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
  }
  const comment = Buffer.from(options.comment ?? '', 'utf8');
  const end = Buffer.alloc(END_SIZE);
  end.writeUInt32LE(SIG_END, 0);
  end.writeUInt16LE(zip64 ? 0xffff : files.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : files.length, 10);
  end.writeUInt32LE(zip64 ? 0xffffffff : directory.length, 12);
  end.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, directory, ...tail, end, comment]);
}

function dosTime(at?: Date): { time: number; date: number } {
  if (!at) return { time: 0, date: (0 << 9) | (1 << 5) | 1 };
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

/**
 * Writes a ZIP to a file one member at a time, so that an archive far larger than memory can be
 * built (each member is deflated whole: members stay small). For benchmarks of archive readers.
 */
export class ZipFileWriter {
  readonly #fd: number;
  readonly #centrals: Buffer[] = [];
  #offset = 0;
  #count = 0;

  constructor(path: string) {
    this.#fd = openSync(path, 'w');
  }

  /** Bytes written so far. */
  get size(): number {
    return this.#offset;
  }

  /** Appends one member (deflated at `level`, zlib's 6 by default). */
  add(name: string, content: Uint8Array | string, level = 6): void {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    const nameBytes = Buffer.from(name, 'utf8');
    const body = deflateRawSync(data, { level });
    const crc = crc32(data) >>> 0;
    const flags = /^[\x20-\x7e]*$/.test(name) ? 0 : FLAG_UTF8;
    const { time, date } = dosTime();
    const local = Buffer.alloc(LOCAL_SIZE);
    local.writeUInt32LE(SIG_LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(CENTRAL_SIZE);
    central.writeUInt32LE(SIG_CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(this.#offset, 42);
    this.#centrals.push(central, nameBytes);
    for (const part of [local, nameBytes, body]) {
      writeSync(this.#fd, part);
      this.#offset += part.length;
    }
    this.#count++;
  }

  /** Writes the central directory and closes the file. */
  close(): void {
    const directory = Buffer.concat(this.#centrals);
    const end = Buffer.alloc(END_SIZE);
    end.writeUInt32LE(SIG_END, 0);
    end.writeUInt16LE(this.#count, 8);
    end.writeUInt16LE(this.#count, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(this.#offset, 16);
    writeSync(this.#fd, directory);
    writeSync(this.#fd, end);
    this.#offset += directory.length + end.length;
    closeSync(this.#fd);
  }
}
