import { addDays, monthOf, weekStart, type IsoDate } from '../kit/dates.ts';
import { activityView, requireActivity, type ActivityView } from './activities.ts';
import { progressDashboard, type ProgressDashboard } from './analytics/dashboard.ts';
import {
  completionRate,
  consistencyScore,
  consistencyTrend,
  heatmap,
  monthlySeries,
  weeklySeries,
  yearStart,
  type Consistency,
  type HeatCell,
  type OccasionCounts,
  type PeriodRow,
  type TrendPoint,
} from './analytics/series.ts';
import { adaptiveSuggestions, type Suggestion } from './analytics/suggestions.ts';
import { userToday, type TrackingReads } from './deps.ts';

/** Weeks and months in an activity's series and trend. */
export const SERIES_WEEKS = 12;
export const SERIES_MONTHS = 12;

export interface ActivityInsights {
  activity: ActivityView;
  date: IsoDate;
  consistency: Consistency;
  completion: OccasionCounts;
  heatmap: HeatCell[];
  weekly: PeriodRow[];
  monthly: PeriodRow[];
  trend: TrendPoint[];
  suggestions: Suggestion[];
}

/**
 * Everything about one activity's progress, as of `date` (default: the user's today). Its
 * cost is fixed: the activity item (stats kept current by the consumer and rolled forward here)
 * and at most 13 month roll-ups for the year-long heatmap and series — whatever the history's length.
 */
export async function getActivityInsights(
  deps: Pick<TrackingReads, 'activities' | 'rollups' | 'profiles' | 'now'>,
  userId: string,
  id: string,
  date?: IsoDate,
): Promise<ActivityInsights> {
  const [activity, { today }] = await Promise.all([requireActivity(deps, userId, id), userToday(deps, userId)]);
  const day = date ?? today;
  // A year of months covers the heatmap, 12 months, 12 weeks and a 30-day window 12 weeks back —
  // from the Monday of the first day's week: whether a weekly habit is still due on that day
  // depends on the days of its week before it (a year starting on Sunday 1 Dec needs 25–30 Nov).
  const from = weekStart([yearStart(day), addDays(day, -(SERIES_WEEKS * 7 + 30))].sort()[0]!);
  const history = await deps.rollups.history(userId, id, monthOf(from), monthOf(day));
  const view = activityView(activity, today);
  return {
    activity: view,
    date: day,
    consistency: consistencyScore(activity, history, day),
    completion: completionRate(activity, history, day),
    heatmap: heatmap(activity, history, day),
    weekly: weeklySeries(activity, history, day, SERIES_WEEKS),
    monthly: monthlySeries(activity, history, day, SERIES_MONTHS),
    trend: consistencyTrend(activity, history, day, SERIES_WEEKS),
    suggestions: adaptiveSuggestions(activity, history, day, view.stats),
  };
}

/**
 * The progress dashboard (seed 000's /stats/progress) as of `date` (default: the user's today).
 * Its cost is fixed: the activities, the goals and at most 30 day roll-ups.
 */
export async function getDashboard(
  deps: Pick<TrackingReads, 'activities' | 'rollups' | 'goals' | 'profiles' | 'now'>,
  userId: string,
  date?: IsoDate,
): Promise<ProgressDashboard> {
  const { today } = await userToday(deps, userId);
  const day = date ?? today;
  const [activities, rollups, goals] = await Promise.all([
    deps.activities.listAll(userId),
    deps.rollups.dayRollups(userId, addDays(day, -29), day),
    deps.goals.listAll(userId),
  ]);
  return progressDashboard({ activities, rollups, goals, today: day });
}
