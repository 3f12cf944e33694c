import { addDays, isRealDate, utcToday, type IsoDate } from '../../kit/dates.ts';
import { roundSignificant, storableNumberProblem } from '../../kit/numbers.ts';
import { EARLIEST_DATE } from '../../kit/schemas.ts';
import { normalizeNewlines, textProblem, type TextRules } from '../../kit/text.ts';
import type { Rejection } from '../import-model.ts';
import type { Activity, Entry } from '../model.ts';
import { normalizeName } from '../names.ts';
import { Cadence, WEEKDAYS, type Direction, type EntryStatus, type Weekday } from '../activity-schemas.ts';
import { csvLine, readCsv, unprotectCsvField, type ChunkSource, type CsvReadOptions, type CsvRecord } from './csv.ts';
import { CsvHeaderError, ImportFileError } from './errors.ts';
import type { ExportActivity, ExportEntry } from './mosaic-json.ts';

/**
 * Mosaic's CSV format: one row per entry (an activity on a date), with the activity's settings
 * repeated on each row so that a file alone can create the activities it names.
 * docs/import-export.md is the user-facing description; this module is the reference.
 */

/** Every column, in the order the exporter writes them. */
export const MOSAIC_CSV_COLUMNS = [
  'date',
  'activity',
  'value',
  'status',
  'note',
  'category',
  'unit',
  'goal',
  'direction',
  'cadence',
] as const;
export type MosaicCsvColumn = (typeof MOSAIC_CSV_COLUMNS)[number];

/** Columns a file must have. */
export const REQUIRED_CSV_COLUMNS: readonly MosaicCsvColumn[] = ['date', 'activity'];

/** Limits of the project's schemas (CreateActivityBody, PutEntryBody), checked by a test to agree. */
export const TEXT_LIMITS = { activity: 80, note: 1000, category: 40, unit: 20 } as const;
export const MAX_VALUE = 1_000_000;

/** Which column each position of the file holds (null: a blank header cell, ignored). */
export interface MosaicCsvHeader {
  columns: (MosaicCsvColumn | null)[];
  has: ReadonlySet<MosaicCsvColumn>;
}

/** A valid row: one entry, and the settings of its activity the row gives. */
export interface MosaicCsvRow {
  /** The record number in the file (the header is 1). */
  row: number;
  date: IsoDate;
  /** The activity's name, trimmed (matched to existing activities case-insensitively). */
  activity: string;
  value: number | null;
  /** Absent when the cell is empty: the status is then derived from the value, as for the API. */
  status?: EntryStatus;
  note: string;
  /**
   * Activity settings. `undefined`: the file has no such column. With the column, an empty
   * cell means "none" — category and unit `''`, goal `null` — while an empty direction or
   * cadence stays `undefined` (the defaults, positive and daily, apply).
   */
  category?: string;
  unit?: string;
  goal?: number | null;
  direction?: Direction;
  cadence?: Cadence;
}

export type MosaicCsvRowResult = { ok: true; entry: MosaicCsvRow } | { ok: false; rejection: Rejection };

const COLUMN_LIST = `${MOSAIC_CSV_COLUMNS.join(', ')} (date and activity are required)`;

/**
 * Reads the header row: column names in any order, case-insensitive, surrounding spaces ignored;
 * blank header cells are ignored with their column. Throws {@link CsvHeaderError} naming every
 * unknown, missing or repeated column.
 */
export function parseMosaicCsvHeader(fields: readonly string[]): MosaicCsvHeader {
  const columns: (MosaicCsvColumn | null)[] = [];
  const has = new Set<MosaicCsvColumn>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  for (const raw of fields) {
    const name = raw.trim().toLowerCase();
    if (name === '') {
      columns.push(null);
      continue;
    }
    if (!(MOSAIC_CSV_COLUMNS as readonly string[]).includes(name)) {
      unknown.push(raw.trim());
      columns.push(null);
      continue;
    }
    const column = name as MosaicCsvColumn;
    if (has.has(column)) repeated.push(column);
    has.add(column);
    columns.push(column);
  }
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !has.has(c));
  if (unknown.length === 0 && missing.length === 0 && repeated.length === 0) return { columns, has };

  const problems: string[] = [];
  if (fields.length === 1 && /[;\t]/.test(fields[0] ?? '')) {
    problems.push('the columns are not separated by commas (a semicolon or tab was found); save the file as "CSV (comma delimited)"');
  }
  if (unknown.length > 0) problems.push(`unknown column${unknown.length > 1 ? 's' : ''} ${quoteList(unknown)}`);
  if (missing.length > 0) problems.push(`missing required column${missing.length > 1 ? 's' : ''} ${quoteList(missing)}`);
  if (repeated.length > 0) problems.push(`column${repeated.length > 1 ? 's' : ''} ${quoteList(repeated)} given more than once`);
  throw new CsvHeaderError(`The header row is wrong: ${problems.join('; ')}. The columns are: ${COLUMN_LIST}.`, {
    missing,
    unknown,
    repeated,
  });
}

const STATUSES: readonly EntryStatus[] = ['done', 'skipped', 'missed'];
const DIRECTIONS: readonly Direction[] = ['positive', 'negative'];
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The problem with a date a user records, or null when it is fine. The rules are the project's
 * `LocalDate`: `YYYY-MM-DD`, a real calendar date, not before 1970, at most one day after
 * `today` (UTC; a user east of UTC may already be on tomorrow).
 */
export function dateProblem(value: string, today: IsoDate): string | null {
  if (value === '') return 'date is empty';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return `date "${value}" is not written as YYYY-MM-DD`;
  if (!isRealDate(value)) return `date "${value}" is not a real calendar date`;
  if (value < EARLIEST_DATE) return `date "${value}" is before ${EARLIEST_DATE}`;
  if (value > addDays(today, 1)) return `date "${value}" is more than a day in the future`;
  return null;
}

/** Parses a number written plainly (`12`, `-3.5`, `1e-7`); null for anything else. */
export function parsePlainNumber(text: string): number | null {
  if (!PLAIN_NUMBER.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** A non-negative number up to {@link MAX_VALUE}, or the reason it is not. */
function amount(label: string, text: string): number | string {
  const n = parsePlainNumber(text);
  if (n === null) {
    return /^[+-]?\d+,\d+$/.test(text)
      ? `${label} "${text}" is not a number (write decimals with a dot: ${text.replace(',', '.')})`
      : `${label} "${text}" is not a number`;
  }
  if (n < 0) return `${label} ${text} is negative`;
  if (n > MAX_VALUE) return `${label} ${text} is more than ${MAX_VALUE}`;
  // The API's rules for a stored number (kit/numbers.ts): 1e-200 is a rejected row, not a failed write.
  const problem = storableNumberProblem(n);
  if (problem) return `${label} ${text} ${problem}`;
  return roundSignificant(n);
}

/** The text rules of the API (kit/text.ts) for one cell, as a row problem, or null. */
function cellTextProblem(label: string, text: string, rules: TextRules = {}): string | null {
  const problem = textProblem(text, rules);
  return problem ? `${label} ${problem}` : null;
}

const WEEKDAY_NAMES: Record<string, Weekday> = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].flatMap((full, i) => [
    [full, WEEKDAYS[i]!],
    [full.slice(0, 3), WEEKDAYS[i]!],
  ]),
);

/**
 * Reads a cadence written compactly: `daily`; `N/week` (N from 1 to 7: N times in each ISO week,
 * any days); `N/month` (N times in each calendar month); `every N days` (`every2days`); or
 * weekdays joined by `+` (`mon+wed+fri`, full names allowed, any order, no repeats). Case and
 * spaces do not matter. Null when the text is none of these.
 */
export function parseCadenceText(text: string): Cadence | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (t === 'daily') return { type: 'daily' };
  const monthly = /^(\d+)(?:x|times)?\/(?:month|mo|m)$/.exec(t);
  if (monthly) {
    const parsed = Cadence.safeParse({ type: 'monthly', timesPerMonth: Number(monthly[1]) });
    return parsed.success ? parsed.data : null;
  }
  const interval = /^every(\d+)days?$/.exec(t);
  if (interval) {
    const parsed = Cadence.safeParse({ type: 'interval', everyDays: Number(interval[1]) });
    return parsed.success ? parsed.data : null;
  }
  const weekly = /^(\d+)(?:x|times)?\/(?:week|wk|w)$/.exec(t);
  if (weekly) {
    const parsed = Cadence.safeParse({ type: 'weekly', timesPerWeek: Number(weekly[1]) });
    return parsed.success ? parsed.data : null;
  }
  const days = t.split('+').map((d) => WEEKDAY_NAMES[d]);
  if (days.some((d) => d === undefined)) return null;
  const parsed = Cadence.safeParse({ type: 'weekdays', weekdays: days });
  return parsed.success ? parsed.data : null;
}

/** The compact text of a cadence, as {@link parseCadenceText} reads it. */
export function formatCadenceText(cadence: Cadence): string {
  switch (cadence.type) {
    case 'daily':
      return 'daily';
    case 'weekly':
      return `${cadence.timesPerWeek}/week`;
    case 'weekdays':
      return cadence.weekdays.join('+');
    case 'monthly':
      return `${cadence.timesPerMonth}/month`;
    case 'interval':
      return `every ${cadence.everyDays} days`;
  }
}

/** Options of row parsing. */
export interface MosaicCsvParseOptions {
  /** Today in UTC, for the "not in the future" rule (fixed once per import). Default: now. */
  today?: IsoDate;
}

/**
 * Parses one data record against the header. Returns the row, or a rejection whose reason lists
 * every problem of the row; null for a row whose cells are all empty (spreadsheets leave such
 * rows at the end), which is neither. Every cell is trimmed and has the formula-injection
 * apostrophe of the exporter removed first ({@link unprotectCsvField}).
 */
export function parseMosaicCsvRow(
  header: MosaicCsvHeader,
  record: CsvRecord,
  options: MosaicCsvParseOptions = {},
): MosaicCsvRowResult | null {
  const today = options.today ?? utcToday();
  const cells = new Map<MosaicCsvColumn, string>();
  const problems: string[] = [];
  let blank = true;
  record.fields.forEach((raw, i) => {
    const text = unprotectCsvField(raw.trim()).trim();
    if (text !== '') blank = false;
    const column = header.columns[i];
    if (column) cells.set(column, text);
    else if (i >= header.columns.length && text !== '') {
      problems.push(`cell ${i + 1} ("${clip(text)}") is beyond the last column of the header`);
    }
  });
  if (blank) return null;
  const cell = (c: MosaicCsvColumn) => cells.get(c) ?? '';

  const date = cell('date');
  const dateIssue = dateProblem(date, today);
  if (dateIssue) problems.push(dateIssue);

  const activity = cell('activity');
  if (activity === '') problems.push('activity name is empty');
  else if (activity.length > TEXT_LIMITS.activity) problems.push(`activity name is longer than ${TEXT_LIMITS.activity} characters`);
  const activityText = cellTextProblem('activity name', activity);
  if (activityText) problems.push(activityText);

  let value: number | null = null;
  if (cell('value') !== '') {
    const v = amount('value', cell('value'));
    if (typeof v === 'string') problems.push(v);
    else value = v;
  }

  let status: EntryStatus | undefined;
  const statusText = cell('status').toLowerCase();
  if (statusText !== '') {
    if ((STATUSES as readonly string[]).includes(statusText)) status = statusText as EntryStatus;
    else problems.push(`unknown status "${cell('status')}" (use done, skipped or missed)`);
  }
  if (cell('value') === '' && statusText === '') problems.push('value and status are both empty (give a value, a status, or both)');

  const note = normalizeNewlines(cell('note'));
  if (note.length > TEXT_LIMITS.note) problems.push(`note is longer than ${TEXT_LIMITS.note} characters`);
  const noteText = cellTextProblem('note', note, { multiline: true });
  if (noteText) problems.push(noteText);

  const entry: MosaicCsvRow = { row: record.row, date, activity, value, note };
  if (status !== undefined) entry.status = status;

  if (header.has.has('category')) {
    entry.category = cell('category');
    if (entry.category.length > TEXT_LIMITS.category) problems.push(`category is longer than ${TEXT_LIMITS.category} characters`);
    const categoryText = cellTextProblem('category', entry.category);
    if (categoryText) problems.push(categoryText);
  }
  if (header.has.has('unit')) {
    entry.unit = cell('unit');
    if (entry.unit.length > TEXT_LIMITS.unit) problems.push(`unit is longer than ${TEXT_LIMITS.unit} characters`);
    const unitText = cellTextProblem('unit', entry.unit);
    if (unitText) problems.push(unitText);
  }
  if (header.has.has('goal')) {
    if (cell('goal') === '') entry.goal = null;
    else {
      const g = amount('goal', cell('goal'));
      if (typeof g === 'string') problems.push(g);
      else entry.goal = g;
    }
  }
  const directionText = cell('direction').toLowerCase();
  if (directionText !== '') {
    if ((DIRECTIONS as readonly string[]).includes(directionText)) entry.direction = directionText as Direction;
    else problems.push(`unknown direction "${cell('direction')}" (use positive or negative)`);
  }
  if (cell('cadence') !== '') {
    const cadence = parseCadenceText(cell('cadence'));
    if (cadence) entry.cadence = cadence;
    else problems.push(`cadence "${clip(cell('cadence'))}" is not understood (write daily, 3/week or mon+wed+fri)`);
  }

  if (problems.length > 0) return { ok: false, rejection: { row: record.row, reason: problems.join('; ') } };
  return { ok: true, entry };
}

/** The key two rows share when they are the same entry: activity name (case-insensitive) and date. */
export function entryKey(activity: string, date: IsoDate): string {
  return `${normalizeName(activity)}\u0000${date}`;
}

/** Options of {@link readMosaicCsv}: the caps of the CSV reader and the date of today. */
export type MosaicCsvReadOptions = CsvReadOptions & MosaicCsvParseOptions;

/**
 * Reads a whole Mosaic CSV file, in two passes over the same bytes, and yields, in file order,
 * each row either as an entry to write or as a rejection.
 *
 * Pass 1 checks the file — encoding, caps, header — and every row, and notes for each entry
 * key (activity case-insensitively + date) the last valid row that gives it. Only then does
 * pass 2 yield anything, so a whole-file error (it throws an {@link ImportFileError}) comes
 * before a single entry has been written.
 *
 * Duplicates: when several valid rows give the same activity and date, the last one in the
 * file wins; each earlier one is yielded as the rejection `duplicate of row N`, N being the row
 * that wins. An invalid row is rejected for its own reasons and takes part in no duplicate.
 *
 * `open` must give the same bytes each time (a buffer, or the same S3 object version); a file
 * found different on the second pass throws.
 */
export async function* readMosaicCsv(
  open: () => ChunkSource,
  options: MosaicCsvReadOptions = {},
): AsyncGenerator<MosaicCsvRowResult> {
  const parseOptions = { today: options.today ?? utcToday() };
  const winner = new Map<string, number>();
  for await (const item of rowsOf(open(), options, parseOptions)) {
    if (item.ok) winner.set(entryKey(item.entry.activity, item.entry.date), item.entry.row);
  }
  for await (const item of rowsOf(open(), options, parseOptions)) {
    if (!item.ok) {
      yield item;
      continue;
    }
    const last = winner.get(entryKey(item.entry.activity, item.entry.date));
    if (last === undefined) throw new ImportFileError(409, 'file_changed', 'The file changed while it was being imported; import it again.');
    yield last === item.entry.row ? item : { ok: false, rejection: { row: item.entry.row, reason: `duplicate of row ${last}` } };
  }
}

async function* rowsOf(
  source: ChunkSource,
  csvOptions: CsvReadOptions,
  parseOptions: MosaicCsvParseOptions,
): AsyncGenerator<MosaicCsvRowResult> {
  let header: MosaicCsvHeader | undefined;
  for await (const record of readCsv(source, csvOptions)) {
    if (!header) {
      header = parseMosaicCsvHeader(record.fields);
      continue;
    }
    const result = parseMosaicCsvRow(header, record, parseOptions);
    if (result) yield result;
  }
  if (!header) throw new CsvHeaderError(`The file is empty. Its first row must name the columns: ${COLUMN_LIST}.`, { missing: [...REQUIRED_CSV_COLUMNS] });
}

/** The activity settings a CSV row carries. */
export type CsvActivity = Pick<Activity, 'name' | 'category' | 'unit' | 'goal' | 'direction' | 'cadence'>;
/** The entry fields a CSV row carries. */
export type CsvEntry = Pick<Entry, 'date' | 'value' | 'status' | 'note'>;

/**
 * The header line of an export (CRLF-terminated), every column in {@link MOSAIC_CSV_COLUMNS}
 * order. With `bom` (the default) it starts with a UTF-8 byte-order mark, which Excel needs to
 * open the file as UTF-8; the importer ignores it.
 */
export function mosaicCsvHeader(options: { bom?: boolean } = {}): string {
  return `${options.bom === false ? '' : '\uFEFF'}${csvLine(MOSAIC_CSV_COLUMNS)}`;
}

/**
 * One exported row (CRLF-terminated): the entry, its explicit status, and its activity's
 * settings (cadence in compact text). Reading it back with {@link parseMosaicCsvRow} gives
 * the same values. Text cells are protected against formula injection.
 */
export function mosaicCsvRow(activity: CsvActivity, entry: CsvEntry): string {
  return csvLine([
    entry.date,
    activity.name,
    entry.value,
    entry.status,
    entry.note,
    activity.category,
    activity.unit,
    activity.goal,
    activity.direction,
    formatCadenceText(activity.cadence),
  ]);
}

/**
 * Streams a whole CSV export: the header, then each activity's entries page by page, one
 * string per page (never more than one page in memory).
 */
export async function* writeMosaicCsv(
  activities: AsyncIterable<ExportActivity> | Iterable<ExportActivity>,
  options: { bom?: boolean } = {},
): AsyncGenerator<string> {
  yield mosaicCsvHeader(options);
  for await (const activity of activities) {
    for await (const page of activity.entries as AsyncIterable<readonly ExportEntry[]>) {
      if (page.length > 0) yield page.map((entry) => mosaicCsvRow(activity, entry)).join('');
    }
  }
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
