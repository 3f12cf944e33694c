import { createHash } from 'node:crypto';
import { domainEvent } from '../events/domain-events.ts';
import type { IsoDate } from '../kit/dates.ts';
import { ConflictError, isLimitReached, type LimitReachedError } from '../kit/errors.ts';
import { buildActivity } from './activities.ts';
import { userToday } from './deps.ts';
import { loggedEvent } from './entries.ts';
import { deriveStatus } from './entry-status.ts';
import { goalsLinkedTo, recomputeGoal } from './goals.ts';
import { readAll, readIncoming, type IncomingActivity, type IncomingEntry, type IncomingFile } from './import-files.ts';
import { runImportJob, type ImportDelivery, type ImportRun, type ImportRunOptions } from './import-lease.ts';
import { IMPORT_MARK_DELAY_MS, MAX_LISTED_REJECTIONS, type ImportJob, type ImportSummary, type Rejection } from './import-model.ts';
import { jobView, UploadLargerThanDeclaredError, type ImportJobView, type ImportRunDeps } from './imports.ts';
import type { Activity, Entry } from './model.ts';
import { normalizeName } from './names.ts';
import { recomputeStats } from './rollups.ts';
import { MAX_ACTIVITIES_PER_USER } from './activity-schemas.ts';

/**
 * Running an import of a tracking file: read the file, apply its entries in file order, then
 * rebuild what derives from them — with a checkpoint saved on the job item every
 * {@link CHECKPOINT_ROWS} entries, so that a run that stops (a crash, a timeout, a message the
 * queue lost) is resumed where it was.
 *
 * - The lease (one run at a time), checkpoints, attempts and the sweeper are import-lease.ts's.
 * - Entries are upserts with a time stamp fixed by the first run, so a resumed run recognises
 *   the entries it wrote after its last checkpoint, and counts them as its own.
 * - Roll-ups, stats and goal progress are rebuilt from the stored entries at the end, for every
 *   activity and date of the file a resumed run may have touched, so they are right whatever
 *   happened before.
 * - Every entry is written with a pending mark (shared/db/pending.ts) of its `entry.logged`, due
 *   only after {@link IMPORT_MARK_DELAY_MS}; the run settles them after its rebuild. An import
 *   that fails after writing entries leaves their marks to the sweeper, whose re-drives bring
 *   the roll-ups to those entries: derived data never stays behind the entries.
 * - A bad row is a rejection with its row number, never a failed message: the parser rejects
 *   what it can see, and an entry the table refuses is rejected when it is written.
 * - An import always ends `completed` or `failed` with a reason: a whole-file problem fails it
 *   at once; any other failure is retried, and after {@link MAX_IMPORT_ATTEMPTS} attempts without
 *   progress it fails, naming the last error. A failed import can be retried (`retryImport`).
 */

/** Entries between two checkpoints (and the size of a write batch). */
export const CHECKPOINT_ROWS = 500;

export type { ImportDelivery, ImportRunOptions } from './import-lease.ts';
export { resumeStalledImports } from './import-lease.ts';

/** An id for an activity an import creates, the same in every run of that import. */
export function importedActivityId(importId: string, normalizedName: string): string {
  const hash = createHash('sha256').update(`${importId}\0${normalizedName}`).digest();
  // Shaped as a UUID (version 4, RFC variant) like every other activity id.
  hash[6] = (hash[6]! & 0x0f) | 0x40;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** DynamoDB refused an item's content (e.g. a number out of its range): the entry's fault, not the run's. */
function isRefusedItem(error: unknown): error is Error {
  return error instanceof Error && error.name === 'ValidationException';
}

const EMPTY_COUNTS = { imported: 0, updated: 0, unchanged: 0 };

/** A tracking file's run: read it, apply its entries from the checkpoint, rebuild what derives, summarise. */
async function executeTracking(deps: ImportRunDeps, run: ImportRun): Promise<ImportJobView | undefined> {
  const { job } = run;
  const { today } = await userToday(deps, job.userId);
  run.doing = 'reading the uploaded file';
  const bytes = await readAll(deps.files.read(job.objectKey));
  if (job.declaredBytes !== undefined && bytes.length > job.declaredBytes) {
    const error = new UploadLargerThanDeclaredError(bytes.length, job.declaredBytes);
    await deps.files.remove(job.objectKey);
    return run.fail({ code: error.code, message: error.message });
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (run.state.digest && run.state.digest !== digest) {
    return run.fail({ code: 'file_changed', message: 'The file changed after the import began; start a new import with it.' });
  }
  // The first save fixes the file's digest and the entries' time stamp before anything is written.
  await run.save({ digest });
  run.doing = 'reading rows';
  const file = await readIncoming(job.format, bytes, today, (rows) => run.save({}, { rowsRead: rows }), job.allHabits ?? false);
  run.doing = 'writing entries';
  const applied = await applyIncoming(deps, run, job, file);
  run.doing = 'rebuilding roll-ups, stats and goals';
  for (const [activityId, date] of applied.lastLogged) await deps.activities.noteLogged(job.userId, activityId, date);
  await rebuildDerived(deps, job.userId, applied.touched, applied.touchedDates, () => run.heartbeat());
  run.doing = 'settling the entries\' pending marks';
  for (const activity of applied.touched) {
    await deps.entries.settleMarked(job.userId, activity.id, importMarkId(job.id));
    await run.heartbeat();
  }

  const cp = run.state;
  const rejections = [...applied.rejectedActivities, ...file.rejections, ...cp.writeRejections]
    .sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.row - b.row)
    .slice(0, MAX_LISTED_REJECTIONS);
  const summary: ImportSummary = {
    imported: cp.imported,
    updated: cp.updated,
    unchanged: cp.unchanged,
    rejected: file.rejected + applied.rejectedActivities.length + cp.writeRejected,
    activitiesCreated: applied.activitiesCreated,
    rejections,
    warnings: file.warnings,
  };
  const done = { status: 'completed' as const, summary, rowsRead: file.rows, checkpoint: cp, updatedAt: deps.now().toISOString() };
  if (!(await run.complete(done))) return undefined;
  await deps.events.publish([
    domainEvent('import.completed', job.userId, {
      importId: job.id,
      summary: { imported: summary.imported, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rejected },
    }),
  ]);
  // A completed import is never read again: its upload goes now, not with the bucket's expiry.
  await deps.files.remove(job.objectKey);
  return jobView({ ...job, ...done });
}

/** A new activity from a file: its settings, starting at its first entry unless the file says. */
function newActivity(userId: string, incoming: IncomingActivity, now: Date): Activity {
  const firstDate = incoming.entries.reduce<IsoDate | undefined>((min, e) => (!min || e.date < min ? e.date : min), undefined);
  const { startDate, ...settings } = incoming.settings;
  return buildActivity(userId, { ...settings, name: incoming.name, startDate: startDate ?? firstDate ?? now.toISOString().slice(0, 10) }, now);
}

/**
 * The id of the pending mark every entry an import writes carries (the same for all its runs, so
 * the last one settles what earlier ones wrote).
 */
export function importMarkId(importId: string): string {
  return `import-${importId}`;
}

interface PendingWrite {
  entry: Entry;
  kind: 'imported' | 'updated';
  rejection: Rejection;
}

/**
 * Writes a batch of entries, each with the import's pending mark of its `entry.logged`, due after
 * IMPORT_MARK_DELAY_MS. When the table refuses the batch for an item's content, the entries
 * are written one by one and those refused come back (to be rejected with their rows); any
 * other failure is the run's (thrown, retried).
 */
async function writeEntries(deps: ImportRunDeps, job: ImportJob, batch: PendingWrite[]): Promise<Map<PendingWrite, Rejection>> {
  const { userId } = job;
  const refused = new Map<PendingWrite, Rejection>();
  if (batch.length === 0) return refused;
  const now = deps.now();
  const due = new Date(now.getTime() + IMPORT_MARK_DELAY_MS);
  const mark = (entry: Entry) => ({ id: importMarkId(job.id), at: now, due, events: [loggedEvent(userId, entry)] });
  try {
    await deps.entries.putMany(userId, batch.map((p) => p.entry), mark);
    return refused;
  } catch (error) {
    if (!isRefusedItem(error)) throw error;
  }
  for (const p of batch) {
    try {
      await deps.entries.putMany(userId, [p.entry], mark);
    } catch (error) {
      if (!isRefusedItem(error)) throw error;
      refused.set(p, { ...p.rejection, reason: `${p.rejection.reason}: ${error.message}` });
    }
  }
  return refused;
}

interface Applied {
  activitiesCreated: number;
  rejectedActivities: Rejection[];
  touched: Activity[];
  touchedDates: Set<IsoDate>;
  lastLogged: Map<string, IsoDate>;
}

/**
 * Applies a file's activities and entries from the run's checkpoint on. Activities are matched by
 * name (any case); a new one takes the file's settings (and an id derived from the import, so a
 * resumed run finds it), an existing one keeps its own. An entry equal to the stored one (value,
 * note, status) is left alone, so importing the same file twice changes nothing. Entries go in
 * batches, each followed by a checkpoint.
 */
async function applyIncoming(deps: ImportRunDeps, run: ImportRun, job: ImportJob, file: IncomingFile): Promise<Applied> {
  const { userId } = job;
  const now = deps.now();
  const start = run.state;
  const skip = start.rowsApplied;
  const stamp = start.stamp;
  const existing = await deps.activities.listAll(userId);
  const byName = new Map(existing.map((a) => [normalizeName(a.name), a]));
  let count = existing.length;
  let activitiesCreated = 0;
  const rejectedActivities: Rejection[] = [];
  const touched = new Map<string, Activity>();
  const touchedDates = new Set<IsoDate>();
  const lastLogged = new Map<string, IsoDate>();

  let position = 0;
  let saved = skip;
  let pending: PendingWrite[] = [];
  let counts = { ...EMPTY_COUNTS };
  const derive = (activity: Activity, e: IncomingEntry) =>
    e.status ? { status: e.status, statusSource: e.statusSource ?? ('explicit' as const) } : deriveStatus(activity, e.value);
  const touch = (activity: Activity, e: IncomingEntry, source: Entry['statusSource']) => {
    touched.set(activity.id, activity);
    touchedDates.add(e.date);
    if (source !== 'finalized' && e.date > (lastLogged.get(activity.id) ?? '')) lastLogged.set(activity.id, e.date);
  };
  const checkpoint = async () => {
    const refused = await writeEntries(deps, job, pending);
    const cp = run.state;
    const next = { ...cp, imported: cp.imported + counts.imported, updated: cp.updated + counts.updated, unchanged: cp.unchanged + counts.unchanged };
    for (const p of pending) {
      const rejection = refused.get(p);
      if (rejection) {
        next.writeRejected++;
        if (next.writeRejections.length < MAX_LISTED_REJECTIONS) next.writeRejections = [...next.writeRejections, rejection];
      } else next[p.kind]++;
    }
    await run.save({ ...next, rowsApplied: position }, {}, true);
    await run.progress({ phase: 'writing', rowsRead: file.rows, rowsApplied: position, total: file.activities.reduce((n, a) => n + a.entries.length, 0) });
    pending = [];
    counts = { ...EMPTY_COUNTS };
    saved = position;
  };

  for (const [index, incoming] of file.activities.entries()) {
    const name = normalizeName(incoming.name);
    const ownId = importedActivityId(job.id, name);
    let activity = byName.get(name);
    if (!activity && count >= MAX_ACTIVITIES_PER_USER) {
      rejectedActivities.push({
        row: 0,
        reason: `"${incoming.name}": you can keep at most ${MAX_ACTIVITIES_PER_USER} activities (${incoming.entries.length} entries not imported)`,
      });
      position += incoming.entries.length;
      continue;
    }
    if (!activity) {
      // New ones go last, in the file's order (an export lists them in the user's order).
      const created = await createImported(deps, { ...newActivity(userId, incoming, now), id: ownId, position: now.getTime() + index });
      if (isLimitReached(created)) {
        // The same cap as the API's, taken atomically: another request may have filled it.
        rejectedActivities.push({ row: 0, reason: `"${incoming.name}": ${created.message} (${incoming.entries.length} entries not imported)` });
        count = MAX_ACTIVITIES_PER_USER;
        position += incoming.entries.length;
        continue;
      }
      activity = created;
      byName.set(name, activity);
      count++;
    }
    if (activity.id === ownId) activitiesCreated++;

    // Entries a previous run applied: skipped, but their roll-ups are rebuilt at the end.
    const fresh = incoming.entries.slice(Math.max(0, skip - position));
    for (const e of incoming.entries.slice(0, incoming.entries.length - fresh.length)) touch(activity, e, derive(activity, e).statusSource);
    position += incoming.entries.length - fresh.length;
    if (fresh.length === 0) continue;

    const stored = new Map<IsoDate, Entry>();
    for await (const page of deps.entries.pagesOfActivity(userId, activity.id)) for (const e of page) stored.set(e.date, e);
    for (const e of fresh) {
      position++;
      const derived = derive(activity, e);
      const before = stored.get(e.date);
      if (before && before.value === e.value && before.note === e.note && before.status === derived.status) {
        if (before.updatedAt === stamp) {
          // Written by an earlier run of this import, after its last checkpoint.
          counts[before.createdAt === stamp ? 'imported' : 'updated']++;
          touch(activity, e, derived.statusSource);
        } else counts.unchanged++;
      } else {
        pending.push({
          kind: before ? 'updated' : 'imported',
          entry: {
            activityId: activity.id,
            date: e.date,
            value: e.value,
            note: e.note,
            status: derived.status,
            statusSource: derived.statusSource,
            createdAt: before?.createdAt ?? stamp,
            updatedAt: stamp,
          },
          rejection: { row: e.row ?? 0, reason: `"${activity.name}" on ${e.date}: the entry could not be stored` },
        });
        touch(activity, e, derived.statusSource);
      }
      if (position - saved >= CHECKPOINT_ROWS) await checkpoint();
    }
  }
  if (position > saved || pending.length > 0) await checkpoint();
  if (run.state.phase !== 'derived') await run.save({ phase: 'derived', rowsApplied: position }, {}, true);
  return { activitiesCreated, rejectedActivities, touched: [...touched.values()], touchedDates, lastLogged };
}

/**
 * Creates an activity an import brings (or finds the one an earlier run of this import created:
 * same id); one of that name created meanwhile is used instead. The user's cap full: its error.
 */
async function createImported(deps: ImportRunDeps, activity: Activity): Promise<Activity | LimitReachedError> {
  try {
    return await deps.activities.create(activity);
  } catch (error) {
    if (isLimitReached(error)) return error;
    if (!(error instanceof ConflictError)) throw error;
    const name = normalizeName(activity.name);
    const found = (await deps.activities.listAll(activity.userId)).find((a) => normalizeName(a.name) === name);
    if (!found) throw error;
    return found;
  }
}

/** Rebuilds the roll-ups an import touched from the stored entries, then the stats and goals that read them. */
async function rebuildDerived(
  deps: ImportRunDeps,
  userId: string,
  activities: Activity[],
  dates: Set<IsoDate>,
  heartbeat: () => Promise<void>,
): Promise<void> {
  if (activities.length === 0) return;
  for (const activity of activities) {
    const entries: Entry[] = [];
    for await (const page of deps.entries.pagesOfActivity(userId, activity.id)) entries.push(...page);
    await deps.rollups.replaceMonths(userId, activity.id, entries);
    await heartbeat();
  }
  const sorted = [...dates].sort();
  const days = new Map<IsoDate, Entry[]>();
  for await (const page of deps.entries.pagesBetween(userId, sorted[0]!, sorted[sorted.length - 1]!)) {
    for (const e of page) {
      if (!dates.has(e.date)) continue;
      if (!days.has(e.date)) days.set(e.date, []);
      days.get(e.date)!.push(e);
    }
    await heartbeat();
  }
  await deps.rollups.replaceDays(userId, days);
  const goals = new Set<string>();
  for (const activity of activities) {
    await recomputeStats(deps, userId, activity.id);
    for (const goal of await goalsLinkedTo(deps, userId, activity.id)) goals.add(goal.id);
    await heartbeat();
  }
  for (const goalId of goals) await recomputeGoal(deps, userId, goalId);
}

/**
 * The imports consumer's work for one message (import-lease.ts): claims the job, runs it from its
 * checkpoint and stores the summary (or, for a whole-file problem such as a wrong header or
 * encoding, the error). A message for a job another run holds, or that has ended, changes
 * nothing. A failure that is not the file's is retried by the queue, until the import has had
 * its attempts.
 */
export function processImport(
  deps: ImportRunDeps,
  userId: string,
  id: string,
  delivery: ImportDelivery,
  options: ImportRunOptions = {},
): Promise<ImportJobView | undefined> {
  return runImportJob(deps, userId, id, delivery, options, (run) => executeTracking(deps, run));
}
