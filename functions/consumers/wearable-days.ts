import { pickEvents } from '../../shared/events/event-spec.ts';
import { wearableEvents } from '../../shared/events/wearables.ts';
import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { putWearableEntry } from '../../shared/tracking/entries.ts';
import { tracking } from '../../shared/tracking/dynamo-deps.ts';
import { dynamoRules } from '../../shared/wearables/rule-repository.ts';
import { recomputeDays } from '../../shared/wearables/rules.ts';

const writeEntry = (userId: string, target: { date: string; activityId: string }, value: number, overwriteManual: boolean) =>
  putWearableEntry(tracking, userId, target, value, { overwriteManual });

export const handler = queueConsumer(pickEvents(wearableEvents, ['wearable.ingested']), async (event) => {
  const { userId, metrics, days } = event.detail;
  const profile = await tracking.profiles.get(userId);
  if (!profile) return; // the account is gone
  await recomputeDays({ rules: dynamoRules, writeEntry }, userId, profile.timezone, metrics, days);
});
