import { addDays, localDate, type IsoDate } from '../kit/dates.ts';
import { ConflictError } from '../kit/errors.ts';
import type { Profile } from '../users/profile-repository.ts';
import { isDueDay, periodCadence } from './cadence.ts';
import { idOf, userToday, type KnownUser, type TrackingDeps } from './deps.ts';
import { loggedEvent } from './entries.ts';

/** How far back the nightly job catches up after missed runs. */
export const FINALIZE_CATCH_UP_DAYS = 7;

/**
 * Records `missed` for every activity due on `date` that has no entry (seed 001's finalize_day).
 * Idempotent: an existing entry is never overwritten, so running it twice changes nothing.
 * Weekly and monthly activities have no due *day* and are not touched: their period is judged whole.
 * Negative (limit / avoid) activities are not touched either: their empty day is a kept day.
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
    if (activity.status !== 'active' || periodCadence(activity.cadence) || activity.direction === 'negative') continue;
    if (logged.has(activity.id) || !isDueDay(activity, date)) continue;
    const entry = await deps.entries.putIfAbsent(
      userId,
      { activityId: activity.id, date, value: null, note: '', status: 'missed', statusSource: 'finalized' },
      deps.now(),
      (stored) => [loggedEvent(userId, stored)],
    );
    if (entry) events.push(loggedEvent(userId, entry));
  }
  if (events.length) await deps.events.publish(events);
  return { date, recorded: events.length };
}

/**
 * A user's request to finalize a day: a past day, or today (closing the day early is theirs to
 * decide). A day that has not begun in the user's time zone is refused (409) and nothing is
 * written: its entries are not missed yet.
 */
export async function finalizeOwnDay(
  deps: Pick<TrackingDeps, 'activities' | 'entries' | 'events' | 'profiles' | 'now'>,
  user: string | KnownUser,
  date: IsoDate,
): Promise<{ date: IsoDate; recorded: number }> {
  const { today } = await userToday(deps, user);
  if (date > today) throw new ConflictError(`${date} has not begun yet where you are (today is ${today}): only a past day or today can be finalized.`);
  return finalizeDay(deps, idOf(user), date);
}

/**
 * The nightly job for one user (run per user by the `finalize-days` schedule's fan-out): once
 * their local day has ended, finalize it, and any days missed since the last run, up to a week
 * back. Safe to repeat: finalized days and existing entries are left as they are.
 */
export async function finalizeUserDays(
  deps: Pick<TrackingDeps, 'activities' | 'entries' | 'events' | 'profiles' | 'now'>,
  profile: Profile,
): Promise<{ days: number; recorded: number }> {
  const totals = { days: 0, recorded: 0 };
  const yesterday = addDays(localDate(profile.timezone, deps.now()), -1);
  const earliest = addDays(yesterday, 1 - FINALIZE_CATCH_UP_DAYS);
  const after = profile.finalizedThrough;
  let day = after && after >= earliest ? addDays(after, 1) : earliest;
  if (day > yesterday) return totals;
  for (; day <= yesterday; day = addDays(day, 1)) {
    const result = await finalizeDay(deps, profile.id, day);
    totals.days++;
    totals.recorded += result.recorded;
  }
  await deps.profiles.update(profile.id, { finalizedThrough: yesterday });
  return totals;
}
