import { Readable, Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import {
  FileError,
  ZipCrcError,
  ZipEncryptedError,
  ZipFormatError,
  ZipTooLargeError,
  ZipUnsafePathError,
  ZipUnsupportedError,
} from './errors.ts';

/**
 * Reads ZIP archives without holding them, or any file in them, in memory: yauzl parses the
 * central directory (the archive's own index, at its end) and streams each file from its offset,
 * through random access to the archive's bytes — a buffer, or ranged reads of an S3 object. On
 * top of yauzl, this module trusts nothing in the archive: it caps the entry count, each file's
 * and all files' expanded sizes and the compression ratio before inflating anything, stops a file
 * that inflates past the size it declares, refuses unsafe paths, encrypted and overlapping
 * entries, and verifies every file's CRC-32 (yauzl does not).
 */

/** Where an archive's bytes come from: any random-access store (a buffer, an S3 object read by range). */
export interface ZipSource {
  /** Size of the archive in bytes. */
  readonly size: number;
  /** Bytes `start` (inclusive) to `end` (exclusive), in order, in chunks of any size. */
  readRange(start: number, end: number): AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** A {@link ZipSource} over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ZipSource {
  return { size: bytes.length, readRange: (start, end) => [bytes.subarray(start, end)] };
}

/** Caps of one archive; the caller states them, as they depend on what the archive is for. */
export interface ZipLimits {
  /** Most entries (files and folders) the archive may list. */
  maxEntries: number;
  /** Largest size one file may expand to. */
  maxEntryBytes: number;
  /** Largest size all files together may expand to; also caps the bytes inflated over all reads. */
  maxTotalBytes: number;
  /** Largest expanded-to-compressed ratio of a file over 1 MiB (default {@link DEFAULT_MAX_RATIO}). */
  maxRatio?: number;
}

/**
 * Deflate cannot compress better than about 1030:1, which is what a file of one repeated byte —
 * the stuff of zip bombs — reaches. Real exports stay far below: the most repetitive one measured,
 * a Loop Habit Tracker check-mark matrix of 400 habits that were never checked, is 320:1.
 */
export const DEFAULT_MAX_RATIO = 500;
/** Files expanding to at most this are not held to the ratio: a small file of zeros does no harm. */
const RATIO_GRACE_BYTES = 1024 * 1024;

/** One file (or folder, when `name` ends with `/`) listed in an archive. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated (backslashes are turned into slashes). */
  name: string;
  isDirectory: boolean;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  /** Declared expanded size; a file is stopped if it inflates to more, refused if to less. */
  size: number;
  crc32: number;
}

/** An opened archive: its listing, and each file as a stream on demand. */
export interface ZipArchive {
  /** Every entry, in central-directory order. */
  readonly entries: readonly ZipEntry[];
  /** The archive comment. */
  readonly comment: string;
  /** The entry with this exact name, if any. */
  find(name: string): ZipEntry | undefined;
  /**
   * One file's bytes, inflated and checked as they flow: the stream fails with a {@link ZipError}
   * when the file inflates past its declared size or the archive's total cap, ends short of its
   * declared size, or does not match its CRC-32 (checked at its end, so act on a file's content
   * only once its stream has ended). Consume or destroy it.
   */
  stream(entry: ZipEntry | string): Readable;
  /** One whole file, checked (for small files; large ones are better streamed). */
  read(entry: ZipEntry | string): Promise<Buffer>;
  /**
   * Each file (folders left out) in archive order with its stream. A stream is only good until
   * the next file is asked for: one left unread is destroyed then.
   */
  files(): AsyncGenerator<{ entry: ZipEntry; stream: Readable }>;
  /** Releases the source; streams already open finish first. */
  close(): void;
}

const FLAG_ENCRYPTED = 0x1;
const FLAG_STRONG_ENCRYPTION = 0x40;
const FLAG_UTF8 = 0x800;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const METHOD_AES = 99;
const EXTRA_UNICODE_PATH = 0x7075;
const LOCAL_HEADER_SIZE = 30;

/**
 * Opens an archive: reads its end record and its whole central directory (at most
 * `limits.maxEntries` entries) and checks every entry, inflating nothing.
 *
 * Throws (all {@link ZipError}s): {@link ZipFormatError} (not a ZIP, truncated, offsets out of
 * bounds, two files of the same name, overlapping entries, stored sizes that disagree),
 * {@link ZipUnsupportedError} (split archives, methods other than stored and deflate),
 * {@link ZipEncryptedError}, {@link ZipUnsafePathError} (absolute paths, drive letters, `..`
 * segments, NUL), {@link ZipTooLargeError} (too many entries; a file, or all files together,
 * declared beyond the caps; a compression ratio beyond `maxRatio`). A failure of the source itself
 * is thrown as it is (it is worth retrying; a damaged file is not).
 */
export async function openZip(input: ZipSource | Uint8Array, limits: ZipLimits): Promise<ZipArchive> {
  const source = input instanceof Uint8Array ? bytesSource(input) : input;
  const maxRatio = limits.maxRatio ?? DEFAULT_MAX_RATIO;
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await yauzl.fromRandomAccessReaderPromise(new SourceReader(source), source.size, {
      autoClose: false,
      // Names are decoded and checked here (yauzl's check misses `c:name` and NUL, and reports by message only).
      decodeStrings: false,
      // Sizes are checked here, on the bytes, with errors that say which file.
      validateEntrySizes: false,
    });
  } catch (error) {
    throw asZipError(error);
  }

  const entries: ZipEntry[] = [];
  const byName = new Map<string, { entry: ZipEntry; raw: yauzl.Entry }>();
  try {
    if (zipfile.entryCount > limits.maxEntries) {
      throw new ZipTooLargeError(`The ZIP lists ${zipfile.entryCount} files; at most ${limits.maxEntries} are read.`, { maxEntries: limits.maxEntries });
    }
    let total = 0;
    for await (const raw of zipfile.eachEntry()) {
      const entry = checkEntry(raw, limits);
      if (byName.has(entry.name)) throw new ZipFormatError(`it holds two files named "${entry.name}"`);
      if (!entry.isDirectory) {
        total += entry.size;
        if (total > limits.maxTotalBytes) {
          throw new ZipTooLargeError(`The files in the ZIP expand to more than ${limits.maxTotalBytes} bytes in all; this is refused.`, {
            maxTotalBytes: limits.maxTotalBytes,
          });
        }
      }
      entries.push(entry);
      byName.set(entry.name, { entry, raw });
    }
    // Ratios only once every size is known to fit, so that an archive over a cap is reported as such.
    for (const entry of entries) {
      if (entry.size > RATIO_GRACE_BYTES && entry.size > maxRatio * entry.compressedSize) {
        const ratio = Math.round(entry.size / Math.max(1, entry.compressedSize));
        throw new ZipTooLargeError(`"${entry.name}" in the ZIP is compressed ${ratio}:1; more than ${maxRatio}:1 is refused as a zip bomb.`, {
          name: entry.name,
          ratio,
          maxRatio,
        });
      }
    }
    checkNoOverlap([...byName.values()]);
  } catch (error) {
    zipfile.close();
    throw asZipError(error);
  }

  const comment = decodeText(zipfile.comment as unknown as Buffer);
  const inflated = { bytes: 0 };
  const find = (name: string) => byName.get(name)?.entry;
  const lookup = (which: ZipEntry | string) => {
    const found = byName.get(typeof which === 'string' ? which : which.name);
    if (!found) throw new ZipFormatError(`it holds no file named "${typeof which === 'string' ? which : which.name}"`);
    return found;
  };
  const stream = (which: ZipEntry | string): Readable => {
    const { entry, raw } = lookup(which);
    const guard = new EntryGuard(entry, limits.maxTotalBytes, inflated);
    if (entry.isDirectory) {
      guard.end();
      return guard;
    }
    zipfile.openReadStream(raw, (error, data) => {
      // Destroyed already: the reader moved on (or gave up) while the file was being opened.
      if (guard.destroyed) return error ? undefined : data.destroy();
      if (error) return guard.destroy(asZipError(error, entry.name));
      data.on('error', (e: unknown) => guard.destroy(asZipError(e, entry.name)));
      guard.once('close', () => {
        data.unpipe(guard);
        data.destroy();
      });
      data.pipe(guard);
    });
    return guard;
  };

  return {
    entries,
    comment,
    find,
    stream,
    async read(which) {
      const chunks: Buffer[] = [];
      for await (const chunk of stream(which)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    async *files() {
      for (const entry of entries) {
        if (entry.isDirectory) continue;
        const data = stream(entry);
        try {
          yield { entry, stream: data };
        } finally {
          if (!data.readableEnded) data.destroy();
        }
      }
    },
    close: () => zipfile.close(),
  };
}

/** Every check of one central-directory record that needs no other record. */
function checkEntry(raw: yauzl.Entry, limits: ZipLimits): ZipEntry {
  const flags = raw.generalPurposeBitFlag;
  const name = decodeName(raw.fileNameRaw, flags, raw.extraFields);
  if (!isSafePath(name)) throw new ZipUnsafePathError(name);
  const method = raw.compressionMethod;
  if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION) || method === METHOD_AES) throw new ZipEncryptedError(name);
  if (method !== METHOD_STORED && method !== METHOD_DEFLATE) {
    throw new ZipUnsupportedError(`compression method ${method} (only stored and deflate are read)`, { name });
  }
  const entry: ZipEntry = {
    name,
    isDirectory: name.endsWith('/'),
    method,
    compressedSize: raw.compressedSize,
    size: raw.uncompressedSize,
    crc32: raw.crc32,
  };
  if (method === METHOD_STORED && entry.compressedSize !== entry.size) throw new ZipFormatError(`the sizes of the stored file "${name}" disagree`);
  if (!entry.isDirectory && entry.size > limits.maxEntryBytes) {
    throw new ZipTooLargeError(`"${name}" in the ZIP expands to ${entry.size} bytes; one file may be at most ${limits.maxEntryBytes} bytes.`, {
      name,
      size: entry.size,
      maxEntryBytes: limits.maxEntryBytes,
    });
  }
  return entry;
}

/**
 * Refuses entries whose data overlap, the trick of the non-recursive zip bombs that point many
 * entries at one compressed block. Each local header holds at least its fixed part, the name
 * and the compressed data, so the next entry cannot start before those end.
 */
function checkNoOverlap(listed: readonly { entry: ZipEntry; raw: yauzl.Entry }[]): void {
  const order = [...listed].sort((a, b) => a.raw.relativeOffsetOfLocalHeader - b.raw.relativeOffsetOfLocalHeader);
  for (let i = 1; i < order.length; i++) {
    const before = order[i - 1]!;
    const after = order[i]!;
    const end = before.raw.relativeOffsetOfLocalHeader + LOCAL_HEADER_SIZE + before.raw.fileNameLength + before.raw.compressedSize;
    if (after.raw.relativeOffsetOfLocalHeader < end) throw new ZipFormatError(`the data of "${before.entry.name}" and "${after.entry.name}" overlap`);
  }
}

/**
 * Passes a file's inflated bytes on while checking them: never more than the declared size (which
 * was held to the caps and the ratio, so those hold for the actual bytes too), never more than the
 * archive's total cap over all reads, the exact size and the CRC-32 at the end.
 */
class EntryGuard extends Transform {
  readonly #entry: ZipEntry;
  readonly #maxTotalBytes: number;
  readonly #inflated: { bytes: number };
  #bytes = 0;
  #crc = 0;

  constructor(entry: ZipEntry, maxTotalBytes: number, inflated: { bytes: number }) {
    super();
    this.#entry = entry;
    this.#maxTotalBytes = maxTotalBytes;
    this.#inflated = inflated;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const { name, size } = this.#entry;
    this.#bytes += chunk.length;
    this.#inflated.bytes += chunk.length;
    if (this.#bytes > size) return callback(new ZipFormatError(`"${name}" expands to more than the ${size} bytes it declares`, { name }));
    if (this.#inflated.bytes > this.#maxTotalBytes) {
      return callback(
        new ZipTooLargeError(`The files in the ZIP expand to more than ${this.#maxTotalBytes} bytes in all; this is refused.`, {
          maxTotalBytes: this.#maxTotalBytes,
        }),
      );
    }
    this.#crc = crc32(chunk, this.#crc);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const { name, size } = this.#entry;
    if (this.#bytes !== size) return callback(new ZipFormatError(`"${name}" expands to ${this.#bytes} bytes, not the ${size} it declares`, { name }));
    if (this.#crc >>> 0 !== this.#entry.crc32) return callback(new ZipCrcError(name));
    callback();
  }
}

/** A failure of the source (a network error, say), told apart from yauzl's own complaints about the archive. */
class SourceFailure extends Error {
  constructor(cause: unknown) {
    super('the ZIP source failed', { cause });
  }
}

/** Reads smaller than this are served from one cached block, so walking the central directory costs few source reads. */
const BLOCK_BYTES = 64 * 1024;

/** yauzl's view of a {@link ZipSource}. */
class SourceReader extends yauzl.RandomAccessReader {
  readonly #source: ZipSource;
  #block: { start: number; bytes: Buffer } | undefined;

  constructor(source: ZipSource) {
    super();
    this.#source = source;
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const source = this.#source;
    return Readable.from(
      (async function* () {
        try {
          for await (const chunk of source.readRange(start, end)) yield chunk;
        } catch (error) {
          throw new SourceFailure(error);
        }
      })(),
      { objectMode: false },
    );
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    // yauzl's callback also takes the bytes read, which its typings leave out.
    const done: (err: Error | null, bytesRead?: number) => void = callback;
    this.#bytes(position, length).then(
      (bytes) => done(null, bytes.copy(buffer, offset)),
      (error: unknown) => done(error instanceof SourceFailure ? error : new SourceFailure(error)),
    );
  }

  async #bytes(position: number, length: number): Promise<Buffer> {
    const end = Math.min(position + length, this.#source.size);
    if (end <= position) return Buffer.alloc(0);
    const block = this.#block;
    if (block && position >= block.start && end <= block.start + block.bytes.length) {
      return block.bytes.subarray(position - block.start, end - block.start);
    }
    const blockEnd = Math.min(this.#source.size, Math.max(end, position + BLOCK_BYTES));
    const chunks: Buffer[] = [];
    let got = 0;
    for await (const chunk of this.#source.readRange(position, blockEnd)) {
      chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      got += chunk.byteLength;
      if (got >= blockEnd - position) break;
    }
    const bytes = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).subarray(0, blockEnd - position);
    this.#block = { start: position, bytes };
    return bytes.subarray(0, end - position);
  }
}

/** yauzl reports problems of the archive as plain errors; this gives them their {@link ZipError} class. */
function asZipError(error: unknown, name?: string): Error {
  if (error instanceof FileError) return error;
  if (error instanceof SourceFailure) return error.cause instanceof Error ? error.cause : error;
  const message = error instanceof Error ? error.message : String(error);
  if (/multi-disk/.test(message)) return new ZipUnsupportedError('an archive split over several files');
  if (/strong encryption/.test(message)) return new ZipEncryptedError();
  if (name === undefined) return new ZipFormatError(message);
  const zlib = typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('Z_');
  return new ZipFormatError(zlib ? `"${name}" cannot be inflated` : `"${name}" cannot be read (${message})`, { name });
}

/** A relative path that stays inside the folder it is unpacked in. */
function isSafePath(name: string): boolean {
  if (name === '' || name.includes('\0')) return false;
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return false;
  return !name.split('/').some((segment) => segment === '..');
}

/**
 * A name flagged UTF-8 (or carrying Info-ZIP's Unicode path) is decoded as such by yauzl; an
 * unflagged one is UTF-8 too when it decodes (many tools omit the flag), else code page 437, as
 * the ZIP spec says. Backslashes become slashes (Windows tools write them).
 */
function decodeName(raw: Buffer, flags: number, extraFields: yauzl.ExtraField[]): string {
  if ((flags & FLAG_UTF8) === 0 && !extraFields.some((field) => field.id === EXTRA_UNICODE_PATH)) {
    const utf8 = strictUtf8(raw);
    if (utf8 !== undefined) return utf8.replace(/\\/g, '/');
  }
  return yauzl.getFileNameLowLevel(flags, raw, extraFields, false);
}

/** The archive comment: UTF-8 when it decodes, else code page 437. */
function decodeText(raw: Buffer): string {
  return strictUtf8(raw) ?? yauzl.getFileNameLowLevel(0, raw, [], true);
}

function strictUtf8(raw: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return undefined;
  }
}
