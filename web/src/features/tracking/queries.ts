import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api/api.ts';
import { pagedQuery } from '../../api/paged.ts';
import { refreshAfterWrite } from '../../api/refresh-after-write.ts';
import type { EntryListQuery, Goal } from '../../api/types.ts';

/**
 * The tracking area's reads, one query key per resource, all under `['tracking']` so that one
 * invalidation refreshes whatever of the area is on screen.
 */
export const trackingKeys = {
  all: ['tracking'] as const,
  today: (date: string) => ['tracking', 'today', date] as const,
  dashboard: () => ['tracking', 'dashboard'] as const,
  activities: () => ['tracking', 'activities'] as const,
  activityList: (status: string) => ['tracking', 'activities', 'list', status] as const,
  /** Every activity, for names and categories (filters, goal links, the category list). */
  activityIndex: () => ['tracking', 'activities', 'index'] as const,
  activity: (id: string) => ['tracking', 'activities', 'one', id] as const,
  activityStats: (id: string) => ['tracking', 'activities', 'stats', id] as const,
  /** An activity's stats as of a past date (the monthly report). */
  activityStatsAt: (id: string, date: string) => ['tracking', 'activities', 'stats', id, date] as const,
  goals: () => ['tracking', 'goals'] as const,
  goal: (id: string) => ['tracking', 'goals', 'one', id] as const,
  /** Every goal, all pages (the monthly report). */
  allGoals: () => ['tracking', 'goals', 'all'] as const,
  entries: (filters: EntryListQuery) => ['tracking', 'entries', filters] as const,
  /** One activity's entry on one day (the day editor), null when it has none. */
  entryOnDay: (activityId: string, date: string) => ['tracking', 'entries', 'day', activityId, date] as const,
  imports: () => ['tracking', 'imports'] as const,
  importJob: (id: string) => ['tracking', 'imports', 'one', id] as const,
};

export const ACTIVITY_PAGE = 50;
export const GOAL_PAGE = 50;
export const ENTRY_PAGE = 50;

export const trackingQueries = {
  today: (date: string) => queryOptions({ queryKey: trackingKeys.today(date), queryFn: ({ signal }) => api.today(date, signal) }),
  dashboard: () => queryOptions({ queryKey: trackingKeys.dashboard(), queryFn: ({ signal }) => api.dashboard(undefined, signal) }),
  activityIndex: () => queryOptions({ queryKey: trackingKeys.activityIndex(), queryFn: ({ signal }) => api.activities.all(signal) }),
  activity: (id: string) => queryOptions({ queryKey: trackingKeys.activity(id), queryFn: ({ signal }) => api.activities.get(id, signal) }),
  activityStats: (id: string) =>
    queryOptions({ queryKey: trackingKeys.activityStats(id), queryFn: ({ signal }) => api.activities.stats(id, undefined, signal) }),
  activityStatsAt: (id: string, date: string) =>
    queryOptions({ queryKey: trackingKeys.activityStatsAt(id, date), queryFn: ({ signal }) => api.activities.stats(id, date, signal) }),
  goal: (id: string) => queryOptions({ queryKey: trackingKeys.goal(id), queryFn: ({ signal }) => api.goals.get(id, signal) }),
  allGoals: () => queryOptions({ queryKey: trackingKeys.allGoals(), queryFn: ({ signal }) => allGoals(signal) }),
  activityList: (status: 'active' | 'paused' | 'archived' | 'all') =>
    pagedQuery(trackingKeys.activityList(status), (cursor, signal) => api.activities.list({ status, cursor, limit: ACTIVITY_PAGE }, signal)),
  goals: () => pagedQuery([...trackingKeys.goals(), 'list'] as const, (cursor, signal) => api.goals.list({ cursor, limit: GOAL_PAGE }, signal)),
  entries: (filters: EntryListQuery) =>
    pagedQuery(trackingKeys.entries(filters), (cursor, signal) => api.entries.list({ ...filters, cursor, limit: ENTRY_PAGE }, signal)),
  entryOnDay: (activityId: string, date: string) =>
    queryOptions({
      queryKey: trackingKeys.entryOnDay(activityId, date),
      queryFn: async ({ signal }) => (await api.entries.list({ from: date, to: date, activityId, limit: 1 }, signal)).items[0] ?? null,
    }),
  imports: () => queryOptions({ queryKey: trackingKeys.imports(), queryFn: ({ signal }) => api.imports.list({ limit: 10 }, signal) }),
};

/** Every goal, page after page. */
async function allGoals(signal: AbortSignal): Promise<Goal[]> {
  const out: Goal[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.goals.list({ cursor, limit: 100 }, signal);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/**
 * After a tracking write: what the write itself changed is read again now; what the roll-up
 * consumer derives from it (streaks, strength, goal progress, the dashboard) follows through
 * {@link refreshAfterWrite}. Today's own saves skip the immediate read: the page already shows
 * the entry the API answered.
 */
export function trackingChanged(client: QueryClient, options: { now?: boolean } = { now: true }): void {
  refreshAfterWrite(client, [trackingKeys.all], options);
}

export function useTrackingChanged(): (options?: { now?: boolean }) => void {
  const client = useQueryClient();
  return (options) => trackingChanged(client, options);
}

/**
 * A tracking write as a mutation: on success the area's queries are read again, and once more
 * after the consumers have caught up ({@link trackingChanged}).
 */
export function useTrackingWrite<Args, Result>(write: (args: Args) => Promise<Result>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => trackingChanged(client) });
}
