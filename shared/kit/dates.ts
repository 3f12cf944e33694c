/**
 * Calendar dates as `YYYY-MM-DD` strings. All arithmetic is done in UTC on the date alone,
 * so a "day" never depends on the server's zone or on daylight-saving shifts.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True when `value` is a real calendar date in `YYYY-MM-DD` form (so `2026-02-30` is not). */
export function isRealDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Days since 1970-01-01 for a date string. */
export function dayNumber(date: IsoDate): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The date string of a day number. */
export function fromDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The Monday that starts the ISO week holding `date`. */
export function weekStart(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** `YYYY-MM` of a date. */
export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

/** Every date from `from` to `to`, both included. */
export function dateRange(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = dayNumber(from), end = dayNumber(to); d <= end; d++) out.push(fromDayNumber(d));
  return out;
}

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The last answer per time zone, with its UTC minute: zone offsets are whole minutes, so a local
 * date changes only at a minute's start, and every request of a minute in one zone (most of a
 * function's) is answered without formatting.
 */
const lastDates = new Map<string, { minute: number; date: IsoDate }>();

/** The local calendar date at instant `at` in an IANA time zone. */
export function localDate(timeZone: string, at: Date = new Date()): IsoDate {
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastDates.get(timeZone);
  if (last?.minute === minute) return last.date;
  let format = dateFormats.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  const date = format.format(at);
  lastDates.set(timeZone, { minute, date });
  return date;
}

/** The canonical zone names this runtime knows (ICU's list), plus `UTC`. */
let canonicalZones: ReadonlySet<string> | undefined;
function knownZones(): ReadonlySet<string> {
  return (canonicalZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']));
}

/** The geographic areas of IANA zone names (`Europe/Berlin`); not `Etc/…`, `US/…` or `SystemV/…`. */
const IANA_AREA_NAME = /^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)(\/[A-Z][A-Za-z0-9_+-]*){1,2}$/;

/**
 * True when `timeZone` is an IANA zone name a user may choose: a canonical name of this
 * runtime's list (`Intl.supportedValuesOf('timeZone')`, which browsers offer too) or `UTC`.
 * ICU's list can lag IANA's renames (it still says `Asia/Calcutta` and `Europe/Kiev`), so a
 * current area name that resolves to a known zone (`Asia/Kolkata`, `Europe/Kyiv`) is one too.
 * Abbreviations and offsets (`EST`, `CET`, `GMT`, `+05:00`), `Etc/GMT+5` and the old
 * `US/Eastern`-style links are refused: they do not follow a place's daylight-saving rules.
 */
export function isIanaTimeZone(timeZone: string): boolean {
  if (knownZones().has(timeZone)) return true;
  if (!IANA_AREA_NAME.test(timeZone)) return false;
  try {
    return knownZones().has(new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone);
  } catch {
    return false;
  }
}

/** Today's date in UTC. */
export function utcToday(now: Date = new Date()): IsoDate {
  return now.toISOString().slice(0, 10);
}
