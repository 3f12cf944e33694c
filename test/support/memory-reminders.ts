import type { PushMessage, PushOutcome, PushSender } from '../../shared/reminders/push.ts';
import type { PushSubscription, PushSubscriptionRepository } from '../../shared/reminders/push-subscription-repository.ts';
import type { ReminderRepository, ReminderSlot } from '../../shared/reminders/reminder-repository.ts';

/** Reminder slots and occurrence claims in memory, with the DynamoDB repository's behaviour. */
export function memoryReminders(): ReminderRepository & { slots: Map<string, ReminderSlot>; claims: Set<string> } {
  const slots = new Map<string, ReminderSlot>();
  const claims = new Set<string>();
  const key = (userId: string, activityId: string, time: string) => `${userId}/${activityId}/${time}`;
  return {
    slots,
    claims,
    async put(slot) {
      slots.set(key(slot.userId, slot.activityId, slot.time), { ...slot });
    },
    async remove(userId, activityId, time) {
      slots.delete(key(userId, activityId, time));
    },
    async forActivity(userId, activityId) {
      return [...slots.values()].filter((s) => s.userId === userId && s.activityId === activityId).map((s) => ({ ...s }));
    },
    async due(day, through) {
      return [...slots.values()]
        .filter((s) => s.at.slice(0, 10) === day && s.at <= through.toISOString())
        .sort((a, b) => a.at.localeCompare(b.at))
        .map((s) => ({ ...s }));
    },
    async claim(slot) {
      const k = `${slot.userId}/${slot.date}/${slot.activityId}/${slot.time}`;
      if (claims.has(k)) return false;
      claims.add(k);
      return true;
    },
  };
}

export function memoryPushSubscriptions(): PushSubscriptionRepository & { rows: Map<string, PushSubscription & { userId: string }> } {
  const rows = new Map<string, PushSubscription & { userId: string }>();
  return {
    rows,
    async put(userId, s) {
      rows.set(`${userId}/${s.id}`, { ...s, userId });
    },
    async list(userId) {
      return [...rows.values()].filter((r) => r.userId === userId).map(({ userId: _u, ...s }) => s);
    },
    async remove(userId, id) {
      return rows.delete(`${userId}/${id}`);
    },
  };
}

/** A push sender that records what it was asked to send and answers `outcome(endpoint)`. */
export function recordingPush(outcome: (endpoint: string) => PushOutcome = () => 'sent'): PushSender & { sent: Array<{ endpoint: string; message: PushMessage }> } {
  const sent: Array<{ endpoint: string; message: PushMessage }> = [];
  return {
    sent,
    async send(subscription, message) {
      sent.push({ endpoint: subscription.endpoint, message });
      return outcome(subscription.endpoint);
    },
  };
}
