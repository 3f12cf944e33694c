import { config } from '../config.ts';
import { busPublisher } from '../events/bus-publisher.ts';
import { IMPORT_STALL_MS } from './import-model.ts';
import { dynamoImports } from './import-repository.ts';

/** What the sweeper of stalled imports needs: the job store and the bus (its bundle has no S3 client). */
export const importSweeping = { imports: dynamoImports, events: busPublisher, now: () => new Date() };

/** Silence after which an import counts as stalled (shorter only where a test sets it locally). */
export const importStallMs = config.IMPORT_STALL_SECONDS !== undefined ? config.IMPORT_STALL_SECONDS * 1000 : IMPORT_STALL_MS;
