import * as z from 'zod/mini';
import { LocalDate, multilineText, storableNumber, trimmedText } from '../../kit/schemas.ts';
import type { IsoDate } from '../../kit/dates.ts';
import type { Activity, DateRange, Entry, StatusSource } from '../model.ts';
import { normalizeName } from '../names.ts';
import {
  ActivityColor,
  ActivityIcon,
  ActivityStatus,
  Cadence,
  CreateActivityBody,
  Difficulty,
  Direction,
  EntryStatus,
  MAX_ACTIVITIES_PER_USER,
  PlanDate,
  Priority,
} from '../activity-schemas.ts';
import { ImportTooLargeError, InvalidDocumentError } from './errors.ts';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './limits.ts';
import { decodeUtf8 } from './utf8.ts';

/**
 * Mosaic's lossless JSON format, version 1:
 *
 * ```json
 * { "format": "mosaic", "version": 1, "exportedAt": "2026-11-21T10:00:00.000Z",
 *   "activities": [ { "name": "Run", "description": "", "category": "Sport", "unit": "km",
 *     "goal": 5, "direction": "positive", "cadence": { "type": "weekly", "timesPerWeek": 3 },
 *     "difficulty": "medium", "priority": "high", "color": "teal", "icon": "run", "status": "active",
 *     "pauses": [ { "from": "2026-08-01", "to": "2026-08-14" } ], "startDate": "2026-01-01",
 *     "deactivatedAt": null,
 *     "entries": [ { "date": "2026-01-02", "value": 5.2, "note": "", "status": "done",
 *                    "statusSource": "derived" } ] } ] }
 * ```
 *
 * Everything a user set is kept; what Mosaic derives (ids, stats, `atRisk`, roll-ups) is not,
 * and is rebuilt on import. `deactivatedAt` and `statusSource` are written by the exporter and
 * optional on import.
 */

/** Trimmed text of at most `max` characters (one line); empty when absent. */
const Text = (max: number) => z._default(trimmedText(max), '');
/** Trimmed text of at most `max` characters over several lines; empty when absent. */
const LongText = (max: number) => z._default(multilineText(max), '');
/** An entry value or goal (storable, as the API's); null when absent. */
const Amount = () => z._default(z.nullable(storableNumber().check(z.gte(0), z.lte(1_000_000))), null);

export const MosaicJsonEntry = z.object({
  date: LocalDate,
  value: Amount(),
  note: LongText(1000),
  status: EntryStatus,
  statusSource: z.optional(z.enum(['explicit', 'derived', 'finalized'])),
});
export type MosaicJsonEntry = z.output<typeof MosaicJsonEntry>;

const Pause = z
  .object({ from: PlanDate, to: z.optional(PlanDate) })
  .check(z.refine((p) => p.to === undefined || p.to >= p.from, { message: 'must not be before from', path: ['to'] }));

export const MosaicJsonActivity = z
  .object({
    name: CreateActivityBody.shape.name,
    description: LongText(500),
    category: Text(40),
    unit: Text(20),
    goal: Amount(),
    direction: z._default(Direction, 'positive'),
    cadence: z._default(Cadence, { type: 'daily' }),
    difficulty: z._default(Difficulty, 'medium'),
    priority: z._default(Priority, 'medium'),
    // Absent in files written before colours and icons existed: the defaults a new activity gets.
    color: z.optional(ActivityColor),
    icon: z.optional(z.nullable(ActivityIcon)),
    status: z._default(ActivityStatus, 'active'),
    pauses: z._default(z.array(Pause).check(z.maxLength(100)), []),
    startDate: LocalDate,
    deactivatedAt: z.optional(z.nullable(z.iso.datetime({ offset: true }))),
    entries: z.array(MosaicJsonEntry).check(z.maxLength(MAX_IMPORT_ROWS)),
  })
  .check(
    z.superRefine((a, ctx) => {
      const seen = new Map<IsoDate, number>();
      a.entries.forEach((e, i) => {
        const first = seen.get(e.date);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['entries', i, 'date'], message: `${e.date} is also the date of entries[${first}]` });
        } else seen.set(e.date, i);
      });
      const pauses = [...a.pauses].sort((x, y) => (x.from < y.from ? -1 : 1));
      for (let i = 1; i < pauses.length; i++) {
        const before = pauses[i - 1]!;
        if (before.to === undefined || before.to >= pauses[i]!.from) {
          ctx.addIssue({ code: 'custom', path: ['pauses'], message: `the pause from ${pauses[i]!.from} overlaps the one from ${before.from}` });
        }
      }
    }),
  );
export type MosaicJsonActivity = z.output<typeof MosaicJsonActivity>;

export const MosaicJsonDocument = z
  .object({
    format: z.literal('mosaic', { error: 'must be "mosaic" (this is not a Mosaic export)' }),
    version: z.literal(1, { error: 'must be 1 (this Mosaic reads version 1 of the format)' }),
    exportedAt: z.iso.datetime({ offset: true }),
    activities: z.array(MosaicJsonActivity).check(z.maxLength(MAX_ACTIVITIES_PER_USER)),
  })
  .check(
    z.superRefine((doc, ctx) => {
      const names = new Map<string, number>();
      let entries = 0;
      doc.activities.forEach((a, i) => {
        entries += a.entries.length;
        const key = normalizeName(a.name);
        const first = names.get(key);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['activities', i, 'name'], message: `"${a.name}" is also the name of activities[${first}]` });
        } else names.set(key, i);
      });
      if (entries > MAX_IMPORT_ROWS) {
        ctx.addIssue({ code: 'custom', path: ['activities'], message: `holds ${entries} entries; at most ${MAX_IMPORT_ROWS} can be imported at once` });
      }
    }),
  );
export type MosaicJsonDocument = z.output<typeof MosaicJsonDocument>;

/** Most issues an {@link InvalidDocumentError} lists. */
export const MAX_LISTED_ISSUES = 50;

/** Formats a zod error as `path: message` lines, e.g. `activities[0].entries[3].date: is not a real calendar date`. */
export function formatIssues(error: z.core.$ZodError): string[] {
  return error.issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
      .join('');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

/**
 * Reads a Mosaic JSON export (bytes must be UTF-8; a byte-order mark is allowed) and validates
 * it. Throws {@link ImportTooLargeError} past `maxBytes`, {@link NotUtf8Error}, or
 * {@link InvalidDocumentError} with every issue (`path: message`, the first 50) when the text is
 * not JSON or not the format. The whole file is refused on any issue: an export is
 * machine-made, so a wrong part means a wrong file.
 */
export function parseMosaicJson(input: Uint8Array | string, options: { maxBytes?: number } = {}): MosaicJsonDocument {
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (size > maxBytes) throw new ImportTooLargeError(maxBytes);
  let text = typeof input === 'string' ? input : decodeUtf8(input);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InvalidDocumentError([`the file is not JSON (${(error as Error).message})`]);
  }
  const parsed = MosaicJsonDocument.safeParse(data);
  if (!parsed.success) throw new InvalidDocumentError(formatIssues(parsed.error));
  return parsed.data;
}

/** Pages of items: each page is written before the next one is asked for. */
export type PageSource<T> = AsyncIterable<readonly T[]> | Iterable<readonly T[]>;

/** What the exporters read of an entry (a stored `Entry` fits). */
export type ExportEntry = Pick<Entry, 'date' | 'value' | 'note' | 'status'> & { statusSource?: StatusSource };

/**
 * What the exporters read of an activity (a stored `Activity` fits), with its entries as pages.
 * Only the fields of the format are written: ids, owner and stats never leave.
 */
export type ExportActivity = Pick<
  Activity,
  'name' | 'description' | 'category' | 'unit' | 'goal' | 'direction' | 'cadence' | 'difficulty' | 'priority' | 'status' | 'startDate'
> &
  Partial<Pick<Activity, 'color' | 'icon'>> & {
  pauses: readonly DateRange[];
  deactivatedAt?: string | null;
  entries: PageSource<ExportEntry>;
};

/**
 * Streams a Mosaic JSON export as string chunks whose concatenation is the document: one chunk
 * for the opening, one per activity's settings, one per page of entries, one per closing. It
 * never holds more than one page: a page is turned into its chunk and yielded before the next
 * is asked for. Activities and pages are read in the order given.
 */
export async function* writeMosaicJson(input: {
  exportedAt: Date | string;
  activities: AsyncIterable<ExportActivity> | Iterable<ExportActivity>;
}): AsyncGenerator<string> {
  const exportedAt = typeof input.exportedAt === 'string' ? input.exportedAt : input.exportedAt.toISOString();
  const head = JSON.stringify({ format: 'mosaic', version: 1, exportedAt });
  yield `${head.slice(0, -1)},"activities":[`;
  let firstActivity = true;
  for await (const activity of input.activities) {
    const settings = JSON.stringify(activitySettings(activity));
    yield `${firstActivity ? '' : ','}\n${settings.slice(0, -1)},"entries":[`;
    firstActivity = false;
    let firstEntry = true;
    for await (const page of activity.entries as AsyncIterable<readonly ExportEntry[]>) {
      if (page.length === 0) continue;
      yield `${firstEntry ? '' : ','}\n${page.map((e) => JSON.stringify(entryFields(e))).join(',\n')}`;
      firstEntry = false;
    }
    yield ']}';
  }
  yield '\n]}\n';
}

function activitySettings(a: ExportActivity) {
  return {
    name: a.name,
    description: a.description,
    category: a.category,
    unit: a.unit,
    goal: a.goal,
    direction: a.direction,
    cadence: a.cadence,
    difficulty: a.difficulty,
    priority: a.priority,
    ...(a.color === undefined ? {} : { color: a.color }),
    ...(a.icon === undefined ? {} : { icon: a.icon }),
    status: a.status,
    pauses: a.pauses.map((p) => (p.to === undefined ? { from: p.from } : { from: p.from, to: p.to })),
    startDate: a.startDate,
    deactivatedAt: a.deactivatedAt ?? null,
  };
}

function entryFields(e: ExportEntry) {
  return e.statusSource === undefined
    ? { date: e.date, value: e.value, note: e.note, status: e.status }
    : { date: e.date, value: e.value, note: e.note, status: e.status, statusSource: e.statusSource };
}
