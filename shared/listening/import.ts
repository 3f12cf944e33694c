import { domainEvent, type EventPublisher } from '../events/domain-events.ts';
import { FileError } from '../files/errors.ts';
import type { ZipSource } from '../files/zip.ts';
import type { ImportJobRepository } from '../imports/job-repository.ts';
import { IMPORT_STALL_MS, MAX_IMPORT_ATTEMPTS, importPercent, type ImportDelivery } from '../imports/job.ts';
import { claimImport, resumeStalled } from '../imports/lease.ts';
import { ConflictError, DomainError, NotFoundError } from '../kit/errors.ts';
import { newTimeOrderedId } from '../kit/ids.ts';
import type { Page, PageQuery } from '../kit/schemas.ts';
import type { ProfileRepository } from '../users/profile-repository.ts';
import { ExportTooLargeError } from './errors.ts';
import { addCounts, readExport, type FileCounts, type FileSummary } from './export-reader.ts';
import { MAX_LISTED_FILES, type CreateListeningImportBody, type ImportProgress, type ListeningImportCheckpoint, type ListeningImportJob, type ListeningImportMessage } from './import-model.ts';
import { MAX_EXPORT_BYTES } from './limits.ts';
import { storePlays, type PlayRepository } from './play-store.ts';
import type { ConnectionRepository } from './spotify/connection.ts';

/**
 * Importing a Spotify privacy export through the platform's checkpointed imports
 * (docs/import-export.md, "Imports that finish"; docs/listening.md, "Importing an export"): the
 * ZIP (or one history file) goes to the imports bucket through a presigned POST form; a run reads
 * it with ranged reads, streams it through `readExport` and stores each batch of plays with
 * `storePlays` — the collector's path: the same match rules, the same roll-ups — then saves the
 * reader's checkpoint with its counts on the job. A run holds the job by a lease and the user's
 * play-writer lease (the collector waits); a stopped run is resumed from its checkpoint.
 */

/** Where export files are (the imports bucket; memory in unit tests). */
export interface ExportFiles {
  presignUpload(key: string, contentType: string, maxBytes: number): Promise<{ url: string; fields: Record<string, string>; expiresAt: string }>;
  size(key: string): Promise<number | undefined>;
  remove(key: string): Promise<void>;
  /** Bytes `start` (inclusive) to `end` (exclusive) of the file. */
  readRange(key: string, start: number, end: number): AsyncIterable<Uint8Array>;
}

export interface ListeningImportDeps {
  imports: ImportJobRepository<ListeningImportJob>;
  files: ExportFiles;
  plays: PlayRepository;
  connections: Pick<ConnectionRepository, 'acquireWriter' | 'releaseWriter' | 'addRun'>;
  profiles: Pick<ProfileRepository, 'get'>;
  /** Announces a completed import (`listening.synced`). */
  events: EventPublisher;
  /** Sends a run's message to the import queue. */
  enqueue: (message: ListeningImportMessage) => Promise<void>;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/** What a run needs (it sends no messages). */
export type ImportRunDeps = Omit<ListeningImportDeps, 'enqueue'>;

/** What the API shows of an import (its lease, checkpoint and object key stay inside). */
export interface ListeningImportView {
  id: string;
  fileName: string;
  status: ListeningImportJob['status'];
  progress: ImportProgress;
  /** The share done, 0–100 (of the export's expanded bytes; 100 once completed). */
  percent: number;
  /** Plays read per second since the import began (to its end once finished). */
  playsPerSecond?: number;
  files: FileSummary[];
  error: ListeningImportJob['error'];
  attempts: number;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export function importView(job: ListeningImportJob): ListeningImportView {
  const end = job.finishedAt ?? job.updatedAt;
  const seconds = job.startedAt ? (Date.parse(end) - Date.parse(job.startedAt)) / 1000 : 0;
  return {
    id: job.id,
    fileName: job.fileName,
    status: job.status,
    progress: job.progress,
    percent: importPercent(job),
    ...(seconds > 0 ? { playsPerSecond: Math.round(job.progress.plays / seconds) } : {}),
    files: job.files,
    error: job.error,
    attempts: job.attempts ?? 0,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    ...(job.startedAt ? { startedAt: job.startedAt } : {}),
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
  };
}

/** An import's counts: the files' (their examples stay in the file summaries) and the store's. */
function progressOf(files: FileCounts, store: Pick<ImportProgress, 'added' | 'merged' | 'duplicates'>): ImportProgress {
  const { examples: _examples, ...counts } = files;
  return { ...counts, added: store.added, merged: store.merged, duplicates: store.duplicates };
}

const emptyProgress = (): ImportProgress => progressOf(addCounts([]), { added: 0, merged: 0, duplicates: 0 });

/** The message of a run of an import. */
const message = (userId: string, importId: string, resume?: string): ListeningImportMessage => ({
  job: 'listening-import',
  userId,
  importId,
  ...(resume ? { resume } : {}),
});

/** The uploaded object is larger than declared (the form's policy refuses that; this catches a file that got in another way). */
class UploadLargerThanDeclaredError extends DomainError {
  constructor(actual: number, declared: number) {
    super(413, 'upload_larger_than_declared', `The uploaded file is ${actual} bytes, more than the ${declared} bytes declared; it was deleted. Start a new import with the right size.`, {
      actualBytes: actual,
      declaredBytes: declared,
    });
  }
}

/** No file of the upload is Spotify listening history: nothing was imported. */
export class NotSpotifyExportError extends FileError {
  constructor(files: readonly FileSummary[]) {
    const reasons = files
      .slice(0, 5)
      .map((f) => `${f.name}: ${(f.message ?? 'not a Spotify history file').replace(/\.$/, '')}`)
      .join('; ');
    super(
      422,
      'not_spotify_export',
      files.length === 0
        ? 'The upload holds no files. Upload the ZIP Spotify sent (my_spotify_data.zip), or one of its StreamingHistory / Streaming_History JSON files.'
        : `No Spotify listening history in this upload, so nothing was imported (${reasons}${files.length > 5 ? `; and ${files.length - 5} more` : ''}). Upload the ZIP Spotify sent, or one of its StreamingHistory / Streaming_History JSON files.`,
      { files: files.length },
    );
  }
}

async function requireJob(deps: Pick<ListeningImportDeps, 'imports'>, userId: string, id: string): Promise<ListeningImportJob> {
  const job = await deps.imports.get(userId, id);
  if (!job) throw new NotFoundError('The import');
  return job;
}

/**
 * Announces an export to upload: a job awaiting its file, and a presigned POST form for the
 * imports bucket whose policy takes this key only, 1 to `size` bytes. Over 500 MiB: 413 at once.
 */
export async function createListeningImport(deps: Pick<ListeningImportDeps, 'imports' | 'files' | 'now'>, userId: string, body: CreateListeningImportBody) {
  if (body.size > MAX_EXPORT_BYTES) throw new ExportTooLargeError(MAX_EXPORT_BYTES, body.size);
  const now = deps.now();
  const id = newTimeOrderedId(now);
  const json = /\.json$/i.test(body.fileName);
  const job: ListeningImportJob = {
    id,
    userId,
    fileName: body.fileName,
    objectKey: `imports/${userId}/listening-${id}.${json ? 'json' : 'zip'}`,
    declaredBytes: body.size,
    status: 'awaiting_upload',
    progress: emptyProgress(),
    files: [],
    error: null,
    attempts: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const stored = await deps.imports.create(job);
  const form = await deps.files.presignUpload(job.objectKey, json ? 'application/json' : 'application/zip', body.size);
  return { import: importView(stored), upload: { url: form.url, method: 'POST' as const, fields: form.fields, maxBytes: body.size, expiresAt: form.expiresAt } };
}

/** Queues an uploaded export (409 unless it awaits its upload and the file is there; a file larger than declared is deleted, 413). */
export async function startListeningImport(deps: Pick<ListeningImportDeps, 'imports' | 'files' | 'enqueue' | 'now'>, userId: string, id: string): Promise<ListeningImportView> {
  const job = await requireJob(deps, userId, id);
  if (job.status !== 'awaiting_upload') throw new ConflictError(`The import is already ${job.status}.`, { status: job.status });
  const size = await deps.files.size(job.objectKey);
  if (size === undefined) throw new ConflictError('Upload the file to the URL you were given first.');
  const now = deps.now().toISOString();
  if (job.declaredBytes !== undefined && size > job.declaredBytes) {
    const error = new UploadLargerThanDeclaredError(size, job.declaredBytes);
    await deps.files.remove(job.objectKey);
    await deps.imports.transition(userId, id, ['awaiting_upload'], { status: 'failed', error: { code: error.code, message: error.message }, updatedAt: now });
    throw error;
  }
  if (!(await deps.imports.transition(userId, id, ['awaiting_upload'], { status: 'queued', heartbeatAt: now, updatedAt: now }))) {
    throw new ConflictError('The import was started already.');
  }
  await deps.enqueue(message(userId, id));
  return importView({ ...job, status: 'queued', updatedAt: now });
}

/** Queues a failed import again; it resumes from its checkpoint (409 unless it failed, or when its file is gone). */
export async function retryListeningImport(deps: Pick<ListeningImportDeps, 'imports' | 'files' | 'enqueue' | 'now'>, userId: string, id: string): Promise<ListeningImportView> {
  const job = await requireJob(deps, userId, id);
  if (job.status !== 'failed') throw new ConflictError(`Only a failed import can be retried; this one is ${job.status}.`, { status: job.status });
  if ((await deps.files.size(job.objectKey)) === undefined) throw new ConflictError('The file of this import is gone (it was refused, or it expired); start a new import.');
  const now = deps.now().toISOString();
  const changes = { status: 'queued' as const, error: null, attempts: 0, heartbeatAt: now, updatedAt: now };
  if (!(await deps.imports.transition(userId, id, ['failed'], changes))) throw new ConflictError('The import was retried already.');
  await deps.enqueue(message(userId, id));
  return importView({ ...job, ...changes });
}

export async function getListeningImport(deps: Pick<ListeningImportDeps, 'imports'>, userId: string, id: string): Promise<ListeningImportView> {
  return importView(await requireJob(deps, userId, id));
}

export async function listListeningImports(deps: Pick<ListeningImportDeps, 'imports'>, userId: string, page: PageQuery): Promise<Page<ListeningImportView>> {
  const result = await deps.imports.list(userId, page);
  return { ...result, items: result.items.map(importView) };
}

/** Another run holds the job now: this one stops without touching it further. */
class HoldLostError extends Error {}

/**
 * Plays per stored batch (and checkpoint). Larger than the reader's default: the store's cost
 * goes with the days, months and entities a batch touches, which grow much slower than its plays
 * (an export file covers about a year), so fewer, larger batches write less per play: at
 * 20,000, a file of 15,000–30,000 records is one or two batches. Memory: a few tens of MB per batch; a run
 * saves its checkpoint (a heartbeat) a minute or so apart, well inside the stall time.
 */
const IMPORT_BATCH_PLAYS = 20_000;

/** How long the play-writer lease is taken for (renewed at saves); the collector's runs are shorter. */
const WRITER_LEASE_MS = 5 * 60_000;
/** How long a run waits for a collector run to finish writing plays before it gives up (and is retried). */
const WRITER_WAIT_MS = 60_000;

/** The id of an import's job run (one per import, whatever its attempts). */
const jobRunId = (importId: string) => `import-${importId}`;

/** One run of one import, from its claim to its end. */
class ImportRun {
  private checkpoint: ListeningImportCheckpoint;
  private files: FileSummary[];
  private lastWriterRenewal = 0;
  /** What the run is doing (for the reason of a failure). */
  doing = 'starting';

  private readonly deps: ImportRunDeps;
  private readonly job: ListeningImportJob;
  private readonly runId: string;

  constructor(deps: ImportRunDeps, job: ListeningImportJob, runId: string) {
    this.deps = deps;
    this.job = job;
    this.runId = runId;
    this.checkpoint = job.checkpoint ?? { done: addCounts([]), added: 0, merged: 0, duplicates: 0, step: 0 };
    this.files = job.files ?? [];
  }

  get owner(): string {
    return `import:${this.job.id}`;
  }

  /** The job's counts: the files done, the current file so far, and the store's. */
  private progress(): ImportProgress {
    const cp = this.checkpoint;
    return progressOf(addCounts(cp.read?.current ? [cp.done, cp.read.current] : [cp.done]), cp);
  }

  /**
   * Saves the checkpoint and counts (a heartbeat too), while this run holds the job.
   * `progressed`: the checkpoint moved forward (the attempts count runs without progress).
   */
  async save(next: Partial<ListeningImportCheckpoint>, extra: Partial<ListeningImportJob> = {}, progressed = true): Promise<void> {
    const checkpoint = { ...this.checkpoint, ...next, step: this.checkpoint.step + (progressed ? 1 : 0) };
    const now = this.deps.now().toISOString();
    this.checkpoint = checkpoint;
    const at = checkpoint.read;
    const ok = await this.deps.imports.save(this.job.userId, this.job.id, this.runId, {
      ...extra,
      ...(at?.bytes !== undefined && at.totalBytes !== undefined ? { position: { done: at.bytes, total: at.totalBytes } } : {}),
      checkpoint,
      progress: this.progress(),
      files: this.files,
      heartbeatAt: now,
      updatedAt: now,
    });
    if (!ok) throw new HoldLostError();
    await this.renewWriter();
  }

  /** Takes (or extends) the user's play-writer lease; false while a collector run holds it. */
  private async takeWriter(): Promise<boolean> {
    const now = this.deps.now().getTime();
    const ok = await this.deps.connections.acquireWriter(this.job.userId, this.owner, now + WRITER_LEASE_MS, now);
    if (ok) this.lastWriterRenewal = now;
    return ok;
  }

  /** Extends the play-writer lease this run holds (from a fifth of its length on). */
  private async renewWriter(): Promise<void> {
    if (this.lastWriterRenewal === 0 || this.deps.now().getTime() - this.lastWriterRenewal < WRITER_LEASE_MS / 5) return;
    if (!(await this.takeWriter())) throw new Error('The play-writer lease was taken by another writer');
  }

  async fail(error: { code: string; message: string }): Promise<ListeningImportView | undefined> {
    const now = this.deps.now().toISOString();
    const changes = { status: 'failed' as const, error, updatedAt: now, finishedAt: now, progress: this.progress(), files: this.files };
    if (!(await this.deps.imports.finish(this.job.userId, this.job.id, this.runId, changes))) return undefined;
    await this.record('failed', error.message);
    return importView({ ...this.job, ...changes });
  }

  private async record(outcome: 'succeeded' | 'failed', detail: string): Promise<void> {
    const now = this.deps.now().toISOString();
    await this.deps.connections.addRun(this.job.userId, {
      id: jobRunId(this.job.id),
      kind: 'import',
      trigger: 'upload',
      startedAt: this.job.startedAt ?? this.job.createdAt,
      endedAt: now,
      outcome,
      playsAdded: this.checkpoint.added,
      requests: 0,
      detail: detail.slice(0, 500),
    });
  }

  async execute(): Promise<ListeningImportView | undefined> {
    const { deps, job } = this;
    this.doing = 'checking the uploaded file';
    const size = await deps.files.size(job.objectKey);
    if (size === undefined) return this.fail({ code: 'upload_missing', message: 'The uploaded file is gone (it expired); start a new import.' });
    if (job.declaredBytes !== undefined && size > job.declaredBytes) {
      const error = new UploadLargerThanDeclaredError(size, job.declaredBytes);
      await deps.files.remove(job.objectKey);
      return this.fail({ code: error.code, message: error.message });
    }
    this.doing = 'waiting for the collector to finish writing plays';
    const waitUntil = deps.now().getTime() + WRITER_WAIT_MS;
    while (!(await this.takeWriter())) {
      if (deps.now().getTime() >= waitUntil) throw new Error('A collector run kept writing plays');
      await (deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(2_000);
    }
    try {
      return await this.read(size);
    } finally {
      this.lastWriterRenewal = 0;
      await deps.connections.releaseWriter(job.userId, this.owner);
    }
  }

  private async read(size: number): Promise<ListeningImportView | undefined> {
    const { deps, job } = this;
    const profile = await deps.profiles.get(job.userId);
    const timeZone = profile?.timezone ?? 'UTC';
    const source: ZipSource = { size, readRange: (start, end) => deps.files.readRange(job.objectKey, start, end) };
    this.doing = 'reading the export';
    for await (const event of readExport(source, { resumeFrom: this.checkpoint.read, fileName: job.fileName, now: deps.now().getTime(), batchSize: IMPORT_BATCH_PLAYS })) {
      if (event.type === 'plays') {
        this.doing = `storing plays of ${event.file.name}`;
        const stored = await storePlays(deps.plays, job.userId, event.plays, { timeZone });
        const cp = this.checkpoint;
        await this.save({ read: event.checkpoint, added: cp.added + stored.added, merged: cp.merged + stored.merged, duplicates: cp.duplicates + stored.duplicates });
      } else {
        // The file's summary covers the whole file (a resumed read carries its counts over).
        if (this.files.length < MAX_LISTED_FILES && !this.files.some((f) => f.index === event.summary.index)) this.files = [...this.files, event.summary];
        const done = addCounts([this.checkpoint.done, event.summary]);
        await this.save({ read: event.checkpoint, done });
      }
      this.doing = 'reading the export';
    }
    const history = this.files.filter((f) => f.status !== 'not-spotify');
    if (history.length === 0 && this.checkpoint.done.records === 0) throw new NotSpotifyExportError(this.files);

    const progress = this.progress();
    const now = deps.now().toISOString();
    const done = { status: 'completed' as const, progress, files: this.files, finishedAt: now, updatedAt: now };
    if (!(await deps.imports.finish(job.userId, job.id, this.runId, done))) return undefined;
    await this.record('succeeded', `${progress.plays} plays read from ${history.length} history files (${progress.added} new, ${progress.merged} merged, ${progress.duplicates} already imported); ${progress.rejected} records rejected`);
    await deps.events.publish([domainEvent('listening.synced', job.userId, { runId: jobRunId(job.id), importId: job.id, kind: 'import', playsAdded: progress.added, finishedAt: now })]);
    // A completed import is never read again, and the export holds what Mosaic does not keep
    // (IP addresses, user agents, account data): it goes now, not with the bucket's expiry.
    this.doing = 'deleting the uploaded export';
    await deps.files.remove(job.objectKey);
    return importView({ ...job, ...done });
  }
}

/** A short account of an error for the job's `lastError` and a final failure's message. */
function describe(doing: string, error: unknown): string {
  const e = error instanceof Error ? error : new Error(String(error));
  return `${doing}: ${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`.slice(0, 500);
}

/**
 * The import queue consumer's work for one message: claims the job, runs it from its checkpoint,
 * and stores the counts and file summaries (or, for a whole-upload problem — a damaged ZIP, no
 * history in it, over a cap — the error, nothing written). A message for a job another run holds,
 * or that has ended, changes nothing. Other failures are retried by the queue until the import
 * has had its attempts without progress.
 */
export async function processListeningImport(
  deps: ImportRunDeps,
  userId: string,
  id: string,
  delivery: ImportDelivery,
  options: { stallMs?: number } = {},
): Promise<ListeningImportView | undefined> {
  const job = await deps.imports.get(userId, id);
  if (!job || (job.status !== 'queued' && job.status !== 'processing')) return job && importView(job);
  const now = deps.now();
  const hold = await claimImport(deps.imports, job, job.checkpoint?.step ?? 0, delivery, now, options.stallMs ?? IMPORT_STALL_MS);
  if (!hold) return undefined;
  const started = { ...job, attempts: hold.attempts, startedAt: job.startedAt ?? now.toISOString() };
  const run = new ImportRun(deps, started, hold.runId);
  if (hold.attempts > MAX_IMPORT_ATTEMPTS) {
    const last = job.lastError ? ` The last time: ${job.lastError}.` : '';
    return run.fail({ code: 'import_failed', message: `The import stopped ${hold.attempts - 1} times without getting further.${last} Retry it, or start a new import.` });
  }
  try {
    if (!job.startedAt) await run.save({}, { startedAt: started.startedAt }, false);
    return await run.execute();
  } catch (error) {
    if (error instanceof HoldLostError) return undefined;
    if (error instanceof FileError) return run.fail({ code: error.code, message: error.message });
    const reason = describe(run.doing, error);
    if (hold.attempts >= MAX_IMPORT_ATTEMPTS) {
      return run.fail({ code: 'import_failed', message: `The import failed ${hold.attempts} times; the last time while ${reason}. Retry it, or start a new import.` });
    }
    await run.save({}, { lastError: reason }, false).catch(() => undefined);
    throw error; // the queue delivers the message again
  }
}

/** The sweeper of listening imports: one silent for the stall time is resumed by a new message with a resume token. */
export async function resumeStalledListeningImports(
  deps: Pick<ListeningImportDeps, 'imports' | 'enqueue' | 'now'>,
  options: { stallMs?: number; limit?: number } = {},
): Promise<{ stalled: number; resumed: number }> {
  return resumeStalled(deps.imports, (job, token) => deps.enqueue(message(job.userId, job.id, token)), {
    now: deps.now(),
    stallMs: options.stallMs ?? IMPORT_STALL_MS,
    limit: options.limit,
  });
}
