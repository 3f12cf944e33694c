import { addDays, dateRange, monthOf, weekStart, type IsoDate } from '../../kit/dates.ts';
import { isActiveOn, isDueDay, isExpectedOn, trackingSince, weekOccasion, type Schedule } from '../cadence.ts';
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
  if (activity.cadence.type === 'weekly') {
    for (let monday = weekStart(from); monday <= last; monday = addDays(monday, 7)) {
      const week = weekOccasion(activity, monday, past, since);
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
    const outcome: OccasionOutcome = status ?? (date < today ? 'missed' : 'pending');
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
 * Completion rate over the `days` days ending at `today`: done / due occasions, where due
 * occasions exclude skipped, paused and pending ones ({@link occasionsBetween}). For daily and
 * weekdays cadences it equals the consistency score / 100; for a weekly cadence it counts whole
 * ISO weeks overlapping the window.
 */
export function completionRate(activity: Schedule, history: History, today: IsoDate, days = 30): OccasionCounts {
  return countOccasions(occasionsBetween(activity, history, windowStart(today, days), today, today));
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
  const since = trackingSince(activity, history);
  let completed = 0;
  let expected = 0;
  if (activity.cadence.type === 'weekly') {
    const times = activity.cadence.timesPerWeek;
    // Today counts only once it has an entry (it is not over).
    const last = to < today || history.has(today) ? minDate(to, today) : addDays(today, -1);
    for (let monday = weekStart(from); monday <= last; monday = addDays(monday, 7)) {
      let open = 0;
      let done = 0;
      for (let i = 0; i < 7; i++) {
        const date = addDays(monday, i);
        if (date < from || date > last || !isActiveOn(activity, date, since)) continue;
        const status = history.get(date)?.status;
        if (status === 'skipped') continue;
        open++;
        if (status === 'done') done++;
      }
      const weekExpected = (times * open) / 7;
      expected += weekExpected;
      completed += Math.min(done, weekExpected);
    }
  } else {
    const counts = countOccasions(occasionsBetween(activity, history, from, to, today));
    completed = counts.done;
    expected = counts.due;
  }
  return {
    score: expected > 0 ? round((100 * completed) / expected, 1) : null,
    completed: round(completed, 4),
    expected: round(expected, 4),
    from,
    to,
  };
}

/**
 * Seed 003's consistency score over the `days` days ending at `today`: 100 × completions /
 * expected completions.
 * - Daily / weekdays: expected = due days in the window that are not skipped (paused and
 *   inactive days are not due) and not today-without-an-entry; completions = those done.
 * - Weekly (N per week): for each ISO week w overlapping the window, with open_w = its days inside
 *   the window that are active and not skipped (today only once it has an entry):
 *   expected_w = N × open_w / 7 and completed_w = min(done_w, expected_w), done_w being the done
 *   entries on those days. Score = 100 × Σ completed_w / Σ expected_w.
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

/** One day of a heatmap. */
export interface HeatCell {
  date: IsoDate;
  status: EntryStatus | null;
  value: number | null;
  /** Expected that day ({@link isExpectedOn}: due day, or open day of an unsatisfied week). */
  due: boolean;
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
    return {
      date,
      status: slot?.status ?? null,
      value: slot?.value ?? null,
      due: isExpectedOn(activity, date, past, since),
      level: heatLevel(activity, slot),
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

function periodRow(
  activity: Schedule,
  history: History,
  period: string,
  from: IsoDate,
  to: IsoDate,
  endDate: IsoDate,
  occasions: Occasion[],
): PeriodRow {
  let valueSum = 0;
  for (const [date, slot] of history) if (date >= from && date <= to && date <= endDate && slot.value !== null) valueSum += slot.value;
  return { period, from, to, ...countOccasions(occasions), valueSum: round(valueSum, 6) };
}

/**
 * Per ISO week, the last `weeks` weeks ending with the one holding `endDate` (oldest first):
 * occasions due / done / skipped / missed / pending, rate = done / due, and the sum of values.
 * `endDate` plays "today". A weekly cadence has one occasion per week.
 */
export function weeklySeries(activity: Schedule, history: History, endDate: IsoDate, weeks = 12): PeriodRow[] {
  const current = weekStart(endDate);
  return Array.from({ length: weeks }, (_, i) => {
    const from = addDays(current, -7 * (weeks - 1 - i));
    const to = addDays(from, 6);
    return periodRow(activity, history, from, from, to, endDate, occasionsBetween(activity, history, from, to, endDate));
  });
}

/**
 * Per calendar month, the last `months` months ending with the one holding `endDate` (oldest
 * first), as {@link weeklySeries}. A weekly cadence's ISO week counts in the month of its Monday.
 */
export function monthlySeries(activity: Schedule, history: History, endDate: IsoDate, months = 12): PeriodRow[] {
  const [y, m] = [Number(endDate.slice(0, 4)), Number(endDate.slice(5, 7))];
  return Array.from({ length: months }, (_, i) => {
    const index = y * 12 + (m - 1) - (months - 1 - i);
    const month = `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
    const from = `${month}-01`;
    const to = addDays(monthOf(addDays(from, 31)) + '-01', -1);
    const occasions =
      activity.cadence.type === 'weekly'
        ? occasionsBetween(activity, history, from, to, endDate).filter((o) => monthOf(o.start) === month)
        : occasionsBetween(activity, history, from, to, endDate);
    return periodRow(activity, history, month, from, to, endDate, occasions);
  });
}
