import { importJobRepository, type ImportJobRepository, type JobChanges } from '../imports/job-repository.ts';
import type { ImportJob } from './import-model.ts';
import { IMPORT_PREFIX } from './keys.ts';

export type { ImportClaim, StalledImport } from '../imports/job-repository.ts';

export type ImportChanges = JobChanges<ImportJob>;
export type ImportRepository = ImportJobRepository<ImportJob>;

/** Tracking's import jobs (Mosaic CSV/JSON, Loop): `IMPORT#<id>` items, active ones under `IMPORTS#ACTIVE`. */
export const dynamoImports: ImportRepository = importJobRepository<ImportJob>({ prefix: IMPORT_PREFIX, activePartition: 'IMPORTS#ACTIVE', type: 'import' });
