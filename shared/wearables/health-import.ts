import { domainEvent } from '../events/domain-events.ts';
import { FileError } from '../files/errors.ts';
import { openZip, type ZipArchive, type ZipEntry, type ZipSource } from '../files/zip.ts';
import type { FileStore } from '../tracking/file-store.ts';
import { runImportJob, type ImportDelivery, type ImportRun, type ImportRunOptions, type LeaseDeps } from '../tracking/import-lease.ts';
import type { ImportSummary } from '../tracking/import-model.ts';
import { jobView, UploadLargerThanDeclaredError, type ImportJobView } from '../tracking/imports.ts';
import { scanAppleHealthExport, type ExportScan } from './apple-health.ts';
import type { WearableRepository } from './ingest.ts';
import type { RejectedRecord, WearableRecord } from './model.ts';

/**
 * Importing the Health app's `export.zip` through the import pipeline (presigned upload, one run
 * at a time with checkpoints, import-lease.ts). The ZIP is read by ranges from the bucket and
 * `apple_health_export/export.xml` streamed out of it twice:
 *
 * 1. **Checking** (writes nothing): the whole document is parsed, so a malformed or truncated
 *    export — or a damaged ZIP, whose CRC is checked at the end of the entry — fails the import
 *    with nothing stored or mapped. The count of valid records is saved (`checkpoint.total`).
 * 2. **Writing**: the valid records, in document order (deterministic), go to the table in
 *    batches of {@link HEALTH_BATCH}, each followed by a checkpoint; a resumed run skips the
 *    records applied before. Records are keyed as batch records are (a content hash: the export
 *    has no record ids), so importing the same export again finds them all `unchanged`.
 *
 * Then the days the export covers are handed to the mapping rules (`wearable.ingested`), the
 * import is noted on the Devices page, and the uploaded ZIP — which holds the user's whole Health
 * record, device serials and all — is deleted: Mosaic keeps only the normalised records.
 */

/** Records per write batch and checkpoint (at least; a batch ends with the chunk of the file it was parsed from). */
export const HEALTH_BATCH = 500;

/** Days per `wearable.ingested` event (the mapping consumer recomputes each day of each). */
const DAYS_PER_EVENT = 31;

/** Rejection lines kept per reason in the summary (the records are counted, not listed one by one). */
const REASON_TEXT: Record<RejectedRecord['reason'], string> = {
  invalid_record: 'not a usable record',
  unknown_metric: 'of an unknown metric',
  unknown_unit: 'in a unit Mosaic does not convert',
  invalid_time: 'without a readable time',
  end_before_start: 'ending before they start',
  in_future: 'ending in the future',
  too_old: 'older than two years (not kept)',
  too_long: 'spanning more than 36 hours',
  invalid_value: 'with an impossible value',
};

/** The export inside the ZIP: the Health app writes `apple_health_export/export.xml`. */
const EXPORT_PATH = /(^|\/)export\.xml$/i;

/** Caps of an export ZIP: many small files ride along (routes, ECGs); export.xml itself is large. */
const EXPORT_ZIP_LIMITS = { maxEntries: 200_000, maxEntryBytes: 16 * 1024 ** 3, maxTotalBytes: 48 * 1024 ** 3 };

export interface HealthImportDeps extends LeaseDeps {
  files: Pick<FileStore, 'size' | 'readRange' | 'remove'>;
  wearables: Pick<WearableRepository, 'putRecords' | 'noteBatch'>;
}

/** Not an Apple Health export: a ZIP without `export.xml`. */
export class NotHealthExportError extends FileError {
  constructor(names: string[]) {
    const seen = names.slice(0, 5).map((n) => `"${n}"`).join(', ');
    super(
      422,
      'not_apple_health_export',
      `This ZIP holds no apple_health_export/export.xml${names.length ? ` (it holds ${seen}${names.length > 5 ? ', …' : ''})` : ''}. In the Health app, tap your picture, then "Export All Health Data", and upload the export.zip it makes.`,
    );
  }
}

/** The export.xml entry of the archive (the one in `apple_health_export/` first). */
function exportEntry(zip: ZipArchive): ZipEntry {
  const candidates = zip.entries.filter((e) => !e.isDirectory && EXPORT_PATH.test(e.name));
  const found = candidates.find((e) => e.name.toLowerCase() === 'apple_health_export/export.xml') ?? candidates.sort((a, b) => a.name.length - b.name.length)[0];
  if (!found) throw new NotHealthExportError(zip.entries.filter((e) => !e.isDirectory).map((e) => e.name));
  return found;
}

/** One pass over export.xml; `onBatch` gets the valid records in document order. */
async function scanPass(zip: ZipArchive, entry: ZipEntry, now: Date, onBatch: (records: Array<Omit<WearableRecord, 'batchId'>>) => Promise<void>): Promise<ExportScan> {
  const stream = zip.stream(entry);
  try {
    return await scanAppleHealthExport(stream, now, onBatch, HEALTH_BATCH);
  } finally {
    stream.destroy();
  }
}

/** The run of one Apple Health import (see the module's comment). */
async function executeHealthImport(deps: HealthImportDeps, run: ImportRun): Promise<ImportJobView | undefined> {
  const { job } = run;
  run.doing = 'opening the uploaded export';
  const size = await deps.files.size(job.objectKey);
  if (size === undefined) throw new FileError(422, 'upload_missing', 'The uploaded file is gone; start a new import.');
  if (job.declaredBytes !== undefined && size > job.declaredBytes) {
    const error = new UploadLargerThanDeclaredError(size, job.declaredBytes);
    await deps.files.remove(job.objectKey);
    return run.fail({ code: error.code, message: error.message });
  }
  const source: ZipSource = { size, readRange: (start, end) => deps.files.readRange(job.objectKey, start, end) };
  const zip = await openZip(source, EXPORT_ZIP_LIMITS);
  try {
    const entry = exportEntry(zip);
    // The ZIP's own checksum and sizes identify the file cheaply (no pass over it).
    const digest = `zip:${size}:${entry.name}:${entry.size}:${entry.crc32}`;
    if (run.state.digest && run.state.digest !== digest) {
      return run.fail({ code: 'file_changed', message: 'The file changed after the import began; start a new import with it.' });
    }
    // Records are checked against the time of the first run, so every run sees the same records.
    const now = new Date(run.state.stamp);

    let scan: ExportScan | undefined;
    if (run.state.total === undefined) {
      run.doing = 'checking export.xml';
      await run.save({ digest });
      let seen = 0;
      scan = await scanPass(zip, entry, now, async (records) => {
        seen += records.length;
        await run.heartbeat();
        await run.progress({ phase: 'checking', rowsRead: seen, rowsApplied: 0 });
      });
      await run.save({ total: scan.records }, { rowsRead: scan.records + scan.rejected }, true);
    }
    const total = run.state.total!;

    run.doing = 'writing records';
    const skip = run.state.rowsApplied;
    const resumed = skip > 0 || (job.attempts ?? 1) > 1;
    let position = 0;
    const days = new Set<string>();
    const metrics = new Set<string>();
    const written = await scanPass(zip, entry, now, async (records) => {
      for (const r of records) {
        days.add(r.start.slice(0, 10));
        days.add(r.end.slice(0, 10));
        metrics.add(r.metric);
      }
      const fresh = records.slice(Math.max(0, skip - position));
      position += records.length;
      if (fresh.length === 0) return;
      // Two records of one batch with one key: one is stored, the other counts as unchanged.
      const byKey = new Map(fresh.map((r) => [r.dedupeKey, { ...r, batchId: job.id }]));
      const outcomes = await deps.wearables.putRecords(job.userId, [...byKey.values()]);
      const cp = run.state;
      await run.save(
        {
          rowsApplied: position,
          imported: cp.imported + outcomes.filter((o) => o === 'new').length,
          updated: cp.updated + outcomes.filter((o) => o === 'corrected').length,
          unchanged: cp.unchanged + outcomes.filter((o) => o === 'duplicate').length + (fresh.length - byKey.size),
        },
        {},
        true,
      );
      await run.progress({ phase: 'writing', rowsRead: position, rowsApplied: position, total });
    });
    if (written.records !== total) {
      return run.fail({ code: 'file_changed', message: 'export.xml read differently on the second pass; start a new import with it.' });
    }
    scan ??= written;

    run.doing = 'handing the days to the mapping rules';
    const cp = run.state;
    if ((cp.imported + cp.updated > 0 || resumed) && days.size > 0) {
      const sorted = [...days].sort();
      const events = [];
      for (let i = 0; i < sorted.length; i += DAYS_PER_EVENT) {
        events.push(domainEvent('wearable.ingested', job.userId, { batchId: job.id, source: 'apple_health', metrics: [...metrics], days: sorted.slice(i, i + DAYS_PER_EVENT) }));
      }
      await deps.events.publish(events);
    }
    await deps.wearables.noteBatch(
      job.userId,
      {
        batchId: job.id,
        source: 'apple_health',
        via: 'import',
        received: total + scan.rejected,
        accepted: cp.imported + cp.updated,
        duplicates: cp.unchanged,
        rejected: scan.rejected,
      },
      job.createdAt,
    );
    const summary: ImportSummary = {
      imported: cp.imported,
      updated: cp.updated,
      unchanged: cp.unchanged,
      rejected: scan.rejected,
      activitiesCreated: 0,
      rejections: Object.entries(scan.rejectedBy).map(([reason, n]) => ({
        row: 0,
        reason: `${n} record${n === 1 ? '' : 's'} ${REASON_TEXT[reason as RejectedRecord['reason']]}`,
      })),
      warnings: scan.skipped ? [{ row: 0, message: `${scan.skipped} records of types Mosaic does not track were skipped.` }] : [],
    };
    const done = { status: 'completed' as const, summary, rowsRead: total + scan.rejected, checkpoint: cp, updatedAt: deps.now().toISOString() };
    if (!(await run.complete(done))) return undefined;
    run.doing = 'deleting the uploaded export';
    await deps.files.remove(job.objectKey);
    await deps.events.publish([
      domainEvent('import.completed', job.userId, {
        importId: job.id,
        summary: { imported: summary.imported, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rejected },
      }),
    ]);
    return jobView({ ...job, ...done });
  } finally {
    zip.close();
  }
}

/**
 * The `health-imports` consumer's work for one message: claims the job and runs it from its
 * checkpoint (import-lease.ts); a damaged ZIP, a ZIP without export.xml, or a malformed or
 * truncated export.xml fails it with a clear error and nothing written.
 */
export function processHealthImport(
  deps: HealthImportDeps,
  userId: string,
  id: string,
  delivery: ImportDelivery,
  options: ImportRunOptions = {},
): Promise<ImportJobView | undefined> {
  return runImportJob(deps, userId, id, delivery, options, (run) => executeHealthImport(deps, run));
}
