import type { Readable } from 'node:stream';
import sax from 'sax';
import { FileError } from '../files/errors.ts';
import { normaliseRecord } from './ingest.ts';
import type { RejectedRecord, WearableRecord } from './model.ts';

/**
 * The Apple Health export (`export.xml` inside the Health app's `export.zip`), read as a stream
 * with a SAX parser: one element at a time, never the document in memory. Each `<Record>` of a
 * known type and each `<Workout>` becomes a wearable record (source `apple_health`), normalised
 * and checked as a batch record is; other types are skipped. Device descriptions (names, serial
 * numbers) are never read.
 */

/** HealthKit type → metric and how its unit is spelled in the export. */
const QUANTITIES: Record<string, { metric: WearableRecord['metric']; unit?: string }> = {
  HKQuantityTypeIdentifierStepCount: { metric: 'steps', unit: 'count' },
  HKQuantityTypeIdentifierDistanceWalkingRunning: { metric: 'distance' },
  HKQuantityTypeIdentifierDistanceCycling: { metric: 'distance' },
  HKQuantityTypeIdentifierActiveEnergyBurned: { metric: 'active_energy' },
  HKQuantityTypeIdentifierHeartRate: { metric: 'heart_rate' },
};
const SLEEP = 'HKCategoryTypeIdentifierSleepAnalysis';

/** The export's `2026-11-28 07:30:00 +0100` as ISO 8601. */
export function appleDate(value: string | undefined): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/.exec(value ?? '');
  return m ? `${m[1]}T${m[2]}${m[3]}:${m[4]}` : undefined;
}

export interface ExportScan {
  /** Records mapped and valid. */
  records: number;
  /** Records of types Mosaic does not track. */
  skipped: number;
  /** Records of tracked types that failed the checks (bad unit, future, …). */
  rejected: number;
  /** The rejected ones by reason. */
  rejectedBy: Partial<Record<RejectedRecord['reason'], number>>;
}

/** A malformed, truncated or foreign `export.xml`: the whole file is refused (a FileError, 422). */
export class ExportFormatError extends FileError {
  override name = 'ExportFormatError';
  constructor(message: string) {
    super(422, 'health_export_invalid', message);
  }
}

/**
 * Streams `export.xml`, handing valid records to `onBatch` in batches of `batchSize` (awaited:
 * the stream pauses meanwhile). A malformed or truncated document rejects with an
 * ExportFormatError naming the line; callers run a first pass without writing (so nothing is
 * stored or mapped from a broken export), then the writing pass.
 */
export async function scanAppleHealthExport(
  input: Readable,
  now: Date,
  onBatch: (records: Array<Omit<WearableRecord, 'batchId'>>) => Promise<void>,
  batchSize = 500,
): Promise<ExportScan> {
  const parser = sax.createStream(true, { trim: false, normalize: false, position: true });
  const scan: ExportScan = { records: 0, skipped: 0, rejected: 0, rejectedBy: {} };
  let pending: Array<Omit<WearableRecord, 'batchId'>> = [];
  let rootSeen = false;
  let rootClosed = false;
  let failure: Error | undefined;

  const take = (raw: Record<string, unknown>) => {
    const checked = normaliseRecord('apple_health', raw, now);
    if (checked.ok) {
      pending.push(checked.record);
      scan.records++;
    } else {
      scan.rejected++;
      scan.rejectedBy[checked.reason] = (scan.rejectedBy[checked.reason] ?? 0) + 1;
    }
  };

  parser.on('opentag', (node) => {
    const a = node.attributes as Record<string, string>;
    if (node.name === 'HealthData') rootSeen = true;
    else if (node.name === 'Record') {
      const type = a.type ?? '';
      const quantity = QUANTITIES[type];
      const start = appleDate(a.startDate);
      const end = appleDate(a.endDate);
      if (quantity) take({ metric: quantity.metric, unit: quantity.unit ?? a.unit, start, end, value: Number(a.value) });
      else if (type === SLEEP && /Asleep/.test(a.value ?? '') && start && end)
        take({ metric: 'sleep', unit: 'min', start, end, value: (Date.parse(end) - Date.parse(start)) / 60_000 });
      else scan.skipped++;
    } else if (node.name === 'Workout') {
      take({ metric: 'workout', unit: a.durationUnit ?? 'min', start: appleDate(a.startDate), end: appleDate(a.endDate), value: Number(a.duration) });
    }
  });
  parser.on('closetag', (name) => {
    if (name === 'HealthData') rootClosed = true;
  });
  parser.on('error', (error) => {
    failure ??= new ExportFormatError(`export.xml is not well-formed (line ${parser._parser.line + 1}): ${error.message.split('\n')[0]}`);
  });

  // Pushed by hand so a batch's write holds the stream back (back-pressure without buffering).
  for await (const chunk of input) {
    parser.write(chunk as Buffer);
    if (failure) throw failure;
    if (pending.length >= batchSize) {
      const batch = pending;
      pending = [];
      await onBatch(batch);
    }
  }
  parser.end();
  // A document that stops inside <HealthData> is truncated (sax calls it an unclosed root tag).
  if (rootSeen && !rootClosed) throw new ExportFormatError(`export.xml is truncated (it ends at line ${parser._parser.line + 1}): </HealthData> never came. Export again from the Health app.`);
  if (failure) throw failure;
  if (!rootSeen) throw new ExportFormatError('This is not an Apple Health export: no <HealthData> element.');
  if (pending.length) await onBatch(pending);
  return scan;
}
