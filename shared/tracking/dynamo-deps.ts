import { busPublisher } from '../events/bus-publisher.ts';
import { dynamoProfiles } from '../users/profile-repository.ts';
import { dynamoActivities } from './activity-repository.ts';
import type { TrackingDeps } from './deps.ts';
import { dynamoEntries } from './entry-repository.ts';
import { dynamoGoals } from './goal-repository.ts';
import { dynamoRollups } from './rollup-repository.ts';

/**
 * The tracking repositories in a Lambda, for handlers that publish nothing (reads, and writes
 * that cause nothing later): their bundles carry no EventBridge client.
 */
export const trackingStore: Omit<TrackingDeps, 'events'> = {
  activities: dynamoActivities,
  entries: dynamoEntries,
  goals: dynamoGoals,
  rollups: dynamoRollups,
  profiles: dynamoProfiles,
  now: () => new Date(),
};

/** The tracking domain's dependencies for handlers that publish domain events. */
export const tracking: TrackingDeps = {
  activities: dynamoActivities,
  entries: dynamoEntries,
  goals: dynamoGoals,
  rollups: dynamoRollups,
  profiles: dynamoProfiles,
  events: busPublisher,
  now: () => new Date(),
};
