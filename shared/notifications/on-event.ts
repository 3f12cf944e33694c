import { pickEvents, type ReceivedEventOf } from '../events/event-spec.ts';
import { trackingEvents } from '../events/tracking.ts';
import { localDate } from '../kit/dates.ts';
import type { ProfileRepository } from '../users/profile-repository.ts';
import type { NotificationRepository } from './notification-repository.ts';
import { notification } from './notifications.ts';

/** The events that become in-app notifications. */
export const notifiedEvents = pickEvents(trackingEvents, ['activity.at_risk', 'goal.completed', 'import.completed']);

/**
 * Turns a domain event into the user's in-app notification (the notifications consumer).
 * Repeated deliveries store it once: its id is derived from the event's subject and the day the
 * event happened (not the day it is delivered, so a redelivery after midnight is the same one).
 */
export async function notifyFromEvent(
  deps: { notifications: NotificationRepository; profiles: ProfileRepository; now: () => Date },
  event: ReceivedEventOf<typeof notifiedEvents>,
): Promise<void> {
  const { userId } = event.detail;
  const profile = await deps.profiles.get(userId);
  if (!profile) return; // the account is gone
  const now = deps.now();
  const today = localDate(profile.timezone, new Date(event.time));
  switch (event.type) {
    case 'activity.at_risk': {
      const { activityId, name, consecutiveMisses } = event.detail;
      await deps.notifications.add(
        userId,
        notification('at_risk', today, activityId, `${name} is at risk`, `You missed it ${consecutiveMisses} times in a row. A small step today keeps it alive.`, { activityId, name, consecutiveMisses }, now),
      );
      return;
    }
    case 'goal.completed': {
      const { goalId, name, targetValue } = event.detail;
      await deps.notifications.add(userId, notification('goal_completed', today, goalId, `Goal reached: ${name}`, `You reached ${targetValue}.`, { goalId, name, targetValue }, now));
      return;
    }
    case 'import.completed': {
      const { importId, summary: s } = event.detail;
      await deps.notifications.add(
        userId,
        notification('import_completed', today, importId, 'Import finished', `${s.imported} imported, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected.`, { importId, summary: s }, now),
      );
      return;
    }
  }
}
