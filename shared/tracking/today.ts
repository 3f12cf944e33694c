import type { IsoDate } from '../kit/dates.ts';
import { activityView, statusOn, type ActivityView } from './activities.ts';
import { isDueDay } from './cadence.ts';
import { userToday, type TrackingDeps } from './deps.ts';
import type { Entry } from './model.ts';

export interface TodayItem {
  activity: ActivityView;
  entry: Entry | null;
  /** Whether the activity is expected on this date (its cadence, pauses and start). */
  due: boolean;
}

export interface TodayView {
  date: IsoDate;
  timezone: string;
  items: TodayItem[];
  summary: { activities: number; due: number; done: number; skipped: number; missed: number; open: number };
}

/**
 * Every active activity with its entry for `date` (default: today in the user's time zone),
 * ordered by priority then name, with each activity's streak and strength as of that date.
 */
export async function getToday(
  deps: Pick<TrackingDeps, 'activities' | 'entries' | 'profiles' | 'now'>,
  userId: string,
  date?: IsoDate,
): Promise<TodayView> {
  const { today, timezone } = await userToday(deps, userId);
  const day = date ?? today;
  const [activities, entries] = await Promise.all([
    deps.activities.listAll(userId),
    deps.entries.listByDate(userId, day),
  ]);
  const byActivity = new Map(entries.map((e) => [e.activityId, e]));
  const rank = { high: 0, medium: 1, low: 2 } as const;
  const items = activities
    .filter((a) => statusOn(a, day) === 'active')
    .sort((a, b) => rank[a.priority] - rank[b.priority] || a.name.localeCompare(b.name))
    .map((a) => {
      const activity = activityView(a, day);
      // A weekly habit is due on any day until its week has its completions.
      const weekMet = a.cadence.type === 'weekly' && (activity.stats.weekDone ?? 0) >= a.cadence.timesPerWeek;
      return { activity, entry: byActivity.get(a.id) ?? null, due: isDueDay(a, day) && !weekMet };
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
      open: items.filter((i) => i.due && !i.entry).length,
    },
  };
}
