import { domainEvent } from '../events/domain-events.ts';
import { FileError } from '../files/errors.ts';
import type { IsoDate } from '../kit/dates.ts';
import { newTimeOrderedId } from '../kit/ids.ts';
import { ConflictError, DomainError, isLimitReached, NotFoundError } from '../kit/errors.ts';
import type { Page, PageQuery } from '../kit/schemas.ts';
import { userToday, type TrackingDeps } from './deps.ts';
import { deriveStatus } from './entry-status.ts';
import type { FileStore } from './file-store.ts';
import { goalsLinkedTo, recomputeGoal } from './goals.ts';
import {
  MAX_INLINE_IMPORT_BYTES,
  MAX_LISTED_REJECTIONS,
  type CreateImportBody,
  type ImportFormat,
  type ImportJob,
  type ImportSummary,
  type Rejection,
} from './import-model.ts';
import type { ImportRepository } from './import-repository.ts';
import { buildActivity } from './activities.ts';
import type { Activity, DateRange, Entry, StatusSource } from './model.ts';
import { normalizeName } from './names.ts';
import { recomputeStats } from './rollups.ts';
import { MAX_ACTIVITIES_PER_USER, type Cadence, type EntryStatus } from './schemas.ts';
import { ImportTooLargeError } from './transfer/errors.ts';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, MAX_FIELD_CHARS, MAX_ZIP_UNCOMPRESSED_BYTES } from './transfer/limits.ts';
import { importLoopHabits } from './transfer/loop-habits.ts';
import { readMosaicCsv } from './transfer/mosaic-csv.ts';
import { parseMosaicJson, type MosaicJsonActivity } from './transfer/mosaic-json.ts';

export type ImportDeps = Pick<TrackingDeps, 'activities' | 'entries' | 'rollups' | 'goals' | 'profiles' | 'events' | 'now'> & {
  imports: ImportRepository;
  files: FileStore;
};

const CONTENT_TYPES: Record<ImportFormat, string> = {
  csv: 'text/csv',
  json: 'application/json',
  loop: 'application/zip',
};
const EXTENSIONS: Record<ImportFormat, string> = { csv: 'csv', json: 'json', loop: 'zip' };


export type ImportJobView = Omit<ImportJob, 'userId' | 'objectKey'>;

function jobView(job: ImportJob): ImportJobView {
  const { userId: _u, objectKey: _k, ...view } = job;
  return view;
}

async function requireJob(deps: Pick<ImportDeps, 'imports'>, userId: string, id: string): Promise<ImportJob> {
  const job = await deps.imports.get(userId, id);
  if (!job) throw new NotFoundError('The import');
  return job;
}

/**
 * Starts an import. With `size`, the answer carries a presigned URL to PUT the file to (then
 * `POST /v1/imports/{id}/start`); with inline `content` (small files) it is queued at once.
 * Files over the size cap are refused up front (413).
 */
export async function createImport(
  deps: ImportDeps,
  userId: string,
  body: CreateImportBody,
): Promise<{ import: ImportJobView; upload?: { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: string } }> {
  const now = deps.now();
  // Time-ordered, so the job list sorts newest first by key; the same on a re-run (kit/ids.ts).
  const id = newTimeOrderedId(now);
  const format = body.format;
  const job: ImportJob = {
    id,
    userId,
    format,
    fileName: body.fileName ?? `import.${EXTENSIONS[format]}`,
    objectKey: `imports/${userId}/${id}.${EXTENSIONS[format]}`,
    status: 'awaiting_upload',
    rowsRead: 0,
    summary: null,
    error: null,
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
    const queued = await deps.imports.create({ ...job, status: 'queued' });
    await deps.events.publish([domainEvent('import.requested', userId, { importId: id })]);
    return { import: jobView(queued) };
  }
  if (body.size! > MAX_IMPORT_BYTES) throw new ImportTooLargeError(MAX_IMPORT_BYTES);
  const stored = await deps.imports.create(job);
  const upload = await deps.files.presignUpload(job.objectKey, CONTENT_TYPES[format]);
  return {
    import: jobView(stored),
    upload: { url: upload.url, method: 'PUT', headers: { 'content-type': CONTENT_TYPES[format] }, expiresAt: upload.expiresAt },
  };
}

/** Queues an uploaded file for processing (409 unless it awaits its upload and the file is there). */
export async function startImport(deps: ImportDeps, userId: string, id: string): Promise<ImportJobView> {
  const job = await requireJob(deps, userId, id);
  if (job.status !== 'awaiting_upload') throw new ConflictError(`The import is already ${job.status}.`, { status: job.status });
  const size = await deps.files.size(job.objectKey);
  if (size === undefined) throw new ConflictError('Upload the file to the URL you were given first.');
  if (size > MAX_IMPORT_BYTES) {
    const error = new ImportTooLargeError(MAX_IMPORT_BYTES);
    await deps.imports.transition(userId, id, ['awaiting_upload'], { status: 'failed', error: { code: error.code, message: error.message } });
    throw error;
  }
  if (!(await deps.imports.transition(userId, id, ['awaiting_upload'], { status: 'queued' }))) {
    throw new ConflictError('The import was started already.');
  }
  await deps.events.publish([domainEvent('import.requested', userId, { importId: id })]);
  return jobView({ ...job, status: 'queued' });
}

export async function getImport(deps: Pick<ImportDeps, 'imports'>, userId: string, id: string): Promise<ImportJobView> {
  return jobView(await requireJob(deps, userId, id));
}

export async function listImports(deps: Pick<ImportDeps, 'imports'>, userId: string, page: PageQuery): Promise<Page<ImportJobView>> {
  const result = await deps.imports.list(userId, page);
  return { ...result, items: result.items.map(jobView) };
}

// ── reading files ─────────────────────────────────────────────────────────────────────────

interface IncomingEntry {
  date: IsoDate;
  value: number | null;
  note: string;
  status?: EntryStatus;
  statusSource?: StatusSource;
}

/** One activity of a file, with what a newly created activity takes from it. */
interface IncomingActivity {
  name: string;
  settings: {
    description?: string;
    category?: string;
    unit?: string;
    goal?: number | null;
    direction?: Activity['direction'];
    cadence?: Cadence;
    difficulty?: Activity['difficulty'];
    priority?: Activity['priority'];
    status?: Activity['status'];
    pauses?: DateRange[];
    startDate?: IsoDate;
    deactivatedAt?: string | null;
  };
  entries: IncomingEntry[];
}

interface IncomingFile {
  activities: IncomingActivity[];
  rejections: Rejection[];
  rejected: number;
  warnings: ImportSummary['warnings'];
  rows: number;
}

async function readAll(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > MAX_IMPORT_BYTES) throw new ImportTooLargeError(MAX_IMPORT_BYTES);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function fromJsonActivity(a: MosaicJsonActivity): IncomingActivity {
  const { name, entries, ...settings } = a;
  return { name, settings, entries };
}

/** Parses a file of any format into activities with entries, plus per-row rejections. */
async function readIncoming(format: ImportFormat, bytes: Buffer, today: IsoDate, onRows: (rows: number) => Promise<void>): Promise<IncomingFile> {
  const rejections: Rejection[] = [];
  let rejected = 0;
  const reject = (r: Rejection) => {
    rejected++;
    if (rejections.length < MAX_LISTED_REJECTIONS) rejections.push(r);
  };
  if (format === 'json') {
    const doc = parseMosaicJson(bytes, { maxBytes: MAX_IMPORT_BYTES });
    const activities = doc.activities.map(fromJsonActivity);
    return { activities, rejections, rejected, warnings: [], rows: activities.reduce((n, a) => n + a.entries.length, 0) };
  }
  if (format === 'loop') {
    const result = await importLoopHabits(bytes, { today, maxTotalBytes: MAX_ZIP_UNCOMPRESSED_BYTES });
    result.rejected.forEach(reject);
    const activities = result.activities.map(fromJsonActivity);
    return {
      activities,
      rejections,
      rejected,
      warnings: result.warnings.slice(0, MAX_LISTED_REJECTIONS),
      rows: activities.reduce((n, a) => n + a.entries.length, 0) + rejected,
    };
  }
  const byName = new Map<string, IncomingActivity>();
  let rows = 0;
  for await (const result of readMosaicCsv(() => [bytes], {
    maxBytes: MAX_IMPORT_BYTES,
    maxRows: MAX_IMPORT_ROWS,
    maxFieldChars: MAX_FIELD_CHARS,
    today,
  })) {
    if (++rows % 5000 === 0) await onRows(rows);
    if (!result.ok) {
      reject(result.rejection);
      continue;
    }
    const row = result.entry;
    const key = normalizeName(row.activity);
    // Settings come from the first valid row naming the activity, and only for a new one.
    if (!byName.has(key)) {
      byName.set(key, {
        name: row.activity,
        settings: { category: row.category, unit: row.unit, goal: row.goal, direction: row.direction, cadence: row.cadence },
        entries: [],
      });
    }
    byName.get(key)!.entries.push({ date: row.date, value: row.value, note: row.note, status: row.status });
  }
  return { activities: [...byName.values()], rejections, rejected, warnings: [], rows };
}

// ── applying them ─────────────────────────────────────────────────────────────────────────

/** A new activity from a file: its settings, starting at its first entry unless the file says. */
function newActivity(userId: string, incoming: IncomingActivity, now: Date): Activity {
  const firstDate = incoming.entries.reduce<IsoDate | undefined>((min, e) => (!min || e.date < min ? e.date : min), undefined);
  const { startDate, ...settings } = incoming.settings;
  return buildActivity(userId, { ...settings, name: incoming.name, startDate: startDate ?? firstDate ?? now.toISOString().slice(0, 10) }, now);
}

const WRITE_BATCH = 500;

/**
 * Applies a file's activities and entries. Activities are matched by name (any case); a new one
 * takes the file's settings, an existing one keeps its own. An entry equal to the stored one
 * (value, note, status) is left alone, so importing the same file twice changes nothing. Writes
 * go in batches; then the roll-ups of the touched activities and dates are rebuilt from the
 * entries, their stats and linked goals recomputed.
 */
async function applyIncoming(
  deps: ImportDeps,
  userId: string,
  file: IncomingFile,
  onProgress: (rows: number) => Promise<void>,
): Promise<Omit<ImportSummary, 'rejected' | 'rejections' | 'warnings'> & { rejectedActivities: Rejection[] }> {
  const now = deps.now();
  const existing = await deps.activities.listAll(userId);
  const byName = new Map(existing.map((a) => [normalizeName(a.name), a]));
  let count = existing.length;
  const counts = { imported: 0, updated: 0, unchanged: 0, activitiesCreated: 0 };
  const rejectedActivities: Rejection[] = [];
  const touched = new Map<string, Activity>();
  const touchedDates = new Set<IsoDate>();
  const lastLogged = new Map<string, IsoDate>();
  let pending: Entry[] = [];
  let processed = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    await deps.entries.putMany(userId, pending);
    pending = [];
    await onProgress(processed);
  };

  for (const incoming of file.activities) {
    let activity = byName.get(normalizeName(incoming.name));
    if (!activity) {
      if (count >= MAX_ACTIVITIES_PER_USER) {
        rejectedActivities.push({ row: 0, reason: `"${incoming.name}": you can keep at most ${MAX_ACTIVITIES_PER_USER} activities (${incoming.entries.length} entries not imported)` });
        continue;
      }
      try {
        activity = await deps.activities.create(newActivity(userId, incoming, now));
      } catch (error) {
        // The same cap as the API's, taken atomically: another request may have filled it.
        if (!isLimitReached(error)) throw error;
        rejectedActivities.push({ row: 0, reason: `"${incoming.name}": ${error.message} (${incoming.entries.length} entries not imported)` });
        count = MAX_ACTIVITIES_PER_USER;
        continue;
      }
      byName.set(normalizeName(activity.name), activity);
      count++;
      counts.activitiesCreated++;
    }
    const stored = new Map<IsoDate, Entry>();
    for await (const page of deps.entries.pagesOfActivity(userId, activity.id)) for (const e of page) stored.set(e.date, e);
    for (const e of incoming.entries) {
      processed++;
      const derived = e.status ? { status: e.status, statusSource: e.statusSource ?? ('explicit' as const) } : deriveStatus(activity, e.value);
      const before = stored.get(e.date);
      if (before && before.value === e.value && before.note === e.note && before.status === derived.status) {
        counts.unchanged++;
        continue;
      }
      if (before) counts.updated++;
      else counts.imported++;
      pending.push({
        activityId: activity.id,
        date: e.date,
        value: e.value,
        note: e.note,
        status: derived.status,
        statusSource: derived.statusSource,
        createdAt: before?.createdAt ?? now.toISOString(),
        updatedAt: now.toISOString(),
      });
      touched.set(activity.id, activity);
      touchedDates.add(e.date);
      if (derived.statusSource !== 'finalized' && e.date > (lastLogged.get(activity.id) ?? '')) lastLogged.set(activity.id, e.date);
      if (pending.length >= WRITE_BATCH) await flush();
    }
  }
  await flush();
  for (const [activityId, date] of lastLogged) await deps.activities.noteLogged(userId, activityId, date);
  await rebuildDerived(deps, userId, [...touched.values()], touchedDates);
  return { ...counts, rejectedActivities };
}

/** Rebuilds the roll-ups an import touched, then the stats and goals that read them. */
async function rebuildDerived(deps: ImportDeps, userId: string, activities: Activity[], dates: Set<IsoDate>): Promise<void> {
  if (activities.length === 0) return;
  for (const activity of activities) {
    const entries: Entry[] = [];
    for await (const page of deps.entries.pagesOfActivity(userId, activity.id)) entries.push(...page);
    await deps.rollups.replaceMonths(userId, activity.id, entries);
  }
  const sorted = [...dates].sort();
  const days = new Map<IsoDate, Entry[]>();
  for await (const page of deps.entries.pagesBetween(userId, sorted[0]!, sorted[sorted.length - 1]!)) {
    for (const e of page) {
      if (!dates.has(e.date)) continue;
      if (!days.has(e.date)) days.set(e.date, []);
      days.get(e.date)!.push(e);
    }
  }
  await deps.rollups.replaceDays(userId, days);
  const goals = new Set<string>();
  for (const activity of activities) {
    await recomputeStats(deps, userId, activity.id);
    for (const goal of await goalsLinkedTo(deps, userId, activity.id)) goals.add(goal.id);
  }
  for (const goalId of goals) await recomputeGoal(deps, userId, goalId);
}

/**
 * The imports consumer: reads the uploaded file, applies it and stores the summary (or, for a
 * whole-file problem such as a wrong header or encoding, the error). Safe to run again on the
 * same job: rows already imported come out unchanged.
 */
export async function processImport(deps: ImportDeps, userId: string, id: string): Promise<ImportJobView | undefined> {
  const job = await deps.imports.get(userId, id);
  if (!job || job.status === 'completed' || job.status === 'failed') return job && jobView(job);
  if (!(await deps.imports.transition(userId, id, ['queued', 'processing'], { status: 'processing' }))) return undefined;
  const { today } = await userToday(deps, userId);
  const progress = (rows: number) => deps.imports.progress(userId, id, rows);
  try {
    const bytes = await readAll(deps.files.read(job.objectKey));
    const file = await readIncoming(job.format, bytes, today, progress);
    const applied = await applyIncoming(deps, userId, file, progress);
    const rejections = [...applied.rejectedActivities, ...file.rejections].slice(0, MAX_LISTED_REJECTIONS);
    const summary: ImportSummary = {
      imported: applied.imported,
      updated: applied.updated,
      unchanged: applied.unchanged,
      rejected: file.rejected + applied.rejectedActivities.length,
      activitiesCreated: applied.activitiesCreated,
      rejections,
      warnings: file.warnings,
    };
    await deps.imports.transition(userId, id, ['processing'], { status: 'completed', summary, rowsRead: file.rows });
    await deps.events.publish([
      domainEvent('import.completed', userId, {
        importId: id,
        summary: { imported: summary.imported, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rejected },
      }),
    ]);
    return jobView({ ...job, status: 'completed', summary, rowsRead: file.rows });
  } catch (error) {
    if (!(error instanceof FileError)) throw error; // retried by the queue
    await deps.imports.transition(userId, id, ['processing'], { status: 'failed', error: { code: error.code, message: error.message } });
    return jobView({ ...job, status: 'failed', error: { code: error.code, message: error.message } });
  }
}
