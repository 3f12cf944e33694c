import { z } from 'zod';
import type { DomainEventType } from '../../infra/route-types.ts';
import { localDate } from '../kit/dates.ts';
import type { ProfileRepository } from '../users/profile-repository.ts';
import type { NotificationRepository } from './notification-repository.ts';
import { notification } from './notifications.ts';

const AtRisk = z.object({ activityId: z.string(), name: z.string(), consecutiveMisses: z.number() });
const GoalCompleted = z.object({ goalId: z.string(), name: z.string(), targetValue: z.number() });
const ImportCompleted = z.object({
  importId: z.string(),
  summary: z.object({ imported: z.number(), updated: z.number(), unchanged: z.number(), rejected: z.number() }),
});

/**
 * Turns a domain event into the user's in-app notification (the notifications consumer).
 * Repeated deliveries store it once: its id is derived from the event's subject and day.
 */
export async function notifyFromEvent(
  deps: { notifications: NotificationRepository; profiles: ProfileRepository; now: () => Date },
  event: { type: DomainEventType; detail: { userId: string } & Record<string, unknown> },
): Promise<void> {
  const { userId } = event.detail;
  const profile = await deps.profiles.get(userId);
  if (!profile) return; // the account is gone
  const now = deps.now();
  const today = localDate(profile.timezone, now);
  switch (event.type) {
    case 'activity.at_risk': {
      const d = AtRisk.parse(event.detail);
      await deps.notifications.add(
        userId,
        notification('at_risk', today, d.activityId, `${d.name} is at risk`, `You missed it ${d.consecutiveMisses} times in a row. A small step today keeps it alive.`, d, now),
      );
      return;
    }
    case 'goal.completed': {
      const d = GoalCompleted.parse(event.detail);
      await deps.notifications.add(userId, notification('goal_completed', today, d.goalId, `Goal reached: ${d.name}`, `You reached ${d.targetValue}.`, d, now));
      return;
    }
    case 'import.completed': {
      const d = ImportCompleted.parse(event.detail);
      const s = d.summary;
      await deps.notifications.add(
        userId,
        notification('import_completed', today, d.importId, 'Import finished', `${s.imported} imported, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected.`, d, now),
      );
      return;
    }
    default:
      throw new Error(`notifications does not handle ${event.type}`);
  }
}
