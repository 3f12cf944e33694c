import { inUserOrder } from './ordering.ts';
import { monthOf, type IsoDate } from '../kit/dates.ts';
import { activityView, type ActivityView } from './activities.ts';
import { historiesFromRollups } from './analytics/dashboard.ts';
import { dayOutcome, type DayOutcome } from './analytics/series.ts';
import { emptyDayKept, foldHistory } from './analytics/stats.ts';
import { deactivationDate, isExpectedOn, isPaused, periodBounds, trackingSince } from './cadence.ts';
import { idOf, userToday, type KnownUser, type TrackingReads } from './deps.ts';
import type { Activity, DaySlot, Entry } from './model.ts';

export interface TodayItem {
  activity: ActivityView;
  entry: Entry | null;
  /**
   * Whether the activity is expected on this date: {@link isExpectedOn} — the same answer the
   * stats and the heatmap give (a weekly one until its week has what it needs, skips lowering it).
   */
  due: boolean;
  /** What the day amounts to ({@link dayOutcome}), as the heatmap paints it. */
  outcome: DayOutcome | null;
}

export interface TodayView {
  date: IsoDate;
  timezone: string;
  items: TodayItem[];
  summary: { activities: number; due: number; done: number; skipped: number; missed: number; open: number };
}

/**
 * True when an activity belongs on the list of `date`: not paused that day, and not archived
 * before it (an activity archived later was still tracked then).
 */
function listedOn(activity: Activity, date: IsoDate): boolean {
  if (isPaused(activity, date)) return false;
  if (activity.status !== 'archived') return true;
  const until = deactivationDate(activity);
  return until !== null && date < until;
}

/**
 * Every activity tracked on `date` (default: today in the user's time zone) with its entry,
 * ordered by priority then name, each *as of that date*: whether it is due (the week's roll-ups
 * tell a weekly activity's progress, skips included) and its streak and strength. For today the
 * stats kept on the activity are rolled forward; for a past date they are folded from the
 * activity's history up to that date (that date playing "today": its own entry counts, an empty
 * due day there is not missed yet).
 */
export async function getToday(
  deps: Pick<TrackingReads, 'activities' | 'entries' | 'rollups' | 'profiles' | 'now'>,
  user: string | KnownUser,
  date?: IsoDate,
): Promise<TodayView> {
  const userId = idOf(user);
  const { today, timezone } = await userToday(deps, user);
  const day = date ?? today;
  // The roll-ups of the day's ISO week and month: what weekly and monthly activities need.
  const [week, month] = [periodBounds('week', day), periodBounds('month', day)];
  const start = week.start < month.start ? week.start : month.start;
  const end = week.end > month.end ? week.end : month.end;
  const [activities, entries, rollups] = await Promise.all([
    deps.activities.listAll(userId),
    deps.entries.listByDate(userId, day),
    deps.rollups.dayRollups(userId, start, end),
  ]);
  const byActivity = new Map(entries.map((e) => [e.activityId, e]));
  const histories = historiesFromRollups(rollups);
  // The user's order (ordering.ts); the app groups by category.
  const listed = inUserOrder(activities.filter((a) => listedOn(a, day)));
  const pastStats =
    day < today
      ? await Promise.all(listed.map(async (a) => foldHistory(a, await deps.rollups.history(userId, a.id, undefined, monthOf(day)), day)))
      : null;
  const items = listed.map((a, i) => {
    const entry = byActivity.get(a.id) ?? null;
    // The entry itself is read directly; the roll-ups may lag a write by a moment.
    const history = new Map<IsoDate, DaySlot>(histories.get(a.id) ?? []);
    if (entry) history.set(day, { status: entry.status, value: entry.value });
    else history.delete(day);
    const since = trackingSince(a, history);
    const view = activityView(a, day < today ? today : day);
    const activity = pastStats ? { ...view, status: 'active' as const, stats: pastStats[i]! } : view;
    const due = isExpectedOn(a, day, history, since);
    const outcome = dayOutcome(a, history.get(day), day, today, since);
    // A weekly activity whose week has what it needs rests, as on the heatmap.
    return { activity, entry, due, outcome: outcome === 'pending' && !due ? ('rest' as const) : outcome };
  });
  const count = (status: Entry['status']) => items.filter((i) => i.entry?.status === status).length;
  return {
    date: day,
    timezone,
    items,
    summary: {
      activities: items.length,
      due: items.filter((i) => i.due).length,
      done: count('done'),
      skipped: count('skipped'),
      missed: count('missed'),
      open: items.filter((i, n) => i.due && !i.entry && !emptyDayKept(listed[n]!)).length,
    },
  };
}
