import { busPublisher } from '../events/bus-publisher.ts';
import { importFiles } from '../tracking/file-deps.ts';
import { dynamoImports } from '../tracking/import-repository.ts';
import type { HealthImportDeps } from './health-import.ts';
import { dynamoWearables } from './wearable-repository.ts';

/** The Apple Health import's dependencies in a Lambda: the job store, the imports bucket, the records. */
export const healthImporting: HealthImportDeps = {
  imports: dynamoImports,
  events: busPublisher,
  now: () => new Date(),
  files: importFiles,
  wearables: dynamoWearables,
};
