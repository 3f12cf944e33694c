import { domainEvent } from '../events/domain-events.ts';
import { localDate } from '../kit/dates.ts';
import { NotFoundError } from '../kit/errors.ts';
import { notification } from '../notifications/notifications.ts';
import type { NotificationRepository } from '../notifications/notification-repository.ts';
import type { Profile } from '../users/profile-repository.ts';
import { statusOn } from './activities.ts';
import { advanceStats } from './analytics/stats.ts';
import { isAtRisk, needsNudge } from './analytics/suggestions.ts';
import type { TrackingDeps } from './deps.ts';

type WatchDeps = Pick<TrackingDeps, 'activities' | 'events' | 'now'>;

/**
 * The hourly risk scan for one user (seed 003): an active activity whose last two due
 * occasions were missed is marked at risk and `activity.at_risk` is published once (when it
 * becomes at risk); one that has recovered is cleared. A completion also clears it at once
 * (see rollups.ts).
 */
export async function scanUserRisks(deps: WatchDeps, profile: Profile): Promise<{ flagged: number; cleared: number }> {
  let flagged = 0;
  let cleared = 0;
  const today = localDate(profile.timezone, deps.now());
  for (const activity of await deps.activities.listAll(profile.id)) {
    const watched = statusOn(activity, today) === 'active';
    const stats = advanceStats(activity, activity.stats, today);
    const atRisk = watched && isAtRisk(stats);
    if (atRisk === activity.atRisk) continue;
    try {
      await deps.activities.update(profile.id, activity, { atRisk });
    } catch (error) {
      // Being deleted (or gone) since it was listed: nothing to flag.
      if (error instanceof NotFoundError) continue;
      throw error;
    }
    if (atRisk) {
      flagged++;
      await deps.events.publish([
        domainEvent('activity.at_risk', profile.id, {
          activityId: activity.id,
          name: activity.name,
          consecutiveMisses: stats.consecutiveMisses,
          date: today,
        }),
      ]);
    } else {
      cleared++;
    }
  }
  return { flagged, cleared };
}

/**
 * Nudges for one user (seed 003): an in-app notification for each active activity not logged
 * for two days or more. The notification's id holds the day, so there is never more than one
 * per activity per day however often this runs.
 */
export async function nudgeUser(
  deps: Pick<TrackingDeps, 'activities' | 'events' | 'now'>,
  notifications: NotificationRepository,
  profile: Profile,
): Promise<{ nudged: number }> {
  let nudged = 0;
  const now = deps.now();
  const today = localDate(profile.timezone, now);
  for (const activity of await deps.activities.listAll(profile.id)) {
    if (statusOn(activity, today) !== 'active') continue;
    // Finalize's missed entries are not the user's: only what they logged counts.
    const nudge = needsNudge(activity, activity.lastLoggedDate, today);
    if (!nudge) continue;
    const note = notification(
      'nudge',
      today,
      activity.id,
      `Time for ${activity.name}?`,
      activity.lastLoggedDate
        ? `You last logged ${activity.name} on ${activity.lastLoggedDate}.`
        : `You have not logged ${activity.name} yet.`,
      { activityId: activity.id, lastLogged: activity.lastLoggedDate },
      now,
    );
    if (await notifications.add(profile.id, note)) {
      nudged++;
      await deps.events.publish([
        domainEvent('nudge.sent', profile.id, { activityId: activity.id, name: activity.name, notificationId: note.id }),
      ]);
    }
  }
  return { nudged };
}
