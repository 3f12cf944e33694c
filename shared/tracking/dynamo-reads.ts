import { dynamoProfileReads } from '../users/profile-reads.ts';
import { dynamoActivityReads } from './activity-reads.ts';
import type { TrackingReads } from './deps.ts';
import { dynamoEntryReads } from './entry-reads.ts';
import { dynamoGoalReads } from './goal-reads.ts';
import { dynamoRollupReads } from './rollup-reads.ts';

/**
 * The tracking repositories' reads in a Lambda, for functions that only read tracking: their
 * bundles carry none of the writes (names, slots, marks, batches). See dynamo-deps.ts for the rest.
 */
export const trackingReads: TrackingReads = {
  activities: dynamoActivityReads,
  entries: dynamoEntryReads,
  goals: dynamoGoalReads,
  rollups: dynamoRollupReads,
  profiles: dynamoProfileReads,
  now: () => new Date(),
};
