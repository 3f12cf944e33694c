/** Calendar dates as `YYYY-MM-DD` strings, computed in UTC so no local offset ever shifts them. */

export type IsoDate = string;

const DAY_MS = 86_400_000;

export const toDayNumber = (date: IsoDate): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
export const fromDayNumber = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const addDays = (date: IsoDate, days: number): IsoDate => fromDayNumber(toDayNumber(date) + days);
export const daysBetween = (a: IsoDate, b: IsoDate): number => toDayNumber(b) - toDayNumber(a);
/** 0 = Monday … 6 = Sunday. */
export const isoWeekday = (date: IsoDate): number => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
export const isIsoDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** Today's date in an IANA time zone (the user's "today" everywhere in Mosaic). */
export function todayIn(timeZone: string, at: Date = new Date()): IsoDate {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();
function fmt(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(undefined, { ...options, timeZone: 'UTC' })));
  return f;
}

const asDate = (date: IsoDate) => new Date(`${date}T00:00:00Z`);

/** "Sun 22 Nov" (with the year when it is not `thisYear`). */
export function shortDate(date: IsoDate, thisYear?: string): string {
  const withYear = thisYear !== undefined && date.slice(0, 4) !== thisYear;
  return fmt({ weekday: 'short', day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) }).format(asDate(date));
}
/** "Sunday, 22 November 2026". */
export const longDate = (date: IsoDate): string =>
  fmt({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(asDate(date));
/** "22 Nov". */
export const dayMonth = (date: IsoDate): string => fmt({ day: 'numeric', month: 'short' }).format(asDate(date));
/** "Nov" for a date or a `YYYY-MM` month. */
export const monthName = (dateOrMonth: string): string =>
  fmt({ month: 'short' }).format(asDate(dateOrMonth.length === 7 ? `${dateOrMonth}-01` : dateOrMonth));
/** "Nov 2026" for a `YYYY-MM` month. */
export const monthYear = (month: string): string => fmt({ month: 'short', year: 'numeric' }).format(asDate(`${month}-01`));

/** "22 Nov 2026" for an instant (ISO or epoch ms), as a calendar day in the user's zone. */
export function dayOf(instant: string | number, timeZone?: string): string {
  try {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone }).format(new Date(instant));
  } catch {
    return String(instant);
  }
}

/** "22 Nov 2026, 14:05" for an ISO timestamp, in the user's zone. */
export function dateTime(iso: string, timeZone?: string): string {
  try {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
  } catch {
    return iso;
  }
}

/** IANA zones the browser knows, with the browser's own first-class. */
export function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
