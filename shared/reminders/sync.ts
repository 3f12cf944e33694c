import type { Activity } from '../tracking/model.ts';
import { LATE_MS } from './limits.ts';
import type { ReminderRepository } from './reminder-repository.ts';
import { nextOccurrence } from './slots.ts';

/**
 * Keeps an activity's reminder slots in line with its `reminders`: a slot at the next occurrence
 * for each time (replacing the one of the same time, so a changed time zone is followed), none
 * for a time that was removed. An archived or paused activity keeps its slots: the run leaves
 * those days quiet, and they ring again once it is active.
 */
export async function syncActivityReminders(
  reminders: ReminderRepository,
  activity: Pick<Activity, 'id' | 'userId' | 'reminders'>,
  timeZone: string,
  now: Date,
): Promise<void> {
  const wanted = activity.reminders;
  const current = await reminders.forActivity(activity.userId, activity.id);
  for (const slot of current) if (!wanted.includes(slot.time)) await reminders.remove(activity.userId, activity.id, slot.time);
  for (const time of wanted) {
    const have = current.find((s) => s.time === time);
    // An unchanged slot keeps its occurrence (it may be due this minute) unless it was left behind.
    if (have && have.timeZone === timeZone && Date.parse(have.at) > now.getTime() - LATE_MS) continue;
    const next = nextOccurrence(time, timeZone, now);
    await reminders.put({ userId: activity.userId, activityId: activity.id, time, timeZone, date: next.date, at: next.at.toISOString() });
  }
}
