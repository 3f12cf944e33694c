import { addDays, localDate, type IsoDate } from '../kit/dates.ts';
import type { Page } from '../kit/schemas.ts';
import { isDueDay } from './cadence.ts';
import type { TrackingDeps } from './deps.ts';
import { loggedEvent } from './entries.ts';

/** How far back the nightly job catches up after missed runs. */
export const FINALIZE_CATCH_UP_DAYS = 7;

/**
 * Records `missed` for every activity due on `date` that has no entry (seed 001's finalize_day).
 * Idempotent: an existing entry is never overwritten, so running it twice changes nothing.
 * Weekly-cadence activities have no due *day* and are not touched: their week is judged whole.
 * Returns how many entries were recorded.
 */
export async function finalizeDay(
  deps: Pick<TrackingDeps, 'activities' | 'entries' | 'events' | 'now'>,
  userId: string,
  date: IsoDate,
): Promise<{ date: IsoDate; recorded: number }> {
  const [activities, entries] = await Promise.all([
    deps.activities.listAll(userId),
    deps.entries.listByDate(userId, date),
  ]);
  const logged = new Set(entries.map((e) => e.activityId));
  const events = [];
  for (const activity of activities) {
    if (activity.status !== 'active' || activity.cadence.type === 'weekly') continue;
    if (logged.has(activity.id) || !isDueDay(activity, date)) continue;
    const entry = await deps.entries.putIfAbsent(
      userId,
      { activityId: activity.id, date, value: null, note: '', status: 'missed', statusSource: 'finalized' },
      deps.now(),
    );
    if (entry) events.push(loggedEvent(userId, entry));
  }
  if (events.length) await deps.events.publish(events);
  return { date, recorded: events.length };
}

/**
 * The nightly job for every user: once a user's local day has ended, finalize it (and any days
 * missed since the last run, up to a week back). Users are read a page at a time.
 */
export async function finalizeEndedDays(
  deps: Pick<TrackingDeps, 'activities' | 'entries' | 'events' | 'profiles' | 'now'>,
): Promise<{ users: number; days: number; recorded: number }> {
  const totals = { users: 0, days: 0, recorded: 0 };
  let cursor: string | undefined;
  do {
    const page: Page<Awaited<ReturnType<typeof deps.profiles.get>> & object> = await deps.profiles.list({ limit: 100, cursor });
    for (const profile of page.items) {
      totals.users++;
      const yesterday = addDays(localDate(profile.timezone, deps.now()), -1);
      const earliest = addDays(yesterday, 1 - FINALIZE_CATCH_UP_DAYS);
      const after = profile.finalizedThrough;
      let day = after && after >= earliest ? addDays(after, 1) : earliest;
      if (day > yesterday) continue;
      for (; day <= yesterday; day = addDays(day, 1)) {
        const result = await finalizeDay(deps, profile.id, day);
        totals.days++;
        totals.recorded += result.recorded;
      }
      await deps.profiles.update(profile.id, { finalizedThrough: yesterday });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return totals;
}
