import { importJobRepository } from '../imports/job-repository.ts';
import type { ListeningImportJob } from './import-model.ts';

/** Imports of Spotify exports: `LIMPORT#<id>` items of the user, active ones under `LIMPORTS#ACTIVE` (GSI1) for the sweeper. */
export const dynamoListeningImports = importJobRepository<ListeningImportJob>({ prefix: 'LIMPORT#', activePartition: 'LIMPORTS#ACTIVE', type: 'listening-import' });
