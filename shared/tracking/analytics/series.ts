import { addDays, dateRange, monthOf, weekStart, type IsoDate } from '../../kit/dates.ts';
import {
  isActiveOn,
  isDueDay,
  isExpectedOn,
  periodBounds,
  periodCadence,
  periodRequirement,
  periodStart,
  trackingSince,
  weekOccasion,
  type Schedule,
} from '../cadence.ts';
import type { Activity, DaySlot, History } from '../model.ts';
import type { EntryStatus } from '../schemas.ts';

/**
 * Windowed analytics of one activity from its history (docs/metrics.md §4). Every function takes
 * `today` (or `endDate`, which plays that part): days after it are not looked at, and `today`
 * itself is not over, so an empty due day there is *pending*, never missed. Tracking starts at
 * {@link trackingSince} the given history, so pass the history from its start when entries may
 * predate `startDate`. Rates are fractions rounded to 4 decimals; scores are percentages rounded
 * to 1 decimal.
 */

/** How one occasion (a due day, or an ISO week for a weekly cadence) ended. */
export type OccasionOutcome = 'done' | 'missed' | 'skipped' | 'pending';

/** One occasion: a due day (start = end) or an ISO week (Monday–Sunday). */
export interface Occasion {
  start: IsoDate;
  end: IsoDate;
  outcome: OccasionOutcome;
}

const round = (value: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

/** The history without entries dated after `today` (the same map when there are none). */
function upTo(history: History, today: IsoDate): History {
  for (const date of history.keys()) {
    if (date > today) return new Map([...history].filter(([d]) => d <= today));
  }
  return history;
}

const minDate = (a: IsoDate, b: IsoDate) => (a < b ? a : b);

/**
 * The occasions of an activity between `from` and `to` (both included), as of `today`. Daily
 * and weekdays cadences: each due day in the range up to `today`; an empty one is missed once
 * over, pending on `today`. Weekly cadence: each ISO week overlapping the range (judged on the
 * whole week): done once it met its requirement, skipped when every active day was skipped,
 * pending until its Sunday is over, missed otherwise; weeks with no active day are left out.
 */
export function occasionsBetween(
  activity: Schedule,
  history: History,
  from: IsoDate,
  to: IsoDate,
  today: IsoDate,
): Occasion[] {
  const last = minDate(to, today);
  if (last < from) return [];
  const past = upTo(history, today);
  const since = trackingSince(activity, history);
  const out: Occasion[] = [];
  const period = periodCadence(activity.cadence);
  if (period) {
    for (let monday = periodStart(period.unit, from); monday <= last; monday = addDays(periodBounds(period.unit, monday).end, 1)) {
      const week = weekOccasion(activity, monday, past, since, today);
      if (week.activeDays === 0) continue;
      const outcome: OccasionOutcome =
        week.satisfiedOn !== null ? 'done' : week.required === 0 ? 'skipped' : week.end >= today ? 'pending' : 'missed';
      out.push({ start: week.start, end: week.end, outcome });
    }
    return out;
  }
  for (const date of dateRange(from, last)) {
    if (!isDueDay(activity, date, since)) continue;
    const status = past.get(date)?.status;
    // An empty day that is over: missed, or kept (done) for a negative activity.
    const outcome: OccasionOutcome = status ?? (date >= today ? 'pending' : activity.direction === 'negative' ? 'done' : 'missed');
    out.push({ start: date, end: date, outcome });
  }
  return out;
}

/** Occasion outcomes counted, with done / (done + missed). */
export interface OccasionCounts {
  /** Judged due occasions: done + missed (skipped and pending ones are left out). */
  due: number;
  done: number;
  skipped: number;
  missed: number;
  pending: number;
  /** done / due, 4 decimals; null when nothing was due. */
  rate: number | null;
}

/** Counts occasions by outcome. */
export function countOccasions(occasions: readonly Occasion[]): OccasionCounts {
  const n = (o: OccasionOutcome) => occasions.filter((x) => x.outcome === o).length;
  const done = n('done');
  const missed = n('missed');
  const due = done + missed;
  return { due, done, skipped: n('skipped'), missed, pending: n('pending'), rate: due ? round(done / due, 4) : null };
}

/** The first day of the `days`-day window ending at `to`. */
const windowStart = (to: IsoDate, days: number) => addDays(to, 1 - days);

/**
 * A weekly cadence counted in completions ("sessions"), over the ISO weeks overlapping
 * `from`…`to`, as of `today` (docs/metrics.md §4). For each week, its days from `from` on:
 * `required` = ⌈N × open / 7⌉ over its open days (active, not skipped; days still to come count as
 * open unless known to be inactive); `got` = done entries on its open days up to `to` (for a
 * negative activity also its empty open days that are over), at most `required`. A week that is
 * over (its Sunday before `today`, or before … `to` when `to` is earlier) is judged: `got` done,
 * `required − got` missed. A week not over counts `got` done and leaves the rest pending (it is
 * never missed). Skipped days are counted as days.
 */
export function weeklySessions(activity: Schedule, history: History, from: IsoDate, to: IsoDate, today: IsoDate): OccasionCounts & { expected: number } {
  const period = periodCadence(activity.cadence);
  const unit = period?.unit ?? 'week';
  const times = period?.times ?? 0;
  const since = trackingSince(activity, history);
  const last = minDate(to, today);
  let done = 0;
  let missed = 0;
  let pending = 0;
  let skipped = 0;
  for (let monday = periodStart(unit, from); monday <= last; monday = addDays(periodBounds(unit, monday).end, 1)) {
    const { end: sunday, length } = periodBounds(unit, monday);
    let open = 0;
    let got = 0;
    for (let i = 0; i < length; i++) {
      const date = addDays(monday, i);
      if (date < from || !isActiveOn(activity, date, since)) continue;
      const status = date <= last ? history.get(date)?.status : undefined;
      if (status === 'skipped') {
        skipped++;
        continue;
      }
      open++;
      if (date > last) continue;
      if (status === 'done' || (status === undefined && activity.direction === 'negative' && date < today)) got++;
    }
    const required = periodRequirement(times, open, length);
    const credited = Math.min(got, required);
    done += credited;
    if (sunday < today && sunday <= to) missed += required - credited;
    else pending += required - credited;
  }
  const due = done + missed;
  return { due, done, skipped, missed, pending, rate: due ? round(done / due, 4) : null, expected: due };
}

/**
 * Completion rate over the `days` days ending at `today`: done / due occasions, where due
 * occasions exclude skipped, paused and pending ones ({@link occasionsBetween}). A weekly
 * cadence is counted in completions ({@link weeklySessions}), like its consistency score: for
 * every cadence the rate equals the consistency score / 100.
 */
export function completionRate(activity: Schedule, history: History, today: IsoDate, days = 30): OccasionCounts {
  const from = windowStart(today, days);
  const past = upTo(history, today);
  if (periodCadence(activity.cadence)) {
    const { expected: _expected, ...counts } = weeklySessions(activity, past, from, today, today);
    return counts;
  }
  return countOccasions(occasionsBetween(activity, past, from, today, today));
}

/** A consistency score and what it was computed from. */
export interface Consistency {
  /** 100 × completed / expected, 1 decimal; null when nothing was expected. */
  score: number | null;
  /** Completions that count (4 decimals). */
  completed: number;
  /** Completions expected (4 decimals; fractional for a weekly cadence). */
  expected: number;
  from: IsoDate;
  to: IsoDate;
}

/** Consistency over the window ending at `to`, judged as of `today` (≥ `to`). */
function consistencyOver(activity: Schedule, history: History, to: IsoDate, days: number, today: IsoDate): Consistency {
  const from = windowStart(to, days);
  const counts =
    periodCadence(activity.cadence)
      ? weeklySessions(activity, history, from, to, today)
      : countOccasions(occasionsBetween(activity, history, from, to, today));
  const completed = counts.done;
  const expected = counts.due;
  return {
    score: expected > 0 ? round((100 * completed) / expected, 1) : null,
    completed,
    expected,
    from,
    to,
  };
}

/**
 * Seed 003's consistency score over the `days` days ending at `today`: 100 × completions /
 * expected completions.
 * - Daily / weekdays: expected = due days in the window that are not skipped (paused and
 *   inactive days are not due) and not today-without-an-entry; completions = those done.
 * - Weekly (N per week): in completions, whole numbers ({@link weeklySessions}): each week that
 *   is over expects ⌈N × open / 7⌉ of its open days in the window and completes at most that;
 *   the week in progress counts what it has (its shortfall is pending, not expected yet).
 * For every cadence the score is the completion rate × 100.
 */
export function consistencyScore(activity: Schedule, history: History, today: IsoDate, days = 30): Consistency {
  return consistencyOver(activity, upTo(history, today), today, days, today);
}

/** One point of a consistency trend. */
export interface TrendPoint {
  /** Monday of the sampled week. */
  weekStart: IsoDate;
  /** The day sampled: the week's Sunday, or `today` for the current week. */
  date: IsoDate;
  score: number | null;
}

/**
 * The consistency score sampled at the end of each of the last `weeks` ISO weeks (the current
 * week at `today`), each over the `days` days ending at the sample date. Oldest first.
 */
export function consistencyTrend(activity: Schedule, history: History, today: IsoDate, weeks = 12, days = 30): TrendPoint[] {
  const past = upTo(history, today);
  const current = weekStart(today);
  return Array.from({ length: weeks }, (_, i) => {
    const monday = addDays(current, -7 * (weeks - 1 - i));
    const date = minDate(addDays(monday, 6), today);
    return { weekStart: monday, date, score: consistencyOver(activity, past, date, days, today).score };
  });
}

/** Intensity 0–4 of a heatmap cell. */
export type HeatLevel = 0 | 1 | 2 | 3 | 4;

/**
 * A heatmap cell's intensity:
 * - 0: no entry, skipped or missed;
 * - done with no scale (no goal, goal 0, or no value): 4;
 * - done, positive with a goal g: r = value / g, level = min(4, 1 + ⌊2r⌋) — 1 below half the
 *   goal, 2 below the goal, 3 up to 1.5×, 4 beyond;
 * - done, negative with a limit g: 4 at value 0, 3 up to half the limit, 2 up to the limit, 1 over
 *   it (an explicit done).
 */
export function heatLevel(activity: Pick<Activity, 'direction' | 'goal'>, slot: DaySlot | undefined): HeatLevel {
  if (slot?.status !== 'done') return 0;
  const { goal } = activity;
  if (goal === null || goal <= 0 || slot.value === null) return 4;
  const r = slot.value / goal;
  if (activity.direction === 'positive') return Math.min(4, 1 + Math.floor(2 * r)) as HeatLevel;
  return slot.value === 0 ? 4 : r <= 0.5 ? 3 : r <= 1 ? 2 : 1;
}

/**
 * What a day of an activity amounts to, in words a calendar can paint (docs/metrics.md §4):
 * - `done`; `over`: a negative activity's value above its limit (whatever the status);
 * - `missed`: an explicit or derived miss, or an empty due day that is over (day cadences);
 * - `kept`: an empty active day of a negative activity that is over (nothing to avoid happened);
 * - `skipped`; `pending`: today, due and still empty;
 * - `rest`: an empty active day of a weekly cadence — the week is judged whole, never its days;
 * - null: not a due day (before the start, paused, archived, or a weekday not in the cadence).
 */
export type DayOutcome = 'done' | 'over' | 'missed' | 'kept' | 'skipped' | 'pending' | 'rest';

/** The outcome of one day ({@link DayOutcome}); `since` is the tracking start. */
export function dayOutcome(
  activity: Schedule & Pick<Activity, 'direction' | 'goal'>,
  slot: DaySlot | undefined,
  date: IsoDate,
  today: IsoDate,
  since: IsoDate = trackingSince(activity),
): DayOutcome | null {
  if (slot) {
    const over = activity.direction === 'negative' && activity.goal !== null && slot.value !== null && slot.value > activity.goal;
    if (over && slot.status !== 'skipped') return 'over';
    return slot.status;
  }
  if (!isDueDay(activity, date, since)) return null;
  if (date >= today) return 'pending';
  if (activity.direction === 'negative') return 'kept';
  return periodCadence(activity.cadence) ? 'rest' : 'missed';
}

/** One day of a heatmap. */
export interface HeatCell {
  date: IsoDate;
  status: EntryStatus | null;
  value: number | null;
  /** Expected that day ({@link isExpectedOn}: due day, or open day of an unsatisfied week). */
  due: boolean;
  /** What the day amounts to ({@link dayOutcome}): what a calendar paints. */
  outcome: DayOutcome | null;
  level: HeatLevel;
}

/**
 * The first day of the year ending at `endDate`: the same date a year earlier, plus one day
 * (29 February a year earlier is taken as 28 February). So the span is 366 days exactly when it
 * holds a 29 February, else 365.
 */
export function yearStart(endDate: IsoDate): IsoDate {
  const y = Number(endDate.slice(0, 4)) - 1;
  const md = endDate.slice(5) === '02-29' ? '02-28' : endDate.slice(5);
  return addDays(`${String(y).padStart(4, '0')}-${md}`, 1);
}

/** The heatmap of the year (365 or 366 days, see {@link yearStart}) ending at `endDate`, oldest first. */
export function heatmap(
  activity: Schedule & Pick<Activity, 'direction' | 'goal'>,
  history: History,
  endDate: IsoDate,
): HeatCell[] {
  const since = trackingSince(activity, history);
  const past = upTo(history, endDate);
  return dateRange(yearStart(endDate), endDate).map((date) => {
    const slot = past.get(date);
    const due = isExpectedOn(activity, date, past, since);
    const outcome = dayOutcome(activity, slot, date, endDate, since);
    return {
      date,
      status: slot?.status ?? null,
      value: slot?.value ?? null,
      due,
      // A weekly habit whose week is already met rests today.
      outcome: outcome === 'pending' && !due ? 'rest' : outcome,
      // A kept day of a negative activity is a day at 0: the best level.
      level: slot === undefined && activity.direction === 'negative' && date < endDate && isDueDay(activity, date, since) ? 4 : heatLevel(activity, slot),
    };
  });
}

/** One period (ISO week or calendar month) of a series. */
export interface PeriodRow extends OccasionCounts {
  /** The week's Monday (weekly series) or `YYYY-MM` (monthly series). */
  period: string;
  from: IsoDate;
  to: IsoDate;
  /** Sum of the non-null values recorded in the period (any status). */
  valueSum: number;
}

function periodRow(history: History, period: string, from: IsoDate, to: IsoDate, endDate: IsoDate, counts: OccasionCounts): PeriodRow {
  let valueSum = 0;
  for (const [date, slot] of history) if (date >= from && date <= to && date <= endDate && slot.value !== null) valueSum += slot.value;
  return { period, from, to, ...counts, valueSum: round(valueSum, 6) };
}

/**
 * Per ISO week, the last `weeks` weeks ending with the one holding `endDate` (oldest first):
 * occasions due / done / skipped / missed / pending, rate = done / due, and the sum of values.
 * `endDate` plays "today". A weekly cadence is counted in completions ({@link weeklySessions}).
 */
export function weeklySeries(activity: Schedule, history: History, endDate: IsoDate, weeks = 12): PeriodRow[] {
  const current = weekStart(endDate);
  const past = upTo(history, endDate);
  return Array.from({ length: weeks }, (_, i) => {
    const from = addDays(current, -7 * (weeks - 1 - i));
    const to = addDays(from, 6);
    return periodRow(history, from, from, to, endDate, periodCounts(activity, past, from, to, endDate));
  });
}

/** Occasion counts of a period: due days, or completions of the weeks starting in it. */
function periodCounts(activity: Schedule, history: History, from: IsoDate, to: IsoDate, endDate: IsoDate): OccasionCounts {
  const period = periodCadence(activity.cadence);
  if (!period) return countOccasions(occasionsBetween(activity, history, from, to, endDate));
  // The cadence's periods (weeks, months) that start in the row's period, whole.
  const first = periodStart(period.unit, from) < from ? addDays(periodBounds(period.unit, from).end, 1) : from;
  if (first > to) return countOccasions([]);
  const { expected: _expected, ...counts } = weeklySessions(activity, history, first, periodBounds(period.unit, to).end, endDate);
  return counts;
}

/**
 * Per calendar month, the last `months` months ending with the one holding `endDate` (oldest
 * first), as {@link weeklySeries}. A weekly cadence's ISO week counts (in completions) in the
 * month of its Monday.
 */
export function monthlySeries(activity: Schedule, history: History, endDate: IsoDate, months = 12): PeriodRow[] {
  const [y, m] = [Number(endDate.slice(0, 4)), Number(endDate.slice(5, 7))];
  return Array.from({ length: months }, (_, i) => {
    const index = y * 12 + (m - 1) - (months - 1 - i);
    const month = `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
    const from = `${month}-01`;
    const to = addDays(monthOf(addDays(from, 31)) + '-01', -1);
    return periodRow(history, month, from, to, endDate, periodCounts(activity, upTo(history, endDate), from, to, endDate));
  });
}
