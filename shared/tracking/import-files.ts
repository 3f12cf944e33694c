import type { IsoDate } from '../kit/dates.ts';
import { MAX_LISTED_REJECTIONS, type ImportFormat, type ImportSummary, type Rejection } from './import-model.ts';
import type { Activity, DateRange, StatusSource } from './model.ts';
import { normalizeName } from './names.ts';
import type { Cadence, EntryStatus } from './schemas.ts';
import { ImportTooLargeError } from './transfer/errors.ts';
import { MAX_FIELD_CHARS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, MAX_ZIP_UNCOMPRESSED_BYTES } from './transfer/limits.ts';
import { importLoopHabits } from './transfer/loop-habits.ts';
import { readMosaicCsv } from './transfer/mosaic-csv.ts';
import { parseMosaicJson, type MosaicJsonActivity } from './transfer/mosaic-json.ts';

/**
 * Reading an import's file: any format into activities with their entries, in file order, plus
 * the rows rejected on the way. Deterministic: the same bytes give the same activities, entries
 * and order, which is what lets a resumed import skip the entries it applied before.
 */

/** One entry of a file, as the file gives it. */
export interface IncomingEntry {
  /** The CSV record it came from (header = 1); JSON and Loop entries have none. */
  row?: number;
  date: IsoDate;
  value: number | null;
  note: string;
  status?: EntryStatus;
  statusSource?: StatusSource;
}

/** One activity of a file, with what a newly created activity takes from it. */
export interface IncomingActivity {
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
    color?: Activity['color'];
    icon?: Activity['icon'];
    status?: Activity['status'];
    pauses?: DateRange[];
    startDate?: IsoDate;
    deactivatedAt?: string | null;
  };
  entries: IncomingEntry[];
}

/** A whole file read: its activities with their entries, in file order, and its rejected rows. */
export interface IncomingFile {
  activities: IncomingActivity[];
  rejections: Rejection[];
  rejected: number;
  warnings: ImportSummary['warnings'];
  rows: number;
}

/** Reads an uploaded file whole (it is at most MAX_IMPORT_BYTES). */
export async function readAll(source: AsyncIterable<Buffer>): Promise<Buffer> {
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
export async function readIncoming(
  format: ImportFormat,
  bytes: Buffer,
  today: IsoDate,
  onRows: (rows: number) => Promise<void>,
  allHabits = false,
): Promise<IncomingFile> {
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
    const result = await importLoopHabits(bytes, { today, allHabits, maxTotalBytes: MAX_ZIP_UNCOMPRESSED_BYTES });
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
    byName.get(key)!.entries.push({ row: row.row, date: row.date, value: row.value, note: row.note, status: row.status });
  }
  return { activities: [...byName.values()], rejections, rejected, warnings: [], rows };
}
