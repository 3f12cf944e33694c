import { newTimeOrderedId } from '../kit/ids.ts';
import { ConflictError, DomainError, NotFoundError } from '../kit/errors.ts';
import type { Page, PageQuery } from '../kit/schemas.ts';
import type { TrackingDeps } from './deps.ts';
import type { FileStore } from './file-store.ts';
import {
  MAX_INLINE_IMPORT_BYTES,
  importRequested,
  maxImportBytes,
  type CreateImportBody,
  type ImportFormat,
  type ImportJob,
} from './import-model.ts';
import type { ImportRepository } from './import-repository.ts';
import { ImportTooLargeError } from './transfer/errors.ts';

export type ImportDeps = Pick<TrackingDeps, 'activities' | 'entries' | 'rollups' | 'goals' | 'profiles' | 'events' | 'now'> & {
  imports: ImportRepository;
  files: FileStore;
};

/** What running an import needs: the same, of the files only reading and removing the upload. */
export type ImportRunDeps = Omit<ImportDeps, 'files'> & { files: Pick<FileStore, 'read' | 'remove'> };

const CONTENT_TYPES: Record<ImportFormat, string> = {
  csv: 'text/csv',
  json: 'application/json',
  loop: 'application/zip',
  apple_health: 'application/zip',
};
const EXTENSIONS: Record<ImportFormat, string> = { csv: 'csv', json: 'json', loop: 'zip', apple_health: 'zip' };

/** What the API shows of a job (its lease, checkpoint details and object key stay inside). */
export interface ImportJobView {
  id: string;
  format: ImportFormat;
  fileName: string;
  status: ImportJob['status'];
  rowsRead: number;
  rowsApplied: number;
  attempts: number;
  summary: ImportJob['summary'];
  error: ImportJob['error'];
  createdAt: string;
  updatedAt: string;
}

export function jobView(job: ImportJob): ImportJobView {
  return {
    id: job.id,
    format: job.format,
    fileName: job.fileName,
    status: job.status,
    rowsRead: job.rowsRead,
    rowsApplied: job.checkpoint?.rowsApplied ?? 0,
    attempts: job.attempts ?? 0,
    summary: job.summary,
    error: job.error,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}

async function requireJob(deps: Pick<ImportDeps, 'imports'>, userId: string, id: string): Promise<ImportJob> {
  const job = await deps.imports.get(userId, id);
  if (!job) throw new NotFoundError('The import');
  return job;
}

/** Where and how the client uploads the file: a form POST to S3 whose policy caps its size. */
export interface UploadForm {
  url: string;
  method: 'POST';
  /** Form fields to send first, in any order, before the `file` field. */
  fields: Record<string, string>;
  /** The largest file the form accepts (the declared size). */
  maxBytes: number;
  expiresAt: string;
}

/**
 * Starts an import. With `size`, the answer carries a presigned POST form to upload the file to
 * (then `POST /v1/imports/{id}/start`): its policy accepts this key and content type only, at
 * most `size` bytes, for a few minutes. With inline `content` (small files) it is queued at once.
 * Files over the size cap are refused up front (413).
 */
export async function createImport(
  deps: ImportDeps,
  userId: string,
  body: CreateImportBody,
): Promise<{ import: ImportJobView; upload?: UploadForm }> {
  const now = deps.now();
  // Time-ordered, so the job list sorts newest first by key; the same on a re-run (kit/ids.ts).
  const id = newTimeOrderedId(now);
  const format = body.format;
  const job: ImportJob = {
    id,
    userId,
    format,
    fileName: body.fileName ?? (format === 'apple_health' ? 'export.zip' : `import.${EXTENSIONS[format]}`),
    objectKey: `imports/${userId}/${id}.${EXTENSIONS[format]}`,
    status: 'awaiting_upload',
    rowsRead: 0,
    summary: null,
    error: null,
    attempts: 0,
    ...(body.allHabits ? { allHabits: true } : {}),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  if (body.content !== undefined) {
    const bytes = Buffer.from(body.content, body.encoding === 'base64' ? 'base64' : 'utf8');
    if (bytes.length > MAX_INLINE_IMPORT_BYTES) {
      throw new DomainError(413, 'payload_too_large', `Inline imports are at most ${MAX_INLINE_IMPORT_BYTES} bytes; upload larger files.`, {
        limitBytes: MAX_INLINE_IMPORT_BYTES,
      });
    }
    await deps.files.put(job.objectKey, bytes, CONTENT_TYPES[format]);
    const queued = await deps.imports.create({ ...job, declaredBytes: bytes.length, status: 'queued', heartbeatAt: now.toISOString() });
    await deps.events.publish([importRequested(format, userId, { importId: id })]);
    return { import: jobView(queued) };
  }
  if (body.size! > maxImportBytes(format)) throw new ImportTooLargeError(maxImportBytes(format));
  const stored = await deps.imports.create({ ...job, declaredBytes: body.size });
  const form = await deps.files.presignUpload(job.objectKey, CONTENT_TYPES[format], body.size!);
  return { import: jobView(stored), upload: { url: form.url, method: 'POST', fields: form.fields, maxBytes: body.size!, expiresAt: form.expiresAt } };
}

/**
 * The uploaded object is larger than the client declared. The form's POST policy makes S3 (and the
 * local S3) refuse such an upload; this catches a file that reached the bucket another way.
 */
export class UploadLargerThanDeclaredError extends DomainError {
  constructor(actual: number, declared: number) {
    super(
      413,
      'upload_larger_than_declared',
      `The uploaded file is ${actual} bytes, more than the ${declared} bytes declared; it was deleted. Start a new import with the right size.`,
      { actualBytes: actual, declaredBytes: declared },
    );
  }
}

/**
 * Queues an uploaded file for processing (409 unless it awaits its upload and the file is
 * there). A file larger than declared, or than the cap, is deleted and the import fails (413).
 */
export async function startImport(deps: ImportDeps, userId: string, id: string): Promise<ImportJobView> {
  const job = await requireJob(deps, userId, id);
  if (job.status !== 'awaiting_upload') throw new ConflictError(`The import is already ${job.status}.`, { status: job.status });
  const size = await deps.files.size(job.objectKey);
  if (size === undefined) throw new ConflictError('Upload the file to the URL you were given first.');
  const cap = maxImportBytes(job.format);
  const tooLarge =
    size > cap
      ? new ImportTooLargeError(cap)
      : job.declaredBytes !== undefined && size > job.declaredBytes
        ? new UploadLargerThanDeclaredError(size, job.declaredBytes)
        : undefined;
  const now = deps.now().toISOString();
  if (tooLarge) {
    await deps.files.remove(job.objectKey);
    await deps.imports.transition(userId, id, ['awaiting_upload'], {
      status: 'failed',
      error: { code: tooLarge.code, message: tooLarge.message },
      updatedAt: now,
    });
    throw tooLarge;
  }
  if (!(await deps.imports.transition(userId, id, ['awaiting_upload'], { status: 'queued', heartbeatAt: now, updatedAt: now }))) {
    throw new ConflictError('The import was started already.');
  }
  await deps.events.publish([importRequested(job.format, userId, { importId: id })]);
  return jobView({ ...job, status: 'queued', updatedAt: now });
}

/**
 * Queues a failed import again (409 unless it failed, or when its file is gone). It resumes from
 * its checkpoint: the entries it wrote before it failed are not written again.
 */
export async function retryImport(deps: ImportDeps, userId: string, id: string): Promise<ImportJobView> {
  const job = await requireJob(deps, userId, id);
  if (job.status !== 'failed') throw new ConflictError(`Only a failed import can be retried; this one is ${job.status}.`, { status: job.status });
  if ((await deps.files.size(job.objectKey)) === undefined) {
    throw new ConflictError('The file of this import is gone (it was refused, or it expired); start a new import.');
  }
  const now = deps.now().toISOString();
  const changes = { status: 'queued' as const, error: null, attempts: 0, heartbeatAt: now, updatedAt: now };
  if (!(await deps.imports.transition(userId, id, ['failed'], changes))) throw new ConflictError('The import was retried already.');
  await deps.events.publish([importRequested(job.format, userId, { importId: id })]);
  return jobView({ ...job, ...changes });
}

export async function getImport(deps: Pick<ImportDeps, 'imports'>, userId: string, id: string): Promise<ImportJobView> {
  return jobView(await requireJob(deps, userId, id));
}

export async function listImports(deps: Pick<ImportDeps, 'imports'>, userId: string, page: PageQuery): Promise<Page<ImportJobView>> {
  const result = await deps.imports.list(userId, page);
  return { ...result, items: result.items.map(jobView) };
}
