import { addDays, dayNumber, weekStart, type IsoDate } from '../kit/dates.ts';
import type { Activity, ActivityStats, History } from './model.ts';
import { WEEKDAYS } from './limits.ts';
import type { Cadence, Direction, Weekday } from './schemas.ts';

/**
 * When an activity is due (docs/metrics.md §1).
 *
 * - An activity is *active* on a date when the date is on or after it started being tracked
 *   (`since`, by default `startDate`), not inside one of its pauses, and before the date it was
 *   deactivated (the UTC date of `deactivatedAt`).
 * - Daily and weekdays cadences have a *due day* occasion: every active day, or every active day
 *   that is one of the named weekdays.
 * - A weekly cadence has a *week* occasion: the ISO week (Monday–Sunday) needs `timesPerWeek`
 *   completions, pro rata when part of the week is not open (see {@link weekRequirement}).
 */

/**
 * The fields that decide when an activity is due; `direction` (a negative activity's empty days
 * are kept days) and the stats' `since` (its tracking start) when known.
 */
export type Schedule = Pick<Activity, 'cadence' | 'startDate' | 'pauses' | 'deactivatedAt'> & {
  direction?: Direction;
  stats?: Pick<ActivityStats, 'since'>;
};

/** The ISO weekday name of a date. */
export function weekdayOf(date: IsoDate): Weekday {
  return WEEKDAYS[isoWeekdayOfDay(dayNumber(date)) - 1]!;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; 1970-01-01 (day 0) was a Thursday. */
export function isoWeekdayOfDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7 + 1;
}

/** True when `date` falls inside one of the activity's pauses (both ends included, `to` optional). */
export function isPaused(activity: Pick<Activity, 'pauses'>, date: IsoDate): boolean {
  return activity.pauses.some((p) => p.from <= date && (p.to === undefined || date <= p.to));
}

/**
 * The first date on which a deactivated activity is no longer due: the (UTC) date part of
 * `deactivatedAt`, or null when it is not deactivated.
 */
export function deactivationDate(activity: Pick<Activity, 'deactivatedAt'>): IsoDate | null {
  return activity.deactivatedAt ? activity.deactivatedAt.slice(0, 10) : null;
}

/**
 * The date an activity's tracking starts: its `startDate`, or its first recorded day when that is
 * earlier (backfilled or imported entries move the start back, so they count). The first recorded
 * day is the earliest of the given history's and of the stats' `since` (kept by the stats fold
 * over the whole history), so a view handed a window of history judges the same days as the
 * stats (docs/metrics.md §1).
 */
export function trackingSince(activity: Pick<Activity, 'startDate'> & { stats?: Pick<ActivityStats, 'since'> }, history?: History): IsoDate {
  let since = activity.startDate;
  const known = activity.stats?.since;
  if (known !== undefined && known < since) since = known;
  if (history) for (const date of history.keys()) if (date < since) since = date;
  return since;
}

/**
 * True when the activity is active on `date`: on or after `since`, not paused, not yet
 * deactivated. Status `paused` is not read here: pausing records an (open-ended) pause range.
 */
export function isActiveOn(activity: Schedule, date: IsoDate, since: IsoDate = activity.startDate): boolean {
  if (date < since || isPaused(activity, date)) return false;
  const until = deactivationDate(activity);
  return until === null || date < until;
}

/**
 * True when the cadence itself names `date`: weekdays — its days; every N days — the days N, 2N,
 * … days from `anchor` (the start date; before it too, backwards); daily, weekly, monthly — every
 * day.
 */
export function isCadenceDay(cadence: Cadence, date: IsoDate, anchor?: IsoDate): boolean {
  if (cadence.type === 'weekdays') return cadence.weekdays.includes(weekdayOf(date));
  if (cadence.type === 'interval') return onInterval(dayNumber(date), dayNumber(anchor ?? date), cadence.everyDays);
  return true;
}

/** True when `day` is a whole number of `every` days from `anchor` (either way). */
function onInterval(day: number, anchor: number, every: number): boolean {
  return (((day - anchor) % every) + every) % every === 0;
}

/** Average days in a calendar month (365.25 / 12). */
export const DAYS_PER_MONTH = 365.25 / 12;

/**
 * A cadence counted per period (docs/metrics.md §1): N times per ISO week, or N times per calendar
 * month. Null for the day cadences (daily, weekdays, every N days).
 */
export interface PeriodCadence {
  unit: 'week' | 'month';
  times: number;
}

export function periodCadence(cadence: Cadence): PeriodCadence | null {
  if (cadence.type === 'weekly') return { unit: 'week', times: cadence.timesPerWeek };
  if (cadence.type === 'monthly') return { unit: 'month', times: cadence.timesPerMonth };
  return null;
}

/** The first day of the period (ISO week or calendar month) holding `date`. */
export function periodStart(unit: PeriodCadence['unit'], date: IsoDate): IsoDate {
  return unit === 'week' ? weekStart(date) : `${date.slice(0, 7)}-01`;
}

/** The first and last day of the period holding `date`, and its length in days. */
export function periodBounds(unit: PeriodCadence['unit'], date: IsoDate): { start: IsoDate; end: IsoDate; length: number } {
  const start = periodStart(unit, date);
  const next = unit === 'week' ? addDays(start, 7) : periodStart('month', addDays(start, 31));
  return { start, end: addDays(next, -1), length: dayNumber(next) - dayNumber(start) };
}

/** Completions a period of `length` days needs with `openDays` open: ⌈times × open / length⌉. */
export function periodRequirement(times: number, openDays: number, length: number): number {
  return Math.floor((times * openDays + length - 1) / length);
}

/**
 * True when the activity is due on `date`. For daily and weekdays cadences this is the due-day
 * occasion (false before `since`, on paused days and from the deactivation date on). For a weekly
 * cadence every active day may carry one of the week's completions, so every active day is
 * reported; whether a completion is still *needed* that day is {@link isExpectedOn}'s question.
 */
export function isDueDay(activity: Schedule, date: IsoDate, since: IsoDate = activity.startDate): boolean {
  return isActiveOn(activity, date, since) && isCadenceDay(activity.cadence, date, activity.startDate);
}

/** How many completions the cadence asks for in a full, open week, on average. */
export function occasionsPerWeek(cadence: Cadence): number {
  switch (cadence.type) {
    case 'daily':
      return 7;
    case 'weekdays':
      return cadence.weekdays.length;
    case 'weekly':
      return cadence.timesPerWeek;
    case 'interval':
      return 7 / cadence.everyDays;
    case 'monthly':
      return (7 * cadence.timesPerMonth) / DAYS_PER_MONTH;
  }
}

/** The Monday and Sunday of the ISO week holding `date`. */
export function weekBounds(date: IsoDate): { start: IsoDate; end: IsoDate } {
  const start = weekStart(date);
  return { start, end: addDays(start, 6) };
}

/**
 * Completions a week needs when only `openDays` of its 7 days are open (active and not skipped):
 * ⌈timesPerWeek × openDays / 7⌉. A full week needs `timesPerWeek`; a week with no open day needs
 * nothing (it is not an occasion).
 */
export function weekRequirement(timesPerWeek: number, openDays: number): number {
  // Integer form of the ceiling, so no float rounding can creep in.
  return Math.floor((timesPerWeek * openDays + 6) / 7);
}

/** One ISO week of a weekly-cadence activity, as its history has it. */
export interface WeekOccasion {
  /** Monday of the week. */
  start: IsoDate;
  /** Sunday of the week. */
  end: IsoDate;
  /** Days of the week the activity is active. */
  activeDays: number;
  /** Active days recorded as skipped. */
  skippedDays: number;
  /** Completions the whole week needs: weekRequirement(timesPerWeek, activeDays − skippedDays). */
  required: number;
  /** Done entries on active days (and, for a negative activity, empty days that are over). */
  done: number;
  /**
   * The day the week reached its requirement, judged day by day exactly as the stats fold does
   * (skips so far plus days known to be inactive later in the week), or null.
   */
  satisfiedOn: IsoDate | null;
}

/**
 * The ISO week holding `date` for a weekly-cadence activity: how many completions it needs, how
 * many it has, and when (if ever) it was satisfied. For other cadences `required` is 0. For a
 * negative activity the empty open days before `keptBefore` (default `date`) are kept days and
 * count as done.
 */
export function weekOccasion(
  activity: Schedule,
  date: IsoDate,
  history: History = new Map(),
  since: IsoDate = activity.startDate,
  keptBefore: IsoDate = date,
): WeekOccasion {
  const kept = activity.direction === 'negative';
  const period = periodCadence(activity.cadence);
  const { start, end, length } = periodBounds(period?.unit ?? 'week', date);
  const times = period?.times ?? 0;
  const days = Array.from({ length }, (_, i) => addDays(start, i));
  const active = days.map((d) => isActiveOn(activity, d, since));
  const slots = days.map((d) => history.get(d));
  let off = 0;
  let done = 0;
  let skipped = 0;
  let satisfiedOn: IsoDate | null = null;
  for (let i = 0; i < length; i++) {
    const slot = slots[i];
    if (!active[i]) off++;
    else if (slot?.status === 'skipped') {
      off++;
      skipped++;
    } else if (slot?.status === 'done' || (kept && slot === undefined && days[i]! < keptBefore)) done++;
    // Days later in the week already known to be inactive lower the requirement now.
    const laterOff = active.slice(i + 1).filter((a) => !a).length;
    const required = periodRequirement(times, length - off - laterOff, length);
    if (satisfiedOn === null && required > 0 && done >= required) satisfiedOn = days[i]!;
  }
  const activeDays = active.filter(Boolean).length;
  return { start, end, activeDays, skippedDays: skipped, required: periodRequirement(times, activeDays - skipped, length), done, satisfiedOn };
}

/**
 * True when the activity still expects a completion on `date`. Daily and weekdays cadences: the
 * day is a due day. Weekly cadence: the day is active and its ISO week had not been satisfied
 * before `date` — so a 3×/week habit is expected every day of its week until the third
 * completion, and on no day after it. Without a history every active day of the week is expected.
 */
export function isExpectedOn(
  activity: Schedule,
  date: IsoDate,
  history?: History,
  since: IsoDate = activity.startDate,
): boolean {
  if (!isDueDay(activity, date, since)) return false;
  if (periodCadence(activity.cadence) === null) return true;
  const week = weekOccasion(activity, date, history, since);
  return week.satisfiedOn === null || week.satisfiedOn >= date;
}

/**
 * The activities due (expected) on `date`, in the given order: daily and weekdays activities on
 * their due days, weekly ones on every active day of a week they have not yet satisfied before
 * that date (see {@link isExpectedOn}). `histories` (by activity id) lets weekly activities drop
 * out once satisfied; a missing history counts as no completions. Skipped entries do not remove
 * an activity from this list (it is due; the user excused it) — completion ratios leave them out.
 * Each activity's tracking start is {@link trackingSince} its history.
 */
export function dueActivitiesOn<A extends Schedule & { id: string }>(
  activities: readonly A[],
  date: IsoDate,
  histories?: ReadonlyMap<string, History>,
): A[] {
  return activities.filter((a) => {
    const history = histories?.get(a.id);
    return isExpectedOn(a, date, history, trackingSince(a, history));
  });
}

/**
 * A schedule turned into day-number predicates, for loops over many days (the stats fold walks
 * ten years in a few milliseconds with it).
 */
export interface CompiledSchedule {
  /** First active day (day number). */
  since: number;
  /** First day no longer active because of deactivation (Infinity when not deactivated). */
  until: number;
  /** True on active days. */
  active(day: number): boolean;
  /** True on days the cadence names (daily/weekly: all; weekdays: its days). */
  cadenceDay(day: number): boolean;
}

/** Compiles a schedule, with tracking starting at `since` (default: `startDate`). */
export function compileSchedule(activity: Schedule, since: IsoDate = activity.startDate): CompiledSchedule {
  const sinceDay = dayNumber(since);
  const until = deactivationDate(activity);
  const untilDay = until === null ? Infinity : dayNumber(until);
  const pauses = activity.pauses.map((p) => [dayNumber(p.from), p.to === undefined ? Infinity : dayNumber(p.to)] as const);
  const { cadence } = activity;
  const mask = [false, ...WEEKDAYS.map((w) => cadence.type !== 'weekdays' || cadence.weekdays.includes(w))];
  const anchor = dayNumber(activity.startDate);
  return {
    since: sinceDay,
    until: untilDay,
    active(day) {
      if (day < sinceDay || day >= untilDay) return false;
      for (const [from, to] of pauses) if (day >= from && day <= to) return false;
      return true;
    },
    cadenceDay(day) {
      if (cadence.type === 'interval') return onInterval(day, anchor, cadence.everyDays);
      return mask[isoWeekdayOfDay(day)]!;
    },
  };
}
