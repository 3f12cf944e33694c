import { openZip, type ZipArchive, type ZipLimits, type ZipSource } from '../../files/zip.ts';
import { addDays, utcToday, type IsoDate } from '../../kit/dates.ts';
import { roundSignificant, storableNumberProblem } from '../../kit/numbers.ts';
import { normalizeNewlines, textProblem } from '../../kit/text.ts';
import type { Rejection } from '../import-model.ts';
import { deriveStatus } from '../entry-status.ts';
import { normalizeName } from '../names.ts';
import { MAX_INTERVAL_DAYS, type Cadence, type Direction, type EntryStatus } from '../activity-schemas.ts';
import { readCsv, type CsvRecord } from './csv.ts';
import { NotLoopExportError, TooManyRowsError } from './errors.ts';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, MAX_ZIP_ENTRIES, MAX_ZIP_UNCOMPRESSED_BYTES } from './limits.ts';
import { dateProblem, MAX_VALUE, parsePlainNumber, TEXT_LIMITS } from './mosaic-csv.ts';
import { formatIssues, MosaicJsonActivity } from './mosaic-json.ts';

/**
 * Import of Loop Habit Tracker's "Export as CSV" ZIP (Android app, github.com/iSoron/uhabits).
 *
 * The format, as `uhabits-core/src/jvmMain/java/org/isoron/uhabits/core/io/HabitsCSVExporter.kt`
 * and `models/HabitList.kt` write it:
 *
 * - `Habits.csv`: one row per habit. Since Loop 2.3.1: `Position, Name, Type (YES_NO|NUMERICAL),
 *   Question, Description, FrequencyNumerator, FrequencyDenominator, Color, Unit, Target Type
 *   (AT_LEAST|AT_MOST), Target Value, Archived? (true|false)` (unit and target only for numerical
 *   habits). Before: `Position, Name, Question, Description, NumRepetitions, Interval, Color`.
 * - `NNN <name>/Checkmarks.csv` per habit (NNN = Position, the name stripped to
 *   `[ a-zA-Z0-9._-]`): the habit's known days, newest first. Since 2.3.1 with a header
 *   `Date,Value,Notes` and values written as `YES_MANUAL`, `YES_AUTO`, `NO`, `SKIP`, `UNKNOWN`
 *   or a number; before, no header and `date,value` with the raw integers 2, 1, 0, 3, -1.
 *   Numerical habits store the amount × 1000 as an integer (2.5 km is 2500).
 * - `Checkmarks.csv` at the root: a matrix, `Date,<habit>,<habit>,…,` (names unquoted, a
 *   trailing comma on every line), one row per day from the oldest record to the export day.
 * - `Scores.csv` (root and per habit): Loop's derived habit strength; not imported.
 *
 * Mapping (docs/import-export.md explains the why):
 * - yes/no habit: YES_MANUAL → done, NO → missed, SKIP → skipped; YES_AUTO and UNKNOWN → no entry
 *   (not a rejection, whatever the date: Loop writes YES_AUTO days ahead).
 * - habits with no entry-bearing check-mark in the export are left out unless `allHabits`.
 * - numerical habit: a number → value / 1000 with the status derived from the goal, SKIP →
 *   skipped, UNKNOWN → no entry; NO, YES_AUTO, YES_MANUAL are how Loop prints the raw values 0,
 *   1, 2, so they are the values 0, 0.001, 0.002.
 * - frequency n/d: 1/1 → daily; n/7 → n per week; anything else → round(7n/d) per week (at
 *   least 1; 7 or more → daily), with a warning.
 */

/** One problem a user should know about that did not stop anything from being imported. */
export interface LoopWarning {
  file: string;
  row: number;
  message: string;
}

/** What an import of a Loop export gives: activities with entries, ready for the importer. */
export interface LoopImportResult {
  /** `loop-2.3.1`: the export format since Loop 2.3.1; `loop-legacy`: the one before. */
  format: 'loop-2.3.1' | 'loop-legacy';
  activities: MosaicJsonActivity[];
  rejected: Array<Rejection & { file: string }>;
  warnings: LoopWarning[];
}

/** The caps of the archive (each defaults to the import cap of the same purpose) and the date of today. */
export interface LoopImportOptions extends Partial<ZipLimits> {
  /** Today in UTC, for the "not in the future" rule and as start date of habits without entries. */
  today?: IsoDate;
  /**
   * Import every habit of `Habits.csv`, also those without a single check-mark in the export.
   * By default they are left out (with one warning naming them): a Loop export made from one
   * habit's screen still lists every habit, and creating them all (empty, archived ones too) is
   * not what the user asked for.
   */
  allHabits?: boolean;
}

interface LoopHabit {
  row: number;
  position: number;
  name: string;
  numerical: boolean | undefined;
  question: string;
  description: string;
  numerator: number;
  denominator: number;
  unit: string;
  atMost: boolean;
  target: string;
  archived: boolean;
}

interface Mark {
  file: string;
  row: number;
  date: string;
  value: string;
  note: string;
}

const HABITS_FILE = 'Habits.csv';
const CHECKMARKS_FILE = 'Checkmarks.csv';

/**
 * Reads a Loop Habit Tracker CSV export (the ZIP: its bytes, or a ranged source) into Mosaic
 * activities with their entries. Per-habit `Checkmarks.csv` files are read; a habit without one is read from the root
 * `Checkmarks.csv` matrix. Rows that cannot be used are listed in `rejected` (file, row, reason);
 * losses that are not errors (notes on days that bring no entry, approximated frequencies,
 * shortened texts) in `warnings`.
 *
 * Throws the {@link ZipError}s of {@link openZip}, {@link NotLoopExportError} when the ZIP has
 * no `Habits.csv` (or it has no Name column), the CSV reader's errors, and
 * {@link TooManyRowsError} when the export holds more than MAX_IMPORT_ROWS entries.
 */
export async function importLoopHabits(zip: Uint8Array | ZipSource, options: LoopImportOptions = {}): Promise<LoopImportResult> {
  const today = options.today ?? utcToday();
  const archive = await openZip(zip, {
    maxEntries: options.maxEntries ?? MAX_ZIP_ENTRIES,
    maxEntryBytes: options.maxEntryBytes ?? MAX_IMPORT_BYTES,
    maxTotalBytes: options.maxTotalBytes ?? MAX_ZIP_UNCOMPRESSED_BYTES,
    maxRatio: options.maxRatio,
  });
  try {
    return await readExport(archive, today, options.allHabits ?? false);
  } finally {
    archive.close();
  }
}

async function readExport(archive: ZipArchive, today: IsoDate, allHabits: boolean): Promise<LoopImportResult> {
  const habitsEntry = archive.entries
    .filter((e) => !e.isDirectory && (e.name === HABITS_FILE || e.name.endsWith(`/${HABITS_FILE}`)))
    .sort((a, b) => a.name.length - b.name.length)[0];
  if (!habitsEntry) throw new NotLoopExportError('The ZIP holds no Habits.csv, so it is not a Loop Habit Tracker export.');
  const root = habitsEntry.name.slice(0, -HABITS_FILE.length);

  const rejected: LoopImportResult['rejected'] = [];
  const warnings: LoopWarning[] = [];
  const { habits, legacy } = await readHabits(archive, habitsEntry.name, root, rejected);

  const perHabit = new Map<number, string>();
  for (const entry of archive.entries) {
    if (entry.isDirectory || !entry.name.startsWith(root)) continue;
    const m = /^(\d+)(?: [^/]*)?\/Checkmarks\.csv$/.exec(entry.name.slice(root.length));
    if (m) perHabit.set(Number(m[1]), entry.name);
  }
  let matrix: Map<LoopHabit, Mark[]> | undefined;

  const activities: MosaicJsonActivity[] = [];
  const usedNames = new Set<string>();
  const leftOut: string[] = [];
  let total = 0;
  for (const habit of habits) {
    let marks: Mark[] | undefined;
    const file = perHabit.get(habit.position);
    if (file !== undefined) {
      marks = await readHabitCheckmarks(archive, file, file.slice(root.length));
    } else {
      matrix ??= await readCheckmarksMatrix(archive, `${root}${CHECKMARKS_FILE}`, habits, rejected);
      marks = matrix.get(habit);
    }
    if (marks === undefined && allHabits) {
      warnings.push({ file: HABITS_FILE, row: habit.row, message: `no check-marks were found for "${habit.name}"; it is imported without entries` });
    }
    // Decided before the habit takes a name, so a left-out habit never renames one imported.
    if (!allHabits && !(marks ?? []).some((m) => yieldsEntry(m, habit))) {
      leftOut.push(habit.name);
      continue;
    }
    const activity = toActivity(habit, marks ?? [], { today, legacy, usedNames, rejected, warnings });
    if (!activity) continue;
    total += activity.entries.length;
    if (total > MAX_IMPORT_ROWS) throw new TooManyRowsError(MAX_IMPORT_ROWS);
    activities.push(activity);
  }
  if (leftOut.length) {
    const names = leftOut.map((n) => `"${n}"`).join(', ');
    warnings.push({
      file: HABITS_FILE,
      row: 0,
      message: `${leftOut.length} habit${leftOut.length === 1 ? '' : 's'} without check-marks in this export ${leftOut.length === 1 ? 'was' : 'were'} not imported (${names}); import again with "all habits" to create ${leftOut.length === 1 ? 'it' : 'them'}`,
    });
  }
  return { format: legacy ? 'loop-legacy' : 'loop-2.3.1', activities, rejected, warnings };
}

/**
 * True when a check-mark row would give the habit an entry (or a reason to reject it): anything
 * but Loop's "no record" values (UNKNOWN, and YES_AUTO — the days Loop fills in itself).
 */
function yieldsEntry(mark: Mark, habit: LoopHabit): boolean {
  const named = MARKS[mark.value.toUpperCase()];
  if (named === 'UNKNOWN') return false;
  if (named === 'YES_AUTO') return habit.numerical === true;
  return true;
}

/** Loop's column names; older exports name the frequency NumRepetitions / Interval. */
const HABIT_COLUMNS = {
  position: ['position'],
  name: ['name'],
  type: ['type'],
  question: ['question'],
  description: ['description'],
  numerator: ['frequencynumerator', 'numrepetitions'],
  denominator: ['frequencydenominator', 'interval'],
  unit: ['unit'],
  targetType: ['target type', 'targettype'],
  targetValue: ['target value', 'targetvalue'],
  archived: ['archived?', 'archived'],
} as const;

async function readHabits(
  archive: ZipArchive,
  file: string,
  root: string,
  rejected: LoopImportResult['rejected'],
): Promise<{ habits: LoopHabit[]; legacy: boolean }> {
  const records = await allRecords(archive, file);
  const header = records.shift();
  const index = new Map((header?.fields ?? []).map((h, i) => [h.trim().toLowerCase(), i]));
  const col = (key: keyof typeof HABIT_COLUMNS) => HABIT_COLUMNS[key].map((n) => index.get(n)).find((i) => i !== undefined);
  if (col('name') === undefined) throw new NotLoopExportError(`${file} has no Name column, so the ZIP is not a Loop Habit Tracker export.`);
  const legacy = col('type') === undefined;
  const shortName = file.slice(root.length);

  const habits: LoopHabit[] = [];
  records.forEach((record, i) => {
    const cell = (key: keyof typeof HABIT_COLUMNS) => {
      const at = col(key);
      return at === undefined ? '' : (record.fields[at] ?? '').trim();
    };
    const reject = (reason: string) => rejected.push({ file: shortName, row: record.row, reason });
    const name = cell('name');
    if (name === '') return reject('the habit has no name');
    const type = cell('type').toUpperCase();
    if (!legacy && type !== 'YES_NO' && type !== 'NUMERICAL') return reject(`unknown habit type "${cell('type')}" (expected YES_NO or NUMERICAL)`);
    const numerator = Number(cell('numerator') || '1');
    const denominator = Number(cell('denominator') || '1');
    if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 1 || denominator < 1) {
      return reject(`frequency "${cell('numerator')}/${cell('denominator')}" is not two positive whole numbers`);
    }
    const position = /^\d+$/.test(cell('position')) ? Number(cell('position')) : i + 1;
    habits.push({
      row: record.row,
      position,
      name,
      numerical: legacy ? undefined : type === 'NUMERICAL',
      question: cell('question'),
      description: cell('description'),
      numerator,
      denominator,
      unit: cell('unit'),
      atMost: cell('targetType').toUpperCase() === 'AT_MOST',
      target: cell('targetValue'),
      archived: cell('archived').toLowerCase() === 'true',
    });
  });
  return { habits, legacy };
}

/** A per-habit Checkmarks.csv: `Date,Value,Notes` with a header (2.3.1+) or `date,value` without. */
async function readHabitCheckmarks(archive: ZipArchive, file: string, shown: string): Promise<Mark[]> {
  const marks: Mark[] = [];
  for (const record of await allRecords(archive, file)) {
    const [date = '', value = '', note = ''] = record.fields.map((f) => f.trim());
    if (record.row === 1 && date.toLowerCase() === 'date') continue;
    marks.push({ file: shown, row: record.row, date, value, note });
  }
  return marks;
}

/**
 * The root Checkmarks.csv: `Date,<name>,<name>,…,` then a row per day. Columns are matched to
 * habits by name (same-named habits in Habits.csv order). Loop writes the names unquoted, so a
 * name holding a comma splits the header; such a file is refused as a whole when the header and
 * the rows disagree on the number of columns.
 */
async function readCheckmarksMatrix(
  archive: ZipArchive,
  file: string,
  habits: readonly LoopHabit[],
  rejected: LoopImportResult['rejected'],
): Promise<Map<LoopHabit, Mark[]>> {
  const found = new Map<LoopHabit, Mark[]>();
  if (!archive.find(file)) return found;
  const records = await allRecords(archive, file);
  const header = records.shift();
  if (!header) return found;
  const names = dropTrailingEmpty(header.fields);
  const widths = new Set(records.map((r) => dropTrailingEmpty(r.fields).length));
  const shortName = CHECKMARKS_FILE;
  if ([...widths].some((w) => w !== names.length)) {
    rejected.push({
      file: shortName,
      row: 1,
      reason: 'the header and the rows have different numbers of columns (a habit name holds a comma), so the columns cannot be matched to habits',
    });
    return found;
  }
  const columns = new Map<LoopHabit, number>();
  const taken = new Set<number>();
  for (const habit of habits) {
    const at = names.findIndex((n, i) => i > 0 && !taken.has(i) && n.trim() === habit.name);
    if (at > 0) {
      taken.add(at);
      columns.set(habit, at);
    }
  }
  for (const [habit, at] of columns) {
    found.set(
      habit,
      records.map((r) => ({ file: shortName, row: r.row, date: (r.fields[0] ?? '').trim(), value: (r.fields[at] ?? '').trim(), note: '' })),
    );
  }
  return found;
}

interface Context {
  today: IsoDate;
  legacy: boolean;
  usedNames: Set<string>;
  rejected: LoopImportResult['rejected'];
  warnings: LoopWarning[];
}

type BooleanMark = 'YES_MANUAL' | 'YES_AUTO' | 'NO' | 'SKIP' | 'UNKNOWN';
/** Loop's Entry constants, by the name its exporter prints and by the raw value older exports wrote. */
const MARKS: Record<string, BooleanMark> = {
  YES_MANUAL: 'YES_MANUAL',
  YES_AUTO: 'YES_AUTO',
  NO: 'NO',
  SKIP: 'SKIP',
  UNKNOWN: 'UNKNOWN',
  '2': 'YES_MANUAL',
  '1': 'YES_AUTO',
  '0': 'NO',
  '3': 'SKIP',
  '-1': 'UNKNOWN',
};
/** The raw value of a mark name, for numerical habits, where the name is only how Loop prints a small number. */
const RAW: Record<BooleanMark, number> = { YES_MANUAL: 2, YES_AUTO: 1, NO: 0, SKIP: 3, UNKNOWN: -1 };
const SKIP = 3;
const UNKNOWN = -1;

function toActivity(habit: LoopHabit, marks: readonly Mark[], ctx: Context): MosaicJsonActivity | undefined {
  const numerical = habit.numerical ?? marks.some((m) => MARKS[m.value.toUpperCase()] === undefined);
  const direction: Direction = numerical && habit.atMost ? 'negative' : 'positive';
  const warn = (message: string) => ctx.warnings.push({ file: HABITS_FILE, row: habit.row, message });

  let goal: number | null = null;
  if (numerical && habit.target !== '') {
    const target = parsePlainNumber(habit.target);
    if (target === null || target < 0 || target > MAX_VALUE) warn(`target value "${habit.target}" of "${habit.name}" cannot be a Mosaic goal; it is imported without one`);
    else goal = target;
  }

  const byDate = new Map<IsoDate, { row: number; file: string; entry: MosaicJsonActivity['entries'][number] }>();
  for (const mark of marks) {
    const reject = (reason: string) => ctx.rejected.push({ file: mark.file, row: mark.row, reason });
    const named = MARKS[mark.value.toUpperCase()];
    // Rows that bring no entry are not imported, whatever their date: Loop writes YES_AUTO days
    // (filled in from the frequency) up to some days ahead; they are not errors.
    const noRecord = named === 'UNKNOWN' || (!numerical && named === 'YES_AUTO');
    if (noRecord) {
      if (mark.note) ctx.warnings.push({ file: mark.file, row: mark.row, message: `the note of ${mark.date} is not imported: the day has no entry in Mosaic (${mark.value})` });
      continue;
    }
    const problem = dateProblem(mark.date, ctx.today);
    if (problem) {
      reject(problem);
      continue;
    }
    let entry: MosaicJsonActivity['entries'][number] | undefined;
    if (!numerical) {
      if (named === undefined) {
        reject(`unknown check-mark value "${mark.value}" (expected YES_MANUAL, YES_AUTO, NO, SKIP or UNKNOWN)`);
        continue;
      }
      const status: EntryStatus | undefined = named === 'YES_MANUAL' ? 'done' : named === 'NO' ? 'missed' : named === 'SKIP' ? 'skipped' : undefined;
      if (status) entry = { date: mark.date, value: null, note: '', status, statusSource: 'explicit' };
    } else {
      const raw = named !== undefined ? RAW[named] : parsePlainNumber(mark.value);
      if (raw === null) {
        reject(`value "${mark.value}" is not a number`);
        continue;
      }
      if (raw === SKIP) entry = { date: mark.date, value: null, note: '', status: 'skipped', statusSource: 'explicit' };
      else if (raw !== UNKNOWN) {
        if (raw < 0) {
          reject(`value ${mark.value} is negative`);
          continue;
        }
        const value = roundSignificant(raw / 1000);
        if (value > MAX_VALUE) {
          reject(`value ${value} is more than ${MAX_VALUE}`);
          continue;
        }
        // The API's rules for a stored number (kit/numbers.ts): a rejected row, not a failed write.
        const problem = storableNumberProblem(value);
        if (problem) {
          reject(`value ${mark.value} ${problem}`);
          continue;
        }
        entry = { date: mark.date, value, note: '', ...deriveStatus({ direction, goal }, value) };
      }
    }
    if (!entry) {
      if (mark.note) ctx.warnings.push({ file: mark.file, row: mark.row, message: `the note of ${mark.date} is not imported: the day has no entry in Mosaic (${mark.value})` });
      continue;
    }
    if (mark.note.length > TEXT_LIMITS.note) {
      ctx.warnings.push({ file: mark.file, row: mark.row, message: `the note of ${mark.date} was shortened to ${TEXT_LIMITS.note} characters` });
    }
    entry.note = clip(normalizeNewlines(mark.note), TEXT_LIMITS.note);
    // The API's text rules (kit/text.ts) per row, so one bad note does not sink its habit.
    const noteProblem = textProblem(entry.note, { multiline: true });
    if (noteProblem) {
      reject(`note ${noteProblem}`);
      continue;
    }
    const earlier = byDate.get(mark.date);
    if (earlier) ctx.rejected.push({ file: earlier.file, row: earlier.row, reason: `duplicate of row ${mark.row}` });
    byDate.set(mark.date, { row: mark.row, file: mark.file, entry });
  }
  const entries = [...byDate.values()].map((e) => e.entry).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const cadence = cadenceOf(habit, warn);
  const name = uniqueName(habit.name, ctx.usedNames, warn);
  const description = [habit.question, habit.description].filter((t) => t !== '').join('\n\n');
  if (description.length > 500) warn(`the question and description of "${habit.name}" were shortened to 500 characters`);
  const unit = numerical ? habit.unit : '';
  if (unit.length > TEXT_LIMITS.unit) warn(`the unit "${unit}" was shortened to ${TEXT_LIMITS.unit} characters`);
  const first = entries[0]?.date;
  const last = entries[entries.length - 1]?.date;
  const startDate = first ?? ctx.today;

  const parsed = MosaicJsonActivity.safeParse({
    name,
    description: clip(description, 500),
    category: '',
    unit: clip(unit, TEXT_LIMITS.unit),
    goal,
    direction,
    cadence,
    difficulty: 'medium',
    priority: 'medium',
    status: habit.archived ? 'archived' : 'active',
    pauses: [],
    startDate,
    // An archived habit stops being due after its last record, so no phantom misses follow it.
    deactivatedAt: habit.archived ? `${addDays(last ?? startDate, 1)}T00:00:00.000Z` : null,
    entries,
  });
  if (!parsed.success) {
    ctx.usedNames.delete(normalizeName(name));
    ctx.rejected.push({ file: HABITS_FILE, row: habit.row, reason: `habit "${habit.name}" cannot be imported: ${formatIssues(parsed.error).join('; ')}` });
    return undefined;
  }
  return parsed.data;
}

/** Loop's frequency n/d (n times in d days; Loop stores n = d as 1/1) as a Mosaic cadence. */
export function loopCadence(numerator: number, denominator: number): { cadence: Cadence; exact: boolean } {
  if (numerator >= denominator) return { cadence: { type: 'daily' }, exact: numerator === denominator };
  if (denominator === 7) return { cadence: { type: 'weekly', timesPerWeek: numerator }, exact: true };
  // Loop stores "N times per month" as N/30 and "every N days" as 1/N.
  if (denominator === 30 && numerator >= 1 && numerator <= 28) return { cadence: { type: 'monthly', timesPerMonth: numerator }, exact: true };
  if (numerator === 1 && denominator >= 2 && denominator <= MAX_INTERVAL_DAYS) return { cadence: { type: 'interval', everyDays: denominator }, exact: true };
  const perWeek = Math.max(1, Math.round((7 * numerator) / denominator));
  return { cadence: perWeek >= 7 ? { type: 'daily' } : { type: 'weekly', timesPerWeek: perWeek }, exact: false };
}

function cadenceOf(habit: LoopHabit, warn: (message: string) => void): Cadence {
  const { cadence, exact } = loopCadence(habit.numerator, habit.denominator);
  if (!exact) {
    const text = cadence.type === 'weekly' ? `${cadence.timesPerWeek} times per week` : 'daily';
    warn(`"${habit.name}" is due ${habit.numerator} times in ${habit.denominator} days in Loop; Mosaic has no such cadence, so it is imported as ${text}`);
  }
  return cadence;
}

function uniqueName(name: string, used: Set<string>, warn: (message: string) => void): string {
  let base = name;
  if (base.length > TEXT_LIMITS.activity) {
    base = base.slice(0, TEXT_LIMITS.activity).trim();
    warn(`the name "${name}" was shortened to ${TEXT_LIMITS.activity} characters`);
  }
  let candidate = base;
  for (let n = 2; used.has(normalizeName(candidate)); n++) {
    const suffix = ` (${n})`;
    candidate = `${base.slice(0, TEXT_LIMITS.activity - suffix.length).trim()}${suffix}`;
  }
  if (candidate !== base) warn(`another habit is also called "${base}"; this one is imported as "${candidate}"`);
  used.add(normalizeName(candidate));
  return candidate;
}

async function allRecords(archive: ZipArchive, file: string): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of readCsv(archive.stream(file))) records.push(record);
  return records;
}

function dropTrailingEmpty(fields: readonly string[]): string[] {
  const out = [...fields];
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  return out;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
