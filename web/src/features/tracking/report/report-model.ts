import type { Activity, ActivityInsights, Goal, HeatCell, PeriodRow } from '../../../api/types.ts';
import { addDays, type IsoDate } from '../../../lib/dates.ts';

/**
 * The monthly report's figures, from the routes the app already reads: an activity's stats as of
 * the month's last day (or today, in the current month) hold the heatmap of the year up to that
 * day, the month's row of occasion counts and the streak and strength as of that day; the goals
 * list holds each goal's progress (as of today: goals keep no history).
 */

/** One calendar month of the report: its days, and the day its figures are as of. */
export interface ReportMonth {
  /** YYYY-MM */
  month: string;
  from: IsoDate;
  to: IsoDate;
  /** The last day that counts: the month's last day, or today while the month runs. */
  asOf: IsoDate;
  /**
   * The date to read the stats as of: the day after a finished month (the stats leave their own
   * date open, "pending", and the month's last day must be judged), today while it runs.
   */
  statsDate: IsoDate;
  days: IsoDate[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `month` moved by `n` months (YYYY-MM). */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month a `?month=` asks for: a valid YYYY-MM not after today's month, else today's month. */
export function parseMonth(value: string | null, today: IsoDate): string {
  const current = today.slice(0, 7);
  return value && MONTH.test(value) && value <= current ? value : current;
}

export function reportMonth(month: string, today: IsoDate): ReportMonth {
  const from = `${month}-01`;
  const to = addDays(`${shiftMonth(month, 1)}-01`, -1);
  const asOf = today < to ? today : to;
  const statsDate = today <= to ? today : addDays(to, 1);
  const days: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return { month, from, to, asOf, statsDate, days };
}

/**
 * An activity belongs in a month it was tracked in: started by its end (its start, or its first
 * entry when entries predate it: `stats.since`), not archived before the month began.
 */
export function activityInMonth(activity: Pick<Activity, 'startDate' | 'deactivatedAt'> & { stats: Pick<Activity['stats'], 'since'> }, month: ReportMonth): boolean {
  if ((activity.stats.since ?? activity.startDate) > month.to) return false;
  return !activity.deactivatedAt || activity.deactivatedAt.slice(0, 10) >= month.from;
}

/** A goal belongs in a month that overlaps its span (start to deadline). */
export function goalInMonth(goal: Pick<Goal, 'startDate' | 'deadline'>, month: ReportMonth): boolean {
  return goal.startDate <= month.to && (!goal.deadline || goal.deadline >= month.from);
}

/**
 * What one day shows: the heatmap's outcome for a due day; "skipped" or "none" for a day that was
 * not due; "future" after the report's day and "before" ahead of the activity's start.
 */
export type DayMark = NonNullable<HeatCell['outcome']> | 'none' | 'future' | 'before';

export interface ReportDay {
  date: IsoDate;
  mark: DayMark;
  value: number | null;
}

export interface ActivityMonth {
  activity: Activity;
  days: ReportDay[];
  /** The month's occasions (days, or completions of a weekly cadence); null when none were judged. */
  counts: Pick<PeriodRow, 'due' | 'done' | 'skipped' | 'missed' | 'pending' | 'rate' | 'valueSum'> | null;
  currentStreak: number;
  longestStreak: number;
  strength: number;
}

/** One activity's month from its stats as of `month.statsDate`. */
export function activityMonth(insights: ActivityInsights, month: ReportMonth): ActivityMonth {
  const cells = new Map(insights.heatmap.map((c) => [c.date, c]));
  const start = insights.activity.stats.since ?? insights.activity.startDate;
  const days = month.days.map((date): ReportDay => {
    if (date > month.asOf) return { date, mark: 'future', value: null };
    if (date < start) return { date, mark: 'before', value: null };
    const cell = cells.get(date);
    if (!cell) return { date, mark: 'none', value: null };
    const mark: DayMark = cell.outcome ?? (cell.status === 'skipped' ? 'skipped' : 'none');
    return { date, mark, value: cell.value };
  });
  const row = insights.monthly.find((r) => r.period === month.month);
  const stats = insights.activity.stats;
  return {
    activity: insights.activity,
    days,
    counts: row ? { due: row.due, done: row.done, skipped: row.skipped, missed: row.missed, pending: row.pending, rate: row.rate, valueSum: row.valueSum } : null,
    currentStreak: stats.currentStreak,
    longestStreak: stats.longestStreak,
    strength: stats.strength,
  };
}

/** The letter a day prints with, so the strip reads in black and white too. */
export const MARK_SYMBOL: Record<DayMark, string> = {
  done: '✓',
  kept: '✓',
  over: '!',
  missed: '✗',
  skipped: '–',
  pending: '·',
  rest: '',
  none: '',
  future: '',
  before: '',
};

export const MARK_LABEL: Record<DayMark, string> = {
  done: 'done',
  kept: 'kept (nothing logged on a limit)',
  over: 'over the limit',
  missed: 'missed',
  skipped: 'skipped',
  pending: 'open',
  rest: 'rest day',
  none: 'not due',
  future: 'to come',
  before: 'before tracking',
};
