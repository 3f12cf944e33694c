import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { EntryChangedDetail } from '../../shared/tracking/events.ts';
import { applyEntryChange, recomputeStats } from '../../shared/tracking/rollups.ts';

export const handler = queueConsumer(async (event) => {
  if (event.type === 'activity.changed') {
    const { userId, activityId } = EntryChangedDetail.pick({ userId: true, activityId: true }).parse(event.detail);
    return recomputeStats(tracking, userId, activityId);
  }
  const d = EntryChangedDetail.parse(event.detail);
  const slot = event.type === 'entry.logged' && d.status ? { status: d.status, value: d.value ?? null } : null;
  await applyEntryChange(tracking, { userId: d.userId, activityId: d.activityId, date: d.date, slot, at: d.at });
});
