import { busPublisher } from '../events/bus-publisher.ts';
import { dynamoProfiles } from '../users/profile-repository.ts';
import { dynamoActivities } from './activity-repository.ts';
import type { TrackingDeps } from './deps.ts';
import { dynamoEntries } from './entry-repository.ts';
import { dynamoGoals } from './goal-repository.ts';
import { dynamoRollups } from './rollup-repository.ts';

/** The tracking domain's dependencies in a Lambda: DynamoDB repositories and the event bus. */
export const tracking: TrackingDeps = {
  activities: dynamoActivities,
  entries: dynamoEntries,
  goals: dynamoGoals,
  rollups: dynamoRollups,
  profiles: dynamoProfiles,
  events: busPublisher,
  now: () => new Date(),
};
