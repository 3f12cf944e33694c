import { hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ZipError, ZipTooLargeError } from '../files/errors.ts';
import { spoolToTempFile, type TempFile } from '../files/temp-file.ts';
import { bytesSource, openZip, type ZipArchive, type ZipEntry, type ZipSource } from '../files/zip.ts';
import { ExportTooLargeError, CheckpointMismatchError, TooManyRecordsError } from './errors.ts';
import {
  detectRecordFormat,
  isRecentlyPlayedResponse,
  isRejection,
  readRecentlyPlayedItem,
  readRecord,
  unknownLayoutReason,
  type HistoryFormat,
  type RejectionCode,
  type RowContext,
  type RowRejection,
} from './formats.ts';
import { JsonArrayReader, JsonFramingError } from './json-array-reader.ts';
import {
  MAX_EXPORT_BYTES,
  MAX_EXPORT_ENTRIES,
  MAX_EXPORT_EXPANDED_BYTES,
  MAX_EXPORT_RECORDS,
  MAX_NESTED_ZIP_BYTES,
  MAX_OBJECT_DOCUMENT_CHARS,
  MAX_RECORD_CHARS,
} from './limits.ts';
import { DEFAULT_SHORT_PLAY_MS, PLAY_KINDS, type Play, type PlayKind } from './play.ts';

/**
 * Reads a Spotify privacy export — the ZIP as Spotify sends it, or one history file on its own —
 * into {@link Play}s, streaming: the archive through ranged reads of its source, each file through
 * the ZIP reader's inflating stream and a streaming JSON reader, so memory holds a chunk, a record
 * and a batch of plays, whatever the export's size. Each file's format is detected from its
 * content; files that are not Spotify history are reported as such and skipped.
 *
 * The result is a sequence of events: `plays` (a batch to apply, then its checkpoint to save) and
 * `file` (one file's summary, then its checkpoint). A reader given the last saved checkpoint goes
 * on from there: files before it are not opened, records before it are framed but not read.
 */

/** Counts of one file's records. */
export interface FileCounts {
  /** Records read: plays and rejected ones. */
  records: number;
  plays: number;
  /** Plays by kind. */
  kinds: Record<PlayKind, number>;
  /** Plays shorter than the short-play threshold (included in `plays`). */
  short: number;
  rejected: number;
  /** Rejected records by reason. */
  rejections: Partial<Record<RejectionCode, number>>;
  /** The first few rejected records (record index within the file, from 0). */
  examples: Array<{ record: number; code: RejectionCode; message: string }>;
}

/**
 * - `read`: a Spotify history file, read (some records may have been rejected);
 * - `empty`: a history file without records (`[]`, or a response without items);
 * - `not-spotify`: not JSON, or JSON of another kind — nothing of it was read;
 * - `failed`: a history file whose JSON breaks off or goes wrong between records; the records
 *   before the break were read.
 */
export type FileStatus = 'read' | 'empty' | 'not-spotify' | 'failed';

export interface FileSummary extends FileCounts {
  /** Position among the archive's files (folders left out), in the archive's order. */
  index: number;
  /** Path inside the archive. */
  name: string;
  /** Expanded size. */
  bytes: number;
  status: FileStatus;
  format?: HistoryFormat;
  /** Why the file was `not-spotify` or `failed`. */
  message?: string;
}

/** Where to resume a read: save the one of the last event applied; give it back as {@link ReadOptions.resumeFrom}. */
export interface ReadCheckpoint {
  /** The archive it belongs to (a digest of its listing). */
  archive: string;
  /** Index of the file to read next. */
  file: number;
  /** Index of the record to read next in that file. */
  record: number;
  /** Records read in all files before this point (for the record cap and progress). */
  records: number;
  /** Counts of the file `file` up to `record`, so that its summary covers the whole file. */
  current?: FileCounts;
  /**
   * Expanded bytes of the export's files read up to this point (the files before `file` whole,
   * and that file about as far as `record`), out of `totalBytes`, their sum from the ZIP's
   * central directory (a single file: its size): the import's share done.
   */
  bytes?: number;
  totalBytes?: number;
}

export type ReadEvent =
  /** Plays to apply; then `checkpoint` is where a resumed read starts. About `batchSize` plays each. */
  | { type: 'plays'; file: { index: number; name: string }; plays: Play[]; checkpoint: ReadCheckpoint }
  /** A file done (or skipped); then `checkpoint` points past it. */
  | { type: 'file'; summary: FileSummary; checkpoint: ReadCheckpoint };

export interface ReadProgress {
  /** Records read in the whole export so far (before the resume point included). */
  records: number;
  /** Plays read in this run. */
  plays: number;
  /** Records rejected in this run. */
  rejected: number;
  file: { index: number; name: string; records: number };
}

export interface ReadOptions {
  /** Plays shorter than this are flagged `short` (default 30 s). */
  shortPlayMs?: number;
  /** Plays per `plays` event, about (default 500). */
  batchSize?: number;
  /** Resume after a crash from the checkpoint of the last event applied. */
  resumeFrom?: ReadCheckpoint;
  /** Called every `progressEvery` records (default 10,000) and at the end of each file. */
  onProgress?: (progress: ReadProgress) => void;
  progressEvery?: number;
  /** The name of a single uploaded file (a ZIP names its own files). */
  fileName?: string;
  /** The current time (epoch ms), for refusing plays dated more than a day ahead (default: now). */
  now?: number;
  /** Caps (defaults in limits.ts); tests lower them. */
  maxBytes?: number;
  maxRecords?: number;
  maxExpandedBytes?: number;
  maxNestedZipBytes?: number;
}

const VIDEO_FILE = /video[^/]*$/i;
const MAX_EXAMPLES = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Reads an export (a ZIP, or a single JSON history file: told apart by their first bytes).
 *
 * Throws: {@link ExportTooLargeError} (over 500 MiB), {@link TooManyRecordsError} (over 5
 * million records), the ZIP reader's `ZipError`s (a damaged, truncated or encrypted archive, a
 * zip bomb), {@link CheckpointMismatchError}, and the source's own failures (worth a retry).
 * Plays already delivered stay delivered: a failed import keeps what it applied, which a later
 * import of the same plays does not duplicate (see dedupe.ts).
 */
export async function* readExport(input: ZipSource | Uint8Array, options: ReadOptions = {}): AsyncGenerator<ReadEvent> {
  const source = input instanceof Uint8Array ? bytesSource(input) : input;
  const maxBytes = options.maxBytes ?? MAX_EXPORT_BYTES;
  if (source.size > maxBytes) throw new ExportTooLargeError(maxBytes, source.size);
  const state = new RunState(options);

  if (!(await isZip(source))) {
    const name = options.fileName ?? 'history.json';
    const archive = digest([`single\u0000${name}\u0000${source.size}`]);
    const resume = state.resumeAt(archive);
    if (resume.file > 0) return;
    const stream = Readable.from(source.readRange(0, source.size));
    try {
      yield* readFile(state, { index: 0, name, bytes: source.size, archive, before: 0, total: source.size }, stream, resume);
    } finally {
      stream.destroy();
    }
    return;
  }

  const maxExpanded = options.maxExpandedBytes ?? MAX_EXPORT_EXPANDED_BYTES;
  const zip = await openZip(source, { maxEntries: MAX_EXPORT_ENTRIES, maxEntryBytes: maxExpanded, maxTotalBytes: maxExpanded });
  const opened = new Opened(zip);
  try {
    const entries = zip.entries.filter((entry) => !entry.isDirectory);
    const archive = digest(entries.map((f) => `${f.name}\u0000${f.size}\u0000${f.crc32}`));
    const resume = state.resumeAt(archive);
    const files = await exportFiles(opened, entries, maxExpanded, options.maxNestedZipBytes ?? MAX_NESTED_ZIP_BYTES);
    const total = files.reduce((sum, f) => sum + f.size, 0);
    let before = files.slice(0, resume.file).reduce((sum, f) => sum + f.size, 0);
    for (let index = resume.file; index < files.length; index++) {
      const file = files[index]!;
      const ref: FileRef = { index, name: file.name, bytes: file.size, archive, before, total };
      if (file.open === undefined) {
        yield skippedFile(state, ref, file.message ?? 'Not a Spotify history file.');
      } else {
        const stream = file.open();
        try {
          yield* readFile(state, ref, stream, index === resume.file ? resume : undefined);
        } finally {
          stream.destroy();
        }
      }
      before += file.size;
    }
  } finally {
    await opened.close();
  }
}

/** One file of an export as the reader goes through them: a file of the upload, or of a ZIP inside it. */
interface ExportFile {
  /** Its path; inside a nested ZIP, `outer.zip/inner/path`. */
  name: string;
  /** Expanded size. */
  size: number;
  /** Its bytes; absent for a file that cannot be read (then `message` says why). */
  open?: () => Readable;
  message?: string;
}

/** What a read has open: the archive, nested archives and their temporary files, all released at the end. */
class Opened {
  private readonly archives: ZipArchive[] = [];
  private readonly spools: TempFile[] = [];
  readonly archive: ZipArchive;
  constructor(archive: ZipArchive) {
    this.archive = archive;
    this.archives.push(archive);
  }
  add(archive: ZipArchive): void {
    this.archives.push(archive);
  }
  spooled(file: TempFile): void {
    this.spools.push(file);
  }
  async close(): Promise<void> {
    for (const archive of this.archives) archive.close();
    await Promise.all(this.spools.map((s) => s.dispose()));
  }
}

/** Files a zipping tool adds on its own (macOS's resource forks and folder settings): not the user's, not listed. */
const TOOL_FILE = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$)/;
const NESTED_ZIP = /\.zip$/i;

/**
 * The files to read, in the archive's order, tool files left out. A ZIP inside the upload (the
 * account-data and extended-history ZIPs zipped together to upload once) is opened in place: its
 * files take its position, named under it. One level only: a ZIP in a nested ZIP is listed as
 * not read. A nested ZIP is inflated to a temporary file, as only random access reads a ZIP.
 */
async function exportFiles(opened: Opened, entries: readonly ZipEntry[], maxExpanded: number, maxNested: number): Promise<ExportFile[]> {
  const zip = opened.archive;
  const files: ExportFile[] = [];
  let expanded = entries.filter((e) => !NESTED_ZIP.test(e.name)).reduce((sum, e) => sum + e.size, 0);
  let count = entries.length;
  let spooled = 0;
  for (const entry of entries) {
    if (TOOL_FILE.test(entry.name)) continue;
    if (!NESTED_ZIP.test(entry.name)) {
      files.push({ name: entry.name, size: entry.size, open: () => zip.stream(entry) });
      continue;
    }
    if (spooled + entry.size > maxNested) {
      files.push({ name: entry.name, size: entry.size, message: `Not read: the ZIPs inside the upload are larger than ${Math.round(maxNested / 1024 / 1024)} MiB together. Upload them one at a time.` });
      continue;
    }
    spooled += entry.size;
    const spool = await spoolToTempFile(zip.stream(entry), 'mosaic-export-');
    opened.spooled(spool);
    let inner: ZipArchive;
    try {
      // The nested archive's files count toward the export's caps, with the upload's other files.
      inner = await openZip(spool.source, { maxEntries: Math.max(MAX_EXPORT_ENTRIES - count, 1), maxEntryBytes: maxExpanded, maxTotalBytes: Math.max(maxExpanded - expanded, 1) });
    } catch (error) {
      if (!(error instanceof ZipError) || error instanceof ZipTooLargeError) throw error;
      files.push({ name: entry.name, size: entry.size, message: `Not read: a ZIP inside the upload that cannot be opened (${error.message})` });
      continue;
    }
    opened.add(inner);
    for (const file of inner.entries) {
      if (file.isDirectory || TOOL_FILE.test(file.name)) continue;
      count++;
      expanded += file.size;
      const name = `${entry.name}/${file.name}`;
      if (NESTED_ZIP.test(file.name)) files.push({ name, size: file.size, message: 'Not read: a ZIP inside a ZIP inside the upload. Upload the ZIP Spotify sent, or its files.' });
      else files.push({ name, size: file.size, open: () => inner.stream(file) });
    }
  }
  return files;
}

/** The summary of a file listed but not read. */
function skippedFile(state: RunState, file: FileRef, message: string): ReadEvent {
  const counts = emptyCounts();
  state.onProgress?.(progress(state, file, counts));
  return {
    type: 'file',
    summary: { index: file.index, name: file.name, bytes: file.bytes, status: 'not-spotify', message, ...counts },
    checkpoint: { archive: file.archive, file: file.index + 1, record: 0, records: state.records, bytes: file.before + file.bytes, totalBytes: file.total },
  };
}

/** Sums of the counts of several files (an import's totals). */
export function addCounts(files: readonly FileCounts[]): FileCounts {
  const total = emptyCounts();
  for (const file of files) mergeCounts(total, file);
  return total;
}

/** What one run of the reader carries from file to file. */
class RunState {
  readonly context: RowContext;
  readonly batchSize: number;
  readonly maxRecords: number;
  readonly progressEvery: number;
  readonly onProgress: ((progress: ReadProgress) => void) | undefined;
  readonly resumeFrom: ReadCheckpoint | undefined;
  records = 0;
  plays = 0;
  rejected = 0;

  constructor(options: ReadOptions) {
    this.context = {
      shortPlayMs: options.shortPlayMs ?? DEFAULT_SHORT_PLAY_MS,
      medium: 'audio',
      latestMs: (options.now ?? Date.now()) + DAY_MS,
    };
    this.batchSize = options.batchSize ?? 500;
    this.maxRecords = options.maxRecords ?? MAX_EXPORT_RECORDS;
    this.progressEvery = options.progressEvery ?? 10_000;
    this.onProgress = options.onProgress;
    this.resumeFrom = options.resumeFrom;
  }

  /** The checkpoint to start from for this archive (the start when there is none). */
  resumeAt(archive: string): ReadCheckpoint {
    const from = this.resumeFrom;
    if (!from) return { archive, file: 0, record: 0, records: 0 };
    if (from.archive !== archive) throw new CheckpointMismatchError();
    this.records = from.records;
    return from;
  }
}

interface FileRef {
  index: number;
  name: string;
  bytes: number;
  archive: string;
  /** Expanded bytes of the files before it, and of all the export's files (for the share done). */
  before: number;
  total: number;
}

/** Thrown inside the element handler when the first record shows the file is not Spotify history. */
class NotSpotify extends Error {}
/** …and when it is Spotify's, but in a layout this reader does not know. */
class UnknownLayout extends NotSpotify {}

async function* readFile(state: RunState, file: FileRef, stream: Readable, resume: ReadCheckpoint | undefined): AsyncGenerator<ReadEvent> {
  const skip = resume?.record ?? 0;
  const counts = resume?.current ? cloneCounts(resume.current) : emptyCounts();
  const context: RowContext = { ...state.context, medium: VIDEO_FILE.test(file.name) ? 'video' : 'audio' };
  let format: HistoryFormat | undefined;
  let batch: Play[] = [];
  /** The index of the record after the last one handled: where a checkpoint resumes. */
  let next = skip;
  /** Expanded bytes of the file fed to the reader, and about where in them the last record handled ends. */
  let fed = 0;
  let at = 0;

  const take = (result: Play | RowRejection, record: number) => {
    if (isRejection(result)) {
      reject(counts, record, result);
      state.rejected++;
    } else {
      batch.push(result);
      counts.plays++;
      counts.kinds[result.kind]++;
      if (result.short) counts.short++;
      state.plays++;
    }
  };
  const count = (record: number) => {
    next = record + 1;
    counts.records++;
    state.records++;
    if (state.records > state.maxRecords) throw new TooManyRecordsError(state.maxRecords);
    if (state.onProgress && state.records % state.progressEvery === 0) state.onProgress(progress(state, file, counts));
  };

  let document: string | undefined;
  const reader = new JsonArrayReader(
    {
      element(text, index, tooLarge) {
        let value: unknown;
        let parsed = false;
        if (text !== undefined && !tooLarge) {
          try {
            value = JSON.parse(text);
            parsed = true;
          } catch {
            parsed = false;
          }
        }
        if (index === 0) {
          format = parsed ? detectRecordFormat(value) : undefined;
          if (format === undefined) {
            const reason = parsed ? unknownLayoutReason(value) : undefined;
            throw reason === undefined ? new NotSpotify(parsed ? 'its records are not Spotify plays' : 'its first record is not JSON') : new UnknownLayout(reason);
          }
        }
        if (index < skip) return false;
        count(index);
        if (tooLarge) take({ code: 'too_large', message: 'the record is longer than the cap' }, index);
        else if (!parsed) take({ code: 'invalid_json', message: 'the record is not valid JSON' }, index);
        else take(readRecord(format as Exclude<HistoryFormat, 'api-recently-played'>, value, context), index);
        // Pause with a full batch, so that it goes out with the checkpoint of exactly its last record.
        return batch.length >= state.batchSize;
      },
      object(text) {
        document = text;
      },
    },
    { skipBefore: skip, maxElementChars: MAX_RECORD_CHARS, maxObjectChars: MAX_OBJECT_DOCUMENT_CHARS },
  );

  const checkpoint = (): ReadCheckpoint => ({
    archive: file.archive,
    file: file.index,
    record: next,
    records: state.records,
    current: cloneCounts(counts),
    bytes: file.before + Math.min(at, file.bytes),
    totalBytes: file.total,
  });
  const out = (plays: Play[]): ReadEvent => ({ type: 'plays', file: { index: file.index, name: file.name }, plays, checkpoint: checkpoint() });
  let status: FileStatus = 'read';
  let message: string | undefined;
  let decoder = new TextDecoder();
  // Pushes the text of `bytes` bytes, sending each full batch out as the reader pauses for it.
  async function* feed(text: string, bytes: number): AsyncGenerator<ReadEvent> {
    const start = fed;
    fed += bytes;
    let pushed = 0;
    do {
      pushed = reader.push(text, pushed);
      // Characters to bytes in proportion: close enough for a share done.
      at = start + (text.length === 0 ? bytes : Math.round((bytes * pushed) / text.length));
      if (batch.length >= state.batchSize) {
        yield out(batch);
        batch = [];
      }
    } while (pushed < text.length);
  }
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Uint8Array;
      if (fed === 0) {
        const kind = binaryKind(bytes);
        if (kind !== undefined) throw new NotSpotify(kind);
        // Spotify writes UTF-8; a file re-saved by an editor as "Unicode" is UTF-16 with a byte-order mark.
        if (bytes[0] === 0xff && bytes[1] === 0xfe) decoder = new TextDecoder('utf-16le');
        else if (bytes[0] === 0xfe && bytes[1] === 0xff) decoder = new TextDecoder('utf-16be');
      }
      yield* feed(decoder.decode(bytes, { stream: true }), bytes.length);
    }
    yield* feed(decoder.decode(), 0);
    reader.end();
    if (document !== undefined) {
      // A top-level object (at most a few MB): a saved recently-played response, or not Spotify history.
      let parsed: unknown;
      try {
        parsed = JSON.parse(document);
      } catch {
        throw new NotSpotify('it is not valid JSON');
      }
      document = undefined;
      if (!isRecentlyPlayedResponse(parsed)) throw new NotSpotify('it is JSON of another kind');
      format = 'api-recently-played';
      for (let index = skip; index < parsed.items.length; index++) {
        count(index);
        take(readRecentlyPlayedItem(parsed.items[index], context), index);
        if (batch.length >= state.batchSize) {
          yield out(batch);
          batch = [];
        }
      }
    }
  } catch (error) {
    if (error instanceof NotSpotify) {
      status = 'not-spotify';
      message = error instanceof UnknownLayout ? `Not read: ${error.message}.` : `Not a Spotify history file: ${error.message}.`;
    } else if (error instanceof JsonFramingError) {
      status = format === undefined ? 'not-spotify' : 'failed';
      message = format === undefined ? `Not a Spotify history file: ${error.message}.` : `The file's JSON is broken: ${error.message}; the records before it were read.`;
    } else {
      throw error;
    }
  }
  if (batch.length > 0) yield out(batch);
  batch = [];
  if (status === 'read' && counts.records === 0) status = 'empty';
  const summary: FileSummary = { index: file.index, name: file.name, bytes: file.bytes, status, ...cloneCounts(counts) };
  if (format !== undefined && status !== 'not-spotify') summary.format = format;
  if (message !== undefined) summary.message = message;
  state.onProgress?.(progress(state, file, counts));
  yield {
    type: 'file',
    summary,
    checkpoint: { archive: file.archive, file: file.index + 1, record: 0, records: state.records, bytes: file.before + file.bytes, totalBytes: file.total },
  };
}

/** What kind of file the first bytes say it is, when they say it is not JSON text: the message of a `not-spotify` file. */
const SIGNATURES: ReadonlyArray<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'it is a ZIP archive (only files named .zip are opened)'],
  [[0x1f, 0x8b], 'it is a gzip archive; Mosaic reads ZIP files'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'it is a 7z archive; Mosaic reads ZIP files'],
  [[0x52, 0x61, 0x72, 0x21], 'it is a RAR archive; Mosaic reads ZIP files'],
  [[0x25, 0x50, 0x44, 0x46], 'it is a PDF (Spotify adds one to explain the files)'],
];

function binaryKind(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find(([signature]) => signature.every((byte, i) => bytes[i] === byte))?.[1];
}

function progress(state: RunState, file: FileRef, counts: FileCounts): ReadProgress {
  return { records: state.records, plays: state.plays, rejected: state.rejected, file: { index: file.index, name: file.name, records: counts.records } };
}

function reject(counts: FileCounts, record: number, rejection: RowRejection): void {
  counts.rejected++;
  counts.rejections[rejection.code] = (counts.rejections[rejection.code] ?? 0) + 1;
  if (counts.examples.length < MAX_EXAMPLES) counts.examples.push({ record, code: rejection.code, message: rejection.message });
}

function emptyCounts(): FileCounts {
  return {
    records: 0,
    plays: 0,
    kinds: Object.fromEntries(PLAY_KINDS.map((kind) => [kind, 0])) as Record<PlayKind, number>,
    short: 0,
    rejected: 0,
    rejections: {},
    examples: [],
  };
}

function cloneCounts(counts: FileCounts): FileCounts {
  return { ...counts, kinds: { ...counts.kinds }, rejections: { ...counts.rejections }, examples: counts.examples.map((e) => ({ ...e })) };
}

function mergeCounts(into: FileCounts, from: FileCounts): void {
  into.records += from.records;
  into.plays += from.plays;
  into.short += from.short;
  into.rejected += from.rejected;
  for (const kind of PLAY_KINDS) into.kinds[kind] += from.kinds[kind];
  for (const [code, n] of Object.entries(from.rejections) as Array<[RejectionCode, number]>) into.rejections[code] = (into.rejections[code] ?? 0) + n;
  for (const example of from.examples) if (into.examples.length < MAX_EXAMPLES) into.examples.push({ ...example });
}

async function isZip(source: ZipSource): Promise<boolean> {
  if (source.size < 4) return false;
  for await (const chunk of source.readRange(0, 4)) {
    // "PK\3\4" starts a ZIP's first file, "PK\5\6" an empty ZIP's end record.
    return chunk.length >= 2 && chunk[0] === 0x50 && chunk[1] === 0x4b;
  }
  return false;
}

function digest(parts: readonly string[]): string {
  return hash('sha256', parts.join('\n'), 'base64url').slice(0, 22);
}
