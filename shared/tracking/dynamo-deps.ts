import { config } from '../config.ts';
import { busPublisher } from '../events/bus-publisher.ts';
import { dynamoProfiles } from '../users/profile-repository.ts';
import { dynamoActivities } from './activity-repository.ts';
import type { TrackingDeps } from './deps.ts';
import { dynamoEntries } from './entry-repository.ts';
import { dynamoGoals } from './goal-repository.ts';
import { dynamoImports } from './import-repository.ts';
import type { ImportDeps } from './imports.ts';
import { s3FileStore } from './s3-file-store.ts';
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

/** The import pipeline's dependencies: the tracking ones, the job store and the imports bucket. */
export const importing: ImportDeps = { ...tracking, imports: dynamoImports, files: s3FileStore(config.buckets.imports) };

/** Where exports are written. */
export const exportFiles = s3FileStore(config.buckets.exports);
