import { addDays, localDate, type IsoDate } from '../kit/dates.ts';

/**
 * Reminder time maths: a local wall-clock time (`HH:MM`) on a local date in an IANA zone, turned
 * into the UTC instant it happens at, DST included. The delivery index is keyed by that instant
 * (docs/reminders.md), computed for each occurrence on its own date, so the offset that applies
 * is the one of that day.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** One formatter per zone (building one costs far more than using it). */
const wallFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `instantMs`, in ms (UTC+2 → +7,200,000). */
export function zoneOffsetMs(timeZone: string, instantMs: number): number {
  let format = wallFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  // Whole seconds: the instant's milliseconds are not in the wall time.
  return wall - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

/**
 * The instant at which the local clock of `timeZone` shows `time` on `date`. A time that happens
 * twice (the hour the clocks go back) is the first one; a time that does not happen (the hour the
 * clocks go forward) is moved on by the gap, as a clock would be (02:30 → 03:30): a reminder is
 * never lost to a DST change, nor sent twice.
 */
export function localToInstant(date: IsoDate, time: string, timeZone: string): Date {
  const [h, m] = time.split(':').map(Number);
  const wall = Date.parse(`${date}T00:00:00Z`) + (h! * 60 + m!) * MINUTE;
  // The offsets in force a day either side: at most two (zones change offset at most once a day).
  const before = zoneOffsetMs(timeZone, wall - DAY);
  const after = zoneOffsetMs(timeZone, wall + DAY);
  const candidates = [...new Set([before, after])].map((offset) => wall - offset).filter((at) => wall - zoneOffsetMs(timeZone, at) === at);
  if (candidates.length) return new Date(Math.min(...candidates));
  // In the gap: the offset before the change, read on the clock after it, is `time` + the gap.
  return new Date(wall - before);
}

/** One occurrence of a reminder: the local date it is for and when it happens. */
export interface Occurrence {
  date: IsoDate;
  at: Date;
}

/** The first occurrence of a daily `time` in `timeZone` strictly after `after`. */
export function nextOccurrence(time: string, timeZone: string, after: Date): Occurrence {
  const start = localDate(timeZone, after);
  // Yesterday's too: a zone far west can still be on the previous date's evening.
  for (let i = -1; i <= 2; i++) {
    const date = addDays(start, i);
    const at = localToInstant(date, time, timeZone);
    if (at.getTime() > after.getTime()) return { date, at };
  }
  throw new Error(`No occurrence of ${time} in ${timeZone} after ${after.toISOString()}`);
}
