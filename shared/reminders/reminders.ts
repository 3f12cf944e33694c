import { domainEvent } from '../events/domain-events.ts';
import { addDays, dateRange, utcToday, type IsoDate } from '../kit/dates.ts';
import { logger } from '../kit/observability.ts';
import { notification } from '../notifications/notifications.ts';
import type { NotificationRepository } from '../notifications/notification-repository.ts';
import type { KnownUser, TrackingDeps } from '../tracking/deps.ts';
import { getToday, type TodayView } from '../tracking/today.ts';
import { inParallel } from '../kit/parallel.ts';
import type { Profile } from '../users/profile-repository.ts';
import { LATE_MS, LOOKBACK_DAYS, PUSHES_IN_FLIGHT } from './limits.ts';
import type { PushSender } from './push.ts';
import type { PushSubscriptionRepository } from './push-subscription-repository.ts';
import type { ReminderRepository, ReminderSlot } from './reminder-repository.ts';
import { nextOccurrence, type Occurrence } from './slots.ts';

export interface ReminderDeps {
  tracking: Pick<TrackingDeps, 'activities' | 'entries' | 'rollups' | 'profiles' | 'events'>;
  reminders: ReminderRepository;
  notifications: NotificationRepository;
  subscriptions: PushSubscriptionRepository;
  push: PushSender;
}

export type ReminderRunSummary = {
  /** Slots found due. */
  due: number;
  /** Occurrences delivered (in-app, pushed, announced). */
  sent: number;
  /** Occurrences left quiet: done or skipped that day, paused, archived or not due. */
  quiet: number;
  /** Occurrences this run found delivered already (a rerun or a second runner). */
  duplicate: number;
  /** Occurrences found more than LATE_MS late, not sent. */
  late: number;
  /** Slots dropped: the activity, its time or the account is gone. */
  dropped: number;
  /** Slots moved because the user's time zone changed. */
  moved: number;
  pushes: number;
  pushesFailed: number;
  /** Subscriptions removed because their push service said they are gone. */
  subscriptionsRemoved: number;
  /** Slots that failed (kept: the next run tries again). */
  failed: number;
};

/** Whether an activity wants a reminder on a day, as Today sees it: listed, active, due and not done or skipped. */
function wantsReminder(view: TodayView, activityId: string): boolean {
  const item = view.items.find((i) => i.activity.id === activityId);
  if (!item) return false; // paused that day, archived, or not started
  if (item.activity.status !== 'active' || !item.due) return false;
  return item.entry?.status !== 'done' && item.entry?.status !== 'skipped';
}

/**
 * The reminder schedule's run (every few minutes): the slots whose time came by `now`, read from
 * the due index by UTC day (never a walk over users), each delivered once unless the activity is
 * done or skipped that local day, paused, archived or not due — an in-app notification, a Web Push
 * message to each of the user's subscriptions and a `reminder.due` event for the real-time channel
 * — then moved on to its next occurrence. The occurrence is claimed (a conditional write) before
 * anything is sent, so a rerun, a concurrent run or a redelivery sends nothing twice; a crash
 * between the claim and the push loses that push rather than doubling it.
 */
export async function runReminders(deps: ReminderDeps, now: Date): Promise<ReminderRunSummary> {
  const summary: ReminderRunSummary = { due: 0, sent: 0, quiet: 0, duplicate: 0, late: 0, dropped: 0, moved: 0, pushes: 0, pushesFailed: 0, subscriptionsRemoved: 0, failed: 0 };
  const today = utcToday(now);
  // Oldest day first; the days' queries do not depend on each other.
  const days = dateRange(addDays(today, -LOOKBACK_DAYS), today);
  const slots: ReminderSlot[] = (await Promise.all(days.map((day) => deps.reminders.due(day, now)))).flat();
  summary.due = slots.length;
  // One profile read per user: a user's slots share it (and their Today views take its zone).
  const profiles = new Map<string, Promise<Profile | undefined>>();
  const profileOf = (userId: string) => {
    if (!profiles.has(userId)) profiles.set(userId, deps.tracking.profiles.get(userId));
    return profiles.get(userId)!;
  };
  // One Today view per user and local date: what several reminders of a user share.
  const views = new Map<string, Promise<TodayView>>();
  const viewOf = (user: KnownUser, date: IsoDate) => {
    const key = `${user.id}/${date}`;
    if (!views.has(key)) views.set(key, getToday({ ...deps.tracking, now: () => now }, user, date));
    return views.get(key)!;
  };
  for (const slot of slots) {
    try {
      await handleSlot(deps, slot, now, { viewOf, profileOf }, summary);
    } catch (error) {
      summary.failed++;
      logger.error('reminder.failed', { userId: slot.userId, activityId: slot.activityId, time: slot.time, error: (error as Error).message });
    }
  }
  return summary;
}

async function handleSlot(
  deps: ReminderDeps,
  slot: ReminderSlot,
  now: Date,
  run: { viewOf: (user: KnownUser, date: IsoDate) => Promise<TodayView>; profileOf: (userId: string) => Promise<Profile | undefined> },
  summary: ReminderRunSummary,
): Promise<void> {
  const { userId, activityId, time } = slot;
  const [profile, activity] = await Promise.all([run.profileOf(userId), deps.tracking.activities.get(userId, activityId)]);
  if (!profile || !activity || !activity.reminders.includes(time)) {
    await deps.reminders.remove(userId, activityId, time);
    summary.dropped++;
    return;
  }
  const timeZone = profile.timezone;
  let occurrence: Occurrence = { date: slot.date, at: new Date(slot.at) };
  if (timeZone !== slot.timeZone) {
    // The user moved: the time is read on the new zone's clock, from the last LATE_MS on.
    occurrence = nextOccurrence(time, timeZone, new Date(now.getTime() - LATE_MS));
    if (occurrence.at > now) {
      await deps.reminders.put({ ...slot, timeZone, date: occurrence.date, at: occurrence.at.toISOString() });
      summary.moved++;
      return;
    }
  }
  if (now.getTime() - occurrence.at.getTime() > LATE_MS) summary.late++;
  else if (!wantsReminder(await run.viewOf({ id: userId, timezone: timeZone }, occurrence.date), activityId)) summary.quiet++;
  else await deliver(deps, { userId, activityId, name: activity.name, time, date: occurrence.date }, now, summary);
  const next = nextOccurrence(time, timeZone, occurrence.at);
  await deps.reminders.put({ userId, activityId, time, timeZone, date: next.date, at: next.at.toISOString() });
}

async function deliver(
  deps: ReminderDeps,
  r: { userId: string; activityId: string; name: string; time: string; date: IsoDate },
  now: Date,
  summary: ReminderRunSummary,
): Promise<void> {
  // Idempotent by its id (date, kind, activity and time): stored before the claim, so a crash
  // after the claim still leaves it in the app.
  const note = notification('reminder', r.date, `${r.activityId}_${r.time.replace(':', '')}`, r.name, `It is ${r.time}: time for ${r.name}.`, { activityId: r.activityId, name: r.name, time: r.time }, now);
  await deps.notifications.add(r.userId, note);
  if (!(await deps.reminders.claim(r, now))) {
    summary.duplicate++;
    return;
  }
  summary.sent++;
  const message = { title: r.name, body: note.body, url: `/activities/${r.activityId}`, tag: `reminder-${r.activityId}` };
  await inParallel(await deps.subscriptions.list(r.userId), PUSHES_IN_FLIGHT, async (subscription) => {
    const outcome = await deps.push.send(subscription, message);
    if (outcome === 'sent') summary.pushes++;
    else if (outcome === 'failed') summary.pushesFailed++;
    else if (await deps.subscriptions.remove(r.userId, subscription.id)) summary.subscriptionsRemoved++;
  });
  await deps.tracking.events.publish([domainEvent('reminder.due', r.userId, { activityId: r.activityId, name: r.name, date: r.date, time: r.time, notificationId: note.id })]);
}
